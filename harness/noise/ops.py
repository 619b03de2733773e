"""The typo operations: pure functions on the grapheme clusters of one word core.

Every operation works on whole grapheme clusters, only touches letters, and only accepts a
result whose changed neighbourhood re-clusters into exactly the intended graphemes (so an edit
never glues two clusters together or splits one apart). An operation that cannot apply returns
None without drawing from the RNG; `apply_operation` then falls back to the next operation.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypeVar

from harness.noise.keyboard import neighbours
from harness.noise.text import graphemes, is_letter

OPERATIONS: tuple[str, ...] = ("substitution", "insertion", "deletion", "transposition")
"""The operation names a profile may weight, in fallback order."""

Graphemes = tuple[str, ...]
T = TypeVar("T")


@dataclass(frozen=True)
class Edit:
    """One edited word.

    Attributes:
        op: the operation applied (after any fallback); char-unit edits are `substitution`.
        position: the word's index among the words of the field (tokens for tagging),
            counting ineligible words too.
        before: the word's core before the edit.
        after: the word's core after the edit (never equal to `before`).
    """

    op: str
    position: int
    before: str
    after: str


Applied = tuple[Graphemes, Edit]
Operation = Callable[[Sequence[str], random.Random, str, int], Applied | None]


def _coheres(core: Graphemes, lo: int, hi: int) -> bool:
    """Whether `core[lo-1 : hi+1]` (the changed span and one cluster each side) re-clusters."""
    window = core[max(0, lo - 1) : hi + 1]
    return graphemes("".join(window)) == window


def _pick(
    rng: random.Random, positions: Sequence[int], options: Callable[[int], Sequence[T]]
) -> tuple[int, T] | None:
    """Draw a position uniformly among those with options, then one of its options."""
    pool = list(positions)
    while pool:
        i = pool.pop(rng.randrange(len(pool)))
        found = options(i)
        if found:
            return i, found[rng.randrange(len(found))]
    return None


def _substitutes(core: Graphemes, i: int, lang: str) -> list[Graphemes]:
    out: list[Graphemes] = []
    for n in neighbours(core[i], lang):
        new = (*core[:i], n, *core[i + 1 :])
        if _coheres(new, i, i + 1):
            out.append(new)
    return out


def _result(op: str, core: Graphemes, new: Graphemes, position: int) -> Applied:
    return new, Edit(op, position, "".join(core), "".join(new))


def substitute_at(
    core: Sequence[str], index: int, rng: random.Random, lang: str
) -> Graphemes | None:
    """Replace the grapheme at `index` with one of its neighbours (used by the char unit).

    Args:
        core: the word core's grapheme clusters.
        index: which cluster to replace.
        rng: the word's RNG (not drawn from when nothing applies).
        lang: the language code, passed to `neighbours`.

    Returns:
        The new clusters, or None when the cluster has no usable neighbour.
    """
    found = _substitutes(tuple(core), index, lang)
    return found[rng.randrange(len(found))] if found else None


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
    positions = [i for i, g in enumerate(gs) if neighbours(g, lang)]
    picked = _pick(rng, positions, lambda i: _substitutes(gs, i, lang))
    return None if picked is None else _result("substitution", gs, picked[1], position)


def insertion(core: Sequence[str], rng: random.Random, lang: str, position: int) -> Applied | None:
    """Insert the base letter of a neighbour of one letter just before or after it.

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code.
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters and the edit, or None when no letter has a usable neighbour.
    """
    gs = tuple(core)

    def options(i: int) -> list[Graphemes]:
        out: list[Graphemes] = []
        for n in neighbours(gs[i], lang):
            for j in (i, i + 1):
                new = (*gs[:j], n[0], *gs[j:])
                if _coheres(new, j, j + 1):
                    out.append(new)
        return out

    positions = [i for i, g in enumerate(gs) if neighbours(g, lang)]
    picked = _pick(rng, positions, options)
    return None if picked is None else _result("insertion", gs, picked[1], position)


def deletion(core: Sequence[str], rng: random.Random, lang: str, position: int) -> Applied | None:
    """Delete one letter; a core of a single grapheme is left alone.

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

    def options(i: int) -> list[Graphemes]:
        new = gs[:i] + gs[i + 1 :]
        return [new] if _coheres(new, i, i) else []

    positions = [i for i, g in enumerate(gs) if is_letter(g)]
    picked = _pick(rng, positions, options)
    return None if picked is None else _result("deletion", gs, picked[1], position)


def transposition(
    core: Sequence[str], rng: random.Random, lang: str, position: int
) -> Applied | None:
    """Swap two adjacent, different letters.

    Args:
        core: the word core's grapheme clusters.
        rng: the word's RNG.
        lang: the language code (unused).
        position: the word's index, recorded in the edit.

    Returns:
        The new clusters and the edit, or None when no adjacent letters differ.
    """
    gs = tuple(core)

    def options(i: int) -> list[Graphemes]:
        new = (*gs[:i], gs[i + 1], gs[i], *gs[i + 2 :])
        return [new] if _coheres(new, i, i + 2) else []

    positions = [
        i
        for i in range(len(gs) - 1)
        if is_letter(gs[i]) and is_letter(gs[i + 1]) and gs[i] != gs[i + 1]
    ]
    picked = _pick(rng, positions, options)
    return None if picked is None else _result("transposition", gs, picked[1], position)


OPERATION_FUNCTIONS: Mapping[str, Operation] = MappingProxyType(
    {
        "substitution": substitution,
        "insertion": insertion,
        "deletion": deletion,
        "transposition": transposition,
    }
)


def apply_operation(
    op: str,
    core: Sequence[str],
    rng: random.Random,
    lang: str,
    position: int,
    allowed: Sequence[str],
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

    Returns:
        The new clusters and the edit of the first operation that applied, or None.
    """
    order = [op, *(o for o in OPERATIONS if o in allowed and o != op)]
    for name in order:
        result = OPERATION_FUNCTIONS[name](core, rng, lang, position)
        if result is not None:
            return result
    return None
