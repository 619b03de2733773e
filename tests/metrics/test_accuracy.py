"""Accuracy: hand-computed cases, the evaluate module, and the official scorer's mock values."""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.errors import DataError
from harness.metrics import accuracy, accuracy_stats


@pytest.mark.parametrize(
    ("predictions", "gold", "stats", "score"),
    [
        (["a", "b", "c"], ["a", "b", "c"], [1, 1, 1], 100.0),
        (["a", "b", "c"], ["c", "a", "b"], [0, 0, 0], 0.0),
        (["1", "0"], ["1", "1"], [1, 0], 50.0),
        ([" neutral", "entailment\n"], ["neutral", "entailment"], [1, 1], 100.0),
        (["Neutral"], ["neutral"], [0], 0.0),  # the official scorer compares strings exactly
        ([], [], [], 0.0),
    ],
)
def test_accuracy_cases(
    predictions: list[str], gold: list[str], stats: list[int], score: float
) -> None:
    assert accuracy_stats(predictions, gold) == stats
    assert accuracy(stats) == pytest.approx(score)


def test_length_mismatch_is_an_error() -> None:
    with pytest.raises(DataError, match="2 predictions for 1 gold labels"):
        accuracy_stats(["a", "b"], ["a"])


def test_evaluate_module_loads_offline_and_agrees() -> None:
    import evaluate

    from harness.metrics.modules import module_path

    metric = evaluate.load(module_path("xtreme_accuracy"))
    preds, refs = ["a", "b", "c", "a"], ["a", "b", "a", "a"]
    assert metric.compute(predictions=preds, references=refs) == {
        "accuracy": accuracy(accuracy_stats(preds, refs))
    }


def lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.mark.realdata
@pytest.mark.parametrize(("task", "expected"), [("xnli", 30.6667), ("pawsx", 51.4286)])
def test_official_mock_values(realdata: Path, task: str, expected: float) -> None:
    """The official scorer's values on its mock submission: mean of per-language accuracy."""
    mock = realdata / "xtreme_mock"
    scores = []
    for gold_file in sorted((mock / "labels" / task).glob("test-*.tsv")):
        preds = lines(mock / "predictions" / task / gold_file.name)
        scores.append(accuracy(accuracy_stats(preds, lines(gold_file))))
    assert sum(scores) / len(scores) == pytest.approx(expected, abs=1e-4)
