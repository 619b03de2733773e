"""The downloads: data/leaderboard.json, data/leaderboard.csv, data/results.csv, leaderboard.md."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from tabulate import tabulate

from harness import __version__
from harness.leaderboard._format import MINUS, public_path
from harness.leaderboard.summary import CLEAN, Board, Draws, Gain, SubmissionBoard
from harness.leaderboard.tables import index_tables, state_text
from harness.metrics.bootstrap import Estimate
from harness.submissions import manifest_metadata


def _est_json(e: Estimate | None) -> dict[str, float] | None:
    if e is None:
        return None
    return {"value": round(e.value, 4), "low": round(e.low, 4), "high": round(e.high, 4)}


def _r(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else round(x, 4)


def _draws_json(d: Draws | None) -> dict[str, Any]:
    """`draws` (K) and `worst` (worst of K) of a profile with 2+ noise draws; nothing else."""
    return {} if d is None else {"draws": d.k, "worst": _est_json(d.worst)}


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
                        **_draws_json(tr.draws.get(p)),
                    }
                    for p in board.profiles
                },
                "cells": [
                    {
                        "language": c.language,
                        "n": c.n,
                        "data": _data_json(b, t, c.language),
                        "clean": _est_json(c.clean),
                        "profiles": {
                            p: {
                                "score": _est_json(c.noisy.get(p)),
                                "delta": _est_json(c.delta.get(p)),
                                "noise": c.noise[p].model_dump() if p in c.noise else None,
                                **_draws_json(c.draws.get(p)),
                            }
                            for p in board.profiles
                        },
                    }
                    for c in tr.cells
                ],
            }
        meta = dict(manifest_metadata(b.sub))
        meta["checkpoints"] = {ref.key: public_path(ref.written) for ref in b.sub.checkpoints}
        subs.append(
            {
                **meta,
                "data_kind": b.kind,
                "ranked_in": b.ranked_in,
                "not_ranked_reason": b.reason or None,
                "nonstandard_cells": list(b.nonstandard),
                "overall": {
                    p: {
                        "value": _r(b.overall[p].value),
                        "partial": b.overall[p].partial,
                        "missing_tasks": list(b.overall[p].missing),
                        "incomplete_tasks": list(b.overall[p].incomplete),
                        "nonstandard_cells": list(b.overall[p].nonstandard),
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
                "signatures": sorted(
                    r.signature
                    for cell, rec in b.records.items()
                    for r in b.draws.get(cell, (rec,))
                ),
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
        "rankings": {kind: [b.id for b in group] for kind, group in board.ranked},
        "submissions": subs,
        "comparisons": comps,
    }


def _data_json(b: SubmissionBoard, task: str, lang: str) -> dict[str, Any]:
    r = b.records[(task, lang, CLEAN)]
    d = r.provenance.data
    return {
        "source": d.source,
        "location": public_path(d.location, 2),
        "revision": d.revision,
        "pinned": d.pinned,
        "state": state_text(r),
        "nonstandard": r.nonstandard,
    }


#: What a spreadsheet reads as the start of a formula (or a control character before one).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def inert(value: Any) -> Any:
    """A CSV cell a spreadsheet shows as text: a string starting with `=`, `+`, `-`, `@`, a
    tab or a carriage return gets a leading `'` (numbers are left as they are, so negative
    deltas stay numbers). The JSON download keeps every string exact."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(rows: Sequence[Sequence[Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    for row in rows:
        writer.writerow(["" if v is None else inert(v) for v in row])
    return buf.getvalue()


def _ranks(board: Board) -> dict[str, int]:
    return {b.id: i + 1 for _, group in board.ranked for i, b in enumerate(group)}


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
    header += ["ranked_in", "not_ranked_reason", "nonstandard_cells", "toy"]
    rows: list[list[Any]] = [header]
    ranks = _ranks(board)
    for b in board.submissions:
        m = b.sub.manifest
        clean = b.overall[CLEAN]
        row: list[Any] = [
            ranks.get(b.id),
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
        row += [b.ranked_in, b.reason or None, " ".join(b.nonstandard) or None, m.toy]
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
            "data_source",
            "data_state",
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
                        clean.provenance.data.source,
                        state_text(clean),
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
                            rec.provenance.data.source,
                            state_text(rec),
                        ]
                    )
    return _csv(rows)


def markdown_table(board: Board) -> str:
    """The main table as GitHub Markdown (tabulate), for a README."""
    parts = []
    for table in index_tables(board):
        headers, rows = table.plain()
        rows = [[_md(cell) for cell in row] for row in rows]
        headers = [_md(h) if h != "#" else "rank" for h in headers]
        text = tabulate(rows, headers=headers, tablefmt="github", disable_numparse=True)
        parts.append(f"{_md(table.caption)}\n\n{text}\n")
    for b in board.not_scored:
        parts.append(f"{_md(b.sub.manifest.name)}: {_md(b.reason)}\n")
    tasks = ", ".join(board.overall_tasks) or "none"
    return (
        "\n".join(parts)
        + f"\nOverall: {_mode_text(board)} over {tasks}. Δ is noisy minus clean in points; "
        "kept is noisy / clean. Rows on different data kinds are ranked apart.\n"
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
