"""Metrics: pure functions from predictions and gold to per-example statistics and scores.

Each matches the official XTREME scorer. `METRICS` (harness.metrics.registry) says which
per-example columns each metric stores and how its scores follow from them. The same functions
back the `evaluate` metric modules under harness/metrics/modules/ (loadable offline with
`evaluate.load(path)`).
"""

from harness.metrics.accuracy import accuracy, accuracy_stats
from harness.metrics.registry import METRICS, MetricDef, metric_def

__all__ = ["METRICS", "MetricDef", "accuracy", "accuracy_stats", "metric_def"]
