"""Length-bucketed batching and dynamic padding.

Examples are sorted longest first so each batch pads to a similar length (and the first batch
shows at once whether the longest inputs fit in memory); predictions are put back in the
original order by the indices each batch carries.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import torch

__all__ = ["length_batches", "pad_batch"]

# Keys padded by pad_batch and the value each is padded with (None: the tokenizer's pad id).
_PAD_VALUES: dict[str, int | None] = {
    "input_ids": None,
    "attention_mask": 0,
    "token_type_ids": 0,
}


def length_batches(
    lengths: Sequence[int],
    batch_size: int,
    max_tokens: int | None = None,
    *,
    batch_cost: int | None = None,
) -> list[list[int]]:
    """Group example indices into batches of similar length, longest first.

    Indices are sorted by length, descending; equal lengths keep their original order. Every
    index in `range(len(lengths))` appears in exactly one batch, and each batch is a run of
    consecutive indices in that order (so the first batch holds the longest input). A batch
    holds at most `batch_size` indices and, with `max_tokens`, at most that many tokens once
    padded to its first (longest) member, except that a single longer example still gets a
    batch of its own.

    Without `batch_cost`, each batch is filled as far as those limits allow. With it, the cuts
    are padding-aware: of all the ways to cut the sorted order into batches within the limits,
    the one with the least padded tokens plus `batch_cost` per batch is taken (a batch costs
    its padded tokens and a fixed overhead worth `batch_cost` tokens). A batch is thus cut
    early where the next inputs are much shorter than its first, rather than padding them.

    Args:
        lengths: the length (in tokens) of each example.
        batch_size: the most indices per batch (at least 1).
        max_tokens: the most padded tokens per batch, or None for no limit.
        batch_cost: the fixed cost of a batch, in tokens, for padding-aware cuts; None fills
            every batch.

    Returns:
        The batches, as lists of indices into `lengths`.

    Raises:
        ValueError: `batch_size` or `max_tokens` is below 1, or `batch_cost` below 0.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if max_tokens is not None and max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    if batch_cost is not None and batch_cost < 0:
        raise ValueError(f"batch_cost must be at least 0, got {batch_cost}")
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    if batch_cost is not None:
        return _cheapest_cuts(
            order, [lengths[i] for i in order], batch_size, max_tokens, batch_cost
        )
    batches: list[list[int]] = []
    for index in order:
        batch = batches[-1] if batches else []
        fits = 0 < len(batch) < batch_size and (
            max_tokens is None or (len(batch) + 1) * lengths[batch[0]] <= max_tokens
        )
        if fits:
            batch.append(index)
        else:
            batches.append([index])
    return batches


def _cheapest_cuts(
    order: list[int], sizes: list[int], batch_size: int, max_tokens: int | None, batch_cost: int
) -> list[list[int]]:
    """The cuts of `order` (lengths `sizes`, descending) into batches within the limits with
    the least padded tokens + `batch_cost` per batch: a shortest path over cut positions, each
    position looking back at most `batch_size` inputs (O(n * batch_size))."""
    n = len(order)
    cost = [0] + [-1] * n  # cost[j]: the cheapest cuts of the first j inputs
    start = [0] * (n + 1)  # start[j]: where the last batch of those cuts begins
    for j in range(1, n + 1):
        for i in range(j - 1, max(j - batch_size, 0) - 1, -1):
            members = j - i
            padded = members * sizes[i]  # grows as i falls: sizes[i] only grows
            if members > 1 and max_tokens is not None and padded > max_tokens:
                break
            total = cost[i] + padded + batch_cost
            if cost[j] < 0 or total <= cost[j]:  # ties: the larger last batch
                cost[j], start[j] = total, i
    batches: list[list[int]] = []
    j = n
    while j:
        batches.append(order[start[j] : j])
        j = start[j]
    return batches[::-1]


def pad_batch(
    encodings: Sequence[Mapping[str, Sequence[int]]],
    pad_id: int,
    *,
    pad_to_multiple_of: int | None = None,
) -> dict[str, torch.Tensor]:
    """Pad tokenized examples to the longest one in the batch and stack them.

    `input_ids` is padded with `pad_id`, `attention_mask` and `token_type_ids` with 0, on the
    right. An `attention_mask` of ones is made when the encodings carry none. Other keys (such
    as `offset_mapping`) are left out.

    Args:
        encodings: one mapping per example, each with `input_ids` (and optionally
            `attention_mask`, `token_type_ids`; either all examples have a key or none).
        pad_id: the tokenizer's pad token id.
        pad_to_multiple_of: round the padded length up to a multiple of this (for tensor
            cores), or None.

    Returns:
        `{"input_ids": LongTensor[batch, length], "attention_mask": ..., ["token_type_ids"]}`.

    Raises:
        ValueError: an empty batch, an example without input_ids, a key present in only some
            examples, or an example whose fields differ in length.
    """
    if not encodings:
        raise ValueError("pad_batch needs at least one example")
    keys = [key for key in _PAD_VALUES if key in encodings[0]]
    if "input_ids" not in keys:
        raise ValueError("pad_batch needs input_ids in every example")
    lengths = []
    for n, enc in enumerate(encodings):
        present = [key for key in _PAD_VALUES if key in enc]
        if present != keys:
            raise ValueError(f"example {n} has fields {present}, example 0 has {keys}")
        length = len(enc["input_ids"])
        if any(len(enc[key]) != length for key in keys):
            raise ValueError(f"example {n} has fields of different lengths")
        lengths.append(length)
    width = max(lengths)
    if pad_to_multiple_of is not None and pad_to_multiple_of > 1:
        width = -(-width // pad_to_multiple_of) * pad_to_multiple_of
    out: dict[str, torch.Tensor] = {}
    for key in keys:
        fill = _PAD_VALUES[key]
        value = pad_id if fill is None else fill
        tensor = torch.full((len(encodings), width), value, dtype=torch.long)
        for row, enc in enumerate(encodings):
            if lengths[row]:
                tensor[row, : lengths[row]] = torch.tensor(list(enc[key]), dtype=torch.long)
        out[key] = tensor
    if "attention_mask" not in out:
        mask = torch.zeros((len(encodings), width), dtype=torch.long)
        for row, length in enumerate(lengths):
            mask[row, :length] = 1
        out["attention_mask"] = mask
    return out
