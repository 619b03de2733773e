"""The token cache: checkpoints that share a tokenizer share encodings, and nothing else does."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from harness.families.classification import Classification
from harness.models.tiny import train_tokenizer
from harness.models.token_cache import TokenCache, tokenizer_fingerprint
from harness.registry import Registry
from harness.results import ResultStore
from harness.runner import Runner, plan_run

CheckpointFactory = Callable[..., Path]


def features(tokenizer: Any, texts: list[str]) -> list[list[Mapping[str, list[int]]]]:
    enc = tokenizer(texts, truncation=True, max_length=32)
    return [
        [{k: list(enc[k][i]) for k in ("input_ids", "attention_mask")}] for i in range(len(texts))
    ]


class Counting:
    def __init__(self, tokenizer: Any, texts: list[str]) -> None:
        self.tokenizer, self.texts, self.calls = tokenizer, texts, 0

    def __call__(self) -> list[list[Mapping[str, list[int]]]]:
        self.calls += 1
        return features(self.tokenizer, self.texts)


def cache_for(folder: Path, tokenizer: Any) -> TokenCache:
    fingerprint = tokenizer_fingerprint(tokenizer)
    assert fingerprint is not None
    return TokenCache(folder, fingerprint)


def test_a_second_request_is_served_and_equal(tiny_tokenizer: Any, tmp_path: Path) -> None:
    cache = cache_for(tmp_path / "tokens", tiny_tokenizer)
    texts = ["the cat sat", "a dog barked loudly today", ""]
    encode = Counting(tiny_tokenizer, texts)
    first = cache.encode(["xnli", texts], encode)
    again = cache.encode(["xnli", texts], encode)
    assert encode.calls == 1
    assert again == first == features(tiny_tokenizer, texts)
    assert len(list((tmp_path / "tokens").glob("*.npz"))) == 1


def test_other_inputs_or_another_tokenizer_miss(
    tiny_tokenizer: Any, tiny_texts: tuple[str, ...], tmp_path: Path
) -> None:
    cache = cache_for(tmp_path, tiny_tokenizer)
    texts = ["the cat sat"]
    encode = Counting(tiny_tokenizer, texts)
    cache.encode(["xnli", texts], encode)
    cache.encode(["xnli", ["the cat sat."]], encode)
    cache.encode(["pawsx", texts], encode)
    other = train_tokenizer(tiny_texts, vocab_size=450)
    assert tokenizer_fingerprint(other) != tokenizer_fingerprint(tiny_tokenizer)
    cache_for(tmp_path, other).encode(["xnli", texts], Counting(other, texts))
    assert encode.calls == 3
    assert len(list(tmp_path.glob("*.npz"))) == 4


def test_the_fingerprint_is_the_same_for_a_reloaded_tokenizer(
    tiny_tokenizer: Any, tmp_path: Path
) -> None:
    from transformers import AutoTokenizer

    tiny_tokenizer.save_pretrained(tmp_path)
    reloaded = AutoTokenizer.from_pretrained(tmp_path)
    assert tokenizer_fingerprint(reloaded) == tokenizer_fingerprint(tiny_tokenizer)
    # a call sets the backend's truncation state; that is the call's, not the tokenizer's
    reloaded(["some text"], truncation=True, max_length=7)
    assert tokenizer_fingerprint(reloaded) == tokenizer_fingerprint(tiny_tokenizer)
    assert tokenizer_fingerprint(object()) is None  # no `tokenizers` backend: never cached


def test_a_damaged_entry_is_encoded_again(tiny_tokenizer: Any, tmp_path: Path) -> None:
    cache = cache_for(tmp_path, tiny_tokenizer)
    texts = ["the cat sat", "on the mat"]
    encode = Counting(tiny_tokenizer, texts)
    cache.encode(texts, encode)
    (entry,) = tmp_path.glob("*.npz")
    entry.write_bytes(entry.read_bytes()[:40])
    assert cache.encode(texts, encode) == features(tiny_tokenizer, texts)
    assert encode.calls == 2
    assert cache.encode(texts, encode) == features(tiny_tokenizer, texts)
    assert encode.calls == 2  # rewritten whole


def test_padded_or_unusual_encodings_are_not_stored(tiny_tokenizer: Any, tmp_path: Path) -> None:
    cache = cache_for(tmp_path, tiny_tokenizer)
    Encodings = list[list[Mapping[str, list[int]]]]
    padded: Encodings = [[{"input_ids": [0, 5, 1], "attention_mask": [1, 1, 0]}]]
    offsets: Encodings = [
        [{"input_ids": [0, 5], "attention_mask": [1, 1], "offset_mapping": [0, 1]}]
    ]
    mixed: Encodings = [
        [{"input_ids": [0], "attention_mask": [1], "token_type_ids": [0]}],
        [{"input_ids": [0], "attention_mask": [1]}],
    ]
    for value in (padded, offsets, mixed):
        assert cache.encode(repr(value), lambda v=value: v) == value  # type: ignore[misc]
    assert list(tmp_path.glob("*.npz")) == []


def score(
    model: Path, results: Path, tokens: Path, task: str, langs: list[str], **options: Any
) -> dict[tuple[str, str], Any]:
    """Predictions per (language, profile) of one `Runner` over the bundled samples."""
    registry = Registry.load()
    plan = plan_run(
        registry,
        model=model,
        tasks=[task],
        langs=langs,
        data="samples",
        labels_dir=None,
        limit=None,
        batch_size=None,
        device="cpu",
        results_dir=results,
        token_cache_dir=tokens,
        **options,
    )
    report = Runner(registry, plan).execute()
    assert not report.failures
    return {(r.language, r.profile): r.per_example["prediction"] for r in report.results}


def never_called(*args: object) -> None:
    raise AssertionError("the second checkpoint should read every encoding from the cache")


def test_checkpoints_sharing_a_tokenizer_share_encodings(
    make_checkpoint: CheckpointFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    labels = Registry.load().task("xnli").labels
    first = make_checkpoint("sequence_classification", labels, seed=1, out=tmp_path / "a")
    second = make_checkpoint("sequence_classification", labels, seed=2, out=tmp_path / "b")
    cell: dict[str, Any] = {"task": "xnli", "langs": ["en", "de"], "profiles": ["typo-10"]}

    alone = score(second, tmp_path / "alone", tmp_path / "alone-tokens", **cell)
    score(first, tmp_path / "r1", tmp_path / "tokens", **cell)
    entries = sorted(p.name for p in (tmp_path / "tokens").glob("*.npz"))
    assert len(entries) == 4  # (en, de) x (clean, typo-10's changed examples)

    monkeypatch.setattr(Classification, "encode", never_called)
    assert score(second, tmp_path / "r2", tmp_path / "tokens", **cell) == alone
    assert sorted(p.name for p in (tmp_path / "tokens").glob("*.npz")) == entries
    assert not any(p.suffix == ".npz" for p in (tmp_path / "r2").rglob("*"))
    assert len(list(ResultStore(tmp_path / "r2"))) == 4


def test_retrieval_encoders_sharing_a_tokenizer_share_encodings(
    make_checkpoint: CheckpointFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.families import retrieval

    first = make_checkpoint("encoder", seed=1, out=tmp_path / "a")
    second = make_checkpoint("encoder", seed=2, out=tmp_path / "b")
    cell: dict[str, Any] = {"task": "tatoeba", "langs": ["de"], "profiles": [], "layer": -1}

    alone = score(second, tmp_path / "alone", tmp_path / "alone-tokens", **cell)
    score(first, tmp_path / "r1", tmp_path / "tokens", **cell)
    assert list((tmp_path / "tokens").glob("*.npz"))

    monkeypatch.setattr(retrieval, "encode_pairs", never_called)
    assert score(second, tmp_path / "r2", tmp_path / "tokens", **cell) == alone
