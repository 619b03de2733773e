"""Table objects: each cell carries its displayed text and, separately, the value it sorts by.

The `*_table` functions build every table of the site from a summarized `Board`; the templates
only format them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from harness.leaderboard._format import DASH, _ci, _num, _signed, public_path
from harness.leaderboard.summary import (
    CLEAN,
    KIND_LABELS,
    Aggregate,
    Board,
    Comparison,
    Draws,
    Gain,
    SubmissionBoard,
    is_nonstandard,
)
from harness.metrics.bootstrap import Estimate
from harness.schema import RunResult

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


def _sign_css(e: Estimate | None) -> str:
    """Green or red only for a change whose interval excludes zero; the others stay plain."""
    if e is None or abs(e.value) < 0.05 or not e.excludes_zero:
        return "num"
    return "num pos" if e.value > 0 else "num neg"


def _pct(value: float | None) -> str:
    return DASH if value is None or math.isnan(value) else f"{value:.1f}%"


def _value(x: float | None) -> float | None:
    return None if x is None or math.isnan(x) else x


# --------------------------------------------------------------------------- pages


def _est_cell(
    e: Estimate | None, *, signed: bool = False, partial: str = "", sig: bool = False
) -> Cell:
    if e is None:
        return Cell(DASH, None, css="num")
    text = _signed(e.value) if signed else _num(e.value)
    css = _sign_css(e) if signed else "num"
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
    badges = [b for b, on in (("partial", a.partial), ("nonstandard", bool(a.nonstandard))) if on]
    return Cell(
        _num(a.value),
        a.value,
        title=a.describe(),
        css="num" + (" partial" if badges else ""),
        badge=", ".join(badges),
    )


def _kept_cell(noisy: float, clean: float) -> Cell:
    """noisy / clean in percent. Above 100% the noisy score came out higher than the clean
    one, which happens by chance when a profile barely moves the predictions; the title says
    so rather than capping the number."""
    kept = 100.0 * noisy / clean if clean else None
    title = f"{_num(noisy)} / {_num(clean)}"
    if kept is not None and kept > 100.0:
        title += ": above 100% the noisy score is higher than the clean one (chance, not a gain)"
    return Cell(_pct(kept), kept, css="num" + (" over" if kept and kept > 100 else ""), title=title)


def _method_cell(b: SubmissionBoard) -> Cell:
    m = b.sub.manifest.method
    return Cell(METHOD_LABELS[m], METHOD_LABELS[m], css=f"method {m}")


def _sub_cell(b: SubmissionBoard) -> Cell:
    """The submission's name, linked (hrefs are relative to the site root)."""
    toy = b.sub.manifest.toy
    return Cell(
        b.sub.manifest.name,
        b.sub.manifest.name.casefold(),
        href=f"submissions/{b.id}.html",
        title=f"submission {b.id}" + (": a toy model, scores near chance" if toy else ""),
        css="name",
        badge="toy" if toy else "",
    )


def _index_table(
    board: Board, subs: Sequence[SubmissionBoard], table_id: str, caption: str, ranked: bool
) -> Table:
    """One table of the index: a ranked group of rows, or the unranked ones with a reason."""
    cols = [Column("rank", "#", title="position in the current order")] if ranked else []
    cols += [
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
                title=f"share of the clean score kept under {p} (noisy / clean)",
                short="kept",
            ),
        ]
    for c in board.categories:
        cols.append(Column(f"cat-{c}", CATEGORY_LABELS[c], title=f"{CATEGORY_LABELS[c]} (clean)"))
    cols.append(
        Column("coverage", "Coverage", title="tasks with clean results / tasks on the board")
    )
    if not ranked:
        cols.append(Column("reason", "Why not ranked", numeric=False))
    rows = []
    for i, b in enumerate(subs):
        clean = b.overall[CLEAN]
        cells = [Cell(str(i + 1), float(i + 1), css="num rank")] if ranked else []
        cells += [_sub_cell(b), _method_cell(b), _agg_cell(clean)]
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
            cells.append(_kept_cell(agg.value, clean.value))
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
        if not ranked:
            cells.append(Cell(b.reason, b.reason, css="reason"))
        rows.append(Row(tuple(cells)))
    lead = 4 if ranked else 3
    groups = [("", lead - 1), ("clean", 1), *((p, 3) for p in board.profiles)]
    if board.categories:
        groups.append(("Categories (clean)", len(board.categories)))
    groups.append(("", 2 if not ranked else 1))
    return Table(
        table_id,
        caption,
        tuple(cols),
        tuple(rows),
        groups=tuple(groups),
        rank=ranked,
        sorted_by=3 if ranked else None,
    )


def index_tables(board: Board) -> tuple[Table, ...]:
    """The index's tables: one ranking per data kind (the first one's id is `board`), then
    the scored rows that are not comparable with any ranking, each with its reason.
    Submissions without results are not rows: the page lists them as "not scored yet"."""
    tables = [
        _index_table(
            board,
            group,
            "board" if i == 0 else f"board-{kind}",
            f"Ranked by the overall clean score: scored on {KIND_LABELS[kind]}",
            True,
        )
        for i, (kind, group) in enumerate(board.ranked)
    ]
    rest = [b for b in board.unranked if b.scored]
    if rest:
        tables.append(
            _index_table(
                board,
                rest,
                "board-unranked",
                "Not ranked: not comparable with a ranking above (reason in the last column)",
                False,
            )
        )
    return tuple(tables)


def index_table(board: Board) -> Table:
    """The first table of the index (the first ranking, else the unranked rows)."""
    tables = index_tables(board)
    if tables:
        return tables[0]
    return _index_table(board, (), "board", "No submission has results yet", True)


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
    for i, b in enumerate(b for b in board.submissions if b.scored):
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


def _draw_cells(d: Draws | None) -> list[Cell]:
    """The K and worst-of-K cells of a profile scored with several noise draws."""
    if d is None:
        return [Cell("1", 1.0, css="num", title="one noise draw"), Cell(DASH, None, css="num")]
    k = Cell(str(d.k), float(d.k), css="num", title=f"{d.k} noise draws")
    return [k, _est_cell(d.worst)]


def task_table(board: Board, task: str, profile: str | None) -> Table:
    """Per-language scores of every submission on one task, under one profile; with columns
    for the number of noise draws and the worst of K when some submission has 2+ draws."""
    with_draws = profile is not None and any(
        profile in tr.draws for b in board.submissions if (tr := b.tasks.get(task)) is not None
    )
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
            Column("cer", "CER (%)", title="character error rate of the noised fields, percent"),
            Column("wcr", "words changed (%)", title="edited / eligible words, percent"),
            Column(
                "changed",
                "examples changed (%)",
                title="share of examples the profile changed, percent",
            ),
        ]
    if with_draws:
        cols += [
            Column("draws", "draws", title="noise draws K; the score is the mean over draws"),
            Column(
                "worst",
                "worst of K",
                title="per example the worst outcome over the K draws, then the task's metric "
                "[95% CI]",
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
            if with_draws:
                assert profile is not None
                mean += _draw_cells(tr.draws.get(profile))
        rows.append(Row(tuple(mean), css="group"))
        for c in tr.cells:
            record = b.records.get((task, c.language, CLEAN))
            odd = record is not None and is_nonstandard(record)
            lang = Cell(
                c.language,
                c.language,
                badge="nonstandard" if odd else "",
                title=f"nonstandard data: {record.nonstandard or 'see the data table'}"
                if odd and record is not None
                else "",
                css="nonstandard" if odd else "",
            )
            cells = [
                name,
                lang,
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
                        Cell(_pct(100 * v), 100 * v, css="num")
                        for v in (fig.cer, fig.word_change_rate, fig.changed_fraction)
                    ]
                if with_draws:
                    cells += _draw_cells(c.draws.get(profile))
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
        Column("state", "Data state", numeric=False, title="standard, nonstandard, unverified"),
        Column("device", "Device", numeric=False),
        Column("created", "Scored at", numeric=False),
    )
    profile_rank = {p: i for i, p in enumerate(board.all_profiles)}
    task_rank = {t: i for i, t in enumerate(board.tasks)}
    every = [
        (cell, r) for cell, rec in b.records.items() for r in b.draws.get(cell, (rec,))
    ]  # every noise draw of a cell, draw 0 first
    items = sorted(
        every,
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
                    Cell(p if r.draw == 0 else f"{p} draw {r.draw}", p),
                    Cell(_num(r.main), r.main, css="num"),
                    Cell(str(r.n), float(r.n), css="num"),
                    Cell(r.signature, r.signature, css="mono tokens", title=f"key {r.key}"),
                    Cell(
                        data.source,
                        data.source,
                        title=public_path(data.location, 2)
                        + (f" @ {data.revision}" if data.revision else ""),
                    ),
                    _state_cell(r),
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
        shown = public_path(ref.written)
        rows.append(
            Row(
                (
                    Cell(ref.key, ref.key),
                    Cell(
                        shown,
                        shown,
                        css="mono",
                        title="an absolute local path, not published"
                        if shown != ref.written
                        else "",
                    ),
                    Cell(kind, kind),
                    Cell(", ".join(ref.tasks) or DASH, ", ".join(ref.tasks)),
                )
            )
        )
    return Table("checkpoints", "Checkpoints as the manifest names them", cols, tuple(rows))


def state_text(r: RunResult) -> str:
    """A record's data state in words; records written before states existed say so."""
    if is_nonstandard(r):
        return "nonstandard"
    return r.provenance.data.state or "not recorded"


def _state_cell(r: RunResult) -> Cell:
    text = state_text(r)
    title = {
        "standard": "every verified figure of the card's official test set matches",
        "nonstandard": f"not the official test set: {r.nonstandard or 'reason not recorded'}",
        "unverified": "the card verifies nothing for this set, so nothing could be checked",
        "samples": "the bundled samples (never compared with the official set)",
        "not recorded": "an older record, written before data states were recorded",
    }[text]
    return Cell(
        text,
        text,
        title=title,
        css="nonstandard" if text == "nonstandard" else "",
        badge="nonstandard" if text == "nonstandard" else "",
    )


def _revision_text(r: RunResult) -> str:
    d = r.provenance.data
    if d.source != "hub":
        return DASH
    if d.revision:
        return d.revision[:12] + (" (unpinned)" if d.pinned is False else "")
    return "unpinned, not resolved" if d.pinned is False else "not recorded"


def data_table(board: Board, task: str) -> Table:
    """Where every cell of a task came from: source, location, revision and data state."""
    cols = (
        Column("submission", "Submission", numeric=False),
        Column("lang", "Language", numeric=False),
        Column("source", "Source", numeric=False),
        Column("location", "Location", numeric=False),
        Column("revision", "Revision", numeric=False, title="hub revision (pinned by the card)"),
        Column("state", "Data state", numeric=False),
        Column("n", "n", title="examples in the set (before --limit)"),
    )
    rows = []
    for b in board.submissions:
        tr = b.tasks.get(task)
        if tr is None:
            continue
        for c in tr.cells:
            r = b.records[(task, c.language, CLEAN)]
            d = r.provenance.data
            where = public_path(d.location, 2)
            rows.append(
                Row(
                    (
                        _sub_cell(b),
                        Cell(c.language, c.language),
                        Cell(d.source, d.source),
                        Cell(where, where, css="mono tokens"),
                        Cell(_revision_text(r), _revision_text(r), css="mono"),
                        _state_cell(r),
                        Cell(str(d.n_examples), float(d.n_examples), css="num"),
                    )
                )
            )
    return Table("data", f"{task}: the data of every cell", cols, tuple(rows))


def nonstandard_cells(b: SubmissionBoard) -> tuple[tuple[str, str], ...]:
    """A submission's nonstandard board cells: (`task.lang`, reason), in board order."""
    out = []
    for t, tr in b.tasks.items():
        for c in tr.cells:
            r = b.records[(t, c.language, CLEAN)]
            if is_nonstandard(r):
                out.append((f"{t}.{c.language}", r.nonstandard or "reason not recorded"))
    return tuple(out)
