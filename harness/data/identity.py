"""Test-set identity: what a loaded set shows, compared with what its card declares.

A card's `identity` block declares, per split and language, the official set's sizes and, where
official files were measured, two content fingerprints. Every load of official or hub data is
checked here before `--limit` truncates it; the bundled samples are a different kind of data and
are never compared. See docs/design/data.md for the normalisation the fingerprints use.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from harness.errors import DataError
from harness.schema import FAMILY_FIGURES, HASH_FIGURES, DataState, TaskCard

if TYPE_CHECKING:
    from harness.data.examples import Example

ALLOW_HINT = (
    "a cell scored with --allow-nonstandard-data records why in its result (`nonstandard`), "
    "its key and its signature"
)


def normalise(text: str) -> str:
    """NFC, then leading and trailing whitespace stripped."""
    return unicodedata.normalize("NFC", text).strip()


def _sha256(lines: Sequence[object]) -> str:
    h = hashlib.sha256()
    for line in lines:
        h.update(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _digest(lines: Sequence[object]) -> str:
    return _sha256(lines)[:16]


def gold_hash(examples: Sequence[Example]) -> str:
    """Over each example's gold, in order: a list of normalised strings per example (one
    label; one tag per token; the answer texts; the relevant candidate ids)."""
    lines: list[list[str]] = []
    for ex in examples:
        gold = ex.label
        values = [] if gold is None else [gold] if isinstance(gold, str) else list(gold)
        lines.append([normalise(v) for v in values])
    return _digest(lines)


def _fields(card: TaskCard, ex: Example) -> list[list[object]]:
    out: list[list[object]] = []
    for name in card.field_names:
        if name in ex.fields:
            value = ex.fields[name]
            text: object = (
                normalise(value) if isinstance(value, str) else [normalise(v) for v in value]
            )
            out.append([name, text])
    return out


#: The last few candidate pools' digests: a pool is read once and shared by every language of
#: a task (LAReQA's 13,014 sentences), so it is hashed once.
_INDEX_DIGESTS: dict[int, tuple[Sequence[Example], tuple[str, ...], str]] = {}


def _index_digest(card: TaskCard, index: Sequence[Example]) -> str:
    found = _INDEX_DIGESTS.get(id(index))
    if found is not None and found[0] is index and found[1] == card.field_names:
        return found[2]
    value = _sha256([_fields(card, ex) for ex in index])
    if len(_INDEX_DIGESTS) >= 4:
        _INDEX_DIGESTS.pop(next(iter(_INDEX_DIGESTS)))
    _INDEX_DIGESTS[id(index)] = (index, card.field_names, value)
    return value


def text_hash(card: TaskCard, examples: Sequence[Example], index: Sequence[Example] = ()) -> str:
    """Over each example's fields (card order, as [name, normalised value]), in order; a
    separately stored index adds one last line, ["index", SHA-256 of its candidates' lines]."""
    lines: list[object] = [_fields(card, ex) for ex in examples]
    if index:
        lines.append(["index", _index_digest(card, index)])
    return _digest(lines)


def measure(
    card: TaskCard, examples: Sequence[Example], index: Sequence[Example] = ()
) -> dict[str, int]:
    """The size figures of a loaded set, as its family declares them."""
    n = len(examples)
    if card.family == "tagging":
        field = card.field_names[0]
        return {"sentences": n, "tokens": sum(len(ex.fields[field]) for ex in examples)}
    if card.family == "qa":
        return {"questions": n}
    if card.family == "retrieval":
        return {"queries": n, "candidates": len(index) if index else n}
    return {"examples": n}


def fingerprints(
    card: TaskCard, examples: Sequence[Example], index: Sequence[Example] = ()
) -> dict[str, str]:
    """Both content fingerprints of a loaded set."""
    return {"gold_hash": gold_hash(examples), "text_hash": text_hash(card, examples, index)}


@dataclass(frozen=True)
class Mismatch:
    """One declared figure the loaded set does not show."""

    figure: str
    expected: int | str
    found: int | str

    @property
    def kind(self) -> str:
        """`count` or `fingerprint`."""
        return "fingerprint" if self.figure.endswith(HASH_FIGURES) else "count"

    def __str__(self) -> str:
        return f"{self.figure} expected {self.expected}, found {self.found}"


@dataclass(frozen=True)
class IdentityCheck:
    """The outcome of comparing a loaded set with its card's identity.

    Attributes:
        state: `standard` (every verified figure matches), `nonstandard` (some do not),
            `unverified` (the card declares no verified figure for this set) or `samples`.
        mismatches: the figures that differ (sizes first; fingerprints only when the sizes
            match).
        checked: the verified figures that were compared.
    """

    state: DataState
    mismatches: tuple[Mismatch, ...] = ()
    checked: tuple[str, ...] = ()

    @property
    def reason(self) -> str | None:
        """One line naming every mismatch, or None."""
        return "; ".join(str(m) for m in self.mismatches) or None


UNVERIFIED = IdentityCheck("unverified")
SAMPLES = IdentityCheck("samples")


def with_tuning(main: IdentityCheck, tuned: IdentityCheck, split: str) -> IdentityCheck:
    """A retrieval set's check joined with that of the split it tunes on (BUCC's dev): the
    tuning split's mismatches are named `<split>.<figure>`."""
    named = tuple(Mismatch(f"{split}.{m.figure}", m.expected, m.found) for m in tuned.mismatches)
    return IdentityCheck("nonstandard", main.mismatches + named, main.checked)


def compare(
    card: TaskCard,
    split: str,
    lang: str,
    examples: Sequence[Example],
    index: Sequence[Example] = (),
) -> IdentityCheck:
    """Compare a loaded (untruncated) set with the figures its card verifies.

    Unverified figures are informational and never compared.
    """
    entry = card.identity.set_for(split, lang) if card.identity is not None else None
    if entry is None or card.identity is None:
        return UNVERIFIED
    identity = card.identity
    enforced = {
        name: value
        for name, value in entry.declared().items()
        if identity.state_of(entry, name) != "unverified"
    }
    if not enforced:
        return UNVERIFIED
    found_sizes = measure(card, examples, index)
    mismatches = [
        Mismatch(name, value, found_sizes[name])
        for name, value in enforced.items()
        if name in FAMILY_FIGURES[card.family] and found_sizes[name] != value
    ]
    if not mismatches and any(name in HASH_FIGURES for name in enforced):
        found_hashes = fingerprints(card, examples, index)
        mismatches = [
            Mismatch(name, value, found_hashes[name])
            for name, value in enforced.items()
            if name in HASH_FIGURES and found_hashes[name] != value
        ]
    state: DataState = "nonstandard" if mismatches else "standard"
    return IdentityCheck(state, tuple(mismatches), tuple(enforced))


def check(
    card: TaskCard,
    split: str,
    lang: str,
    examples: Sequence[Example],
    index: Sequence[Example] = (),
    *,
    source: str,
    location: str,
    allow_nonstandard: bool = False,
) -> IdentityCheck:
    """`compare`, refusing a nonstandard set unless `allow_nonstandard`.

    Raises:
        DataError: one line naming the task, language, source, expected and found figures.
    """
    result = compare(card, split, lang, examples, index)
    if result.state == "nonstandard" and not allow_nonstandard:
        raise DataError(
            f"{card.name}/{lang}: the {source} data ({location}) is not the official {split} "
            f"set: {result.reason}; --allow-nonstandard-data scores it anyway",
            hint=ALLOW_HINT,
        )
    return result
