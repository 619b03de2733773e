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
from harness.noise.text import (
    JAPANESE,
    PSEUDO,
    Word,
    chunk_words,
    graphemes,
    pseudo_word_texts,
    stands_alone,
)

# Latin, accented and decomposed Latin, Cyrillic, Arabic and a haraka, Devanagari with a vowel
# sign and virama, Thai with marks, Myanmar with lone spacing signs, Han, kana, precomposed
# Hangul and conjoining jamo, digits, URL punctuation, a control, CR and LF, ZWJ, spaces.
ALPHABET = (
    "abcxyzéüÀ\u0301\u0308жщдبتَ"
    "कषि्ไทยั่"
    "မြန်\u102b\u102c\u1038"
    "中文日本語かなカナ한국\u1100\u1161\u11a8"
    "0123٣.@:/-'"
    "\u0600\u06dd\U000110bd"
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
    for segmenter in (PSEUDO, JAPANESE):
        texts = pseudo_word_texts(chunk, segmenter)
        assert "".join(texts) == chunk
        assert tuple(chunk_words(t, "")[0] for t in texts) == chunk_words(chunk, segmenter)


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


@pytest.mark.parametrize(
    ("chunk", "eligible"),
    [
        ("\u06005abc", False),  # a prepended mark clusters with the digit: the prefix's number
        ("abc\u06001", False),
        (":/cafe\u0301/", True),  # ":/" and "/" around the core are not "://"
        (":/नमस्ते/", True),
        (":नमस्ते//", True),
        ("://नमस्ते", False),
        ("नमस्ते@", False),
    ],
)
def test_eligibility_of_words_of_letters_and_marks(chunk: str, eligible: bool) -> None:
    (word,) = chunk_words(chunk, "")
    assert _reference_eligible(word, 2, True, True) is eligible
    assert engine._eligible(word, 2, True, True) is eligible


@pytest.mark.parametrize("rules", RULES)
@given(st.text(alphabet=ALPHABET.replace(" ", "").replace("\u00a0", ""), max_size=12))
@settings(max_examples=300, deadline=None)
def test_eligibility_shortcuts_match_the_rules(rules: tuple[int, bool, bool], chunk: str) -> None:
    if not chunk or any(c.isspace() for c in chunk):
        return
    for segmenter in ("", PSEUDO, JAPANESE):
        words, flags = engine._chunk_plan(chunk, segmenter, rules)
        assert len(words) == len(flags)
        for item, flag in zip(words, flags, strict=True):
            word = item if isinstance(item, Word) else chunk_words(item, "")[0]
            assert flag == _reference_eligible(word, *rules), (chunk, segmenter, word)
            assert engine._eligible(word, *rules) == flag


@pytest.mark.parametrize("name", ["typo-40", "char-5", "diacritics", "always", "human-20"])
@given(
    value=st.text(alphabet=ALPHABET, max_size=40),
    lang=st.sampled_from(["en", "ru", "ar", "hi", "ko"]),
)
@settings(max_examples=150, deadline=None)
def test_the_simple_text_path_matches_the_general_one(name: str, value: str, lang: str) -> None:
    from unittest import mock

    from harness.noise import perturb, seeds_for
    from harness.noise.engine import NoiseProfile
    from harness.paths import project_root
    from harness.registry import load_yaml_model

    base = "typo-10" if name == "always" else name
    profile = load_yaml_model(project_root() / "noise_profiles" / f"{base}.yaml", NoiseProfile)[0]
    if name == "always":
        profile = profile.model_copy(update={"name": "always", "rate": 1.0})
    seeds = seeds_for(profile, "t", lang, "1", "f")
    fast = perturb(value, profile, lang, seeds)
    with mock.patch.object(engine, "cut_at_whitespace", lambda text: None):  # the general path
        general = perturb(value, profile, lang, seeds)
    assert fast == general


def test_the_edit_threshold_is_the_top_53_bits_rule() -> None:
    from harness.noise.engine import NoiseProfile
    from harness.paths import project_root
    from harness.registry import load_yaml_model

    typo10 = load_yaml_model(project_root() / "noise_profiles" / "typo-10.yaml", NoiseProfile)[0]
    for rate in (0.05, 0.1, 0.2, 0.4, 1 / 3, 1e-9, 1.0):
        below = engine._plan(typo10.model_copy(update={"rate": rate}), "en").below
        for sub in (below - 1, below, below + 1, below - 2048, below + 2047, 0, 2**64 - 1):
            assert ((sub >> 11) < rate * 2.0**53) is (sub < below), (rate, sub)
