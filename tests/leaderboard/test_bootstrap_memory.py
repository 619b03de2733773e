"""The bootstrap at scale: replicates totalled in numpy equal the list path bit for bit,
draws and columns are held one cell at a time, and the board holds no per-example columns."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pytest

from harness.leaderboard import summarize_board
from harness.metrics.bootstrap import PairedBootstrap, _score, _totalled, resample
from harness.metrics.registry import METRICS, MetricDef
from harness.registry import Registry
from harness.schema import RunResult
from harness.submissions import find_manifests, load_submissions


def _columns(metric: MetricDef, n: int, seed: int) -> dict[str, np.ndarray[Any, Any]]:
    rng = random.Random(seed)
    out: dict[str, np.ndarray[Any, Any]] = {}
    for c in metric.columns:
        if c in metric.float_columns:  # awkward floats: rounding differs with the order
            values: list[Any] = [
                rng.choice([0.0, -0.0, 1.0, 1 / 3, 0.1, rng.random()]) for _ in range(n)
            ]
        else:
            top = 2 if "correct" in c or c == "em" else 4  # correct counts <= the others
            values = [rng.randrange(0 if top == 2 else 1, top) for _ in range(n)]
        out[c] = np.asarray(values, dtype=object)
    return out


@pytest.mark.parametrize("name", sorted(METRICS))
@pytest.mark.parametrize("n", [1, 7, 301])
def test_totalled_replicates_equal_the_list_path(name: str, n: int) -> None:
    metric = METRICS[name]
    assert metric.from_totals is not None
    main = next(iter(metric.aggregate({c: [1] * 3 for c in metric.columns})))
    columns = _columns(metric, n, seed=n)
    draws = resample(n, 150, 11, f"{name}.x")
    fast = _totalled(metric, main, columns, draws)
    slow = [_score(metric, main, {c: v[idx].tolist() for c, v in columns.items()}) for idx in draws]
    assert fast.tolist() == slow  # bit for bit, not approximately
    assert all(np.signbit(a) == np.signbit(b) for a, b in zip(fast, slow, strict=True))


def test_all_negative_zero_floats_total_as_python_sum() -> None:
    metric = METRICS["mrr"]
    columns = {"reciprocal_rank": np.asarray([-0.0] * 5, dtype=object)}
    draws = resample(5, 4, 1, "mewslix.en")
    fast = _totalled(metric, "map@20", columns, draws)
    assert [np.signbit(v) for v in fast] == [np.signbit(100.0 * sum([-0.0] * 5) / 5)] * 4


def test_columns_are_read_once_per_record_and_draws_kept_for_one_stratum(lb: Any) -> None:
    acc = METRICS["accuracy"]
    clean = lb.make_record(
        "xnli", "de", "clean", lb.correct_column(40, 0.7, "c"), model_fp="m" * 64
    )
    noisy = lb.make_record(
        "xnli", "de", "typo-10", lb.correct_column(40, 0.6, "n"), model_fp="m" * 64
    )
    other = lb.make_record(
        "xnli", "fr", "clean", lb.correct_column(30, 0.7, "f"), model_fp="m" * 64
    )
    reads: list[str] = []

    def source(record: RunResult) -> Mapping[str, Sequence[Any]]:
        reads.append(record.key)
        return record.per_example

    boot = PairedBootstrap(replicates=50, columns=source)
    plain = PairedBootstrap(replicates=50)
    first = boot.arms([clean, noisy], acc, "accuracy", "xnli.de")
    read_once = len(reads)
    again = boot.arms([clean, noisy], acc, "accuracy", "xnli.de")
    assert len(reads) == read_once  # cached arms on a known example set: no columns read
    assert [a.replicates.tolist() for a in again] == [a.replicates.tolist() for a in first]
    boot.arms([other], acc, "accuracy", "xnli.fr")
    assert list(boot._draws) == [("xnli.fr", 30)]  # only the latest stratum's draws
    # drawing a stratum again gives the same arms as a bootstrap that kept every draw
    fresh = boot.arms([noisy], acc, "accuracy", "xnli.de")
    assert fresh[0].replicates.tolist() == first[1].replicates.tolist()
    want = plain.arms([clean, noisy], acc, "accuracy", "xnli.de")
    assert [a.replicates.tolist() for a in want] == [a.replicates.tolist() for a in first]


def test_the_board_holds_records_without_their_columns(board_inputs: Any, lb: Any) -> None:
    registry = Registry.load()
    subs = load_submissions(find_manifests(board_inputs.submissions), registry)
    board = summarize_board(registry, subs, board_inputs.results, lb.fast)
    records = [r for b in board.submissions for r in b.records.values()]
    assert records and all(r.per_example == {} for r in records)
    assert all(b.tasks for b in board.submissions)  # and yet every cell has its intervals
