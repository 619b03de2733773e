"""Aggregation: per-language -> task -> category -> overall, and the delta table."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from harness.aggregate import delta_table, summarize


def frame(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [{"task": t, "language": lang, "profile": p, "main": m} for t, lang, p, m in rows]
    )


ROWS = [
    ("xnli", "de", "clean", 80.0),
    ("xnli", "fr", "clean", 70.0),
    ("xnli", "de", "typo-10", 60.0),
    ("xnli", "fr", "typo-10", 60.0),
    ("xcopa", "et", "clean", 60.0),
    ("xcopa", "et", "typo-10", 50.0),
    ("udpos", "th", "clean", 40.0),
    ("udpos", "th", "typo-10", 30.0),
]
CATEGORIES = {"xnli": "classification", "xcopa": "classification", "udpos": "structured_prediction"}


def test_task_category_and_overall_means() -> None:
    s = summarize(frame(ROWS), CATEGORIES)
    assert s.tasks["xnli"] == {"clean": 75.0, "typo-10": 60.0}
    assert s.categories["classification"] == {"clean": 67.5, "typo-10": 55.0}
    assert s.categories["structured_prediction"] == {"clean": 40.0, "typo-10": 30.0}
    assert s.mode == "task_mean"
    assert s.overall["clean"] == pytest.approx((75 + 60 + 40) / 3)
    by_cat = summarize(frame(ROWS), CATEGORIES, mode="category_mean")
    assert by_cat.overall["clean"] == pytest.approx((67.5 + 40) / 2)
    assert s.languages["xnli"] == ("de", "fr")


def test_delta_table() -> None:
    table = delta_table(frame(ROWS), ["typo-10"]).set_index(["task", "language"])
    assert table.loc[("xnli", "de"), "Δ typo-10"] == -20.0
    assert table.loc[("xcopa", "et"), "clean"] == 60.0


def test_missing_profile_cell_is_nan_not_dropped() -> None:
    rows = [*ROWS[:2], ("xnli", "de", "typo-40", 10.0)]
    table = delta_table(frame(rows), ["typo-40"]).set_index(["task", "language"])
    assert table.loc[("xnli", "de"), "Δ typo-40"] == -70.0
    assert math.isnan(table.loc[("xnli", "fr"), "typo-40"])
