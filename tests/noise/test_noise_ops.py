"""The four operations and their deterministic fallback."""

from __future__ import annotations

import random
import unicodedata

import pytest

from harness.noise.ops import (
    OPERATION_FUNCTIONS,
    Edit,
    apply_operation,
    deletion,
    diacritics,
    insertion,
    split,
    substitute_at,
    substitution,
    transposition,
)
from harness.noise.text import graphemes

WORD = tuple("keyboard")


@pytest.mark.parametrize(
    ("op", "after", "offset"),
    [
        (substitution, "keybowrd", 5),
        (insertion, "keyboward", 5),
        (deletion, "keybord", 5),
        (transposition, "kebyoard", 2),
    ],
)
def test_pinned_operations(op: object, after: str, offset: int) -> None:
    func = OPERATION_FUNCTIONS[op.__name__]  # type: ignore[attr-defined]
    result = func(WORD, random.Random(7), "en", 2)
    assert result is not None
    new, edit = result
    assert "".join(new) == after
    assert edit == Edit(op.__name__, 2, "keyboard", after, offset, 8)  # type: ignore[attr-defined]


CLUSTER_CASES = [
    (name, word)
    for name in ("substitution", "insertion", "deletion", "transposition")
    for word in ("keyboard", "विद्यार्थी", "ภาษาไทย", "한국어", "وَتُكْتَبُ", "Über")
    # Indic deletions and transpositions edit keystrokes: see the next test
    if not (word == "विद्यार्थी" and name in ("deletion", "transposition"))
]


@pytest.mark.parametrize(("name", "word"), CLUSTER_CASES)
def test_operations_move_whole_clusters(name: str, word: str) -> None:
    core = graphemes(word)
    for seed in range(30):
        result = OPERATION_FUNCTIONS[name](core, random.Random(seed), "xx", 0)  # home keyboards
        assert result is not None
        new, edit = result
        assert edit.op == name
        assert edit.before == word and edit.after == "".join(new) != word
        assert graphemes("".join(new)) == new  # re-clusters exactly as intended
        if name in ("deletion", "transposition"):
            assert set(new) <= set(core)
        assert len(new) - len(core) == {"insertion": 1, "deletion": -1}.get(name, 0)


def test_indic_deletions_and_transpositions_edit_one_keystroke() -> None:
    # विद्यार्थी: no two adjacent keystrokes swap into valid text (a matra would follow a
    # virama, or a virama a matra); v3 swapped whole aksharas (द्याविर्थी)
    assert transposition(graphemes("विद्यार्थी"), random.Random(0), "hi", 0) is None
    swapped = {
        "".join(r[0])
        for seed in range(40)
        if (r := transposition(graphemes("भारत"), random.Random(seed), "hi", 0)) is not None
    }
    assert swapped == {"भरात", "भातर"}
    dropped = set()
    for seed in range(80):
        result = deletion(graphemes("बच्चे"), random.Random(seed), "hi", 3)
        assert result is not None
        new, edit = result
        assert (edit.unit, edit.size, edit.position) == ("keystroke", 5, 3)
        assert "बच्चे"[: edit.offset] + "बच्चे"[edit.offset + 1 :] == "".join(new)
        dropped.add(edit.after)
    # ब, the first च (ब्चे: another conjunct), the virama or the matra; never the second च,
    # which would leave the matra after the virama
    assert dropped == {"च्चे", "ब्चे", "बचचे", "बच्च"}


def test_pinned_devanagari_keeps_conjuncts_and_vowel_signs() -> None:
    core = graphemes("विद्यार्थी")
    assert core == ("वि", "द्या", "र्थी")
    result = substitution(core, random.Random(7), "hi", 0)
    assert result is not None
    assert result[0] == ("वि", "क्या", "र्थी")


def test_deletion_never_empties_a_word() -> None:
    assert deletion(("a",), random.Random(0), "en", 0) is None
    assert deletion(("क्ष",), random.Random(0), "hi", 0) is None


def test_transposition_needs_two_different_adjacent_letters() -> None:
    assert transposition(("a", "a", "a"), random.Random(0), "en", 0) is None
    assert transposition(("a", "'", "b"), random.Random(0), "en", 0) is None


def test_substitution_needs_a_neighbour() -> None:
    assert substitution(("ꦲ", "ꦏ"), random.Random(0), "jv", 0) is None  # no v1 neighbours
    assert substitute_at(("a", "b"), 0, random.Random(0), "en") in {
        (n, "b") for n in ("q", "s", "w", "z")
    }


def test_inapplicable_ops_do_not_draw() -> None:
    rng = random.Random(3)
    state = rng.getstate()
    assert transposition(("a", "a"), rng, "en", 0) is None
    assert rng.getstate() == state


def test_fallback_order_and_profile_ops_only() -> None:
    # transposition cannot apply to "aa": the next allowed op in OPERATIONS order is used
    result = apply_operation(
        "transposition", ("a", "a"), random.Random(0), "en", 4, ["transposition", "deletion"]
    )
    assert result is not None and result[1].op == "deletion" and result[1].position == 4
    # with no other allowed op there is no edit (an op the profile does not name is never used)
    assert (
        apply_operation("transposition", ("a", "a"), random.Random(0), "en", 0, ["transposition"])
        is None
    )
    # nothing applies at all
    assert (
        apply_operation("deletion", ("ꦲ",), random.Random(0), "jv", 0, list(OPERATION_FUNCTIONS))
        is None
    )


def test_diacritics_drops_latin_marks_in_the_input_form() -> None:
    nfd = unicodedata.normalize("NFD", "Việt")
    result = diacritics(graphemes(nfd), random.Random(0), "vi", 3)
    assert result is not None and "".join(result[0]) == "Viet"
    assert result[1] == Edit("diacritics", 3, nfd, "Viet")
    result = diacritics(graphemes("Noël"), random.Random(0), "fr", 0)
    assert result is not None and "".join(result[0]) == "Noel"
    result = diacritics(graphemes("łódź"), random.Random(0), "pl", 0)
    assert result is not None and "".join(result[0]) == "łodz"  # ł has no decomposition
    for word in ("plain", "हिन्दी", "وَتُكْتَبُ", "ภาษา"):
        assert diacritics(graphemes(word), random.Random(0), "xx", 0) is None


def test_split_puts_one_space_between_letters() -> None:
    for seed in range(20):
        result = split(graphemes("keyboard"), random.Random(seed), "en", 0)
        assert result is not None
        left, right = "".join(result[0]).split(" ")
        assert left and right and left + right == "keyboard"
    assert split(("a",), random.Random(0), "en", 0) is None
    assert split(("a", "'", "b"), random.Random(0), "en", 0) is None
    result = split(graphemes("विद्यार्थी"), random.Random(1), "hi", 0)
    assert result is not None and " " in result[0]  # between whole clusters


def test_multi_cluster_key_text_is_substituted_whole() -> None:
    # lam -> the lam-alef key: one cluster becomes two, and they re-cluster as intended
    found = {
        "".join(r)
        for seed in range(60)
        if (r := substitute_at(graphemes("سلم"), 1, random.Random(seed), "ar")) is not None
    }
    assert "سلام" in found


def test_pick_is_uniform_over_valid_positions_then_valid_candidates() -> None:
    from collections import Counter

    from harness.noise.ops import _pick
    from harness.noise.rng import WordRandom

    counts = {0: 3, 1: 2, 2: 4}
    invalid = {(1, 0), (1, 1), (2, 0)}  # position 1 has no valid candidate; 2 has three

    def make(i: int, k: int) -> tuple[str, ...] | None:
        return None if (i, k) in invalid else (str(i), str(k))

    draws = 30_000
    seen: Counter[tuple[str, ...]] = Counter()
    for seed in range(draws):
        picked = _pick(WordRandom(seed), [0, 1, 2], counts.__getitem__, make)
        assert picked is not None
        seen[picked[1]] += 1
    expected = {("0", k): 1 / 6 for k in "012"} | {("2", k): 1 / 6 for k in "123"}
    assert set(seen) == set(expected)
    for outcome, share in expected.items():
        assert abs(seen[outcome] / draws - share) < 0.01, (outcome, seen[outcome])
    nothing = _pick(WordRandom(1), [1], counts.__getitem__, make)
    assert nothing is None
