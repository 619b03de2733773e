# ruff: noqa: RUF001 - multilingual test strings on purpose
"""Grapheme clusters, scripts, word splitting and the no-space word approximation."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from harness.noise.text import (
    NO_SPACE_LANGUAGES,
    PSEUDO_WORD_GRAPHEMES,
    Word,
    dominant_script,
    graphemes,
    join_pieces,
    script_of,
    split_words,
)


def cores(text: str, lang: str) -> list[str]:
    return ["".join(p.core) for p in split_words(text, lang) if isinstance(p, Word)]


def test_graphemes_keep_marks_with_their_base() -> None:
    assert graphemes("हिन्दी") == ("हि", "न्दी")
    assert graphemes("क्षत्रिय") == ("क्ष", "त्रि", "य")
    vi = unicodedata.normalize("NFD", "việt")  # e + dot below + circumflex: stacked marks
    assert graphemes(vi) == ("v", "i", unicodedata.normalize("NFD", "ệ"), "t")
    assert graphemes("وَتُكْتَبُ") == ("وَ", "تُ", "كْ", "تَ", "بُ")


def test_myanmar_spacing_vowels_stay_with_their_base() -> None:
    # Unicode leaves U+102C (vowel sign AA) as a cluster of its own; the engine glues it on.
    assert graphemes("မြန်မာ") == ("မြ", "န်", "မာ")


@pytest.mark.parametrize(
    ("grapheme", "script"),
    [
        ("a", "Latin"),
        ("ệ", "Latin"),
        ("Ж", "Cyrillic"),
        ("λ", "Greek"),
        ("ب", "Arabic"),
        ("א", "Hebrew"),
        ("क्ष", "Devanagari"),
        ("ক", "Bengali"),
        ("த", "Tamil"),
        ("త", "Telugu"),
        ("മ", "Malayalam"),
        ("ગ", "Gujarati"),
        ("ਗ", "Gurmukhi"),
        ("ก", "Thai"),
        ("မ", "Myanmar"),
        ("ა", "Georgian"),
        ("한", "Hangul"),
        ("中", "Han"),
        ("ひ", "Hiragana"),
        ("カ", "Katakana"),
        ("ー", "Hiragana"),  # Common, but Script_Extensions names kana
        ("ሀ", "Ethiopic"),
        ("1", "Common"),
        (",", "Common"),
        ("\u0301", "Common"),  # a lone combining mark has no script of its own
        ("ꦲ", "Other"),  # Javanese is not in the table
    ],
)
def test_script_of(grapheme: str, script: str) -> None:
    assert script_of(grapheme) == script


def test_dominant_script() -> None:
    assert dominant_script(graphemes("iPhoneа")) == "Latin"
    assert dominant_script(graphemes("аб-cd")) == "Cyrillic"  # tie: first seen wins
    assert dominant_script(graphemes("123")) == "Common"


def test_punctuation_stays_out_of_the_core() -> None:
    pieces = split_words('"Hello," she said -- don\'t! (ok)...', "en")
    words = [p for p in pieces if isinstance(p, Word)]
    assert [(w.prefix, "".join(w.core), w.suffix) for w in words] == [
        ('"', "Hello", ',"'),
        ("", "she", ""),
        ("", "said", ""),
        ("--", "", ""),
        ("", "don't", "!"),
        ("(", "ok", ")..."),
    ]


def test_whitespace_is_kept_exactly() -> None:
    text = "  a\tb\r\n\u00a0c\u3000d  "
    pieces = split_words(text, "en")
    assert [p for p in pieces if isinstance(p, str)] == ["  ", "\t", "\r\n\u00a0", "\u3000", "  "]
    assert join_pieces(pieces) == text


def test_pseudo_word_table_is_declared() -> None:
    assert dict(PSEUDO_WORD_GRAPHEMES) == {
        "Han": 2,
        "Hiragana": 2,
        "Katakana": 2,
        "Thai": 4,
        "Lao": 4,
        "Myanmar": 4,
        "Khmer": 4,
    }
    assert {"zh", "ja", "th", "my"} <= NO_SPACE_LANGUAGES
    assert "ko" not in NO_SPACE_LANGUAGES


def test_chinese_pseudo_words() -> None:
    # 11 Han graphemes -> 5 pseudo-words, the last taking the remainder; Latin stays whole.
    assert cores("我们今天去北京看天安门，iPhone很好用。", "zh") == [
        "我们",
        "今天",
        "去北",
        "京看",
        "天安门",
        "iPhone",
        "很好用",
        "",
    ]


def test_japanese_mixes_kanji_and_kana_in_one_run() -> None:
    assert cores("私は学生です。", "ja") == ["私は", "学生", "です", ""]


def test_thai_pseudo_words_of_four_graphemes() -> None:
    # 14 graphemes -> 3 pseudo-words (4, 4, 6); a run shorter than 4 stays one word
    assert cores("ภาษาไทยเป็นภาษา กำลัง", "th") == ["ภาษา", "ไทยเ", "ป็นภาษา", "กำลัง"]


def test_numbers_split_from_han() -> None:
    assert cores("2019年的A股", "zh") == ["2019", "年的", "A", "股"]


def test_space_languages_are_not_chunked() -> None:
    assert cores("我们今天去北京", "ko") == ["我们今天去北京"]


@given(st.text(), st.sampled_from(["en", "zh", "th", "hi", "ja"]))
def test_split_and_join_round_trip(text: str, lang: str) -> None:
    assert join_pieces(split_words(text, lang)) == text
    assert "".join(graphemes(text)) == text


# the characters that make cutting text tricky: marks and joiners after spaces, prepended
# concatenation marks, Hangul jamo, regional indicators, CR LF, Thai SARA AM
TRICKY = (
    " \t\n\r\u00a0\u3000a1,.éé\u0301\u0300\u200d\u200c\u0600\u0903ำกक्ष한"
    "\u1100\u1161\U0001f1e6\U0001f1e8👍🏽ﾞｶ"
)


@given(st.text(alphabet=TRICKY, max_size=30))
def test_fast_cuts_match_the_cluster_regex(text: str) -> None:
    from harness.noise.text import _CHUNK, _GRAPHEME, chunks

    slow = [(m.group(), m.group("gap") is not None) for m in _CHUNK.finditer(text)]
    assert chunks(text) == slow
    assert graphemes(text) == tuple(_GRAPHEME.findall(text))


@given(st.text(max_size=30))
def test_fast_cuts_match_on_any_text(text: str) -> None:
    from harness.noise.text import _CHUNK, _GRAPHEME, chunks

    slow = [(m.group(), m.group("gap") is not None) for m in _CHUNK.finditer(text)]
    assert chunks(text) == slow
    assert graphemes(text) == tuple(_GRAPHEME.findall(text))
