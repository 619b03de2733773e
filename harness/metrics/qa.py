"""Exact match and token F1 for extractive QA: SQuAD v1.1 (xquad, tydiqa) and MLQA (mlqa).

The official XTREME scorer scores xquad and tydiqa with the SQuAD v1.1 evaluation script and
mlqa with the MLQA one (third_party/evaluate_squad.py and evaluate_mlqa.py). Both:

- normalise prediction and gold answer: lowercase, remove punctuation, remove articles, split
  into tokens and re-join them with single spaces;
- exact match: the normalised strings are equal; F1: the bag-of-tokens overlap F1 of the
  normalised strings (0 when nothing overlaps, so also when both are empty);
- take the maximum over the question's gold answers; a question without a prediction scores 0
  on both; predictions for ids that are not in the gold file are ignored;
- report 100 x the mean over questions as `exact_match` and `f1`.

SQuAD: ASCII punctuation (`string.punctuation`), the English articles a/an/the for every
language, whitespace tokens. MLQA: every Unicode punctuation character (category P*) plus the
ASCII ones; language-specific articles (en, es, de, vi; ar removes every occurrence of `ال`; hi
and zh none); whitespace tokens except for zh, where every character in U+4E00-U+9FA5 is a token
of its own and the text between them is split on whitespace.
"""

from __future__ import annotations

import functools
import re
import string
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from harness.errors import DataError

_ASCII_PUNCT = frozenset(string.punctuation)


@functools.cache
def unicode_punctuation() -> frozenset[str]:
    """MLQA's punctuation set: every character of a Unicode P* category, plus ASCII punctuation
    (the category table is this Python's unicodedata, built once on first use)."""
    return (
        frozenset(
            chr(i) for i in range(sys.maxunicode) if unicodedata.category(chr(i)).startswith("P")
        )
        | _ASCII_PUNCT
    )


_SQUAD_ARTICLES = re.compile(r"\b(a|an|the)\b")
_MLQA_ARTICLES: dict[str, re.Pattern[str] | None] = {
    "en": re.compile(r"\b(a|an|the)\b"),
    "es": re.compile(r"\b(un|una|unos|unas|el|la|los|las)\b"),
    "de": re.compile(r"\b(ein|eine|einen|einem|eines|einer|der|die|das|den|dem|des)\b"),
    "vi": re.compile(r"\b(của|là|cái|chiếc|những)\b"),
    # The MLQA script's pattern is `\s<alef><lam>^|<alef><lam>`: the first branch can never
    # match, so every alef-lam (the article, but also the same two letters inside a word)
    # becomes a space.
    "ar": re.compile("\u0627\u0644"),
    "hi": None,
    "zh": None,
}
MLQA_LANGUAGES = tuple(_MLQA_ARTICLES)
_CJK = re.compile("[\u4e00-\u9fa5]")


def squad_normalize(text: str) -> str:
    """The SQuAD v1.1 normalisation (the same for every language)."""
    text = "".join(ch for ch in text.lower() if ch not in _ASCII_PUNCT)
    text = _SQUAD_ARTICLES.sub(" ", text)
    return " ".join(text.split())


def mixed_segmentation(text: str) -> list[str]:
    """MLQA's zh tokenisation: each CJK character (or punctuation mark) is a token of its own;
    the text between them is split on whitespace."""
    punct = unicode_punctuation()
    tokens: list[str] = []
    pending = ""
    for ch in text:
        if _CJK.match(ch) or ch in punct:
            tokens.extend(pending.split())
            pending = ""
            tokens.append(ch)
        else:
            pending += ch
    tokens.extend(pending.split())
    return tokens


def mlqa_normalize(text: str, language: str) -> str:
    """The MLQA normalisation for `language` (one of MLQA_LANGUAGES).

    Raises:
        DataError: the MLQA script has no rules for the language.
    """
    if language not in _MLQA_ARTICLES:
        raise DataError(
            f"MLQA normalisation is defined for {', '.join(MLQA_LANGUAGES)}, not {language!r}"
        )
    punct = unicode_punctuation()
    text = "".join(ch for ch in text.lower() if ch not in punct)
    articles = _MLQA_ARTICLES[language]
    if articles is not None:
        text = articles.sub(" ", text)
    tokens = mixed_segmentation(text) if language == "zh" else text.split()
    return " ".join(t for t in tokens if t.strip())


def _token_f1(prediction: str, gold: str) -> float:
    pred_tokens, gold_tokens = prediction.split(), gold.split()
    same = sum((Counter(pred_tokens) & Counter(gold_tokens)).values())
    if same == 0:
        return 0.0
    precision, recall = same / len(pred_tokens), same / len(gold_tokens)
    return 2 * precision * recall / (precision + recall)


def normalizer(kind: str, language: str | None = None) -> Callable[[str], str]:
    """The normalisation function of a QA metric: `squad`, or `mlqa` with a language."""
    if kind == "squad":
        return squad_normalize
    if kind == "mlqa":
        if language is None:
            raise DataError("the MLQA metric needs the answer language")
        mlqa_normalize("", language)  # rejects an unknown language up front
        return lambda text: mlqa_normalize(text, language)
    raise DataError(f"unknown QA metric {kind!r} (squad or mlqa)")


def em_f1(
    prediction: str, answers: Sequence[str], normalize: Callable[[str], str]
) -> tuple[int, float]:
    """Exact match (0/1) and F1 (0-1) of one prediction, each the maximum over the answers.

    Raises:
        DataError: there are no gold answers (the official scripts fail on max() of nothing).
    """
    if not answers:
        raise DataError("a question has no gold answers")
    pred = normalize(prediction)
    golds = [normalize(a) for a in answers]
    return int(any(pred == g for g in golds)), max(_token_f1(pred, g) for g in golds)


@dataclass(frozen=True)
class QAStats:
    """Per-question statistics, in gold order; `answered` is 0 for an unanswered id."""

    id: list[str]
    em: list[int]
    f1: list[float]
    answered: list[int]

    def columns(self) -> dict[str, list[int] | list[float] | list[str]]:
        return {"id": self.id, "em": self.em, "f1": self.f1, "answered": self.answered}


def qa_stats(
    predictions: Mapping[str, str],
    gold: Sequence[tuple[str, Sequence[str]]],
    kind: str = "squad",
    language: str | None = None,
) -> QAStats:
    """Score every gold question.

    Args:
        predictions: question id -> predicted answer text; ids missing here score 0, ids not in
            `gold` are ignored.
        gold: (question id, gold answer texts) per question, in file order.
        kind: `squad` (xquad, tydiqa) or `mlqa`.
        language: the answer language (needed for `mlqa`).
    """
    normalize = normalizer(kind, language)
    stats = QAStats([], [], [], [])
    for qid, answers in gold:
        stats.id.append(qid)
        if qid not in predictions:
            stats.em.append(0)
            stats.f1.append(0.0)
            stats.answered.append(0)
            continue
        em, f1 = em_f1(predictions[qid], answers, normalize)
        stats.em.append(em)
        stats.f1.append(f1)
        stats.answered.append(1)
    return stats


def qa_scores(em: Sequence[int], f1: Sequence[float]) -> dict[str, float]:
    """`exact_match`, `f1` (100 x the means) and their mean `em_f1_mean` (0 for no questions)."""
    n = len(em)
    exact_match = 100.0 * sum(em) / n if n else 0.0
    f1_score = 100.0 * sum(f1) / n if n else 0.0
    return {
        "exact_match": exact_match,
        "f1": f1_score,
        "em_f1_mean": (exact_match + f1_score) / 2,
    }
