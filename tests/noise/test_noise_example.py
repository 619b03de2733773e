"""noise_example, measure, profile validation and the shipped profiles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harness.data.examples import Example
from harness.errors import ConfigError, DataError
from harness.noise import measure, noise_example, perturb, perturb_tokens, seeds_for
from harness.noise.engine import TOKENS_SKIP_NOTE, validate_profile
from harness.registry import load_yaml_model
from harness.schema import NoiseFigures, NoiseProfile, TaskCard


def tokens_card(xnli: TaskCard) -> TaskCard:
    """A tagging-like card: one tokens field that is noised, one that is not."""
    data: dict[str, Any] = xnli.model_dump()
    data["fields"] = [
        {"name": "tokens", "kind": "tokens", "noise": True},
        {"name": "tags", "kind": "tokens", "noise": False},
    ]
    data["sources"]["hub"] = []
    return TaskCard.model_validate(data)


EXAMPLE = Example(
    "ex-7",
    {"premise": "The cat sat on the warm mat today.", "hypothesis": "A cat was sitting outside."},
    "contradiction",
)


def test_noise_example_uses_the_field_rng(xnli: TaskCard, always: NoiseProfile) -> None:
    noised = noise_example(EXAMPLE, xnli, always, "en")
    for name in ("premise", "hypothesis"):
        expected = perturb(
            EXAMPLE.text(name), always, "en", seeds_for(always, "xnli", "en", "ex-7", name)
        )
        assert noised.example.text(name) == expected.text
        assert noised.edits[name] == expected.edits
        assert noised.eligible[name] == expected.eligible_words
    assert noised.changed
    assert noised.eligible_words == sum(noised.eligible.values()) == 12  # 8 + 4 (not 'A')


def test_noise_example_keeps_id_label_and_is_order_free(
    xnli: TaskCard, typo40: NoiseProfile
) -> None:
    other = Example("ex-8", {"premise": "Dogs bark loudly.", "hypothesis": "Dogs sleep."}, None)
    forward = [noise_example(e, xnli, typo40, "en") for e in (EXAMPLE, other)]
    backward = [noise_example(e, xnli, typo40, "en") for e in (other, EXAMPLE)][::-1]
    assert forward == backward
    assert forward[0].example.id == "ex-7" and forward[0].example.label == "contradiction"
    assert forward[1].example.label is None


@settings(max_examples=40, deadline=None)
@given(
    st.text(min_size=1),
    st.sampled_from(["cause", "effect"]),
    st.sampled_from(["0", "1", None]),
)
def test_labels_and_non_noise_fields_untouched(
    xcopa: TaskCard, always: NoiseProfile, text: str, question: str, label: str | None
) -> None:
    example = Example(
        "q1",
        {"premise": text, "choice1": text, "choice2": "two " + text, "question": question},
        label,
    )
    noised = noise_example(example, xcopa, always, "et")
    assert noised.example.id == example.id and noised.example.label == label
    assert noised.example.fields["question"] == question
    assert set(noised.edits) == set(noised.eligible) == set(xcopa.noise_fields)
    assert noised.changed == any(
        noised.example.fields[f] != example.fields[f] for f in xcopa.noise_fields
    )


def test_clean_profile_keeps_the_example(xnli: TaskCard, clean: NoiseProfile) -> None:
    noised = noise_example(EXAMPLE, xnli, clean, "en")
    assert noised.example == EXAMPLE
    assert not noised.changed
    assert all(edits == () for edits in noised.edits.values())
    assert noised.eligible_words == 12  # counted under the default eligibility rules


def test_tokens_fields_use_perturb_tokens(xnli: TaskCard, always: NoiseProfile) -> None:
    card = tokens_card(xnli)
    tokens = ("Angela", "Merkel", "visited", "Paris", "in", "2019", ".")
    example = Example(
        "t1", {"tokens": tokens, "tags": ("B-PER", "I-PER", "O", "B-LOC", "O", "O", "O")}
    )
    noised = noise_example(example, card, always, "de")
    expected = perturb_tokens(
        tokens, always, "de", seeds_for(always, card.name, "de", "t1", "tokens")
    )
    assert noised.example.fields["tokens"] == expected[0]
    assert noised.example.fields["tags"] == example.fields["tags"]
    out = noised.example.fields["tokens"]
    assert len(out) == len(tokens) and out[5:] == ("2019", ".")
    assert noised.eligible["tokens"] == 5  # "in" has 2 letters; "2019" and "." are skipped


def test_missing_or_mistyped_fields_are_data_errors(xnli: TaskCard, typo10: NoiseProfile) -> None:
    with pytest.raises(DataError, match="no field 'hypothesis'"):
        noise_example(Example("x", {"premise": "a b"}), xnli, typo10, "en")
    with pytest.raises(DataError, match="holds tokens"):
        noise_example(Example("x", {"premise": ("a",), "hypothesis": "b"}), xnli, typo10, "en")
    with pytest.raises(DataError, match="holds text"):
        card = tokens_card(xnli)
        noise_example(Example("x", {"tokens": "a b", "tags": ("O",)}), card, typo10, "en")


# --------------------------------------------------------------------------- measure


def test_measure_pinned(xnli: TaskCard, always: NoiseProfile) -> None:
    clean_ex = Example("m1", {"premise": "abcd efgh", "hypothesis": "ijkl"}, "neutral")
    noised = noise_example(clean_ex, xnli, always, "en")
    untouched = Example("m2", {"premise": "1 2", "hypothesis": "3"}, "neutral")
    figures = measure(
        [(clean_ex, noised), (untouched, noise_example(untouched, xnli, always, "en"))],
        xnli.noise_fields,
    )
    assert noised.example.fields == {"premise": "abd edgh", "hypothesis": "ijk"}
    # Levenshtein 1 (a deletion) + 1 (a substitution) + 1 (a deletion) over 9+4+3+1 chars
    assert figures == NoiseFigures(
        word_change_rate=1.0, cer=3 / 17, changed_fraction=0.5, eligible_words=3
    )


def test_measure_on_a_subset_of_fields(xnli: TaskCard, always: NoiseProfile) -> None:
    clean_ex = Example("m1", {"premise": "abcd efgh", "hypothesis": "ijkl"}, "neutral")
    figures = measure([(clean_ex, noise_example(clean_ex, xnli, always, "en"))], ["hypothesis"])
    assert figures == NoiseFigures(
        word_change_rate=1.0, cer=1 / 4, changed_fraction=1.0, eligible_words=1
    )


def test_measure_tokens_and_empty_input(xnli: TaskCard, always: NoiseProfile) -> None:
    card = tokens_card(xnli)
    example = Example("t", {"tokens": ("hello", "world"), "tags": ("O", "O")})
    figures = measure([(example, noise_example(example, card, always, "en"))], ["tokens"])
    assert figures.eligible_words == 2 and figures.word_change_rate == 1.0
    assert 0 < figures.cer <= 4 / 11
    assert measure([], ["premise"]) == NoiseFigures(
        word_change_rate=0.0, cer=0.0, changed_fraction=0.0, eligible_words=0
    )


def test_measure_rejects_mismatched_pairs(xnli: TaskCard, typo10: NoiseProfile) -> None:
    other = Example("other", EXAMPLE.fields, EXAMPLE.label)
    with pytest.raises(ValueError, match="different examples"):
        measure([(EXAMPLE, noise_example(other, xnli, typo10, "en"))], xnli.noise_fields)


# --------------------------------------------------------------------------- profiles


@pytest.mark.parametrize(
    ("update", "message"),
    [
        ({"operations": {"swap": 1.0}}, "unknown operation 'swap'"),
        ({"unit": "char", "operations": {"deletion": 1.0}}, "only substitution"),
        ({"script_fallbacks": {"Klingon": {"deletion": 1.0}}}, "unknown script 'Klingon'"),
        (
            {
                "language_fallbacks": {
                    "zh": {
                        "method": "ime",
                        "scripts": ["Klingon"],
                        "operations": {"deletion": 1.0},
                        "description": "x",
                    }
                }
            },
            "language_fallbacks.zh: unknown script 'Klingon'",
        ),
        (
            {
                "unit": "char",
                "operations": {"substitution": 1.0},
                "language_fallbacks": {
                    "ja": {
                        "method": "ime",
                        "scripts": ["Han"],
                        "operations": {"deletion": 1.0},
                        "description": "x",
                    }
                },
            },
            "only substitution",
        ),
    ],
)
def test_profiles_the_engine_cannot_run(
    make_profile: Any, update: dict[str, Any], message: str
) -> None:
    data = {"name": "bad", "unit": "word", "rate": 0.1, **update}
    profile = make_profile(**data)
    with pytest.raises(ConfigError, match=message):
        validate_profile(profile)
    with pytest.raises(ConfigError, match=message):
        perturb("some words here", profile, "en", seeds_for(profile, "t", "en", "1", "f"))


def test_script_fallbacks_replace_the_operations(make_profile: Any) -> None:
    profile = make_profile("fb", "word", 1.0, script_fallbacks={"Cyrillic": {"deletion": 1.0}})
    result = perturb(
        "мягких булок and words", profile, "ru", seeds_for(profile, "t", "ru", "1", "f")
    )
    ops = {e.before: e.op for e in result.edits}
    assert ops["мягких"] == ops["булок"] == "deletion"
    assert len(ops) == 4


def test_shipped_profiles(root: Path) -> None:
    profiles = {
        p.stem: load_yaml_model(p, NoiseProfile)[0]
        for p in sorted((root / "noise_profiles").glob("*.yaml"))
    }
    expected = {"clean", "typo-5", "typo-10", "typo-20", "typo-40", "char-5"}
    assert expected | {"diacritics", "whitespace"} <= set(profiles)
    assert profiles["diacritics"].operations == {"diacritics": 1.0}
    assert profiles["whitespace"].operations == {"split": 1.0, "merge": 1.0}
    for name in ("typo-5", "typo-10", "typo-20", "typo-40", "char-5"):
        fallbacks = profiles[name].language_fallbacks
        assert set(fallbacks) == {"zh", "ja"} and all(f.method == "ime" for f in fallbacks.values())
        assert fallbacks["zh"].scripts == ("Han",)
    for name, profile in profiles.items():
        assert profile.name == name
        validate_profile(profile)
    typo = [profiles[f"typo-{n}"] for n in (5, 10, 20, 40)]
    assert [p.rate for p in typo] == [0.05, 0.10, 0.20, 0.40]
    assert {p.seed for p in typo} == {1}
    assert all(p.unit == "word" and p.operations == typo[0].operations for p in typo)
    char = profiles["char-5"]
    assert (char.unit, char.rate, char.operations) == ("char", 0.05, {"substitution": 1.0})
    assert profiles["clean"].unit == "none"


# --------------------------------------------------------------------------- fallbacks


def test_language_fallbacks_apply_to_their_scripts_and_are_recorded(
    xnli: TaskCard, make_profile: Any
) -> None:
    ime = {
        "method": "ime",
        "scripts": ["Han"],
        "operations": {"deletion": 1.0},
        "description": "IME",
    }
    profile = make_profile("fb", "word", 1.0, language_fallbacks={"zh": ime})
    text = "我们今天去北京看天安门 iPhone"
    result = perturb(text, profile, "zh", seeds_for(profile, "t", "zh", "1", "f"))
    ops = {e.before: e.op for e in result.edits}
    assert all(op == "deletion" for before, op in ops.items() if before != "iPhone")
    assert result.fallbacks == ("zh: ime (Han)",)
    # another language: no fallback, no record
    other = perturb(text, profile, "ko", seeds_for(profile, "t", "ko", "1", "f"))
    assert other.fallbacks == ()
    example = Example("f1", {"premise": text, "hypothesis": "天安门"}, "neutral")
    noised = noise_example(example, xnli, profile, "zh")
    assert noised.fallbacks == ("zh: ime (Han)",)
    figures = measure([(example, noised)], xnli.noise_fields)
    assert figures.fallbacks == ("zh: ime (Han)",)


def test_tagging_tokens_never_get_merges_or_splits(xnli: TaskCard, make_profile: Any) -> None:
    card = tokens_card(xnli)
    whitespace = make_profile("ws", "word", 1.0, operations={"split": 1.0, "merge": 1.0})
    tokens = ("Angela", "Merkel", "visited", "Paris", "yesterday", ".")
    example = Example("t1", {"tokens": tokens, "tags": ("B-PER", "I-PER", "O", "B-LOC", "O", "O")})
    noised = noise_example(example, card, whitespace, "de")
    assert noised.example.fields["tokens"] == tokens  # nothing else to do: untouched
    assert noised.edits["tokens"] == () and noised.eligible["tokens"] == 5
    assert noised.fallbacks == (TOKENS_SKIP_NOTE,)
    mixed = make_profile("mx", "word", 1.0, operations={"split": 1.0, "deletion": 1.0})
    out = noise_example(example, card, mixed, "de")
    assert len(out.example.fields["tokens"]) == len(tokens)
    assert {e.op for e in out.edits["tokens"]} == {"deletion"}
    # the same profile on text splits and merges
    text = perturb(" ".join(tokens), whitespace, "de", seeds_for(whitespace, "t", "de", "1", "f"))
    assert {e.op for e in text.edits} <= {"split", "merge"} and text.edits


def test_merge_drops_one_gap_and_keeps_the_rest(make_profile: Any) -> None:
    merge = make_profile("mg", "word", 1.0, operations={"merge": 1.0})
    result = perturb("one two  three\nfour", merge, "en", seeds_for(merge, "t", "en", "1", "f"))
    # words 0 and 1 merge (one space), then "two" merges with "three" across two spaces;
    # "three" does not merge across the newline, "four" has nothing after it
    assert result.text == "onetwothree\nfour"
    assert [(e.op, e.position, e.before, e.after) for e in result.edits] == [
        ("merge", 0, "one two", "onetwo"),
        ("merge", 1, "two  three", "twothree"),
    ]
