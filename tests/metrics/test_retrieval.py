"""MRR@20 (mewslix), mAP@20 (lareqa), BUCC F1 and tatoeba accuracy: hand-computed cases."""

from __future__ import annotations

import pytest

from harness.metrics import (
    accuracy,
    accuracy_stats,
    average_precision,
    bucc_scores,
    bucc_stats,
    map_stats,
    mean_score,
    mrr_stats,
    reciprocal_rank,
)

TWENTY = [f"c{i}" for i in range(1, 21)]


@pytest.mark.parametrize(
    ("ranked", "gold", "rr"),
    [
        (["Q1", "Q2", "Q3"], "Q1", 1.0),
        (["Q1", "Q2", "Q3"], "Q3", 1 / 3),
        (["Q2", "Q2", "Q3"], "Q2", 1.0),  # the first occurrence counts
        ([*TWENTY, "Q"], "Q", 0.0),  # rank 21 is past the cut-off
        ([*TWENTY[:19], "Q"], "Q", 1 / 20),
        ([], "Q", 0.0),
    ],
)
def test_reciprocal_rank(ranked: list[str], gold: str, rr: float) -> None:
    assert reciprocal_rank(ranked, gold) == pytest.approx(rr)


@pytest.mark.parametrize(
    ("ranked", "relevant", "ap"),
    [
        (["a", "x", "b"], ["a", "b"], (1 / 1 + 2 / 3) / 2),
        (["x", "a", "a", "b"], ["a", "b"], (1 / 2 + 2 / 4) / 2),  # a repeated id counts once
        (["x", "a"], ["a", "b", "c"], (1 / 2) / 3),  # unretrieved relevant ones lower AP
        (TWENTY, [f"c{i}" for i in range(1, 26)], 1.0),  # divisor min(25, 20) = 20
        ([*["x"] * 20, "a"], ["a"], 0.0),  # past the cut-off
        ([], ["a"], 0.0),
        (["a"], [], 0.0),  # no relevant candidates (the official code divides by zero)
    ],
)
def test_average_precision(ranked: list[str], relevant: list[str], ap: float) -> None:
    assert average_precision(ranked, relevant) == pytest.approx(ap)


def test_unpredicted_and_extra_ids() -> None:
    rr = mrr_stats({"m1": ["Q2", "Q1"], "m9": ["Q1"]}, {"m1": "Q1", "m2": "Q5"})
    assert (rr.id, rr.score, rr.answered) == (["m1", "m2"], [0.5, 0.0], [1, 0])
    assert mean_score(rr.score) == pytest.approx(25.0)
    ap = map_stats({"q1": ["a", "b"], "zz": ["a"]}, {"q1": ["b"], "q2": ["a"]})
    assert (ap.id, ap.score, ap.answered) == (["q1", "q2"], [0.5, 0.0], [1, 0])
    assert mean_score([]) == 0.0


@pytest.mark.parametrize(
    ("pred", "gold", "f1", "precision", "recall"),
    [
        (
            ["de-1\ten-1", "de-2\ten-2", "de-3\ten-9"],
            ["de-1\ten-1", "de-4\ten-4"],
            40.0,
            100 / 3,
            50,
        ),
        (["de-1\ten-1", "de-1\ten-1"], ["de-1\ten-1"], 100.0, 100.0, 100.0),  # sets: dups merge
        (["de-1\ten-2"], ["de-1\ten-1"], 0.0, 0.0, 0.0),
        ([], ["de-1\ten-1"], 0.0, 0.0, 0.0),
        ([], [], 0.0, 0.0, 0.0),
    ],
)
def test_bucc(pred: list[str], gold: list[str], f1: float, precision: float, recall: float) -> None:
    stats = bucc_stats(pred, gold)
    assert bucc_scores(stats.in_gold, stats.in_pred) == pytest.approx(
        {"f1": f1, "precision": precision, "recall": recall}
    )


def test_bucc_columns_are_the_union_of_pairs() -> None:
    stats = bucc_stats(["b\tx", "a\tx"], ["a\tx", "c\tx"])
    assert (stats.pair, stats.in_gold, stats.in_pred) == (
        ["a\tx", "b\tx", "c\tx"],
        [1, 0, 1],
        [1, 1, 0],
    )


def test_tatoeba_compares_index_strings() -> None:
    # The official scorer reads both files as text lines and compares the strings.
    assert accuracy(accuracy_stats(["308", "0441", "713"], ["308", "441", "714"])) == pytest.approx(
        100 / 3
    )
