"""Sequence classification (xnli, pawsx): one or two text fields -> one label."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from transformers import PreTrainedTokenizerBase

from harness.data.examples import Example
from harness.families.base import LabelPredictor, argmax_with_ties, encode_pairs
from harness.models.predict import Features
from harness.schema import TaskCard


class Classification(LabelPredictor):
    """The card's text fields, in card order (one or two), form the model input."""

    name = "classification"
    head = "sequence_classification"

    def encode(
        self,
        tokenizer: PreTrainedTokenizerBase,
        card: TaskCard,
        examples: Sequence[Example],
        max_length: int,
    ) -> list[list[Features]]:
        text_fields = [f.name for f in card.fields if f.kind == "text"]
        if not 1 <= len(text_fields) <= 2:
            raise ValueError(f"{card.name}: classification needs one or two text fields")
        first = [e.text(text_fields[0]) for e in examples]
        second = [e.text(text_fields[1]) for e in examples] if len(text_fields) == 2 else None
        return [[f] for f in encode_pairs(tokenizer, first, second, max_length)]

    def decode(
        self, card: TaskCard, label_index: tuple[int, ...] | None, logits: torch.Tensor
    ) -> str:
        if label_index is None:
            raise ValueError("a classification checkpoint must map the task's labels")
        return card.labels[argmax_with_ties(logits[list(label_index)])]

    def target(self, card: TaskCard, label_index: tuple[int, ...] | None, label: str) -> int:
        position = card.labels.index(label)
        return label_index[position] if label_index is not None else position
