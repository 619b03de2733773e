"""The paired bootstrap: seeded, paired by example id, recomputed through MetricDef."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from harness.errors import ConfigError
from harness.metrics.bootstrap import Arm, PairedBootstrap, example_keys, resample
from harness.metrics.registry import metric_def

ACC = metric_def("accuracy")


def column(n: int, p: float, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [int(rng.random() < p) for _ in range(n)]


def test_draws_are_seeded_and_order_free() -> None:
    a = resample(50, 20, 7, "xnli.de")
    assert np.array_equal(a, resample(50, 20, 7, "xnli.de"))
    assert not np.array_equal(a, resample(50, 20, 8, "xnli.de"))
    assert not np.array_equal(a, resample(50, 20, 7, "xnli.fr"))
    assert a.shape == (20, 50) and a.min() >= 0 and a.max() < 50


def test_point_value_is_the_stored_score(lb: Any) -> None:
    correct = column(60, 0.7, 1)
    record = lb.make_record("xnli", "de", "clean", correct, model_fp="m" * 64)
    (arm,) = PairedBootstrap(replicates=100).arms([record], ACC, "accuracy", "xnli.de")
    assert arm.value == pytest.approx(record.main)
    estimate = arm.estimate()
    assert estimate.low <= estimate.value <= estimate.high
    assert 0.0 <= estimate.low < estimate.high <= 100.0


def test_identical_records_have_a_zero_width_delta(lb: Any) -> None:
    correct = column(40, 0.6, 2)
    clean = lb.make_record("xnli", "de", "clean", correct, model_fp="m" * 64)
    noisy = lb.make_record("xnli", "de", "typo-10", correct, model_fp="m" * 64)
    c, n = PairedBootstrap(replicates=200).arms([clean, noisy], ACC, "accuracy", "xnli.de")
    delta = (n - c).estimate()
    assert (delta.value, delta.low, delta.high) == (0.0, 0.0, 0.0)
    # An unpaired bootstrap of the same two records would give a wide interval.
    assert c.estimate().high - c.estimate().low > 5.0


def test_pairs_by_example_id_not_by_position(lb: Any) -> None:
    correct = column(30, 0.5, 3)
    ids = [f"ex{i}" for i in range(30)]
    clean = lb.make_record("xnli", "de", "clean", correct, model_fp="m" * 64, ids=ids)
    order = list(range(30))
    random.Random(4).shuffle(order)
    shuffled = lb.make_record(
        "xnli",
        "de",
        "typo-10",
        [correct[i] for i in order],
        model_fp="m" * 64,
        ids=[ids[i] for i in order],
    )
    c, n = PairedBootstrap(replicates=100).arms([clean, shuffled], ACC, "accuracy", "xnli.de")
    assert np.array_equal(c.replicates, n.replicates)


def test_only_shared_examples_are_paired(lb: Any) -> None:
    a = lb.make_record("xnli", "de", "clean", [1] * 10, model_fp="a" * 64)
    b = lb.make_record(
        "xnli", "de", "clean", [0] * 5, model_fp="b" * 64, ids=[f"xnli-de-{i}" for i in range(5)]
    )
    arm_a, arm_b = PairedBootstrap(replicates=50).arms([a, b], ACC, "accuracy", "xnli.de")
    assert arm_a.value == 100.0 and arm_b.value == 0.0
    c = lb.make_record("xnli", "de", "clean", [1], model_fp="c" * 64, ids=["elsewhere"])
    with pytest.raises(ConfigError, match="share no example ids"):
        PairedBootstrap(replicates=50).arms([a, c], ACC, "accuracy", "xnli.de")


def test_a_record_without_the_metric_columns_fails_loudly(lb: Any) -> None:
    record = lb.make_record("xnli", "de", "clean", [1, 0], model_fp="m" * 64)
    bare = record.model_copy(update={"per_example": {"id": ["a", "b"]}})
    with pytest.raises(ConfigError, match=r"per-example columns \['correct'\]"):
        PairedBootstrap(replicates=10).arms([bare], ACC, "accuracy", "xnli.de")


def test_task_interval_averages_languages_replicate_by_replicate() -> None:
    a = Arm(10.0, np.array([8.0, 12.0, 10.0]))
    b = Arm(20.0, np.array([22.0, 18.0, 20.0]))
    mean = Arm.mean([a, b])
    assert mean.value == 15.0 and list(mean.replicates) == [15.0, 15.0, 15.0]
    assert list((b - a).replicates) == [14.0, 6.0, 10.0]


def test_a_real_difference_is_detected(lb: Any) -> None:
    base = column(400, 0.5, 5)
    better = [1 if (c or i % 3 == 0) else 0 for i, c in enumerate(base)]
    b = lb.make_record("xnli", "de", "clean", base, model_fp="b" * 64)
    s = lb.make_record("xnli", "de", "clean", better, model_fp="s" * 64)
    arm_s, arm_b = PairedBootstrap(replicates=300).arms([s, b], ACC, "accuracy", "xnli.de")
    gain = (arm_s - arm_b).estimate()
    assert gain.excludes_zero and gain.low > 0


def test_example_keys_number_repeats() -> None:
    assert example_keys(["a", "b", "a", 3, "a"]) == ["a", "b", "a#1", "3", "a#2"]
