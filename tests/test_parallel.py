"""Data-parallel scoring under torchrun: 2 CPU processes (gloo) score exactly what 1 does."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cli import main
from harness.parallel import World, gather_sharded
from harness.registry import Registry
from harness.results import ResultStore


def test_gather_sharded_in_one_process_predicts_everything_in_order() -> None:
    assert gather_sharded(World(), [3, 1, 2], lambda xs: [x * 10 for x in xs]) == [30, 10, 20]


@pytest.fixture(scope="module")
def ckpts(make_checkpoint: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("par")
    labels = Registry.load().task("xnli").labels
    make_checkpoint("sequence_classification", labels, out=root / "xnli", seed=1)
    make_checkpoint("multiple_choice", out=root / "xcopa", seed=1)
    return root


def _cells(results: Path) -> list[tuple[str, str, str, tuple[object, ...], float]]:
    return sorted(
        (r.task, r.language, r.profile, tuple(r.per_example["prediction"]), r.main)
        for r in ResultStore(results)
    )


def test_two_processes_score_exactly_what_one_does(ckpts: Path, tmp_path: Path) -> None:
    args = [
        "run",
        "--quiet",
        "--model",
        str(ckpts),
        "--data",
        "samples",
        "--tasks",
        "xnli,xcopa",
        "--langs",
        "de,zh,et",
        "--profile",
        "typo-20",
        "--device",
        "cpu",
        "--batch-size",
        "4",
    ]
    assert main([*args, "--results", str(tmp_path / "one")]) == 0
    env = {**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc_per_node",
            "2",
            "-m",
            "harness.cli",
            *args,
            "--results",
            str(tmp_path / "two"),
            "--json",
            str(tmp_path / "two.json"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    one, two = _cells(tmp_path / "one"), _cells(tmp_path / "two")
    assert one and one == two
    assert {r.provenance.settings["processes"] for r in ResultStore(tmp_path / "two")} == {2}
    assert (tmp_path / "two.json").is_file()
    assert done.stdout.count("overall") == 1  # only rank 0 reports
