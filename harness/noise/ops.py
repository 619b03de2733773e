"""The typo operations: pure functions on the grapheme clusters of one word core.

Every operation works on whole grapheme clusters, only touches letters, and only accepts a
result whose changed neighbourhood re-clusters into exactly the intended graphemes (so an edit
never glues two clusters together or splits one apart). An operation that cannot apply returns
None (it may have drawn from the RNG while rejecting candidates); `apply_operation` then falls
back to the next operation, with the RNG as that left it.

Keyboard text may span several clusters (Arabic lam-alef): a substitution or insertion of such
text puts in all of its clusters.

Besides the four typo operations: `diacritics` drops the combining marks of the word's Latin
letters (typing without accents), `split` puts a space between two letters, and `merge`
(joining a word to the next one) is applied by the engine, which knows the gap after the word.
"""

from __future__ import annotations

import functools
import itertools
import random
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from harness.noise import indic
from harness.noise.keyboard import insertions, neighbours
from harness.noise.text import dominant_script, graphemes, is_letter, script_of, stands_alone

OPERATIONS: tuple[str, ...] = (
    "substitution",
    "insertion",
    "deletion",
    "transposition",
    "diacritics",
    "split",
    "merge",
)
"""The operation names a profile may weight, in fallback order."""

WHITESPACE_OPERATIONS: frozenset[str] = frozenset({"split", "merge"})
"""Operations that change the number of words; never applied to `tokens` fields."""

Graphemes = tuple[str, ...]


@dataclass(frozen=True)
class Edit:
    """One edited word.

    Attributes:
        op: the operation applied (after any fallback); char-unit edits are `substitution`.
        position: the word's index among the words of the field (tokens for tagging),
            counting ineligible words too.
        before: the word's core before the edit (for `merge`: the two words and the gap).
        after: the word's core after the edit (never equal to `before`).
        offset: where in the core the edit is, counted in `unit`s of `before`: the unit
            replaced, deleted or first of the two swapped; for an insertion the index the
            inserted text has in `after` (0: before the first unit); for a split the unit
            the space goes before. -1 where an edit has no one place (diacritics, merge) and
            for char-unit edits, which may change several letters.
        size: how many `unit`s `before` has (0 with offset -1).
        unit: what `offset` counts: `grapheme` (clusters), `keystroke` (code points: Indic
            keystroke edits, see `harness.noise.indic`) or `jamo` (Korean two-set keys).
        double: an insertion that typed a letter twice (the inserted unit repeats the one
            before it).
    """

    op: str
    position: int
    before: str
    after: str
    offset: int = -1
    size: int = 0
    unit: str = "grapheme"
    double: bool = False


Applied = tuple[Graphemes, Edit]
Operation = Callable[[Sequence[str], random.Random, str, int], Applied | None]


@functools.lru_cache(maxsize=1 << 16)
def _reclusters(window: Graphemes) -> bool:
    return graphemes("".join(window)) == window


def coheres(core: Graphemes, lo: int, hi: int) -> bool:
    """Whether `core[lo-1 : hi+1]` (the changed span and one cluster each side) re-clusters.

    Single characters that all stand alone always do (the usual case, checked first)."""
    window = core[max(0, lo - 1) : hi + 1]
    joined = "".join(window)
    if len(joined) == len(window) and stands_alone(joined):
        return True
    return _reclusters(window)


@functools.lru_cache(maxsize=1 << 14)
def clusters_of(text: str) -> Graphemes:
    return graphemes(text)


Make = Callable[[int, int], Graphemes | None]
"""`make(position, k)`: the word with candidate k at that position applied, or None when the
result does not re-cluster as intended."""


def _pick(
    rng: random.Random, positions: Sequence[int], count: Callable[[int], int], make: Make
) -> tuple[int, Graphemes] | None:
    """Draw a position uniformly among those with a valid candidate, then a valid candidate
    uniformly: draws without replacement, rejecting invalid ones (so validity is only checked
    for what is drawn; almost always the first draw of each)."""
    pool = list(positions)
    while pool:
        i = pool.pop(rng.randrange(len(pool)))
        new = candidate_at(rng, i, count(i), make)
        if new is not None:
            return i, new
    return None


def candidate_at(rng: random.Random, position: int, left: int, make: Make) -> Graphemes | None:
    """A valid candidate at one position, drawn uniformly without replacement among its
    `left` candidates (no draw when there is only one), or None when none is valid."""
    if left == 1:
        return make(position, 0)
    candidates = list(range(left))
    while candidates:
        new = make(position, candidates.pop(rng.randrange(len(candidates))))
        if new is not None:
            return new
    return None


@functools.lru_cache(maxsize=1 << 16)
def keyed_positions(core: Graphemes, lang: str, inserting: bool) -> tuple[int, ...]:
    find = insertions if inserting else neighbours
    return tuple(i for i, found in enumerate(map(find, core, itertools.repeat(lang))) if found)


def _result(
    op: str, core: Graphemes, new: Graphemes, position: int, offset: int, unit: str = "grapheme"
) -> Applied:
    before = "".join(core)
    size = len(before) if unit == "keystroke" else len(core)
    return new, Edit(op, position, before, "".join(new), offset, size, unit)


def replacing(core: Graphemes, lang: str) -> Make:
    """Candidate k at position i: core[i] replaced by its k-th neighbour."""

    def make(i: int, k: int) -> Graphemes | None:
        parts = clusters_of(neighbours(core[i], lang)[k])
        new = (*core[:i], *parts, *core[i + 1 :])
        return new if coheres(new, i, i + len(parts)) else None

    return make


def substitute_at(
    core: Sequence[str], index: int, rng: random.Random, lang: str
) -> Graphemes | None:
    """Replace the grapheme at `index` with one of its neighbours (used by the char unit).

    Args:
        core: the word core's grapheme clusters.
        index: which cluster to replace.
        rng: the word's RNG (not drawn from when the cluster has no neighbour).
        lang: the language code, passed to `neighbours`.

    Returns:
        The new clusters, or None when the cluster has no usable neighbour.
    """
    gs = tuple(core)
    count = len(neighbours(gs[index], lang))
    picked = _pick(rng, (index,) if count else (), lambda i: count, replacing(gs, lang))
    return None if picked is None else picked[1]


def substitution(
    core: Sequence[str], rng: random.Random, lang: str, position: int
) -> Applied | None:
    """Replace one letter with a keyboard neighbour.

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code.
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters and the edit, or None when no letter has a usable neighbour.
    """
    gs = tuple(core)
    picked = _pick(
        rng,
        keyed_positions(gs, lang, False),
        lambda i: len(neighbours(gs[i], lang)),
        replacing(gs, lang),
    )
    return None if picked is None else _result("substitution", gs, picked[1], position, picked[0])


def insertion(core: Sequence[str], rng: random.Random, lang: str, position: int) -> Applied | None:
    """Insert a neighbouring key's letter just before or after one letter.

    Candidate 2m is the m-th inserted text before the letter, 2m + 1 the same after it.

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code.
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters and the edit, or None when no letter has a usable neighbour.
    """
    gs = tuple(core)
    slot = [0]  # where the last candidate made puts its text (the accepted one is made last)

    def make(i: int, k: int) -> Graphemes | None:
        parts = clusters_of(insertions(gs[i], lang)[k // 2])
        j = slot[0] = i + k % 2
        new = (*gs[:j], *parts, *gs[j:])
        return new if coheres(new, j, j + len(parts)) else None

    picked = _pick(
        rng, keyed_positions(gs, lang, True), lambda i: 2 * len(insertions(gs[i], lang)), make
    )
    return None if picked is None else _result("insertion", gs, picked[1], position, slot[0])


def deletion(core: Sequence[str], rng: random.Random, lang: str, position: int) -> Applied | None:
    """Delete one letter; a core of a single grapheme is left alone.

    Words of an Indic script (`harness.noise.indic`) lose one keystroke (a matra, a virama, a
    consonant...) where the result is valid text, instead of a whole cluster.

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code (unused).
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters and the edit, or None when nothing can be deleted.
    """
    gs = tuple(core)
    if len(gs) < 2:
        return None
    if keystroke_word(gs):
        text = "".join(gs)
        picked = _pick(rng, indic.keystrokes(text), _one, lambda k, _: indic.delete_at(gs, text, k))
        if picked is None:
            return None
        return _result("deletion", gs, picked[1], position, picked[0], "keystroke")

    def make(i: int, k: int) -> Graphemes | None:
        new = gs[:i] + gs[i + 1 :]
        return new if coheres(new, i, i) else None

    picked = _pick(rng, letter_positions(gs), _one, make)
    return None if picked is None else _result("deletion", gs, picked[1], position, picked[0])


def transposition(
    core: Sequence[str], rng: random.Random, lang: str, position: int
) -> Applied | None:
    """Swap two adjacent, different letters.

    Words of an Indic script swap two adjacent keystrokes where the result is valid text,
    never two whole clusters (see `harness.noise.indic`).

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code (unused).
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters and the edit, or None when no adjacent letters differ.
    """
    gs = tuple(core)
    if keystroke_word(gs):
        text = "".join(gs)
        picked = _pick(rng, indic.swaps(text), _one, lambda k, _: indic.swap_at(gs, text, k))
        if picked is None:
            return None
        return _result("transposition", gs, picked[1], position, picked[0], "keystroke")

    def make(i: int, k: int) -> Graphemes | None:
        new = (*gs[:i], gs[i + 1], gs[i], *gs[i + 2 :])
        return new if coheres(new, i, i + 2) else None

    picked = _pick(rng, swap_positions(gs), _one, make)
    return None if picked is None else _result("transposition", gs, picked[1], position, picked[0])


def keystroke_word(core: Graphemes) -> bool:
    """Whether a core is edited keystroke by keystroke (its dominant script is Indic)."""
    return indic.uses_keystrokes(dominant_script(core))


def _one(i: int) -> int:
    return 1


@functools.lru_cache(maxsize=1 << 16)
def letter_positions(core: Graphemes) -> tuple[int, ...]:
    """The positions of the core's letters."""
    text = "".join(core)
    if len(text) == len(core) and text.isalpha():  # (str.isalpha implies \p{L}: see the tests)
        return tuple(range(len(core)))
    return tuple(i for i, g in enumerate(core) if is_letter(g))


@functools.lru_cache(maxsize=1 << 16)
def swap_positions(core: Graphemes) -> tuple[int, ...]:
    """The positions i where letters i and i + 1 differ."""
    letters = letter_positions(core)
    following = set(letters)
    return tuple(i for i in letters if i + 1 in following and core[i] != core[i + 1])


def strip_marks(grapheme: str) -> str:
    """A Latin letter without its combining marks, in the normalization form it came in.

    Anything else (other scripts, letters without marks, ø or ł, which have no decomposition)
    is returned unchanged.
    """
    if not is_letter(grapheme) or script_of(grapheme) != "Latin":
        return grapheme
    bare = "".join(
        c for c in unicodedata.normalize("NFD", grapheme) if not unicodedata.combining(c)
    )
    if bare == unicodedata.normalize("NFD", grapheme):
        return grapheme
    return (
        unicodedata.normalize("NFC", bare) if unicodedata.is_normalized("NFC", grapheme) else bare
    )


def diacritics(core: Sequence[str], rng: random.Random, lang: str, position: int) -> Applied | None:
    """Drop the combining marks of every Latin letter of the word (typed without accents).

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG (not drawn from).
        lang: the language code (unused).
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters and the edit, or None when no Latin letter carries a mark.
    """
    gs = tuple(core)
    new = tuple(strip_marks(g) for g in gs)
    if new == gs or graphemes("".join(new)) != new:
        return None
    before = "".join(gs)
    return new, Edit("diacritics", position, before, "".join(new))


def split(core: Sequence[str], rng: random.Random, lang: str, position: int) -> Applied | None:
    """Put a space between two adjacent letters (one word typed as two).

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code (unused).
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters (one of them a space) and the edit, or None for fewer than two
        adjacent letters.
    """
    gs = tuple(core)

    def make(i: int, k: int) -> Graphemes | None:
        new = (*gs[:i], " ", *gs[i:])
        return new if graphemes("".join(new)) == new else None

    positions = [i for i in range(1, len(gs)) if is_letter(gs[i - 1]) and is_letter(gs[i])]
    picked = _pick(rng, positions, _one, make)
    return None if picked is None else _result("split", gs, picked[1], position, picked[0])


OPERATION_FUNCTIONS: Mapping[str, Operation] = MappingProxyType(
    {
        "substitution": substitution,
        "insertion": insertion,
        "deletion": deletion,
        "transposition": transposition,
        "diacritics": diacritics,
        "split": split,
    }
)
"""The operations that act on one word core (`merge` needs the next word: see the engine)."""


@functools.lru_cache(maxsize=1024)
def _fallback_order(op: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    return (op, *(o for o in OPERATIONS if o in allowed and o != op))


def apply_operation(
    op: str,
    core: Sequence[str],
    rng: random.Random,
    lang: str,
    position: int,
    allowed: Sequence[str],
    merge: Callable[[], Applied | None] | None = None,
) -> Applied | None:
    """Apply `op`, falling back to the other `allowed` operations in `OPERATIONS` order.

    Args:
        op: the operation drawn for this word.
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code.
        position: the word's index, recorded in the edit.
        allowed: the operations the profile gives a positive weight (fallbacks never use
            an operation the profile does not name).
        merge: what `merge` does here (the engine joins the word to the next one), or None
            where a merge cannot apply.

    Returns:
        The new clusters and the edit of the first operation that applied, or None.
    """
    for name in _fallback_order(op, tuple(allowed)):
        if name == "merge":
            result = merge() if merge is not None else None
        else:
            result = OPERATION_FUNCTIONS[name](core, rng, lang, position)
        if result is not None:
            return result
    return None
