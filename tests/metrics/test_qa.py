"""SQuAD v1.1 and MLQA exact match / F1: hand-computed normalisations and scores."""

# Test strings in many scripts on purpose.
# ruff: noqa: RUF001

from __future__ import annotations

import pytest

from harness.errors import DataError
from harness.metrics import mlqa_normalize, qa_scores, qa_stats, squad_normalize
from harness.metrics.qa import em_f1, mixed_segmentation, normalizer


@pytest.mark.parametrize(
    ("text", "normalized"),
    [
        ("The Broncos!", "broncos"),
        ("  a  cat,  an  owl ", "cat owl"),
        ("theater", "theater"),  # articles are whole words only
        ("118 .", "118"),
        ("Die Katze", "die katze"),  # SQuAD drops English articles only, in every language
        ("«hola»", "«hola»"),  # and ASCII punctuation only
        ("北京大学", "北京大学"),  # and splits on whitespace only
        ("", ""),
    ],
)
def test_squad_normalize(text: str, normalized: str) -> None:
    assert squad_normalize(text) == normalized


@pytest.mark.parametrize(
    ("text", "language", "normalized"),
    [
        ("The cat.", "en", "cat"),
        ("«El gato y la casa»", "es", "gato y casa"),
        ("Der Hund des Mannes", "de", "hund mannes"),
        ("Das ist ein Haus", "de", "ist haus"),
        ("cái bàn của tôi", "vi", "bàn tôi"),
        ("الكتاب", "ar", "كتاب"),
        ("مال", "ar", "م"),  # the MLQA pattern removes alef-lam inside words too
        ("the दिल्ली", "hi", "the दिल्ली"),  # no articles for hi
        ("the 北京大学。", "zh", "the 北 京 大 学"),  # no articles for zh; CJK split; 。 dropped
        ("iPhone手机 Pro", "zh", "iphone 手 机 pro"),
        ("la casa", "en", "la casa"),
    ],
)
def test_mlqa_normalize(text: str, language: str, normalized: str) -> None:
    assert mlqa_normalize(text, language) == normalized


def test_mixed_segmentation_keeps_punctuation_tokens() -> None:
    # Before punctuation removal (as called inside the MLQA script it never sees any).
    assert mixed_segmentation("ab 北京，c d") == ["ab", "北", "京", "，", "c", "d"]


def test_unknown_mlqa_language() -> None:
    with pytest.raises(DataError, match="not 'fr'"):
        normalizer("mlqa", "fr")
    with pytest.raises(DataError, match="needs the answer language"):
        normalizer("mlqa")


SQUAD = normalizer("squad")


@pytest.mark.parametrize(
    ("prediction", "answers", "kind", "language", "em", "f1"),
    [
        ("the 136", ["136"], "squad", None, 1, 1.0),
        ("Denver Broncos", ["Broncos"], "squad", None, 0, 2 / 3),
        ("Broncos", ["Denver Broncos", "Broncos"], "squad", None, 1, 1.0),  # max over answers
        ("", ["Broncos"], "squad", None, 0, 0.0),  # an empty answer
        ("", ["the"], "squad", None, 1, 0.0),  # both normalise to '': EM 1, F1 0 (official)
        ("Broncos Broncos", ["Broncos"], "squad", None, 0, 2 / 3),  # bag of tokens
        ("北京大学", ["北京"], "squad", None, 0, 0.0),  # one whitespace token each
        ("北京大学", ["北京"], "mlqa", "zh", 0, 2 / 3),  # zh: 2 of 4 characters
        ("北京", ["北京。"], "mlqa", "zh", 1, 1.0),
        ("la casa", ["casa"], "squad", None, 0, 2 / 3),
        ("la casa", ["casa"], "mlqa", "es", 1, 1.0),
        ("der Hund", ["Hund"], "mlqa", "de", 1, 1.0),
        ("الكتاب", ["كتاب"], "mlqa", "ar", 1, 1.0),
        ("الكتاب", ["كتاب"], "squad", None, 0, 0.0),
        ("«Paris»", ["Paris"], "mlqa", "en", 1, 1.0),
        ("«Paris»", ["Paris"], "squad", None, 0, 0.0),
    ],
)
def test_em_f1(
    prediction: str, answers: list[str], kind: str, language: str | None, em: int, f1: float
) -> None:
    assert em_f1(prediction, answers, normalizer(kind, language)) == (em, pytest.approx(f1))


def test_unanswered_and_extra_ids() -> None:
    gold = [("q1", ["Denver Broncos"]), ("q2", ["four"]), ("q3", ["x"])]
    predictions = {"q1": "the Denver Broncos", "q3": "", "q9": "ignored"}
    stats = qa_stats(predictions, gold)
    assert stats.columns() == {
        "id": ["q1", "q2", "q3"],
        "em": [1, 0, 0],
        "f1": [1.0, 0.0, 0.0],
        "answered": [1, 0, 1],
    }
    assert qa_scores(stats.em, stats.f1) == pytest.approx(
        {"exact_match": 100 / 3, "f1": 100 / 3, "em_f1_mean": 100 / 3}
    )


def test_empty() -> None:
    assert qa_scores([], []) == {"exact_match": 0.0, "f1": 0.0, "em_f1_mean": 0.0}
    with pytest.raises(DataError, match="no gold answers"):
        qa_stats({"q": "x"}, [("q", [])])
