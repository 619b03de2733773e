"""Human-typing profiles: the schema keys, length-weighted word choice with an exact mean rate,
position weights, doubled letters and the weighted fallback."""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.errors import ConfigError
from harness.noise import perturb, seeds_for
from harness.noise.engine import validate_profile
from harness.noise.human import Shape, edit_probabilities, edit_span, span_weight
from harness.noise.text import graphemes
from harness.registry import Registry, load_yaml_model
from harness.schema import NoiseProfile

REGISTRY = Registry.load()
HUMAN = ("human-5", "human-10", "human-20")


def human(**update: Any) -> NoiseProfile:
    """human-10 with some keys changed (validated like a file)."""
    data = REGISTRY.profile("human-10").model_dump()
    data.update(update)
    return NoiseProfile.model_validate(data)


# --------------------------------------------------------------------------- schema


def _write(tmp_path: Path, **update: Any) -> Path:
    data = yaml.safe_load((REGISTRY.profiles["human-10"].path).read_text(encoding="utf-8"))
    for key, value in update.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    path = tmp_path / "human-10.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


REFERENCE = REGISTRY.profile("human-10").reference
assert REFERENCE is not None
REF = REFERENCE.model_dump()


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ({"position_weights": [1, 1, 1, 1]}, "position_weights"),
        ({"position_weights": [1, 1, -1, 1, 1]}, "position_weights"),
        ({"position_weights": [0, 0, 0, 0, 0]}, "at least one weight must be positive"),
        ({"first_char_factor": 1.5}, "first_char_factor"),
        ({"first_char_factor": -0.1}, "first_char_factor"),
        ({"double_letter_share": 2}, "double_letter_share"),
        ({"word_weight": "length"}, "word_weight"),
        ({"unit": "char", "operations": {"substitution": 1.0}}, "need the word unit"),
        ({"stream_version": 2}, "stream_version 2 is later than version 1"),
        ({"reference": {**REF, "positions": [0.5, 0.5, 0.5, 0, 0]}}, "must sum to 1"),
        ({"reference": {**REF, "operations": {"deletion": 0.5}}}, "must sum to 1"),
        ({"reference": {**REF, "source": ""}}, "source"),
        ({"reference": {**REF, "colour": "red"}}, "colour"),
        (
            {"reference": {**REF, "tolerance": {"operations_js": 0.1, "positions_js": 0.1}}},
            "reference.first_char_rate needs reference.tolerance.first_char_rate",
        ),
        (
            {"reference": {**REF, "tolerance": {**REF["tolerance"], "positions_js": 0}}},
            "positions_js",
        ),
    ],
)
def test_bad_human_keys_are_rejected_with_a_clear_error(
    tmp_path: Path, update: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=re.escape(message)) as info:
        load_yaml_model(_write(tmp_path, **update), NoiseProfile)
    assert str(info.value).startswith(str(tmp_path / "human-10.yaml"))
    assert "\n" not in str(info.value).strip()


def test_reference_operations_must_be_known_to_the_engine() -> None:
    profile = human(reference={**REF, "operations": {"deletion": 0.5, "typing": 0.5}})
    with pytest.raises(ConfigError, match=r"reference\.operations: unknown operation"):
        validate_profile(profile)


def test_human_profiles_are_shaped_and_unshaped_ones_are_not() -> None:
    for name, entry in REGISTRY.profiles.items():
        assert entry.model.shaped == name.startswith("human-"), name
    for name in HUMAN:
        p = REGISTRY.profile(name)
        assert (p.unit, p.rate, p.seed) == ("word", int(name.split("-")[1]) / 100, 1)
        assert set(p.language_fallbacks) == {"zh", "ja"}
        assert "transposition" not in p.language_fallbacks["ja"].operations


# --------------------------------------------------------------------------- which words


@pytest.mark.parametrize(
    ("rate", "lengths"),
    [
        (0.1, [2, 3, 5, 8, 13, 21]),
        (0.2, [2] * 9 + [400]),  # the long word is capped at 1, the rest rescaled
        (0.05, [7]),
        (0.4, [2, 2, 3, 30, 30, 30]),
        (1.0, [2, 9]),
    ],
)
def test_length_weighted_probabilities_keep_the_mean_rate(rate: float, lengths: list[int]) -> None:
    p = edit_probabilities(rate, lengths)
    assert sum(p) == pytest.approx(rate * len(lengths), abs=1e-12)
    assert all(0 < x <= 1 for x in p)
    # longer words are likelier, in proportion to sqrt(length) where not capped
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    assert [p[i] for i in order] == sorted(p)
    free = [i for i in range(len(p)) if p[i] < 1]
    if len(free) > 1:
        ratios = {round(p[i] / math.sqrt(lengths[i]), 12) for i in free}
        assert len(ratios) == 1


def test_equal_lengths_give_every_word_the_rate() -> None:
    assert edit_probabilities(0.1, [4, 4, 4]) == pytest.approx([0.1, 0.1, 0.1])


def test_the_realized_rate_of_one_text_is_the_rate_on_average() -> None:
    # one text of very unequal words, drawn 4,000 times: the edited fraction averages 0.2
    text = "I am an extraordinarily incomprehensible conversationalist indeed, so it goes"
    p = REGISTRY.profile("human-20")
    edited = eligible = 0
    long_words = 0
    for i in range(4000):
        result = perturb(text, p, "en", seeds_for(p, "t", "en", str(i), "f"))
        edited += len(result.edits)
        eligible += result.eligible_words
        long_words += sum(len(e.before) > 12 for e in result.edits)
    assert eligible == 4000 * 9  # ("I" is too short)
    assert abs(edited / eligible - 0.2) < 0.01  # 4 standard errors
    # the three long words take a larger share of the edits than their 3 in 10
    assert long_words / edited > 0.4


# --------------------------------------------------------------------------- where


def test_span_weights() -> None:
    weights = (1.0, 2.0, 3.0, 4.0, 5.0)
    assert span_weight(0.0, 0.2, weights) == pytest.approx(1.0)
    assert span_weight(0.0, 1.0, weights) == pytest.approx(3.0)
    assert span_weight(0.1, 0.3, weights) == pytest.approx(1.5)
    assert edit_span("insertion", 0, 4) == (0.0, 0.2)
    assert edit_span("transposition", 3, 5) == (0.6, 1.0)
    shape = Shape(weights, 0.5, 0.0)
    assert shape.weight("deletion", 0, 5) == pytest.approx(0.5)
    assert shape.weight("deletion", 4, 5) == pytest.approx(5.0)


WORDS = "keyboard different typewriter sentence mistaken pleasure adjacent " * 3


def _edits(profile: NoiseProfile, lang: str = "en", text: str = WORDS, n: int = 60) -> list[Any]:
    out = []
    for i in range(n):
        out += perturb(text, profile, lang, seeds_for(profile, "t", lang, str(i), "f")).edits
    return out


def test_a_zero_first_char_factor_never_edits_the_first_letter() -> None:
    p = human(rate=1.0, first_char_factor=0.0)
    edits = _edits(p)
    assert len(edits) == 60 * 21
    assert all(e.offset > 0 for e in edits)
    assert all(e.before[0] == e.after[0] for e in edits if e.op != "insertion")


def test_position_weights_move_edits_to_their_fifth() -> None:
    p = human(rate=1.0, position_weights=[0, 0, 0, 0, 1], first_char_factor=1.0)
    for e in _edits(p):
        assert edit_span(e.op, e.offset, e.size)[1] > 0.8, e


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_doubled_letters_follow_their_share(share: float) -> None:
    p = human(rate=1.0, double_letter_share=share, operations={"insertion": 1.0})
    edits = _edits(p)
    assert edits and all(e.op == "insertion" for e in edits)
    assert all(e.double == bool(share) for e in edits)
    for e in edits:
        gs = graphemes(e.after)
        if e.double:  # the inserted letter repeats the one before it
            assert gs[e.offset] == gs[e.offset - 1]
            assert gs[: e.offset] + gs[e.offset + 1 :] == graphemes(e.before)


def test_doubled_indic_keystrokes_are_valid_text_and_ime_words_are_never_doubled() -> None:
    from harness.noise.indic import well_formed

    p = human(rate=1.0, double_letter_share=1.0, operations={"insertion": 1.0})
    for e in _edits(p, "hi", "भारत बच्चे पढ़ते किताब विद्यार्थी", 40):
        made = set(graphemes(e.after)) - set(graphemes(e.before))
        assert all(well_formed(g) for g in made), e
        assert e.double or e.unit == "grapheme"
    for e in _edits(p, "ja", "私は学生です。昨日図書館に行って", 40):
        assert not e.double, e


def test_an_operation_that_cannot_apply_is_redrawn_by_weight() -> None:
    # no word of "aa bb" can be transposed: every edit is the other weighted operation
    p = human(rate=1.0, operations={"transposition": 10.0, "deletion": 1.0})
    edits = _edits(p, text="aa bb cc dd")
    assert edits and {e.op for e in edits} == {"deletion"}
    # nothing applicable at all: no edit (the word is left alone)
    q = human(rate=1.0, operations={"transposition": 1.0})
    assert _edits(q, text="aa bb") == []


def test_shaped_korean_edits_keystrokes() -> None:
    p = REGISTRY.profile("human-20").model_copy(update={"rate": 1.0})
    edits = _edits(p, "ko", "한국어는 아름다운 언어입니다", 30)
    assert edits and any(e.unit == "jamo" for e in edits)


def test_human_outputs_are_deterministic_and_keep_the_text_around_words() -> None:
    p = REGISTRY.profile("human-20").model_copy(update={"rate": 1.0})
    text = "  Hello,  wörld! (tests)\tagain  "
    a = perturb(text, p, "de", seeds_for(p, "t", "de", "1", "f"))
    b = perturb(text, p, "de", seeds_for(p, "t", "de", "1", "f"))
    assert a == b
    assert a.text.startswith("  ") and a.text.endswith("  ") and "\t" in a.text
