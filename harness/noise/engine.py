"""Apply a noise profile to text, to tagging tokens, and to the noised fields of an example.

Units:

- `none`: identity. The text is returned unchanged with no edits; eligible words are still
  counted (under the profile's eligibility rules) so clean runs report the same denominator.
- `word`: each eligible word gets exactly one edit with probability `rate`. The operation is
  drawn from `operations` (or from `script_fallbacks[script]` when the word's dominant script
  is listed); if it cannot apply, the other operations the table weights are tried in
  `OPERATIONS` order; if none applies the word is left alone.
- `char`: each letter grapheme of an eligible word is replaced by a keyboard neighbour with
  probability `rate` (substitution is the only char-unit operation in v1).

RNG use: the field's RNG gives one 64-bit sub-seed per eligible word, in word order, whether or
not the word is edited; everything about that word is drawn from its own `random.Random`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import regex

from harness.data.examples import Example, FieldValue
from harness.errors import ConfigError, DataError
from harness.noise.ops import OPERATIONS, Edit, apply_operation, substitute_at
from harness.noise.rng import rng_for
from harness.noise.text import (
    COMMON,
    OTHER,
    SCRIPTS,
    Word,
    as_word,
    dominant_script,
    is_letter,
    join_pieces,
    split_words,
)
from harness.schema import Eligibility, NoiseProfile, TaskCard

_NUMBER = regex.compile(r"\p{N}")
_DOMAIN = regex.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[a-z]{2,6}(?:/\S*)?")


@dataclass(frozen=True)
class Perturbation:
    """The result of perturbing one text.

    Attributes:
        text: the noised text (whitespace exactly as in the input).
        edits: one record per changed word, in word order.
        eligible_words: how many words the profile's eligibility rules allowed to edit.
    """

    text: str
    edits: tuple[Edit, ...]
    eligible_words: int


@dataclass(frozen=True)
class NoisedExample:
    """An example after noise, with what was done to it.

    Attributes:
        example: the noised example (same id and label; non-noise fields untouched).
        edits: noised field -> its edits (an empty tuple when nothing changed).
        eligible: noised field -> its number of eligible words.
        changed: whether any noised field differs from the clean example.
    """

    example: Example
    edits: Mapping[str, tuple[Edit, ...]]
    eligible: Mapping[str, int]
    changed: bool

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
        ConfigError: an operation the engine does not know, a char-unit profile weighting
            anything but substitution, or a script fallback for a script the engine does not
            name.
    """
    tables = [profile.operations, *profile.script_fallbacks.values()]
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
    for script in profile.script_fallbacks:
        if script not in (*SCRIPTS, COMMON, OTHER):
            raise ConfigError(
                f"profile {profile.name!r}: script_fallbacks: unknown script {script!r}"
            )


def _looks_like_url(word: Word) -> bool:
    text = word.text
    core = "".join(word.core)
    return (
        "://" in text
        or "@" in text
        or core.lower().startswith("www.")
        or _DOMAIN.fullmatch(core) is not None
    )


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
    if sum(1 for g in word.core if is_letter(g)) < rules.min_graphemes:
        return False
    if rules.skip_numbers and _NUMBER.search(word.text):
        return False
    return not (rules.skip_urls and _looks_like_url(word))


def _weights(table: Mapping[str, float]) -> tuple[list[str], list[float]]:
    names = [op for op in OPERATIONS if table.get(op, 0.0) > 0]
    return names, [table[op] for op in names]


def _edit_word(
    word: Word, index: int, profile: NoiseProfile, lang: str, rng: random.Random
) -> tuple[Word, Edit | None]:
    if profile.unit == "word":
        if rng.random() >= profile.rate:
            return word, None
        table = profile.script_fallbacks.get(dominant_script(word.core), profile.operations)
        names, weights = _weights(table)
        op = rng.choices(names, weights=weights)[0]
        applied = apply_operation(op, word.core, rng, lang, index, names)
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


def _perturb_words(
    words: Sequence[Word], profile: NoiseProfile, lang: str, rng: random.Random
) -> tuple[list[Word], tuple[Edit, ...], int]:
    validate_profile(profile)
    out: list[Word] = []
    edits: list[Edit] = []
    eligible = 0
    for index, word in enumerate(words):
        if not is_eligible(word, profile.eligibility):
            out.append(word)
            continue
        eligible += 1
        if profile.unit == "none":
            out.append(word)
            continue
        new, edit = _edit_word(word, index, profile, lang, random.Random(rng.getrandbits(64)))
        out.append(new)
        if edit is not None:
            edits.append(edit)
    return out, tuple(edits), eligible


def perturb(text: str, profile: NoiseProfile, lang: str, rng: random.Random) -> Perturbation:
    """Apply a profile to one text.

    Args:
        text: the clean text.
        profile: the noise profile.
        lang: the language code (word splitting and keyboard neighbours depend on it).
        rng: this field's RNG (see `rng_for`).

    Returns:
        The noised text, its edits and its number of eligible words.

    Raises:
        ConfigError: the profile names something the engine cannot run.
    """
    pieces = split_words(text, lang)
    words = [p for p in pieces if isinstance(p, Word)]
    new_words, edits, eligible = _perturb_words(words, profile, lang, rng)
    if not edits:
        return Perturbation(text, (), eligible)
    replaced = iter(new_words)
    return Perturbation(
        join_pieces([p if isinstance(p, str) else next(replaced) for p in pieces]),
        edits,
        eligible,
    )


def perturb_tokens(
    tokens: tuple[str, ...], profile: NoiseProfile, lang: str, rng: random.Random
) -> tuple[tuple[str, ...], tuple[Edit, ...], int]:
    """Apply a profile to tagging tokens, each token being one word.

    One token in gives one token out: the count never changes, a non-empty token never
    becomes empty, and no whitespace is ever inserted. The pseudo-word approximation does not
    apply (the tokens already are words).

    Args:
        tokens: the clean tokens.
        profile: the noise profile.
        lang: the language code.
        rng: this field's RNG (see `rng_for`).

    Returns:
        The noised tokens, the edits (positions are token indices) and the eligible count.

    Raises:
        ConfigError: the profile names something the engine cannot run.
    """
    new_words, edits, eligible = _perturb_words([as_word(t) for t in tokens], profile, lang, rng)
    if not edits:
        return tokens, (), eligible
    return tuple(w.text for w in new_words), edits, eligible


def noise_example(
    example: Example, card: TaskCard, profile: NoiseProfile, lang: str
) -> NoisedExample:
    """Apply a profile to the noise fields of one example.

    Each field in `card.noise_fields` is perturbed with its own RNG,
    `rng_for(profile, card.name, lang, example.id, field)`; `tokens` fields go through
    `perturb_tokens`, `text` fields through `perturb`. Other fields, the id and the label are
    kept as they are.

    Args:
        example: the clean example.
        card: the task card.
        profile: the noise profile.
        lang: the language code.

    Returns:
        The noised example with its edits and eligible word counts per noised field.

    Raises:
        DataError: a noise field is missing from the example or holds the wrong kind of value.
        ConfigError: the profile names something the engine cannot run.
    """
    kinds = {f.name: f.kind for f in card.fields}
    changes: dict[str, FieldValue] = {}
    edits: dict[str, tuple[Edit, ...]] = {}
    eligible: dict[str, int] = {}
    for name in card.noise_fields:
        if name not in example.fields:
            raise DataError(f"{card.name}/{lang} example {example.id!r}: no field {name!r}")
        value = example.fields[name]
        rng = rng_for(profile, card.name, lang, example.id, name)
        new: FieldValue
        if kinds[name] == "tokens":
            if isinstance(value, str):
                raise DataError(
                    f"{card.name}/{lang} example {example.id!r}: field {name!r} holds text, "
                    "not tokens"
                )
            new, edits[name], eligible[name] = perturb_tokens(value, profile, lang, rng)
        else:
            if not isinstance(value, str):
                raise DataError(
                    f"{card.name}/{lang} example {example.id!r}: field {name!r} holds tokens, "
                    "not text"
                )
            result = perturb(value, profile, lang, rng)
            new, edits[name], eligible[name] = result.text, result.edits, result.eligible_words
        if new != value:
            changes[name] = new
    noised = example.with_fields(**changes) if changes else example
    return NoisedExample(noised, edits, eligible, bool(changes))
