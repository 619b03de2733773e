"""What a noise profile actually did: realized error rates over the noised fields."""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from harness.data.examples import Example, FieldValue
from harness.noise.engine import NoisedExample, fallback_notes, perturb, perturb_tokens
from harness.noise.rng import seeds_for
from harness.schema import NoiseFigures, NoiseProfile


def _as_text(value: FieldValue) -> str:
    return value if isinstance(value, str) else " ".join(value)


def measure(pairs: Sequence[tuple[Example, NoisedExample]], fields: Sequence[str]) -> NoiseFigures:
    """Measure realized noise over some fields of (clean, noised) example pairs.

    - `cer`: the sum of character-level (code point) Levenshtein distances between clean and
      noised fields, divided by the total number of clean characters (whitespace included;
      `tokens` fields are joined with single spaces).
    - `word_change_rate`: changed words over eligible words. Changed words are counted from
      the engine's edit records (one record per changed word), so no alignment is needed and
      languages without spaces are counted by the same pseudo-words the engine edited.
    - `changed_fraction`: the fraction of pairs where any of `fields` differs.
    - `eligible_words`: the total of eligible words.
    - `fallbacks`: every recorded fallback the pairs used (sorted, see
      `harness.noise.engine.fallback_notes`).

    Empty input (or no clean characters / eligible words) gives zeros.

    Args:
        pairs: each clean example with its `noise_example` result.
        fields: the fields to measure, normally the card's noise fields.

    Returns:
        The realized noise figures.

    Raises:
        ValueError: a pair's ids differ, or a field is missing from an example.
    """
    distance = chars = changed_words = eligible = changed_examples = 0
    notes: set[str] = set()
    for clean, noised in pairs:
        notes.update(noised.fallbacks)
        if clean.id != noised.example.id:
            raise ValueError(f"pair of different examples: {clean.id!r} and {noised.example.id!r}")
        differs = False
        for name in fields:
            if name not in clean.fields or name not in noised.example.fields:
                raise ValueError(f"example {clean.id!r}: no field {name!r}")
            before = _as_text(clean.fields[name])
            after = _as_text(noised.example.fields[name])
            chars += len(before)
            if before != after:
                distance += Levenshtein.distance(before, after)
                differs = True
            changed_words += len(noised.edits.get(name, ()))
            eligible += noised.eligible.get(name, 0)
        changed_examples += differs
    return NoiseFigures(
        word_change_rate=changed_words / eligible if eligible else 0.0,
        cer=distance / chars if chars else 0.0,
        changed_fraction=changed_examples / len(pairs) if pairs else 0.0,
        eligible_words=eligible,
        fallbacks=tuple(sorted(notes)),
    )


def measure_texts(
    texts: Sequence[str | tuple[str, ...]],
    profile: NoiseProfile,
    lang: str,
    *,
    task: str = "cli",
    field: str = "text",
    passes: int = 1,
) -> NoiseFigures:
    """Noise free-standing texts (or token lists) and measure what the profile did.

    Text `i` of pass `k` is noised with `seeds_for(profile, task, lang, id, field)` where `id` is
    `str(i)` in the first pass and `f"{i}.{k}"` after it, so the first pass matches what
    `harness noise` prints for the same lines. Token lists go through `perturb_tokens`.

    Args:
        texts: the clean lines (or tagging token lists).
        profile: the noise profile.
        lang: the language code.
        task: the task name in the RNG key.
        field: the field name in the RNG key.
        passes: how many times to noise every text (independent draws).

    Returns:
        The figures over all passes (`changed_fraction` is per text and pass).
    """
    pairs = []
    for k in range(passes):
        for i, value in enumerate(texts):
            ident = str(i) if k == 0 else f"{i}.{k}"
            seeds = seeds_for(profile, task, lang, ident, field)
            if isinstance(value, str):
                result = perturb(value, profile, lang, seeds)
                new: FieldValue = result.text
                edits, eligible, notes = result.edits, result.eligible_words, result.fallbacks
            else:
                new, edits, eligible = perturb_tokens(tuple(value), profile, lang, seeds)
                notes = fallback_notes(profile, lang, tokens=True)
            clean = Example(ident, {field: value})
            noised = NoisedExample(
                clean.with_fields(**{field: new}) if new != value else clean,
                {field: edits},
                {field: eligible},
                new != value,
                notes,
            )
            pairs.append((clean, noised))
    return measure(pairs, [field])
