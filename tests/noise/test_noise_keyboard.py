# ruff: noqa: RUF001, RUF003 - multilingual test strings on purpose
"""v1 keyboard adjacency: QWERTY for Latin, same-script nearby code points elsewhere."""

from __future__ import annotations

import string
import unicodedata

import pytest
import regex

from harness.noise.keyboard import QWERTY_NEIGHBOURS, neighbours
from harness.noise.text import graphemes, script_of


def test_qwerty_table_covers_and_is_symmetric() -> None:
    assert sorted(QWERTY_NEIGHBOURS) == list(string.ascii_lowercase)
    for key, around in QWERTY_NEIGHBOURS.items():
        assert key not in around
        assert len(set(around)) == len(around)
        for other in around:
            assert key in QWERTY_NEIGHBOURS[other], (key, other)


def test_latin_case_is_preserved() -> None:
    assert neighbours("g", "en") == ("b", "f", "h", "t", "v", "y")
    assert neighbours("G", "en") == ("B", "F", "H", "T", "V", "Y")


@pytest.mark.parametrize(
    ("grapheme", "key"),
    [
        ("ä", "a"),
        ("Ü", "U"),
        ("ệ", "e"),
        (unicodedata.normalize("NFD", "ệ"), "e"),
        ("đ", "d"),
        ("ß", "s"),
        ("ı", "i"),  # Turkish dotless i
    ],
)
def test_accented_latin_uses_the_base_key(grapheme: str, key: str) -> None:
    assert neighbours(grapheme, "de") == neighbours(key, "en")


@pytest.mark.parametrize(
    ("grapheme", "expected"),
    [
        ("и", ("е", "ж", "з", "й", "к", "л")),
        ("И", ("Е", "Ж", "З", "Й", "К", "Л")),  # case kept: no lower-case neighbour
        ("क", ("ख", "ग", "घ")),  # consonants only, not the vowels at U+0912..0914
        ("कि", ("खि", "गि", "घि")),  # the vowel sign stays on the new base
        ("ก", ("ข", "ฃ", "ค")),
        ("เ", ("แ", "โ", "ใ")),  # a Thai leading vowel is replaced by a leading vowel
        ("한", ("학", "핚", "핛", "핝", "핞", "핟")),
        ("ب", ("إ", "ئ", "ا", "ة", "ت", "ث")),
    ],
)
def test_code_point_neighbours(grapheme: str, expected: tuple[str, ...]) -> None:
    assert neighbours(grapheme, "xx") == expected


@pytest.mark.parametrize("grapheme", ["1", ",", " ", "\u0301", "ー", "ꦲ", "😀"])
def test_no_neighbours_for_non_letters_and_unknown_scripts(grapheme: str) -> None:
    assert neighbours(grapheme, "xx") == ()


# includes letters at script block edges (ア next to Hiragana, ሀ next to Hangul jamo, Ѐ next
# to Greek), where nearby code points belong to another script
SAMPLES = "aZéжЖλبאकक्षকিதతമગਗกမაა한中ひカሀアЀ" + "ข" + "ำ"


@pytest.mark.parametrize("grapheme", graphemes(SAMPLES))
def test_neighbours_are_whole_same_script_letters(grapheme: str) -> None:
    for n in neighbours(grapheme, "xx"):
        assert n != grapheme
        assert graphemes(n) == (n,)
        assert regex.match(r"\p{L}", n)
        assert script_of(n) == script_of(grapheme)
        assert abs(ord(n[0]) - ord(grapheme[0])) <= 3 or script_of(n) == "Latin"
        if script_of(n) != "Latin":
            assert n[1:] == grapheme[1:]  # the marks travel unchanged
