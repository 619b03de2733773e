"""Edits shaped like human typing: which words, where in a word, doubled letters.

A profile is shaped when it sets any of `word_weight`, `position_weights`, `first_char_factor`
or `double_letter_share` (`NoiseProfile.shaped`); the engine then edits words through this
module instead of `harness.noise.ops.apply_operation`. Unshaped profiles never come here.

- **Which words** (`edit_probabilities`): with `word_weight: sqrt_length` a text's eligible
  word i (of n, with l_i letter graphemes) is edited with probability
  p_i = min(1, c * sqrt(l_i)), c chosen so that sum(p_i) = n * rate: the expected edited
  fraction of every text is `rate`, exactly, and a long word is more likely than a short one.
- **Where in the word** (`Shape.weight`): the five fifths of a word have `position_weights`;
  an edit covering [a, b) of the word (`edit_span`: a substitution or deletion its unit, a
  transposition its two units, an insertion the unit it becomes in the longer word) weighs
  the mean of the weights over that span, times `first_char_factor` where it changes the
  first unit. Positions are drawn by weight among those with a valid candidate.
- **Doubled letters**: an insertion doubles a letter (typed twice) with probability
  `double_letter_share`, else adds a neighbouring key's text; when the chosen kind cannot
  apply the other is tried. Words typed through an input method (a language fallback) are
  never doubled: a doubled romaji or pinyin key does not repeat a character.
- **Which operation**: drawn from the word's table by weight; when it cannot apply, another
  is drawn by weight among the rest (so the shares among applicable operations follow the
  weights, unlike the fixed fallback order of unshaped profiles).

Indic words get keystroke deletions, transpositions and doublings (`harness.noise.indic`);
Korean words are edited as two-set keystrokes and recomposed, the operation falling back to
whole syllables when the keystrokes do not recompose.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from harness.noise import hangul, indic
from harness.noise.keyboard import insertions, neighbours
from harness.noise.ops import (
    OPERATION_FUNCTIONS,
    Applied,
    Edit,
    candidate_at,
    clusters_of,
    coheres,
    keyed_positions,
    keystroke_word,
    letter_positions,
    replacing,
    swap_positions,
)
from harness.noise.text import graphemes
from harness.schema import POSITION_BINS, NoiseProfile

Graphemes = tuple[str, ...]
Make = Callable[[int, int], Graphemes | None]

KEY_OPERATIONS = ("substitution", "insertion", "deletion", "transposition")
"""The operations this module shapes; others (diacritics, split, merge) apply as in `ops`."""


@dataclass(frozen=True)
class Shape:
    """A shaped profile's typing model.

    Attributes:
        positions: the weights of the five fifths of a word.
        first: the factor for an edit at the first unit.
        double: the share of insertions that double a letter.
    """

    positions: tuple[float, ...]
    first: float
    double: float

    @classmethod
    def of(cls, profile: NoiseProfile) -> Shape:
        weights = profile.position_weights or (1.0,) * POSITION_BINS
        return cls(tuple(weights), profile.first_char_factor, profile.double_letter_share)

    def weight(self, op: str, offset: int, size: int) -> float:
        """The weight of an edit of `op` at `offset` of a word of `size` units
        (`first` applies where the edit changes the first unit: offset 0)."""
        weight = span_weight(*edit_span(op, offset, size), self.positions)
        return weight * self.first if offset == 0 else weight


def edit_span(op: str, offset: int, size: int) -> tuple[float, float]:
    """The part [lo, hi) of the word (fractions) an edit at `offset` of `size` units covers.

    The unit it replaces or drops ([k/n, (k+1)/n)), the two units it swaps, or for an
    insertion or split the unit the new text becomes in the longer word ([j/(n+1),
    (j+1)/(n+1))). The engine weights positions by these spans and `harness noise-report`
    bins edits by them, so both read positions the same way.
    """
    if op in ("insertion", "split"):
        return offset / (size + 1), (offset + 1) / (size + 1)
    if op == "transposition":
        return offset / size, min(1.0, (offset + 2) / size)
    return offset / size, (offset + 1) / size


def span_weight(lo: float, hi: float, weights: Sequence[float]) -> float:
    """The mean of the five bin weights over [lo, hi) (fractions of the word, lo < hi)."""
    total = 0.0
    for b, w in enumerate(weights):
        overlap = min(hi, (b + 1) / POSITION_BINS) - max(lo, b / POSITION_BINS)
        if overlap > 0:
            total += w * overlap
    return total / (hi - lo)


def edit_probabilities(rate: float, lengths: Sequence[int]) -> list[float]:
    """Per eligible word, the probability of an edit under `word_weight: sqrt_length`.

    p_i = min(1, c * sqrt(l_i)) with c such that the p_i sum to `rate * n` (water-filling: the
    longest words are capped at 1 and the rest rescaled until none exceeds 1), so the expected
    number of edited words is exactly `rate * n` for any lengths.

    Args:
        rate: the profile's rate.
        lengths: each eligible word's letter graphemes (at least 1).

    Returns:
        The probabilities, in word order.
    """
    n = len(lengths)
    target = rate * n
    if target >= n:
        return [1.0] * n
    weights = [math.sqrt(max(1, x)) for x in lengths]
    capped: set[int] = set()
    while True:
        free = sum(w for i, w in enumerate(weights) if i not in capped)
        c = (target - len(capped)) / free
        over = {i for i, w in enumerate(weights) if i not in capped and c * w >= 1.0}
        if not over:
            return [1.0 if i in capped else c * w for i, w in enumerate(weights)]
        capped |= over


def threshold(p: float) -> int:
    """Edit when a word's 64-bit sub-seed is below this: probability p (top-53-bit rule)."""
    return (1 << 11) * math.ceil(min(1.0, p) * 2.0**53)


def _pick(
    rng: random.Random,
    positions: Sequence[int],
    weights: Sequence[float],
    count: Callable[[int], int],
    make: Make,
) -> tuple[int, Graphemes] | None:
    """Draw a position by weight among those with a valid candidate, then a valid candidate
    uniformly (without replacement, rejecting invalid ones; zero weights are never drawn)."""
    pool = [(p, w) for p, w in zip(positions, weights, strict=True) if w > 0]
    while pool:
        r = rng.random() * sum(w for _, w in pool)
        index = len(pool) - 1
        for k, (_, w) in enumerate(pool):
            r -= w
            if r < 0:
                index = k
                break
        position, _ = pool.pop(index)
        new = candidate_at(rng, position, count(position), make)
        if new is not None:
            return position, new
    return None


def _edit(
    op: str, core: Graphemes, new: Graphemes, offset: int, unit: str, double: bool = False
) -> Applied:
    before = "".join(core)
    size = len(before) if unit == "keystroke" else len(core)
    return new, Edit(op, 0, before, "".join(new), offset, size, unit, double)


def _units(core: Graphemes) -> tuple[str, int]:
    text = "".join(core)
    return text, len(text)


def substitution(core: Graphemes, rng: random.Random, lang: str, shape: Shape) -> Applied | None:
    """A letter replaced by a neighbouring key's text, at a weighted position."""
    n = len(core)
    positions = keyed_positions(core, lang, False)
    weights = [shape.weight("substitution", k, n) for k in positions]
    picked = _pick(
        rng, positions, weights, lambda k: len(neighbours(core[k], lang)), replacing(core, lang)
    )
    return None if picked is None else _edit("substitution", core, picked[1], picked[0], "grapheme")


def deletion(core: Graphemes, rng: random.Random, lang: str, shape: Shape) -> Applied | None:
    """One letter (Indic: one keystroke) dropped, at a weighted position."""
    if len(core) < 2:
        return None
    if keystroke_word(core):
        text, n = _units(core)
        keys = indic.keystrokes(text)
        weights = [shape.weight("deletion", k, n) for k in keys]
        picked = _pick(rng, keys, weights, _one, lambda k, _: indic.delete_at(core, text, k))
        return (
            None if picked is None else _edit("deletion", core, picked[1], picked[0], "keystroke")
        )
    n = len(core)
    letters = letter_positions(core)

    def make(i: int, k: int) -> Graphemes | None:
        new = core[:i] + core[i + 1 :]
        return new if coheres(new, i, i) else None

    weights = [shape.weight("deletion", k, n) for k in letters]
    picked = _pick(rng, letters, weights, _one, make)
    return None if picked is None else _edit("deletion", core, picked[1], picked[0], "grapheme")


def transposition(core: Graphemes, rng: random.Random, lang: str, shape: Shape) -> Applied | None:
    """Two adjacent different letters (Indic: keystrokes) swapped, at a weighted position."""
    if keystroke_word(core):
        text, n = _units(core)
        pairs = indic.swaps(text)
        weights = [shape.weight("transposition", k, n) for k in pairs]
        picked = _pick(rng, pairs, weights, _one, lambda k, _: indic.swap_at(core, text, k))
        if picked is None:
            return None
        return _edit("transposition", core, picked[1], picked[0], "keystroke")
    n = len(core)
    pairs = swap_positions(core)

    def make(i: int, k: int) -> Graphemes | None:
        new = (*core[:i], core[i + 1], core[i], *core[i + 2 :])
        return new if coheres(new, i, i + 2) else None

    weights = [shape.weight("transposition", k, n) for k in pairs]
    picked = _pick(rng, pairs, weights, _one, make)
    return (
        None if picked is None else _edit("transposition", core, picked[1], picked[0], "grapheme")
    )


def _doubled(core: Graphemes, rng: random.Random, shape: Shape) -> Applied | None:
    """A letter (Indic: a keystroke) typed twice; the copy is unit k + 1 of the longer word."""
    if keystroke_word(core):
        text, n = _units(core)
        keys = indic.keystrokes(text)
        weights = [shape.weight("insertion", k + 1, n) for k in keys]
        picked = _pick(rng, keys, weights, _one, lambda k, _: indic.double_at(core, text, k))
        if picked is None:
            return None
        return _edit("insertion", core, picked[1], picked[0] + 1, "keystroke", double=True)
    n = len(core)
    letters = letter_positions(core)

    def make(i: int, k: int) -> Graphemes | None:
        new = (*core[: i + 1], core[i], *core[i + 1 :])
        return new if coheres(new, i + 1, i + 2) else None

    weights = [shape.weight("insertion", k + 1, n) for k in letters]
    picked = _pick(rng, letters, weights, _one, make)
    if picked is None:
        return None
    return _edit("insertion", core, picked[1], picked[0] + 1, "grapheme", double=True)


def _neighbour_inserted(
    core: Graphemes, rng: random.Random, lang: str, shape: Shape
) -> Applied | None:
    """A neighbouring key's text put in slot j (before unit j; j = len: at the end): the
    candidates of slot j are the insertions of letter j - 1 after it and of letter j before
    it."""
    n = len(core)
    keyed = set(keyed_positions(core, lang, True))
    options: dict[int, list[str]] = {}
    for j in range(n + 1):
        texts = [*(insertions(core[j - 1], lang) if j - 1 in keyed else ())]
        texts += [*(insertions(core[j], lang) if j in keyed else ())]
        if texts:
            options[j] = texts
    slots = sorted(options)

    def make(j: int, k: int) -> Graphemes | None:
        parts = clusters_of(options[j][k])
        new = (*core[:j], *parts, *core[j:])
        return new if coheres(new, j, j + len(parts)) else None

    weights = [shape.weight("insertion", j, n) for j in slots]
    picked = _pick(rng, slots, weights, lambda j: len(options[j]), make)
    return None if picked is None else _edit("insertion", core, picked[1], picked[0], "grapheme")


def insertion(
    core: Graphemes, rng: random.Random, lang: str, shape: Shape, ime: bool = False
) -> Applied | None:
    """A doubled letter (with probability `shape.double`) or a neighbouring key's text; the
    other kind when the chosen one cannot apply. Input-method words are never doubled."""
    if ime or shape.double <= 0:
        return _neighbour_inserted(core, rng, lang, shape)
    if shape.double >= 1 or rng.random() < shape.double:
        return _doubled(core, rng, shape) or _neighbour_inserted(core, rng, lang, shape)
    return _neighbour_inserted(core, rng, lang, shape) or _doubled(core, rng, shape)


def _one(i: int) -> int:
    return 1


def _shaped(
    op: str, core: Graphemes, rng: random.Random, lang: str, shape: Shape, ime: bool
) -> Applied | None:
    if op == "substitution":
        return substitution(core, rng, lang, shape)
    if op == "insertion":
        return insertion(core, rng, lang, shape, ime)
    if op == "deletion":
        return deletion(core, rng, lang, shape)
    return transposition(core, rng, lang, shape)


def _hangul(op: str, core: Graphemes, rng: random.Random, shape: Shape) -> Applied | None:
    """`op` on a Korean word's two-set keystrokes, recomposed; None when the result is not
    whole syllables."""
    original = "".join(core)
    units = hangul.keystrokes(core)
    if hangul.compose(units) != original:
        return None
    applied = _shaped(op, units, rng, "ko", shape, False)
    if applied is None:
        return None
    text = hangul.compose(applied[0])
    if text == original or not hangul.well_formed(text):
        return None
    done = applied[1]
    edit = Edit(done.op, 0, original, text, done.offset, done.size, "jamo", done.double)
    return graphemes(text), edit


def apply(
    op: str,
    core: Sequence[str],
    rng: random.Random,
    lang: str,
    position: int,
    table: tuple[tuple[str, ...], tuple[float, ...]],
    shape: Shape,
    *,
    korean: bool = False,
    ime: bool = False,
    merge: Callable[[], Applied | None] | None = None,
) -> Applied | None:
    """Apply `op` shaped; when it cannot apply, draw another of the table by weight.

    Args:
        op: the operation drawn for this word.
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code.
        position: the word's index, recorded in the edit.
        table: the word's operation names and cumulative weights (`OPERATIONS` order).
        shape: the profile's typing model.
        korean: edit keystrokes of Hangul syllables (falling back to syllables).
        ime: the word is typed through an input method (no doubled letters).
        merge: what `merge` does here, or None where a merge cannot apply.

    Returns:
        The new clusters and the edit, or None when no operation of the table applies.
    """
    gs = tuple(core)
    names, cumulative = table
    weights = {
        name: c - (cumulative[k - 1] if k else 0.0)
        for k, (name, c) in enumerate(zip(names, cumulative, strict=True))
    }
    while True:
        result: Applied | None
        if op in KEY_OPERATIONS:
            result = _hangul(op, gs, rng, shape) if korean else None
            if result is None:
                result = _shaped(op, gs, rng, lang, shape, ime)
        elif op == "merge":
            result = merge() if merge is not None else None
        else:
            result = OPERATION_FUNCTIONS[op](gs, rng, lang, position)
        if result is not None:
            return result[0], dataclasses.replace(result[1], position=position)
        del weights[op]
        if not weights:
            return None
        r = rng.random() * sum(weights.values())
        op = next(iter(weights))
        for name, w in weights.items():
            op = name
            r -= w
            if r < 0:
                break
