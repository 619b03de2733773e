"""Chunk F1 for tagging (udpos, panx), in the semantics of seqeval 0.0.12.

The official XTREME scorer calls seqeval's `f1_score`, `precision_score` and `recall_score`
(micro average) on lists of sentences; the version it was written against is 0.0.12. There, a
tag's *prefix* is its first character and its *type* is the text after its last `-`, or the
whole tag when it has no `-`:

    B-PER -> prefix B, type PER          NOUN  -> prefix N, type NOUN
    I-LOC -> prefix I, type LOC          SCONJ -> prefix S, type SCONJ

A chunk starts at a B or S prefix, at an I or E prefix after O/E/S (per the tables below), or
wherever the type changes (unless the prefix is O or `.`); it ends before a change of type, after
an E or S prefix, and when a B or I is followed by B, S or O. So for UPOS tags runs of identical
tags merge into one chunk (NOUN NOUN is one NOUN chunk), while tags starting with S (SCONJ, SYM)
are single-token chunks. seqeval 1.x takes the type from the text after the first character
(`NOUN` -> `OUN`, `CCONJ` and `SCONJ` -> `CONJ`) and so scores udpos differently.

seqeval concatenates the sentences with an `O` after each; chunks are (type, start, end) over
that sequence, compared as sets. This module does the same and then credits each chunk to the
sentence its last position falls in (an `O` separator belongs to the sentence before it), so the
per-sentence counts sum to seqeval's counts exactly, even for degenerate tags (a tag starting
with `.` keeps a chunk open across the separator in seqeval, and here too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from harness.errors import DataError

Chunk = tuple[str, int, int]


def _prefix_and_type(tag: str) -> tuple[str, str]:
    return tag[:1], tag.split("-")[-1]


def _end_of_chunk(prev_tag: str, tag: str, prev_type: str, type_: str) -> bool:
    if prev_tag in ("E", "S"):
        return True
    if prev_tag in ("B", "I") and tag in ("B", "S", "O"):
        return True
    return prev_tag not in ("O", ".") and prev_type != type_


def _start_of_chunk(prev_tag: str, tag: str, prev_type: str, type_: str) -> bool:
    if tag in ("B", "S"):
        return True
    if prev_tag in ("E", "S", "O") and tag in ("E", "I"):
        return True
    return tag not in ("O", ".") and prev_type != type_


def get_chunks(tags: Sequence[str]) -> list[Chunk]:
    """The chunks of a flat tag sequence as seqeval 0.0.12's `get_entities` finds them:
    (type, start, end), end inclusive."""
    prev_tag, prev_type = "O", ""
    begin = 0
    chunks: list[Chunk] = []
    for i, tag in enumerate([*tags, "O"]):
        prefix, type_ = _prefix_and_type(tag)
        if _end_of_chunk(prev_tag, prefix, prev_type, type_):
            chunks.append((prev_type, begin, i - 1))
        if _start_of_chunk(prev_tag, prefix, prev_type, type_):
            begin = i
        prev_tag, prev_type = prefix, type_
    return chunks


def sentence_chunks(sentences: Sequence[Sequence[str]]) -> list[set[Chunk]]:
    """seqeval's chunks of a list of sentences, grouped by the sentence each one ends in.

    Offsets are positions in the concatenation with one `O` after every sentence.
    """
    flat: list[str] = []
    owner: list[int] = []
    for i, sentence in enumerate(sentences):
        flat.extend(sentence)
        flat.append("O")
        owner.extend([i] * (len(sentence) + 1))
    grouped: list[set[Chunk]] = [set() for _ in sentences]
    for chunk in get_chunks(flat):
        grouped[owner[chunk[2]]].add(chunk)
    return grouped


@dataclass(frozen=True)
class SpanStats:
    """Per-sentence counts; every list has one entry per sentence."""

    n_correct_chunks: list[int]
    n_pred_chunks: list[int]
    n_gold_chunks: list[int]
    n_correct_tokens: list[int]
    n_tokens: list[int]

    def columns(self) -> dict[str, list[int]]:
        return {
            "n_correct_chunks": self.n_correct_chunks,
            "n_pred_chunks": self.n_pred_chunks,
            "n_gold_chunks": self.n_gold_chunks,
            "n_correct_tokens": self.n_correct_tokens,
            "n_tokens": self.n_tokens,
        }


def span_f1_stats(predictions: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> SpanStats:
    """Count chunks and tokens per sentence.

    Raises:
        DataError: the numbers of sentences differ (the official scorer refuses too), or a
            predicted sentence has a different number of tags than its gold sentence (the
            official scorer would silently misalign every later sentence).
    """
    if len(predictions) != len(gold):
        raise DataError(f"{len(predictions)} predicted sentences for {len(gold)} gold sentences")
    for i, (pred, ref) in enumerate(zip(predictions, gold, strict=True)):
        if len(pred) != len(ref):
            raise DataError(
                f"sentence {i + 1}: {len(pred)} predicted tags for {len(ref)} gold tags"
            )
    stats = SpanStats([], [], [], [], [])
    pred_grouped, gold_grouped = sentence_chunks(predictions), sentence_chunks(gold)
    for pred, ref, pred_chunks, gold_chunks in zip(
        predictions, gold, pred_grouped, gold_grouped, strict=True
    ):
        stats.n_correct_chunks.append(len(pred_chunks & gold_chunks))
        stats.n_pred_chunks.append(len(pred_chunks))
        stats.n_gold_chunks.append(len(gold_chunks))
        stats.n_correct_tokens.append(sum(p == r for p, r in zip(pred, ref, strict=True)))
        stats.n_tokens.append(len(ref))
    return stats


def span_f1_scores(
    n_correct: int, n_pred: int, n_gold: int, n_correct_tokens: int, n_tokens: int
) -> dict[str, float]:
    """seqeval's micro precision, recall and F1 and its token accuracy, each times 100.

    Precision is 0 without predicted chunks, recall 0 without gold chunks, F1 0 when both are 0,
    accuracy 0 without tokens.
    """
    precision = n_correct / n_pred if n_pred > 0 else 0.0
    recall = n_correct / n_gold if n_gold > 0 else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall > 0 else 0.0
    accuracy = n_correct_tokens / n_tokens if n_tokens > 0 else 0.0
    return {
        "f1": 100.0 * f1,
        "precision": 100.0 * precision,
        "recall": 100.0 * recall,
        "accuracy": 100.0 * accuracy,
    }


def span_f1(stats: SpanStats) -> dict[str, float]:
    """Scores from per-sentence statistics (sums, then `span_f1_scores`)."""
    return span_f1_scores(
        sum(stats.n_correct_chunks),
        sum(stats.n_pred_chunks),
        sum(stats.n_gold_chunks),
        sum(stats.n_correct_tokens),
        sum(stats.n_tokens),
    )
