"""The built site in a real headless Chromium: loads cleanly, sorts, links, screenshot.

Uses Debian's /usr/bin/chromium through Playwright's Python package (`executable_path`); no
browser is downloaded. Skipped, with the reason, when either is missing. The screenshot is
saved to test-artifacts/leaderboard-index.png (git-ignored).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("HARNESS_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

sync_api = pytest.importorskip(
    "playwright.sync_api", reason="playwright is not installed (pip install playwright)"
)
if not CHROMIUM.is_file():
    pytest.skip(
        f"{CHROMIUM} is absent (apt-get install chromium; or set HARNESS_CHROMIUM)",
        allow_module_level=True,
    )


class Page:
    """A page with every console error, page error and non-file request recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.problems: list[str] = []
        page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on(
            "request",
            lambda r: (
                None
                if r.url.startswith(("file://", "data:"))
                else self.problems.append(f"request: {r.url}")
            ),
        )

    def column(self, table: str, key: str) -> list[str]:
        """The data-sort values of the column whose header has data-key `key`, top to bottom."""
        cells: list[str] = self.page.evaluate(
            """([table, key]) => {
                const t = document.getElementById(table);
                const heads = Array.from(t.tHead.rows[t.tHead.rows.length - 1].cells);
                const i = heads.findIndex(h => h.dataset.key === key);
                return Array.from(t.tBodies[0].rows, r => r.cells[i].getAttribute("data-sort"));
            }""",
            [table, key],
        )
        return cells


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield Page(context.new_page())
    finally:
        context.close()


def test_index_loads_sorts_links_and_screenshots(built_site: Path, page: Page) -> None:
    index = built_site / "index.html"
    page.page.goto(index.as_uri())
    assert page.page.title() == "XTREME-R under typos"
    names = page.column("board", "submission")
    assert names == ["stilts a", "baseline a"]  # by clean overall, descending
    # other-b lacks a task: listed below the ranking, unranked, with its reason
    assert page.column("board-unranked", "submission") == ["other b"]
    assert "no results for xcopa" in page.page.inner_text("#board-unranked")

    # Clicking a header reorders the rows; a second click reverses them.
    page.page.click("#board th[data-key='submission'] button")
    assert page.column("board", "submission") == sorted(names)
    assert page.page.get_attribute("#board th[data-key='submission']", "aria-sort") == "ascending"
    page.page.click("#board th[data-key='submission'] button")
    assert page.column("board", "submission") == sorted(names, reverse=True)
    assert page.column("board", "rank") == ["1", "2"]  # ranks renumbered

    # A numeric column sorts by value, not by text; empty values go last.
    page.page.click("#board th[data-key='delta-typo-20'] button")
    deltas = [float(v) for v in page.column("board", "delta-typo-20") if v]
    assert deltas == sorted(deltas, reverse=True)

    # Rank by the noisy score.
    page.page.select_option("#rank-by", "score-typo-20")
    noisy = [float(v) for v in page.column("board", "score-typo-20")]
    assert noisy == sorted(noisy, reverse=True)
    assert (
        page.page.get_attribute("#board-unranked th[data-key='score-typo-20']", "aria-sort")
        == "descending"
    )  # the select sorts the unranked rows too

    ARTIFACTS.mkdir(exist_ok=True)
    page.page.select_option("#rank-by", "clean")
    page.page.screenshot(path=str(ARTIFACTS / "leaderboard-index.png"), full_page=True)
    assert (ARTIFACTS / "leaderboard-index.png").stat().st_size > 10_000

    # Links to a task page and a submission page work and load cleanly.
    page.page.click("nav a[href='tasks/xnli.html']")
    assert page.page.url.endswith("/tasks/xnli.html")
    assert page.page.locator("h1").inner_text().startswith("XNLI")
    assert page.page.locator("#langs-typo-10 tbody tr").count() == 3 * 4
    page.page.click("#langs-typo-10 tbody tr:first-child td a")
    assert page.page.url.endswith("/submissions/stilts-a.html")
    assert page.page.locator("h1").inner_text() == "STILTs A"
    page.page.click("a.brand")
    assert page.page.url.endswith("/index.html")
    page.page.click("#board-unranked a:has-text('Other B')")
    assert page.page.url.endswith("/submissions/other-b.html")
    page.page.click("header nav a[href='../compare.html']")
    assert page.page.locator("table.sortable").count() == 1
    assert page.problems == []


def test_every_page_loads_without_console_errors(built_site: Path, page: Page) -> None:
    for html in sorted(built_site.rglob("*.html")):
        page.page.goto(html.as_uri())
        page.page.click("table.sortable thead th button >> nth=0")
    assert page.problems == []


def test_a_csp_violation_would_be_seen(built_site: Path, page: Page, tmp_path: Path) -> None:
    """The console check can fail: an injected external script is blocked and reported."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    index = site / "index.html"
    text = index.read_text(encoding="utf-8")
    index.write_text(text.replace("</body>", "<script>document.title = 'x';</script></body>"))
    page.page.goto(index.as_uri())
    assert page.page.title() != "x"
    assert any("Content Security Policy" in p for p in page.problems), page.problems


@pytest.fixture(scope="module")
def flipped_site(lb: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A board whose stilts-a xnli.de typo-10 cell has a sample log full of hostile text."""
    from harness.cli import main

    from .test_flipped import add_hostile_logs

    root = tmp_path_factory.mktemp("flipped")
    inputs = lb.make_inputs(root / "in")
    add_hostile_logs(inputs.results)
    out = root / "site"
    args = ["leaderboard", "build", "--submissions", str(inputs.submissions)]
    args += ["--results", str(inputs.results), "--config", str(inputs.config), "--out", str(out)]
    assert main(args) == 0
    return out


def test_flipped_examples_view_shows_hostile_text_literally(flipped_site: Path, page: Page) -> None:
    page.page.goto((flipped_site / "tasks" / "xnli.html").as_uri())
    page.page.click("a[href='../flipped/xnli.html']")
    assert page.page.url.endswith("/flipped/xnli.html")
    assert page.page.locator("h1").inner_text().endswith(": examples that flipped")
    table = page.page.locator("table.flipped")
    assert table.count() == 1
    rows = table.locator("tbody tr")
    assert rows.count() == 20
    first = [rows.nth(0).locator("td").nth(i).inner_text() for i in range(6)]
    assert first == [
        "xnli-de-0",
        "premise: <script>window.__pwned = 1</script> & co 0",
        'premise: "><img src=x onerror="window.__pwned = 2"> 0',
        "<b>entailment</b>",
        "entailment",
        "</td><script>window.__pwned = 3</script>",
    ]
    # nothing from the log became markup or ran
    assert page.page.evaluate("() => window.__pwned === undefined")
    assert page.page.locator("main img, main b, main script").count() == 0
    assert page.problems == []


def test_the_robustness_curve_draws_a_coloured_line_per_submission(
    built_site: Path, page: Page
) -> None:
    page.page.goto((built_site / "index.html").as_uri())
    curve = page.page.locator("figure.chart:has(svg[aria-labelledby^='robustness-curve'])")
    assert curve.count() == 1
    svg = curve.locator("svg").first
    # three submissions, each clean -> typo-10 -> typo-20: two segments and three points
    assert svg.locator("line.curve").count() == 3 * 2
    assert svg.locator("circle.dot").count() == 3 * 3
    strokes = svg.locator("line.curve").evaluate_all(
        "els => els.map(e => getComputedStyle(e).stroke)"
    )
    assert len(set(strokes)) == 3 and "none" not in strokes  # one palette colour each
    legend = curve.locator("ul.legend li").all_inner_texts()
    assert sorted(legend) == ["Baseline A", "Other B", "STILTs A"]  # in board order
    box, inner = svg.bounding_box(), svg.locator("line.curve").first.bounding_box()
    assert box is not None and inner is not None
    assert box["x"] <= inner["x"] and inner["x"] + inner["width"] <= box["x"] + box["width"]
    assert page.problems == []
