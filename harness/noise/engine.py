"""Apply a noise profile to text, to tagging tokens, and to the noised fields of an example.

Units:

- `none`: identity. The text is returned unchanged with no edits; eligible words are still
  counted (under the profile's eligibility rules) so clean runs report the same denominator.
- `word`: each eligible word gets exactly one edit with probability `rate`. The operation is
  drawn from the word's operation table (see `operation_table`); if it cannot apply, the other
  operations that table weights are tried in `OPERATIONS` order; if none applies the word is
  left alone. Shaped profiles (human typing: length-weighted words whose mean probability is
  `rate`, weighted positions, doubled letters, a weighted redraw) go through
  `harness.noise.human` instead.
- `char`: each letter grapheme of an eligible word is replaced by a keyboard neighbour with
  probability `rate` (substitution is the only char-unit operation).

Korean words are edited as two-set keystrokes (jamo) and recomposed (`harness.noise.hangul`);
when the edited keystrokes do not recompose into whole syllables, the same operation is
applied to the syllables instead (the safe fallback).

Whitespace operations (`split`, `merge`) change the number of words: `tokens` fields (tagging)
never get them (they are skipped, and the run records `tokens: merge/split skipped`); `merge`
joins a word to the next one when only spaces or tabs separate them.

Randomness: the field's sub-seed stream (`seeds_for`) gives one 64-bit sub-seed per eligible
word, in word order, whether or not the word is edited. Word unit: the word is edited when the
sub-seed's top 53 bits, read as a fraction, are below `rate`; everything else about the word is
drawn from `WordRandom(sub-seed)` (SplitMix64). Char unit: every draw for the word comes from
`WordRandom(sub-seed)`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import regex

from harness.data.examples import Example, FieldValue
from harness.errors import ConfigError, DataError
from harness.noise import hangul, human
from harness.noise.ops import (
    OPERATIONS,
    WHITESPACE_OPERATIONS,
    Applied,
    Edit,
    apply_operation,
    substitute_at,
)
from harness.noise.rng import FieldSeeds, WordRandom, seeds_for
from harness.noise.text import (
    COMMON,
    OTHER,
    SCRIPTS,
    Word,
    as_word,
    chunk_words,
    chunks,
    cut_at_whitespace,
    dominant_script,
    graphemes,
    is_alnum,
    is_letter,
    pseudo_word_texts,
    segmenter_for,
    stands_alone,
)
from harness.schema import Eligibility, LanguageFallback, NoiseProfile, TaskCard

_NUMBER = regex.compile(r"\p{N}")
_LETTERS_AND_MARKS = regex.compile(r"[\p{L}\p{M}]+")
_ASCII_DIGIT = re.compile("[0-9]")
_DOMAIN = regex.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,6}(?:/\S*)?")
_MERGEABLE_GAP = regex.compile(r"[ \t\u00a0\u3000]+")
_KEY_OPERATIONS = frozenset({"substitution", "insertion", "deletion", "transposition"})

TOKENS_SKIP_NOTE = "tokens: merge/split skipped"
"""The fallback recorded when a profile's whitespace operations meet a `tokens` field."""


@dataclass(frozen=True)
class Perturbation:
    """The result of perturbing one text.

    Attributes:
        text: the noised text (whitespace exactly as in the input, except where a `split` or
            `merge` edit added or removed a space).
        edits: one record per changed word, in word order.
        eligible_words: how many words the profile's eligibility rules allowed to edit.
        fallbacks: the recorded fallbacks the profile uses here (see `fallback_notes`).
    """

    text: str
    edits: tuple[Edit, ...]
    eligible_words: int
    fallbacks: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoisedExample:
    """An example after noise, with what was done to it.

    Attributes:
        example: the noised example (same id and label; non-noise fields untouched).
        edits: noised field -> its edits (an empty tuple when nothing changed).
        eligible: noised field -> its number of eligible words.
        changed: whether any noised field differs from the clean example.
        fallbacks: the recorded fallbacks used for this example's fields, sorted.
    """

    example: Example
    edits: Mapping[str, tuple[Edit, ...]]
    eligible: Mapping[str, int]
    changed: bool
    fallbacks: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "edits", MappingProxyType(dict(self.edits)))
        object.__setattr__(self, "eligible", MappingProxyType(dict(self.eligible)))

    @property
    def eligible_words(self) -> int:
        """Eligible words over all noised fields."""
        return sum(self.eligible.values())


def validate_profile(profile: NoiseProfile) -> None:
    """Check that the engine can run a profile.

    Raises:
        ConfigError: an operation the engine does not know (in a table or the reference), a
            char-unit profile weighting anything but substitution, or a script fallback (or a
            language fallback's script) the engine does not name.
    """
    tables = [
        profile.operations,
        *profile.script_fallbacks.values(),
        *(f.operations for f in profile.language_fallbacks.values()),
    ]
    for table in tables:
        for op in table:
            if op not in OPERATIONS:
                raise ConfigError(
                    f"profile {profile.name!r}: unknown operation {op!r}; "
                    f"known: {', '.join(OPERATIONS)}"
                )
            if profile.unit == "char" and op != "substitution" and table[op] > 0:
                raise ConfigError(
                    f"profile {profile.name!r}: the char unit supports only substitution, "
                    f"not {op!r}"
                )
    if profile.reference is not None:
        unknown = sorted(set(profile.reference.operations) - set(OPERATIONS))
        if unknown:
            raise ConfigError(
                f"profile {profile.name!r}: reference.operations: unknown operation(s) "
                f"{', '.join(unknown)}; known: {', '.join(OPERATIONS)}"
            )
    known = (*SCRIPTS, COMMON, OTHER)
    for script in profile.script_fallbacks:
        if script not in known:
            raise ConfigError(
                f"profile {profile.name!r}: script_fallbacks: unknown script {script!r}"
            )
    for lang, fallback in profile.language_fallbacks.items():
        for script in fallback.scripts:
            if script not in known:
                raise ConfigError(
                    f"profile {profile.name!r}: language_fallbacks.{lang}: "
                    f"unknown script {script!r}"
                )


def _looks_like_url(word: Word) -> bool:
    text = word.text
    if "://" in text or "@" in text:
        return True
    if "." not in text:
        return False
    core = "".join(word.core)
    return core.lower().startswith("www.") or _DOMAIN.fullmatch(core) is not None


def is_eligible(word: Word, rules: Eligibility) -> bool:
    """Whether a profile with these rules may edit a word.

    Args:
        word: the word.
        rules: the profile's eligibility rules.

    Returns:
        False when the core has fewer than `min_graphemes` letter graphemes, when numbers are
        skipped and the word holds a number character, or when URLs are skipped and the word
        contains `://` or `@`, starts with `www.`, or looks like a domain name.
    """
    return _eligible(word, rules.min_graphemes, rules.skip_numbers, rules.skip_urls)


def _eligible(word: Word, min_graphemes: int, skip_numbers: bool, skip_urls: bool) -> bool:
    core = word.core
    if len(core) < min_graphemes:
        return False
    if _LETTERS_AND_MARKS.fullmatch("".join(core)):
        # every cluster of the core is a letter (a core starts with a letter or number, and no
        # later cluster starts with a mark): numbers and URL marks can only be in the prefix
        # or the suffix (a prepended mark clusters with a digit there), each checked alone
        prefix, suffix = word.prefix, word.suffix
        if not (prefix or suffix):  # the usual case
            return True
        if skip_numbers and (_NUMBER.search(prefix) or _NUMBER.search(suffix)):
            return False
        return not (skip_urls and any("@" in x or "://" in x for x in (prefix, suffix)))
    if sum(map(is_letter, core)) < min_graphemes:
        return False
    text = word.text
    if skip_numbers and (_ASCII_DIGIT if text.isascii() else _NUMBER).search(text):
        return False
    return not (skip_urls and _looks_like_url(word))


Table = tuple[tuple[str, ...], tuple[float, ...]]


def _weights(table: Mapping[str, float], tokens: bool) -> Table:
    """The weighted operation names in `OPERATIONS` order, with cumulative weights."""
    names = tuple(
        op
        for op in OPERATIONS
        if table.get(op, 0.0) > 0 and not (tokens and op in WHITESPACE_OPERATIONS)
    )
    return names, tuple(itertools.accumulate(table[op] for op in names))


def _choose(rng: random.Random, names: tuple[str, ...], cumulative: tuple[float, ...]) -> str:
    """`rng.choices(names, cum_weights=cumulative)[0]`, without its per-call overhead."""
    return names[bisect.bisect(cumulative, rng.random() * cumulative[-1], 0, len(names) - 1)]


def language_fallback(profile: NoiseProfile, lang: str) -> LanguageFallback | None:
    """The profile's recorded fallback for a language, or None (and None for `none` units)."""
    return profile.language_fallbacks.get(lang) if profile.unit != "none" else None


def operation_table(
    profile: NoiseProfile, lang: str, script: str, tokens: bool = False
) -> Mapping[str, float]:
    """The operation weights for a word of `script` in `lang`.

    The language fallback's table when it covers the script, else `script_fallbacks[script]`,
    else `operations`; for `tokens` fields without `split` and `merge`.
    """
    fallback = language_fallback(profile, lang)
    if fallback is not None and script in fallback.scripts:
        table = fallback.operations
    else:
        table = profile.script_fallbacks.get(script, profile.operations)
    if tokens:
        return {k: v for k, v in table.items() if k not in WHITESPACE_OPERATIONS}
    return table


def _uses_whitespace_ops(profile: NoiseProfile) -> bool:
    tables = [
        profile.operations,
        *profile.script_fallbacks.values(),
        *(f.operations for f in profile.language_fallbacks.values()),
    ]
    return any(t.get(op, 0.0) > 0 for t in tables for op in WHITESPACE_OPERATIONS)


def fallback_notes(profile: NoiseProfile, lang: str, tokens: bool = False) -> tuple[str, ...]:
    """The recorded fallbacks a profile uses for a field of `lang` (stored with results).

    `<lang>: <method> (<scripts>)` for a language fallback, and `TOKENS_SKIP_NOTE` when a
    `tokens` field meets a profile with whitespace operations.
    """
    notes = []
    fallback = language_fallback(profile, lang)
    if fallback is not None:
        notes.append(f"{lang}: {fallback.method} ({', '.join(fallback.scripts)})")
    if tokens and profile.unit != "none" and _uses_whitespace_ops(profile):
        notes.append(TOKENS_SKIP_NOTE)
    return tuple(notes)


class _Plan:
    """A validated profile's operation tables, cached per (profile object, language)."""

    def __init__(self, profile: NoiseProfile, lang: str) -> None:
        validate_profile(profile)
        self.profile = profile
        self.lang = lang
        rules = profile.eligibility
        self.rules = (rules.min_graphemes, rules.skip_numbers, rules.skip_urls)
        self.merges = profile.unit == "word" and _uses_whitespace_ops(profile)
        # (sub >> 11) < rate * 2**53 exactly when sub < 2**11 * ceil(rate * 2**53)
        self.below = (1 << 11) * math.ceil(profile.rate * 2.0**53)
        self._tables: dict[tuple[str, bool], Table] = {}
        # shaped profiles (human typing): see harness.noise.human
        self.shape = human.Shape.of(profile) if profile.shaped else None
        self.by_length = profile.word_weight == "sqrt_length"
        fallback = language_fallback(profile, lang)
        self.ime_scripts = frozenset(fallback.scripts) if fallback is not None else frozenset()

    def table(self, script: str, tokens: bool) -> Table:
        key = (script, tokens)
        found = self._tables.get(key)
        if found is None:
            found = _weights(operation_table(self.profile, self.lang, script, tokens), tokens)
            self._tables[key] = found
        return found


_PLANS: dict[tuple[int, str], _Plan] = {}
_MAX_PLANS = 256


def _plan(profile: NoiseProfile, lang: str) -> _Plan:
    key = (id(profile), lang)
    plan = _PLANS.get(key)
    if plan is None or plan.profile is not profile:
        if len(_PLANS) >= _MAX_PLANS:
            _PLANS.clear()
        plan = _PLANS[key] = _Plan(profile, lang)
    return plan


def _hangul_edit(
    op: str,
    core: tuple[str, ...],
    rng: random.Random,
    lang: str,
    index: int,
    names: Sequence[str],
) -> Applied | None:
    """Edit a Korean word as two-set keystrokes; None when the result is not whole syllables."""
    original = "".join(core)
    units = hangul.keystrokes(core)
    if hangul.compose(units) != original:
        return None
    applied = apply_operation(op, units, rng, lang, index, names)
    if applied is None:
        return None
    text = hangul.compose(applied[0])
    if text == original or not hangul.well_formed(text):
        return None
    new = graphemes(text)
    done = applied[1]
    return new, Edit(done.op, index, original, text, done.offset, done.size, "jamo", done.double)


def _edit_word(
    word: Word,
    index: int,
    plan: _Plan,
    sub_seed: int,
    tokens: bool,
    merge_with: tuple[str, Word] | None,
) -> tuple[Word, Edit | None]:
    """Edit one eligible word (word unit: one already drawn for an edit)."""
    profile, lang = plan.profile, plan.lang
    rng = WordRandom(sub_seed)
    if profile.unit == "word":
        script = dominant_script(word.core)
        names, weights = plan.table(script, tokens)
        if not names:
            return word, None
        op = _choose(rng, names, weights)

        merge = None
        if merge_with is not None:
            gap, following = merge_with

            def merge() -> Applied | None:
                before = word.text + gap + following.text
                return word.core, Edit("merge", index, before, word.text + following.text)

        applied: Applied | None = None
        if plan.shape is not None:
            applied = human.apply(
                op,
                word.core,
                rng,
                lang,
                index,
                (names, weights),
                plan.shape,
                korean=script == "Hangul" and any(hangul.is_syllable(g) for g in word.core),
                ime=script in plan.ime_scripts,
                merge=merge,
            )
        elif (
            script == "Hangul"
            and op in _KEY_OPERATIONS
            and any(hangul.is_syllable(g) for g in word.core)
        ):
            keyed = [n for n in names if n in _KEY_OPERATIONS]
            applied = _hangul_edit(op, word.core, rng, lang, index, keyed)
        if applied is None and plan.shape is None:
            applied = apply_operation(op, word.core, rng, lang, index, names, merge)
        if applied is None:
            return word, None
        return word.with_core(applied[0]), applied[1]
    core: tuple[str, ...] = word.core
    for i, g in enumerate(word.core):
        if is_letter(g) and rng.random() < profile.rate:
            new = substitute_at(core, i, rng, lang)
            if new is not None:
                core = new
    if core == word.core:
        return word, None
    return word.with_core(core), Edit("substitution", index, "".join(word.core), "".join(core))


# A chunk's words; words of stand-alone characters are kept as their text (`chunk_words(text,
# "")[0]` is the word), made a `Word` only if edited (most words never are).
Planned = tuple[tuple[Word | str, ...], tuple[bool, ...]]


def _simple_eligible(chunk: str, rules: tuple[int, bool, bool]) -> bool:
    """`_eligible` for one word whose characters are each a grapheme of their own."""
    min_graphemes, skip_numbers, skip_urls = rules
    if chunk.isalpha():  # letters only (the usual word): no number, no URL
        return len(chunk) >= min_graphemes
    if len(chunk) < min_graphemes or sum(map(is_letter, chunk)) < min_graphemes:
        return False
    if skip_numbers and (_ASCII_DIGIT if chunk.isascii() else _NUMBER).search(chunk):
        return False
    if not skip_urls:
        return True
    if "://" in chunk or "@" in chunk:
        return False
    if "." not in chunk:
        return True
    first = next(i for i, c in enumerate(chunk) if is_alnum(c))
    last = len(chunk) - next(i for i, c in enumerate(reversed(chunk)) if is_alnum(c))
    core = chunk[first:last]
    return not (core.lower().startswith("www.") or _DOMAIN.fullmatch(core) is not None)


_simple_flag = functools.lru_cache(maxsize=1 << 17)(_simple_eligible)
"""`_simple_eligible`, cached (words repeat a lot in real text)."""


@functools.lru_cache(maxsize=1 << 17)
def _chunk_plan(chunk: str, segmenter: str, rules: tuple[int, bool, bool]) -> Planned:
    """A chunk's words and their eligibility (cached: chunks repeat a lot in real text)."""
    if stands_alone(chunk):
        texts = pseudo_word_texts(chunk, segmenter) if segmenter else (chunk,)
        return texts, tuple(map(_simple_flag, texts, itertools.repeat(rules)))
    words = chunk_words(chunk, segmenter)
    return words, tuple(_eligible(w, *rules) for w in words)


@functools.lru_cache(maxsize=1 << 17)
def _token_plan(token: str, rules: tuple[int, bool, bool]) -> tuple[Word | str, bool]:
    if stands_alone(token):
        return token, _simple_eligible(token, rules)
    word = as_word(token)
    return word, _eligible(word, *rules)


def _word(item: Word | str) -> Word:
    return item if isinstance(item, Word) else chunk_words(item, "")[0]


def _letters(item: Word | str) -> int:
    """A word's letter graphemes (a text of stand-alone characters: its letters)."""
    return sum(map(is_letter, item.core if isinstance(item, Word) else item))


def _text(item: Word | str) -> str:
    return item if isinstance(item, str) else item.text


def _perturb_words(
    words: Sequence[Word | str],
    flags: Sequence[bool],
    plan: _Plan,
    seeds: FieldSeeds,
    tokens: bool,
    gaps_after: Sequence[str | None] | None = None,
) -> tuple[dict[int, Word], tuple[Edit, ...], int, set[int]]:
    """Edit the eligible words (`flags`).

    Returns:
        The changed words by index, the edits, the eligible count, and the indices of words
        merged with the next one (whose following gap is dropped).
    """
    changed: dict[int, Word] = {}
    edits: list[Edit] = []
    merged: set[int] = set()
    eligible = sum(flags)
    if plan.profile.unit == "none" or not eligible:
        return changed, (), eligible, merged
    drawn: Iterable[tuple[int, int]] = zip(
        itertools.compress(range(len(flags)), flags), seeds.take(eligible), strict=True
    )
    if plan.profile.unit == "word" and plan.by_length:
        drawn = list(drawn)  # each word's own probability (the text's mean is `rate`)
        p = human.edit_probabilities(plan.profile.rate, [_letters(words[i]) for i, _ in drawn])
        drawn = [
            (i, sub) for (i, sub), pi in zip(drawn, p, strict=True) if sub < human.threshold(pi)
        ]
    elif plan.profile.unit == "word":
        below = plan.below  # edit when the sub-seed's top 53 bits, as a fraction, are < rate
        drawn = [(i, sub) for i, sub in drawn if sub < below]
    last = len(words) - 1
    for index, sub_seed in drawn:
        word = _word(words[index])
        merge_with = None
        if gaps_after is not None and index < last:
            gap = gaps_after[index]
            following = _word(words[index + 1])
            if gap is not None and following.core and word.core:
                merge_with = (gap, following)
        new, edit = _edit_word(word, index, plan, sub_seed, tokens, merge_with)
        if edit is not None:
            changed[index] = new
            edits.append(edit)
            if edit.op == "merge":
                merged.add(index)
    return changed, tuple(edits), eligible, merged


def perturb(text: str, profile: NoiseProfile, lang: str, seeds: FieldSeeds) -> Perturbation:
    """Apply a profile to one text.

    Args:
        text: the clean text.
        profile: the noise profile.
        lang: the language code (word splitting and keyboard neighbours depend on it).
        seeds: this field's sub-seed stream (see `seeds_for`).

    Returns:
        The noised text, its edits, its number of eligible words and the recorded fallbacks.

    Raises:
        ConfigError: the profile names something the engine cannot run.
    """
    plan = _plan(profile, lang)
    segmenter = segmenter_for(lang)
    notes = fallback_notes(profile, lang) if lang in profile.language_fallbacks else ()
    if not segmenter and not plan.merges:
        pieces = cut_at_whitespace(text)
        if pieces is not None:
            return _perturb_simple(text, pieces, plan, seeds, notes)
    rules = plan.rules
    parts = chunks(text)
    plans = [None if gap else _chunk_plan(piece, segmenter, rules) for piece, gap in parts]
    words: list[Word | str] = []
    flags: list[bool] = []
    for found in plans:
        if found is not None:
            words += found[0]
            flags += found[1]
    gaps_after = _gaps_after(parts, segmenter, rules) if plan.merges else None
    changed, edits, eligible, merged = _perturb_words(words, flags, plan, seeds, False, gaps_after)
    if not edits:
        return Perturbation(text, (), eligible, notes)
    out: list[str] = []
    index = -1  # the index of the last word seen
    for (piece, _), found in zip(parts, plans, strict=True):
        if found is None:
            if index not in merged:
                out.append(piece)  # (the gap right after a merged word is dropped)
            continue
        chunk = found[0]
        first = index + 1
        index += len(chunk)
        if first == index:  # one word: the usual case
            new = changed.get(index)
            out.append(piece if new is None else new.text)
        elif any(i in changed for i in range(first, index + 1)):
            out.extend(
                new.text if (new := changed.get(i)) else _text(w)
                for i, w in enumerate(chunk, first)
            )
        else:
            out.append(piece)
    return Perturbation("".join(out), edits, eligible, notes)


def _perturb_simple(
    text: str, pieces: list[str], plan: _Plan, seeds: FieldSeeds, notes: tuple[str, ...]
) -> Perturbation:
    """`perturb` for text whose every character stands alone, cut by `cut_at_whitespace`
    (no merges): each chunk is one word, so words are planned and put back by position."""
    first = 0 if pieces[0] else 2
    stop = len(pieces) if pieces[-1] else len(pieces) - 1
    words = pieces[first:stop:2]
    flags = list(map(_simple_flag, words, itertools.repeat(plan.rules)))
    changed, edits, eligible, _ = _perturb_words(words, flags, plan, seeds, False)
    if not edits:
        return Perturbation(text, (), eligible, notes)
    for index, word in changed.items():
        pieces[first + 2 * index] = word.text
    return Perturbation("".join(pieces), edits, eligible, notes)


def _gaps_after(
    parts: Sequence[tuple[str, bool]], segmenter: str, rules: tuple[int, bool, bool]
) -> list[str | None]:
    """Per word, the gap after it when a merge may drop it (spaces or tabs, then a word)."""
    out: list[str | None] = []
    for k, (piece, gap) in enumerate(parts):
        if gap:
            continue
        count = len(_chunk_plan(piece, segmenter, rules)[0])
        out.extend([None] * (count - 1))
        nxt = parts[k + 1] if k + 1 < len(parts) else None
        mergeable = (
            nxt is not None
            and nxt[1]
            and k + 2 < len(parts)
            and _MERGEABLE_GAP.fullmatch(nxt[0]) is not None
        )
        out.append(nxt[0] if mergeable and nxt is not None else None)
    return out


def perturb_tokens(
    tokens: tuple[str, ...], profile: NoiseProfile, lang: str, seeds: FieldSeeds
) -> tuple[tuple[str, ...], tuple[Edit, ...], int]:
    """Apply a profile to tagging tokens, each token being one word.

    One token in gives one token out: the count never changes, a non-empty token never
    becomes empty, and no whitespace is ever inserted (`split` and `merge` are skipped). The
    pseudo-word approximation does not apply (the tokens already are words).

    Args:
        tokens: the clean tokens.
        profile: the noise profile.
        lang: the language code.
        seeds: this field's sub-seed stream (see `seeds_for`).

    Returns:
        The noised tokens, the edits (positions are token indices) and the eligible count.

    Raises:
        ConfigError: the profile names something the engine cannot run.
    """
    plan = _plan(profile, lang)
    planned = [_token_plan(t, plan.rules) for t in tokens]
    words = [w for w, _ in planned]
    changed, edits, eligible, _ = _perturb_words(
        words, [ok for _, ok in planned], plan, seeds, True
    )
    if not edits:
        return tokens, (), eligible
    return (
        tuple(new.text if (new := changed.get(i)) else t for i, t in enumerate(tokens)),
        edits,
        eligible,
    )


_FIELDS: dict[int, tuple[TaskCard, tuple[tuple[str, str], ...]]] = {}


def _noise_fields(card: TaskCard) -> tuple[tuple[str, str], ...]:
    """The card's noise fields with their kinds (memoized per card object)."""
    found = _FIELDS.get(id(card))
    if found is None or found[0] is not card:
        if len(_FIELDS) > 256:
            _FIELDS.clear()
        kinds = {f.name: f.kind for f in card.fields}
        found = _FIELDS[id(card)] = (card, tuple((n, kinds[n]) for n in card.noise_fields))
    return found[1]


def noise_example(
    example: Example, card: TaskCard, profile: NoiseProfile, lang: str
) -> NoisedExample:
    """Apply a profile to the noise fields of one example.

    Each field in `card.noise_fields` is perturbed with its own RNG,
    `seeds_for(profile, card.name, lang, example.id, field)`; `tokens` fields go through
    `perturb_tokens`, `text` fields through `perturb`. Other fields, the id and the label are
    kept as they are.

    Args:
        example: the clean example.
        card: the task card.
        profile: the noise profile.
        lang: the language code.

    Returns:
        The noised example with its edits, eligible word counts per noised field and the
        recorded fallbacks used.

    Raises:
        DataError: a noise field is missing from the example or holds the wrong kind of value.
        ConfigError: the profile names something the engine cannot run.
    """
    changes: dict[str, FieldValue] = {}
    edits: dict[str, tuple[Edit, ...]] = {}
    eligible: dict[str, int] = {}
    notes: set[str] = set()
    for name, kind in _noise_fields(card):
        if name not in example.fields:
            raise DataError(f"{card.name}/{lang} example {example.id!r}: no field {name!r}")
        value = example.fields[name]
        seeds = seeds_for(profile, card.name, lang, example.id, name)
        new: FieldValue
        if kind == "tokens":
            if isinstance(value, str):
                raise DataError(
                    f"{card.name}/{lang} example {example.id!r}: field {name!r} holds text, "
                    "not tokens"
                )
            new, edits[name], eligible[name] = perturb_tokens(value, profile, lang, seeds)
            notes.update(fallback_notes(profile, lang, tokens=True))
        else:
            if not isinstance(value, str):
                raise DataError(
                    f"{card.name}/{lang} example {example.id!r}: field {name!r} holds tokens, "
                    "not text"
                )
            result = perturb(value, profile, lang, seeds)
            new, edits[name], eligible[name] = result.text, result.edits, result.eligible_words
            notes.update(result.fallbacks)
        if new != value:
            changes[name] = new
    noised = example.with_fields(**changes) if changes else example
    return NoisedExample(noised, edits, eligible, bool(changes), tuple(sorted(notes)))
