"""`harness data pull` through a substituted `datasets.load_dataset` (the hub is unreachable)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.data import load_task_data
from harness.data.pull import CHECKSUMS, SOURCES, pull
from harness.registry import Registry
from harness.results import ResultStore

REGISTRY = Registry.load()
XTREME = "ec5f1f46e9af79639a90684a7a70a956c4998f04"
XCOPA = "042f78955ba48e6404616762fa6e05e839c3907a"
CheckpointFactory = Callable[..., Path]

CELLS = [("pawsx", "ko"), ("panx", "de")]
REAL_CELLS = [("xcopa", "et"), ("tatoeba", "de"), ("xquad", "de")]


def same_as_hub(out: Path, task: str, lang: str) -> None:
    """The pulled folder reads back exactly as the hub rows do: examples, candidates, gold and
    the data fingerprint (which is what result keys hash)."""
    card = REGISTRY.task(task)
    hub = load_task_data(card, lang, "hub")
    local = load_task_data(card, lang, str(out / "download"), labels_dir=out / "labels")
    assert local.source == "official" and hub.source == "hub"
    assert local.examples == hub.examples
    assert local.index == hub.index
    assert local.fingerprint == hub.fingerprint
    assert local.state == hub.state


def test_pull_writes_the_official_layout(
    fill_hub: Callable[..., Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    calls = fill_hub()[("calls", None)]
    out = tmp_path / "pulled"
    for task, lang in CELLS:  # two pulls into one folder: the checksums file keeps both
        assert main(["data", "pull", "--tasks", task, "--langs", lang, "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "google-research-datasets/paws-x:ko:test" in printed and "PAN-X.de" in printed
    # the official layout: test files without gold, gold in labels/
    rows = (out / "download/pawsx/test-ko.tsv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 2000 and all(r.count("\t") == 1 for r in rows)
    assert (out / "labels/pawsx/test-ko.tsv").read_text().split()[:3] == ["0", "1", "0"]
    assert (
        out / "download/panx/test-de.tsv"
    ).read_text() == "Angela\nMerkel\nspricht\n\nin\nBerlin\n.\n\n"
    assert (out / "labels/panx/test-de.tsv").read_text().startswith("B-PER\nI-PER\nO\n\n")
    for task, lang in CELLS:
        same_as_hub(out, task, lang)
    # a checksum per file, in sha256sum's format
    sums = dict(reversed(line.split("  ")) for line in (out / CHECKSUMS).read_text().splitlines())
    written = sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name not in (CHECKSUMS, SOURCES)
    )
    assert sorted(sums) == written
    for rel, digest in sums.items():
        assert hashlib.sha256((out / rel).read_bytes()).hexdigest() == digest
    sources = json.loads((out / SOURCES).read_text())
    assert sources["pawsx/ko"]["pinned"] is False and sources["pawsx/ko"]["revision"] is None
    assert sources["panx/de"]["revision"] == XTREME and sources["panx/de"]["pinned"] is True
    assert ("google/xtreme", "PAN-X.de", "test", XTREME) in calls
    assert ("google-research-datasets/paws-x", "ko", "test", None) in calls
    assert not list(out.glob(".pull-*"))  # the staging folders are gone


@pytest.mark.realdata
def test_pull_of_real_rows_is_the_official_set(
    fill_hub: Callable[..., Any], tmp_path: Path, realdata: Path
) -> None:
    """XCOPA (jsonl), Tatoeba (text pairs) and XQuAD (SQuAD JSON) rows as the hub holds them:
    pulled, they read back as the hub rows and as the official files, fingerprints included."""
    fill_hub(realdata)
    out = tmp_path / "pulled"
    cells = []
    for task, lang in REAL_CELLS:
        report = pull(REGISTRY, [task], [lang], out)
        assert not report.failures
        cells.extend(report.cells)
    assert [(c.task, c.language, c.state) for c in cells] == [
        (t, lang, "standard") for t, lang in REAL_CELLS
    ]
    assert (cells[0].revision, cells[0].pinned) == (XCOPA, True)
    for task, lang in REAL_CELLS:
        same_as_hub(out, task, lang)
        official = load_task_data(
            REGISTRY.task(task),
            lang,
            str(realdata / "download"),
            labels_dir=realdata / "labels" if task == "tatoeba" else None,
        )
        local = load_task_data(
            REGISTRY.task(task), lang, str(out / "download"), labels_dir=out / "labels"
        )
        assert local.examples == official.examples and local.index == official.index
    english = (out / "download/tatoeba/de-en.en").read_text(encoding="utf-8")
    assert english == (realdata / "download/tatoeba/de-en.en").read_text(encoding="utf-8")
    assert main(["data", "verify", str(out)]) == 0  # a pulled folder: download/ + labels/


def test_a_failed_cell_writes_nothing(
    fake_hub: dict[Any, Any], hub_tables: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Nonstandard rows (PAWS-X ko: 1,999), rows the layout cannot hold (a line break in a TSV
    field) and an unreachable config: each fails alone, and no file is written or replaced."""
    fake_hub[("google-research-datasets/paws-x", "ko")] = hub_tables.pawsx(1999)
    broken = hub_tables.pawsx(2000).to_dict()
    broken["sentence2"][5] = "zwei\nZeilen"
    fake_hub[("google-research-datasets/paws-x", "de")] = type(hub_tables.pawsx(1)).from_dict(
        broken
    )
    out = tmp_path / "pulled"
    old = out / "download/pawsx/test-ko.tsv"
    old.parent.mkdir(parents=True)
    old.write_text("an older pull\n", encoding="utf-8")
    code = main(["data", "pull", "--tasks", "pawsx", "--langs", "ko,de,fr", "--out", str(out)])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 3
    assert err[0].startswith("error: pawsx.de: ") and "line break" in err[0]
    assert err[1].startswith("error: pawsx.fr: cannot load google-research-datasets/paws-x:fr")
    assert err[2].startswith("error: pawsx.ko: pawsx/ko: the hub data")
    assert "examples expected 2000, found 1999" in err[2]
    assert old.read_text(encoding="utf-8") == "an older pull\n"
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["download/pawsx/test-ko.tsv"]  # no new file, no checksums, no staging


def test_pulled_folder_scores_exactly_like_the_hub_rows(
    fill_hub: Callable[..., Any], make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    fill_hub()
    out = tmp_path / "pulled"
    assert pull(REGISTRY, ["pawsx"], ["ko"], out).failures == ()
    ckpt = make_checkpoint("sequence_classification", REGISTRY.task("pawsx").labels, seed=2)
    common = ["run", "--quiet", "--model", str(ckpt), "--tasks", "pawsx", "--langs", "ko"]
    common += ["--profile", "typo-10", "--limit", "120"]
    hub_store, local_store = tmp_path / "hub", tmp_path / "local"
    assert main([*common, "--data", "hub", "--results", str(hub_store)]) == 0
    local = ["--data", str(out / "download"), "--labels", str(out / "labels")]
    assert main([*common, *local, "--results", str(local_store)]) == 0
    hub_records = {r.profile: r for r in ResultStore(hub_store)}
    local_records = {r.profile: r for r in ResultStore(local_store)}
    assert set(hub_records) == {"clean", "typo-10"} == set(local_records)
    for profile, a in hub_records.items():
        b = local_records[profile]
        assert (a.key, a.signature, a.scores, a.per_example) == (
            b.key,
            b.signature,
            b.scores,
            b.per_example,
        )
        assert a.noise == b.noise and a.n == b.n == 120
        assert a.provenance.data.source == "hub" and b.provenance.data.source == "official"
        assert a.provenance.data.state == b.provenance.data.state == "standard"
        assert (a.provenance.data.pinned, b.provenance.data.pinned) == (False, None)
