"""The static leaderboard: validated results -> summaries -> table objects -> HTML / Markdown.

`summarize_board` reads each submission's result store (`<results root>/<id>/`), keeps one
record per (task, language, profile), aggregates scores the XTREME-R way (harness.aggregate)
and computes 95% paired-bootstrap intervals from the stored per-example columns
(harness.metrics.bootstrap). `site_files` turns the summary into table and chart objects, in
which every cell carries its sort value separately from its displayed text, and renders them
with jinja2 (StrictUndefined, autoescape): templates only format. `write_site` writes the
files; the same inputs always give the same bytes (stable ordering, seeded bootstrap, no
clock).

Columns are the tasks and profiles present in the results unless a leaderboard config fixes
them; a configured task or profile with no results fails the build. A submission that covers
only part of the board shows its coverage, and its overall is marked partial.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup
from pydantic import BaseModel, ConfigDict, Field
from tabulate import tabulate

from harness import __version__, paths
from harness.aggregate import OverallMode, language_frame, summarize
from harness.errors import ConfigError
from harness.metrics.bootstrap import (
    DEFAULT_CONFIDENCE,
    DEFAULT_REPLICATES,
    DEFAULT_SEED,
    Arm,
    Estimate,
    PairedBootstrap,
)
from harness.metrics.registry import metric_def
from harness.registry import Registry, load_yaml_model, suggest
from harness.results import ResultStore, atomic_write_text
from harness.schema import NAME_RE, Benchmark, NoiseFigures, RunResult
from harness.submissions import LoadedSubmission, manifest_metadata

__all__ = [
    "Board",
    "Cell",
    "Chart",
    "Column",
    "LeaderboardConfig",
    "Row",
    "Table",
    "build_leaderboard",
    "load_config",
    "markdown_table",
    "site_files",
    "summarize_board",
    "write_site",
]

CLEAN = "clean"
CATEGORY_ORDER = ("classification", "structured_prediction", "qa", "retrieval")
TASK_ORDER = (
    "xnli",
    "xcopa",
    "pawsx",
    "udpos",
    "panx",
    "xquad",
    "mlqa",
    "tydiqa",
    "tatoeba",
    "mewslix",
    "lareqa",
    "bucc2018",
)
CATEGORY_LABELS = {
    "classification": "Classification",
    "structured_prediction": "Struct. prediction",
    "qa": "QA",
    "retrieval": "Retrieval",
}
METHOD_LABELS = {
    "stilts": "STILTs",
    "multilingual-baseline": "Multilingual baseline",
    "other": "Other",
}
MARKER = ".harness-leaderboard"
DASH = "–"  # noqa: RUF001 - an en dash for "no value"
MINUS = "−"  # noqa: RUF001 - the typographic minus sign


# --------------------------------------------------------------------------- configuration


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


def load_config(path: Path | None) -> LeaderboardConfig:
    """Load a leaderboard config (the defaults when `path` is None).

    Raises:
        ConfigError: the file is missing or invalid.
    """
    if path is None:
        return LeaderboardConfig()
    config, _ = load_yaml_model(path, LeaderboardConfig)
    return config


# --------------------------------------------------------------------------- summaries


@dataclass(frozen=True)
class LangCell:
    """One (submission, task, language): clean and per-profile scores with intervals."""

    language: str
    n: int
    clean: Estimate
    noisy: Mapping[str, Estimate]
    delta: Mapping[str, Estimate]
    noise: Mapping[str, NoiseFigures]


@dataclass(frozen=True)
class TaskResult:
    """One (submission, task): task scores (mean over languages) with intervals.

    Attributes:
        languages: languages with a clean result.
        missing: board languages without a clean result.
        partial: profile (and clean) -> whether some board language lacks that profile.
    """

    task: str
    languages: tuple[str, ...]
    missing: tuple[str, ...]
    clean: Estimate
    noisy: Mapping[str, Estimate]
    delta: Mapping[str, Estimate]
    partial: Mapping[str, bool]
    cells: tuple[LangCell, ...]
    clean_arm: Arm = field(repr=False)
    delta_arms: Mapping[str, Arm] = field(repr=False)


@dataclass(frozen=True)
class Aggregate:
    """An overall score of one submission under one profile.

    Attributes:
        value: the score, None without any result.
        missing: overall tasks without a result under this profile.
        incomplete: overall tasks with some board language missing.
    """

    value: float | None
    missing: tuple[str, ...]
    incomplete: tuple[str, ...]

    @property
    def partial(self) -> bool:
        return bool(self.missing or self.incomplete)

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"no results for {', '.join(self.missing)}")
        if self.incomplete:
            parts.append(f"some languages missing in {', '.join(self.incomplete)}")
        return "partial: " + "; ".join(parts) if parts else "complete"


@dataclass(frozen=True)
class SubmissionBoard:
    """Everything the board shows about one submission."""

    sub: LoadedSubmission
    records: Mapping[tuple[str, str, str], RunResult]
    superseded: int
    tasks: Mapping[str, TaskResult]
    overall: Mapping[str, Aggregate]
    overall_delta: Mapping[str, Estimate | None]
    categories: Mapping[str, Mapping[str, float]]

    @property
    def id(self) -> str:
        return self.sub.id


@dataclass(frozen=True)
class Gain:
    """STILTs minus baseline on one task (or overall) under one profile."""

    gain: Estimate | None
    change: Estimate | None  # gain under the profile minus gain on clean (None for clean)
    languages: tuple[str, ...]


@dataclass(frozen=True)
class Comparison:
    stilts: SubmissionBoard
    baseline: SubmissionBoard
    rows: Mapping[str, Mapping[str, Gain]]  # task -> profile -> gain
    overall: Mapping[str, Gain]
    notes: tuple[str, ...]

    @property
    def slug(self) -> str:
        return f"{self.stilts.id}-vs-{self.baseline.id}"


@dataclass(frozen=True)
class Board:
    """The summarized leaderboard."""

    config: LeaderboardConfig
    tasks: tuple[str, ...]
    profiles: tuple[str, ...]
    overall_tasks: tuple[str, ...]
    categories: tuple[str, ...]
    languages: Mapping[str, tuple[str, ...]]
    submissions: tuple[SubmissionBoard, ...]
    comparisons: tuple[Comparison, ...]
    comparison_notes: tuple[str, ...]
    registry: Registry = field(repr=False)
    warnings: tuple[str, ...] = ()

    @property
    def all_profiles(self) -> tuple[str, ...]:
        return (CLEAN, *self.profiles)


def _canonical_tasks(registry: Registry, names: Iterable[str], benchmark: str) -> tuple[str, ...]:
    """Benchmark tasks first, by category, in the XTREME-R paper's order; then the others."""
    order = {name: i for i, name in enumerate(TASK_ORDER)}

    def key(name: str) -> tuple[bool, int, int, str]:
        card = registry.task(name)
        return (
            benchmark not in card.benchmarks,
            CATEGORY_ORDER.index(card.category),
            order.get(name, len(order)),
            name,
        )

    return tuple(sorted(set(names), key=key))


def _canonical_profiles(registry: Registry, names: Iterable[str]) -> tuple[str, ...]:
    order = {name: i for i, name in enumerate(registry.profiles)}

    def key(name: str) -> tuple[float, int, str]:
        p = registry.profile(name)
        return (p.rate, order[name], name)

    return tuple(sorted(set(names) - {CLEAN}, key=key))


def _select(records: Iterable[RunResult]) -> tuple[dict[tuple[str, str, str], RunResult], int]:
    """One record per (task, language, profile).

    All profiles of a (task, language) come from one run group (same checkpoint and data
    fingerprints), so clean and noisy are paired; the group with the newest record wins, and
    within it the newest record per profile. Everything else is counted as superseded.
    """
    by_cell: dict[tuple[str, str], list[RunResult]] = {}
    for r in records:
        by_cell.setdefault((r.task, r.language), []).append(r)
    chosen: dict[tuple[str, str, str], RunResult] = {}
    superseded = 0
    for (task, lang), recs in sorted(by_cell.items()):
        groups: dict[tuple[str, str], list[RunResult]] = {}
        for r in recs:
            groups.setdefault((r.provenance.model.fingerprint, r.provenance.data.fingerprint), [])
            groups[(r.provenance.model.fingerprint, r.provenance.data.fingerprint)].append(r)
        best = max(groups, key=lambda g: (max(r.provenance.created_at for r in groups[g]), g))
        picked: dict[str, RunResult] = {}
        for r in sorted(groups[best], key=lambda r: (r.provenance.created_at, r.key)):
            picked[r.profile] = r
        for profile, r in picked.items():
            chosen[(task, lang, profile)] = r
        superseded += len(recs) - len(picked)
    return chosen, superseded


def _combine(arms: Mapping[str, Arm], categories: Mapping[str, str], mode: OverallMode) -> Arm:
    if mode == "task_mean":
        return Arm.mean([arms[t] for t in sorted(arms)])
    by_cat: dict[str, list[Arm]] = {}
    for t in sorted(arms):
        by_cat.setdefault(categories[t], []).append(arms[t])
    return Arm.mean([Arm.mean(v) for _, v in sorted(by_cat.items())])


class _Summarizer:
    def __init__(self, registry: Registry, config: LeaderboardConfig) -> None:
        self.registry = registry
        self.config = config
        b = config.bootstrap
        self.boot = PairedBootstrap(b.replicates, b.seed, b.confidence)
        self.categories = {name: e.model.category for name, e in registry.tasks.items()}

    def est(self, arm: Arm) -> Estimate:
        return arm.estimate(self.config.bootstrap.confidence)

    def arms(self, records: Sequence[RunResult], task: str, lang: str) -> list[Arm]:
        card = self.registry.task(task)
        return self.boot.arms(
            records, metric_def(card.metric.name), card.metric.main, f"{task}.{lang}"
        )

    def task_result(
        self,
        records: Mapping[tuple[str, str, str], RunResult],
        task: str,
        langs: Sequence[str],
        profiles: Sequence[str],
    ) -> TaskResult | None:
        cells: list[LangCell] = []
        clean_arms: list[Arm] = []
        noisy_arms: dict[str, list[Arm]] = {p: [] for p in profiles}
        delta_arms: dict[str, list[Arm]] = {p: [] for p in profiles}
        for lang in langs:
            clean = records.get((task, lang, CLEAN))
            if clean is None:
                continue
            (c_arm,) = self.arms([clean], task, lang)
            clean_arms.append(c_arm)
            noisy: dict[str, Estimate] = {}
            delta: dict[str, Estimate] = {}
            noise: dict[str, NoiseFigures] = {}
            for p in profiles:
                rec = records.get((task, lang, p))
                if rec is None:
                    continue
                c, n = self.arms([clean, rec], task, lang)
                noisy_arms[p].append(n)
                delta_arms[p].append(n - c)
                noisy[p] = self.est(n)
                delta[p] = self.est(n - c)
                noise[p] = rec.noise
            cells.append(LangCell(lang, clean.n, self.est(c_arm), noisy, delta, noise))
        if not cells:
            return None
        have = tuple(c.language for c in cells)
        partial = {CLEAN: len(have) < len(langs)}
        for p in profiles:
            partial[p] = len(delta_arms[p]) < len(langs)
        clean_arm = Arm.mean(clean_arms)
        return TaskResult(
            task=task,
            languages=have,
            missing=tuple(lang for lang in langs if lang not in have),
            clean=self.est(clean_arm),
            noisy={p: self.est(Arm.mean(a)) for p, a in noisy_arms.items() if a},
            delta={p: self.est(Arm.mean(a)) for p, a in delta_arms.items() if a},
            partial=partial,
            cells=tuple(cells),
            clean_arm=clean_arm,
            delta_arms={p: Arm.mean(a) for p, a in delta_arms.items() if a},
        )

    def submission(
        self,
        sub: LoadedSubmission,
        records: Mapping[tuple[str, str, str], RunResult],
        superseded: int,
        tasks: Sequence[str],
        overall_tasks: Sequence[str],
        languages: Mapping[str, tuple[str, ...]],
        profiles: Sequence[str],
    ) -> SubmissionBoard:
        results: dict[str, TaskResult] = {}
        for task in tasks:
            tr = self.task_result(records, task, languages[task], profiles)
            if tr is not None:
                results[task] = tr
        on_board = [
            r
            for (t, lang, p), r in sorted(records.items())
            if t in results and p in {CLEAN, *profiles} and lang in languages[t]
        ]
        in_overall = [r for r in on_board if r.task in overall_tasks]
        summary = summarize(language_frame(in_overall), self.categories, self.config.overall)
        overall: dict[str, Aggregate] = {}
        overall_delta: dict[str, Estimate | None] = {}
        for p in (CLEAN, *profiles):
            missing = tuple(
                t
                for t in overall_tasks
                if t not in results or (p != CLEAN and p not in results[t].delta)
            )
            incomplete = tuple(
                t
                for t in overall_tasks
                if t in results and results[t].partial[p] and t not in missing
            )
            overall[p] = Aggregate(summary.overall.get(p), missing, incomplete)
            if p != CLEAN:
                arms = {
                    t: results[t].delta_arms[p]
                    for t in overall_tasks
                    if t in results and p in results[t].delta_arms
                }
                overall_delta[p] = (
                    self.est(_combine(arms, self.categories, self.config.overall)) if arms else None
                )
        return SubmissionBoard(
            sub=sub,
            records=records,
            superseded=superseded,
            tasks=results,
            overall=overall,
            overall_delta=overall_delta,
            categories=summary.categories,
        )

    def comparison(
        self,
        s: SubmissionBoard,
        b: SubmissionBoard,
        tasks: Sequence[str],
        overall_tasks: Sequence[str],
        profiles: Sequence[str],
    ) -> Comparison:
        notes: list[str] = []
        rows: dict[str, dict[str, Gain]] = {}
        task_gain_arms: dict[str, dict[str, Arm]] = {p: {} for p in (CLEAN, *profiles)}
        task_change_arms: dict[str, dict[str, Arm]] = {p: {} for p in profiles}
        for task in tasks:
            if task not in s.tasks or task not in b.tasks:
                continue
            gain_arms: dict[str, list[Arm]] = {p: [] for p in (CLEAN, *profiles)}
            change_arms: dict[str, list[Arm]] = {p: [] for p in profiles}
            langs: dict[str, list[str]] = {p: [] for p in (CLEAN, *profiles)}
            for lang in s.tasks[task].languages:
                sc, bc = s.records.get((task, lang, CLEAN)), b.records.get((task, lang, CLEAN))
                if sc is None or bc is None:
                    continue
                if sc.provenance.data.fingerprint != bc.provenance.data.fingerprint:
                    notes.append(
                        f"{task}.{lang}: not compared, the submissions were scored on different "
                        f"data ({sc.provenance.data.fingerprint[:8]} vs "
                        f"{bc.provenance.data.fingerprint[:8]})"
                    )
                    continue
                a_s, a_b = self.arms([sc, bc], task, lang)
                gain_arms[CLEAN].append(a_s - a_b)
                langs[CLEAN].append(lang)
                for p in profiles:
                    sp, bp = s.records.get((task, lang, p)), b.records.get((task, lang, p))
                    if sp is None or bp is None:
                        continue
                    c_s, c_b, n_s, n_b = self.arms([sc, bc, sp, bp], task, lang)
                    gain_arms[p].append(n_s - n_b)
                    change_arms[p].append((n_s - n_b) - (c_s - c_b))
                    langs[p].append(lang)
            row: dict[str, Gain] = {}
            for p in (CLEAN, *profiles):
                g = Arm.mean(gain_arms[p]) if gain_arms[p] else None
                ch = Arm.mean(change_arms[p]) if p != CLEAN and change_arms[p] else None
                if g is not None:
                    task_gain_arms[p][task] = g
                if ch is not None:
                    task_change_arms[p][task] = ch
                row[p] = Gain(
                    self.est(g) if g is not None else None,
                    self.est(ch) if ch is not None else None,
                    tuple(langs[p]),
                )
            rows[task] = row
        overall: dict[str, Gain] = {}
        for p in (CLEAN, *profiles):
            g_arms = {t: a for t, a in task_gain_arms[p].items() if t in overall_tasks}
            c_arms = {t: a for t, a in task_change_arms.get(p, {}).items() if t in overall_tasks}
            mode = self.config.overall
            overall[p] = Gain(
                self.est(_combine(g_arms, self.categories, mode)) if g_arms else None,
                self.est(_combine(c_arms, self.categories, mode)) if c_arms else None,
                tuple(sorted(g_arms)),
            )
        return Comparison(s, b, rows, overall, tuple(notes))


def _read_records(store: Path) -> list[RunResult]:
    return list(ResultStore(store))


def summarize_board(
    registry: Registry,
    submissions: Sequence[LoadedSubmission],
    results_root: Path | None,
    config: LeaderboardConfig,
) -> Board:
    """Read every submission's results and summarize them for the board.

    Args:
        registry: task cards and profiles.
        submissions: the validated manifests.
        results_root: the folder holding one `<id>/` result store per submission; None means
            beside each manifest (`<manifest folder>/<id>/`).
        config: columns, aggregation and bootstrap settings.

    Raises:
        ConfigError: a configured task or profile has no results, a config name is unknown,
            a comparison names an unknown submission, or there is nothing to show.
        SchemaError: a result file is not a valid record.
    """
    warnings: list[str] = []
    loaded: list[tuple[LoadedSubmission, dict[tuple[str, str, str], RunResult], int]] = []
    for sub in sorted(submissions, key=lambda s: s.id):
        root = results_root if results_root is not None else sub.path.parent
        records, superseded = _select(_read_records(root / sub.id))
        unknown = sorted({t for t, _, _ in records if t not in registry.tasks})
        if unknown:
            raise ConfigError(f"{root / sub.id}: results for unknown task(s) {', '.join(unknown)}")
        unknown = sorted({p for _, _, p in records if p not in registry.profiles})
        if unknown:
            raise ConfigError(
                f"{root / sub.id}: results for unknown profile(s) {', '.join(unknown)}"
            )
        loaded.append((sub, records, superseded))
        if not records:
            warnings.append(f"{sub.id}: no results in {root / sub.id}")

    present_tasks = {t for _, recs, _ in loaded for (t, _, p) in recs if p == CLEAN}
    present_profiles = {p for _, recs, _ in loaded for (_, _, p) in recs}
    if config.tasks is not None:
        for t in config.tasks:
            registry.task_entry(t)
        tasks = tuple(dict.fromkeys(config.tasks))
    else:
        tasks = _canonical_tasks(registry, present_tasks, config.benchmark)
    if config.profiles is not None:
        for p in config.profiles:
            registry.profile_entry(p)
        profiles = tuple(dict.fromkeys(p for p in config.profiles if p != CLEAN))
    else:
        profiles = _canonical_profiles(registry, present_profiles)
    missing = [f"task {t}" for t in tasks if t not in present_tasks]
    missing += [f"profile {p}" for p in profiles if p not in present_profiles]
    if missing:
        where = results_root if results_root is not None else "beside the manifests"
        raise ConfigError(
            f"the leaderboard config fixes {', '.join(missing)}, but there are no results for "
            f"{'it' if len(missing) == 1 else 'them'} ({len(loaded)} submissions, results {where})",
            hint="score the submissions first (harness score), or drop them from the config",
        )
    if not tasks:
        raise ConfigError(
            "no results to show: no submission has clean results",
            hint="score the submissions first: harness score submissions/<id>.yaml",
        )

    languages: dict[str, tuple[str, ...]] = {}
    for t in tasks:
        card = registry.task(t)
        seen = {lang for _, recs, _ in loaded for (tt, lang, p) in recs if tt == t and p == CLEAN}
        order = {lang: i for i, lang in enumerate(card.languages)}
        languages[t] = tuple(sorted(seen, key=lambda lang: (order.get(lang, len(order)), lang)))
    overall_tasks = tuple(t for t in tasks if config.benchmark in registry.task(t).benchmarks)
    categories = tuple(
        c for c in CATEGORY_ORDER if any(registry.task(t).category == c for t in overall_tasks)
    )

    summarizer = _Summarizer(registry, config)
    boards = tuple(
        summarizer.submission(sub, recs, sup, tasks, overall_tasks, languages, profiles)
        for sub, recs, sup in loaded
    )
    by_id = {b.id: b for b in boards}
    pairs: list[tuple[SubmissionBoard, SubmissionBoard]] = []
    comparison_notes: list[str] = []
    if config.comparisons is not None:
        for c in config.comparisons:
            for name in (c.stilts, c.baseline):
                if name not in by_id:
                    raise ConfigError(
                        f"comparisons: unknown submission {name!r}{suggest(name, by_id)}"
                    )
            pairs.append((by_id[c.stilts], by_id[c.baseline]))
    else:
        for s in boards:
            if s.sub.manifest.method != "stilts":
                continue
            for b in boards:
                if b.sub.manifest.method != "multilingual-baseline":
                    continue
                if s.sub.manifest.base_model == b.sub.manifest.base_model:
                    pairs.append((s, b))
        if not pairs:
            comparison_notes.append(
                "No STILTs submission has a multilingual-baseline submission with the same "
                "base model; a leaderboard config can name pairs explicitly (comparisons)."
            )
    comparisons = tuple(
        summarizer.comparison(s, b, tasks, overall_tasks, profiles) for s, b in pairs
    )

    def rank_key(b: SubmissionBoard) -> tuple[float, str]:
        value = b.overall[CLEAN].value
        return (-value if value is not None else math.inf, b.id)

    ranked = tuple(sorted(boards, key=rank_key))
    return Board(
        config=config,
        tasks=tasks,
        profiles=profiles,
        overall_tasks=overall_tasks,
        categories=categories,
        languages=languages,
        submissions=ranked,
        comparisons=comparisons,
        comparison_notes=tuple(comparison_notes),
        registry=registry,
        warnings=tuple(warnings),
    )


# --------------------------------------------------------------------------- table objects


@dataclass(frozen=True)
class Cell:
    """A table cell: what is shown, and separately the value it sorts by.

    Attributes:
        text: the displayed text.
        sort: the sort key (a number or a string); None sorts last in either direction.
        sub: secondary text shown under the value (a confidence interval).
        title: a tooltip.
        href: makes the text a link.
        css: class names.
        badge: a short marker after the text (e.g. `partial`).
    """

    text: str
    sort: float | str | None = None
    sub: str = ""
    title: str = ""
    href: str | None = None
    css: str = ""
    badge: str = ""

    @property
    def sort_text(self) -> str:
        if self.sort is None:
            return ""
        if isinstance(self.sort, float):
            return "" if math.isnan(self.sort) else f"{self.sort:.6f}"
        return str(self.sort)


@dataclass(frozen=True)
class Column:
    """A table column.

    Attributes:
        key: a stable identifier (`data-key` in HTML).
        label: the full header (Markdown, CSV).
        short: the header shown under a group header in HTML (default: `label`).
    """

    key: str
    label: str
    numeric: bool = True
    title: str = ""
    short: str = ""

    @property
    def shown(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    css: str = ""


@dataclass(frozen=True)
class Table:
    """A sortable table.

    Attributes:
        groups: header groups above the columns, as (label, column span).
        rank: the first column is a rank, renumbered after every sort.
        sorted_by: the index of the column the rows are initially sorted by (descending).
    """

    id: str
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    groups: tuple[tuple[str, int], ...] = ()
    rank: bool = False
    sorted_by: int | None = None

    def plain(self) -> tuple[list[str], list[list[str]]]:
        """Headers and rows as plain text (for Markdown)."""
        headers = [c.label for c in self.columns]
        rows = [
            [f"{c.text} ({c.badge})" if c.badge else c.text for c in row.cells] for row in self.rows
        ]
        return headers, rows


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return DASH
    text = f"{value:.{digits}f}"
    return "0." + "0" * digits if text.strip("-0.") == "" else text


def _signed(value: float | None, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return DASH
    text = f"{value:+.{digits}f}"
    if text.strip("+-0.") == "":
        return "0." + "0" * digits if digits else "0"
    return text.replace("-", MINUS)


def _ci(e: Estimate | None, digits: int = 1, signed: bool = False) -> str:
    if e is None:
        return ""
    f = _signed if signed else _num
    return f"[{f(e.low, digits)}, {f(e.high, digits)}]"


def _sign_css(value: float | None) -> str:
    if value is None or abs(value) < 0.05:
        return "num"
    return "num pos" if value > 0 else "num neg"


def _pct(value: float | None) -> str:
    return DASH if value is None or math.isnan(value) else f"{value:.1f}%"


def _value(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else x


# --------------------------------------------------------------------------- charts


@dataclass(frozen=True)
class Shape:
    """One SVG element of a chart: `rect`, `line`, `circle` or `text` (coordinates in px)."""

    kind: Literal["rect", "line", "circle", "text"]
    css: str
    x: float = 0.0
    y: float = 0.0
    w: float = 0.0
    h: float = 0.0
    x2: float = 0.0
    y2: float = 0.0
    r: float = 0.0
    text: str = ""
    anchor: Literal["start", "middle", "end"] = "start"
    title: str = ""

    def fmt(self, name: str) -> str:
        return f"{getattr(self, name):.1f}"


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    width: int
    height: int
    shapes: tuple[Shape, ...]
    legend: tuple[tuple[str, str], ...]


def _ticks(lo: float, hi: float, target: int = 5) -> list[float]:
    span = hi - lo
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(lo / step) * step
    out = []
    v = first
    while v <= hi + 1e-9:
        out.append(round(v, 10))
        v += step
    return out


@dataclass(frozen=True)
class Bar:
    series: int
    value: float
    ci: Estimate | None
    title: str


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    groups: Sequence[tuple[str, Sequence[Bar]]],
    series: Sequence[str],
    unit: str,
    signed: bool = True,
) -> Chart:
    """Horizontal grouped bars from a zero line, with interval whiskers."""
    longest = max((len(label) for label, _ in groups), default=8)
    label_w = min(30.0 + 6.4 * longest, 240.0)
    plot_w, right, top, bar_h, gap, group_gap = 480.0, 70.0, 14.0, 11.0, 3.0, 12.0
    values = [0.0]
    for _, bars in groups:
        for bar in bars:
            values.append(bar.value)
            if bar.ci is not None:
                values += [bar.ci.low, bar.ci.high]
    lo, hi = min(values), max(values)
    if hi - lo < 1e-9:
        lo, hi = lo - 1.0, hi + 1.0
    pad = (hi - lo) * 0.05
    lo, hi = lo - (pad if lo < 0 else 0), hi + (pad if hi > 0 else 0)

    def sx(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    shapes: list[Shape] = []
    y = top
    for label, bars in groups:
        gh = max(len(bars), 1) * (bar_h + gap) - gap
        shapes.append(
            Shape("text", "label", x=label_w - 8, y=y + gh / 2 + 4, text=label, anchor="end")
        )
        for bar in bars:
            x0, x1 = sorted((sx(0.0), sx(bar.value)))
            shapes.append(
                Shape(
                    "rect",
                    f"s{bar.series % 6}",
                    x=x0,
                    y=y,
                    w=max(x1 - x0, 1.0),
                    h=bar_h,
                    title=bar.title,
                )
            )
            if bar.ci is not None:
                cy = y + bar_h / 2
                shapes.append(
                    Shape("line", "whisker", x=sx(bar.ci.low), y=cy, x2=sx(bar.ci.high), y2=cy)
                )
                for edge in (bar.ci.low, bar.ci.high):
                    shapes.append(
                        Shape("line", "whisker", x=sx(edge), y=cy - 3, x2=sx(edge), y2=cy + 3)
                    )
            text = _signed(bar.value) if signed else _num(bar.value)
            shapes.append(
                Shape("text", "value", x=label_w + plot_w + 8, y=y + bar_h - 1.5, text=text)
            )
            y += bar_h + gap
        y += group_gap - gap
    axis_y = y
    for t in _ticks(lo, hi):
        shapes.append(Shape("line", "grid", x=sx(t), y=top - 4, x2=sx(t), y2=axis_y))
        text = (
            _signed(t, 0 if float(t).is_integer() else 1)
            if signed
            else _num(t, 0 if float(t).is_integer() else 1)
        )
        shapes.append(Shape("text", "tick", x=sx(t), y=axis_y + 14, text=text, anchor="middle"))
    shapes.append(Shape("line", "zero", x=sx(0.0), y=top - 6, x2=sx(0.0), y2=axis_y))
    shapes.append(Shape("text", "tick", x=label_w + plot_w, y=axis_y + 30, text=unit, anchor="end"))
    legend = tuple((name, f"s{i % 6}") for i, name in enumerate(series))
    # grid lines first, then bars, then labels on top
    order = {"grid": 0, "zero": 1}
    shapes.sort(key=lambda s: order.get(s.css, 2))
    return Chart(
        chart_id,
        title,
        description,
        int(label_w + plot_w + right),
        int(axis_y + 40),
        tuple(shapes),
        legend,
    )


def dumbbell_chart(
    chart_id: str,
    title: str,
    description: str,
    rows: Sequence[tuple[str, float | None, Sequence[tuple[int, float | None, str]]]],
    series: Sequence[str],
) -> Chart:
    """One row per submission: the clean score (hollow) joined to each profile's score."""
    longest = max((len(label) for label, _, _ in rows), default=10)
    label_w, plot_w, right, top, row_h = min(40.0 + 6.4 * longest, 320.0), 440.0, 40.0, 14.0, 26.0
    values = [v for _, c, pts in rows for v in (c, *(p[1] for p in pts)) if v is not None]
    lo, hi = (min(values), max(values)) if values else (0.0, 100.0)
    span = max(hi - lo, 2.0)
    lo, hi = max(0.0, lo - span * 0.15), min(100.0, hi + span * 0.15)
    if hi - lo < 1e-9:
        lo, hi = 0.0, 100.0

    def sx(v: float) -> float:
        return label_w + (v - lo) / (hi - lo) * plot_w

    shapes: list[Shape] = []
    y = top
    for label, clean, points in rows:
        cy = y + row_h / 2
        shapes.append(Shape("text", "label", x=label_w - 8, y=cy + 4, text=label, anchor="end"))
        if clean is not None:
            for _, v, _ in points:
                if v is not None:
                    shapes.append(Shape("line", "link", x=sx(clean), y=cy, x2=sx(v), y2=cy))
            for i, v, tip in points:
                if v is not None:
                    shapes.append(
                        Shape("circle", f"s{(i + 1) % 6} dot", x=sx(v), y=cy, r=5.0, title=tip)
                    )
            shapes.append(
                Shape(
                    "circle",
                    "clean",
                    x=sx(clean),
                    y=cy,
                    r=5.5,
                    title=f"{label}: clean {_num(clean)}",
                )
            )
        y += row_h
    axis_y = y + 4
    for t in _ticks(lo, hi):
        shapes.append(Shape("line", "grid", x=sx(t), y=top - 4, x2=sx(t), y2=axis_y))
        shapes.append(
            Shape(
                "text",
                "tick",
                x=sx(t),
                y=axis_y + 14,
                text=_num(t, 0 if float(t).is_integer() else 1),
                anchor="middle",
            )
        )
    order = {"grid": 0, "link": 1}
    shapes.sort(key=lambda s: order.get(s.css, 2))
    legend = (("clean", "clean"), *((name, f"s{(i + 1) % 6}") for i, name in enumerate(series)))
    return Chart(
        chart_id,
        title,
        description,
        int(label_w + plot_w + right),
        int(axis_y + 24),
        tuple(shapes),
        legend,
    )


# --------------------------------------------------------------------------- pages


def _est_cell(
    e: Estimate | None, *, signed: bool = False, partial: str = "", sig: bool = False
) -> Cell:
    if e is None:
        return Cell(DASH, None, css="num")
    text = _signed(e.value) if signed else _num(e.value)
    css = _sign_css(e.value) if signed else "num"
    title = partial
    badge = "partial" if partial else ""
    if sig and e.excludes_zero:
        css += " sig"
        badge = badge or "≠ 0"
        title = title or "the interval excludes zero"
    return Cell(text, e.value, sub=_ci(e, signed=signed), title=title, css=css, badge=badge)


def _agg_cell(a: Aggregate) -> Cell:
    if a.value is None:
        return Cell(DASH, None, css="num", title=a.describe())
    return Cell(
        _num(a.value),
        a.value,
        title=a.describe(),
        css="num" + (" partial" if a.partial else ""),
        badge="partial" if a.partial else "",
    )


def _method_cell(b: SubmissionBoard) -> Cell:
    m = b.sub.manifest.method
    return Cell(METHOD_LABELS[m], METHOD_LABELS[m], css=f"method {m}")


def _sub_cell(b: SubmissionBoard) -> Cell:
    """The submission's name, linked (hrefs are relative to the site root)."""
    return Cell(
        b.sub.manifest.name,
        b.sub.manifest.name.casefold(),
        href=f"submissions/{b.id}.html",
        title=f"submission {b.id}",
        css="name",
    )


def index_table(board: Board) -> Table:
    """The main table: one row per submission."""
    cols = [
        Column("rank", "#", title="position in the current order"),
        Column("submission", "Submission", numeric=False),
        Column("method", "Method", numeric=False),
        Column("clean", "Clean", title="overall score on clean input", short="overall"),
    ]
    for p in board.profiles:
        cols += [
            Column(f"score-{p}", p, title=f"overall score under {p}", short="overall"),
            Column(f"delta-{p}", f"Δ {p}", title=f"{p} minus clean, in points", short="Δ"),
            Column(
                f"kept-{p}",
                f"kept {p}",
                title=f"share of the clean score kept under {p}",
                short="kept",
            ),
        ]
    for c in board.categories:
        cols.append(Column(f"cat-{c}", CATEGORY_LABELS[c], title=f"{CATEGORY_LABELS[c]} (clean)"))
    cols.append(
        Column("coverage", "Coverage", title="tasks with clean results / tasks on the board")
    )
    rows = []
    for i, b in enumerate(board.submissions):
        clean = b.overall[CLEAN]
        cells = [
            Cell(str(i + 1), float(i + 1), css="num rank"),
            _sub_cell(b),
            _method_cell(b),
            _agg_cell(clean),
        ]
        for p in board.profiles:
            agg = b.overall[p]
            cells.append(_agg_cell(agg))
            delta = b.overall_delta[p]
            if delta is None or agg.value is None or clean.value is None:
                cells += [Cell(DASH, None, css="num"), Cell(DASH, None, css="num")]
                continue
            cells.append(
                _est_cell(delta, signed=True, partial=agg.describe() if agg.partial else "")
            )
            kept = 100.0 * agg.value / clean.value if clean.value else None
            cells.append(
                Cell(_pct(kept), kept, css="num", title=f"{_num(agg.value)} / {_num(clean.value)}")
            )
        for c in board.categories:
            v = b.categories.get(c, {}).get(CLEAN)
            cells.append(Cell(_num(v), _value(v), css="num"))
        covered = sum(1 for t in board.tasks if t in b.tasks)
        full = sum(1 for t in board.tasks if t in b.tasks and not b.tasks[t].partial[CLEAN])
        note = f"{covered}/{len(board.tasks)}"
        title = f"{covered} of {len(board.tasks)} tasks have results" + (
            f", {covered - full} with languages missing" if covered > full else ""
        )
        cells.append(
            Cell(
                note,
                covered / len(board.tasks),
                title=title,
                css="num" + (" partial" if full < len(board.tasks) else ""),
            )
        )
        rows.append(Row(tuple(cells)))
    groups = [("", 3), ("clean", 1), *((p, 3) for p in board.profiles)]
    if board.categories:
        groups.append(("Categories (clean)", len(board.categories)))
    groups.append(("", 1))
    return Table(
        "board",
        "Submissions ranked by the overall clean score",
        tuple(cols),
        tuple(rows),
        groups=tuple(groups),
        rank=True,
        sorted_by=3,
    )


def task_columns_table(board: Board) -> Table:
    """One row per submission, per task: clean and each profile's delta."""
    cols = [
        Column("rank", "#", title="position in the current order"),
        Column("submission", "Submission", numeric=False),
    ]
    groups: list[tuple[str, int]] = [("", 2)]
    for t in board.tasks:
        cols.append(Column(f"{t}-clean", f"{t} clean", title=f"{t} clean score", short="clean"))
        for p in board.profiles:
            cols.append(
                Column(
                    f"{t}-delta-{p}", f"{t} Δ {p}", title=f"{t}: {p} minus clean", short=f"Δ {p}"
                )
            )
        mark = "" if t in board.overall_tasks else " †"
        groups.append((t + mark, 1 + len(board.profiles)))
    rows = []
    for i, b in enumerate(board.submissions):
        cells = [Cell(str(i + 1), float(i + 1), css="num rank"), _sub_cell(b)]
        for t in board.tasks:
            tr = b.tasks.get(t)
            if tr is None:
                cells += [Cell(DASH, None, css="num", title="no results")] * (
                    1 + len(board.profiles)
                )
                continue
            partial = f"languages missing: {', '.join(tr.missing)}" if tr.missing else ""
            cells.append(_est_cell(tr.clean, partial=partial))
            for p in board.profiles:
                d = tr.delta.get(p)
                cells.append(
                    _est_cell(
                        d,
                        signed=True,
                        partial="some languages missing" if tr.partial[p] and d else "",
                    )
                )
        rows.append(Row(tuple(cells)))
    return Table(
        "by-task",
        "Task scores (clean) and deltas",
        tuple(cols),
        tuple(rows),
        tuple(groups),
        rank=True,
    )


def tasks_list_table(board: Board) -> Table:
    cols = (
        Column("task", "Task", numeric=False),
        Column("title", "Title", numeric=False),
        Column("category", "Category", numeric=False),
        Column("overall", "In overall", numeric=False),
        Column("langs", "Languages", title="languages with results on this board"),
        Column("metric", "Metric", numeric=False),
        Column("subs", "Submissions", title="submissions with results"),
    )
    rows = []
    for t in board.tasks:
        card = board.registry.task(t)
        n_subs = sum(1 for b in board.submissions if t in b.tasks)
        inside = t in board.overall_tasks
        rows.append(
            Row(
                (
                    Cell(t, t, href=f"tasks/{t}.html", css="name"),
                    Cell(card.title, card.title),
                    Cell(CATEGORY_LABELS[card.category], CATEGORY_LABELS[card.category]),
                    Cell("yes" if inside else "no", "yes" if inside else "no"),
                    Cell(str(len(board.languages[t])), float(len(board.languages[t])), css="num"),
                    Cell(card.metric.main, card.metric.main),
                    Cell(str(n_subs), float(n_subs), css="num"),
                )
            )
        )
    return Table("tasks", "Tasks on this board", cols, tuple(rows))


def task_table(board: Board, task: str, profile: str | None) -> Table:
    """Per-language scores of every submission on one task, under one profile."""
    cols = [
        Column("submission", "Submission", numeric=False),
        Column("lang", "Language", numeric=False),
        Column("n", "n", title="examples"),
        Column("clean", "Clean", title="clean score [95% CI]"),
    ]
    if profile is not None:
        cols += [
            Column("noisy", profile, title=f"score under {profile} [95% CI]"),
            Column("delta", f"Δ {profile}", title=f"{profile} minus clean, paired [95% CI]"),
            Column("cer", "CER", title="character error rate of the noised fields (%)"),
            Column("wcr", "words changed", title="edited / eligible words (%)"),
            Column(
                "changed", "examples changed", title="share of examples the profile changed (%)"
            ),
        ]
    rows = []
    for b in board.submissions:
        tr = b.tasks.get(task)
        if tr is None:
            continue
        name = _sub_cell(b)
        mean = [
            name,
            Cell("all", "", title="task score: mean over languages", css="all"),
            Cell(str(sum(c.n for c in tr.cells)), float(sum(c.n for c in tr.cells)), css="num"),
            _est_cell(
                tr.clean,
                partial=f"languages missing: {', '.join(tr.missing)}" if tr.missing else "",
            ),
        ]
        if profile is not None:
            mean += [
                _est_cell(tr.noisy.get(profile)),
                _est_cell(tr.delta.get(profile), signed=True),
                Cell("", None),
                Cell("", None),
                Cell("", None),
            ]
        rows.append(Row(tuple(mean), css="group"))
        for c in tr.cells:
            cells = [
                name,
                Cell(c.language, c.language),
                Cell(str(c.n), float(c.n), css="num"),
                _est_cell(c.clean),
            ]
            if profile is not None:
                fig = c.noise.get(profile)
                cells += [
                    _est_cell(c.noisy.get(profile)),
                    _est_cell(c.delta.get(profile), signed=True),
                ]
                if fig is None:
                    cells += [Cell(DASH, None, css="num")] * 3
                else:
                    cells += [
                        Cell(_num(100 * fig.cer), 100 * fig.cer, css="num"),
                        Cell(
                            _num(100 * fig.word_change_rate), 100 * fig.word_change_rate, css="num"
                        ),
                        Cell(
                            _num(100 * fig.changed_fraction), 100 * fig.changed_fraction, css="num"
                        ),
                    ]
            rows.append(Row(tuple(cells)))
    caption = f"{task}: per language, clean" + (f" and {profile}" if profile else "")
    return Table(f"langs-{profile or CLEAN}", caption, tuple(cols), tuple(rows))


def comparison_table(board: Board, comp: Comparison) -> Table:
    cols = [
        Column("task", "Task", numeric=False),
        Column("langs", "Languages", title="languages compared"),
    ]
    groups: list[tuple[str, int]] = [("", 2)]
    for p in board.all_profiles:
        cols.append(Column(f"gain-{p}", "gain", title=f"STILTs minus baseline under {p} [95% CI]"))
        if p != CLEAN:
            cols.append(
                Column(
                    f"change-{p}",
                    "gain change",
                    title=f"gain under {p} minus gain on clean [95% CI]",
                )
            )
        groups.append((p, 1 if p == CLEAN else 2))
    rows = []

    def row(label: str, href: str | None, gains: Mapping[str, Gain], css: str = "") -> Row:
        langs = gains[CLEAN].languages
        count = f"{len(langs)} tasks" if css == "group" else str(len(langs))
        cells = [
            Cell(label, label, href=href, css="name"),
            Cell(count, float(len(langs)), css="num", title=", ".join(langs)),
        ]
        for p in board.all_profiles:
            g = gains.get(p)
            cells.append(_est_cell(g.gain if g else None, signed=True, sig=True))
            if p != CLEAN:
                cells.append(_est_cell(g.change if g else None, signed=True, sig=True))
        return Row(tuple(cells), css)

    rows.append(row("overall", None, comp.overall, "group"))
    for t in board.tasks:
        if t in comp.rows:
            rows.append(
                row(t + ("" if t in board.overall_tasks else " †"), f"tasks/{t}.html", comp.rows[t])
            )
    return Table(
        f"compare-{comp.slug}",
        f"{comp.stilts.sub.manifest.name} minus {comp.baseline.sub.manifest.name}",
        tuple(cols),
        tuple(rows),
        tuple(groups),
    )


def submission_scores_table(board: Board, b: SubmissionBoard) -> Table:
    cols = [
        Column("task", "Task", numeric=False),
        Column("langs", "Languages", title="languages with results / on the board"),
        Column("clean", "Clean", title="task score [95% CI]"),
    ]
    for p in board.profiles:
        cols += [Column(f"score-{p}", p), Column(f"delta-{p}", f"Δ {p}")]
    rows = []
    for t in board.tasks:
        tr = b.tasks.get(t)
        link = f"tasks/{t}.html"
        if tr is None:
            rows.append(
                Row(
                    (
                        Cell(t, t, href=link, css="name"),
                        Cell(
                            f"0/{len(board.languages[t])}",
                            0.0,
                            css="num partial",
                            badge="no results",
                        ),
                        *([Cell(DASH, None, css="num")] * (1 + 2 * len(board.profiles))),
                    )
                )
            )
            continue
        n_langs = len(board.languages[t])
        cells = [
            Cell(t, t, href=link, css="name"),
            Cell(
                f"{len(tr.languages)}/{n_langs}",
                len(tr.languages) / n_langs,
                css="num" + (" partial" if tr.missing else ""),
                title=("missing: " + ", ".join(tr.missing))
                if tr.missing
                else "all board languages",
            ),
            _est_cell(tr.clean),
        ]
        for p in board.profiles:
            cells += [_est_cell(tr.noisy.get(p)), _est_cell(tr.delta.get(p), signed=True)]
        rows.append(Row(tuple(cells)))
    return Table("scores", "Task scores", tuple(cols), tuple(rows))


def _lang_order(board: Board, task: str, lang: str) -> int:
    langs = board.languages.get(task, ())
    return langs.index(lang) if lang in langs else len(langs)


def signatures_table(board: Board, b: SubmissionBoard) -> Table:
    cols = (
        Column("task", "Task", numeric=False),
        Column("lang", "Lang", numeric=False),
        Column("profile", "Profile", numeric=False),
        Column("score", "Score"),
        Column("n", "n"),
        Column("signature", "Signature", numeric=False),
        Column("data", "Data", numeric=False),
        Column("device", "Device", numeric=False),
        Column("created", "Scored at", numeric=False),
    )
    profile_rank = {p: i for i, p in enumerate(board.all_profiles)}
    task_rank = {t: i for i, t in enumerate(board.tasks)}
    items = sorted(
        b.records.items(),
        key=lambda kv: (
            task_rank.get(kv[0][0], len(task_rank)),
            kv[0][0],
            _lang_order(board, kv[0][0], kv[0][1]),
            kv[0][1],
            profile_rank.get(kv[0][2], len(profile_rank)),
            kv[0][2],
        ),
    )
    rows = []
    for (t, lang, p), r in items:
        data = r.provenance.data
        rows.append(
            Row(
                (
                    Cell(t, t),
                    Cell(lang, lang),
                    Cell(p, p),
                    Cell(_num(r.main), r.main, css="num"),
                    Cell(str(r.n), float(r.n), css="num"),
                    Cell(r.signature, r.signature, css="mono", title=f"key {r.key}"),
                    Cell(
                        data.source,
                        data.source,
                        title=data.location + (f" @ {data.revision}" if data.revision else ""),
                    ),
                    Cell(r.provenance.device, r.provenance.device),
                    Cell(r.provenance.created_at, r.provenance.created_at, css="mono"),
                )
            )
        )
    return Table("signatures", "Every result record and its signature", cols, tuple(rows))


def checkpoints_table(b: SubmissionBoard) -> Table:
    cols = (
        Column("key", "Key", numeric=False),
        Column("checkpoint", "Checkpoint", numeric=False),
        Column("kind", "Kind", numeric=False),
        Column("tasks", "Tasks", numeric=False),
    )
    rows = []
    for ref in b.sub.checkpoints:
        kind = "hub (pinned)" if ref.hub is not None else "local path"
        rows.append(
            Row(
                (
                    Cell(ref.key, ref.key),
                    Cell(ref.written, ref.written, css="mono"),
                    Cell(kind, kind),
                    Cell(", ".join(ref.tasks) or DASH, ", ".join(ref.tasks)),
                )
            )
        )
    return Table("checkpoints", "Checkpoints as the manifest names them", cols, tuple(rows))


def markdown_table(board: Board) -> str:
    """The main table as GitHub Markdown (tabulate), for a README."""
    table = index_table(board)
    headers, rows = table.plain()
    rows = [[_md(cell) for cell in row] for row in rows]
    headers = [_md(h) if h != "#" else "rank" for h in headers]
    text = tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)
    tasks = ", ".join(board.overall_tasks) or "none"
    return (
        f"{text}\n\nOverall: {_mode_text(board)} over {tasks}. Δ is noisy minus clean in points; "
        "kept is noisy / clean.\n"
    )


def _md(text: str) -> str:
    """Plain text for a Markdown table cell: HTML stays inert, pipes stay inside the cell."""
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("|", "\\|")
        .replace("\n", " ")
        .replace(MINUS, "-")
    )


def _mode_text(board: Board) -> str:
    return "mean over tasks" if board.config.overall == "task_mean" else "mean over categories"


# --------------------------------------------------------------------------- charts on pages


def _delta_groups(
    names: Sequence[str], rows: Iterable[tuple[str, str, Sequence[Estimate | None]]]
) -> list[tuple[str, list[Bar]]]:
    """Bar groups of a delta chart: per (group label, cell name, one delta per submission),
    a bar for every submission that has the delta; groups without any bar are left out."""
    groups = []
    for label, cell, deltas in rows:
        bars = [
            Bar(i, d.value, d, f"{names[i]}, {cell}: Δ {_signed(d.value)} {_ci(d, signed=True)}")
            for i, d in enumerate(deltas)
            if d is not None
        ]
        if bars:
            groups.append((label, bars))
    return groups


def delta_chart(board: Board, profile: str) -> Chart:
    names = [b.sub.manifest.name for b in board.submissions]
    rows = []
    for t in board.tasks:
        deltas = []
        for b in board.submissions:
            tr = b.tasks.get(t)
            deltas.append(tr.delta.get(profile) if tr else None)
        rows.append((t, t, deltas))
    groups = _delta_groups(names, rows)
    return bar_chart(
        f"delta-{profile}",
        f"Δ per task under {profile}",
        f"Change of each task score under {profile}, in points, with 95% intervals",
        groups,
        names,
        f"points ({profile} − clean)",  # noqa: RUF001
    )


def clean_noisy_chart(board: Board) -> Chart:
    rows = []
    for b in board.submissions:
        clean = b.overall[CLEAN].value
        points = [
            (i, b.overall[p].value, f"{b.sub.manifest.name}: {p} {_num(b.overall[p].value)}")
            for i, p in enumerate(board.profiles)
        ]
        rows.append((b.sub.manifest.name, clean, points))
    return dumbbell_chart(
        "clean-noisy",
        "Clean vs noisy overall score per submission",
        "Overall score on clean input (hollow) and under each profile",
        rows,
        board.profiles,
    )


def task_delta_chart(board: Board, task: str, profile: str) -> Chart:
    names = [b.sub.manifest.name for b in board.submissions]
    rows = []
    for lang in board.languages[task]:
        deltas = []
        for b in board.submissions:
            tr = b.tasks.get(task)
            cell = next((c for c in tr.cells if c.language == lang), None) if tr else None
            deltas.append(cell.delta.get(profile) if cell else None)
        rows.append((lang, f"{task}.{lang}", deltas))
    groups = _delta_groups(names, rows)
    return bar_chart(
        f"task-delta-{profile}",
        f"{task}: Δ per language under {profile}",
        f"Per-language change under {profile}, in points, with paired 95% intervals",
        groups,
        names,
        f"points ({profile} − clean)",  # noqa: RUF001
    )


def comparison_chart(board: Board, comp: Comparison) -> Chart:
    groups = []
    order = [("overall", comp.overall)] + [(t, comp.rows[t]) for t in board.tasks if t in comp.rows]
    for label, gains in order:
        bars = []
        for i, p in enumerate(board.all_profiles):
            g = gains.get(p)
            if g is not None and g.gain is not None:
                bars.append(
                    Bar(
                        i,
                        g.gain.value,
                        g.gain,
                        f"{label}, {p}: gain {_signed(g.gain.value)} {_ci(g.gain, signed=True)}",
                    )
                )
        if bars:
            groups.append((label, bars))
    return bar_chart(
        f"chart-{comp.slug}",
        "STILTs gain over the baseline",
        "STILTs minus baseline per task and profile, in points, with paired 95% intervals",
        groups,
        board.all_profiles,
        "points (STILTs − baseline)",  # noqa: RUF001
    )


# --------------------------------------------------------------------------- downloads


def _est_json(e: Estimate | None) -> dict[str, float] | None:
    if e is None:
        return None
    return {"value": round(e.value, 4), "low": round(e.low, 4), "high": round(e.high, 4)}


def _r(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else round(x, 4)


def board_json(board: Board) -> dict[str, Any]:
    """Everything on the board as plain data (the JSON download)."""
    subs = []
    for b in board.submissions:
        tasks = {}
        for t, tr in b.tasks.items():
            tasks[t] = {
                "languages": list(tr.languages),
                "missing_languages": list(tr.missing),
                "clean": _est_json(tr.clean),
                "profiles": {
                    p: {
                        "score": _est_json(tr.noisy.get(p)),
                        "delta": _est_json(tr.delta.get(p)),
                        "partial": tr.partial[p],
                    }
                    for p in board.profiles
                },
                "cells": [
                    {
                        "language": c.language,
                        "n": c.n,
                        "clean": _est_json(c.clean),
                        "profiles": {
                            p: {
                                "score": _est_json(c.noisy.get(p)),
                                "delta": _est_json(c.delta.get(p)),
                                "noise": c.noise[p].model_dump() if p in c.noise else None,
                            }
                            for p in board.profiles
                        },
                    }
                    for c in tr.cells
                ],
            }
        subs.append(
            {
                **manifest_metadata(b.sub),
                "overall": {
                    p: {
                        "value": _r(b.overall[p].value),
                        "partial": b.overall[p].partial,
                        "missing_tasks": list(b.overall[p].missing),
                        "incomplete_tasks": list(b.overall[p].incomplete),
                        **({"delta": _est_json(b.overall_delta[p])} if p != CLEAN else {}),
                    }
                    for p in board.all_profiles
                },
                "categories": {
                    c: {p: _r(v) for p, v in vals.items()}
                    for c, vals in sorted(b.categories.items())
                },
                "tasks": tasks,
                "superseded_records": b.superseded,
                "signatures": sorted(r.signature for r in b.records.values()),
            }
        )
    comps = []
    for comp in board.comparisons:

        def gains(g: Mapping[str, Gain]) -> dict[str, Any]:
            return {
                p: {
                    "gain": _est_json(x.gain),
                    "change": _est_json(x.change),
                    "languages": list(x.languages),
                }
                for p, x in g.items()
            }

        comps.append(
            {
                "stilts": comp.stilts.id,
                "baseline": comp.baseline.id,
                "overall": gains(comp.overall),
                "tasks": {t: gains(g) for t, g in comp.rows.items()},
                "notes": list(comp.notes),
            }
        )
    return {
        "title": board.config.title,
        "harness_version": __version__,
        "benchmark": board.config.benchmark,
        "overall": board.config.overall,
        "bootstrap": board.config.bootstrap.model_dump(),
        "tasks": [
            {
                "name": t,
                "category": board.registry.task(t).category,
                "in_overall": t in board.overall_tasks,
                "languages": list(board.languages[t]),
            }
            for t in board.tasks
        ],
        "profiles": list(board.profiles),
        "submissions": subs,
        "comparisons": comps,
    }


def _csv(rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def board_csv(board: Board) -> str:
    """One row per submission: the main table's values."""
    header = ["rank", "id", "name", "method", "base_model", "clean", "clean_partial"]
    for p in board.profiles:
        header += [
            p,
            f"{p}_partial",
            f"delta_{p}",
            f"delta_{p}_low",
            f"delta_{p}_high",
            f"kept_{p}",
        ]
    header += [f"category_{c}" for c in board.categories]
    header += [f"task_{t}" for t in board.tasks]
    rows: list[list[Any]] = [header]
    for i, b in enumerate(board.submissions):
        m = b.sub.manifest
        clean = b.overall[CLEAN]
        row: list[Any] = [
            i + 1,
            b.id,
            m.name,
            m.method,
            m.base_model,
            _r(clean.value),
            clean.partial,
        ]
        for p in board.profiles:
            agg, d = b.overall[p], b.overall_delta[p]
            kept = 100 * agg.value / clean.value if agg.value is not None and clean.value else None
            row += [
                _r(agg.value),
                agg.partial,
                _r(d.value if d else None),
                _r(d.low if d else None),
                _r(d.high if d else None),
                _r(kept),
            ]
        row += [_r(b.categories.get(c, {}).get(CLEAN)) for c in board.categories]
        row += [_r(b.tasks[t].clean.value) if t in b.tasks else None for t in board.tasks]
        rows.append(row)
    return _csv(rows)


def results_csv(board: Board) -> str:
    """One row per (submission, task, language, profile)."""
    rows: list[list[Any]] = [
        [
            "submission",
            "task",
            "language",
            "profile",
            "n",
            "score",
            "score_low",
            "score_high",
            "delta",
            "delta_low",
            "delta_high",
            "cer",
            "word_change_rate",
            "changed_fraction",
            "signature",
        ]
    ]
    for b in sorted(board.submissions, key=lambda b: b.id):
        for t in board.tasks:
            tr = b.tasks.get(t)
            if tr is None:
                continue
            for c in tr.cells:
                clean = b.records[(t, c.language, CLEAN)]
                rows.append(
                    [
                        b.id,
                        t,
                        c.language,
                        CLEAN,
                        c.n,
                        _r(c.clean.value),
                        _r(c.clean.low),
                        _r(c.clean.high),
                        None,
                        None,
                        None,
                        0.0,
                        0.0,
                        0.0,
                        clean.signature,
                    ]
                )
                for p in board.profiles:
                    if p not in c.noisy:
                        continue
                    s, d, f = c.noisy[p], c.delta[p], c.noise[p]
                    rec = b.records[(t, c.language, p)]
                    rows.append(
                        [
                            b.id,
                            t,
                            c.language,
                            p,
                            c.n,
                            _r(s.value),
                            _r(s.low),
                            _r(s.high),
                            _r(d.value),
                            _r(d.low),
                            _r(d.high),
                            _r(f.cer),
                            _r(f.word_change_rate),
                            _r(f.changed_fraction),
                            rec.signature,
                        ]
                    )
    return _csv(rows)


# --------------------------------------------------------------------------- rendering


def _site_dir() -> Path:
    return paths.project_root() / "leaderboard"


def _csp_hash(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def _environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def site_files(board: Board, site_dir: Path | None = None) -> dict[str, str]:
    """Render every page and download: relative path -> text.

    Raises:
        ConfigError: a template or static file is missing.
    """
    site = site_dir or _site_dir()
    try:
        style = (site / "static" / "style.css").read_text(encoding="utf-8")
        script = (site / "static" / "sort.js").read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"leaderboard static file missing: {exc.filename}") from None
    csp = (
        "default-src 'none'; img-src data:; "
        f"style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )
    env = _environment(site / "templates")
    b = board.config.bootstrap
    common = {
        "board": board,
        "title": board.config.title,
        "csp": csp,
        # Our own static files, inlined verbatim and allowed by their hashes in the CSP.
        "style": Markup(style),
        "script": Markup(script),
        "version": __version__,
        "tasks": board.tasks,
        "profiles": board.profiles,
        "has_comparisons": bool(board.comparisons),
        "mode_text": _mode_text(board),
        "bootstrap_text": (
            f"{round(b.confidence * 100)}% paired-bootstrap intervals: {b.replicates} replicates, "
            f"seed {b.seed}, examples resampled within each language"
        ),
        "method_labels": METHOD_LABELS,
        "category_labels": CATEGORY_LABELS,
    }

    def render(name: str, root: str, page_title: str, current: str, **ctx: Any) -> str:
        try:
            template = env.get_template(name)
        except jinja2.TemplateNotFound:
            raise ConfigError(
                f"leaderboard template missing: {site / 'templates' / name}"
            ) from None
        return template.render(**common, root=root, page_title=page_title, current=current, **ctx)

    files: dict[str, str] = {}
    sources = sorted(
        {r.provenance.data.source for s in board.submissions for r in s.records.values()}
    )
    others = [t for t in board.tasks if t not in board.overall_tasks]
    files["index.html"] = render(
        "index.html.j2",
        "",
        board.config.title,
        "index",
        main_table=index_table(board),
        task_table=task_columns_table(board),
        tasks_table=tasks_list_table(board),
        delta_charts=[delta_chart(board, p) for p in board.profiles],
        clean_noisy=clean_noisy_chart(board) if board.profiles else None,
        data_sources=sources,
        other_tasks=others,
        n_benchmark=sum(
            1 for e in board.registry.tasks.values() if board.config.benchmark in e.model.benchmarks
        ),
    )
    for t in board.tasks:
        card = board.registry.task(t)
        profiles: list[str | None] = list(board.profiles) or [None]
        files[f"tasks/{t}.html"] = render(
            "task.html.j2",
            "../",
            f"{t} · {board.config.title}",
            t,
            card=card,
            in_overall=t in board.overall_tasks,
            languages=board.languages[t],
            sections=[
                {
                    "profile": p,
                    "table": task_table(board, t, p),
                    "chart": task_delta_chart(board, t, p) if p is not None else None,
                    "description": board.registry.profile(p).description if p else "",
                }
                for p in profiles
            ],
        )
    for s in board.submissions:
        files[f"submissions/{s.id}.html"] = render(
            "submission.html.j2",
            "../",
            f"{s.sub.manifest.name} · {board.config.title}",
            "submission",
            s=s,
            m=s.sub.manifest,
            links=sorted(s.sub.manifest.links.items()),
            checkpoints=checkpoints_table(s),
            scores=submission_scores_table(board, s),
            signatures=signatures_table(board, s),
            overall=[(p, s.overall[p]) for p in board.all_profiles],
        )
    files["compare.html"] = render(
        "compare.html.j2",
        "",
        f"STILTs vs baseline · {board.config.title}",
        "compare",
        comparisons=[
            {"c": c, "table": comparison_table(board, c), "chart": comparison_chart(board, c)}
            for c in board.comparisons
        ],
        notes=board.comparison_notes,
    )
    files["data/leaderboard.json"] = (
        json.dumps(board_json(board), indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    )
    files["data/leaderboard.csv"] = board_csv(board)
    files["data/results.csv"] = results_csv(board)
    files["leaderboard.md"] = markdown_table(board)
    return files


def write_site(files: Mapping[str, str], out: Path) -> None:
    """Write the files as the whole content of `out`, replacing a previous build.

    The files go to a temporary sibling folder first, which then replaces `out`, so a failed
    build leaves the previous site untouched. `out` must be empty, absent, or a previous build
    (it holds the marker file `.harness-leaderboard`).

    Raises:
        ConfigError: `out` holds something that is not a previous build.
    """
    out = Path(out)
    if out.exists():
        if not out.is_dir():
            raise ConfigError(f"--out {out}: is a file")
        if any(out.iterdir()) and not (out / MARKER).is_file():
            raise ConfigError(
                f"--out {out}: the folder is not empty and holds no previous leaderboard build",
                hint="pass a new or empty folder (a build replaces the folder's content)",
            )
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        for rel, text in sorted({**files, MARKER: "built by harness leaderboard build\n"}.items()):
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8", newline="\n")
        tmp.chmod(0o755)
        old = None
        if out.exists():
            old = out.parent / f".{out.name}.old-{os.getpid()}"
            out.rename(old)
        tmp.rename(out)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def build_leaderboard(
    registry: Registry,
    submissions: Sequence[LoadedSubmission],
    out: Path,
    *,
    results_root: Path | None = None,
    config: LeaderboardConfig | None = None,
    fmt: Literal["html", "markdown"] = "html",
) -> Board:
    """Summarize and write the leaderboard; return the summary.

    `html` writes the whole site (pages, JSON, CSV, leaderboard.md); `markdown` writes only
    `out/leaderboard.md`.

    Raises:
        ConfigError: see `summarize_board` and `write_site`.
        SchemaError: a result file is not a valid record.
    """
    board = summarize_board(registry, submissions, results_root, config or LeaderboardConfig())
    if fmt == "markdown":
        atomic_write_text(Path(out) / "leaderboard.md", markdown_table(board))
    else:
        write_site(site_files(board), Path(out))
    return board
