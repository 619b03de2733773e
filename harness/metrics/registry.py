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


def _accuracy(columns: Columns) -> dict[str, float]:
    return {"accuracy": accuracy([int(v) for v in columns["correct"]])}


METRICS: dict[str, MetricDef] = {
    "accuracy": MetricDef("accuracy", ("correct",), _accuracy),
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
