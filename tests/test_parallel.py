"""Data-parallel scoring under torchrun: 2 CPU processes (gloo) score exactly what 1 does,
retrieval included (its encoding is sharded by whole length batches)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
import yaml

from harness.errors import HarnessError
from harness.families import retrieval
from harness.models import predict
from harness.models.loading import load_checkpoint
from harness.parallel import World, gather_sharded
from harness.registry import Registry
from harness.results import ResultStore


def test_gather_sharded_in_one_process_predicts_everything_in_order() -> None:
    assert gather_sharded(World(), [3, 1, 2], lambda xs: [x * 10 for x in xs]) == [30, 10, 20]


def test_each_rank_encodes_whole_batches_and_gets_every_vector_bit_identical(
    make_checkpoint: Callable[..., Path],
    tiny_texts: tuple[str, ...],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    loaded = load_checkpoint(make_checkpoint("encoder", seed=3), "encoder", device="cpu")
    lareqa = Registry.load().task("lareqa")
    assert lareqa.retrieval is not None
    # mean pooling over the last layer: padding would show in the last bits if it differed
    spec = lareqa.retrieval.model_copy(update={"pooling": "mean"})
    card = lareqa.model_copy(update={"retrieval": spec})
    texts = list(tiny_texts[:11])  # 4 batches of up to 3, of different lengths
    one = retrieval.transformer_encoder(loaded, card, 3)(texts)

    # Two ranks played in turn in this process: the gather hands each rank the shares
    # computed so far, so rank 0 (run last) sees both.
    Share = tuple[object, list[tuple[list[int], torch.Tensor]]]  # (inputs' shape, rows)
    shares: dict[int, Share] = {}

    def gather(world: World, value: Share) -> list[Share]:
        shares[world.rank] = value
        return [shares.get(rank, (value[0], [])) for rank in range(world.size)]

    monkeypatch.setattr(predict, "all_gather", gather)
    for rank in (1, 0):
        monkeypatch.setattr(retrieval, "world", lambda rank=rank: World(rank, 2))
        two = retrieval.transformer_encoder(loaded, card, 3)(texts)
    assert torch.equal(two, one)  # not close: equal, bit for bit
    rows = {rank: [i for batch, _ in share[1] for i in batch] for rank, share in shares.items()}
    assert [len(share[1]) for share in shares.values()] == [2, 2]  # whole batches, 2 per rank
    assert not set(rows[0]) & set(rows[1])
    assert sorted(rows[0] + rows[1]) == list(range(len(texts)))

    # a rank handed other texts (its cells out of step) is an error, not a silent mix-up
    def out_of_step(world: World, value: Share) -> list[Share]:
        return [value, ((len(texts) - 1, "other"), [])]

    monkeypatch.setattr(predict, "all_gather", out_of_step)
    with pytest.raises(HarnessError, match="different inputs"):
        retrieval.transformer_encoder(loaded, card, 3)(texts)


@pytest.fixture(scope="module")
def ckpts(make_checkpoint: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("par")
    labels = Registry.load().task("xnli").labels
    make_checkpoint("sequence_classification", labels, out=root / "xnli", seed=1)
    make_checkpoint("multiple_choice", out=root / "xcopa", seed=1)
    make_checkpoint("encoder", out=root / "retrieval", seed=1)
    return root


def _cells(results: Path) -> list[tuple[object, ...]]:
    """Everything a record scores, keyed by cell (the provenance, with timings, left out)."""
    return sorted(
        (r.task, r.language, r.profile, r.key, r.signature, r.scores, r.per_example, r.noise)
        for r in ResultStore(results)
    )


def _harness(processes: int, *args: str) -> subprocess.CompletedProcess[str]:
    """`harness ...` in `processes` CPU processes (torchrun for 2), each with one thread as
    torchrun gives its ranks: the thread count can move float results in the last bits, so both
    runs get the same."""
    launcher = ["-m", "torch.distributed.run", "--standalone", "--nproc_per_node", "2"]
    return subprocess.run(
        [sys.executable, *(launcher if processes > 1 else []), "-m", "harness.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "OMP_NUM_THREADS": "1", "TOKENIZERS_PARALLELISM": "false"},
        timeout=300,
    )


def test_two_processes_score_exactly_what_one_does(ckpts: Path, tmp_path: Path) -> None:
    tasks = ("xnli", "xcopa", "tatoeba", "lareqa", "bucc2018")
    args = [
        "run",
        "--quiet",
        "--model",
        str(ckpts),
        "--data",
        "samples",
        "--tasks",
        ",".join(tasks),
        "--langs",
        "de,zh",
        "--profile",
        "typo-20",
        "--device",
        "cpu",
        "--batch-size",
        "4",
        "--layer",  # retrieval: the tiny encoder's last layer
        "-1",
    ]
    single = _harness(1, *args, "--results", str(tmp_path / "one"))
    assert single.returncode == 0, single.stderr[-2000:]
    done = _harness(2, *args, "--results", str(tmp_path / "two"), "--json", str(tmp_path / "j"))
    assert done.returncode == 0, done.stderr[-2000:]
    one, two = _cells(tmp_path / "one"), _cells(tmp_path / "two")
    assert {cell[0] for cell in one} == set(tasks)
    assert one == two  # scores, per-example predictions and statistics, keys, signatures
    assert {r.provenance.settings["processes"] for r in ResultStore(tmp_path / "two")} == {2}
    assert (tmp_path / "j").is_file()
    assert done.stdout.count("overall") == 1  # only rank 0 reports


def test_two_processes_score_a_submission_as_one_does(ckpts: Path, tmp_path: Path) -> None:
    folder = tmp_path / "subs"
    shutil.copytree(ckpts / "xnli", folder / "ckpts" / "xnli")
    manifest = {
        "name": "Two ranks",
        "method": "multilingual-baseline",
        "base_model": "xlm-roberta-base",
        "authors": ["Ada"],
        "checkpoints": {"xnli": "ckpts/xnli"},
        "profiles": ["typo-10"],
    }
    path = folder / "two-ranks.yaml"
    path.write_text(yaml.safe_dump(manifest, sort_keys=False), encoding="utf-8")
    args = ["score", "--quiet", "--data", "samples", "--limit", "6", "--device", "cpu", str(path)]
    single = _harness(1, *args, "--results", str(tmp_path / "one"))
    assert single.returncode == 0, single.stderr[-2000:]
    done = _harness(2, *args, "--results", str(tmp_path / "two"))
    assert done.returncode == 0, done.stderr[-2000:]
    one, two = _cells(tmp_path / "one"), _cells(tmp_path / "two")
    assert one and one == two
    assert done.stdout.count("== ") == single.stdout.count("== ") == 1  # only rank 0 reports
