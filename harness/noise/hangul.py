"""Korean: Hangul syllables as the keystrokes of the two-set (dubeolsik) layout, and back.

A precomposed syllable is typed as its jamo on the KS X 5002 layout: a leading consonant, a
vowel (compound vowels such as ㅘ take two keys, ㅗ then ㅏ), and an optional final consonant
(compound finals such as ㄳ take two keys). Tense consonants (ㄲ ㄸ ㅃ ㅆ ㅉ) and ㅒ ㅖ are one
shifted key each. `keystrokes` gives those keys as compatibility jamo (U+3131..U+318E), one
grapheme each, so the typo operations can edit them like letters; `compose` runs the input
method's automaton over keystrokes to give text again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

SYLLABLE_FIRST = 0xAC00
SYLLABLE_LAST = 0xD7A3

LEADS = "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"
VOWELS = "ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ"
TAILS = ("", *"ㄱㄲㄳㄴㄵㄶㄷㄹㄺㄻㄼㄽㄾㄿㅀㅁㅂㅄㅅㅆㅇㅈㅊㅋㅌㅍㅎ")

COMPOUND_VOWELS = {
    "ㅘ": "ㅗㅏ",
    "ㅙ": "ㅗㅐ",
    "ㅚ": "ㅗㅣ",
    "ㅝ": "ㅜㅓ",
    "ㅞ": "ㅜㅔ",
    "ㅟ": "ㅜㅣ",
    "ㅢ": "ㅡㅣ",
}
COMPOUND_TAILS = {
    "ㄳ": "ㄱㅅ",
    "ㄵ": "ㄴㅈ",
    "ㄶ": "ㄴㅎ",
    "ㄺ": "ㄹㄱ",
    "ㄻ": "ㄹㅁ",
    "ㄼ": "ㄹㅂ",
    "ㄽ": "ㄹㅅ",
    "ㄾ": "ㄹㅌ",
    "ㄿ": "ㄹㅍ",
    "ㅀ": "ㄹㅎ",
    "ㅄ": "ㅂㅅ",
}
_JOIN_VOWEL = {v: k for k, v in COMPOUND_VOWELS.items()}
_JOIN_TAIL = {v: k for k, v in COMPOUND_TAILS.items()}
_CONSONANTS = frozenset(LEADS) | frozenset("".join(COMPOUND_TAILS))
_VOWEL_KEYS = frozenset(VOWELS) - frozenset(COMPOUND_VOWELS)


def is_syllable(char: str) -> bool:
    """Whether `char` is one precomposed Hangul syllable (U+AC00..U+D7A3)."""
    return len(char) == 1 and SYLLABLE_FIRST <= ord(char) <= SYLLABLE_LAST


def is_jamo_key(char: str) -> bool:
    """Whether `char` is a compatibility jamo typed with one key of the two-set layout."""
    return (char in _CONSONANTS and char not in COMPOUND_TAILS) or char in _VOWEL_KEYS


def syllable_keys(syllable: str) -> tuple[str, ...]:
    """The keystrokes of one precomposed syllable, as compatibility jamo."""
    index = ord(syllable) - SYLLABLE_FIRST
    lead, vowel, tail = LEADS[index // 588], VOWELS[index % 588 // 28], TAILS[index % 28]
    return (
        lead,
        *COMPOUND_VOWELS.get(vowel, vowel),
        *COMPOUND_TAILS.get(tail, tail),
    )


def keystrokes(clusters: Iterable[str]) -> tuple[str, ...]:
    """Expand every precomposed syllable into its keystrokes; other clusters stay whole."""
    out: list[str] = []
    for g in clusters:
        if is_syllable(g):
            out.extend(syllable_keys(g))
        else:
            out.append(g)
    return tuple(out)


def _syllable(lead: str, vowel: str, tail: str) -> str:
    return chr(
        SYLLABLE_FIRST + (LEADS.index(lead) * 21 + VOWELS.index(vowel)) * 28 + TAILS.index(tail)
    )


def compose(units: Sequence[str]) -> str:
    """Run the two-set automaton over keystrokes (anything that is not a jamo key is copied).

    A consonant after a vowel becomes the final; a vowel after a final takes that final's
    (last) consonant as its lead; two vowels or two finals that form a compound join. A jamo
    that cannot join a syllable is emitted alone.
    """
    out: list[str] = []
    lead = vowel = tail = ""

    def flush() -> None:
        nonlocal lead, vowel, tail
        if lead and vowel:
            out.append(_syllable(lead, vowel, tail))
        else:
            out.append(lead + vowel + tail)
        lead = vowel = tail = ""

    for u in units:
        if u in _VOWEL_KEYS:
            if lead and not vowel:
                vowel = u
            elif vowel and not tail and vowel + u in _JOIN_VOWEL:
                vowel = _JOIN_VOWEL[vowel + u]
            elif lead and vowel and tail:
                moved = COMPOUND_TAILS.get(tail, tail)
                keep, moved_lead = moved[:-1], moved[-1]
                tail = _JOIN_TAIL.get(keep, keep)
                flush()
                lead, vowel = moved_lead, u
            else:
                flush()
                vowel = u
        elif is_jamo_key(u):
            if lead and vowel and not tail and u in TAILS:
                tail = u
            elif lead and vowel and tail and tail + u in _JOIN_TAIL:
                tail = _JOIN_TAIL[tail + u]
            else:
                flush()
                lead = u
        else:
            flush()
            out.append(u)
    flush()
    return "".join(out)


def well_formed(text: str) -> bool:
    """Whether `text` holds no stray jamo (every Hangul letter is a full syllable)."""
    return not any(0x3131 <= ord(c) <= 0x318E for c in text)


def syllable_neighbours(syllable: str, adjacent: Callable[[str], Sequence[str]]) -> list[str]:
    """Syllables one keystroke away: one key replaced by a neighbouring key, recomposed.

    Candidates that do not recompose into exactly one syllable are dropped (the safe
    fallback: a syllable never turns into stray jamo).

    Args:
        syllable: one precomposed syllable.
        adjacent: jamo -> the jamo on neighbouring keys (the layout's adjacency).

    Returns:
        Distinct syllables in keystroke order, none equal to `syllable`.
    """
    keys = syllable_keys(syllable)
    out: list[str] = []
    for i, k in enumerate(keys):
        for n in adjacent(k):
            text = compose((*keys[:i], n, *keys[i + 1 :]))
            if len(text) == 1 and is_syllable(text) and text != syllable and text not in out:
                out.append(text)
    return out
