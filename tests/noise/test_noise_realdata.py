"""Realized rates and human-likeness on real text in every language that has some (needs
XTREME_REALDATA).

Tatoeba covers 41 languages, XCOPA adds ht and qu, UD POS adds wo and yo (as tagging tokens);
each language's word-change rate over at least 5,000 eligible words must be within 1.5 points
of the nominal rate (typo-10, human-5/10/20), and the human profiles' reports must be within
the tolerances of their declared references. `python scripts/noise_rates.py` writes the same
figures, over all the text, to docs/noise-rates.md.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from harness.noise.keyboard import XTREME_R_LANGUAGES
from harness.noise.realtext import (
    MIN_ELIGIBLE,
    eligible_prefix,
    rate_rows,
    real_texts,
    report_passes,
)
from harness.noise.report import Report, human_report
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


# --------------------------------------------------------------------------- human profiles

HUMAN = tuple(
    name for name, entry in Registry.load().profiles.items() if entry.model.reference is not None
)
"""Every shipped profile that declares a reference (human-5, human-10, human-20)."""


def test_the_human_profiles_declare_references() -> None:
    assert {"human-5", "human-10", "human-20"} <= set(HUMAN)


@pytest.fixture(scope="module")
def human_reports(realdata: Path) -> dict[tuple[str, str], Report]:
    """Each human profile's report in every language with real text: the leading texts that
    hold 5,000 eligible words (tagging tokens joined by spaces), noised in as many passes as
    give 5,000 eligible words and `MIN_EDITS` edits."""
    registry = Registry.load()
    found = real_texts(realdata, XTREME_R_LANGUAGES)
    out = {}
    for name in HUMAN:
        profile = registry.profile(name)
        for lang, by_source in found.items():
            texts = [
                t if isinstance(t, str) else " ".join(t) for s in by_source.values() for t in s
            ]
            count, eligible = eligible_prefix(texts, profile, lang, MIN_ELIGIBLE)
            passes = report_passes(profile, eligible, math.ceil(MIN_ELIGIBLE / eligible))
            out[name, lang] = human_report(texts[:count], profile, lang, passes=passes)
    return out


@pytest.mark.parametrize("name", HUMAN)
def test_human_word_change_rates_within_1_5_points_everywhere(
    human_reports: dict[tuple[str, str], Report], name: str
) -> None:
    rate = Registry.load().profile(name).rate
    reports = {lang: r for (n, lang), r in human_reports.items() if n == name}
    assert len(reports) >= 43
    for lang, report in reports.items():
        assert report.eligible_words >= MIN_ELIGIBLE, lang
        assert abs(report.word_change_rate - rate) <= 0.015, (lang, report.word_change_rate)


@pytest.mark.parametrize("name", HUMAN)
def test_human_reports_within_their_reference_in_40_languages(
    human_reports: dict[tuple[str, str], Report], name: str
) -> None:
    checks = {lang: r.reference for (n, lang), r in human_reports.items() if n == name}
    outside = {
        lang: c.failures
        for lang, c in checks.items()
        if c is not None and c.compared and not c.within
    }
    assert outside == {}
    within = sorted(lang for lang, c in checks.items() if c is not None and c.within)
    assert len(within) >= 40, within
    # only input-method languages have too few key-by-key edits to compare
    assert set(checks) - set(within) <= {"zh", "ja"}
