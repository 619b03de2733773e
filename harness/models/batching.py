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
    lengths: Sequence[int], batch_size: int, max_tokens: int | None = None
) -> list[list[int]]:
    """Group example indices into batches of similar length, longest first.

    Indices are sorted by length, descending; equal lengths keep their original order. Every
    index in `range(len(lengths))` appears in exactly one batch. A batch holds at most
    `batch_size` indices and, with `max_tokens`, at most that many tokens once padded to its
    first (longest) member, except that a single longer example still gets a batch of its own.

    Args:
        lengths: the length (in tokens) of each example.
        batch_size: the most indices per batch (at least 1).
        max_tokens: the most padded tokens per batch, or None for no limit.

    Returns:
        The batches, as lists of indices into `lengths`.

    Raises:
        ValueError: `batch_size` or `max_tokens` is below 1.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if max_tokens is not None and max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    batches: list[list[int]] = []
    for index in sorted(range(len(lengths)), key=lambda i: -lengths[i]):
        batch = batches[-1] if batches else []
        fits = 0 < len(batch) < batch_size and (
            max_tokens is None or (len(batch) + 1) * lengths[batch[0]] <= max_tokens
        )
        if fits:
            batch.append(index)
        else:
            batches.append([index])
    return batches


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
