"""How human-like a profile's typos are: `harness noise-report`.

For a profile, a language and some lines, the lines are noised as `harness noise` noises them
and the engine's own edit records (`Perturbation.edits`: operation, word, offset, unit) are
summarised; nothing is re-diffed. Figures:

- `operations`: each edit type's share of the edits.
- `first_char_rate`: the share of positioned edits (those with an offset: not diacritics,
  merge or char-unit edits) that change the word's first unit (insertions before it too).
- `positions`: where positioned edits fall, in five bins of relative position: each edit
  spreads over the bins its span covers (`harness.noise.human.edit_span`: the unit replaced
  or dropped, the two swapped, the unit an insertion becomes), so words of any length count
  alike.
- `key_relations` and `adjacent_key_share`: for substitutions and insertions, where the new
  text's key is relative to the intended one (`keyboard.key_relation`: adjacent, same key,
  input method, other) or `doubled` (an insertion that typed a letter twice); the share of
  those that are adjacent keys.
- `double_letter_share`: the share of insertions that double a letter.
- `rate_by_length`: eligible words, edited words and their ratio by word length (letter
  graphemes).
- `reference`: when the profile declares one, the Jensen-Shannon divergence (bits, 0 to 1) of
  the edit-type shares (over the types the reference names) and of the position histogram
  from the reference's, and the differences of the first-character rate and doubled-letter
  share, each against its tolerance. The reference describes key-by-key typing: edits of words
  typed through a language fallback (input methods) are left out of the comparison.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from tabulate import tabulate

from harness.noise import hangul
from harness.noise.engine import is_eligible, language_fallback, perturb
from harness.noise.human import KEY_OPERATIONS, Shape, edit_span
from harness.noise.keyboard import KEY_RELATIONS, key_relation
from harness.noise.ops import Edit
from harness.noise.rng import seeds_for
from harness.noise.text import Word, dominant_script, graphemes, is_letter, split_words
from harness.schema import POSITION_BINS, NoiseProfile

DOUBLED = "doubled"
"""The key relation of an insertion that typed a letter twice."""

LENGTH_BINS: tuple[tuple[str, int, int], ...] = (
    ("1-3", 1, 3),
    ("4-5", 4, 5),
    ("6-7", 6, 7),
    ("8-9", 8, 9),
    ("10+", 10, 10**9),
)
"""Word-length bins (letter graphemes) of `rate_by_length`."""


@dataclass(frozen=True)
class LengthRate:
    """Edits among the eligible words of some lengths."""

    lengths: str
    eligible: int
    edited: int
    rate: float


@dataclass(frozen=True)
class ReferenceCheck:
    """A report against the profile's reference.

    Attributes:
        source: the reference's source.
        edits: the edits compared (not typed through a language fallback).
        compared: whether there were at least `min_edits` of them (else no verdict).
        operations_js: JS divergence (bits) of the edit-type shares from the reference's.
        positions_js: JS divergence (bits) of the position histogram from the reference's.
        first_char_rate: the measured first-character rate of the compared edits.
        double_letter_share: the measured doubled-letter share of the compared insertions.
        failures: each figure outside its tolerance, as a sentence.
    """

    source: str
    edits: int
    compared: bool
    operations_js: float
    positions_js: float
    first_char_rate: float
    double_letter_share: float | None
    failures: tuple[str, ...]

    @property
    def within(self) -> bool:
        """Compared, and every figure within its tolerance."""
        return self.compared and not self.failures


@dataclass(frozen=True)
class Report:
    """How human-like a profile's edits are in one language (see the module docstring)."""

    profile: str
    version: int
    lang: str
    lines: int
    eligible_words: int
    edits: int
    word_change_rate: float
    operations: Mapping[str, float]
    first_char_rate: float
    positions: tuple[float, ...]
    key_relations: Mapping[str, int]
    adjacent_key_share: float | None
    double_letter_share: float | None
    rate_by_length: tuple[LengthRate, ...]
    reference: ReferenceCheck | None

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (`--json`)."""
        data = dataclasses.asdict(self)
        if self.reference is not None:
            data["reference"]["within"] = self.reference.within
        return data


def js_divergence(p: Sequence[float], q: Sequence[float]) -> float:
    """The Jensen-Shannon divergence of two distributions, in bits (0: equal, 1: disjoint).

    Both are normalised first; an all-zero one counts as uniform.
    """
    p, q = _normalised(p), _normalised(q)
    m = [(a + b) / 2 for a, b in zip(p, q, strict=True)]

    def kl(x: Sequence[float]) -> float:
        return sum(a * math.log2(a / c) for a, c in zip(x, m, strict=True) if a > 0)

    return max(0.0, (kl(p) + kl(q)) / 2)


def _normalised(values: Sequence[float]) -> list[float]:
    total = sum(values)
    if total <= 0:
        return [1 / len(values)] * len(values)
    return [v / total for v in values]


def _units(text: str, unit: str) -> tuple[str, ...]:
    if unit == "keystroke":
        return tuple(text)
    clusters = graphemes(text)
    return hangul.keystrokes(clusters) if unit == "jamo" else clusters


def _changed(a: str, b: str) -> tuple[str, str]:
    """`a` and `b` without their common leading and trailing code points."""
    lo = 0
    while lo < min(len(a), len(b)) and a[lo] == b[lo]:
        lo += 1
    hi = 0
    while hi < min(len(a), len(b)) - lo and a[-1 - hi] == b[-1 - hi]:
        hi += 1
    return a[lo : len(a) - hi], b[lo : len(b) - hi]


def key_relation_of(edit: Edit, lang: str) -> str | None:
    """Where a substitution's or insertion's new text is on the keyboard relative to the
    intended key (`DOUBLED` for a doubled letter), or None for other edits."""
    if edit.op not in ("substitution", "insertion") or edit.offset < 0:
        return None
    if edit.double:
        return DOUBLED
    before, after = _units(edit.before, edit.unit), _units(edit.after, edit.unit)
    k, extra = edit.offset, len(after) - len(before)
    if edit.op == "substitution":
        intended, typed = _changed(before[k], "".join(after[k : k + extra + 1]))
        return key_relation(intended, typed, lang)
    typed = "".join(after[k : k + extra])
    relations = [key_relation(before[j], typed, lang) for j in (k - 1, k) if 0 <= j < len(before)]
    return min(relations, key=KEY_RELATIONS.index) if relations else None


def _length_bin(letters: int) -> int:
    return next(i for i, (_, lo, hi) in enumerate(LENGTH_BINS) if lo <= letters <= hi)


@dataclass
class _Tally:
    ops: Counter[str] = dataclasses.field(default_factory=Counter)
    positioned: int = 0
    first: int = 0
    bins: list[float] = dataclasses.field(default_factory=lambda: [0.0] * POSITION_BINS)
    insertions: int = 0
    doubled: int = 0

    def add(self, edit: Edit) -> None:
        self.ops[edit.op] += 1
        if edit.op == "insertion":
            self.insertions += 1
            self.doubled += edit.double
        if edit.offset < 0 or edit.size <= 0:
            return
        self.positioned += 1
        self.first += edit.offset == 0
        self.spread(edit.op, edit.offset, edit.size)

    def spread(self, op: str, offset: int, size: int, mass: float = 1.0) -> None:
        """Add an edit's mass to the bins its span covers, in proportion to the overlap."""
        lo, hi = edit_span(op, offset, size)
        for b in range(POSITION_BINS):
            overlap = min(hi, (b + 1) / POSITION_BINS) - max(lo, b / POSITION_BINS)
            if overlap > 0:
                self.bins[b] += mass * overlap / (hi - lo)

    @property
    def positions(self) -> tuple[float, ...]:
        if not any(self.bins):
            return (0.0,) * POSITION_BINS
        return tuple(_normalised(self.bins))


def human_report(
    lines: Sequence[str], profile: NoiseProfile, lang: str, *, passes: int = 1, task: str = "cli"
) -> Report:
    """Noise `lines` under `profile` in `lang` and report how human-like the edits are.

    Line `i` of pass `k` is noised with `seeds_for(profile, task, lang, id, "text")`, `id`
    being `str(i)` in the first pass (what `harness noise` prints) and `f"{i}.{k}"` after.

    Args:
        lines: the clean texts.
        profile: the noise profile.
        lang: the language code.
        passes: how many times to noise every line (independent draws).
        task: the task name in the RNG key.

    Returns:
        The report (figures over all passes).
    """
    fallback = language_fallback(profile, lang)
    typed_otherwise = frozenset(fallback.scripts) if fallback is not None else frozenset()
    reference_ops = set(profile.reference.operations) if profile.reference else set()
    every, compared = _Tally(), _Tally()
    relations: Counter[str] = Counter()
    eligible_by_length = [0] * len(LENGTH_BINS)
    edited_by_length = [0] * len(LENGTH_BINS)
    eligible = edits = 0
    for k in range(passes):
        for i, line in enumerate(lines):
            ident = str(i) if k == 0 else f"{i}.{k}"
            result = perturb(line, profile, lang, seeds_for(profile, task, lang, ident, "text"))
            eligible += result.eligible_words
            edits += len(result.edits)
            words = [w for w in split_words(line, lang) if isinstance(w, Word)]
            edited = {e.position for e in result.edits}
            for index, word in enumerate(words):
                if is_eligible(word, profile.eligibility):
                    b = _length_bin(max(1, sum(map(is_letter, word.core))))
                    eligible_by_length[b] += 1
                    edited_by_length[b] += index in edited
            for edit in result.edits:
                every.add(edit)
                relation = key_relation_of(edit, lang)
                if relation is not None:
                    relations[relation] += 1
                if edit.op in reference_ops and (
                    dominant_script(graphemes(edit.before)) not in typed_otherwise
                ):
                    compared.add(edit)
    keyed = sum(relations.values())
    ops = sorted(every.ops, key=lambda op: (-every.ops[op], op))
    return Report(
        profile=profile.name,
        version=profile.version,
        lang=lang,
        lines=len(lines) * passes,
        eligible_words=eligible,
        edits=edits,
        word_change_rate=edits / eligible if eligible else 0.0,
        operations={op: every.ops[op] / edits for op in ops},
        first_char_rate=every.first / every.positioned if every.positioned else 0.0,
        positions=every.positions,
        key_relations={r: relations[r] for r in (*KEY_RELATIONS, DOUBLED) if relations[r]},
        adjacent_key_share=relations["adjacent"] / keyed if keyed else None,
        double_letter_share=every.doubled / every.insertions if every.insertions else None,
        rate_by_length=tuple(
            LengthRate(label, n, e, e / n if n else 0.0)
            for (label, _, _), n, e in zip(
                LENGTH_BINS, eligible_by_length, edited_by_length, strict=True
            )
        ),
        reference=_check(profile, compared),
    )


def _check(profile: NoiseProfile, tally: _Tally) -> ReferenceCheck | None:
    ref = profile.reference
    if ref is None:
        return None
    tol = ref.tolerance
    names = sorted(ref.operations)
    ops_js = js_divergence([tally.ops[n] for n in names], [ref.operations[n] for n in names])
    pos_js = js_divergence(tally.positions, ref.positions)
    first = tally.first / tally.positioned if tally.positioned else 0.0
    double = tally.doubled / tally.insertions if tally.insertions else None
    failures = []
    if ops_js > tol.operations_js:
        failures.append(f"edit types: JS {ops_js:.4f} > {tol.operations_js:g}")
    if pos_js > tol.positions_js:
        failures.append(f"positions: JS {pos_js:.4f} > {tol.positions_js:g}")
    target, within = ref.first_char_rate, tol.first_char_rate
    if target is not None and within is not None and abs(first - target) > within:
        failures.append(f"first-character rate {first:.3f}, reference {target:g} +/- {within:g}")
    target, within = ref.double_letter_share, tol.double_letter_share
    if target is not None and within is not None and abs((double or 0.0) - target) > within:
        failures.append(
            f"doubled-letter share {double or 0.0:.3f}, reference {target:g} +/- {within:g}"
        )
    edits = sum(tally.ops.values())
    return ReferenceCheck(
        source=ref.source,
        edits=edits,
        compared=edits >= tol.min_edits,
        operations_js=ops_js,
        positions_js=pos_js,
        first_char_rate=first,
        double_letter_share=double,
        failures=tuple(failures),
    )


@dataclass(frozen=True)
class Expectation:
    """What a shaped profile's model gives where every position can be typed."""

    operations: Mapping[str, float]
    positions: tuple[float, ...]
    first_char_rate: float
    double_letter_share: float


def model_expectation(profile: NoiseProfile, lengths: Sequence[int] = range(2, 11)) -> Expectation:
    """The edit-type shares, position histogram and first-character rate a profile's model
    gives for words of `lengths` letters (each length alike), every position typable.

    This is how the human profiles' references are derived from their published parameters
    (a test keeps the two equal); a report then measures what real text and real keyboards
    make of them.
    """
    shape = Shape.of(profile)
    weights = {op: profile.operations.get(op, 0.0) for op in KEY_OPERATIONS}
    total = sum(weights.values())
    shares = {op: w / total for op, w in weights.items() if w > 0}
    tally = _Tally()
    first = 0.0
    for n in lengths:
        for op, share in shares.items():
            candidates: list[tuple[int, float]] = []
            if op == "insertion":
                doubled = [shape.weight(op, k + 1, n) for k in range(n)]
                added = [shape.weight(op, j, n) for j in range(n + 1)]
                candidates += [
                    (k + 1, shape.double * w / sum(doubled)) for k, w in enumerate(doubled)
                ]
                candidates += [
                    (j, (1 - shape.double) * w / sum(added)) for j, w in enumerate(added)
                ]
            else:
                places = range(n - 1) if op == "transposition" else range(n)
                ws = [shape.weight(op, k, n) for k in places]
                candidates += [(k, w / sum(ws)) for k, w in zip(places, ws, strict=True)]
            for offset, p in candidates:
                mass = share * p / len(lengths)
                tally.spread(op, offset, n, mass)
                first += mass * (offset == 0)
    return Expectation(shares, tally.positions, first, shape.double)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def render(report: Report) -> str:
    """The report as text tables (what `harness noise-report` prints without `--json`)."""
    rows: list[list[str]] = [
        ["lines", str(report.lines)],
        ["eligible words", str(report.eligible_words)],
        ["edits", str(report.edits)],
        ["word-change rate", _pct(report.word_change_rate)],
        *([f"share: {op}", _pct(share)] for op, share in report.operations.items()),
        ["first-character edit rate", _pct(report.first_char_rate)],
        *(
            [f"position {20 * b}-{20 * (b + 1)}%", _pct(share)]
            for b, share in enumerate(report.positions)
        ),
        ["adjacent-key share (subst., ins.)", _pct(report.adjacent_key_share)],
        *([f"key relation: {r}", str(n)] for r, n in report.key_relations.items()),
        ["doubled-letter share (ins.)", _pct(report.double_letter_share)],
    ]
    out = [
        f"profile {report.profile} v{report.version}, language {report.lang}",
        tabulate(rows, headers=["figure", "value"], disable_numparse=True),
        "",
        tabulate(
            [[r.lengths, r.eligible, r.edited, _pct(r.rate)] for r in report.rate_by_length],
            headers=["word length", "eligible", "edited", "rate"],
            disable_numparse=True,
        ),
    ]
    ref = report.reference
    if ref is not None:
        verdict = (
            "within tolerance"
            if ref.within
            else (
                "outside: " + "; ".join(ref.failures)
                if ref.compared
                else "too few edits to compare (a longer file gives more)"
            )
        )
        out += [
            "",
            f"reference ({ref.edits} edits compared): {verdict}",
            f"  edit types JS {ref.operations_js:.4f} bits, positions JS "
            f"{ref.positions_js:.4f} bits, first-character rate {_pct(ref.first_char_rate)}, "
            f"doubled-letter share {_pct(ref.double_letter_share)}",
            f"  source: {ref.source}",
        ]
    return "\n".join(out)
