"""The leaderboard config (leaderboard/config*.yaml): columns, aggregation, intervals, pairs."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from harness.aggregate import OverallMode
from harness.metrics.bootstrap import DEFAULT_CONFIDENCE, DEFAULT_REPLICATES, DEFAULT_SEED
from harness.registry import load_yaml_model
from harness.schema import NAME_RE, Benchmark


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BootstrapConfig(_Strict):
    """Paired-bootstrap settings: replicates, base seed and interval coverage."""

    replicates: int = Field(default=DEFAULT_REPLICATES, ge=10, le=100_000)
    seed: int = Field(default=DEFAULT_SEED, ge=0)
    confidence: float = Field(default=DEFAULT_CONFIDENCE, gt=0.5, lt=1.0)


class ComparisonConfig(_Strict):
    """One STILTs-vs-baseline pair, by submission id."""

    stilts: str = Field(pattern=NAME_RE)
    baseline: str = Field(pattern=NAME_RE)


class LeaderboardConfig(_Strict):
    """leaderboard/config*.yaml: what the board shows and how it aggregates.

    Attributes:
        title: the page title.
        description: one paragraph under the title.
        benchmark: the benchmark whose tasks make up the overall score; tasks outside it are
            shown in their own columns but left out of the overall and category scores.
        tasks: the task columns; when set, each must have results or the build fails.
            Default: every task present in the results.
        profiles: the noise profiles besides clean, likewise. Default: those present.
        overall: `task_mean` (XTREME-R: mean over tasks) or `category_mean`.
        bootstrap: interval settings.
        comparisons: STILTs-vs-baseline pairs; default: every stilts submission against every
            multilingual-baseline submission with the same base model.
        curve: the profiles of the robustness curve (overall score against each profile's
            nominal rate, from clean at 0); those without results are left out, and the curve
            is drawn when at least one has results.
    """

    title: str = "XTREME-R under typos"
    description: str = (
        "Zero-shot cross-lingual scores of submitted checkpoints on clean input and under "
        "named, deterministic typo profiles."
    )
    benchmark: Benchmark = "xtreme-r"
    tasks: tuple[str, ...] | None = None
    profiles: tuple[str, ...] | None = None
    overall: OverallMode = "task_mean"
    bootstrap: BootstrapConfig = Field(default_factory=BootstrapConfig)
    comparisons: tuple[ComparisonConfig, ...] | None = None
    curve: tuple[str, ...] = ("typo-5", "typo-10", "typo-20", "typo-40")


def load_config(path: Path | None) -> LeaderboardConfig:
    """Load a leaderboard config (the defaults when `path` is None).

    Raises:
        ConfigError: the file is missing or invalid.
    """
    if path is None:
        return LeaderboardConfig()
    config, _ = load_yaml_model(path, LeaderboardConfig)
    return config
