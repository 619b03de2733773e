"""The human-likeness report (`harness noise-report`): figures read from the engine's edit
records, the key relation of typed text, the Jensen-Shannon divergence and the reference check."""

from __future__ import annotations

import math
import random

import pytest

from harness.noise import perturb, seeds_for
from harness.noise.keyboard import ADJACENT, INPUT_METHOD, OTHER_KEY, SAME_KEY, key_relation
from harness.noise.report import human_report, js_divergence, model_expectation
from harness.registry import Registry

REGISTRY = Registry.load()
HUMAN = ("human-5", "human-10", "human-20")
REFERENCE = REGISTRY.profile("human-10").reference


def test_the_reference_is_what_the_declared_model_gives() -> None:
    # the reference's targets are derived from the profile's own (published) parameters
    for name in HUMAN:
        p = REGISTRY.profile(name)
        assert p.reference is not None
        expected = model_expectation(p)
        assert p.reference.operations == pytest.approx(expected.operations)
        assert p.reference.positions == pytest.approx(expected.positions, abs=6e-4)
        assert p.reference.first_char_rate == pytest.approx(expected.first_char_rate, abs=6e-4)
        assert p.reference.double_letter_share == expected.double_letter_share


def test_js_divergence_against_a_direct_computation() -> None:
    assert js_divergence([1, 2, 3], [2, 4, 6]) == pytest.approx(0.0)
    assert js_divergence([1, 0], [0, 1]) == pytest.approx(1.0)
    # p = (1, 0), q = (1/2, 1/2): m = (3/4, 1/4); JS = (log2(4/3) + (log2(2/3) + log2(2)) / 2) / 2
    expected = (math.log2(4 / 3) + 0.5 * math.log2(2 / 3) + 0.5 * math.log2(2)) / 2
    assert js_divergence([1, 0], [0.5, 0.5]) == pytest.approx(expected)
    rng = random.Random(0)
    for _ in range(20):
        p, q = [rng.random() for _ in range(5)], [rng.random() for _ in range(5)]
        assert js_divergence(p, q) == pytest.approx(js_divergence(q, p))
        assert 0 <= js_divergence(p, q) <= 1


@pytest.mark.parametrize(
    ("intended", "typed", "lang", "relation"),
    [
        ("e", "r", "en", ADJACENT),
        ("e", "p", "en", OTHER_KEY),
        ("é", "z", "fr", ADJACENT),  # AZERTY: é on AE02, z on AD02 below it
        ("é", "r", "en", ADJACENT),  # no é key on US: the e key
        ("ф", "ы", "ru", ADJACENT),
        ("क", "ख", "hi", SAME_KEY),  # InScript: Shift
        ("で", "づ", "ja", INPUT_METHOD),
        ("ㅎ", "ㅗ", "ko", ADJACENT),
    ],
)
def test_key_relations(intended: str, typed: str, lang: str, relation: str) -> None:
    assert key_relation(intended, typed, lang) == relation


LINES = [
    "The quick brown fox jumps over the lazy dog.",
    "Typing quickly makes mistakes in almost every sentence anybody writes.",
    "A keyboard has neighbouring keys and fingers slip between them sometimes.",
]


def test_the_report_reads_the_engines_records() -> None:
    p = REGISTRY.profile("human-20")
    report = human_report(LINES, p, "en", passes=60)
    results = [
        perturb(line, p, "en", seeds_for(p, "cli", "en", str(i) if k == 0 else f"{i}.{k}", "text"))
        for k in range(60)
        for i, line in enumerate(LINES)
    ]
    edits = [e for r in results for e in r.edits]
    assert report.edits == len(edits) > 300
    assert report.lines == 180
    assert report.eligible_words == sum(r.eligible_words for r in results) == 60 * 29
    assert report.word_change_rate == len(edits) / report.eligible_words
    for op, share in report.operations.items():
        assert share == sum(e.op == op for e in edits) / len(edits)
    assert report.first_char_rate == sum(e.offset == 0 for e in edits) / len(edits)
    assert sum(report.positions) == pytest.approx(1.0)
    insertions = [e for e in edits if e.op == "insertion"]
    assert report.double_letter_share == sum(e.double for e in insertions) / len(insertions)
    assert sum(r.eligible for r in report.rate_by_length) == report.eligible_words
    assert sum(r.edited for r in report.rate_by_length) == report.edits
    # sqrt-length weighting: short words (1-3 letters) are edited less often than longer ones
    short, *longer = report.rate_by_length
    assert short.rate < 0.8 * sum(r.edited for r in longer) / sum(r.eligible for r in longer)
    assert sum(report.key_relations.values()) == sum(
        e.op in ("substitution", "insertion") for e in edits
    )
    assert report.reference is not None and report.reference.compared
    data = report.as_dict()
    assert data["reference"]["within"] == report.reference.within


def test_typo_profiles_are_not_human_by_the_human_reference() -> None:
    # the reference check can fail: uniform positions, no doubled letters
    typo = REGISTRY.profile("typo-20").model_copy(update={"reference": REFERENCE})
    report = human_report(LINES, typo, "en", passes=60)
    assert report.reference is not None and report.reference.compared
    assert not report.reference.within
    assert any("doubled-letter share" in f for f in report.reference.failures)
    assert any("positions" in f for f in report.reference.failures)
    shaped = human_report(LINES, REGISTRY.profile("human-20"), "en", passes=60)
    assert shaped.reference is not None and shaped.reference.within
    assert shaped.first_char_rate < report.first_char_rate / 2


def test_input_method_edits_are_left_out_of_the_comparison() -> None:
    report = human_report(
        ["我们今天去北京看天安门很好用。"] * 5, REGISTRY.profile("human-20"), "zh"
    )
    assert report.edits > 0
    assert report.reference is not None and report.reference.edits == 0
    assert not report.reference.compared and not report.reference.within
