"""Worst-of-K over noise draws: per example, the draw that did worst, HELM style.

A profile scored with K draws (`--draws K`) has K records on the same examples. The worst-of-K
score takes, for each example, the per-example columns of the draw whose per-example statistic
(`MetricDef.example_score`: correct for accuracy, the sentence's chunk F1 for span F1,
(EM + F1) / 2 for QA, the reciprocal rank or average precision for retrieval) is lowest, the
lowest draw number on a tie, and scores those columns with the task's metric. The result is a
record like the draws' own, so the paired bootstrap takes it as it takes any other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from harness.errors import ConfigError
from harness.metrics.bootstrap import example_keys
from harness.metrics.registry import MetricDef
from harness.schema import RunResult

__all__ = ["worst_of"]


def worst_of(records: Sequence[RunResult], metric: MetricDef, main: str) -> RunResult | None:
    """The worst-of-K record of K draws of one (task, language, profile) cell.

    Args:
        records: the draws, draw 0 first; all scored on the same examples.
        metric: the task's metric definition.
        main: the task's main score name.

    Returns:
        A record on draw 0's examples, in its order, holding the id and metric columns of the
        worst draw per example, with its scores; its key is draw 0's key plus `#worst<K>`.
        None when the metric has no per-example statistic.

    Raises:
        ConfigError: the draws were not scored on the same examples.
    """
    if metric.example_score is None or not records:
        return None
    first = records[0]
    keys = example_keys(first.per_example["id"])
    aligned: list[dict[str, list[Any]]] = []
    for r in records:
        position = {k: i for i, k in enumerate(example_keys(r.per_example["id"]))}
        if set(position) != set(keys):
            raise ConfigError(f"{r.signature}: its draws were not scored on the same examples")
        order = [position[k] for k in keys]
        aligned.append({c: [r.per_example[c][i] for i in order] for c in metric.columns})
    scores = [metric.example_score(cols) for cols in aligned]

    def worst_draw(i: int) -> int:  # the lowest statistic; the lowest draw number on a tie
        return min(range(len(records)), key=lambda d: (scores[d][i], d))

    worst = [worst_draw(i) for i in range(len(keys))]
    columns = {c: [aligned[d][c][i] for i, d in enumerate(worst)] for c in metric.columns}
    result = metric.scores(columns)
    if main not in result:
        raise ConfigError(f"metric {metric.name!r} reports {sorted(result)}, not {main!r}")
    return first.model_copy(
        update={
            "key": f"{first.key}#worst{len(records)}",
            "scores": dict(result),
            "main": float(result[main]),
            "per_example": {"id": list(first.per_example["id"]), **columns},
        }
    )
