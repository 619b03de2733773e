"""`harness data verify` on the shared real data, and on copies with one thing changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cli import main
from harness.data.verify import verify_folder
from harness.registry import Registry

pytestmark = pytest.mark.realdata
REGISTRY = Registry.load()


def verify(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[list[str]]]:
    """Run `harness data verify`; return the exit code and the table's rows (split on 2+
    spaces: task, lang, status, detail)."""
    code = main(["data", "verify", *args])
    lines = capsys.readouterr().out.splitlines()[2:]  # after the header and its rule
    return code, [[c for c in line.split("  ") if c.strip()] for line in lines]


def test_the_shared_real_data_passes_for_every_task_it_holds(
    realdata: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    download, labels = realdata / "download", realdata / "labels"
    code, rows = verify([str(download), "--labels", str(labels)], capsys)
    assert code == 0
    held = {p.name for p in download.iterdir() if p.is_dir()}
    assert {r[0] for r in rows} == held
    statuses = {(r[0], r[1].strip()): r[2].strip() for r in rows}
    for task in held - {"udpos"}:  # every language of these is held and verified
        card = REGISTRY.task(task)
        assert {statuses[(task, lang)] for lang in card.languages} == {"ok"}, task
    assert statuses[("udpos", "wo")] == statuses[("udpos", "th")] == "ok"
    assert statuses[("udpos", "yo")] == "unverified"
    assert statuses[("udpos", "de")] == "missing"  # listed, not a failure: not asked for


def copy_of(realdata: Path, tmp_path: Path, *rel: str) -> Path:
    for name in rel:
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(realdata / name, target)
    return tmp_path


def drop_line(path: Path, index: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    del lines[index]
    path.write_text("".join(lines), encoding="utf-8")


def relabel(path: Path, index: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[index] = lines[index].replace('"label": 0', '"label": 1', 1)
    if '"label": 1' not in lines[index]:
        raise AssertionError("expected label 0 on that line")
    path.write_text("".join(lines), encoding="utf-8")


def duplicate_line(path: Path, index: int) -> None:
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(index, lines[index])
    path.write_text("".join(lines), encoding="utf-8")


XCOPA_ET = "download/xcopa/test-et.jsonl"
TATOEBA_DE = (
    "download/tatoeba/de-en.de",
    "download/tatoeba/de-en.en",
    "labels/tatoeba/test-de.tsv",
)


@pytest.mark.parametrize(
    ("files", "change", "cell", "status", "detail"),
    [
        ((XCOPA_ET,), lambda d: drop_line(d / XCOPA_ET, 17), ("xcopa", "et"), "count mismatch",
         "examples expected 500, found 499"),
        ((XCOPA_ET,), lambda d: relabel(d / XCOPA_ET, 0), ("xcopa", "et"),
         "fingerprint mismatch", "gold_hash expected a5fdb668ed639e37, found "),
        (TATOEBA_DE, lambda d: duplicate_line(d / TATOEBA_DE[0], 3), ("tatoeba", "de"),
         "count mismatch", "candidates expected 1000, found 1001"),
        (TATOEBA_DE, lambda d: drop_line(d / TATOEBA_DE[2], 5), ("tatoeba", "de"), "unreadable",
         "999 labels for 1000 examples"),
        (TATOEBA_DE, lambda d: duplicate_line(d / TATOEBA_DE[1], 0), ("tatoeba", "de"),
         "unreadable", "1000 labels for 1001 examples"),
    ],
)  # fmt: skip
def test_a_changed_copy_fails_naming_the_cell(
    realdata: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    files: tuple[str, ...],
    change: Callable[[Path], None],
    cell: tuple[str, str],
    status: str,
    detail: str,
) -> None:
    root = copy_of(realdata, tmp_path, *files)
    args = [str(root / "download")]
    if (root / "labels").is_dir():
        args += ["--labels", str(root / "labels")]
    assert verify(args, capsys)[0] == 0  # the untouched copy passes
    change(root)
    code, rows = verify(args, capsys)
    assert code == 1
    (row,) = [r for r in rows if (r[0], r[1].strip()) == cell]
    assert row[2].strip() == status
    assert detail in row[3]
    assert all(r[2].strip() in ("ok", "missing") for r in rows if r is not row)


def test_missing_languages_fail_when_asked_for(
    realdata: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = copy_of(realdata, tmp_path, XCOPA_ET)
    code, rows = verify([str(root / "download"), "--tasks", "xcopa"], capsys)
    assert code == 1 and len(rows) == 11
    assert [r[2].strip() for r in rows].count("missing") == 10
    rows_et = verify_folder(REGISTRY, root / "download", None, ["xcopa"], ["et"])
    assert [(r.status, r.failed) for r in rows_et] == [("ok", False)]
