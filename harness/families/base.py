"""What every task family provides: encoding, decoding and scoring; and the shared predict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

import torch
from transformers import PreTrainedTokenizerBase

from harness.data.examples import Dataset, Example
from harness.metrics import accuracy_stats, metric_def
from harness.models.loading import LoadedModel
from harness.models.predict import Features, forward_logits
from harness.models.token_cache import encode_with
from harness.schema import TaskCard


@dataclass(frozen=True)
class Scored:
    """Scores of one (task, language, profile) cell.

    Attributes:
        scores: metric name (the official scorer's names) -> value, 0-100.
        main: the task's main score, 0-100.
        per_example: columns of per-example statistics (each one entry per example), so that
            deltas and paired bootstrap intervals can be recomputed from stored results.
        ranked: for ranked retrieval (mewslix, lareqa), each query's whole ranked candidate
            list, best first: what an official prediction file holds. The result store keeps
            only the top candidate and the ranks of the relevant ones (`per_example`), so
            these travel beside the record of a cell scored in this process, never stored.
    """

    scores: Mapping[str, float]
    main: float
    per_example: Mapping[str, list[Any]]
    ranked: Sequence[Sequence[str]] | None = None


class TaskFamily(Protocol):
    """One family of tasks (classification, multiple choice, tagging, ...).

    Attributes:
        name: the family name used in task cards.
        head: the checkpoint head it needs (see harness.models.loading.HEADS).
        independent: whether an example's prediction depends on that example alone, so that an
            example noise left unchanged may reuse its clean prediction.
    """

    name: str
    head: str
    independent: bool

    def predict(
        self,
        loaded: LoadedModel,
        card: TaskCard,
        examples: Sequence[Example],
        batch_size: int | None,
    ) -> list[Any]:
        """One JSON-serialisable prediction per example, in order."""
        ...

    def score(
        self,
        card: TaskCard,
        language: str,
        examples: Sequence[Example],
        predictions: Sequence[Any],
    ) -> Scored:
        """Score predictions against the examples' gold labels."""
        ...


@runtime_checkable
class DatasetFamily(TaskFamily, Protocol):
    """A family whose predictions also read the rest of the cell's dataset: its separately
    stored candidates (`Dataset.index`) and the split it tunes on (`Dataset.tune`). The runner
    calls `predict_dataset` instead of `predict` for such a family."""

    def predict_dataset(
        self,
        loaded: LoadedModel,
        card: TaskCard,
        dataset: Dataset,
        examples: Sequence[Example],
        batch_size: int | None,
    ) -> list[Any]:
        """One JSON-serialisable prediction per example of `examples` (the cell's examples,
        possibly noised), in order."""
        ...


class LogitsFamily(TaskFamily, Protocol):
    """A family whose model input is a fixed set of sequences per example and whose prediction
    is read off that example's logits (classification, multiple choice). The demo fine-tunes
    these through `encode` and `target`."""

    def encode(
        self,
        tokenizer: PreTrainedTokenizerBase,
        card: TaskCard,
        examples: Sequence[Example],
        max_length: int,
    ) -> list[list[Features]]:
        """Token ids per example: one sequence, or one per choice for multiple choice."""
        ...

    def decode(
        self, card: TaskCard, label_index: tuple[int, ...] | None, logits: torch.Tensor
    ) -> str:
        """Turn one example's logits into a prediction (a label name of the card)."""
        ...

    def target(self, card: TaskCard, label_index: tuple[int, ...] | None, label: str) -> int:
        """The model output index of a gold label (used when fine-tuning)."""
        ...


TIE_TOLERANCE = 1e-5


def argmax_with_ties(scores: torch.Tensor) -> int:
    """Index of the best score; scores within TIE_TOLERANCE of the best count as tied and the
    lowest tied index wins. Float results differ in the last bits between batch shapes, so an
    exact argmax would let batch size decide between (near-)identical candidates."""
    return argmax_rows_with_ties(scores.unsqueeze(0))[0]


def argmax_rows_with_ties(scores: torch.Tensor) -> list[int]:
    """`argmax_with_ties` of every row of a [rows, k] tensor, in one pass (a tagger decodes
    every word of a window at once)."""
    best = scores.max(dim=1, keepdim=True).values
    # argmax returns the first of equal maxima: the lowest index within the tolerance
    return [int(i) for i in (scores >= best - TIE_TOLERANCE).to(torch.uint8).argmax(dim=1).tolist()]


def max_length(loaded: LoadedModel, card: TaskCard) -> int:
    """The truncation length: the card's, capped by what the checkpoint supports."""
    return min(card.max_seq_length, loaded.max_length)


def predict_from_logits(
    family: LogitsFamily,
    loaded: LoadedModel,
    card: TaskCard,
    examples: Sequence[Example],
    batch_size: int | None,
) -> list[str]:
    """Encode, run and decode: one prediction per example, in order."""
    if not examples:
        return []
    length = max_length(loaded, card)

    def encode() -> list[list[Features]]:
        return family.encode(loaded.tokenizer, card, examples, length)

    # checkpoints that share a tokenizer share these encodings (token_cache.py)
    inputs = [
        family.name,
        card.model_dump(mode="json"),
        length,
        [sorted(e.fields.items()) for e in examples],
    ]
    features = encode_with(loaded.token_cache, inputs, encode)
    logits = forward_logits(loaded, features, batch_size)
    return [family.decode(card, loaded.label_index, row) for row in logits]


class LabelPredictor:
    """What classification and multiple choice share: predictions read off per-example logits
    (`predict_from_logits` over the subclass's `encode`/`decode`) and accuracy scoring."""

    independent = True

    def predict(
        self,
        loaded: LoadedModel,
        card: TaskCard,
        examples: Sequence[Example],
        batch_size: int | None,
    ) -> list[str]:
        return predict_from_logits(self, loaded, card, examples, batch_size)  # type: ignore[arg-type]

    def score(
        self,
        card: TaskCard,
        language: str,
        examples: Sequence[Example],
        predictions: Sequence[Any],
    ) -> Scored:
        return score_accuracy(examples, predictions)


def score_accuracy(examples: Sequence[Example], predictions: Sequence[str]) -> Scored:
    """Accuracy scoring shared by the label-predicting families."""
    gold = [e.label if isinstance(e.label, str) else "" for e in examples]
    columns: dict[str, list[Any]] = {
        "prediction": list(predictions),
        "correct": accuracy_stats(predictions, gold),
    }
    scores = metric_def("accuracy").scores(columns)
    return Scored(scores=scores, main=scores["accuracy"], per_example=columns)


def encode_pairs(
    tokenizer: PreTrainedTokenizerBase,
    first: list[str],
    second: list[str] | None,
    max_length: int,
) -> list[Features]:
    """Tokenize (pairs of) texts with truncation; one feature mapping per input."""
    enc = tokenizer(first, second, truncation=True, max_length=max_length)
    keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc]
    return [{k: list(enc[k][i]) for k in keys} for i in range(len(first))]
