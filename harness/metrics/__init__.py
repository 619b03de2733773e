"""Metrics: pure functions from predictions and gold to per-example statistics and scores.

Each matches the official XTREME scorer. `METRICS` (harness.metrics.registry) says which
per-example columns each metric stores and how its scores follow from them. The same functions
back the `evaluate` metric modules under harness/metrics/modules/ (loadable offline with
`evaluate.load(path)`). Definitions and sources: docs/metrics.md.
"""

from harness.metrics.accuracy import accuracy, accuracy_stats
from harness.metrics.qa import mlqa_normalize, qa_scores, qa_stats, squad_normalize
from harness.metrics.registry import METRICS, MetricDef, metric_def
from harness.metrics.retrieval import (
    average_precision,
    bucc_scores,
    bucc_stats,
    map_stats,
    mean_score,
    mrr_stats,
    reciprocal_rank,
)
from harness.metrics.span_f1 import get_chunks, span_f1, span_f1_scores, span_f1_stats

__all__ = [
    "METRICS",
    "MetricDef",
    "accuracy",
    "accuracy_stats",
    "average_precision",
    "bucc_scores",
    "bucc_stats",
    "get_chunks",
    "map_stats",
    "mean_score",
    "metric_def",
    "mlqa_normalize",
    "mrr_stats",
    "qa_scores",
    "qa_stats",
    "reciprocal_rank",
    "span_f1",
    "span_f1_scores",
    "span_f1_stats",
    "squad_normalize",
]
