"""Data-parallel scoring under `torchrun` (torch.distributed), without a process pool of our own.

When `harness run` is started by `torchrun` (or `python -m torch.distributed.run`), every rank
loads the checkpoint, reads and noises the cell's examples (noise is seeded per example, so every
rank gets the same text), predicts its shard (`examples[rank::world]`), and the predictions are
gathered to every rank in the original order. Retrieval shards its encoding instead: each rank
runs whole length batches of the texts to encode (`forward_logits(..., world=)`) and the
vectors are gathered to every rank, which then searches the full index. Only rank 0 writes
results and prints. The process group uses gloo: only Python objects (predictions, CPU
tensors) travel, and gloo runs on CPUs and GPUs alike. See docs/design/parallel.md.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, TypeVar

import torch.distributed as dist

__all__ = ["World", "all_gather", "from_main", "gather_sharded", "shutdown", "world"]

T = TypeVar("T")


@dataclass(frozen=True)
class World:
    """This process's place in a data-parallel run (rank 0 of 1 when not under torchrun)."""

    rank: int = 0
    size: int = 1
    local_rank: int = 0

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def world() -> World:
    """Read torchrun's environment and join the process group (once); a single process is
    rank 0 of 1."""
    size = int(os.environ.get("WORLD_SIZE", "1"))
    if size <= 1:
        return World()
    if not dist.is_initialized():
        dist.init_process_group(backend="gloo")
    return World(dist.get_rank(), dist.get_world_size(), int(os.environ.get("LOCAL_RANK", "0")))


def all_gather(world_: World, value: T) -> list[T]:
    """Every rank's `value`, in rank order, on every rank (`[value]` in a single process)."""
    if world_.size == 1:
        return [value]
    shards: list[Any] = [None] * world_.size
    dist.all_gather_object(shards, value)
    return shards


def gather_sharded(
    world_: World, items: Sequence[T], predict: Callable[[list[T]], list[Any]]
) -> list[Any]:
    """Predict `items[rank::size]` on each rank and return every prediction, in order, on
    every rank."""
    if world_.size == 1:
        return predict(list(items))
    shards = all_gather(world_, predict(list(items[world_.rank :: world_.size])))
    out: list[Any] = [None] * len(items)
    for rank, shard in enumerate(shards):
        out[rank :: world_.size] = shard
    return out


def from_main(world_: World, value: T) -> T:
    """Rank 0's `value` on every rank (so that every rank takes the same branch, for example
    whether a cell is served from rank 0's result store)."""
    if world_.size == 1:
        return value
    box: list[Any] = [value]
    dist.broadcast_object_list(box, src=0)
    return box[0]  # type: ignore[no-any-return]


def shutdown() -> None:
    """Leave the process group in step with the other ranks: a rank that exits while another
    still tears down its gloo connections can be aborted (SIGABRT) by the peer's hang-up."""
    if dist.is_available() and dist.is_initialized():
        # bounded: a rank that failed early must not hang the others at exit
        with contextlib.suppress(RuntimeError):
            dist.monitored_barrier(timeout=timedelta(seconds=120))
        dist.destroy_process_group()
