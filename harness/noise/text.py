"""Text as the noise engine sees it: grapheme clusters, scripts and words.

Text is handled as grapheme clusters (the `regex` module's `\\X`, see `graphemes`), so a
combining mark always travels with its base. A field is split into whitespace gaps and words;
joining the pieces back gives the input exactly. A word keeps its leading and trailing
punctuation out of its editable core.

Languages written without spaces (`NO_SPACE_LANGUAGES`) get a declared word approximation:
inside a whitespace-delimited chunk, each maximal run of letters of a script listed in
`PSEUDO_WORD_GRAPHEMES` is cut into pseudo-words of that many graphemes (the last one takes the
remainder, so a run of n graphemes gives max(1, n // size) pseudo-words). Han, Hiragana and
Katakana form one run, as Japanese mixes them inside words. Everything else in the chunk
(Latin words, digits, punctuation) is split off as ordinary words.

Grapheme boundaries and script properties come from the `regex` module's Unicode tables, so
that module's Unicode version is part of the noise contract.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import regex

SCRIPTS: tuple[str, ...] = (
    "Latin",
    "Cyrillic",
    "Greek",
    "Armenian",
    "Georgian",
    "Hebrew",
    "Arabic",
    "Syriac",
    "Thaana",
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
    "Thai",
    "Lao",
    "Tibetan",
    "Myanmar",
    "Khmer",
    "Ethiopic",
    "Hangul",
    "Hiragana",
    "Katakana",
    "Han",
)
"""The scripts the engine names; any other script is reported as `OTHER`."""

COMMON = "Common"
"""Script name for graphemes without a script of their own (digits, punctuation, spaces)."""

OTHER = "Other"
"""Script name for letters of a script outside `SCRIPTS`."""

PSEUDO_WORD_GRAPHEMES: Mapping[str, int] = MappingProxyType(
    {
        "Han": 2,
        "Hiragana": 2,
        "Katakana": 2,
        "Thai": 4,
        "Lao": 4,
        "Myanmar": 4,
        "Khmer": 4,
    }
)
"""Graphemes per pseudo-word for scripts written without spaces.

Two for Han and kana (most Chinese words are two characters; a kana syllable is one
grapheme), four for Thai, Lao, Myanmar and Khmer (where vowels and tone marks that are
letters of their own make a syllable one to three graphemes).
"""

NO_SPACE_LANGUAGES: frozenset[str] = frozenset({"zh", "ja", "th", "my", "lo", "km"})
"""Languages whose text gets the pseudo-word approximation."""

PSEUDO = "pseudo"
"""Segmenter: runs of a no-space script are cut into pseudo-words."""

JAPANESE = "ja"
"""Segmenter: as `PSEUDO`, but a Han-and-kana run is first cut into segments where a kanji or
katakana follows a character of another of the three scripts (see `segmenter_for`)."""


def segmenter_for(lang: str) -> str:
    """How a language's chunks are cut into words: `""` (one word per chunk), `PSEUDO` or
    `JAPANESE`.

    Japanese pseudo-words stay inside segments: a kanji or katakana run with the hiragana that
    follow it (okurigana, particles), the unit an input method converts; a new segment starts
    wherever a kanji or katakana follows a character of another of the three scripts (は彼 is
    two segments, は and 彼...). Marks without a script of their own (ー, 〆) continue the
    script before them.
    """
    if lang not in NO_SPACE_LANGUAGES:
        return ""
    return JAPANESE if lang == "ja" else PSEUDO


_RUN_GROUP: Mapping[str, str] = MappingProxyType({"Hiragana": "Han", "Katakana": "Han"})

_GRAPHEME = regex.compile(r"\X(?:(?=\p{M})\X)*")
_CLUSTER = regex.compile(r"\X")
# where an extended grapheme cluster may start with a mark: at the start of the text, after a
# control character, or at a mark that neither extends nor is a spacing mark (Myanmar U+102B)
_MARK_MAY_LEAD = regex.compile(
    r"^\p{M}|[\p{Grapheme_Cluster_Break=Control}\p{Grapheme_Cluster_Break=CR}"
    r"\p{Grapheme_Cluster_Break=LF}]\p{M}|[\p{M}--[\p{Grapheme_Cluster_Break=Extend}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}\p{Grapheme_Cluster_Break=ZWJ}]]",
    regex.V1,
)
_CHUNK = regex.compile(r"(?P<gap>(?:(?=\s)\X)+)|(?:(?!\s)\X)+")
# the `regex` module's \s (White_Space), as a `re` class: `re` splits faster
_WHITESPACE = re.compile(
    "([\t\n\x0b\x0c\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+)"
)
# a grapheme cluster can hold whitespace and non-whitespace together only where a mark or
# joiner follows a space, or a prepended concatenation mark precedes one: only there does
# cutting at whitespace runs differ from cutting at clusters that start with whitespace
_JOINS_PREVIOUS = regex.compile(
    r"[\p{Grapheme_Cluster_Break=Extend}\p{Grapheme_Cluster_Break=ZWJ}"
    r"\p{Grapheme_Cluster_Break=SpacingMark}]"
)
_JOINS_NEXT = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")


_JOINS: dict[str, tuple[bool, bool]] = {}


def _joins(char: str) -> tuple[bool, bool]:
    """(joins the cluster before it, joins the cluster after it), memoized per character."""
    found = _JOINS.get(char)
    if found is None:
        found = (_JOINS_PREVIOUS.match(char) is not None, _JOINS_NEXT.match(char) is not None)
        _JOINS[char] = found
    return found


_LETTER = regex.compile(r"\p{L}")
_MARK = regex.compile(r"\p{M}")
_ALNUM = regex.compile(r"[\p{L}\p{N}]")
_SCRIPT = regex.compile(
    "|".join(f"(?P<{s}>\\p{{Script={s}}})" for s in SCRIPTS)
    + r"|(?P<Common>\p{Script=Common})|(?P<Inherited>\p{Script=Inherited})"
)
_SCRIPT_EXT = regex.compile("|".join(f"(?P<{s}>\\p{{Script_Extensions={s}}})" for s in SCRIPTS))


def graphemes(text: str) -> tuple[str, ...]:
    """Split text into grapheme clusters.

    These are Unicode extended grapheme clusters, except that a cluster starting with a
    combining mark is glued to the cluster before it: Unicode leaves a few spacing vowel signs
    (Myanmar U+102B, U+102C, U+1038, ...) as clusters of their own, and an edit must not
    separate them from their base.

    Args:
        text: any string.

    Returns:
        The clusters in order; joining them gives `text`.
    """
    if stands_alone(text):
        return tuple(text)
    if _MARK_MAY_LEAD.search(text) is None:  # no cluster can start with a mark: nothing to glue
        return tuple(_CLUSTER.findall(text))
    return tuple(_GRAPHEME.findall(text))


def stands_alone(text: str) -> bool:
    """Whether every character of `text` is a grapheme cluster of its own."""
    if text.isascii():
        return "\r\n" not in text  # (CR LF is one cluster)
    return _ALL_ALONE.fullmatch(text) is not None


# characters that are a grapheme cluster of their own whatever surrounds them, except next to
# characters that are not: Other and Control characters break on both sides unless a neighbour
# extends or prepends; precomposed Hangul syllables (LV, LVT) join only conjoining jamo. Marks
# are left out, as `graphemes` glues a mark that Unicode leaves alone to the cluster before it.
_ALL_ALONE = regex.compile(
    r"[[\p{Grapheme_Cluster_Break=Other}\p{Grapheme_Cluster_Break=Control}"
    r"\p{Grapheme_Cluster_Break=LV}\p{Grapheme_Cluster_Break=LVT}]--\p{M}]*",
    regex.V1,
)


@functools.cache
def unicode_script(char: str) -> str:
    """Return the Unicode Script property of one character, as the engine names it.

    Args:
        char: a single code point.

    Returns:
        A name from `SCRIPTS`, `"Common"`, `"Inherited"`, or `OTHER`.
    """
    m = _SCRIPT.match(char)
    return str(m.lastgroup) if m is not None and m.lastgroup is not None else OTHER


@functools.cache
def _char_script(char: str) -> str:
    raw = unicode_script(char)
    if raw not in (COMMON, "Inherited"):
        return raw
    if _LETTER.match(char):
        ext = _SCRIPT_EXT.match(char)
        if ext is not None and ext.lastgroup is not None:
            return str(ext.lastgroup)
    return COMMON


def script_of(grapheme: str) -> str:
    """Return the script of a grapheme cluster, read from its first code point.

    Letters whose Script is Common or Inherited but which belong to listed scripts through
    Script_Extensions (the Japanese prolonged sound mark, the iteration mark) get the first
    such script in `SCRIPTS` order.

    Args:
        grapheme: one grapheme cluster.

    Returns:
        A name from `SCRIPTS`, `COMMON` (digits, punctuation, symbols, spaces, lone marks), or
        `OTHER` (a script not in `SCRIPTS`).
    """
    return _char_script(grapheme[0]) if grapheme else COMMON


@functools.lru_cache(maxsize=1 << 16)
def is_letter(grapheme: str) -> bool:
    """Whether a grapheme cluster's first code point is a letter (category L*)."""
    return bool(grapheme) and _LETTER.match(grapheme) is not None


@functools.lru_cache(maxsize=1 << 16)
def is_alnum(grapheme: str) -> bool:
    """Whether a grapheme cluster's first code point is a letter or a number."""
    return bool(grapheme) and _ALNUM.match(grapheme) is not None


@functools.lru_cache(maxsize=1 << 16)
def dominant_script(core: tuple[str, ...]) -> str:
    """Return the most frequent script among the letter graphemes of a word core.

    Ties go to the script seen first. A core without letters gives `COMMON`.
    """
    scripts = [script_of(g) for g in core if is_letter(g)]
    if not scripts:
        return COMMON
    first = scripts[0]
    if scripts.count(first) == len(scripts):  # one script: the usual case
        return first
    counts: dict[str, int] = {}
    for s in scripts:
        counts[s] = counts.get(s, 0) + 1
    return max(counts, key=lambda s: counts[s])  # max keeps the first of equal counts


@dataclass(frozen=True)
class Word:
    """One word: an editable core between leading and trailing punctuation.

    Attributes:
        prefix: leading graphemes that are neither letters nor numbers.
        core: the grapheme clusters from the first to the last letter or number.
        suffix: trailing graphemes that are neither letters nor numbers.
    """

    prefix: str
    core: tuple[str, ...]
    suffix: str

    @property
    def text(self) -> str:
        """The word as it appears in the text."""
        return self.prefix + "".join(self.core) + self.suffix

    def with_core(self, core: Sequence[str]) -> Word:
        """Return the word with another core and the same punctuation."""
        return Word(self.prefix, tuple(core), self.suffix)


def word_from_graphemes(clusters: Sequence[str]) -> Word:
    """Build a word from its grapheme clusters, moving outer punctuation out of the core.

    A word without any letter or number has an empty core and all of it as prefix.
    """
    alnum = [i for i, g in enumerate(clusters) if is_alnum(g)]
    if not alnum:
        return Word("".join(clusters), (), "")
    first, last = alnum[0], alnum[-1]
    return Word(
        "".join(clusters[:first]), tuple(clusters[first : last + 1]), "".join(clusters[last + 1 :])
    )


def as_word(token: str) -> Word:
    """Treat a whole token (tagging input) as one word."""
    return word_from_graphemes(graphemes(token))


@functools.lru_cache(maxsize=1 << 16)
def _run_key(grapheme: str) -> str | None:
    """The pseudo-word run a grapheme belongs to (None: not a letter of such a script)."""
    if not is_letter(grapheme):
        return None
    script = script_of(grapheme)
    if script not in PSEUDO_WORD_GRAPHEMES:
        return None
    return _RUN_GROUP.get(script, script)


_KANA_CLASSES = frozenset({"Han", "Hiragana", "Katakana"})


def _segments(clusters: Sequence[str], start: int, end: int) -> Iterator[tuple[int, int]]:
    """A Japanese Han-and-kana run `clusters[start:end]` cut into segments (`JAPANESE`)."""
    first = start
    previous = ""
    for k in range(start, end):
        script = unicode_script(clusters[k][0])
        if script not in _KANA_CLASSES:
            continue  # (ー, 〆...): continues the script before it
        if k > first and script != previous and script != "Hiragana":
            yield first, k
            first = k
        previous = script
    yield first, end


def _pseudo_spans(clusters: Sequence[str], segmenter: str) -> Iterator[tuple[int, int, bool]]:
    """(start, end, is a pseudo-word) of each word of a no-space chunk's clusters, in order.

    A run of letters of one `PSEUDO_WORD_GRAPHEMES` script (for `JAPANESE`, each segment of a
    Han-and-kana run) is cut into pseudo-words of that many clusters, the last taking the
    remainder; anything else between runs is one word.
    """
    start = 0
    for key, group in itertools.groupby(clusters, _run_key):
        end = start + sum(1 for _ in group)
        if key is None:
            yield start, end, False
        else:
            size = PSEUDO_WORD_GRAPHEMES[key]
            pieces = (
                _segments(clusters, start, end)
                if segmenter == JAPANESE and key == "Han"
                else ((start, end),)
            )
            for a, b in pieces:
                last = a + (max(1, (b - a) // size) - 1) * size
                for k in range(a, last, size):
                    yield k, k + size, True
                yield last, b, True
        start = end


def _pseudo_words(clusters: Sequence[str], segmenter: str) -> list[Word]:
    run = tuple(clusters)
    return [
        Word("", run[a:b], "") if pseudo else word_from_graphemes(run[a:b])
        for a, b, pseudo in _pseudo_spans(run, segmenter)
    ]


def pseudo_word_texts(chunk: str, segmenter: str = PSEUDO) -> tuple[str, ...]:
    """The texts of `chunk_words(chunk, segmenter)`, for a chunk whose every character stands
    alone.

    Each text `t` gives its word back as `chunk_words(t, "")[0]`; keeping texts spares
    building words that are never edited.
    """
    return tuple(chunk[a:b] for a, b, _ in _pseudo_spans(chunk, segmenter))


@functools.lru_cache(maxsize=1 << 17)
def chunk_words(chunk: str, segmenter: str) -> tuple[Word, ...]:
    """The words of one whitespace-free chunk (cached: chunks repeat a lot in real text).

    Args:
        chunk: text without whitespace clusters.
        segmenter: `""` (the chunk is one word), `PSEUDO` or `JAPANESE` (the pseudo-word
            approximation: see `segmenter_for`).

    Returns:
        One word, or (with a segmenter) the chunk's pseudo-words and ordinary words.
    """
    if not segmenter and chunk.isalpha() and stands_alone(chunk):
        return (Word("", tuple(chunk), ""),)  # letters only, each its own cluster: all core
    clusters = graphemes(chunk)
    if segmenter:
        return tuple(_pseudo_words(clusters, segmenter))
    return (word_from_graphemes(clusters),)


def chunks(text: str) -> list[tuple[str, bool]]:
    """Cut text into whitespace gaps and chunks: (piece, is_gap) in order.

    A gap is a run of grapheme clusters that start with whitespace. Where no cluster mixes
    whitespace with other characters (almost always) this is a plain cut at whitespace runs.
    """
    parts = _WHITESPACE.split(text)
    if text.isascii():
        return [(piece, i % 2 == 1) for i, piece in enumerate(parts) if piece]
    out = []
    last = len(parts) - 1
    known = _JOINS
    for i, piece in enumerate(parts):
        if not piece:
            continue
        gap = i % 2 == 1
        if not gap:
            first = known.get(piece[0]) or _joins(piece[0])
            end = known.get(piece[-1]) or _joins(piece[-1])
            if (i > 0 and first[0]) or (i < last and end[1]):
                return [(m.group(), m.group("gap") is not None) for m in _CHUNK.finditer(text)]
        out.append((piece, gap))
    return out


def cut_at_whitespace(text: str) -> list[str] | None:
    """Cut text whose every character stands alone at its whitespace runs, else None.

    The pieces alternate chunk, gap, chunk, ... (the first and last chunk may be empty); for
    such text these are exactly the pieces of `chunks`, and each chunk's graphemes are its
    characters.
    """
    return _WHITESPACE.split(text) if stands_alone(text) else None


def split_words(text: str, lang: str) -> tuple[str | Word, ...]:
    """Split text into whitespace gaps (`str`) and words (`Word`).

    Joining the pieces (a gap as is, a word by its `text`) gives `text` exactly. In
    `NO_SPACE_LANGUAGES` a whitespace-delimited chunk may give several adjacent words.

    Args:
        text: the field text.
        lang: the language code; decides whether the pseudo-word approximation applies.

    Returns:
        Gaps and words in order.
    """
    pieces: list[str | Word] = []
    segmenter = segmenter_for(lang)
    for piece, gap in chunks(text):
        if gap:
            pieces.append(piece)
        else:
            pieces.extend(chunk_words(piece, segmenter))
    return tuple(pieces)


def join_pieces(pieces: Sequence[str | Word]) -> str:
    """Join gaps and words back into text."""
    return "".join(p if isinstance(p, str) else p.text for p in pieces)
