"""The "examples that flipped" view, built from sample logs beside a submission's results."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.cli import main
from harness.results import ResultStore
from harness.samples import FLIPPED_LIMIT, samples_path, write_samples

HOSTILE_CLEAN = "<script>window.__pwned = 1</script> & co"
HOSTILE_NOISY = '"><img src=x onerror="window.__pwned = 2">'


def hostile_rows(n: int) -> list[dict[str, Any]]:
    rows = []
    for i in range(n):
        flipped = i % 2 == 0  # every other example flips; the odd ones keep their prediction
        rows.append(
            {
                "id": f"xnli-de-{i}",
                "clean": {"premise": f"{HOSTILE_CLEAN} {i}", "hypothesis": "same"},
                "noisy": {"premise": f"{HOSTILE_NOISY} {i}", "hypothesis": "same"},
                "edits": [{"field": "premise", "op": "substitution", "position": 0}],
                "gold": "<b>entailment</b>",
                "clean_prediction": "entailment",
                "noisy_prediction": "</td><script>window.__pwned = 3</script>"
                if flipped
                else "entailment",
                "changed": True,
                "flipped": flipped,
            }
        )
    return rows


def add_hostile_logs(results: Path, n: int = 50) -> Path:
    """Write a sample log for stilts-a's xnli.de typo-10 record; return its path."""
    store = results / "stilts-a"
    (record,) = [
        r
        for r in ResultStore(store)
        if (r.task, r.language, r.profile) == ("xnli", "de", "typo-10")
    ]
    path = samples_path(
        store, record.provenance.model.fingerprint, "xnli", "de", "typo-10", record.key
    )
    return write_samples(path, hostile_rows(n))


def build(inputs: Any, out: Path) -> dict[str, bytes]:
    args = ["leaderboard", "build", "--submissions", str(inputs.submissions)]
    args += ["--results", str(inputs.results), "--config", str(inputs.config), "--out", str(out)]
    assert main(args) == 0
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_a_board_without_sample_logs_has_no_flipped_view(built_site: Path) -> None:
    assert not (built_site / "flipped").exists()
    for page in built_site.rglob("*.html"):
        assert "flipped" not in page.read_text(encoding="utf-8")


def test_flipped_view_shows_the_first_changed_examples_escaped(lb: Any, tmp_path: Path) -> None:
    inputs = lb.make_inputs(tmp_path / "in")
    plain = build(inputs, tmp_path / "plain")
    add_hostile_logs(inputs.results)
    # a log for a record the board does not show (another key) is not used
    other = samples_path(inputs.results / "other-b", "f" * 64, "xnli", "de", "typo-10", "0" * 64)
    write_samples(other, hostile_rows(3))
    site = tmp_path / "site"
    with_logs = build(inputs, site)
    # only the xnli task page (its link) and the new page differ; the rest is byte-identical
    assert set(with_logs) - set(plain) == {"flipped/xnli.html"}
    assert [k for k in plain if plain[k] != with_logs[k]] == ["tasks/xnli.html"]
    task_page = with_logs["tasks/xnli.html"].decode()
    assert 'href="../flipped/xnli.html"' in task_page
    page = with_logs["flipped/xnli.html"].decode()
    assert "<script>window" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt; &amp; co" in page
    assert "&#34;&gt;&lt;img src=x onerror=&#34;window.__pwned = 2&#34;&gt;" in page
    assert page.count('<tr><td class="mono">') == FLIPPED_LIMIT  # the first 20 of 25 flipped
    assert "50 of 50 examples changed by noise, 25 of them flipped; the first 20 shown" in page
    assert "xnli-de-0<" in page and "xnli-de-1<" not in page  # unflipped rows left out
    assert "xnli-de-38<" in page and "xnli-de-40<" not in page  # data order, first 20
    # a rebuild is byte-identical
    assert build(inputs, site) == with_logs
