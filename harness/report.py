"""What a run returns: its records, its failures, and the tables and summaries made from them.

`harness.evaluate` returns a `Report`; `harness run` prints one and writes `--json` through
`Report.to_json`, so the CLI and the API can never disagree.

The overall score follows the leaderboard's rule everywhere: categories and the overall are
taken over the tasks of one benchmark (XTREME-R unless told otherwise); other tasks (PAWS-X,
BUCC) get their task scores, marked as outside it.

A profile scored with K noise draws (`draws=K`) is one row per (task, language, profile): the
mean over draws, an interval from the two-level bootstrap (draws, then examples paired with
clean) and the worst of K (docs/design/draws.md). With one draw every figure is the one-draw
figure it always was.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from harness import __version__
from harness.aggregate import Summary, group_draws, language_frame, summarize
from harness.errors import DataError
from harness.metrics.bootstrap import DEFAULT_CONFIDENCE, PairedBootstrap
from harness.metrics.draws import worst_of
from harness.metrics.registry import metric_def
from harness.registry import Registry
from harness.results import atomic_write_text
from harness.retrieval_settings import describe_settings
from harness.runner import CLEAN, CellFailure
from harness.samples import CellSamples
from harness.schema import Benchmark, RunResult
from harness.shards import Shard

__all__ = ["FRAME_COLUMNS", "Report"]


def _finite(value: float) -> float | None:
    """A float for JSON: None for NaN (JSON has no NaN)."""
    return None if value != value else float(value)


def _mean(values: list[float]) -> float:
    """The mean of one or more values; one value is returned as it is (bit for bit)."""
    return values[0] if len(values) == 1 else sum(values) / len(values)


#: The columns of `Report.to_pandas()`, in order.
FRAME_COLUMNS = (
    "task",
    "language",
    "profile",
    "n",
    "clean",
    "noisy",
    "delta",
    "delta_low",
    "delta_high",
    "word_change_rate",
    "cer",
    "changed_fraction",
    "signature",
    "draws",
    "worst",
)


def _encoder_entry(r: RunResult) -> dict[str, Any]:
    """A retrieval cell's encoder settings for `--json`: the values and the words."""
    words = describe_settings(r.provenance.settings)
    if words is None:
        return {}
    keys = ("pooling", "layer", "layers", "query_prefix", "index_prefix", "sentence_transformers")
    values = {k: r.provenance.settings[k] for k in keys if k in r.provenance.settings}
    return {"encoder": {**values, "description": words}}


@dataclass(frozen=True, eq=False)
class Report:
    """The outcome of one evaluation.

    Attributes:
        results: one record per scored (task, language, profile) cell, clean first.
        failures: the cells that could not be scored, each with its one-line reason.
        profiles: the noise profiles scored besides clean.
        model: what was scored, in words (a folder, a hub id, an in-memory model).
        settings: the run's options (data, limit, batch size, device, dtype, results).
        served_from_store: how many records came from the result store unscored.
        registry: the cards and profiles the run used.
        benchmark: the benchmark whose tasks make up the categories and the overall.
        samples: with `log_samples` and no result store, each cell's per-example sample log
            (`harness.samples.CellSamples`), in scoring order.
        sample_files: with `log_samples` and a result store, the sample log files written
            (or already there), one per cell.
        shard: the shard of the cells this run scored (`harness.shards`), or None for all:
            a shard's task scores, categories and overall cover its part only (`partial`).
        rankings: (task, language, profile) -> each query's whole ranked candidate list, for
            the ranked-retrieval cells (mewslix, lareqa) scored in this run; their records
            keep the top candidate and the ranks of the relevant ones (docs/results.md).
    """

    results: tuple[RunResult, ...]
    failures: tuple[CellFailure, ...]
    profiles: tuple[str, ...]
    model: str
    settings: Mapping[str, Any]
    served_from_store: int
    registry: Registry = field(repr=False)
    benchmark: Benchmark = "xtreme-r"
    samples: tuple[CellSamples, ...] = field(default=(), repr=False)
    sample_files: tuple[Path, ...] = ()
    shard: Shard | None = None
    rankings: Mapping[tuple[str, str, str], tuple[tuple[str, ...], ...]] = field(
        default_factory=dict, repr=False
    )

    @property
    def ok(self) -> bool:
        """Whether every requested cell was scored."""
        return not self.failures

    # ------------------------------------------------------------------ tables

    def aggregate(self) -> Summary:
        """Task scores (mean over languages), category means and the overall mean over tasks,
        as `harness run` prints them and the leaderboard computes them."""
        cards = self.registry.tasks
        categories = {name: e.model.category for name, e in cards.items()}
        members = {name for name, e in cards.items() if self.benchmark in e.model.benchmarks}
        return summarize(language_frame(self.results), categories, overall_tasks=members)

    @property
    def draws(self) -> dict[str, int]:
        """Profile -> the most noise draws any of its cells has (clean: 1)."""
        out: dict[str, int] = {}
        for (_, _, profile), records in group_draws(self.results).items():
            out[profile] = max(out.get(profile, 0), len(records))
        return out

    def _worst_records(self) -> dict[tuple[str, str, str], RunResult]:
        """(task, language, profile) -> its worst-of-K record, for cells with 2+ draws whose
        metric has a per-example statistic."""
        out: dict[tuple[str, str, str], RunResult] = {}
        for cell, records in group_draws(self.results).items():
            if cell[2] == CLEAN or len(records) < 2:
                continue
            card = self.registry.task(cell[0])
            worst = worst_of(records, metric_def(card.metric.name), card.metric.main)
            if worst is not None:
                out[cell] = worst
        return out

    def aggregate_worst(self) -> Summary | None:
        """Task, category and overall worst-of-K scores of the profiles scored with 2+ draws
        (each language's worst of K, then the usual means); None when there are none."""
        worst = self._worst_records()
        if not worst:
            return None
        cards = self.registry.tasks
        categories = {name: e.model.category for name, e in cards.items()}
        members = {name for name, e in cards.items() if self.benchmark in e.model.benchmarks}
        return summarize(language_frame(worst.values()), categories, overall_tasks=members)

    def to_pandas(self, confidence: float = DEFAULT_CONFIDENCE) -> pd.DataFrame:
        """One row per (task, language, profile): the clean score, the noisy score, the delta
        (noisy minus clean, in points) with its paired-bootstrap interval, and the realized
        noise. Clean rows have the clean score in both columns and no delta. The interval uses
        the leaderboard's bootstrap (1,000 replicates, its seed), so the two agree.

        A profile with K noise draws gets one row: the mean over draws (score, delta and
        realized noise), the two-level interval, `draws` = K and `worst` = the worst-of-K score
        (NaN on clean rows and where the metric has no per-example statistic); its signature
        is draw 0's."""
        boot = PairedBootstrap(confidence=confidence)
        groups = group_draws(self.results)
        worst = self._worst_records()
        nan = float("nan")
        rows: list[dict[str, Any]] = []
        for (task, lang, profile), records in groups.items():
            r = records[0]
            k = len(records)
            row: dict[str, Any] = {
                "task": task,
                "language": lang,
                "profile": profile,
                "n": r.n,
                "clean": nan,
                "noisy": r.main if k == 1 else sum(x.main for x in records) / k,
                "delta": nan,
                "delta_low": nan,
                "delta_high": nan,
                "word_change_rate": _mean([x.noise.word_change_rate for x in records]),
                "cer": _mean([x.noise.cer for x in records]),
                "changed_fraction": _mean([x.noise.changed_fraction for x in records]),
                "signature": r.signature,
                "draws": k,
                "worst": nan,
            }
            base = groups.get((task, lang, CLEAN))
            if base is not None:
                row["clean"] = base[0].main
            if base is not None and profile != CLEAN:
                card = self.registry.task(task)
                metric = metric_def(card.metric.name)
                stratum = f"{task}.{lang}"
                c_arm, *n_arms = boot.arms([base[0], *records], metric, card.metric.main, stratum)
                n_arm = boot.draw_mean(n_arms, f"{stratum}|{profile}")
                est = (n_arm - c_arm).estimate(confidence)
                row.update(delta=est.value, delta_low=est.low, delta_high=est.high)
                if k == 1:
                    row["worst"] = r.main
                elif (task, lang, profile) in worst:
                    row["worst"] = worst[(task, lang, profile)].main
            rows.append(row)
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))

    def delta_rows(self) -> tuple[list[str], list[list[Any]]]:
        """The per-language table `harness run` prints: headers and rows (clean, each
        profile, its delta; the mean over draws, and a worst-of-K column after each profile
        scored with 2+ draws)."""
        draws = self.draws
        headers = ["task", "language", CLEAN]
        for p in self.profiles:
            headers += [p, f"Δ {p}"]
            if draws.get(p, 1) > 1:
                headers.append(f"worst of {draws[p]} {p}")
        scores: dict[tuple[str, str], dict[str, float]] = {}
        for (task, lang, profile), records in group_draws(self.results).items():
            scores.setdefault((task, lang), {})[profile] = _mean([r.main for r in records])
        worst = self._worst_records()
        rows: list[list[Any]] = []
        for (task, lang), by_profile in sorted(scores.items()):
            clean = by_profile.get(CLEAN, float("nan"))
            row: list[Any] = [task, lang, clean]
            for p in self.profiles:
                noisy = by_profile.get(p, float("nan"))
                row += [noisy, noisy - clean]
                if draws.get(p, 1) > 1:
                    w = worst.get((task, lang, p))
                    row.append(w.main if w is not None else float("nan"))
            rows.append(row)
        return headers, rows

    def _overall_label(self, mode: str) -> str:
        """The overall's name in the table and the JSON; a shard's says it is partial."""
        if self.shard is not None:
            return f"overall ({self.benchmark}, {mode}; partial: shard {self.shard})"
        return f"overall ({self.benchmark}, {mode})"

    def aggregate_rows(self) -> tuple[list[str], list[list[Any]]]:
        """The aggregate table `harness run` prints: each task, each category, the overall.

        Tasks outside the benchmark are marked `(not <benchmark>)` and left out of the
        categories and the overall, as on the leaderboard. A profile scored with 2+ noise
        draws shows the mean over draws, then a worst-of-K column."""
        summary = self.aggregate()
        worst = self.aggregate_worst()
        draws = self.draws
        many = {p for p in self.profiles if draws.get(p, 1) > 1} if worst is not None else set()
        profiles = [CLEAN, *self.profiles]
        nan = float("nan")
        headers = ["aggregate"]
        for p in profiles:
            headers.append(p)
            if p in many:
                headers.append(f"worst of {draws[p]} {p}")

        def line(label: str, means: Mapping[str, float], low: Mapping[str, float]) -> list[Any]:
            out: list[Any] = [label]
            for p in profiles:
                out.append(means.get(p, nan))
                if p in many:
                    out.append(low.get(p, nan))
            return out

        rows: list[list[Any]] = []
        for task, s in summary.tasks.items():
            name = f"{task} (not {self.benchmark})" if task in summary.outside else task
            rows.append(line(name, s, worst.tasks.get(task, {}) if worst else {}))
        for c, s in summary.categories.items():
            rows.append(line(f"[{c}]", s, worst.categories.get(c, {}) if worst else {}))
        label = self._overall_label(summary.mode)
        rows.append(line(label, summary.overall, worst.overall if worst else {}))
        return headers, rows

    def encoder_lines(self) -> list[str]:
        """The retrieval settings each task was scored with, in words, one line per task and
        setting (`tatoeba: mean pooling, layer 12 of 12, query prefix 'query: '`)."""
        seen: dict[str, list[str]] = {}
        for r in self.results:
            words = describe_settings(r.provenance.settings)
            if words is not None and words not in seen.setdefault(r.task, []):
                seen[r.task].append(words)
        return [f"{task}: {words}" for task, all_words in seen.items() for words in all_words]

    # ------------------------------------------------------------------ JSON

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary (`harness run --json`): settings, aggregates and every cell.

        Aggregates count a profile with K noise draws by its mean over draws. When some
        profile has 2+ draws, `aggregate.draws` gives K per profile, `aggregate.worst_of_k`
        the worst-of-K task, category and overall scores, and `draws` one entry per such
        (task, language, profile): K, the mean, the delta with its two-level 95% interval and
        the worst of K. A result of noise draw d >= 1 names its `draw`."""
        summary = self.aggregate()
        languages: dict[str, list[str]] = {}
        for r in self.results:
            langs = languages.setdefault(r.task, [])
            if r.language not in langs:
                langs.append(r.language)
        extra: dict[str, Any] = {}
        worst = self.aggregate_worst()
        if any(k > 1 for k in self.draws.values()):
            extra["draws"] = dict(self.draws)
        if worst is not None:
            extra["worst_of_k"] = {
                "tasks": {t: dict(s) for t, s in worst.tasks.items()},
                "categories": {c: dict(s) for c, s in worst.categories.items()},
                "overall": dict(worst.overall),
            }
        cells: list[dict[str, Any]] = []
        if "draws" in extra:
            frame = self.to_pandas()
            for row in frame[frame["draws"] > 1].to_dict("records"):
                cells.append(
                    {
                        "task": row["task"],
                        "language": row["language"],
                        "profile": row["profile"],
                        "draws": int(row["draws"]),
                        "mean": float(row["noisy"]),
                        **{k: _finite(row[k]) for k in ("delta", "delta_low", "delta_high")},
                        "worst": _finite(row["worst"]),
                    }
                )
        return {
            "harness_version": __version__,
            "model": self.model,
            "settings": dict(self.settings),
            "limit": self.settings.get("limit"),
            "profiles": [CLEAN, *self.profiles],
            "tasks": list(languages),
            "languages": languages,
            "counts": {
                "records": len(self.results),
                "served_from_store": self.served_from_store,
                "failures": len(self.failures),
            },
            "shard": str(self.shard) if self.shard is not None else None,
            "aggregate": {
                "label": self._overall_label(summary.mode),
                "benchmark": self.benchmark,
                "mode": summary.mode,
                # a shard's scores cover its cells only: not the run's task scores or overall
                "partial": self.shard is not None,
                "tasks": {t: dict(s) for t, s in summary.tasks.items()},
                "outside_benchmark": list(summary.outside),
                "categories": {c: dict(s) for c, s in summary.categories.items()},
                "overall": dict(summary.overall),
                **extra,
            },
            **({"draws": cells} if cells else {}),
            "results": [
                {
                    "task": r.task,
                    "language": r.language,
                    "profile": r.profile,
                    "scores": r.scores,
                    "main": r.main,
                    "n": r.n,
                    "noise": {
                        "word_change_rate": r.noise.word_change_rate,
                        "cer": r.noise.cer,
                        "changed_fraction": r.noise.changed_fraction,
                    },
                    "signature": r.signature,
                    **_encoder_entry(r),
                    **({"draw": r.draw} if r.draw else {}),  # draw 0: as it always was
                }
                for r in self.results
            ],
            "failures": [
                {"task": f.task, "language": f.language, "message": f.message}
                for f in self.failures
            ],
        }

    def to_json(self, path: Path | str, *, allow_partial: bool = False) -> Path:
        """Write `to_dict()` as JSON (atomically); return the path.

        Raises:
            DataError: some cells failed and `allow_partial` is not set (a summary that leaves
                cells out would read as a complete run).
        """
        if self.failures and not allow_partial:
            raise DataError(
                f"{path}: not written, {len(self.failures)} cell(s) failed",
                hint="fix the failures and rerun (finished cells are served from the store), "
                "or pass allow_partial=True",
            )
        target = Path(path)
        text = json.dumps(self.to_dict(), indent=1, ensure_ascii=False, allow_nan=False)
        atomic_write_text(target, text + "\n")
        return target
