"""Extractive QA (xquad, mlqa, tydiqa): the best answer span of the context.

The question and context are encoded as a pair with the context cut into overlapping windows
(`qa.doc_stride` tokens of overlap); every window is scored and the best span over all windows
wins, among spans inside the context of at most `qa.max_answer_length` tokens built from the
`qa.n_best` best starts and ends. Offsets map the span back to the context text. Questions are
cut to `qa.max_query_length` tokens first, as the official baselines do (to half the window
at most for checkpoints with short windows).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import torch

from harness.data.examples import Example
from harness.errors import ModelError
from harness.families.base import TIE_TOLERANCE, Scored, max_length
from harness.metrics import metric_def
from harness.metrics.qa import qa_stats
from harness.models.loading import LoadedModel
from harness.models.predict import Features, forward_logits
from harness.schema import QASpec, TaskCard


def _start_end(outputs: Any) -> torch.Tensor:
    return torch.stack([outputs.start_logits, outputs.end_logits], dim=-1)


def best_span(
    scores: torch.Tensor, context: Sequence[int], spec: QASpec
) -> tuple[float, int, int] | None:
    """The best (score, start, end) token span of one window, or None.

    Args:
        scores: [length, 2] start and end logits of the window.
        context: the positions of the window's context tokens, ascending.
        spec: answer length and candidate limits.
    """
    if not context:
        return None
    idx = torch.tensor(list(context))
    start, end = scores[idx, 0], scores[idx, 1]
    k = min(spec.n_best, len(context))
    starts = torch.topk(start, k).indices.sort().values
    ends = torch.topk(end, k).indices.sort().values
    total = start[starts][:, None] + end[ends][None, :]
    gap = idx[ends][None, :] - idx[starts][:, None]
    total[(gap < 0) | (gap >= spec.max_answer_length)] = float("-inf")
    best = total.max()
    if not torch.isfinite(best):
        return None
    i, j = (total >= best - TIE_TOLERANCE).nonzero()[0].tolist()
    return float(best), int(idx[starts[i]]), int(idx[ends[j]])


class ExtractiveQA:
    name = "qa"
    head = "question_answering"
    independent = True

    def predict(
        self,
        loaded: LoadedModel,
        card: TaskCard,
        examples: Sequence[Example],
        batch_size: int | None,
    ) -> list[str]:
        if not examples:
            return []
        tokenizer = loaded.tokenizer
        if not tokenizer.is_fast:
            raise ModelError(
                f"checkpoint {loaded.path}: extractive QA needs a fast tokenizer (offsets)",
                hint="save a tokenizer.json beside the model",
            )
        spec = card.qa
        limit = max_length(loaded, card)
        # The question takes at most half the window, and the overlap stays below half of the
        # context budget, so every window advances (the tokenizer requires stride < budget).
        query_cap = min(spec.max_query_length, limit // 2)
        stride = max(0, min(spec.doc_stride, (limit - query_cap - 4) // 2))
        questions = [self._cut(tokenizer, e.text("question"), query_cap) for e in examples]
        contexts = [e.text("context") for e in examples]
        enc = tokenizer(
            questions,
            contexts,
            truncation="only_second",
            max_length=limit,
            stride=stride,
            return_overflowing_tokens=True,
            return_offsets_mapping=True,
        )
        keys = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc]
        features: list[list[Features]] = [
            [{k: list(enc[k][w]) for k in keys}] for w in range(len(enc["input_ids"]))
        ]
        scores = forward_logits(loaded, features, batch_size, extract=_start_end)
        best: list[tuple[float, int, int, int] | None] = [None] * len(examples)
        for window, owner in enumerate(enc["overflow_to_sample_mapping"]):
            ids = enc.sequence_ids(window)
            context = [p for p, s in enumerate(ids) if s == 1]
            span = best_span(scores[window], context, spec)
            current = best[owner]
            if span is not None and (current is None or span[0] > current[0] + TIE_TOLERANCE):
                best[owner] = (span[0], window, span[1], span[2])
        answers = []
        for owner, found in enumerate(best):
            if found is None:
                answers.append("")
                continue
            _, window, start, end = found
            offsets = enc["offset_mapping"][window]
            answers.append(contexts[owner][offsets[start][0] : offsets[end][1]].strip())
        return answers

    @staticmethod
    def _cut(tokenizer: Any, question: str, cap: int) -> str:
        """The question cut after its `cap`-th token."""
        enc = tokenizer(question, add_special_tokens=False, return_offsets_mapping=True)
        offsets = enc["offset_mapping"]
        if len(offsets) <= cap:
            return question
        return question[: offsets[cap - 1][1]]

    def score(
        self,
        card: TaskCard,
        language: str,
        examples: Sequence[Example],
        predictions: Sequence[Any],
    ) -> Scored:
        kind = "mlqa" if card.metric.name == "mlqa" else "squad"
        gold = [(e.id, list(e.label or ())) for e in examples]
        stats = qa_stats(
            {e.id: str(p) for e, p in zip(examples, predictions, strict=True)},
            gold,
            kind,
            language,
        )
        columns: dict[str, list[Any]] = {"prediction": [str(p) for p in predictions]}
        columns.update({k: v for k, v in stats.columns().items() if k != "id"})
        scores = metric_def(card.metric.name).scores(columns)
        return Scored(scores=scores, main=scores[card.metric.main], per_example=columns)
