"""Multiple choice (xcopa): a context paired with each choice; the highest score wins.

Each choice is encoded as the pair (context + prompt, choice), where the prompt is the English
connective the card gives for the example's question (e.g. "What was the cause?"). Predictions
are the index of the chosen alternative as a string ("0" for the first), matching the card's
labels and the official prediction files.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from transformers import PreTrainedTokenizerBase

from harness.data.examples import Example
from harness.families.base import LabelPredictor, argmax_with_ties, encode_pairs
from harness.models.predict import Features
from harness.schema import TaskCard


class MultipleChoice(LabelPredictor):
    name = "multiple_choice"
    head = "multiple_choice"

    def encode(
        self,
        tokenizer: PreTrainedTokenizerBase,
        card: TaskCard,
        examples: Sequence[Example],
        max_length: int,
    ) -> list[list[Features]]:
        spec = card.multiple_choice
        if spec is None:
            raise ValueError(f"{card.name}: the card has no multiple_choice section")
        firsts: list[str] = []
        seconds: list[str] = []
        for ex in examples:
            context = ex.text(spec.context_field)
            if spec.question_field:
                prompt = spec.prompts.get(ex.text(spec.question_field), "")
                context = f"{context} {prompt}".strip()
            for choice in spec.choice_fields:
                firsts.append(context)
                seconds.append(ex.text(choice))
        flat = encode_pairs(tokenizer, firsts, seconds, max_length)
        n = len(spec.choice_fields)
        return [flat[i * n : (i + 1) * n] for i in range(len(examples))]

    def decode(
        self, card: TaskCard, label_index: tuple[int, ...] | None, logits: torch.Tensor
    ) -> str:
        return str(argmax_with_ties(logits))

    def target(self, card: TaskCard, label_index: tuple[int, ...] | None, label: str) -> int:
        return int(label)
