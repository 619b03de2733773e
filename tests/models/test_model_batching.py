"""length_batches and pad_batch."""

from __future__ import annotations

import itertools

import pytest
import torch
from hypothesis import given
from hypothesis import strategies as st

from harness.models.batching import length_batches, pad_batch


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=60), st.integers(1, 9))
def test_length_batches_properties(lengths: list[int], batch_size: int) -> None:
    batches = length_batches(lengths, batch_size)
    flat = [i for batch in batches for i in batch]
    assert sorted(flat) == list(range(len(lengths)))  # every index exactly once
    assert all(len(b) == batch_size for b in batches[:-1])
    assert all(0 < len(b) <= batch_size for b in batches)
    for a, b in itertools.pairwise(flat):
        assert lengths[a] > lengths[b] or (lengths[a] == lengths[b] and a < b)


@given(
    st.lists(st.integers(min_value=0, max_value=50), max_size=60),
    st.integers(1, 9),
    st.integers(1, 120),
)
def test_length_batches_token_budget(lengths: list[int], batch_size: int, budget: int) -> None:
    batches = length_batches(lengths, batch_size, budget)
    flat = [i for batch in batches for i in batch]
    assert flat == [i for b in length_batches(lengths, 1) for i in b]  # the same order
    for batch, following in itertools.zip_longest(batches, batches[1:]):
        padded = len(batch) * lengths[batch[0]]
        assert 0 < len(batch) <= batch_size
        assert padded <= budget or len(batch) == 1
        if following is not None:  # each batch is as full as the caps allow
            full = len(batch) == batch_size or padded + lengths[batch[0]] > budget
            assert full, (batch, following)


def test_length_batches_example() -> None:
    assert length_batches([3, 9, 3, 1, 9], 2) == [[1, 4], [0, 2], [3]]
    assert length_batches([], 4) == []
    # 9 + 9 fits 20 tokens; 3 three times would be 9, but the cap is 2 examples
    assert length_batches([3, 9, 3, 1, 9], 2, max_tokens=20) == [[1, 4], [0, 2], [3]]
    # a 9-token batch of two is 18 > 10: one each; 3-token inputs go three to a batch
    assert length_batches([3, 9, 3, 1, 9, 3], 8, max_tokens=10) == [[1], [4], [0, 2, 5], [3]]
    assert length_batches([30, 2], 4, max_tokens=10) == [[0], [1]]  # too long alone: its own


def _cost(batches: list[list[int]], lengths: list[int], batch_cost: int) -> int:
    return sum(len(b) * max(lengths[i] for i in b) + batch_cost for b in batches)


@given(
    st.lists(st.integers(min_value=1, max_value=40), max_size=9),
    st.integers(1, 5),
    st.integers(1, 100),
    st.integers(0, 60),
)
def test_padding_aware_cuts_are_the_cheapest_within_the_limits(
    lengths: list[int], batch_size: int, budget: int, batch_cost: int
) -> None:
    batches = length_batches(lengths, batch_size, budget, batch_cost=batch_cost)
    order = [i for b in length_batches(lengths, 1) for i in b]
    assert [i for b in batches for i in b] == order  # runs of the same sorted order
    for b in batches:
        assert 0 < len(b) <= batch_size
        assert len(b) * lengths[b[0]] <= budget or len(b) == 1
    best = None  # every way to cut the sorted order, by brute force
    for cuts in itertools.product((False, True), repeat=max(len(order) - 1, 0)):
        split: list[list[int]] = [[order[0]]] if order else []
        for index, cut in zip(order[1:], cuts, strict=True):
            if cut:
                split.append([index])
            else:
                split[-1].append(index)
        if all(
            len(b) <= batch_size and (len(b) == 1 or len(b) * lengths[b[0]] <= budget)
            for b in split
        ):
            cost = _cost(split, lengths, batch_cost)
            best = cost if best is None else min(best, cost)
    assert _cost(batches, lengths, batch_cost) == (best or 0)


def test_padding_aware_cuts_example() -> None:
    lengths = [10, 10, 10, 2, 2, 2]
    assert length_batches(lengths, 8, 100) == [[0, 1, 2, 3, 4, 5]]  # 60 padded tokens
    # two batches: 30 + 6 tokens + 2 * 5 = 46 < 60 + 5
    assert length_batches(lengths, 8, 100, batch_cost=5) == [[0, 1, 2], [3, 4, 5]]
    # a batch costing more than the padding it saves: one batch
    assert length_batches(lengths, 8, 100, batch_cost=30) == [[0, 1, 2, 3, 4, 5]]
    assert length_batches([], 4, batch_cost=5) == []
    assert length_batches([30, 2], 4, 10, batch_cost=0) == [[0], [1]]
    with pytest.raises(ValueError, match="batch_cost must be at least 0"):
        length_batches([1, 2], 4, batch_cost=-1)


def test_length_batches_rejects_zero_batch_size_and_budget() -> None:
    with pytest.raises(ValueError, match="batch_size must be at least 1"):
        length_batches([1, 2], 0)
    with pytest.raises(ValueError, match="max_tokens must be at least 1"):
        length_batches([1, 2], 4, max_tokens=0)


def test_pad_batch_pads_to_the_longest() -> None:
    encodings = [
        {"input_ids": [0, 5, 6, 2], "attention_mask": [1, 1, 1, 1]},
        {"input_ids": [0, 7, 2], "attention_mask": [1, 1, 1]},
    ]
    out = pad_batch(encodings, pad_id=1)
    assert set(out) == {"input_ids", "attention_mask"}
    assert out["input_ids"].dtype == torch.long
    assert out["input_ids"].tolist() == [[0, 5, 6, 2], [0, 7, 2, 1]]
    assert out["attention_mask"].tolist() == [[1, 1, 1, 1], [1, 1, 1, 0]]


def test_pad_batch_token_types_and_made_up_mask() -> None:
    encodings = [
        {"input_ids": [5], "token_type_ids": [1]},
        {"input_ids": [5, 6, 7], "token_type_ids": [0, 0, 1]},
    ]
    out = pad_batch(encodings, pad_id=0)
    assert out["token_type_ids"].tolist() == [[1, 0, 0], [0, 0, 1]]
    assert out["attention_mask"].tolist() == [[1, 0, 0], [1, 1, 1]]
    assert out["input_ids"].shape == (2, 3)


def test_pad_batch_to_multiple_and_extra_keys_dropped() -> None:
    encodings = [{"input_ids": [1, 2, 3], "offset_mapping": [(0, 0), (0, 1), (1, 2)]}]
    out = pad_batch(encodings, pad_id=9, pad_to_multiple_of=8)
    assert out["input_ids"].tolist() == [[1, 2, 3, 9, 9, 9, 9, 9]]
    assert set(out) == {"input_ids", "attention_mask"}


def test_pad_batch_rejects_inconsistent_input() -> None:
    with pytest.raises(ValueError, match="at least one"):
        pad_batch([], pad_id=1)
    with pytest.raises(ValueError, match="different lengths"):
        pad_batch([{"input_ids": [1, 2], "attention_mask": [1]}], pad_id=1)
    with pytest.raises(ValueError, match="has fields"):
        pad_batch([{"input_ids": [1], "attention_mask": [1]}, {"input_ids": [2]}], pad_id=1)
    with pytest.raises(ValueError, match="input_ids"):
        pad_batch([{"attention_mask": [1]}], pad_id=1)
