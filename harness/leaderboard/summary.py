"""The board's summary: one record per cell, XTREME-R aggregation, paired-bootstrap intervals.

`summarize_board` reads each submission's result store (`<results root>/<id>/`), keeps one
record per (task, language, profile), aggregates scores the XTREME-R way (harness.aggregate)
and computes 95% paired-bootstrap intervals from the stored per-example columns
(harness.metrics.bootstrap).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness.aggregate import OverallMode, language_frame, summarize
from harness.errors import ConfigError
from harness.leaderboard.config import LeaderboardConfig
from harness.leaderboard.flipped import FlippedCell, flipped_cells
from harness.metrics.bootstrap import Arm, Estimate, PairedBootstrap
from harness.metrics.registry import metric_def
from harness.registry import Registry, suggest
from harness.results import ResultStore
from harness.schema import NoiseFigures, RunResult
from harness.submissions import LoadedSubmission

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
    #: task -> its "examples that flipped" cells, from sample logs (none: no such view)
    flipped: Mapping[str, tuple[FlippedCell, ...]] = field(default_factory=dict)

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
    stores: dict[str, Path] = {}
    for sub in sorted(submissions, key=lambda s: s.id):
        root = results_root if results_root is not None else sub.path.parent
        stores[sub.id] = root / sub.id
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
        flipped=flipped_cells(
            stores,
            {b.id: b.sub.manifest.name for b in ranked},
            {b.id: b.records for b in ranked},
            tasks,
            languages,
            profiles,
        ),
    )
