"""Rendering: every page and download in memory (jinja2), then the site written as a whole."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import jinja2
from markupsafe import Markup

from harness import __version__, paths
from harness.errors import ConfigError
from harness.leaderboard.charts import (
    clean_noisy_chart,
    comparison_chart,
    delta_chart,
    robustness_curve,
    task_delta_chart,
)
from harness.leaderboard.config import LeaderboardConfig
from harness.leaderboard.downloads import (
    _mode_text,
    board_csv,
    board_json,
    markdown_table,
    results_csv,
)
from harness.leaderboard.summary import KIND_LABELS, Board, SubmissionBoard, summarize_board
from harness.leaderboard.tables import (
    CATEGORY_LABELS,
    METHOD_LABELS,
    checkpoints_table,
    comparison_table,
    data_table,
    index_tables,
    nonstandard_cells,
    signatures_table,
    submission_scores_table,
    task_columns_table,
    task_table,
    tasks_list_table,
)
from harness.registry import Registry
from harness.results import atomic_write_text
from harness.retrieval_settings import describe_settings
from harness.samples import FLIPPED_LIMIT
from harness.submissions import LoadedSubmission

MARKER = ".harness-leaderboard"


def _site_dir() -> Path:
    return paths.site_dir()


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


def _encoder_words(b: SubmissionBoard, task: str | None = None) -> list[tuple[str, str]]:
    """(task, the retrieval settings in words) of a submission's records, each once, in task
    order; only `task`'s when given. Empty for a submission without retrieval results."""
    out: list[tuple[str, str]] = []
    for (t, _lang, _profile), r in sorted(b.records.items()):
        words = describe_settings(r.provenance.settings)
        if words is not None and (task is None or t == task) and (t, words) not in out:
            out.append((t, words))
    return out


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
        main_tables=index_tables(board),
        rank_tables=" ".join(t.id for t in index_tables(board)),
        not_scored=board.not_scored,
        toys=[b for b in board.submissions if b.sub.manifest.toy],
        kind_labels=KIND_LABELS,
        task_table=task_columns_table(board),
        tasks_table=tasks_list_table(board),
        delta_charts=[delta_chart(board, p) for p in board.profiles],
        clean_noisy=clean_noisy_chart(board) if board.profiles else None,
        curve=robustness_curve(board),
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
            has_flipped=t in board.flipped,
            encoders=[(s, words) for s in board.submissions for _t, words in _encoder_words(s, t)],
            languages=board.languages[t],
            data=data_table(board, t),
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
    for t, cells in board.flipped.items():  # only tasks with sample logs get this page
        files[f"flipped/{t}.html"] = render(
            "flipped.html.j2",
            "../",
            f"{t}: examples that flipped · {board.config.title}",
            t,
            card=board.registry.task(t),
            cells=cells,
            limit=FLIPPED_LIMIT,
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
            encoders=_encoder_words(s),
            scores=submission_scores_table(board, s),
            signatures=signatures_table(board, s),
            overall=[(p, s.overall[p]) for p in board.all_profiles],
            nonstandard=nonstandard_cells(s),
            kind_labels=KIND_LABELS,
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
    results_root: Path | Sequence[Path] | None = None,
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
