"""Paired bootstrap confidence intervals from stored per-example columns.

Records scored on the same examples are aligned by example id; the shared examples are
resampled with replacement (the same draws for every record of the group, which is what makes
the bootstrap *paired*), and each replicate's score is recomputed through the task's
`MetricDef` from the per-example columns alone. A contrast between records (noisy minus clean,
STILTs minus baseline, or a difference of those) is taken replicate by replicate, and its
interval is the percentile interval of those replicate contrasts.

Draws are seeded from SHA-256 over (seed, stratum, number of examples), never from Python's
`hash()`, so an interval does not depend on the order in which cells are visited, on the process
or on PYTHONHASHSEED. A task-level interval averages independent per-language replicates
(resampling within each language, the stratified bootstrap).

A noisy profile scored with K noise draws (`--draws K`) is summarized by the mean over its
draws, with a two-level bootstrap (`PairedBootstrap.draw_mean`): each replicate resamples the
K draws with replacement and averages their scores on that replicate's examples, which are the
clean run's (paired). One draw gives back the one-level interval exactly (docs/design/draws.md).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from harness.errors import ConfigError
from harness.metrics.registry import MetricDef
from harness.schema import RunResult

__all__ = [
    "DEFAULT_CONFIDENCE",
    "DEFAULT_REPLICATES",
    "DEFAULT_SEED",
    "Arm",
    "Estimate",
    "PairedBootstrap",
    "example_keys",
    "resample",
]

DEFAULT_REPLICATES = 1000
DEFAULT_SEED = 20240917
DEFAULT_CONFIDENCE = 0.95

Floats = npt.NDArray[np.float64]
#: A record -> its per-example columns (the record's own by default; the leaderboard reads
#: them back from the store for records it holds without them).
ColumnSource = Callable[[RunResult], Mapping[str, Sequence[Any]]]
#: Replicates totalled at once: bounds the gathered (replicates x examples) block.
_BLOCK = 64
#: Python's `sum` adds floats one after another up to 3.11 (numpy's cumulative sum does the
#: same); 3.12 compensates, so there the float totals go through `sum` itself.
_SEQUENTIAL_FLOAT_SUM = sys.version_info < (3, 12)


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its percentile confidence interval (same units, points)."""

    value: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0.0 or self.high < 0.0


@dataclass(frozen=True, eq=False)
class Arm:
    """A score on a fixed set of examples: the point value and one value per replicate.

    Arms built on the same draws can be subtracted and averaged replicate by replicate.
    """

    value: float
    replicates: Floats = field(repr=False)

    def __sub__(self, other: Arm) -> Arm:
        return Arm(self.value - other.value, self.replicates - other.replicates)

    @staticmethod
    def mean(arms: Sequence[Arm]) -> Arm:
        """The mean of several arms (e.g. languages -> task), replicate by replicate."""
        if not arms:
            raise ValueError("mean of no arms")
        return Arm(
            float(np.mean([a.value for a in arms])),
            np.mean(np.stack([a.replicates for a in arms]), axis=0),
        )

    def estimate(self, confidence: float = DEFAULT_CONFIDENCE) -> Estimate:
        alpha = (1.0 - confidence) / 2.0
        low, high = np.quantile(self.replicates, [alpha, 1.0 - alpha])
        return Estimate(self.value, float(low), float(high))


def example_keys(ids: Sequence[Any]) -> list[str]:
    """Pairing keys: each id as a string, with `#k` added to its k-th repeat (k >= 1)."""
    seen: dict[str, int] = {}
    out = []
    for raw in ids:
        key = str(raw)
        k = seen.get(key, 0)
        seen[key] = k + 1
        out.append(key if k == 0 else f"{key}#{k}")
    return out


def resample(n: int, replicates: int, seed: int, stratum: str) -> npt.NDArray[np.intp]:
    """`replicates` x `n` example indices drawn with replacement, seeded by SHA-256."""
    digest = hashlib.sha256(f"{seed}\x1f{stratum}\x1f{n}".encode()).digest()
    rng = np.random.Generator(np.random.PCG64(int.from_bytes(digest[:16], "big")))
    return rng.integers(0, n, size=(replicates, n), dtype=np.intp)


def _score(metric: MetricDef, main: str, columns: Mapping[str, Sequence[Any]]) -> float:
    scores = metric.scores(columns)
    if main not in scores:
        raise ConfigError(
            f"metric {metric.name!r} reports {sorted(scores)}, not the task's main score {main!r}"
        )
    return float(scores[main])


class PairedBootstrap:
    """Paired bootstrap arms for result records, cached by (record key, example set).

    Only the latest stratum's draws are kept (they follow from the seed, the stratum and the
    number of examples, so drawing them again gives the same ones), and a record's columns
    are read (through `columns`) only when one of its arms is not cached yet.

    Args:
        replicates: bootstrap replicates per stratum.
        seed: the base seed of every draw.
        confidence: the interval's coverage (0.95 for 95% intervals).
        columns: a record -> its per-example columns (default: `record.per_example`).
    """

    def __init__(
        self,
        replicates: int = DEFAULT_REPLICATES,
        seed: int = DEFAULT_SEED,
        confidence: float = DEFAULT_CONFIDENCE,
        columns: ColumnSource | None = None,
    ) -> None:
        if replicates < 1:
            raise ConfigError("bootstrap replicates must be at least 1")
        if not 0.0 < confidence < 1.0:
            raise ConfigError("bootstrap confidence must lie strictly between 0 and 1")
        self.replicates = replicates
        self.seed = seed
        self.confidence = confidence
        self.columns: ColumnSource = columns or (lambda record: record.per_example)
        self._cache: dict[tuple[str, str], Arm] = {}
        self._draws: dict[tuple[str, int], npt.NDArray[np.intp]] = {}
        #: record key -> the digest of its own sorted example keys, and their number
        self._own: dict[str, tuple[str, int]] = {}

    def shared_keys(self, records: Sequence[RunResult]) -> tuple[str, ...]:
        """The example keys every record has, sorted (the order draws index into)."""
        sets = [set(example_keys(self.columns(r)["id"])) for r in records]
        return tuple(sorted(set.intersection(*sets))) if sets else ()

    def _drawn(self, stratum: str, n: int) -> npt.NDArray[np.intp]:
        draws = self._draws.get((stratum, n))
        if draws is None:
            draws = resample(n, self.replicates, self.seed, stratum)
            self._draws = {(stratum, n): draws}  # the latest stratum only: memory stays flat
        return draws

    def arms(
        self, records: Sequence[RunResult], metric: MetricDef, main: str, stratum: str
    ) -> list[Arm]:
        """One arm per record, all on the examples the records share and the same draws.

        Args:
            records: records of one stratum (task and language), e.g. clean and noisy of one
                submission, or of two submissions.
            metric: the task's metric definition.
            main: the task's main score name.
            stratum: names the draws (e.g. `xnli.de`); the same stratum and example count give
                the same draws.

        Raises:
            ConfigError: the records share no example, or a record lacks a metric column.
        """
        own = self._own.get(records[0].key) if records else None
        # one example set, every arm on it cached: no ids or columns read
        if (
            own is not None
            and all(self._own.get(r.key) == own for r in records)
            and all((r.key, own[0]) in self._cache for r in records)
        ):
            return [self._cache[(r.key, own[0])] for r in records]
        keys = self.shared_keys(records)
        if not keys:
            raise ConfigError(f"{stratum}: the records share no example ids to pair")
        digest = hashlib.sha256("\x1f".join(keys).encode()).hexdigest()
        out = []
        for record in records:
            cached = self._cache.get((record.key, digest))
            if cached is None:
                draws = self._drawn(stratum, len(keys))
                cached = self._arm(record, keys, draws, metric, main)
                self._cache[(record.key, digest)] = cached
            if len(keys) == record.n:  # its own example set: the digest names it
                self._own[record.key] = (digest, len(keys))
            out.append(cached)
        return out

    def draw_mean(self, arms: Sequence[Arm], stratum: str) -> Arm:
        """The mean over K noise draws of one profile, with draw-to-draw spread in its
        replicates (the second level of the bootstrap).

        Args:
            arms: one arm per draw, all from `arms` on the same examples and draws (so the
                example resampling stays paired with the clean run's).
            stratum: names the draw resampling (e.g. `xnli.de|typo-10`); seeded like `resample`.

        Returns:
            The arm whose value is the mean of the draws' values and whose replicate b is the
            mean of replicate b over K draws picked with replacement. One arm is returned as
            it is, so one draw has exactly the one-level interval.
        """
        if not arms:
            raise ValueError("mean of no draws")
        if len(arms) == 1:
            return arms[0]
        reps = np.stack([a.replicates for a in arms])  # (K, replicates)
        picks = resample(len(arms), reps.shape[1], self.seed, f"{stratum}\x1fdraws")
        columns = np.arange(reps.shape[1])[:, None]
        return Arm(float(np.mean([a.value for a in arms])), reps[picks, columns].mean(axis=1))

    def _arm(
        self,
        record: RunResult,
        keys: tuple[str, ...],
        draws: npt.NDArray[np.intp],
        metric: MetricDef,
        main: str,
    ) -> Arm:
        per_example = self.columns(record)
        missing = [c for c in metric.columns if c not in per_example]
        if missing:
            raise ConfigError(
                f"result {record.signature}: per-example columns {missing} are missing "
                f"(metric {metric.name!r} needs {list(metric.columns)})"
            )
        position = {k: i for i, k in enumerate(example_keys(per_example["id"]))}
        order = np.fromiter((position[k] for k in keys), dtype=np.intp, count=len(keys))
        columns = {c: np.asarray(per_example[c], dtype=object)[order] for c in metric.columns}
        value = _score(metric, main, {c: v.tolist() for c, v in columns.items()})
        if metric.from_totals is not None:
            return Arm(value, _totalled(metric, main, columns, draws))
        reps = np.empty(len(draws), dtype=np.float64)
        for b, idx in enumerate(draws):
            reps[b] = _score(metric, main, {c: v[idx].tolist() for c, v in columns.items()})
        return Arm(value, reps)


def _totalled(
    metric: MetricDef,
    main: str,
    columns: Mapping[str, npt.NDArray[Any]],
    draws: npt.NDArray[np.intp],
) -> Floats:
    """Each replicate's main score from its columns' totals (`metric.from_totals`), totalled
    in numpy a block of replicates at a time. Integer columns total exactly; float columns
    are added one after another in the replicate's order, as Python's `sum` adds them, so
    every replicate equals what `metric.scores` gives on the replicate's lists."""
    assert metric.from_totals is not None
    n = draws.shape[1]
    typed: dict[str, npt.NDArray[Any]] = {}
    for c, v in columns.items():
        if c in metric.float_columns:
            typed[c] = np.array([float(x) for x in v.tolist()], dtype=np.float64)
        else:
            typed[c] = np.array([int(x) for x in v.tolist()], dtype=np.int64)
    reps = np.empty(len(draws), dtype=np.float64)
    for start in range(0, len(draws), _BLOCK):
        block = draws[start : start + _BLOCK]
        totals: dict[str, list[Any]] = {}
        for c, v in typed.items():
            picked = v[block]
            if c not in metric.float_columns:
                totals[c] = [int(t) for t in picked.sum(axis=1)]
            elif n == 0:
                totals[c] = [0] * len(block)
            elif _SEQUENTIAL_FLOAT_SUM:  # 0 + x0 + x1 + ...: the zero start fixes -0.0's sign
                totals[c] = [float(t) + 0.0 for t in np.cumsum(picked, axis=1)[:, -1]]
            else:
                totals[c] = [sum(row) for row in picked.tolist()]
        for b in range(len(block)):
            scores = metric.from_totals({c: t[b] for c, t in totals.items()}, n)
            if main not in scores:
                raise ConfigError(
                    f"metric {metric.name!r} reports {sorted(scores)}, "
                    f"not the task's main score {main!r}"
                )
            reps[start + b] = float(scores[main])
    return reps
