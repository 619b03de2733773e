"""Batched forward passes: longest-first length buckets, dynamic padding, inference mode.

Families turn examples into token-id features; this module runs them through the model and
returns one logits tensor per example, in the original order. Scores do not depend on the batch
size: padding is masked and every example's logits are computed independently of its batch.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import torch

from harness.errors import HarnessError
from harness.models.batching import length_batches, pad_batch
from harness.models.loading import LoadedModel
from harness.parallel import World, all_gather

Features = Mapping[str, list[int]]

AUTO_BATCH_START = 128
#: The automatic batches on a CPU: at most AUTO_TOKENS_CPU tokens once padded, and at most
#: AUTO_BATCH_CPU examples. A CPU gains little from wide batches, while every example in a
#: batch is padded to its longest, so a token budget keeps padding low at every input length.
#: Measured against a fixed 32 examples (the previous default) on the benchmark's 6-layer
#: model, one thread: XNLI -7%, XQuAD -9%, PAN-X -5% CPU time; 512 to 2048 tokens were within
#: a few percent of 1024, which was best or level on all three.
AUTO_TOKENS_CPU = 1024
AUTO_BATCH_CPU = 64
#: Padding-aware cuts of the automatic CPU batches: a batch is taken to cost its padded
#: tokens plus this many, and `length_batches` cuts the sorted inputs where that costs least
#: (rather than filling every batch and padding the shorter inputs after a long one). Fitted
#: on the benchmark's 6-layer, 384-hidden model on one thread: a forward pass costs ~370 us
#: per token and ~18 ms per batch, i.e. 48 tokens. Wider and deeper models pay more per token
#: for a similar per-batch overhead, so for them 48 errs on the side of fewer cuts.
AUTO_BATCH_COST_CPU = 48


def _is_oom(exc: BaseException) -> bool:
    return isinstance(exc, torch.OutOfMemoryError) or "out of memory" in str(exc).lower()


def _logits(outputs: Any) -> torch.Tensor:
    return outputs.logits  # type: ignore[no-any-return]


def forward_logits(
    loaded: LoadedModel,
    features: Sequence[Sequence[Features]],
    batch_size: int | None,
    extract: Callable[[Any], torch.Tensor] = _logits,
    world: World | None = None,
) -> list[torch.Tensor]:
    """Run every example through the model; return its logits on the CPU.

    With `world` (a data-parallel run, see harness.parallel), every rank must call this with
    the same features: rank r runs batches r, r + size, ... of the one-process batching, and
    the outputs are gathered to every rank. Each row is therefore computed in exactly the
    batch (same members, same padding) it gets in one process, and is bit-identical to it.

    Args:
        loaded: the model, tokenizer and device.
        features: per example, one or more encoded sequences (several for multiple choice,
            where the model scores the choices of one example together).
        batch_size: examples per batch, or None for automatic: on an accelerator, start at 128
            examples and halve on out-of-memory until a batch fits; on a CPU, at most
            AUTO_TOKENS_CPU padded tokens (and AUTO_BATCH_CPU examples) per batch, cut where
            padding would cost more than another batch (AUTO_BATCH_COST_CPU).
        extract: model output -> a [batch, ...] tensor (default: `.logits`).
        world: shard the batches over the ranks of this world (None: run them all here).

    Returns:
        One tensor per example: `logits[0]` of the model output for that example (shape
        [num_labels] for classification, [num_choices] for multiple choice).
    """
    if not features and world is None:
        return []
    group = len(features[0]) if features else 1
    if any(len(f) != group for f in features):
        raise ValueError("every example needs the same number of sequences")
    lengths = [max(len(seq["input_ids"]) for seq in f) for f in features]
    out: list[torch.Tensor | None] = [None] * len(features)
    pad_id = int(loaded.tokenizer.pad_token_id or 0)
    if batch_size is None and loaded.device.type == "cpu":
        padded = [group * length for length in lengths]  # every choice is padded alike
        pending = length_batches(
            padded, AUTO_BATCH_CPU, AUTO_TOKENS_CPU, batch_cost=AUTO_BATCH_COST_CPU
        )
    else:
        pending = length_batches(lengths, batch_size or AUTO_BATCH_START)
    if world is not None:
        pending = pending[world.rank :: world.size]
    done: list[tuple[list[int], torch.Tensor]] = []  # (example indices, their rows)
    with torch.inference_mode():
        while pending:
            batch = pending.pop(0)
            flat = [seq for i in batch for seq in features[i]]
            inputs = pad_batch(flat, pad_id)
            if group > 1:
                inputs = {k: v.view(len(batch), group, -1) for k, v in inputs.items()}
            inputs = {k: v.to(loaded.device) for k, v in inputs.items()}
            try:
                logits = extract(loaded.model(**inputs))
            except (RuntimeError, torch.OutOfMemoryError) as exc:
                if batch_size is not None or len(batch) == 1 or not _is_oom(exc):
                    raise
                if loaded.device.type == "cuda":
                    torch.cuda.empty_cache()
                half = len(batch) // 2
                pending[:0] = [batch[:half], batch[half:]]
                continue
            done.append((batch, logits.float().cpu()))
    parts = [done]
    if world is not None:  # every rank must have batched the same inputs: checked, not trusted
        shape = (len(features), hashlib.sha256(repr(lengths).encode()).hexdigest())
        gathered = all_gather(world, (shape, done))
        if any(other != shape for other, _ in gathered):
            raise HarnessError(
                "the ranks of this data-parallel run were given different inputs to encode "
                f"(rank {world.rank}: {len(features)} examples)",
                hint="every rank must see the same cells and data; rerun without torchrun to "
                "find the failing cell",
            )
        parts = [part for _, part in gathered]
    for part in parts:
        for batch, logits in part:
            for row, index in enumerate(batch):
                out[index] = logits[row]
    return [t for t in out if t is not None]
