"""Honest ranking and the data on the board (issue 17 items 2, 3 and 6; issue 14 item 4).

Boards built from synthetic records (conftest.make_record), changed where a test needs another
data source, state or manifest text.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from harness.leaderboard import build_leaderboard, summarize_board
from harness.leaderboard.charts import clean_noisy_chart, comparison_chart, delta_chart
from harness.leaderboard.summary import Board
from harness.leaderboard.tables import _est_cell, index_tables
from harness.metrics.bootstrap import Estimate
from harness.registry import Registry
from harness.results import ResultStore, read_result
from harness.schema import RunResult
from harness.submissions import find_manifests, load_submissions

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("en", "de", "fr")
H: Any = None  # the conftest helpers (test modules cannot import conftest)


@pytest.fixture(autouse=True)
def _helpers(lb: Any) -> None:
    global H
    H = lb


def _with_data(r: RunResult, **data: Any) -> RunResult:
    """The record with other `provenance.data` fields (source, location, state, ...)."""
    nonstandard = data.pop("nonstandard", None)
    prov = r.provenance.model_copy(update={"data": r.provenance.data.model_copy(update=data)})
    return r.model_copy(update={"provenance": prov, "nonstandard": nonstandard})


def _store(
    results: Path,
    sid: str,
    skill: float,
    *,
    langs: tuple[str, ...] = LANGS,
    flip: float = 0.1,
    **data: Any,
) -> None:
    store = ResultStore(results / sid)
    fp = hashlib.sha256(sid.encode()).hexdigest()
    for lang in langs:
        clean = H.correct_column(40, skill, f"{sid}.{lang}")
        noisy = H.noisy_column(clean, flip, f"{sid}.{lang}.n")
        for profile, column in (("clean", clean), ("typo-10", noisy)):
            r = H.make_record("xnli", lang, profile, column, model_fp=fp)
            extra = dict(data)
            if callable(extra.get("nonstandard")):
                extra["nonstandard"] = extra["nonstandard"](lang)
            store.put(_with_data(r, **extra) if extra else r)


def _board(root: Path) -> Board:
    registry = Registry.load()
    subs = load_submissions(find_manifests(root / "subs"), registry, check_paths=False)
    return summarize_board(registry, subs, root / "results", H.fast)


def _site(root: Path) -> Path:
    registry = Registry.load()
    subs = load_submissions(find_manifests(root / "subs"), registry, check_paths=False)
    out = root / "site"
    build_leaderboard(registry, subs, out, results_root=root / "results", config=H.fast)
    return out


def _manifest(root: Path, sid: str, **fields: Any) -> None:
    H.write_manifest(
        root / "subs", sid, name=fields.pop("name", sid), profiles=["typo-10"], **fields
    )


def test_samples_and_official_entries_are_ranked_apart(tmp_path: Path) -> None:
    _manifest(tmp_path, "on-samples")
    _manifest(tmp_path, "on-official")
    _store(tmp_path / "results", "on-samples", 0.9)
    _store(
        tmp_path / "results",
        "on-official",
        0.5,
        langs=("en", "de"),  # other languages than the samples row: still complete in its kind
        source="official",
        location="/home/someone/download/xnli/test-de.tsv",
        state="standard",
    )
    board = _board(tmp_path)
    assert [(k, [b.id for b in g]) for k, g in board.ranked] == [
        ("official", ["on-official"]),
        ("samples", ["on-samples"]),
    ]
    assert board.unranked == ()
    assert all(not b.overall["clean"].partial for b in board.submissions)
    ids = [t.id for t in index_tables(board)]
    assert ids == ["board", "board-samples"]  # two rankings, each starting at 1
    site = _site(tmp_path)
    index = (site / "index.html").read_text(encoding="utf-8")
    first = index.split('id="board"')[1].split("</table>")[0]
    assert "on-official" in first and "on-samples" not in first
    assert "scored on official test sets" in first
    second = index.split('id="board-samples"')[1].split("</table>")[0]
    assert "on-samples" in second and '<td class="num rank" data-sort="1.000000">1' in second
    assert 'data-table="board board-samples"' in index
    data = json.loads((site / "data/leaderboard.json").read_text(encoding="utf-8"))
    assert data["rankings"] == {"official": ["on-official"], "samples": ["on-samples"]}


def test_mixed_data_kinds_in_one_submission_are_not_ranked(tmp_path: Path) -> None:
    _manifest(tmp_path, "mixed")
    _manifest(tmp_path, "plain")
    _store(tmp_path / "results", "plain", 0.6)
    _store(tmp_path / "results", "mixed", 0.9, langs=("en",))
    _store(
        tmp_path / "results", "mixed", 0.9, langs=("de", "fr"), source="official", state="standard"
    )
    board = _board(tmp_path)
    (mixed,) = board.unranked
    assert mixed.id == "mixed" and mixed.kind == "mixed"
    assert mixed.reason.startswith("mixed data: bundled samples (xnli) and official test sets")


def test_nonstandard_cells_are_marked_and_never_silently_in_an_overall(tmp_path: Path) -> None:
    _manifest(tmp_path, "odd")
    _manifest(tmp_path, "fine")
    hub = {"source": "hub", "location": "google/xtreme:XNLI:test", "revision": "e" * 40}
    _store(tmp_path / "results", "fine", 0.6, state="standard", pinned=True, **hub)
    _store(
        tmp_path / "results",
        "odd",
        0.8,
        state="nonstandard",
        pinned=True,
        nonstandard=lambda lang: "1,999 examples, the card says 2,000" if lang == "de" else None,
        **hub,
    )
    # only de is nonstandard: the others are standard
    store = ResultStore(tmp_path / "results" / "odd")
    for r in list(store):
        if r.language != "de":
            store.put(_with_data(r, state="standard"))
    board = _board(tmp_path)
    odd = next(b for b in board.submissions if b.id == "odd")
    assert odd.ranked_in is None and odd.reason == "nonstandard data in 1 cell(s): xnli.de"
    assert odd.overall["clean"].nonstandard == ("xnli.de",)
    assert "includes nonstandard data (xnli.de)" in odd.overall["clean"].describe()
    assert [b.id for _, g in board.ranked for b in g] == ["fine"]
    site = _site(tmp_path)
    index = (site / "index.html").read_text(encoding="utf-8")
    row = index.split('id="board-unranked"')[1].split("</table>")[0]
    assert 'class="badge">nonstandard</span>' in row
    page = (site / "submissions/odd.html").read_text(encoding="utf-8")
    nonstandard = page.split("Nonstandard cells")[1].split("</ul>")[0]
    assert "xnli.de</span>: 1,999 examples, the card says 2,000" in nonstandard
    assert "xnli.en" not in nonstandard
    task = (site / "tasks/xnli.html").read_text(encoding="utf-8")
    data = task.split('id="data"')[1].split("</table>")[0]
    assert "google/xtreme:XNLI:test" in data and "eeeeeeeeeeee" in data
    assert data.count(">nonstandard<") == 1 and data.count(">standard<") == 5
    langs = task.split('id="langs-typo-10"')[1].split("</table>")[0]
    assert langs.count('class="badge">nonstandard</span>') == 1  # the de row
    board_json = json.loads((site / "data/leaderboard.json").read_text(encoding="utf-8"))
    sub = next(s for s in board_json["submissions"] if s["id"] == "odd")
    assert sub["nonstandard_cells"] == ["xnli.de"]
    cell = next(c for c in sub["tasks"]["xnli"]["cells"] if c["language"] == "de")
    assert cell["data"]["state"] == "nonstandard" and cell["data"]["revision"] == "e" * 40


def test_task_page_names_unpinned_revisions(tmp_path: Path) -> None:
    _manifest(tmp_path, "hubbed")
    _store(
        tmp_path / "results",
        "hubbed",
        0.6,
        source="hub",
        location="google/xquad:xquad.de:validation",
        revision="a" * 40,
        pinned=False,
        state="unverified",
    )
    task = (_site(tmp_path) / "tasks/xnli.html").read_text(encoding="utf-8")
    data = task.split('id="data"')[1].split("</table>")[0]
    assert "aaaaaaaaaaaa (unpinned)" in data and ">unverified<" in data


def test_old_records_without_data_state_still_show(tmp_path: Path) -> None:
    old = read_result(ROOT / "tests" / "fixtures" / "result-v1.json")
    assert old.provenance.data.state is None and old.nonstandard is None
    store = ResultStore(tmp_path / "results" / "old")
    store.put(old.model_copy(update={"profile": "clean", "key": "c" * 64}))
    store.put(old)
    _manifest(tmp_path, "old")
    site = _site(tmp_path)
    task = (site / "tasks/xnli.html").read_text(encoding="utf-8")
    assert ">not recorded<" in task.split('id="data"')[1]
    sub = (site / "submissions/old.html").read_text(encoding="utf-8")
    assert ">not recorded<" in sub and "Nonstandard cells" not in sub


def test_submission_page_hides_absolute_checkpoint_paths(tmp_path: Path) -> None:
    _manifest(tmp_path, "local", checkpoints={"xnli": "/home/alice/secret-project/ckpt-xnli"})
    _store(tmp_path / "results", "local", 0.6, location="/home/alice/data/download/xnli/x.tsv")
    site = _site(tmp_path)
    for page in (site / "submissions/local.html", site / "data/leaderboard.json"):
        text = page.read_text(encoding="utf-8")
        assert "/home/alice" not in text and "secret-project" not in text, page
        assert "…/ckpt-xnli" in text
    assert "/home/alice" not in (site / "tasks/xnli.html").read_text(encoding="utf-8")


def test_csv_cells_that_start_a_formula_are_inert_and_json_exact(tmp_path: Path) -> None:
    hostile = '=HYPERLINK("http://evil.example","x")'
    _manifest(tmp_path, "evil", name=hostile, base_model="@SUM(A1)")
    _manifest(tmp_path, "tabbed", name="\t-2+3", base_model="+cmd")
    _store(tmp_path / "results", "evil", 0.6)
    _store(tmp_path / "results", "tabbed", 0.7)
    site = _site(tmp_path)
    rows = list(csv.DictReader(io.StringIO((site / "data/leaderboard.csv").read_text())))
    by_id = {r["id"]: r for r in rows}
    assert by_id["evil"]["name"] == "'" + hostile
    assert by_id["evil"]["base_model"] == "'@SUM(A1)"
    assert by_id["tabbed"]["name"] == "'\t-2+3" and by_id["tabbed"]["base_model"] == "'+cmd"
    for r in rows:
        for value in r.values():
            assert not value.startswith(("=", "+", "@", "\t", "\r")), value
            if value.startswith("-"):
                float(value)  # only numbers (negative deltas) may start with a minus
    data = json.loads((site / "data/leaderboard.json").read_text(encoding="utf-8"))
    names = {s["id"]: (s["name"], s["base_model"]) for s in data["submissions"]}
    assert names == {"evil": (hostile, "@SUM(A1)"), "tabbed": ("\t-2+3", "+cmd")}


def test_submissions_without_results_are_not_scored_yet_not_rows(tmp_path: Path) -> None:
    _manifest(tmp_path, "stilts-x", method="stilts", intermediate_tasks=["mnli"])
    _manifest(tmp_path, "base-x", method="multilingual-baseline")
    _store(tmp_path / "results", "stilts-x", 0.7)  # base-x is never scored
    board = _board(tmp_path)
    assert [b.id for b in board.not_scored] == ["base-x"]
    assert board.comparisons == ()  # never a "0 tasks" pair
    assert board.comparison_notes == (
        "stilts-x vs base-x: not compared, base-x is not scored yet.",
    )
    site = _site(tmp_path)
    index = (site / "index.html").read_text(encoding="utf-8")
    tables = [part.split("</table>")[0] for part in index.split("<table")[1:]]
    assert tables and all("base-x" not in t for t in tables)  # in no table row
    listed = index.split('id="h-not-scored"')[1].split("</ul>")[0]
    assert "base-x</a>: not scored yet: no results in its result store" in listed
    compare = (site / "compare.html").read_text(encoding="utf-8")
    assert "0 tasks" not in compare and "<table" not in compare
    assert "not compared, base-x is not scored yet" in compare
    assert "Not scored yet" in (site / "submissions/base-x.html").read_text(encoding="utf-8")


def test_green_and_red_only_where_the_interval_excludes_zero() -> None:
    assert _est_cell(Estimate(2.0, -0.5, 4.5), signed=True).css == "num"
    assert _est_cell(Estimate(-2.0, -4.5, 0.5), signed=True).css == "num"
    assert _est_cell(Estimate(2.0, 0.5, 4.5), signed=True).css == "num pos"
    assert _est_cell(Estimate(-2.0, -4.5, -0.5), signed=True).css == "num neg"


def test_one_colour_per_meaning_across_charts(built_board: Board) -> None:
    board = built_board
    fills = {
        "delta": {s.css for s in delta_chart(board, "typo-10").shapes if s.kind == "rect"},
        "dumbbell": {s.css for s in clean_noisy_chart(board).shapes if s.kind == "circle"},
        "compare": {
            s.css for s in comparison_chart(board, board.comparisons[0]).shapes if s.kind == "rect"
        },
    }
    # submissions are u*, profiles p* (clean p0, typo-10 p1, typo-20 p2 on this board)
    assert fills["delta"] <= {f"u{i}" for i in range(6)}
    assert fills["compare"] == {"p0", "p1", "p2"}
    assert fills["dumbbell"] == {"clean", "p1 dot", "p2 dot"}
    css = (ROOT / "leaderboard/static/style.css").read_text(encoding="utf-8")
    for name in ("p0", "p1", "u0", "u1"):
        assert f".{name} {{ fill: var(--{name}); }}" in css
    assert "--s1" not in css  # the old shared palette is gone


def test_overall_axis_is_the_whole_score_range(built_board: Board) -> None:
    chart = clean_noisy_chart(built_board)
    ticks = [s.text for s in chart.shapes if s.css == "tick"]
    assert ticks[0] == "0" and ticks[-1] == "100"


def test_kept_above_100_percent_is_explained(tmp_path: Path) -> None:
    _manifest(tmp_path, "lucky")
    _store(tmp_path / "results", "lucky", 0.6, flip=0.0)
    store = ResultStore(tmp_path / "results" / "lucky")
    for r in list(store):  # typo-10 gets one more example right than clean
        if r.profile == "typo-10" and r.language == "en":
            col = list(r.per_example["correct"])
            col[col.index(0)] = 1
            main = 100.0 * sum(col) / len(col)
            store.put(
                r.model_copy(
                    update={
                        "per_example": {**r.per_example, "correct": col},
                        "main": main,
                        "scores": {"accuracy": main},
                        "key": "f" * 64,
                        "provenance": r.provenance.model_copy(
                            update={"created_at": "2026-01-02T00:00:00+00:00"}
                        ),
                    }
                )
            )
    board = _board(tmp_path)
    kept = next(c for c in index_tables(board)[0].rows[0].cells if c.text.endswith("%"))
    assert kept.sort is not None and kept.sort > 100
    assert "the noisy score is higher than the clean one (chance, not a gain)" in kept.title


def test_index_names_toy_entries_from_the_manifest_field(tmp_path: Path) -> None:
    _manifest(tmp_path, "tiny-thing", name="Tiny Thing", toy=True)
    _manifest(tmp_path, "serious", name="Serious")
    _store(tmp_path / "results", "tiny-thing", 0.4)
    _store(tmp_path / "results", "serious", 0.6)
    site = _site(tmp_path)
    index = (site / "index.html").read_text(encoding="utf-8")
    note = index.split("Toy entries:")[1].split("</p>")[0]
    assert "Tiny Thing" in note and "Serious" not in note and "near chance" in note
    assert "toy model" in (site / "submissions/tiny-thing.html").read_text(encoding="utf-8")
    shipped = [p.read_text() for p in sorted((ROOT / "submissions").glob("demo-*.yaml"))]
    assert len(shipped) == 2 and all("\ntoy: true\n" in t for t in shipped)


@pytest.fixture(scope="module")
def built_board(board_inputs: Any, lb: Any) -> Board:
    registry = Registry.load()
    subs = load_submissions(find_manifests(board_inputs.submissions), registry)
    return summarize_board(registry, subs, board_inputs.results, lb.fast)


def test_cli_overall_equals_board_overall_for_demo_entries(
    make_checkpoint: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The demo's two entries (tiny checkpoints in the demo's place): the overall `harness run`
    prints, the one `--json` writes and the board's are the same number, and pawsx (not
    XTREME-R) is marked in the CLI table and left out of all three."""
    from harness.api import evaluate
    from harness.commands import _report
    from harness.demo import DEMO_PROFILE, DEMO_TASKS, SUBMISSIONS, build_demo_leaderboard

    registry = Registry.load()
    reports = {}
    for seed, method in enumerate(SUBMISSIONS):
        folder = tmp_path / "checkpoints" / method
        for task in DEMO_TASKS:
            card = registry.task(task)
            head = (
                "multiple_choice" if card.family == "multiple_choice" else "sequence_classification"
            )
            labels = None if head == "multiple_choice" else card.labels
            make_checkpoint(head, labels, seed=seed, out=folder / task)
        reports[method] = evaluate(
            folder,
            tasks=DEMO_TASKS,
            profiles=[DEMO_PROFILE],
            data="samples",
            device="cpu",
            results=tmp_path / "results" / SUBMISSIONS[method],
            registry=registry,
        )
    site = build_demo_leaderboard(tmp_path, registry)
    board = json.loads((site / "data/leaderboard.json").read_text(encoding="utf-8"))
    subs = {s["id"]: s for s in board["submissions"]}
    for method, report in reports.items():
        assert report.ok
        summary = report.aggregate()
        assert "pawsx" in summary.tasks and "pawsx" in summary.outside
        sub = subs[SUBMISSIONS[method]]
        for profile in ("clean", DEMO_PROFILE):
            assert sub["overall"][profile]["value"] == pytest.approx(
                summary.overall[profile], abs=1e-4
            )
        assert report.to_dict()["aggregate"]["overall"] == dict(summary.overall)
        _report(report, None)
        table = capsys.readouterr().out
        assert "pawsx (not xtreme-r)" in table
        overall = next(line for line in table.splitlines() if line.startswith("overall"))
        assert overall.split()[:3] == ["overall", "(xtreme-r,", "task_mean)"]
        assert overall.split()[3] == f"{round(summary.overall['clean'], 2):.2f}"
    assert board["rankings"] == {
        "samples": sorted(subs, key=lambda s: -subs[s]["overall"]["clean"]["value"])
    }
