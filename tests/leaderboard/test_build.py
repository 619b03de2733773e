"""Building the static leaderboard from synthetic result records."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.errors import ConfigError
from harness.leaderboard import LeaderboardConfig, build_leaderboard, summarize_board
from harness.registry import Registry
from harness.submissions import find_manifests, load_submissions

BUILD = ["leaderboard", "build"]


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def build_cli(inputs: Any, out: Path, *extra: str) -> int:
    return main(
        [
            *BUILD,
            "--submissions",
            str(inputs.submissions),
            "--results",
            str(inputs.results),
            "--config",
            str(inputs.config),
            "--out",
            str(out),
            *extra,
        ]
    )


def test_site_has_every_page(built_site: Path) -> None:
    files = set(tree(built_site))
    assert {
        "index.html",
        "compare.html",
        "tasks/xnli.html",
        "tasks/xcopa.html",
        "submissions/stilts-a.html",
        "submissions/baseline-a.html",
        "submissions/other-b.html",
        "data/leaderboard.json",
        "data/leaderboard.csv",
        "data/results.csv",
        "leaderboard.md",
    } <= files


def test_rebuild_is_byte_identical(built_site: Path, board_inputs: Any, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert build_cli(board_inputs, again) == 0
    assert tree(again) == tree(built_site)
    # Rebuilding into the same folder replaces it with the same bytes.
    assert build_cli(board_inputs, again) == 0
    assert tree(again) == tree(built_site)


def test_pages_are_self_contained(built_site: Path) -> None:
    for page in html_pages(built_site):
        text = page.read_text(encoding="utf-8")
        csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', text)
        assert csp, page
        policy = csp.group(1).replace("&#39;", "'")
        assert "default-src 'none'" in policy
        # Exactly one inline style and one inline script, each allowed by its hash.
        styles = re.findall(r"<style>(.*?)</style>", text, re.S)
        scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
        assert len(styles) == 1 and len(scripts) == 1, page
        assert text.count("<script") == 1
        for body, directive in ((styles[0], "style-src"), (scripts[0], "script-src")):
            digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
            assert f"{directive} 'sha256-{digest}'" in policy, (page, directive)
        # Nothing is fetched: no src attributes, no stylesheets, no external URLs but links.
        assert not re.search(r"\ssrc=", text), page
        assert '<link rel="stylesheet"' not in text
        assert "@import" not in text and "url(" not in text
        for url in re.findall(r'(?:href|src)="(https?:[^"]*)"', text):
            assert url == "https://example.org/paper", (page, url)
        assert "on" + "click=" not in text


def test_internal_links_resolve(built_site: Path) -> None:
    for page in html_pages(built_site):
        for href in re.findall(r'href="([^"#]+)"', page.read_text(encoding="utf-8")):
            if href.startswith(("https:", "http:", "data:")):
                continue
            assert (page.parent / href).resolve().is_file(), (page, href)


def test_index_table_values_and_partial_marking(built_site: Path) -> None:
    data = json.loads((built_site / "data/leaderboard.json").read_text(encoding="utf-8"))
    assert [t["name"] for t in data["tasks"]] == ["xnli", "xcopa"]  # present tasks, by default
    assert data["profiles"] == ["typo-10", "typo-20"]  # present profiles, by rate
    subs = {s["id"]: s for s in data["submissions"]}
    # other-b lacks xcopa: it is listed after the ranking, unranked, with the reason
    assert [s["id"] for s in data["submissions"]] == ["stilts-a", "baseline-a", "other-b"]
    assert data["rankings"] == {"samples": ["stilts-a", "baseline-a"]}
    assert subs["other-b"]["ranked_in"] is None
    assert subs["other-b"]["not_ranked_reason"] == "partial: no results for xcopa"
    assert subs["other-b"]["overall"]["clean"]["partial"] is True
    assert subs["other-b"]["overall"]["clean"]["missing_tasks"] == ["xcopa"]
    assert subs["stilts-a"]["overall"]["clean"]["partial"] is False
    stilts = subs["stilts-a"]
    clean = stilts["overall"]["clean"]["value"]
    xnli = stilts["tasks"]["xnli"]["clean"]["value"]
    xcopa = stilts["tasks"]["xcopa"]["clean"]["value"]
    assert clean == pytest.approx((xnli + xcopa) / 2, abs=1e-3)
    delta = stilts["overall"]["typo-10"]["delta"]
    assert delta["value"] == pytest.approx(stilts["overall"]["typo-10"]["value"] - clean, abs=1e-3)
    assert delta["low"] <= delta["value"] <= delta["high"]
    index = (built_site / "index.html").read_text(encoding="utf-8")
    unranked = index.split('id="board-unranked"')[1].split("</table>")[0]
    row = unranked.split("Other B</a>")[1].split("</tr>")[0]
    assert 'class="badge">partial</span>' in row
    assert "1/2" in row  # coverage column
    assert "partial: no results for xcopa" in row  # the reason it is not ranked
    assert "Other B" not in index.split('id="board"')[1].split("</table>")[0]
    header = index.split("<thead>")[1].split("</thead>")[0]
    for group in ("clean", "typo-10", "typo-20"):
        assert f'class="nosort group-label">{group}</th>' in header
    for key in ("clean", "score-typo-10", "delta-typo-10", "kept-typo-10", "cat-classification"):
        assert f'data-key="{key}"' in header
    for label in ("overall", "Δ", "kept", "Classification", "Coverage"):
        assert f">{label}</button>" in header
    assert 'id="rank-by"' in index


def test_task_page_shows_per_language_intervals_and_noise(built_site: Path) -> None:
    page = (built_site / "tasks/xnli.html").read_text(encoding="utf-8")
    for lang in ("en", "de", "fr"):
        assert f'data-sort="{lang}">{lang}' in page
    assert page.count('class="ci">[') > 3 * 3
    assert ">CER (%)</button>" in page and ">examples changed (%)</button>" in page
    assert "<svg" in page and "<rect" in page


def test_submission_page_lists_signatures(built_site: Path, board_inputs: Any) -> None:
    page = (built_site / "submissions/stilts-a.html").read_text(encoding="utf-8")
    from harness.results import ResultStore

    records = list(ResultStore(board_inputs.results / "stilts-a"))
    assert len(records) == 15
    for r in records:  # each token of a signature unbroken, breaks only at the bars
        tokens = r.signature.split("|")
        assert "|<wbr>".join(f'<span class="tok">{t}</span>' for t in tokens) in page
    assert "mnli" in page and "https://example.org/paper" in page


def test_comparison_marks_intervals_that_exclude_zero(built_site: Path) -> None:
    data = json.loads((built_site / "data/leaderboard.json").read_text(encoding="utf-8"))
    (comp,) = data["comparisons"]  # only stilts-a / baseline-a share a base model
    assert (comp["stilts"], comp["baseline"]) == ("stilts-a", "baseline-a")
    gain = comp["tasks"]["xnli"]["clean"]["gain"]
    assert gain["low"] > 0  # 0.8 vs 0.55 accuracy on 120 paired examples
    page = (built_site / "compare.html").read_text(encoding="utf-8")
    assert 'class="num pos sig"' in page and "≠ 0" in page


def test_manifest_html_renders_as_inert_text(tmp_path: Path, lb: Any) -> None:
    subs, results = tmp_path / "submissions", tmp_path / "results"
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b> & "quotes"'
    lb.write_manifest(
        subs,
        "evil",
        name=f"Evil {evil}",
        notes=f"Notes {evil}\n<a href='javascript:alert(2)'>link</a>",
        authors=["<i>Mallory</i>"],
        base_model="<u>base</u>",
    )
    lb.store_submission(results, "evil", 0.6, {"typo-10": 0.1})
    out = tmp_path / "site"
    registry = Registry.load()
    build_leaderboard(
        registry,
        load_submissions(find_manifests(subs), registry),
        out,
        results_root=results,
        config=lb.fast,
    )
    for page in html_pages(out):
        text = page.read_text(encoding="utf-8")
        assert text.count("<script") == 1, page  # only the site's own script
        for raw in ("<img", "<b>bold", "<i>Mallory", "<u>base", "javascript:alert(2)'>"):
            assert raw not in text, (page, raw)
        assert "onerror=alert(1)>" not in text
    sub_page = (out / "submissions/evil.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in sub_page
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quotes&#34;" in sub_page
    assert "&lt;i&gt;Mallory&lt;/i&gt;" in sub_page
    markdown = (out / "leaderboard.md").read_text(encoding="utf-8")
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown


def test_configured_task_without_results_fails(
    board_inputs: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("tasks: [xnli, xcopa, udpos]\nprofiles: [typo-10, typo-40]\n")
    out = tmp_path / "site"
    code = main(
        [
            *BUILD,
            "--submissions",
            str(board_inputs.submissions),
            "--results",
            str(board_inputs.results),
            "--config",
            str(config),
            "--out",
            str(out),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert "task udpos" in err and "profile typo-40" in err and "no results" in err
    assert not out.exists()  # nothing written


def test_public_config_requires_every_xtreme_r_task(board_inputs: Any) -> None:
    registry = Registry.load()
    config = Path(__file__).resolve().parents[2] / "leaderboard" / "config.yaml"
    from harness.leaderboard import load_config

    public = load_config(config)
    assert public.tasks is not None
    assert set(public.tasks) == {
        name for name, e in registry.tasks.items() if "xtreme-r" in e.model.benchmarks
    }
    subs = load_submissions(find_manifests(board_inputs.submissions), registry)
    with pytest.raises(ConfigError, match="task udpos"):
        summarize_board(registry, subs, board_inputs.results, public)


def test_fixed_columns_keep_a_submission_without_a_task(board_inputs: Any, tmp_path: Path) -> None:
    registry = Registry.load()
    subs = load_submissions(find_manifests(board_inputs.submissions), registry)
    config = LeaderboardConfig(tasks=("xcopa", "xnli"), profiles=("typo-20",))
    board = summarize_board(registry, subs, board_inputs.results, config)
    assert board.tasks == ("xcopa", "xnli") and board.profiles == ("typo-20",)
    other = next(b for b in board.submissions if b.id == "other-b")
    assert other.overall["clean"].partial and other.overall["clean"].missing == ("xcopa",)


def test_markdown_format(
    board_inputs: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "md"
    assert build_cli(board_inputs, out, "--format", "markdown") == 0
    printed = capsys.readouterr().out
    assert sorted(p.name for p in out.iterdir()) == ["leaderboard.md"]
    assert printed == (out / "leaderboard.md").read_text(encoding="utf-8")
    lines = printed.splitlines()
    assert lines[0].startswith("Ranked by the overall clean score: scored on the bundled samples")
    assert lines[2].startswith("| rank") and "STILTs A" in printed
    unranked = printed.split("Not ranked:")[1]
    assert "Other B" in unranked and "(partial)" in unranked and "| Why not ranked" in unranked


def test_refuses_to_replace_a_foreign_folder(board_inputs: Any, tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "thesis.tex").write_text("do not delete")
    assert build_cli(board_inputs, out) == 2
    assert (out / "thesis.tex").read_text() == "do not delete"


def test_submission_without_results_is_listed(board_inputs: Any, tmp_path: Path, lb: Any) -> None:
    subs = tmp_path / "subs"
    for p in find_manifests(board_inputs.submissions):
        (subs / p.name).parent.mkdir(parents=True, exist_ok=True)
        (subs / p.name).write_bytes(p.read_bytes())
    lb.write_manifest(subs, "fresh", name="Fresh")
    registry = Registry.load()
    board = summarize_board(
        registry,
        load_submissions(find_manifests(subs), registry),
        board_inputs.results,
        lb.fast,
    )
    fresh = next(b for b in board.submissions if b.id == "fresh")
    assert fresh.overall["clean"].value is None and fresh.overall["clean"].partial
    assert board.submissions[-1].id == "fresh"
    assert any("fresh: no results" in w for w in board.warnings)


def test_newest_run_group_wins_and_older_records_are_superseded(tmp_path: Path, lb: Any) -> None:
    from harness.results import ResultStore

    subs, results = tmp_path / "subs", tmp_path / "results"
    lb.write_manifest(subs, "rescored", name="Rescored")
    store = ResultStore(results / "rescored")
    for fp, created, acc in (
        ("o" * 64, "2025-01-01T00:00:00+00:00", 0),
        ("n" * 64, "2026-02-01T00:00:00+00:00", 1),
    ):
        for profile in ("clean", "typo-10"):
            store.put(
                lb.make_record("xnli", "de", profile, [acc] * 10, model_fp=fp, created=created)
            )
    registry = Registry.load()
    board = summarize_board(
        registry, load_submissions(find_manifests(subs), registry), results, lb.fast
    )
    (b,) = board.submissions
    assert b.superseded == 2
    assert b.tasks["xnli"].clean.value == 100.0
    assert {r.provenance.model.fingerprint for r in b.records.values()} == {"n" * 64}


def test_index_has_a_robustness_curve_with_intervals(built_site: Path) -> None:
    html = (built_site / "index.html").read_text(encoding="utf-8")
    start = html.index('aria-labelledby="robustness-curve-t robustness-curve-d"')
    svg = html[start : html.index("</svg>", start)]
    assert svg.count('class="u0 curve"') == 2  # clean -> typo-10 -> typo-20
    assert svg.count('class="whisker"') == 3 * 3  # an interval at every point
    for label in (">clean<", ">10%<", ">20%<"):
        assert label in svg
    assert "STILTs A, typo-20: " in svg and "Other B, typo-10: " in svg
