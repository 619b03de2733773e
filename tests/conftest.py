"""Shared fixtures: offline settings, a tiny tokenizer and a tiny-checkpoint factory."""

# The training text is multilingual on purpose (Greek, Turkish, fullwidth letters).
# ruff: noqa: RUF001

from __future__ import annotations

import os

# Before anything imports huggingface_hub/transformers/datasets: nothing reaches the network.
os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["HF_DATASETS_OFFLINE"] = "1"
os.environ["TRANSFORMERS_OFFLINE"] = "1"

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

# A few dozen lines in several scripts, the text the tiny tokenizer is trained on.
TINY_TEXTS: tuple[str, ...] = (
    "The quick brown fox jumps over the lazy dog.",
    "A man is playing a guitar on the street.",
    "Two women are sitting in a cafe and talking.",
    "The weather is nice today, isn't it?",
    "Where is the nearest train station?",
    "I would like a cup of coffee, please.",
    "Der schnelle braune Fuchs springt über den faulen Hund.",
    "Ein Mann spielt Gitarre auf der Straße.",
    "Le renard brun rapide saute par-dessus le chien paresseux.",
    "Où est la gare la plus proche ?",
    "El rápido zorro marrón salta sobre el perro perezoso.",
    "¿Dónde está la estación de tren más cercana?",
    "Hızlı kahverengi tilki tembel köpeğin üzerinden atlar.",
    "Nhanh chóng con cáo nâu nhảy qua con chó lười.",
    "Быстрая коричневая лиса прыгает через ленивую собаку.",
    "Где находится ближайшая станция?",
    "Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο.",
    "השועל החום המהיר קופץ מעל הכלב העצלן.",
    "الثعلب البني السريع يقفز فوق الكلب الكسول.",
    "أين تقع أقرب محطة قطار؟",
    "तेज़ भूरी लोमड़ी आलसी कुत्ते के ऊपर कूदती है।",
    "দ্রুত বাদামী শিয়াল অলস কুকুরের উপর লাফ দেয়।",
    "விரைவான பழுப்பு நரி சோம்பேறி நாயின் மேல் குதிக்கிறது.",
    "สุนัขจิ้งจอกสีน้ำตาลกระโดดข้ามสุนัขขี้เกียจ",
    "素早い茶色の狐がのろまな犬を飛び越える。",
    "最寄りの駅はどこですか？",
    "快速的棕色狐狸跳过了懒狗。",
    "最近的火车站在哪里？",
    "빠른 갈색 여우가 게으른 개를 뛰어넘는다.",
    "가장 가까운 기차역이 어디예요?",
    "ស្វាពណ៌ត្នោតលោតលើឆ្កែខ្ជិល។",
    "Mbweha mwepesi wa kahawia anaruka juu ya mbwa mvivu.",
    "Rubah coklat yang cepat melompati anjing yang malas.",
    "Entailment, neutral, contradiction: three labels for inference.",
    "Numbers 0 1 2 3 4 5 6 7 8 9 and ｆｕｌｌｗｉｄｔｈ letters.",
    "Paris is the capital of France. What is the capital of France?",
)

CheckpointFactory = Callable[..., Path]


@pytest.fixture(scope="session")
def tiny_texts() -> tuple[str, ...]:
    return TINY_TEXTS


@pytest.fixture(scope="session")
def tiny_tokenizer() -> Any:
    """One Unigram tokenizer for the whole session (trained on TINY_TEXTS)."""
    from harness.models.tiny import train_tokenizer

    return train_tokenizer(TINY_TEXTS, vocab_size=500)


@pytest.fixture(scope="session")
def make_checkpoint(
    tiny_tokenizer: Any, tmp_path_factory: pytest.TempPathFactory
) -> CheckpointFactory:
    """Build a tiny XLM-R checkpoint: `make_checkpoint(head, labels=None, *, seed=0, out=None,
    **config_kw)`. Written to `out`, or to a fresh temporary folder."""
    from harness.models.tiny import build_checkpoint

    def make(
        head: str,
        labels: Sequence[str] | None = None,
        *,
        seed: int = 0,
        out: Path | None = None,
        **config_kw: Any,
    ) -> Path:
        folder = out if out is not None else tmp_path_factory.mktemp(head)
        return build_checkpoint(folder, tiny_tokenizer, head, labels, seed, **config_kw)

    return make


@pytest.fixture(scope="session")
def realdata() -> Path:
    """../shared/realdata (XTREME_REALDATA); the test is skipped with a reason when absent."""
    value = os.environ.get("XTREME_REALDATA")
    if not value:
        pytest.skip("XTREME_REALDATA is not set (point it at ../shared/realdata)")
    path = Path(value)
    if not (path / "download").is_dir():
        pytest.skip(f"XTREME_REALDATA={value} has no download/ folder")
    return path


FakeHub = dict[tuple[str, str | None], Any]


@pytest.fixture
def fake_hub(monkeypatch: pytest.MonkeyPatch) -> FakeHub:
    """A substituted `datasets.load_dataset`: register `datasets.Dataset` tables under
    `(dataset id, config)`; every call's revision is recorded under `("calls", None)`."""
    import datasets

    tables: FakeHub = {("calls", None): []}

    def load_dataset(
        path: str, name: str | None = None, *, split: str, revision: str | None = None
    ) -> Any:
        tables[("calls", None)].append((path, name, split, revision))
        if (path, name) not in tables:
            raise FileNotFoundError(f"{path}:{name} is not in the local cache")
        return tables[(path, name)]

    monkeypatch.setattr(datasets, "load_dataset", load_dataset)
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    return tables


@pytest.fixture
def sample_plan() -> Callable[..., Any]:
    """`sample_plan(registry, model, tasks, langs, profiles, **options)`: a RunPlan over the
    bundled samples, on the CPU, automatic batches, no result store (options override)."""
    from harness.runner import plan_run

    def plan(
        registry: Any,
        model: Any,
        tasks: Sequence[str],
        langs: Sequence[str],
        profiles: Sequence[str],
        **options: Any,
    ) -> Any:
        settings: dict[str, Any] = {
            "data": "samples",
            "labels_dir": None,
            "limit": None,
            "batch_size": None,
            "device": "cpu",
            "results_dir": None,
            **options,
        }
        return plan_run(
            registry, model=model, tasks=tasks, langs=langs, profiles=profiles, **settings
        )

    return plan
