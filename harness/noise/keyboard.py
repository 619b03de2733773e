"""Which graphemes a typist might hit instead of another: v1 adjacency.

This is a stand-in. A keyboard-layout engine (per-language layouts under
noise_profiles/keyboards/) replaces it later behind the same `neighbours()` function.

v1 rules:

- Latin letters use the hand-written QWERTY table `QWERTY_NEIGHBOURS`, keyed by the lower-case
  base letter (accents are stripped through NFD, and a few letters without a decomposition go
  through `LATIN_KEY_BASE`); the replacement is a bare ASCII letter in the original's case.
- Every other script: the letters (category L*) within `CODE_POINT_REACH` code points of the
  grapheme's base letter that have the same Unicode script, the same case and the same
  Indic_Syllabic_Category (a consonant is replaced by a consonant, an independent vowel by an
  independent vowel). The grapheme's combining marks are kept on the new base, so a mark is
  never separated from a base or left without one; a candidate that would not form a cluster
  of its own is dropped. Letters whose script is Common, Inherited or outside `SCRIPTS` get
  no neighbours.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType

import regex

from harness.noise.text import COMMON, OTHER, graphemes, is_letter, unicode_script

QWERTY_NEIGHBOURS: Mapping[str, str] = MappingProxyType(
    {
        "a": "qswz",
        "b": "ghnv",
        "c": "dfvx",
        "d": "cefrsx",
        "e": "drsw",
        "f": "cdgrtv",
        "g": "bfhtvy",
        "h": "bgjnuy",
        "i": "jkou",
        "j": "hikmnu",
        "k": "ijlmo",
        "l": "kop",
        "m": "jkn",
        "n": "bhjm",
        "o": "iklp",
        "p": "lo",
        "q": "aw",
        "r": "deft",
        "s": "adewxz",
        "t": "fgry",
        "u": "hijy",
        "v": "bcfg",
        "w": "aeqs",
        "x": "cdsz",
        "y": "ghtu",
        "z": "asx",
    }
)
"""Lower-case Latin letter -> the letter keys around it on a US QWERTY keyboard."""

LATIN_KEY_BASE: Mapping[str, str] = MappingProxyType(
    {
        "æ": "a",
        "đ": "d",
        "ð": "d",
        "ə": "e",
        "ħ": "h",
        "\u0131": "i",  # dotless i
        "ł": "l",
        "ŋ": "n",
        "ø": "o",
        "œ": "o",
        "ß": "s",
        "þ": "t",
    }
)
"""Lower-case Latin letters without a canonical decomposition -> the QWERTY key they map to."""

CODE_POINT_REACH = 3
"""How many code points either side of a non-Latin base letter count as neighbours."""


_SYLLABIC_CATEGORIES = (
    "Consonant",
    "Consonant_Dead",
    "Consonant_Placeholder",
    "Vowel_Independent",
    "Vowel_Dependent",
    "Avagraha",
    "Tone_Letter",
    "Modifying_Letter",
)
_SYLLABIC = regex.compile(
    "|".join(f"(?P<{c}>\\p{{Indic_Syllabic_Category={c}}})" for c in _SYLLABIC_CATEGORIES)
)


@functools.cache
def _syllabic_category(char: str) -> str:
    m = _SYLLABIC.match(char)
    return str(m.lastgroup) if m is not None and m.lastgroup is not None else "Other"


def _latin_key(base: str) -> str | None:
    lower = base.lower()
    key = unicodedata.normalize("NFD", lower)[:1]
    if key in QWERTY_NEIGHBOURS:
        return key
    return LATIN_KEY_BASE.get(lower)


def _code_point_neighbours(grapheme: str) -> tuple[str, ...]:
    base, tail = grapheme[0], grapheme[1:]
    script = unicode_script(base)
    if script in (COMMON, "Inherited", OTHER):
        return ()
    out: list[str] = []
    for point in range(ord(base) - CODE_POINT_REACH, ord(base) + CODE_POINT_REACH + 1):
        if point == ord(base) or not 0 <= point <= 0x10FFFF:
            continue
        char = chr(point)
        if not is_letter(char) or unicode_script(char) != script:
            continue
        if char.islower() != base.islower() or char.isupper() != base.isupper():
            continue
        if _syllabic_category(char) != _syllabic_category(base):
            continue
        candidate = char + tail
        # one cluster, and one that does not cling to a preceding letter (Thai SARA AM)
        if graphemes(base + candidate) == (base, candidate):
            out.append(candidate)
    return tuple(out)


@functools.lru_cache(maxsize=65536)
def neighbours(grapheme: str, lang: str) -> tuple[str, ...]:
    """Return the graphemes a typist might produce instead of `grapheme`.

    Args:
        grapheme: one grapheme cluster.
        lang: the language code (unused by v1; the layout engine will pick a layout by it).

    Returns:
        Distinct replacement clusters in a fixed order, none equal to `grapheme`; empty for
        non-letters and for letters v1 has no neighbours for.
    """
    if not is_letter(grapheme):
        return ()
    base = grapheme[0]
    if unicode_script(base) == "Latin":
        key = _latin_key(base)
        if key is not None:
            upper = base.isupper()
            return tuple(c.upper() if upper else c for c in QWERTY_NEIGHBOURS[key])
    return _code_point_neighbours(grapheme)
