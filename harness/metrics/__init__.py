"""Metrics: pure functions from predictions and gold to per-example statistics and scores.

Each matches the official XTREME scorer. The same functions back the `evaluate` metric
modules under harness/metrics/modules/ (loadable offline with `evaluate.load(path)`).
"""

from harness.metrics.accuracy import accuracy, accuracy_stats

__all__ = ["accuracy", "accuracy_stats"]
