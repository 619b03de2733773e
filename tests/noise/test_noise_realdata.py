"""Realized typo-10 rates on real text in every language that has some (needs XTREME_REALDATA).

Tatoeba covers 41 languages, XCOPA adds ht and qu, UD POS adds wo and yo (as tagging tokens);
each language's word-change rate over at least 5,000 eligible words must be within 1.5 points
of the nominal 10%. `python scripts/noise_rates.py` writes the same figures, over all the text,
to docs/noise-rates.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from harness.noise.keyboard import XTREME_R_LANGUAGES
from harness.noise.realtext import MIN_ELIGIBLE, rate_rows, real_texts
from harness.registry import Registry

pytestmark = pytest.mark.realdata


def test_real_text_covers_the_promised_languages(realdata: Path) -> None:
    found = real_texts(realdata, XTREME_R_LANGUAGES)
    tatoeba = {lang for lang, sources in found.items() if "tatoeba" in sources} - {"en"}
    assert len(tatoeba) == 41
    assert {"ht", "qu"} <= set(found)


def test_typo10_word_change_rate_within_1_5_points_everywhere(realdata: Path) -> None:
    profile = Registry.load().profile("typo-10")
    rows = rate_rows(realdata, XTREME_R_LANGUAGES, profile, all_text=False)
    assert len(rows) >= 43
    for row in rows:
        figures = row.figures
        assert figures.eligible_words >= MIN_ELIGIBLE, row.lang
        assert abs(figures.word_change_rate - 0.10) <= 0.015, (row.lang, figures)
        assert 0 < figures.cer < figures.word_change_rate, (row.lang, figures)
    fallbacks = {row.lang: row.figures.fallbacks for row in rows}
    assert fallbacks["zh"] == ("zh: ime (Han)",)
    assert fallbacks["ja"] == ("ja: ime (Han, Hiragana, Katakana)",)
