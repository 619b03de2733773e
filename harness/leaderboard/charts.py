"""Charts as lists of SVG shapes computed in Python: grouped bars with whiskers, dumbbells,
and line charts (the robustness curve).

Colours carry one meaning each, on every chart of a board (docs/design/leaderboard.md):
profiles are `p0`..`p5` by their place in the board's profiles (`p0` is clean, dark ink;
the noisy profiles warm hues, by increasing rate), submissions are `u0`..`u5` (cool hues) by
their place on the board. No class of one family is ever used for the other.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from harness.leaderboard._format import _ci, _num, _signed
from harness.leaderboard.summary import CLEAN, Board, Comparison
from harness.metrics.bootstrap import Estimate

#: The axis of every chart of scores (not of differences): the whole 0-100 range.
SCORE_RANGE = (0.0, 100.0)


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
    palette: Literal["p", "u"] = "u",
) -> Chart:
    """Horizontal grouped bars from a zero line, with interval whiskers; bar colours come
    from `palette` (`p`: the series are profiles, `u`: submissions)."""
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
                    f"{palette}{bar.series % 6}",
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
    legend = tuple((name, f"{palette}{i % 6}") for i, name in enumerate(series))
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
    """One row per submission: the clean score (hollow) joined to each profile's score.

    The axis is the whole score range, 0 to 100, so a one-point gap looks like one point."""
    longest = max((len(label) for label, _, _ in rows), default=10)
    label_w, plot_w, right, top, row_h = min(40.0 + 6.4 * longest, 320.0), 440.0, 40.0, 14.0, 26.0
    lo, hi = SCORE_RANGE

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
                        Shape("circle", f"p{(i + 1) % 6} dot", x=sx(v), y=cy, r=5.0, title=tip)
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
    legend = (("clean", "clean"), *((name, f"p{(i + 1) % 6}") for i, name in enumerate(series)))
    return Chart(
        chart_id,
        title,
        description,
        int(label_w + plot_w + right),
        int(axis_y + 24),
        tuple(shapes),
        legend,
    )


@dataclass(frozen=True)
class Point:
    """One point of a line chart: x, the estimate on y (its interval as a whisker), a tip."""

    x: float
    y: Estimate
    title: str


def line_chart(
    chart_id: str,
    title: str,
    description: str,
    lines: Sequence[tuple[str, Sequence[Point]]],
    x_ticks: Sequence[tuple[float, str]],
    x_unit: str,
    y_unit: str,
) -> Chart:
    """One line per series through its points, with vertical interval whiskers; series i has
    colour `u{i % 6}` (submissions), as in the bar charts."""
    left, plot_w, right, top, plot_h = 48.0, 520.0, 24.0, 14.0, 260.0
    xs = [x for x, _ in x_ticks] + [p.x for _, pts in lines for p in pts]
    x_lo, x_hi = min(xs, default=0.0), max(xs, default=1.0)
    if x_hi - x_lo < 1e-9:
        x_lo, x_hi = x_lo - 1.0, x_hi + 1.0
    ys = [v for _, pts in lines for p in pts for v in (p.y.value, p.y.low, p.y.high)]
    y_lo, y_hi = (min(ys), max(ys)) if ys else (0.0, 100.0)
    span = max(y_hi - y_lo, 2.0)
    y_lo, y_hi = max(0.0, y_lo - span * 0.08), min(100.0, y_hi + span * 0.08)
    if y_hi - y_lo < 1e-9:
        y_lo, y_hi = 0.0, 100.0
    pad = (x_hi - x_lo) * 0.04

    def sx(v: float) -> float:
        return left + (v - x_lo + pad) / (x_hi - x_lo + 2 * pad) * plot_w

    def sy(v: float) -> float:
        return top + (y_hi - v) / (y_hi - y_lo) * plot_h

    shapes: list[Shape] = []
    bottom = top + plot_h
    for t in _ticks(y_lo, y_hi):
        shapes.append(Shape("line", "grid", x=left, y=sy(t), x2=left + plot_w, y2=sy(t)))
        label = _num(t, 0 if float(t).is_integer() else 1)
        shapes.append(Shape("text", "tick", x=left - 6, y=sy(t) + 4, text=label, anchor="end"))
    for x, label in x_ticks:
        shapes.append(Shape("line", "grid", x=sx(x), y=top, x2=sx(x), y2=bottom))
        shapes.append(Shape("text", "tick", x=sx(x), y=bottom + 14, text=label, anchor="middle"))
    shapes.append(Shape("line", "zero", x=left, y=bottom, x2=left + plot_w, y2=bottom))
    shapes.append(Shape("text", "tick", x=left + plot_w, y=bottom + 30, text=x_unit, anchor="end"))
    shapes.append(Shape("text", "tick", x=left - 6, y=top - 4, text=y_unit, anchor="start"))
    for i, (_, points) in enumerate(lines):
        css = f"u{i % 6}"  # submissions: the cool hues, as in every chart
        ordered = sorted(points, key=lambda p: p.x)
        for a, b in itertools.pairwise(ordered):
            shapes.append(
                Shape(
                    "line",
                    f"{css} curve",
                    x=sx(a.x),
                    y=sy(a.y.value),
                    x2=sx(b.x),
                    y2=sy(b.y.value),
                )
            )
        for p in ordered:
            cx = sx(p.x)
            shapes.append(Shape("line", "whisker", x=cx, y=sy(p.y.low), x2=cx, y2=sy(p.y.high)))
            shapes.append(
                Shape("circle", f"{css} dot", x=cx, y=sy(p.y.value), r=4.0, title=p.title)
            )
    order = {"grid": 0, "zero": 1, "whisker": 3}
    shapes.sort(key=lambda s: order.get(s.css, 2 if s.kind == "line" else 4))
    legend = tuple((name, f"u{i % 6}") for i, (name, _) in enumerate(lines))
    return Chart(
        chart_id,
        title,
        description,
        int(left + plot_w + right),
        int(bottom + 40),
        tuple(shapes),
        legend,
    )


# --------------------------------------------------------------------------- charts on pages


def robustness_curve(board: Board) -> Chart | None:
    """Overall score against nominal typo rate per submission (clean at 0, then each of the
    config's curve profiles on the board at its rate), with 95% intervals; None when no curve
    profile has results."""
    rates = {
        p: 100.0 * board.registry.profile(p).rate for p in board.config.curve if p in board.profiles
    }
    if not rates:
        return None
    lines = []
    for b in board.submissions:
        points = []
        for p, x in ((CLEAN, 0.0), *rates.items()):
            est = b.overall_ci.get(p)
            if est is None:
                continue
            note = " (partial)" if b.overall[p].partial else ""
            points.append(
                Point(
                    x,
                    est,
                    f"{b.sub.manifest.name}, {p}: {_num(est.value)} {_ci(est)}{note}",
                )
            )
        lines.append((b.sub.manifest.name, points))
    ticks = [(0.0, "clean"), *((x, f"{_num(x, 0)}%") for x in sorted(set(rates.values())))]
    return line_chart(
        "robustness-curve",
        "Robustness curve: overall score against typo rate",
        f"Overall score of each submission on clean input and under {', '.join(rates)}, "
        "against the profiles' nominal rate, with 95% intervals",
        lines,
        ticks,
        "nominal rate (% of eligible words)",
        "overall",
    )


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
        if not b.scored:
            continue
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
        palette="p",
    )
