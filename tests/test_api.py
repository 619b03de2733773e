"""The Python API agrees with the CLI, scores in-memory models like saved ones, and noises
datasets as `perturb` does."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import harness
from harness.cli import main
from harness.errors import ConfigError, DataError, ModelError
from harness.models.tiny import quiet_transformers
from harness.registry import Registry
from harness.report import FRAME_COLUMNS
from harness.results import ResultStore
from harness.schema import RunResult

CheckpointFactory = Callable[..., Path]
VOLATILE = ("timings", "created_at")


@pytest.fixture(scope="module")
def xnli_ckpt(make_checkpoint: CheckpointFactory) -> Path:
    return make_checkpoint("sequence_classification", Registry.load().task("xnli").labels, seed=3)


def _stable(record: RunResult) -> dict[str, Any]:
    """A record as JSON data, without what differs between two runs of the same inputs."""
    data = record.model_dump(mode="json")
    for key in VOLATILE:
        data["provenance"].pop(key)
    return data


def test_public_names_are_short_and_lazy() -> None:
    assert {"evaluate", "perturb", "perturb_tokens", "noise_dataset", "TyposCallback"} <= set(
        harness.__all__
    )
    assert {"Report", "HarnessError", "ConfigError", "DataError", "ModelError"} <= set(
        harness.__all__
    )
    assert callable(harness.evaluate)
    with pytest.raises(AttributeError):
        harness.no_such_name  # noqa: B018


def test_evaluate_agrees_with_harness_run(xnli_ckpt: Path, tmp_path: Path) -> None:
    args = ["--model", str(xnli_ckpt), "--tasks", "xnli", "--langs", "de,sw", "--data", "samples"]
    cli_json = tmp_path / "cli.json"
    options = ["--profile", "typo-20", "--results", str(tmp_path / "cli"), "--json", str(cli_json)]
    code = main(["run", "--quiet", *args, *options])
    assert code == 0
    report = harness.evaluate(
        xnli_ckpt,
        tasks="xnli",
        langs=["de", "sw"],
        profiles="typo-20",
        data="samples",
        results=tmp_path / "api",
    )
    assert report.ok and report.served_from_store == 0
    cli_records = sorted(ResultStore(tmp_path / "cli"), key=lambda r: r.key)
    api_records = sorted(ResultStore(tmp_path / "api"), key=lambda r: r.key)
    assert [_stable(r) for r in cli_records] == [_stable(r) for r in api_records]
    assert sorted(r.signature for r in report.results) == sorted(r.signature for r in cli_records)
    api_json = tmp_path / "api.json"
    report.to_json(api_json)
    from_cli = json.loads(cli_json.read_text(encoding="utf-8"))
    from_api = json.loads(api_json.read_text(encoding="utf-8"))
    assert from_cli["settings"].pop("results") == str(tmp_path / "cli")
    assert from_api["settings"].pop("results") == str(tmp_path / "api")
    assert from_cli == from_api


def test_in_memory_scoring_writes_nothing_and_keeps_the_train_mode(
    xnli_ckpt: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    monkeypatch.chdir(tmp_path)
    with quiet_transformers():
        model = AutoModelForSequenceClassification.from_pretrained(xnli_ckpt)
        tokenizer = AutoTokenizer.from_pretrained(xnli_ckpt)
    model.train()
    report = harness.evaluate(
        (model, tokenizer), tasks="xnli", langs="de", profiles=(), data="samples"
    )
    assert model.training
    assert report.ok and len(report.results) == 1
    assert report.results[0].provenance.model.path == (
        "<in-memory XLMRobertaForSequenceClassification>"
    )
    assert report.settings["results"] is None
    assert list(tmp_path.iterdir()) == []


def test_a_trained_model_scores_the_same_in_memory_and_after_a_reload(
    tiny_tokenizer: Any, tmp_path: Path
) -> None:
    """Train a tiny model for a few steps; score it in memory, then saved and reloaded."""
    import torch
    from transformers import XLMRobertaForSequenceClassification

    from harness.data import load_task_data
    from harness.families import LOGITS_FAMILIES
    from harness.finetune import finetune
    from harness.models.tiny import tiny_config

    registry = Registry.load()
    card = registry.task("xnli")
    torch.manual_seed(0)
    config = tiny_config(len(tiny_tokenizer), labels=card.labels)
    model = XLMRobertaForSequenceClassification(config)
    train = list(load_task_data(card, "en", "samples", split="train").examples)[:64]
    family = LOGITS_FAMILIES["classification"]
    index = tuple(range(len(card.labels)))
    finetune(model, tiny_tokenizer, family, card, train, label_index=index, epochs=1, seed=1)

    kwargs: dict[str, Any] = {
        "tasks": ["xnli", "tatoeba"],
        "langs": ["de", "ru"],
        "profiles": ["typo-20"],
        "data": "samples",
        "layer": -1,  # the tiny model has 2 layers; Tatoeba's card pools layer 8
    }
    in_memory = harness.evaluate((model, tiny_tokenizer), **kwargs)
    folder = tmp_path / "saved"
    with quiet_transformers():
        model.save_pretrained(folder)
        tiny_tokenizer.save_pretrained(folder)
    reloaded = harness.evaluate(folder, **kwargs)
    assert in_memory.ok and reloaded.ok
    assert {r.task for r in in_memory.results} == {"xnli", "tatoeba"}

    def scores(report: Any) -> dict[tuple[str, str, str], dict[str, float]]:
        return {(r.task, r.language, r.profile): r.scores for r in report.results}

    assert scores(in_memory) == scores(reloaded)
    for a, b in zip(in_memory.results, reloaded.results, strict=True):
        assert a.per_example == b.per_example


def test_report_frame_aggregate_and_json(xnli_ckpt: Path, tmp_path: Path) -> None:
    report = harness.evaluate(
        {"xnli": xnli_ckpt, "qa": xnli_ckpt},
        tasks=["xnli"],
        langs=["de", "zh"],
        profiles=["typo-40"],
        data="samples",
    )
    frame = report.to_pandas()
    assert tuple(frame.columns) == FRAME_COLUMNS
    assert len(frame) == 4
    noisy = frame[frame["profile"] == "typo-40"]
    for _, row in noisy.iterrows():
        assert math.isclose(row["delta"], row["noisy"] - row["clean"], abs_tol=1e-9)
        assert row["delta_low"] <= row["delta"] <= row["delta_high"]
    clean = frame[frame["profile"] == "clean"]
    assert clean["delta"].isna().all()
    summary = report.aggregate()
    de_zh = [r.main for r in report.results if r.profile == "clean"]
    assert math.isclose(summary.tasks["xnli"]["clean"], sum(de_zh) / len(de_zh))
    assert summary.overall["clean"] == summary.tasks["xnli"]["clean"]
    data = report.to_dict()
    assert data["aggregate"]["overall"] == summary.overall
    assert data["failures"] == []
    assert data["settings"]["data"] == "samples"


def test_report_json_refuses_a_partial_run(xnli_ckpt: Path, tmp_path: Path) -> None:
    report = harness.evaluate(
        xnli_ckpt, tasks=["xnli", "xcopa"], langs=["de", "et"], profiles=(), data="samples"
    )
    assert not report.ok
    assert [f.task for f in report.failures] == ["xcopa"]
    with pytest.raises(DataError, match="not written, 1 cell"):
        report.to_json(tmp_path / "out.json")
    assert not (tmp_path / "out.json").exists()
    report.to_json(tmp_path / "out.json", allow_partial=True)
    written = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert written["failures"][0]["task"] == "xcopa"


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"tasks": "xnlii"}, ConfigError, "unknown task 'xnlii'"),
        ({"profiles": "typo-11"}, ConfigError, "unknown profile 'typo-11'"),
        ({"batch_size": 0}, ConfigError, "--batch-size must be at least 1"),
        ({"batch_size": "big"}, ConfigError, "batch_size 'big'"),
        ({"data": "/no/such/folder"}, DataError, "no such folder"),
        ({"dtype": "fp16", "device": "cpu"}, ConfigError, "fp16 needs a GPU"),
    ],
)
def test_bad_input_raises_the_cli_errors(
    xnli_ckpt: Path, kwargs: dict[str, Any], error: type[Exception], message: str
) -> None:
    options: dict[str, Any] = {"tasks": "xnli", "data": "samples", **kwargs}
    with pytest.raises(error, match=message):
        harness.evaluate(xnli_ckpt, **options)


def test_bad_models_raise_model_errors(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="no such checkpoint folder"):
        harness.evaluate(tmp_path / "missing", tasks="xnli", data="samples")
    with pytest.raises(ModelError, match="cannot score a model given as int"):
        harness.evaluate(3, tasks="xnli", data="samples")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(ModelError, match="a file, not a checkpoint folder"):
        harness.evaluate(str(tmp_path / "file"), tasks="xnli", data="samples")


# --------------------------------------------------------------------------- noise


TEXTS = [
    "Der schnelle braune Fuchs springt über den faulen Hund",
    "Ein Mann spielt Gitarre auf der Straße",
    "Wo ist der nächste Bahnhof",
]


def test_perturb_is_the_run_engine(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["noise", "--profile", "typo-40", "--lang", "de", *TEXTS]) == 0
    cli = capsys.readouterr().out.splitlines()
    api = [harness.perturb(t, "typo-40", "de", key=str(i), task="cli") for i, t in enumerate(TEXTS)]
    assert api == cli
    assert api != TEXTS
    # the same key and seed parts give the same text; the text itself is the default key
    assert harness.perturb(TEXTS[0], "typo-40", "de") == harness.perturb(
        TEXTS[0], "typo-40", "de", key=TEXTS[0]
    )
    assert harness.perturb(TEXTS[0], "clean", "de") == TEXTS[0]


def test_perturb_reproduces_a_run_example() -> None:
    from harness.data import load_task_data
    from harness.noise import noise_example

    registry = Registry.load()
    card, profile = registry.task("xnli"), registry.profile("typo-40")
    for ex in load_task_data(card, "de", "samples").examples[:5]:
        noised = noise_example(ex, card, profile, "de").example
        for field in card.noise_fields:
            text = harness.perturb(
                ex.text(field), "typo-40", "de", key=ex.id, task="xnli", field=field
            )
            assert text == noised.text(field)


def test_perturb_tokens_keeps_the_count() -> None:
    tokens = ["Der", "schnelle", "braune", "Fuchs", "springt", "über", "den", "Hund", "."]
    out = harness.perturb_tokens(tokens, "typo-40", "de", key="s1")
    assert len(out) == len(tokens) and all(out)
    assert out != tokens


@pytest.fixture(scope="module")
def table() -> Any:
    import datasets

    rows = {
        "uid": [f"r{i}" for i in range(12)],
        "text": [TEXTS[i % 3] + f" {i}" for i in range(12)],
        "words": [TEXTS[i % 3].split() for i in range(12)],
        "tags": [["X"] * len(TEXTS[i % 3].split()) for i in range(12)],
    }
    return datasets.Dataset.from_dict(rows)


def test_noise_dataset_equals_perturb_row_by_row(table: Any) -> None:
    out = harness.noise_dataset(table, ["text", "words"], "typo-40", "de", id_column="uid")
    assert out.column_names == [
        *table.column_names,
        "text_typo-40",
        "words_typo-40",
        "edits_typo-40",
    ]
    changed = 0
    for row in out:
        text = harness.perturb(row["text"], "typo-40", "de", key=row["uid"], field="text")
        words = harness.perturb_tokens(row["words"], "typo-40", "de", key=row["uid"], field="words")
        assert row["text_typo-40"] == text
        assert row["words_typo-40"] == words
        assert len(row["words_typo-40"]) == len(row["tags"])
        edited = {e["column"] for e in row["edits_typo-40"]}
        for e in row["edits_typo-40"]:  # the documented record shape, whatever Edit holds
            assert set(e) == {"column", "op", "position", "before", "after"}
        assert ("text" in edited) == (text != row["text"])
        changed += text != row["text"]
    assert changed > 0


def test_noise_dataset_does_not_depend_on_processes_or_batches(table: Any) -> None:
    one = harness.noise_dataset(table, "text", "typo-40", "de", num_proc=1, batch_size=5)
    two = harness.noise_dataset(table, "text", "typo-40", "de", num_proc=2, batch_size=3)
    assert one.to_dict() == two.to_dict()
    by_index = [
        harness.perturb(t, "typo-40", "de", key=str(i)) for i, t in enumerate(table["text"])
    ]
    assert one["text_typo-40"] == by_index


def test_noise_dataset_bad_columns(table: Any) -> None:
    with pytest.raises(ConfigError, match="no column 'missing'"):
        harness.noise_dataset(table, "missing", "typo-10", "de")
    with pytest.raises(ConfigError, match="expected text or a list of strings"):
        harness.noise_dataset(table.add_column("num", list(range(12))), "num", "typo-10", "de")
