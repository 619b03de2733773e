"""Crash safety of the result store: a `harness score` killed with SIGKILL resumes without
recomputing or losing a cell (also when killed between a cell's columns file and its JSON
record), and two runs writing one store at once do not corrupt it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from harness.cli import main
from harness.registry import Registry
from harness.results import read_result
from harness.runner import TOKEN_CACHE_DIR

CheckpointFactory = Callable[..., Path]
SERVED = re.compile(r"\((\d+) new, (\d+) served from the store\)")
CELLS = 16  # xnli samples: 8 languages x (clean, typo-10)


def harness_command(*args: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "import sys; from harness.cli import main; sys.exit(main())",
        *args,
    ]


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env.update(HF_HUB_OFFLINE="1", HF_DATASETS_OFFLINE="1", TRANSFORMERS_OFFLINE="1")
    env.update(OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    return env


def stored(root: Path) -> dict[Path, tuple[int, int]]:
    """Every result record under `root` (its JSON file) -> the mtimes (ns) of it and of its
    columns file, which must exist."""
    return {
        p.relative_to(root): (p.stat().st_mtime_ns, p.with_suffix(".parquet").stat().st_mtime_ns)
        for p in root.rglob("*.json")
    }


def columns_files(root: Path) -> set[Path]:
    """The columns files under `root`, as the record paths they belong to."""
    return {p.relative_to(root).with_suffix(".json") for p in root.rglob("*.parquet")}


def comparable(path: Path) -> tuple[object, ...]:
    record = read_result(path)
    return (record.key, record.signature, record.scores, record.per_example, record.noise)


@pytest.fixture(scope="module")
def submission(
    make_checkpoint: CheckpointFactory, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "submissions"
    labels = Registry.load().task("xnli").labels
    make_checkpoint("sequence_classification", labels, out=folder / "ckpts" / "xnli", seed=3)
    manifest = {
        "name": "Crash test",
        "method": "other",
        "base_model": "tiny",
        "checkpoints": {"xnli": "ckpts/xnli"},
        "profiles": ["typo-10"],
    }
    path = folder / "crash.yaml"
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return path


def test_score_killed_with_sigkill_resumes_without_recomputing(
    submission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    killed = tmp_path / "killed"
    args = ["score", "--quiet", "--data", "samples", "--device", "cpu", str(submission)]
    proc = subprocess.Popen(
        harness_command(*args, "--results", str(killed)),
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while not any(killed.rglob("*.json")):
            assert proc.poll() is None, proc.communicate()[1].decode()
            assert time.monotonic() < deadline, "no cell was stored in 120 s"
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert proc.returncode == -signal.SIGKILL
    before = stored(killed)
    assert 1 <= len(before) < CELLS, "the run finished before it could be killed"
    for path in before:  # every stored cell is complete and valid
        read_result(killed / path)

    assert main([*args, "--results", str(killed)]) == 0
    out = capsys.readouterr().out
    match = SERVED.search(out)
    assert match, out
    assert (int(match[1]), int(match[2])) == (CELLS - len(before), len(before))
    after = stored(killed)
    assert len(after) == CELLS
    assert {p: after[p] for p in before} == before  # finished cells were not rewritten
    assert columns_files(killed) == set(after)  # a cell cut short was written again, whole

    fresh = tmp_path / "uninterrupted"
    assert main([*args, "--results", str(fresh)]) == 0
    capsys.readouterr()
    assert set(stored(fresh)) == set(after)
    for path in after:
        assert comparable(killed / path) == comparable(fresh / path), path


#: `harness score`, killed with SIGKILL when it is about to write its third JSON record: the
#: third cell's columns file is then in place and its record is not.
KILLED_BETWEEN_FILES = """
import os, signal, sys
import harness.results as results
from harness.cli import main

real, written = results.atomic_write_text, []

def write_or_die(path, text):
    if len(written) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
    written.append(path)
    real(path, text)

results.atomic_write_text = write_or_die
sys.exit(main())
"""


def test_score_killed_between_a_columns_file_and_its_record(
    submission: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    killed = tmp_path / "killed"
    args = ["score", "--quiet", "--data", "samples", "--device", "cpu", str(submission)]
    args += ["--results", str(killed)]
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_BETWEEN_FILES, *args],
        env=environment(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        timeout=300,
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    before = stored(killed)
    assert len(before) == 2
    cut = columns_files(killed) - set(before)
    assert len(cut) == 1  # the columns file of the cell whose record was never written
    assert [read_result(killed / p).key for p in before]  # the two records are whole
    (path,) = cut
    orphan = (killed / path).with_suffix(".parquet").read_bytes()

    assert main(args) == 0
    match = SERVED.search(capsys.readouterr().out)
    assert match and (int(match[1]), int(match[2])) == (CELLS - 2, 2)
    after = stored(killed)
    assert len(after) == CELLS
    assert {p: after[p] for p in before} == before
    assert columns_files(killed) == set(after)
    # the cell cut short was recomputed and written whole, with the same columns
    assert read_result(killed / path).n > 0
    assert (killed / path).with_suffix(".parquet").read_bytes() == orphan


def test_two_runs_writing_one_store_at_once(submission: Path, tmp_path: Path) -> None:
    store = tmp_path / "shared"
    model = submission.parent / "ckpts" / "xnli"
    common = ["run", "--quiet", "--model", str(model), "--data", "samples", "--tasks", "xnli"]
    common += ["--langs", "de,en,ru,zh", "--limit", "10", "--device", "cpu"]
    common += ["--results", str(store)]
    procs = [
        subprocess.Popen(
            harness_command(*common, "--profile", profile),
            env=environment(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for profile in ("typo-10", "typo-20")
    ]
    errors = [p.communicate(timeout=300)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    files = sorted(store.rglob("*"))
    # no temp files: records and their columns files, and the token cache's entries (written
    # by both runs for clean)
    tokens = store / TOKEN_CACHE_DIR
    assert not [
        f
        for f in files
        if f.is_file()
        and f.suffix not in (".json", ".parquet")
        and not (f.parent == tokens and f.suffix == ".npz")
    ], files
    assert columns_files(store) == {f.relative_to(store) for f in files if f.suffix == ".json"}
    records = [read_result(f) for f in files if f.suffix == ".json"]
    # clean is written by both runs, typo-10 and typo-20 by one each: 4 languages x 3.
    assert sorted((r.language, r.profile) for r in records) == sorted(
        (lang, profile)
        for lang in ("de", "en", "ru", "zh")
        for profile in ("clean", "typo-10", "typo-20")
    )
