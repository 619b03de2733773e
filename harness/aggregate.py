"""Aggregation: per-language scores -> task scores -> category means -> overall.

The XTREME-R convention: a task's score is the mean of its per-language main scores (QA tasks'
main score is (EM + F1) / 2); a category's score is the mean of its tasks; the overall score is
the mean over tasks (`task_mean`, the default) or over categories (`category_mean`). The choice
is explicit in every summary. The official scorer differs: it leaves LAReQA out of its retrieval
group and emits no XTREME-R overall score.

Deltas are noisy minus clean, in points, computed on the same examples. A profile scored with
several noise draws (`--draws`) counts with the mean over its draws, per language, before any
other mean is taken.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from harness.schema import RunResult

OverallMode = Literal["task_mean", "category_mean"]
CLEAN = "clean"


def group_draws(
    results: Iterable[RunResult],
) -> dict[tuple[str, str, str], tuple[RunResult, ...]]:
    """(task, language, profile) -> its records by draw number (draw 0 first), in the order
    the cells first appear."""
    groups: dict[tuple[str, str, str], list[RunResult]] = {}
    for r in results:
        groups.setdefault((r.task, r.language, r.profile), []).append(r)
    return {k: tuple(sorted(v, key=lambda r: r.draw)) for k, v in groups.items()}


def language_frame(results: Iterable[RunResult]) -> pd.DataFrame:
    """One row per result: task, language, profile, noise draw, main score, n, and realized
    noise."""
    rows = [
        {
            "task": r.task,
            "language": r.language,
            "profile": r.profile,
            "draw": r.draw,
            "main": r.main,
            "n": r.n,
            "word_change_rate": r.noise.word_change_rate,
            "cer": r.noise.cer,
            "changed_fraction": r.noise.changed_fraction,
        }
        for r in results
    ]
    columns = [
        "task",
        "language",
        "profile",
        "draw",
        "main",
        "n",
        "word_change_rate",
        "cer",
        "changed_fraction",
    ]
    return pd.DataFrame(rows, columns=columns)


def delta_table(frame: pd.DataFrame, profiles: Iterable[str]) -> pd.DataFrame:
    """Per (task, language): the clean score, each profile's score and its delta."""
    wide = frame.pivot_table(index=["task", "language"], columns="profile", values="main")
    out = pd.DataFrame(index=wide.index)
    out[CLEAN] = wide[CLEAN] if CLEAN in wide else float("nan")
    for p in profiles:
        if p == CLEAN:
            continue
        out[p] = wide[p] if p in wide else float("nan")
        out[f"Δ {p}"] = out[p] - out[CLEAN]
    return out.reset_index()


@dataclass(frozen=True)
class Summary:
    """Aggregate scores of one checkpoint.

    Attributes:
        tasks: task -> profile -> task score (mean over its languages).
        categories: category -> profile -> mean over its tasks.
        overall: profile -> overall score under `mode`.
        mode: how the overall is computed.
        languages: task -> the languages that went into its score.
        outside: the tasks left out of the categories and the overall (not in the benchmark
            the overall is taken over); their task scores are still in `tasks`.
    """

    tasks: Mapping[str, Mapping[str, float]]
    categories: Mapping[str, Mapping[str, float]]
    overall: Mapping[str, float]
    mode: OverallMode
    languages: Mapping[str, tuple[str, ...]]
    outside: tuple[str, ...] = ()


def summarize(
    frame: pd.DataFrame,
    categories: Mapping[str, str],
    mode: OverallMode = "task_mean",
    overall_tasks: Collection[str] | None = None,
) -> Summary:
    """Aggregate a language frame.

    Args:
        frame: from `language_frame`.
        categories: task -> category (from the task cards).
        mode: `task_mean` or `category_mean` for the overall score.
        overall_tasks: the tasks the categories and the overall are taken over (the
            leaderboard's rule: a benchmark's tasks, XTREME-R's by default there); None: all.
    """
    if "draw" in frame and (frame["draw"] > 0).any():  # the mean over draws, per language
        keys = ["task", "language", "profile"]
        frame = frame.groupby(keys, sort=False)["main"].mean().reset_index()
    task_scores = frame.groupby(["task", "profile"])["main"].mean().unstack("profile")
    tasks = {
        str(t): {str(p): float(v) for p, v in row.dropna().items()}
        for t, row in task_scores.iterrows()
    }
    outside: tuple[str, ...] = ()
    if overall_tasks is not None:
        outside = tuple(t for t in tasks if t not in overall_tasks)
        task_scores = task_scores[[str(t) in overall_tasks for t in task_scores.index]]
    by_cat = task_scores.groupby(lambda t: categories[str(t)]).mean()
    cats = {
        str(c): {str(p): float(v) for p, v in row.dropna().items()} for c, row in by_cat.iterrows()
    }
    source = task_scores if mode == "task_mean" else by_cat
    overall = {str(p): float(v) for p, v in source.mean().dropna().items()}
    langs = {str(t): tuple(sorted(g["language"].unique())) for t, g in frame.groupby("task")}
    return Summary(tasks, cats, overall, mode, langs, outside)
