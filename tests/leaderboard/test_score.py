"""`harness score`: manifests scored through plan_run/Runner into per-submission stores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from harness.cli import main
from harness.registry import Registry
from harness.results import ResultStore

CheckpointFactory = Callable[..., Path]


@pytest.fixture(scope="module")
def scored_folder(
    make_checkpoint: CheckpointFactory, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """submissions/ with one manifest: a good xnli checkpoint, a pawsx checkpoint reached
    through a symlink that leaves the allowed roots, and a missing xcopa folder."""
    registry = Registry.load()
    root = tmp_path_factory.mktemp("scoring")
    subs = root / "submissions"
    labels = registry.task("xnli").labels
    make_checkpoint("sequence_classification", labels, out=subs / "ckpts" / "xnli", seed=1)
    outside = tmp_path_factory.mktemp("outside")
    pawsx_labels = registry.task("pawsx").labels
    make_checkpoint("sequence_classification", pawsx_labels, out=outside / "pawsx", seed=2)
    (subs / "ckpts" / "pawsx").symlink_to(outside / "pawsx", target_is_directory=True)
    data = {
        "name": "Tiny <b>test</b> model",
        "method": "multilingual-baseline",
        "base_model": "tiny",
        "checkpoints": {
            "classification": "ckpts",
            "xcopa": "ckpts/no-such-folder",
        },
        "profiles": ["typo-10"],
    }
    (subs / "tiny.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return subs


def score(subs: Path, *extra: str) -> int:
    return main(
        ["score", "--quiet", "--data", "samples", "--limit", "3", str(subs / "tiny.yaml"), *extra]
    )


def test_score_continues_past_failures_and_stores_beside_the_manifest(
    scored_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert score(scored_folder, "--profile", "typo-20") == 1
    captured = capsys.readouterr()
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    assert len(errors) == 2, captured.err
    assert any("tiny: pawsx" in e and "symlink" in e for e in errors)
    assert any("tiny: xcopa" in e and "no-such-folder" in e for e in errors)
    assert "2 failure(s)" in captured.err
    records = list(ResultStore(scored_folder / "tiny"))
    assert {r.task for r in records} == {"xnli"}
    assert {r.profile for r in records} == {"clean", "typo-10", "typo-20"}
    assert all(r.n == 3 for r in records)
    assert "overall (xtreme-r, task_mean)" in captured.out

    # A second run is served from the store; the failures are reported again.
    assert score(scored_folder, "--profile", "typo-20") == 1
    out = capsys.readouterr().out
    assert f"(0 new, {len(records)} served from the store)" in out


def test_scored_results_build_a_site(
    scored_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    score(scored_folder)
    out = tmp_path / "site"
    assert (
        main(["leaderboard", "build", "--submissions", str(scored_folder), "--out", str(out)]) == 0
    )
    assert "leaderboard: " in capsys.readouterr().out
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Tiny &lt;b&gt;test&lt;/b&gt; model" in index
    page = (out / "tasks" / "xnli.html").read_text(encoding="utf-8")
    assert page.count('class="ci">[') >= 8


def test_results_root_option(scored_folder: Path, tmp_path: Path) -> None:
    results = tmp_path / "results"
    score(scored_folder, "--results", str(results))
    assert {r.task for r in ResultStore(results / "tiny")} == {"xnli"}


def test_unfetchable_hub_checkpoint_is_a_reported_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = {
        "name": "Hub model",
        "method": "other",
        "base_model": "x",
        "checkpoints": {"xnli": {"hub": "no-org/no-model", "revision": "ab" * 20}},
    }
    path = tmp_path / "hub.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["score", "--quiet", "--data", "samples", str(path)]) == 1
    err = capsys.readouterr().err
    assert "error: hub: xnli.-: hub model no-org/no-model@abababababab: cannot fetch" in err
    assert not (tmp_path / "hub").exists()


def test_score_refuses_nonstandard_data_unless_allowed(
    scored_folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two XNLI pairs are not the official 5,010: refused, or scored and marked nonstandard."""
    (tmp_path / "data" / "xnli").mkdir(parents=True)
    rows = "Ein Hund.\tEin Tier.\tentailment\nEine Katze.\tKein Tier.\tcontradiction\n"
    (tmp_path / "data" / "xnli" / "test-de.tsv").write_text(rows, encoding="utf-8")
    args = ["--data", str(tmp_path / "data"), "--results", str(tmp_path / "r")]
    assert score(scored_folder, *args) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if "xnli.de" in line]
    assert len(errors) == 1 and "examples expected 5010, found 2" in errors[0]
    assert "--allow-nonstandard-data" in errors[0]
    assert score(scored_folder, *args, "--allow-nonstandard-data") == 1  # pawsx, xcopa fail
    records = [r for r in ResultStore(tmp_path / "r" / "tiny") if r.task == "xnli"]
    assert {r.profile for r in records} == {"clean", "typo-10"}
    for r in records:
        assert r.nonstandard == "examples expected 5010, found 2"
        assert r.signature.endswith("|nonstandard|harness:" + r.provenance.harness_version)
        assert (r.provenance.data.state, r.provenance.data.pinned) == ("nonstandard", None)
