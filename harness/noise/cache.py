"""Forget what the noise engine memoizes (keyboards, neighbours, word analyses).

The engine caches pure functions of their arguments, so clearing never changes an output; it
exists for benchmarks (cold passes) and for tests that swap keyboard files.
"""

from __future__ import annotations

from harness.noise import engine, indic, keyboard, ops, rng, text


def clear_word_caches() -> None:
    """Forget everything memoized per word or text: what a run meets for each new word."""
    for cached in (
        engine._chunk_plan,
        engine._simple_flag,
        engine._token_plan,
        indic.keystrokes,
        indic.swaps,
        ops._reclusters,
        ops.keyed_positions,
        ops.letter_positions,
        ops.swap_positions,
        text.chunk_words,
        text.dominant_script,
    ):
        cached.cache_clear()


def clear_caches(keyboards: bool = True) -> None:
    """Clear every cache of the noise engine (loaded keyboard files too, with `keyboards`)."""
    clear_word_caches()
    keyboard.clear_caches(keyboards)
    for cached in (
        ops.clusters_of,
        ops._fallback_order,
        indic.well_formed,
        rng._key_head,
        text.is_letter,
        text.is_alnum,
        text._run_key,
    ):
        cached.cache_clear()
    engine._PLANS.clear()
    engine._FIELDS.clear()
    text._JOINS.clear()
