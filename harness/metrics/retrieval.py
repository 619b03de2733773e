"""Retrieval metrics: MRR@k (mewslix), mAP@k (lareqa) and bitext-mining F1 (bucc2018).

Tatoeba is plain accuracy over the predicted index of each sorted English line (see
harness.metrics.accuracy): the official scorer reads both files as lines and compares strings.

- MRR@k, as third_party/utils_mewslix.py `evaluate` (k = 20; the scorer reports it as
  `map@20`): per gold example, the reciprocal rank of the first predicted id equal to the gold
  id among the top k predictions (0 when absent or unpredicted); the mean, times 100.
- mAP@k, as third_party/utils_lareqa.py `average_precision_at_k` / `mean_avg_prec_at_k`
  (k = 20): per question, the sum of precision@i over the ranks i <= k holding a relevant
  candidate not already seen higher up, divided by min(number of relevant candidates, k); the
  mean over questions, times 100.
- BUCC F1, as evaluate.py `bucc_f1`: the predicted and gold pair lines (`src<TAB>tgt`) are two
  sets; precision = |both| / |predicted|, recall = |both| / |gold|, all three 0 when nothing is
  correct.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

TOP_K = 20


def reciprocal_rank(ranked: Sequence[str], gold: str, k: int = TOP_K) -> float:
    """1/rank of the first of the top `k` predictions equal to `gold`, else 0."""
    for rank, candidate in enumerate(ranked[:k], start=1):
        if candidate == gold:
            return 1.0 / rank
    return 0.0


def average_precision(ranked: Sequence[str], relevant: Iterable[str], k: int = TOP_K) -> float:
    """AP@k: precision at each new relevant hit in the top `k`, over min(|relevant|, k).

    Repeated predictions count once (at their first rank). With no relevant candidates the
    official code divides by zero; this returns 0.0.
    """
    targets = set(relevant)
    if not targets:
        return 0.0
    seen: set[str] = set()
    hits, total = 0, 0.0
    for rank, candidate in enumerate(ranked[:k], start=1):
        if candidate in targets and candidate not in seen:
            hits += 1
            total += hits / rank
        seen.add(candidate)
    return total / min(len(targets), k)


@dataclass(frozen=True)
class RankStats:
    """Per gold example: its id, the score (reciprocal rank or AP) and whether it was predicted."""

    id: list[str]
    score: list[float]
    answered: list[int]


def mrr_stats(
    predictions: Mapping[str, Sequence[str]], gold: Mapping[str, str], k: int = TOP_K
) -> RankStats:
    """Reciprocal rank per gold example (gold order); unpredicted ids score 0, extra ones are
    ignored."""
    stats = RankStats([], [], [])
    for example_id, entity in gold.items():
        ranked = predictions.get(example_id)
        stats.id.append(example_id)
        stats.score.append(reciprocal_rank(ranked, entity, k) if ranked is not None else 0.0)
        stats.answered.append(int(ranked is not None))
    return stats


def map_stats(
    predictions: Mapping[str, Sequence[str]],
    gold: Mapping[str, Sequence[str]],
    k: int = TOP_K,
) -> RankStats:
    """AP@k per gold question (gold order); unpredicted ids score 0, extra ones are ignored."""
    stats = RankStats([], [], [])
    for question_id, relevant in gold.items():
        ranked = predictions.get(question_id)
        stats.id.append(question_id)
        stats.score.append(average_precision(ranked, relevant, k) if ranked is not None else 0.0)
        stats.answered.append(int(ranked is not None))
    return stats


def mean_score(scores: Sequence[float]) -> float:
    """100 x the mean (0.0 for no examples)."""
    return 100.0 * sum(scores) / len(scores) if scores else 0.0


@dataclass(frozen=True)
class PairStats:
    """One row per distinct pair in the union of gold and predicted pairs (sorted)."""

    pair: list[str]
    in_gold: list[int]
    in_pred: list[int]


def bucc_stats(predictions: Iterable[str], gold: Iterable[str]) -> PairStats:
    """Membership of every distinct pair line (as stripped by the reader) in each set."""
    pred_set, gold_set = set(predictions), set(gold)
    pairs = sorted(pred_set | gold_set)
    return PairStats(
        pairs, [int(p in gold_set) for p in pairs], [int(p in pred_set) for p in pairs]
    )


#: Per-source-sentence columns of a mining result: its gold pairs, its predicted pairs and how
#: many of those are gold. Summed they are the sizes of the gold set, the predicted set and their
#: intersection, which is all the official F1 reads.
BUCC_COLUMNS = ("n_gold", "n_pred", "n_correct")


def bucc_sentence_columns(stats: PairStats) -> dict[str, list[Any]]:
    """Pair rows grouped by source sentence id (the text before the tab): the BUCC_COLUMNS."""
    rows: dict[str, list[int]] = {}
    for pair, g, p in zip(stats.pair, stats.in_gold, stats.in_pred, strict=True):
        counts = rows.setdefault(pair.split("\t", 1)[0], [0, 0, 0])
        counts[0] += g
        counts[1] += p
        counts[2] += g * p
    ids = sorted(rows)
    return {
        "id": ids,
        **{name: [rows[i][k] for i in ids] for k, name in enumerate(BUCC_COLUMNS)},
    }


def bucc_count_scores(n_gold: int, n_pred: int, n_correct: int) -> dict[str, float]:
    """F1, precision and recall (x100) from the set sizes (0 when nothing is correct)."""
    if n_correct == 0:
        return {"f1": 0.0, "precision": 0.0, "recall": 0.0}
    precision, recall = n_correct / n_pred, n_correct / n_gold
    return {
        "f1": 100.0 * 2 * precision * recall / (precision + recall),
        "precision": 100.0 * precision,
        "recall": 100.0 * recall,
    }


def bucc_scores(in_gold: Sequence[int], in_pred: Sequence[int]) -> dict[str, float]:
    """F1, precision and recall (x100) from the pair membership columns."""
    correct = sum(g * p for g, p in zip(in_gold, in_pred, strict=True))
    return bucc_count_scores(sum(in_gold), sum(in_pred), correct)
