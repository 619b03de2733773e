"""The engine's shortcuts give exactly what the general code gives.

Each shortcut skips work for common text (characters that are grapheme clusters of their own,
words of letters only, no-space chunks without marks); these tests draw text that mixes
exactly the characters where the shortcuts could go wrong (marks, controls, jamo, lone
Myanmar signs, digits, URL punctuation) and compare against the reference code paths.
"""

from __future__ import annotations

import sys

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.noise import engine, text
from harness.noise.text import Word, chunk_words, graphemes, pseudo_word_texts, stands_alone

# Latin, accented and decomposed Latin, Cyrillic, Arabic and a haraka, Devanagari with a vowel
# sign and virama, Thai with marks, Myanmar with lone spacing signs, Han, kana, precomposed
# Hangul and conjoining jamo, digits, URL punctuation, a control, CR and LF, ZWJ, spaces.
ALPHABET = (
    "abcxyzéüÀ\u0301\u0308жщдبتَ"
    "कषि्ไทยั่"
    "မြန်\u102b\u102c\u1038"
    "中文日本語かなカナ한국\u1100\u1161\u11a8"
    "0123٣.@:/-'"
    "\x07\r\n\u200d \u00a0"
)
TEXT = st.text(alphabet=ALPHABET, max_size=24)
REFERENCE_GRAPHEMES = regex.compile(r"\X(?:(?=\p{M})\X)*")
REFERENCE_LETTER = regex.compile(r"\p{L}")
RULES = [(2, True, True), (3, False, True), (1, True, False)]


@given(TEXT)
@settings(max_examples=400, deadline=None)
def test_graphemes_match_the_reference_pattern(value: str) -> None:
    assert graphemes(value) == tuple(REFERENCE_GRAPHEMES.findall(value))


@given(TEXT)
@settings(max_examples=400, deadline=None)
def test_stands_alone_means_one_cluster_per_character(value: str) -> None:
    if stands_alone(value):
        assert tuple(REFERENCE_GRAPHEMES.findall(value)) == tuple(value)
    assert not stands_alone("a\r\nb")  # CR LF is one cluster
    assert stands_alone("a\rb\nc")


def test_str_isalpha_implies_a_unicode_letter() -> None:
    # The shortcuts read str.isalpha() (Python's Unicode tables) as "every character is \p{L}"
    # (the regex module's tables, which the noise contract names); Python may know fewer
    # letters than `regex`, never one that `regex` does not call a letter.
    wrong = [
        f"U+{cp:04X}"
        for cp in range(sys.maxunicode + 1)
        if chr(cp).isalpha() and REFERENCE_LETTER.match(chr(cp)) is None
    ]
    assert wrong == []


@given(st.text(alphabet="abcXYZщдbتب中文日本語かなカナ한국0123.@:/-'", max_size=16))
@settings(max_examples=300, deadline=None)
def test_pseudo_word_texts_give_the_chunk_words(chunk: str) -> None:
    chunk = chunk.replace(" ", "")
    if not chunk or not stands_alone(chunk):
        return
    texts = pseudo_word_texts(chunk)
    assert "".join(texts) == chunk
    assert tuple(chunk_words(t, False)[0] for t in texts) == chunk_words(chunk, True)


def _reference_eligible(
    word: Word, min_graphemes: int, skip_numbers: bool, skip_urls: bool
) -> bool:
    """The eligibility rules as the docstring of `is_eligible` states them, without shortcuts."""
    core = word.core
    if len(core) < min_graphemes or sum(map(text.is_letter, core)) < min_graphemes:
        return False
    if skip_numbers and regex.search(r"\p{N}", word.text):
        return False
    return not (skip_urls and engine._looks_like_url(word))


@pytest.mark.parametrize("rules", RULES)
@given(st.text(alphabet=ALPHABET.replace(" ", "").replace("\u00a0", ""), max_size=12))
@settings(max_examples=300, deadline=None)
def test_eligibility_shortcuts_match_the_rules(rules: tuple[int, bool, bool], chunk: str) -> None:
    if not chunk or any(c.isspace() for c in chunk):
        return
    for no_space in (False, True):
        words, flags = engine._chunk_plan(chunk, no_space, rules)
        assert len(words) == len(flags)
        for item, flag in zip(words, flags, strict=True):
            word = item if isinstance(item, Word) else chunk_words(item, False)[0]
            assert flag == _reference_eligible(word, *rules), (chunk, no_space, word)
            assert engine._eligible(word, *rules) == flag
