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
    """

    name: str
    columns: tuple[str, ...]
    aggregate: Callable[[Columns], dict[str, float]]

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


def _bucc(columns: Columns) -> dict[str, float]:
    return bucc_count_scores(*(sum(_ints(columns, name)) for name in BUCC_COLUMNS))


METRICS: dict[str, MetricDef] = {
    m.name: m
    for m in (
        MetricDef("accuracy", ("correct",), _accuracy),
        MetricDef("tatoeba_accuracy", ("correct",), _accuracy),
        MetricDef("span_f1", SPAN_COLUMNS, _span_f1),
        MetricDef("squad", ("em", "f1"), _qa),
        MetricDef("mlqa", ("em", "f1"), _qa),
        MetricDef("mrr", ("reciprocal_rank",), _mrr),
        MetricDef("map", ("average_precision",), _map),
        MetricDef("bucc_f1", BUCC_COLUMNS, _bucc),
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
