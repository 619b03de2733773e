"""Sequence tagging (udpos, panx): one tag per input word.

Words are encoded pre-split (`is_split_into_words`), the first sub-word of each word carries its
prediction (the official baselines label the first sub-word), and sentences longer than the
model's window are cut into consecutive windows of whole words, so every word gets a prediction
(never dropped, never truncated away). A word the tokenizer maps to no token at all is encoded
as the unknown token, as the official preprocessing does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from transformers import PreTrainedTokenizerBase

from harness.data.examples import Example
from harness.families.base import Scored, argmax_rows_with_ties, max_length
from harness.metrics import metric_def
from harness.metrics.span_f1 import span_f1_stats
from harness.models.loading import LoadedModel
from harness.models.predict import Features, forward_logits
from harness.schema import TaskCard


def word_windows(counts: Sequence[int], budget: int) -> list[tuple[int, int]]:
    """Split words into consecutive [start, end) windows whose sub-word counts fit `budget`.

    A single word longer than the budget gets a window of its own (its tail is truncated, its
    first sub-word, which carries the prediction, is kept).
    """
    windows: list[tuple[int, int]] = []
    start, used = 0, 0
    for i, n in enumerate(counts):
        if i > start and used + n > budget:
            windows.append((start, i))
            start, used = i, 0
        used += n
    if counts:
        windows.append((start, len(counts)))
    return windows


def _encode_windows(
    tokenizer: PreTrainedTokenizerBase, windows: Sequence[Sequence[str]], limit: int
) -> list[tuple[Features, list[int]]]:
    """Encode windows of pre-split words in one tokenizer call; return each window's features
    and each word's first sub-word position."""
    if not windows:
        return []
    enc = tokenizer(
        [list(w) for w in windows], is_split_into_words=True, truncation=True, max_length=limit
    )
    keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc]
    out: list[tuple[Features, list[int]]] = []
    for i, words in enumerate(windows):
        first: dict[int, int] = {}
        for position, word in enumerate(enc.word_ids(i)):
            if word is not None and word not in first:
                first[word] = position
        if len(first) != len(words):
            raise ValueError("a word lost all of its sub-words; the window is too small")
        out.append(({k: list(enc[k][i]) for k in keys}, [first[j] for j in range(len(words))]))
    return out


class Tagging:
    name = "tagging"
    head = "token_classification"
    independent = True

    def predict(
        self,
        loaded: LoadedModel,
        card: TaskCard,
        examples: Sequence[Example],
        batch_size: int | None,
    ) -> list[list[str]]:
        if not examples:
            return []
        if loaded.label_index is None:
            raise ValueError("a tagging checkpoint must map the task's labels")
        tokenizer = loaded.tokenizer
        field = card.field_names[0]
        limit = max_length(loaded, card)
        budget = max(1, limit - tokenizer.num_special_tokens_to_add(pair=False))
        unk = str(tokenizer.unk_token)
        sentences = [example.tokens(field) for example in examples]
        # One encoding of every whole sentence (pre-split, in one call) gives each word's
        # sub-word count (an empty sentence encodes to nothing).
        whole = tokenizer(
            [list(words) for words in sentences],
            is_split_into_words=True,
            add_special_tokens=False,
            verbose=False,
        )
        windows: list[tuple[str, ...]] = []
        window_owner: list[int] = []
        for index, words in enumerate(sentences):
            counts = [0] * len(words)
            for word in whole.word_ids(index):
                if word is not None:
                    counts[word] += 1
            words = tuple(w if n else unk for w, n in zip(words, counts, strict=True))
            counts = [max(1, n) for n in counts]
            for start, end in word_windows(counts, budget):
                windows.append(words[start:end])
                window_owner.append(index)
        features: list[list[Features]] = []
        owners: list[tuple[int, list[int]]] = []  # (example index, first sub-word positions)
        for index, (feats, positions) in zip(
            window_owner, _encode_windows(tokenizer, windows, limit), strict=True
        ):
            features.append([feats])
            owners.append((index, positions))
        logits = forward_logits(loaded, features, batch_size)
        columns = list(loaded.label_index)
        out: list[list[str]] = [[] for _ in examples]
        for (index, positions), rows in zip(owners, logits, strict=True):
            best = argmax_rows_with_ties(rows[positions][:, columns])
            out[index].extend(card.labels[i] for i in best)
        return out

    def score(
        self,
        card: TaskCard,
        language: str,
        examples: Sequence[Example],
        predictions: Sequence[Any],
    ) -> Scored:
        gold = [list(e.label or ()) for e in examples]
        columns: dict[str, list[Any]] = {
            "prediction": [list(p) for p in predictions],
            **span_f1_stats([list(p) for p in predictions], gold).columns(),
        }
        scores = metric_def(card.metric.name).scores(columns)
        return Scored(scores=scores, main=scores[card.metric.main], per_example=columns)
