"""Registry-wide: every card's metric is implemented, its aggregate reads only its columns and
gives the card's scores, and every metric's `evaluate` module loads offline and agrees with the
harness functions (one implementation behind both)."""

from __future__ import annotations

from typing import Any

import pytest

from harness.metrics import (
    METRICS,
    accuracy,
    accuracy_stats,
    average_precision,
    bucc_scores,
    bucc_stats,
    mean_score,
    metric_def,
    qa_scores,
    qa_stats,
    reciprocal_rank,
    span_f1,
    span_f1_stats,
)
from harness.metrics.modules import METRIC_MODULES, MODULES, module_path
from harness.registry import Registry

CARDS = list(Registry.load().tasks.values())


@pytest.mark.parametrize("entry", CARDS, ids=lambda e: e.model.name)
def test_card_metric_is_implemented_with_its_scores(entry: Any) -> None:
    card = entry.model
    mdef = metric_def(card.metric.name)
    # One example's worth of each column is enough to see which scores the aggregate names.
    columns = {c: [1] for c in mdef.columns}
    scores = mdef.scores(columns)
    assert set(card.metric.reported) <= set(scores)
    assert card.metric.main in scores
    assert all(0.0 <= v <= 100.0 for v in scores.values())


def test_every_metric_has_a_module() -> None:
    assert set(METRIC_MODULES) == set(METRICS)
    assert set(METRIC_MODULES.values()) <= set(MODULES)


# metric name -> (module inputs, the same computed by the harness functions)
SPAN_P, SPAN_G = (
    [["NOUN", "NOUN", "SCONJ"], ["B-PER", "O"]],
    [["NOUN", "NOUN", "CCONJ"], ["B-PER", "O"]],
)
QA_P, QA_G = ["the 136", None, "Denver"], [["136"], ["four"], ["Denver Broncos", "x"]]
CASES: dict[str, tuple[dict[str, Any], dict[str, float]]] = {
    "accuracy": (
        {"predictions": ["a", "b"], "references": ["a", "a"]},
        {"accuracy": accuracy(accuracy_stats(["a", "b"], ["a", "a"]))},
    ),
    "tatoeba_accuracy": (
        {"predictions": [3, 1, 2], "references": [3, 1, 0]},
        {"accuracy": accuracy(accuracy_stats(["3", "1", "2"], ["3", "1", "0"]))},
    ),
    "span_f1": (
        {"predictions": SPAN_P, "references": SPAN_G},
        span_f1(span_f1_stats(SPAN_P, SPAN_G)),
    ),
    "squad": (
        {"predictions": QA_P, "references": QA_G},
        qa_scores(
            *(lambda s: (s.em, s.f1))(
                qa_stats({"0": "the 136", "2": "Denver"}, list(zip("012", QA_G, strict=True)))
            )
        ),
    ),
    "mlqa": (
        {"predictions": ["北京大学"], "references": [["北京"]], "language": "zh"},
        qa_scores(
            *(lambda s: (s.em, s.f1))(qa_stats({"0": "北京大学"}, [("0", ["北京"])], "mlqa", "zh"))
        ),
    ),
    "mrr": (
        {"predictions": [["Q2", "Q1"], ["Q3"]], "references": ["Q1", "Q9"]},
        {"map@20": mean_score([reciprocal_rank(["Q2", "Q1"], "Q1"), 0.0])},
    ),
    "map": (
        {"predictions": [["a", "x", "b"]], "references": [["a", "b"]]},
        {"map@20": mean_score([average_precision(["a", "x", "b"], ["a", "b"])])},
    ),
    "bucc_f1": (
        {"predictions": [["a\tb", "c\td"], ["a\tb"]], "references": [["a\tb"], ["e\tf"]]},
        (lambda s: bucc_scores(s.in_gold, s.in_pred))(
            bucc_stats(["0\na\tb", "0\nc\td", "1\na\tb"], ["0\na\tb", "1\ne\tf"])
        ),
    ),
}


@pytest.mark.parametrize("name", sorted(METRIC_MODULES))
def test_module_loads_offline_and_agrees(name: str) -> None:
    import evaluate

    inputs, expected = CASES[name]
    module = evaluate.load(module_path(METRIC_MODULES[name]))
    assert module.compute(**inputs) == pytest.approx(expected)
