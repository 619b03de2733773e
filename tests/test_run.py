"""End to end: tiny offline checkpoints -> `harness run` -> result store and JSON summary."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.data import available_languages
from harness.registry import Registry
from harness.results import ResultStore

TASKS = ("xnli", "pawsx", "xcopa")
CheckpointFactory = Callable[..., Path]


@pytest.fixture(scope="module")
def ckpt_folder(
    make_checkpoint: CheckpointFactory, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """A folder of per-task checkpoints, the layout `--model` accepts."""
    registry = Registry.load()
    root = tmp_path_factory.mktemp("ckpts")
    for task in TASKS:
        card = registry.task(task)
        if card.family == "multiple_choice":
            make_checkpoint("multiple_choice", out=root / task, seed=1)
        else:
            make_checkpoint("sequence_classification", card.labels, out=root / task, seed=1)
    return root


def run(args: list[str]) -> int:
    return main(["run", "--quiet", *args])


def load_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_run_on_samples_writes_results_and_summary(
    ckpt_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    summary = tmp_path / "summary.json"
    code = run(
        [
            "--model",
            str(ckpt_folder),
            "--data",
            "samples",
            "--profile",
            "typo-10",
            "--tasks",
            ",".join(TASKS),
            "--results",
            str(tmp_path / "results"),
            "--json",
            str(summary),
        ]
    )
    assert code == 0
    registry = Registry.load()
    expected = {
        (task, lang, profile)
        for task in TASKS
        for lang in available_languages(registry.task(task), "samples")
        for profile in ("clean", "typo-10")
    }
    records = load_json(summary)["results"]
    assert {(r["task"], r["language"], r["profile"]) for r in records} == expected
    for r in records:
        assert 0.0 <= r["main"] <= 100.0
        assert r["scores"]["accuracy"] == r["main"]
        assert r["n"] > 0
        assert set(r["noise"]) == {"word_change_rate", "cer", "changed_fraction"}
        if r["profile"] == "clean":
            assert r["noise"] == {"word_change_rate": 0.0, "cer": 0.0, "changed_fraction": 0.0}
    noisy = [r["noise"]["changed_fraction"] for r in records if r["profile"] == "typo-10"]
    assert sum(noisy) / len(noisy) > 0.2
    assert len(list(ResultStore(tmp_path / "results"))) == len(expected)
    out = capsys.readouterr().out
    assert f"({len(expected)} new, 0 served from the store)" in out
    assert "overall (xtreme-r, task_mean)" in out

    # A second run is served from the store and reports the same numbers.
    summary2 = tmp_path / "summary2.json"
    assert (
        run(
            [
                "--model",
                str(ckpt_folder),
                "--data",
                "samples",
                "--profile",
                "typo-10",
                "--tasks",
                ",".join(TASKS),
                "--results",
                str(tmp_path / "results"),
                "--json",
                str(summary2),
            ]
        )
        == 0
    )
    assert f"(0 new, {len(expected)} served from the store)" in capsys.readouterr().out
    assert load_json(summary2)["results"] == records


def test_scores_do_not_depend_on_batch_size(ckpt_folder: Path, tmp_path: Path) -> None:
    predictions = []
    for size in ("1", "3", "auto"):
        results = tmp_path / f"r{size}"
        assert (
            run(
                [
                    "--model",
                    str(ckpt_folder),
                    "--data",
                    "samples",
                    "--tasks",
                    "xnli,xcopa",
                    "--langs",
                    "th,zh",
                    "--profile",
                    "typo-20",
                    "--batch-size",
                    size,
                    "--results",
                    str(results),
                ]
            )
            == 0
        )
        predictions.append(
            sorted(
                (r.task, r.language, r.profile, tuple(r.per_example["prediction"]))
                for r in ResultStore(results)
            )
        )
    assert predictions[0] == predictions[1] == predictions[2]


def test_unchanged_examples_reuse_clean_predictions(ckpt_folder: Path, tmp_path: Path) -> None:
    assert (
        run(
            [
                "--model",
                str(ckpt_folder),
                "--data",
                "samples",
                "--tasks",
                "xnli",
                "--langs",
                "de",
                "--profile",
                "typo-5",
                "--results",
                str(tmp_path),
            ]
        )
        == 0
    )
    by_profile = {r.profile: r for r in ResultStore(tmp_path)}
    clean, noisy = by_profile["clean"], by_profile["typo-5"]
    assert clean.per_example["id"] == noisy.per_example["id"]
    for changed, a, b in zip(
        noisy.per_example["changed"],
        clean.per_example["prediction"],
        noisy.per_example["prediction"],
        strict=True,
    ):
        if not changed:
            assert a == b
    assert not any(clean.per_example["changed"])


@pytest.mark.realdata
def test_real_xcopa(ckpt_folder: Path, tmp_path: Path, realdata: Path) -> None:
    """The real XCOPA test files (official layout) and the official label folder."""
    summary = tmp_path / "s.json"
    code = run(
        [
            "--model",
            str(ckpt_folder),
            "--data",
            str(realdata / "download"),
            "--labels",
            str(realdata / "scorer_cases" / "labels"),
            "--tasks",
            "xcopa",
            "--langs",
            "et,ht,qu,zh,ta",
            "--limit",
            "60",
            "--profile",
            "typo-10",
            "--results",
            str(tmp_path / "results"),
            "--json",
            str(summary),
        ]
    )
    assert code == 0
    records = load_json(summary)["results"]
    assert len(records) == 10
    for r in records:
        assert r["n"] == 60
        assert 0.0 <= r["main"] <= 100.0
        if r["profile"] == "typo-10":
            assert 0.03 < r["noise"]["word_change_rate"] < 0.2
            assert r["noise"]["cer"] > 0
    stored = list(ResultStore(tmp_path / "results"))
    assert all(s.provenance.data.source == "official" for s in stored)
    assert all("xcopa/test-" in s.provenance.data.location for s in stored)


def test_a_cell_is_encoded_and_predicted_chunk_by_chunk(
    ckpt_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No more than CELL_CHUNK examples are encoded and waiting for the model at once (the
    whole cell's token ids are never held), and the chunks do not move a prediction."""
    from harness import runner
    from harness.families import base
    from harness.models.predict import forward_logits

    pending: list[int] = []

    def recording(loaded: Any, features: Any, *args: Any, **kwargs: Any) -> Any:
        pending.append(len(features))  # encoded, not yet predicted
        return forward_logits(loaded, features, *args, **kwargs)

    def scored(results: Path) -> dict[tuple[str, str, str], Any]:
        args = ["--model", str(ckpt_folder), "--data", "samples", "--tasks", "xnli,xcopa"]
        args += ["--langs", "de,zh", "--profile", "typo-40", "--results", str(results)]
        assert run(args) == 0
        return {(r.task, r.language, r.profile): r.per_example for r in ResultStore(results)}

    whole = scored(tmp_path / "whole")
    assert max(len(columns["id"]) for columns in whole.values()) == 30
    monkeypatch.setattr(base, "forward_logits", recording)
    monkeypatch.setattr(runner, "CELL_CHUNK", 7)
    chunked = scored(tmp_path / "chunked")
    assert pending and max(pending) <= 7
    assert sum(pending) >= 30  # the 30-example clean cells went through in chunks
    assert chunked == whole
