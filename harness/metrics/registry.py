"""Metric definitions: which per-example columns a metric stores, and how scores follow from them.

Every metric is computed in two steps (sacrebleu style): per-example statistics, stored as
columns in each result record, then an aggregate computed from those columns alone. Because the
aggregate needs nothing else, the leaderboard can resample examples (paired bootstrap) and
recompute any task's scores from stored records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.errors import ConfigError
from harness.metrics.accuracy import accuracy
from harness.metrics.qa import qa_scores
from harness.metrics.retrieval import BUCC_COLUMNS, bucc_count_scores, mean_score
from harness.metrics.span_f1 import span_f1_scores

Columns = Mapping[str, Sequence[Any]]


@dataclass(frozen=True)
class MetricDef:
    """A metric as the result store and the leaderboard see it.

    Attributes:
        name: the name task cards use (`metric.name`).
        columns: the per-example columns the aggregate reads.
        aggregate: columns (all the same length) -> scores (0-100) with the official names.
        example_score: columns -> one number per example, higher is better, that says which
            of several noise draws did worst on that example (worst-of-K, docs/design/draws.md);
            None where the metric has no per-example statistic (BUCC's corpus-level F1).
    """

    name: str
    columns: tuple[str, ...]
    aggregate: Callable[[Columns], dict[str, float]]
    example_score: Callable[[Columns], list[float]] | None = None
    #: the same scores from the columns' totals and the number of examples, where the
    #: aggregate is a function of those alone (every metric here): what lets the bootstrap
    #: total a replicate's columns in numpy instead of rebuilding Python lists per replicate.
    from_totals: Callable[[Mapping[str, float], int], dict[str, float]] | None = None
    #: the columns totalled as floats, in order, as Python's `sum` adds them (the others
    #: are totalled as integers).
    float_columns: tuple[str, ...] = ()

    def scores(self, columns: Columns) -> dict[str, float]:
        missing = [c for c in self.columns if c not in columns]
        if missing:
            raise ConfigError(f"metric {self.name!r} needs per-example columns {missing}")
        return self.aggregate(columns)


def _ints(columns: Columns, name: str) -> list[int]:
    return [int(v) for v in columns[name]]


def _accuracy(columns: Columns) -> dict[str, float]:
    return {"accuracy": accuracy(_ints(columns, "correct"))}


SPAN_COLUMNS = (
    "n_correct_chunks",
    "n_pred_chunks",
    "n_gold_chunks",
    "n_correct_tokens",
    "n_tokens",
)


def _span_f1(columns: Columns) -> dict[str, float]:
    sums = [sum(_ints(columns, name)) for name in SPAN_COLUMNS]
    return span_f1_scores(*sums)


def _qa(columns: Columns) -> dict[str, float]:
    return qa_scores(_ints(columns, "em"), [float(v) for v in columns["f1"]])


def _mrr(columns: Columns) -> dict[str, float]:
    # The official scorer names Mewsli-X's MRR@20 `map@20`.
    return {"map@20": mean_score([float(v) for v in columns["reciprocal_rank"]])}


def _map(columns: Columns) -> dict[str, float]:
    return {"map@20": mean_score([float(v) for v in columns["average_precision"]])}


def _correct(columns: Columns) -> list[float]:
    return [float(v) for v in columns["correct"]]


def _chunk_f1(columns: Columns) -> list[float]:
    """Each sentence's own chunk F1, 2·correct / (predicted + gold); 1 for a sentence without
    predicted or gold chunks (nothing to get wrong). The micro F1 the metric reports sums the
    counts, so a sentence's F1 is the per-example statistic it is made of."""
    return [
        2.0 * int(c) / (int(p) + int(g)) if int(p) + int(g) else 1.0
        for c, p, g in zip(
            columns["n_correct_chunks"],
            columns["n_pred_chunks"],
            columns["n_gold_chunks"],
            strict=True,
        )
    ]


def _em_f1(columns: Columns) -> list[float]:
    """Each question's (EM + F1) / 2, the per-question form of the QA task score."""
    return [(int(e) + float(f)) / 2.0 for e, f in zip(columns["em"], columns["f1"], strict=True)]


def _column(name: str) -> Callable[[Columns], list[float]]:
    def score(columns: Columns) -> list[float]:
        return [float(v) for v in columns[name]]

    return score


def _bucc(columns: Columns) -> dict[str, float]:
    return bucc_count_scores(*(sum(_ints(columns, name)) for name in BUCC_COLUMNS))


# The aggregates above from column totals. Each is the aggregate's own formula applied to
# the totals it takes internally; tests/leaderboard/test_bootstrap_memory.py checks that
# they agree bit for bit.
Totals = Mapping[str, float]


def _mean(total: float, n: int) -> float:
    return 100.0 * total / n if n else 0.0  # accuracy() and mean_score()


def _accuracy_t(t: Totals, n: int) -> dict[str, float]:
    return {"accuracy": _mean(t["correct"], n)}


def _span_f1_t(t: Totals, n: int) -> dict[str, float]:
    return span_f1_scores(*(int(t[name]) for name in SPAN_COLUMNS))


def _qa_t(t: Totals, n: int) -> dict[str, float]:
    exact_match, f1_score = _mean(t["em"], n), _mean(t["f1"], n)  # as qa_scores()
    return {"exact_match": exact_match, "f1": f1_score, "em_f1_mean": (exact_match + f1_score) / 2}


def _mrr_t(t: Totals, n: int) -> dict[str, float]:
    return {"map@20": _mean(t["reciprocal_rank"], n)}


def _map_t(t: Totals, n: int) -> dict[str, float]:
    return {"map@20": _mean(t["average_precision"], n)}


def _bucc_t(t: Totals, n: int) -> dict[str, float]:
    return bucc_count_scores(*(int(t[name]) for name in BUCC_COLUMNS))


METRICS: dict[str, MetricDef] = {
    m.name: m
    for m in (
        MetricDef("accuracy", ("correct",), _accuracy, _correct, _accuracy_t),
        MetricDef("tatoeba_accuracy", ("correct",), _accuracy, _correct, _accuracy_t),
        MetricDef("span_f1", SPAN_COLUMNS, _span_f1, _chunk_f1, _span_f1_t),
        MetricDef("squad", ("em", "f1"), _qa, _em_f1, _qa_t, ("f1",)),
        MetricDef("mlqa", ("em", "f1"), _qa, _em_f1, _qa_t, ("f1",)),
        MetricDef(
            "mrr",
            ("reciprocal_rank",),
            _mrr,
            _column("reciprocal_rank"),
            _mrr_t,
            ("reciprocal_rank",),
        ),
        MetricDef(
            "map",
            ("average_precision",),
            _map,
            _column("average_precision"),
            _map_t,
            ("average_precision",),
        ),
        MetricDef("bucc_f1", BUCC_COLUMNS, _bucc, from_totals=_bucc_t),
    )
}


def metric_def(name: str) -> MetricDef:
    """The definition of a card's metric.

    Raises:
        ConfigError: no metric of that name is implemented yet.
    """
    try:
        return METRICS[name]
    except KeyError:
        have = ", ".join(sorted(METRICS))
        raise ConfigError(f"metric {name!r} is not implemented yet (have {have})") from None
