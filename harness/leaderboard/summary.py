"""The board's summary: one record per cell, XTREME-R aggregation, paired-bootstrap intervals.

`summarize_board` reads each submission's result store (`<results root>/<id>/`; with several
results roots, such as the stores of a sharded run, the union of theirs), keeps one
record per (task, language, profile), aggregates scores the XTREME-R way (harness.aggregate)
and computes 95% paired-bootstrap intervals from the stored per-example columns
(harness.metrics.bootstrap). A profile scored with K noise draws counts with the mean over its
draws, its interval from the two-level bootstrap, and its worst of K beside it
(docs/design/draws.md).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from harness.aggregate import OverallMode, language_frame, summarize
from harness.errors import ConfigError
from harness.leaderboard.config import LeaderboardConfig
from harness.leaderboard.flipped import FlippedCell, flipped_cells
from harness.metrics.bootstrap import Arm, ColumnSource, Estimate, PairedBootstrap
from harness.metrics.draws import worst_of
from harness.metrics.registry import metric_def
from harness.registry import Registry, suggest
from harness.results import ResultStore, read_result
from harness.schema import NoiseFigures, RunResult
from harness.submissions import LoadedSubmission

CLEAN = "clean"
#: The data kinds ranked apart, in the order their rankings are shown.
KINDS = ("official", "samples")
KIND_LABELS = {
    "official": "official test sets (official files or the hub)",
    "samples": "the bundled samples (a few examples per language: a smoke test, not a benchmark)",
}
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
class Draws:
    """A profile scored with K >= 2 noise draws: K and the worst-of-K score with its interval
    (None where the metric has no per-example statistic). The mean is the cell's noisy score."""

    k: int
    worst: Estimate | None


@dataclass(frozen=True)
class LangCell:
    """One (submission, task, language): clean and per-profile scores with intervals.

    `noisy` and `delta` of a profile with several noise draws are the mean over its draws;
    `draws` has K and the worst of K for those profiles only."""

    language: str
    n: int
    clean: Estimate
    noisy: Mapping[str, Estimate]
    delta: Mapping[str, Estimate]
    noise: Mapping[str, NoiseFigures]
    draws: Mapping[str, Draws] = field(default_factory=dict)


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
    draws: Mapping[str, Draws] = field(default_factory=dict)
    noisy_arms: Mapping[str, Arm] = field(default_factory=dict, repr=False)


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
    nonstandard: tuple[str, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.missing or self.incomplete)

    def describe(self) -> str:
        parts = []
        if self.missing:
            parts.append(f"no results for {', '.join(self.missing)}")
        if self.incomplete:
            parts.append(f"some languages missing in {', '.join(self.incomplete)}")
        text = "partial: " + "; ".join(parts) if parts else "complete"
        if self.nonstandard:
            text += f"; includes nonstandard data ({', '.join(self.nonstandard)})"
        return text


@dataclass(frozen=True)
class SubmissionBoard:
    """Everything the board shows about one submission.

    Attributes:
        kind: the data kind of its board records (`official`: official files or the hub;
            `samples`: the bundled samples; `mixed`: both), None without results.
        ranked_in: the data kind whose ranking it takes part in; None when not ranked.
        reason: why it is not ranked, in words ("" when it is).
        nonstandard: its board cells (`task.lang`) scored on nonstandard data.

    `records` holds draw 0 of every (task, language, profile); `draws` every draw of the cells
    scored with 2+ noise draws (draw 0 first). `overall_ci` is each profile's overall score
    with its interval (two-level where a profile has several draws).
    """

    sub: LoadedSubmission
    records: Mapping[tuple[str, str, str], RunResult]
    superseded: int
    tasks: Mapping[str, TaskResult]
    overall: Mapping[str, Aggregate]
    overall_delta: Mapping[str, Estimate | None]
    categories: Mapping[str, Mapping[str, float]]
    kind: str | None = None
    ranked_in: str | None = None
    reason: str = ""
    nonstandard: tuple[str, ...] = ()
    draws: Mapping[tuple[str, str, str], tuple[RunResult, ...]] = field(default_factory=dict)
    overall_ci: Mapping[str, Estimate] = field(default_factory=dict)

    @property
    def scored(self) -> bool:
        """Whether it has any result on the board."""
        return bool(self.tasks)

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
    ranked: tuple[tuple[str, tuple[SubmissionBoard, ...]], ...] = ()
    unranked: tuple[SubmissionBoard, ...] = ()

    @property
    def all_profiles(self) -> tuple[str, ...]:
        return (CLEAN, *self.profiles)

    @property
    def not_scored(self) -> tuple[SubmissionBoard, ...]:
        """The submissions without any result on the board (listed as "not scored yet")."""
        return tuple(b for b in self.unranked if not b.scored)


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


Cells = dict[tuple[str, str, str], RunResult]
DrawCells = dict[tuple[str, str, str], tuple[RunResult, ...]]


def _select(records: Iterable[RunResult]) -> tuple[Cells, DrawCells, int]:
    """One record per (task, language, profile, noise draw).

    All profiles of a (task, language) come from one run group (same checkpoint and data
    fingerprints), so clean and noisy are paired; the group with the newest record wins, and
    within it the newest record per profile and draw. Everything else is counted as
    superseded. Returns draw 0 per cell, every draw of the cells with 2+ draws (draws without
    a draw 0 are left out) and the superseded count.
    """
    by_cell: dict[tuple[str, str], list[RunResult]] = {}
    for r in records:
        by_cell.setdefault((r.task, r.language), []).append(r)
    chosen: Cells = {}
    draws: DrawCells = {}
    superseded = 0
    for (task, lang), recs in sorted(by_cell.items()):
        groups: dict[tuple[str, str], list[RunResult]] = {}
        for r in recs:
            groups.setdefault((r.provenance.model.fingerprint, r.provenance.data.fingerprint), [])
            groups[(r.provenance.model.fingerprint, r.provenance.data.fingerprint)].append(r)
        best = max(groups, key=lambda g: (max(r.provenance.created_at for r in groups[g]), g))
        picked: dict[tuple[str, int], RunResult] = {}
        for r in sorted(groups[best], key=lambda r: (r.provenance.created_at, r.key)):
            picked[(r.profile, r.draw)] = r
        for (profile, draw), r in sorted(picked.items()):
            if draw == 0:
                chosen[(task, lang, profile)] = r
            elif (profile, 0) in picked:
                draws.setdefault((task, lang, profile), (picked[(profile, 0)],))
                draws[(task, lang, profile)] += (r,)
        superseded += len(recs) - len(picked)
    return chosen, draws, superseded


def record_kind(r: RunResult) -> str:
    """A record's data kind: `samples` for the bundled samples, else `official` (official
    files and the hub serve the same official test sets)."""
    return "samples" if r.provenance.data.source == "samples" else "official"


def is_nonstandard(r: RunResult) -> bool:
    """Whether a record was scored on data that is not the card's official test set."""
    return r.nonstandard is not None or r.provenance.data.state == "nonstandard"


def _kind_of(records: Iterable[RunResult]) -> str | None:
    kinds = {record_kind(r) for r in records}
    if not kinds:
        return None
    return kinds.pop() if len(kinds) == 1 else "mixed"


def _cells(records: Iterable[RunResult]) -> tuple[str, ...]:
    return tuple(sorted({f"{r.task}.{r.language}" for r in records}))


def _combine(arms: Mapping[str, Arm], categories: Mapping[str, str], mode: OverallMode) -> Arm:
    if mode == "task_mean":
        return Arm.mean([arms[t] for t in sorted(arms)])
    by_cat: dict[str, list[Arm]] = {}
    for t in sorted(arms):
        by_cat.setdefault(categories[t], []).append(arms[t])
    return Arm.mean([Arm.mean(v) for _, v in sorted(by_cat.items())])


class _Summarizer:
    def __init__(
        self, registry: Registry, config: LeaderboardConfig, columns: ColumnSource | None = None
    ) -> None:
        self.registry = registry
        self.config = config
        b = config.bootstrap
        self.boot = PairedBootstrap(b.replicates, b.seed, b.confidence, columns)
        self.categories = {name: e.model.category for name, e in registry.tasks.items()}

    def with_columns(self, record: RunResult) -> RunResult:
        """The record with its per-example columns (read back where it is held without)."""
        if record.per_example:
            return record
        return record.model_copy(update={"per_example": dict(self.boot.columns(record))})

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
        draws: Mapping[tuple[str, str, str], tuple[RunResult, ...]] | None = None,
    ) -> TaskResult | None:
        card = self.registry.task(task)
        metric = metric_def(card.metric.name)
        cells: list[LangCell] = []
        clean_arms: list[Arm] = []
        noisy_arms: dict[str, list[Arm]] = {p: [] for p in profiles}
        delta_arms: dict[str, list[Arm]] = {p: [] for p in profiles}
        worst_arms: dict[str, list[Arm]] = {p: [] for p in profiles}
        most: dict[str, int] = {}
        for lang in langs:
            clean = records.get((task, lang, CLEAN))
            if clean is None:
                continue
            (c_arm,) = self.arms([clean], task, lang)
            clean_arms.append(c_arm)
            noisy: dict[str, Estimate] = {}
            delta: dict[str, Estimate] = {}
            noise: dict[str, NoiseFigures] = {}
            cell_draws: dict[str, Draws] = {}
            for p in profiles:
                rec = records.get((task, lang, p))
                if rec is None:
                    continue
                recs = (draws or {}).get((task, lang, p), (rec,))
                c, *per_draw = self.arms([clean, *recs], task, lang)
                n = self.boot.draw_mean(per_draw, f"{task}.{lang}|{p}")
                noisy_arms[p].append(n)
                delta_arms[p].append(n - c)
                noisy[p] = self.est(n)
                delta[p] = self.est(n - c)
                noise[p] = rec.noise
                w_arm = n
                if len(recs) > 1:
                    most[p] = max(most.get(p, 1), len(recs))
                    worst = worst_of([self.with_columns(r) for r in recs], metric, card.metric.main)
                    w_arm = self.arms([clean, worst], task, lang)[1] if worst else n
                    cell_draws[p] = Draws(len(recs), self.est(w_arm) if worst else None)
                worst_arms[p].append(w_arm)
            cells.append(LangCell(lang, clean.n, self.est(c_arm), noisy, delta, noise, cell_draws))
        if not cells:
            return None
        have = tuple(c.language for c in cells)
        partial = {CLEAN: len(have) < len(langs)}
        for p in profiles:
            partial[p] = len(delta_arms[p]) < len(langs)
        clean_arm = Arm.mean(clean_arms)
        # a task's worst of K: the mean over languages of each one's worst (of 1 where one draw)
        task_draws = {
            p: Draws(k, self.est(Arm.mean(worst_arms[p])) if metric.example_score else None)
            for p, k in most.items()
        }
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
            draws=task_draws,
            noisy_arms={p: Arm.mean(a) for p, a in noisy_arms.items() if a},
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
        draws: Mapping[tuple[str, str, str], tuple[RunResult, ...]] | None = None,
    ) -> SubmissionBoard:
        draws = draws or {}
        results: dict[str, TaskResult] = {}
        for task in tasks:
            tr = self.task_result(records, task, languages[task], profiles, draws)
            if tr is not None:
                results[task] = tr
        on_board = [
            r
            for (t, lang, p), rec in sorted(records.items())
            if t in results and p in {CLEAN, *profiles} and lang in languages[t]
            for r in draws.get((t, lang, p), (rec,))
        ]
        in_overall = [r for r in on_board if r.task in overall_tasks]
        summary = summarize(language_frame(in_overall), self.categories, self.config.overall)
        nonstandard = {(r.task, r.language) for r in on_board if is_nonstandard(r)}
        overall: dict[str, Aggregate] = {}
        overall_delta: dict[str, Estimate | None] = {}
        overall_ci: dict[str, Estimate] = {}
        for p in (CLEAN, *profiles):
            score_arms = {
                t: results[t].clean_arm if p == CLEAN else results[t].noisy_arms[p]
                for t in overall_tasks
                if t in results and (p == CLEAN or p in results[t].noisy_arms)
            }
            if score_arms:
                mode = self.config.overall
                overall_ci[p] = self.est(_combine(score_arms, self.categories, mode))
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
            mixed_in = tuple(
                sorted(
                    {
                        f"{r.task}.{r.language}"
                        for r in in_overall
                        if r.profile in (CLEAN, p) and (r.task, r.language) in nonstandard
                    }
                )
            )
            overall[p] = Aggregate(summary.overall.get(p), missing, incomplete, mixed_in)
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
            kind=_kind_of(on_board),
            nonstandard=tuple(f"{t}.{lang}" for t, lang in sorted(nonstandard)),
            draws={k: v for k, v in draws.items() if k in records},
            overall_ci=overall_ci,
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
                    s_draws = s.draws.get((task, lang, p), (sp,))
                    b_draws = b.draws.get((task, lang, p), (bp,))
                    c_s, c_b, *noisy = self.arms([sc, bc, *s_draws, *b_draws], task, lang)
                    # the same draw picks for both: draw d of either used the same noise
                    n_s = self.boot.draw_mean(noisy[: len(s_draws)], f"{task}.{lang}|{p}")
                    n_b = self.boot.draw_mean(noisy[len(s_draws) :], f"{task}.{lang}|{p}")
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


def _read_records(stores: Sequence[Path], paths: dict[str, Path]) -> list[RunResult]:
    """Every record of the stores: their union by content key (a key found in several stores,
    a cell scored twice, keeps its newest record), so that reading the stores of a sharded
    run side by side gives what reading their merge does.

    The records are held without their per-example columns (`per_example` is empty): the
    bootstrap reads those back from the record's file, named in `paths` (record key -> JSON
    path), one cell at a time, so a board over many full-size submissions never holds every
    submission's columns at once."""
    by_key: dict[str, RunResult] = {}
    for store in stores:
        for path, r in ResultStore(store).items():
            old = by_key.get(r.key)
            if old is None or r.provenance.created_at > old.provenance.created_at:
                by_key[r.key] = r.model_copy(update={"per_example": {}})
                paths[r.key] = path
    return list(by_key.values())


class _StoredColumns:
    """The bootstrap's column source: a record's per-example columns, read back from its
    file (the records are held without them); the latest record's are kept, as a cell's
    records are asked for one after another."""

    def __init__(self, paths: Mapping[str, Path]) -> None:
        self.paths = paths
        self._last: tuple[str, Mapping[str, Sequence[object]]] | None = None

    def __call__(self, record: RunResult) -> Mapping[str, Sequence[object]]:
        if record.per_example:
            return record.per_example
        if self._last is None or self._last[0] != record.key:
            self._last = (record.key, read_result(self.paths[record.key]).per_example)
        return self._last[1]


def summarize_board(
    registry: Registry,
    submissions: Sequence[LoadedSubmission],
    results_root: Path | Sequence[Path] | None,
    config: LeaderboardConfig,
) -> Board:
    """Read every submission's results and summarize them for the board.

    Args:
        registry: task cards and profiles.
        submissions: the validated manifests.
        results_root: the folder holding one `<id>/` result store per submission, or several
            such folders (the stores of the shards of a run: their union is read); None means
            beside each manifest (`<manifest folder>/<id>/`).
        config: columns, aggregation and bootstrap settings.

    Raises:
        ConfigError: a configured task or profile has no results, a config name is unknown,
            a comparison names an unknown submission, or there is nothing to show.
        SchemaError: a result file is not a valid record.
    """
    warnings: list[str] = []
    loaded: list[tuple[LoadedSubmission, Cells, int]] = []
    all_draws: dict[str, DrawCells] = {}
    stores: dict[str, tuple[Path, ...]] = {}
    paths: dict[str, Path] = {}
    roots = [results_root] if isinstance(results_root, Path) else results_root
    for sub in sorted(submissions, key=lambda s: s.id):
        stores[sub.id] = tuple(root / sub.id for root in roots or [sub.path.parent])
        where = ", ".join(str(store) for store in stores[sub.id])
        records, draws, superseded = _select(_read_records(stores[sub.id], paths))
        all_draws[sub.id] = draws
        unknown = sorted({t for t, _, _ in records if t not in registry.tasks})
        if unknown:
            raise ConfigError(f"{where}: results for unknown task(s) {', '.join(unknown)}")
        unknown = sorted({p for _, _, p in records if p not in registry.profiles})
        if unknown:
            raise ConfigError(f"{where}: results for unknown profile(s) {', '.join(unknown)}")
        loaded.append((sub, records, superseded))
        if not records:
            warnings.append(f"{sub.id}: no results in {where}")

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
        where = ", ".join(map(str, roots)) if roots else "beside the manifests"
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

    # Coverage is judged within a data kind: the bundled samples hold other languages than
    # the official sets, and a samples row is compared only with samples rows.
    kind_of = {
        sub.id: _kind_of(r for (t, _, p), r in recs.items() if t in tasks and p == CLEAN)
        for sub, recs, _ in loaded
    }
    by_kind: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind in KINDS:
        members = [recs for sub, recs, _ in loaded if kind_of[sub.id] == kind]
        by_kind[kind] = {
            t: tuple(
                lang for lang in languages[t] if any((t, lang, CLEAN) in recs for recs in members)
            )
            for t in tasks
        }

    summarizer = _Summarizer(registry, config, _StoredColumns(paths))
    boards = tuple(
        summarizer.submission(
            sub,
            recs,
            sup,
            tasks,
            overall_tasks,
            by_kind.get(kind_of[sub.id] or "", languages),
            profiles,
            all_draws[sub.id],
        )
        for sub, recs, sup in loaded
    )
    boards = tuple(_ranked(b, overall_tasks, profiles) for b in boards)
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
    comparisons = []
    for s, b in pairs:
        shared = [t for t in tasks if t in s.tasks and t in b.tasks]
        if not shared:  # never a "0 tasks" pair with an empty chart
            why = [f"{x.sub.manifest.name} is not scored yet" for x in (s, b) if not x.scored]
            comparison_notes.append(
                f"{s.sub.manifest.name} vs {b.sub.manifest.name}: not compared, "
                + ("; ".join(why) if why else "no task has results from both")
                + "."
            )
            continue
        comparisons.append(summarizer.comparison(s, b, tasks, overall_tasks, profiles))

    def rank_key(b: SubmissionBoard) -> tuple[bool, float, str]:
        value = b.overall[CLEAN].value
        return (not b.scored, -value if value is not None else math.inf, b.id)

    ranked_groups = tuple(
        (kind, tuple(sorted((b for b in boards if b.ranked_in == kind), key=rank_key)))
        for kind in KINDS
        if any(b.ranked_in == kind for b in boards)
    )
    unranked = tuple(sorted((b for b in boards if b.ranked_in is None), key=rank_key))
    ranked = tuple(b for _, group in ranked_groups for b in group) + unranked
    return Board(
        config=config,
        tasks=tasks,
        profiles=profiles,
        overall_tasks=overall_tasks,
        categories=categories,
        languages=languages,
        submissions=ranked,
        comparisons=tuple(comparisons),
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
        ranked=ranked_groups,
        unranked=unranked,
    )


def _ranked(
    b: SubmissionBoard, overall_tasks: Sequence[str], profiles: Sequence[str]
) -> SubmissionBoard:
    """The submission with its place in the rankings: ranked among the rows of its data kind
    when its overall is complete on the board's columns and rests on standard data only;
    otherwise not ranked, with the reason in words."""
    reason = ""
    if not b.scored:
        reason = "not scored yet: no results in its result store"
    elif b.kind == "mixed":
        by_kind: dict[str, set[str]] = {}
        for (t, _, _), r in b.records.items():
            if t in b.tasks:
                by_kind.setdefault(record_kind(r), set()).add(t)
        reason = (
            "mixed data: bundled samples ("
            + ", ".join(sorted(by_kind.get("samples", ())))
            + ") and official test sets ("
            + ", ".join(sorted(by_kind.get("official", ())))
            + "); scores on different data are not comparable"
        )
    elif not overall_tasks:
        reason = "no task of the benchmark on the board, so no overall score"
    elif b.nonstandard:
        reason = f"nonstandard data in {len(b.nonstandard)} cell(s): {', '.join(b.nonstandard)}"
    else:
        for p in (CLEAN, *profiles):
            agg = b.overall[p]
            if agg.partial:
                reason = agg.describe() if p == CLEAN else f"under {p}, {agg.describe()}"
                break
    if reason:
        return replace(b, reason=reason)
    return replace(b, ranked_in=b.kind)
