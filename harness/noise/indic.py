"""Keystroke edits for the Indic scripts: what an InScript typist's slip leaves on the page.

An Indic grapheme cluster (an akshara) is several keystrokes: consonants joined by viramas, a
nukta, a vowel sign (matra), a bindu, a visarga (घंटे is घ ं ट े, बच्चे is ब च ् च े). A typist
drops or swaps keystrokes, not whole aksharas, so deletion and transposition act here on the
code points of a word (each one keystroke on InScript) and keep only results that are valid
text: every cluster the edit creates is a well-formed syllable (`well_formed`). A dropped matra
(पढ़ते -> पढ़त), a dropped virama (बच्चे -> बचचे), a dropped anusvara (घंटे -> घटे) or two
consonants typed in the wrong order (भारत -> भातर) pass; a matra after a virama, a bare matra
or a mark that starts a word do not.

Syllables are read from the Unicode Indic_Syllabic_Category of each code point (the `regex`
module's tables): a base (consonant, independent vowel, dead consonant, or another letter) with
an optional nukta, then either further consonants after viramas (a conjunct) ending with an
optional virama, or up to two vowel signs (two only where they compose into one, as Tamil ொ),
then bindus and other tail marks and an optional visarga.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence

import regex

from harness.noise.text import graphemes, script_of

INDIC_SCRIPTS: frozenset[str] = frozenset(
    {
        "Devanagari",
        "Bengali",
        "Gurmukhi",
        "Gujarati",
        "Oriya",
        "Tamil",
        "Telugu",
        "Kannada",
        "Malayalam",
        "Sinhala",
    }
)
"""Scripts whose words get keystroke deletions and transpositions (InScript and kin)."""

Graphemes = tuple[str, ...]

_CLASSES = (
    ("C", "Consonant|Consonant_Placeholder"),
    ("D", "Consonant_Dead"),
    ("R", "Consonant_Preceding_Repha"),
    ("V", "Vowel_Independent"),
    ("N", "Nukta"),
    ("H", "Virama|Pure_Killer|Invisible_Stacker"),
    ("J", "Joiner|Non_Joiner"),
    ("M", "Vowel_Dependent"),
    ("B", "Bindu|Gemination_Mark|Consonant_Medial|Syllable_Modifier|Cantillation_Mark"),
    ("X", "Visarga"),
)
_CLASS = regex.compile(
    "|".join(
        f"(?P<{name}>"
        + "|".join(f"\\p{{Indic_Syllabic_Category={c}}}" for c in cats.split("|"))
        + ")"
        for name, cats in _CLASSES
    )
)
_LETTER = regex.compile(r"\p{L}")
_JOINERS = frozenset("\u200c\u200d")
_KEYSTROKE = regex.compile(r"[\p{L}\p{M}]")
# one syllable, as a string of class letters (L: any other letter, alone or with tail marks)
_SYLLABLE = regex.compile(r"R?CN?(?:HJ?CN?)*(?:HJ?|M{1,2})?B*X?|VN?B*X?|DB*|LB*")


@functools.cache
def _class(char: str) -> str:
    m = _CLASS.match(char)
    if m is not None and m.lastgroup is not None:
        return str(m.lastgroup)
    return "L" if _LETTER.match(char) else "O"


@functools.lru_cache(maxsize=1 << 14)
def well_formed(cluster: str) -> bool:
    """Whether one grapheme cluster of an Indic script is a well-formed syllable.

    Two vowel signs pass only where they compose into one (a two-part vowel, NFC); marks of
    another script never pass.
    """
    if not cluster or not _LETTER.match(cluster[0]):
        return False
    script = script_of(cluster)
    classes = "".join(map(_class, cluster))
    if _SYLLABLE.fullmatch(classes) is None:
        return False
    if "MM" in classes:
        k = classes.index("MM")
        if len(unicodedata.normalize("NFC", cluster[k : k + 2])) != 1:
            return False
    return all(c in _JOINERS or script_of(c) in (script, "Common") for c in cluster)


def uses_keystrokes(script: str) -> bool:
    """Whether words of `script` (a dominant script) get keystroke deletions and swaps."""
    return script in INDIC_SCRIPTS


def _valid(original: Graphemes, text: str) -> Graphemes | None:
    """The clusters of the edited word when every cluster the edit made is valid text."""
    new = graphemes(text)
    if not new:
        return None
    old = set(original)
    for cluster in new:
        if cluster in old:
            continue
        if script_of(cluster) in INDIC_SCRIPTS:
            if not well_formed(cluster):
                return None
        elif len(cluster) != 1 or not _LETTER.match(cluster):
            return None
    return new


@functools.lru_cache(maxsize=1 << 14)
def keystrokes(text: str) -> tuple[int, ...]:
    """The code point positions of `text` that are keystrokes (letters and marks)."""
    return tuple(k for k, c in enumerate(text) if _KEYSTROKE.match(c))


@functools.lru_cache(maxsize=1 << 14)
def swaps(text: str) -> tuple[int, ...]:
    """Positions k where keystrokes k and k + 1 are adjacent and differ."""
    keys = set(keystrokes(text))
    return tuple(k for k in sorted(keys) if k + 1 in keys and text[k] != text[k + 1])


def delete_at(core: Sequence[str], text: str, k: int) -> Graphemes | None:
    """`core` without keystroke k of its text, or None when that is not valid text."""
    return _valid(tuple(core), text[:k] + text[k + 1 :])


def swap_at(core: Sequence[str], text: str, k: int) -> Graphemes | None:
    """`core` with keystrokes k and k + 1 swapped, or None when that is not valid text."""
    return _valid(tuple(core), text[:k] + text[k + 1] + text[k] + text[k + 2 :])


def double_at(core: Sequence[str], text: str, k: int) -> Graphemes | None:
    """`core` with keystroke k typed twice, or None when that is not valid text."""
    return _valid(tuple(core), text[: k + 1] + text[k] + text[k + 1 :])
