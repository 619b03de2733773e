"""Accuracy, as the official XTREME scorer computes it for xnli, pawsx, xcopa and tatoeba.

Per-example statistics first (1 if the prediction equals the gold label, else 0), then the
aggregate: the mean times 100. The official scorer compares label strings exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.errors import DataError


def accuracy_stats(predictions: Sequence[str], gold: Sequence[str]) -> list[int]:
    """Return 1/0 per example for an exact string match.

    Raises:
        DataError: the two sequences differ in length (the official scorer refuses too).
    """
    if len(predictions) != len(gold):
        raise DataError(f"{len(predictions)} predictions for {len(gold)} gold labels")
    return [int(p.strip() == g.strip()) for p, g in zip(predictions, gold, strict=True)]


def accuracy(stats: Sequence[int]) -> float:
    """Mean of the per-example statistics, times 100 (0.0 for no examples)."""
    return 100.0 * sum(stats) / len(stats) if stats else 0.0
