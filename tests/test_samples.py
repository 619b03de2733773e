"""`--log-samples`: per-example clean and noisy input, edits, gold and both predictions, for
every family, beside the result store (harness.samples)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness import evaluate, perturb
from harness.cli import main
from harness.registry import Registry
from harness.results import ResultStore
from harness.samples import SAMPLES_DIR, build_samples, read_samples, samples_path

from .conftest import CheckpointFactory

TASKS = ("xnli", "xcopa", "udpos", "xquad", "tatoeba")
FAMILIES = {"classification", "multiple_choice", "tagging", "qa", "retrieval"}
REGISTRY = Registry.load()


@pytest.fixture(scope="module")
def checkpoints(
    make_checkpoint: CheckpointFactory, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    root = tmp_path_factory.mktemp("ckpts")
    make_checkpoint("sequence_classification", REGISTRY.task("xnli").labels, out=root / "xnli")
    make_checkpoint("multiple_choice", out=root / "xcopa", seed=1)
    make_checkpoint("token_classification", REGISTRY.task("udpos").labels, out=root / "udpos")
    make_checkpoint("question_answering", out=root / "xquad", seed=2)
    make_checkpoint("encoder", out=root / "retrieval", seed=3)
    return root


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_log_samples_writes_clean_and_noisy_text_for_every_example_of_every_family(
    checkpoints: Path, tmp_path: Path
) -> None:
    assert {REGISTRY.task(t).family for t in TASKS} == FAMILIES
    store = tmp_path / "results"
    args = ["run", "--quiet", "--model", str(checkpoints), "--tasks", ",".join(TASKS)]
    args += ["--langs", "de,zh", "--data", "samples", "--limit", "6", "--layer", "-1"]
    args += ["--profile", "typo-40", "--results", str(store)]
    assert main(args) == 0
    before = tree(store)
    # logging afterwards serves every cell from the store and leaves every stored byte alone
    assert main([*args, "--log-samples"]) == 0
    after = tree(store)
    logs = {k: v for k, v in after.items() if k.startswith(f"{SAMPLES_DIR}/")}
    assert {k: v for k, v in after.items() if k not in logs} == before
    records = list(ResultStore(store))
    assert len(logs) == len(records) == 2 * 9  # (xnli, udpos, xquad, tatoeba) x 2 + xcopa.zh
    clean = {(r.task, r.language): r for r in records if r.profile == "clean"}
    flipped_somewhere = False
    for r in records:
        card = REGISTRY.task(r.task)
        path = samples_path(
            store, r.provenance.model.fingerprint, r.task, r.language, r.profile, r.key
        )
        rows = read_samples(path)
        assert [row["id"] for row in rows] == [str(i) for i in r.per_example["id"]]
        base = clean[(r.task, r.language)].per_example["prediction"]
        for row, pred, clean_pred in zip(rows, r.per_example["prediction"], base, strict=True):
            assert set(row) >= {
                "clean",
                "noisy",
                "edits",
                "gold",
                "clean_prediction",
                "noisy_prediction",
            }
            for name in card.noise_fields:  # clean and noisy text of every noised field
                if name in row["clean"]:
                    assert isinstance(row["noisy"][name], type(row["clean"][name]))
            if card.family == "retrieval":
                top = pred if isinstance(pred, str) else pred[0]
                assert row["noisy_prediction"]["id"] == top and row["noisy_prediction"]["text"]
                assert row["gold_text"]["clean"] and row["gold_text"]["noisy"]
            else:
                assert row["noisy_prediction"] == pred and row["clean_prediction"] == clean_pred
            if r.profile == "clean":
                assert row["noisy"] == row["clean"] and row["edits"] == [] and not row["flipped"]
            elif row["changed"]:
                assert row["edits"]
            flipped_somewhere |= row["changed"] and row["flipped"]
        if r.profile == "typo-40" and r.task == "xnli":
            # the noisy text is exactly what the engine gives for that example and field
            for row in rows:
                for name in card.noise_fields:
                    expected = perturb(
                        row["clean"][name],
                        "typo-40",
                        r.language,
                        row["id"],
                        task="xnli",
                        field=name,
                    )
                    assert row["noisy"][name] == expected
            assert any(row["changed"] for row in rows)
        if r.profile == "typo-40" and r.task == "tatoeba":  # the index side is noised
            assert any(e.get("item") == "gold" for row in rows for e in row["edits"])
    assert flipped_somewhere


def test_log_samples_without_a_store_are_on_the_report(
    checkpoints: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    kw: dict[str, Any] = {"tasks": "xnli", "langs": "de", "data": "samples", "limit": 5}
    report = evaluate(checkpoints, profiles="typo-40", results=None, log_samples=True, **kw)
    assert list(tmp_path.iterdir()) == []  # nothing written
    assert report.sample_files == ()
    assert [(c.task, c.language, c.profile) for c in report.samples] == [
        ("xnli", "de", "clean"),
        ("xnli", "de", "typo-40"),
    ]
    noisy = report.samples[1]
    assert len(noisy.rows) == 5 and noisy.key == report.results[1].key
    assert noisy.flipped == [r for r in noisy.rows if r["changed"] and r["flipped"]]
    assert evaluate(checkpoints, profiles="typo-40", **kw).samples == ()  # off by default
    # the same rows as the log a store gets
    stored = evaluate(
        checkpoints, profiles="typo-40", results=tmp_path / "r", log_samples=True, **kw
    )
    assert read_samples(stored.sample_files[1]) == list(noisy.rows)


def test_build_samples_refuses_misaligned_columns() -> None:
    from harness.data import Dataset, Example
    from harness.errors import SchemaError
    from harness.noise import NoisedExample

    ex = Example("0", {"premise": "a", "hypothesis": "b"}, "entailment")
    ds = Dataset("xnli", "de", "test", (ex,), "samples", "x", "fp")
    with pytest.raises(SchemaError, match="differ in length"):
        build_samples(REGISTRY.task("xnli"), ds, [NoisedExample(ex, {}, {}, False)], None, [], [])
