"""Korean: two-set keystrokes, the input-method automaton, jamo-level edits with a safe fallback."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.noise import hangul, perturb, seeds_for
from harness.noise.ops import OPERATION_FUNCTIONS
from harness.noise.text import graphemes
from harness.schema import NoiseProfile

SYLLABLES = [chr(c) for c in range(hangul.SYLLABLE_FIRST, hangul.SYLLABLE_LAST + 1)]


def test_every_syllable_round_trips_through_its_keystrokes() -> None:
    for s in SYLLABLES:
        keys = hangul.syllable_keys(s)
        assert all(hangul.is_jamo_key(k) for k in keys), s
        assert hangul.compose(keys) == s


def test_pinned_keystrokes() -> None:
    assert hangul.syllable_keys("한") == ("ㅎ", "ㅏ", "ㄴ")
    assert hangul.syllable_keys("왔") == ("ㅇ", "ㅗ", "ㅏ", "ㅆ")  # compound vowel: two keys
    assert hangul.syllable_keys("닭") == ("ㄷ", "ㅏ", "ㄹ", "ㄱ")  # compound final: two keys
    assert hangul.syllable_keys("까") == ("ㄲ", "ㅏ")  # a tense consonant: one shifted key


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(SYLLABLES[::7]), min_size=1, max_size=6))
def test_words_round_trip(word: list[str]) -> None:
    text = "".join(word)
    assert hangul.compose(hangul.keystrokes(graphemes(text))) == text


def test_automaton_moves_finals_and_leaves_stray_jamo() -> None:
    assert hangul.compose(list("ㅎㅏㄴㄱㅜㄱ")) == "한국"
    assert hangul.compose(list("ㅎㅏㄱㄴㅜㄱ")) == "학눅"  # a transposed final moves on
    assert hangul.compose(list("ㄷㅏㄹㄱㅇㅣ")) == "닭이"
    assert hangul.compose(list("ㄷㅏㄹㄱㅣ")) == "달기"  # the vowel takes the last consonant
    assert hangul.compose(list("ㅎㄴㄱㅜㄱ")) == "ㅎㄴ국"
    assert not hangul.well_formed("ㅎㄴ국") and hangul.well_formed("한국어 abc")


def test_syllable_neighbours_stay_single_syllables() -> None:
    def adjacent(k: str) -> tuple[str, ...]:
        return {"ㅎ": ("ㅅ", "ㅗ"), "ㅏ": ("ㅓ",), "ㄴ": ("ㅁ", "ㅣ")}.get(k, ())

    # ㅗ as a lead and ㅣ as a final do not recompose into one syllable: dropped
    assert hangul.syllable_neighbours("한", adjacent) == ["산", "헌", "함"]


@pytest.mark.parametrize("name", ["substitution", "insertion", "deletion", "transposition"])
def test_jamo_edits_recompose_into_whole_syllables(name: str) -> None:
    profile = NoiseProfile.model_validate(
        {
            "name": "ko",
            "version": 1,
            "description": "t",
            "seed": 1,
            "unit": "word",
            "rate": 1.0,
            "operations": {name: 1.0},
        }
    )
    text = "한국어는 아름다운 언어입니다 서울에 갑니다"
    seen = 0
    for i in range(40):
        result = perturb(text, profile, "ko", seeds_for(profile, "t", "ko", str(i), "f"))
        assert hangul.well_formed(result.text), result.text
        seen += len(result.edits)
    assert seen >= 40 * 4  # every word gets its edit


def test_fallback_to_syllables_when_jamo_edits_cannot_recompose() -> None:
    # a single-syllable core whose only keystroke edits leave stray jamo: "가" minus a key is
    # a lone jamo, so deletion falls back to whole syllables, which a one-syllable word refuses
    core = graphemes("가")
    units = hangul.keystrokes(core)
    result = OPERATION_FUNCTIONS["deletion"](units, random.Random(0), "ko", 0)
    assert result is not None and not hangul.well_formed(hangul.compose(result[0]))
    profile = NoiseProfile.model_validate(
        {
            "name": "del",
            "version": 1,
            "description": "t",
            "seed": 1,
            "unit": "word",
            "rate": 1.0,
            "operations": {"deletion": 1.0},
            "eligibility": {"min_graphemes": 1},
        }
    )
    out = perturb("가", profile, "ko", seeds_for(profile, "t", "ko", "1", "f"))
    assert out.text == "가" and out.edits == ()
