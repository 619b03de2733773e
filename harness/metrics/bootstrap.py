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
from collections.abc import Mapping, Sequence
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

    Args:
        replicates: bootstrap replicates per stratum.
        seed: the base seed of every draw.
        confidence: the interval's coverage (0.95 for 95% intervals).
    """

    def __init__(
        self,
        replicates: int = DEFAULT_REPLICATES,
        seed: int = DEFAULT_SEED,
        confidence: float = DEFAULT_CONFIDENCE,
    ) -> None:
        if replicates < 1:
            raise ConfigError("bootstrap replicates must be at least 1")
        if not 0.0 < confidence < 1.0:
            raise ConfigError("bootstrap confidence must lie strictly between 0 and 1")
        self.replicates = replicates
        self.seed = seed
        self.confidence = confidence
        self._cache: dict[tuple[str, str], Arm] = {}
        self._draws: dict[tuple[str, int], npt.NDArray[np.intp]] = {}

    @staticmethod
    def shared_keys(records: Sequence[RunResult]) -> tuple[str, ...]:
        """The example keys every record has, sorted (the order draws index into)."""
        sets = [set(example_keys(r.per_example["id"])) for r in records]
        return tuple(sorted(set.intersection(*sets))) if sets else ()

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
        keys = self.shared_keys(records)
        if not keys:
            raise ConfigError(f"{stratum}: the records share no example ids to pair")
        digest = hashlib.sha256("\x1f".join(keys).encode()).hexdigest()
        draws = self._draws.get((stratum, len(keys)))
        if draws is None:
            draws = resample(len(keys), self.replicates, self.seed, stratum)
            self._draws[(stratum, len(keys))] = draws
        out = []
        for record in records:
            cached = self._cache.get((record.key, digest))
            if cached is None:
                cached = self._arm(record, keys, draws, metric, main)
                self._cache[(record.key, digest)] = cached
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
        missing = [c for c in metric.columns if c not in record.per_example]
        if missing:
            raise ConfigError(
                f"result {record.signature}: per-example columns {missing} are missing "
                f"(metric {metric.name!r} needs {list(metric.columns)})"
            )
        position = {k: i for i, k in enumerate(example_keys(record.per_example["id"]))}
        order = np.fromiter((position[k] for k in keys), dtype=np.intp, count=len(keys))
        columns = {
            c: np.asarray(record.per_example[c], dtype=object)[order] for c in metric.columns
        }
        value = _score(metric, main, {c: v.tolist() for c, v in columns.items()})
        reps = np.empty(len(draws), dtype=np.float64)
        for b, idx in enumerate(draws):
            reps[b] = _score(metric, main, {c: v[idx].tolist() for c, v in columns.items()})
        return Arm(value, reps)
