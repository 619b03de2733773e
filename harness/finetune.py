"""A small fine-tuning loop, used by the demo to make its tiny checkpoints better than chance.

It reuses each family's encoding, so a model is trained on exactly the inputs it is scored on.
This is not a training framework: full-batch-free AdamW over shuffled mini-batches, CPU-sized.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import torch
from transformers import PreTrainedModel, PreTrainedTokenizerBase

from harness.data.examples import Example
from harness.families.base import LogitsFamily
from harness.models.batching import pad_batch
from harness.schema import TaskCard


def finetune(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    family: LogitsFamily,
    card: TaskCard,
    examples: Sequence[Example],
    *,
    label_index: tuple[int, ...] | None,
    epochs: int = 3,
    lr: float = 1e-3,
    batch_size: int = 16,
    seed: int = 0,
) -> list[float]:
    """Train `model` in place on labelled examples; return the mean loss of each epoch.

    Args:
        model: a model with the head `family.head` needs, in training mode or not.
        tokenizer: the model's tokenizer.
        family: encodes examples and maps gold labels to output indices.
        card: the task card the examples belong to.
        examples: labelled training examples.
        label_index: the model output index of each card label (classification), or None.
        epochs, lr, batch_size, seed: the usual; the loop is deterministic for a seed.
    """
    features = family.encode(tokenizer, card, examples, card.max_seq_length)
    gold = [e.label for e in examples]
    if not all(isinstance(label, str) for label in gold):
        raise ValueError(f"{card.name}: fine-tuning needs one label name per example")
    targets = [family.target(card, label_index, str(label)) for label in gold]
    pad_id = int(tokenizer.pad_token_id or 0)
    group = len(features[0]) if features else 1
    torch.manual_seed(seed)
    order = list(range(len(examples)))
    rng = random.Random(seed)
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr)
    model.train()
    losses: list[float] = []
    for _ in range(epochs):
        rng.shuffle(order)
        total = 0.0
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            inputs = pad_batch([seq for i in batch for seq in features[i]], pad_id)
            if group > 1:
                inputs = {k: v.view(len(batch), group, -1) for k, v in inputs.items()}
            labels = torch.tensor([targets[i] for i in batch])
            loss = model(**inputs, labels=labels).loss
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item() * len(batch)
        losses.append(total / max(len(order), 1))
    model.train(False)
    return losses
