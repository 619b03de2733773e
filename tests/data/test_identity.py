"""Test-set identity: the cards' declarations, the fingerprints, and the check at every load."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import ValidationError

from harness import paths
from harness.data import available_languages, load_task_data
from harness.data.examples import Example
from harness.data.identity import compare, gold_hash, measure, text_hash
from harness.errors import DataError
from harness.registry import Registry
from harness.schema import FAMILY_FIGURES, TaskCard

REGISTRY = Registry.load()
CARDS = sorted(REGISTRY.tasks)


def write_xnli(folder: Path, rows: list[list[str]]) -> None:
    path = folder / "xnli" / "test-de.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter="\t").writerows(rows)


# --------------------------------------------------------------------------- the cards


@pytest.mark.parametrize("name", CARDS)
def test_every_card_declares_every_language(name: str) -> None:
    card = REGISTRY.task(name)
    assert card.identity is not None, f"{name}: no identity block"
    assert set(card.identity.test) == set(card.languages)
    for lang, entry in card.identity.test.items():
        sizes = set(entry.declared()) & set(FAMILY_FIGURES[card.family])
        verified = {f for f in entry.declared() if card.identity.state_of(entry, f) != "unverified"}
        if verified:  # a verified set declares every size its family has, or says why not
            assert sizes, f"{name}.{lang}"


def test_declared_figures_the_issue_lists() -> None:
    """The published sizes, as issue 14 lists them from the datasets' papers and files."""

    def sizes(task: str, figure: str) -> dict[str, int | str]:
        card = REGISTRY.task(task)
        assert card.identity is not None
        return {lang: e.declared()[figure] for lang, e in card.identity.test.items()}

    assert set(sizes("xnli", "examples").values()) == {5010}
    assert set(sizes("pawsx", "examples").values()) == {2000}
    assert set(sizes("xcopa", "examples").values()) == {500}
    assert set(sizes("xquad", "questions").values()) == {1190}
    assert sizes("mlqa", "questions") == {
        "en": 11590, "es": 5253, "de": 4517, "ar": 5335, "hi": 4918, "vi": 5495, "zh": 5137,
    }  # fmt: skip
    tydiqa = sizes("tydiqa", "questions")
    assert sum(int(v) for v in tydiqa.values()) == 5077 and tydiqa["bn"] == 113
    assert set(sizes("lareqa", "queries").values()) == {1190}
    assert set(sizes("lareqa", "candidates").values()) == {13014}
    mewslix = sizes("mewslix", "queries")
    assert sum(int(v) for v in mewslix.values()) == 14624  # "about 15k" in the README: 14,624
    assert set(sizes("mewslix", "candidates").values()) == {1003893}
    assert sum(int(v) for v in sizes("tatoeba", "queries").values()) == 36692
    panx = REGISTRY.task("panx").identity
    assert panx is not None and all(not e.declared() for e in panx.test.values())


def _card_data(name: str) -> dict[str, Any]:
    data = yaml.safe_load((paths.tasks_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["identity"]["test"].pop("de"), "must list every card language"),
        (lambda d: d["identity"]["test"]["de"].update(questions=3), "not classification figures"),
        (lambda d: d["identity"]["test"]["de"].update(evidence="nope"), "unknown evidence"),
        (lambda d: d["identity"]["test"]["de"].update(gold_hash="0" * 16), "can only be measured"),
        (lambda d: d["identity"]["test"]["de"].update(examples=-1), "greater than or equal"),
        (lambda d: d["identity"]["test"].update(de={"evidence": "paper"}), "declares no figure"),
        (
            lambda d: d["identity"]["test"]["de"].update(
                evidence={"examples": "paper", "x": "paper"}
            ),
            "must name every declared figure",
        ),
    ],
)
def test_bad_identity_blocks_are_refused(change: Any, message: str) -> None:
    data = _card_data("xnli")
    change(data)
    with pytest.raises(ValidationError, match=message):
        TaskCard.model_validate(data)


# --------------------------------------------------------------------------- fingerprints


def test_fingerprints_normalise_nfc_and_whitespace_but_keep_order() -> None:
    card = REGISTRY.task("xnli")
    word = unicodedata.normalize("NFC", "Café")
    decomposed = unicodedata.normalize("NFD", word)
    assert word != decomposed
    a = [Example("0", {"premise": word, "hypothesis": "b"}, "neutral")]
    b = [Example("7", {"premise": f"  {decomposed}\t", "hypothesis": "b "}, " neutral")]
    assert text_hash(card, a) == text_hash(card, b)  # ids are not part of the content
    assert gold_hash(a) == gold_hash(b)
    two = [*a, Example("1", {"premise": "c", "hypothesis": "d"}, "entailment")]
    assert text_hash(card, two) != text_hash(card, two[::-1])
    relabelled = [Example("0", {"premise": word, "hypothesis": "b"}, "entailment")]
    assert text_hash(card, relabelled) == text_hash(card, a)
    assert gold_hash(relabelled) != gold_hash(a)


def test_sizes_per_family() -> None:
    udpos = REGISTRY.task("udpos")
    tagged = [Example("0", {"tokens": ("a", "b")}, ("X", "X")), Example("1", {"tokens": ("c",)})]
    assert measure(udpos, tagged) == {"sentences": 2, "tokens": 3}
    lareqa = REGISTRY.task("lareqa")
    queries = [Example("q", {"question": "?"}, ("c1",))]
    pool = [Example(f"c{i}", {"sentence": "s"}) for i in range(3)]
    assert measure(lareqa, queries, pool) == {"queries": 1, "candidates": 3}


# --------------------------------------------------------------------------- the check at load


def test_a_nonstandard_load_is_one_refusal_naming_everything(tmp_path: Path) -> None:
    write_xnli(tmp_path, [["a b", "c d", "neutral"], ["e f", "g h", "entailment"]])
    card = REGISTRY.task("xnli")
    with pytest.raises(DataError) as info:
        load_task_data(card, "de", str(tmp_path))
    message = info.value.message
    assert "\n" not in message
    assert message.startswith("xnli/de: the official data (")
    assert str(tmp_path / "xnli" / "test-de.tsv") in message
    assert "examples expected 5010, found 2" in message
    assert "--allow-nonstandard-data" in message
    assert info.value.hint is not None and "--allow-nonstandard-data" in info.value.hint
    ds = load_task_data(card, "de", str(tmp_path), allow_nonstandard=True, limit=1)
    assert ds.state == "nonstandard" and len(ds.examples) == 1
    assert ds.nonstandard == "examples expected 5010, found 2"


def test_samples_are_never_compared() -> None:
    card = REGISTRY.task("xnli")
    (lang, *_) = available_languages(card, "samples")
    ds = load_task_data(card, lang, "samples")
    assert len(ds.examples) != 5010
    assert (ds.state, ds.nonstandard) == ("samples", None)


def test_a_set_the_card_cannot_verify_loads_as_unverified(tmp_path: Path) -> None:
    path = tmp_path / "panx" / "test-de.tsv"
    path.parent.mkdir(parents=True)
    path.write_text("Berlin\tB-LOC\n", encoding="utf-8")
    ds = load_task_data(REGISTRY.task("panx"), "de", str(tmp_path))
    assert (ds.state, ds.nonstandard) == ("unverified", None)


@pytest.mark.realdata
def test_the_check_comes_before_the_limit(realdata: Path) -> None:
    card = REGISTRY.task("xcopa")
    ds = load_task_data(card, "et", str(realdata / "download"), limit=10)
    assert len(ds.examples) == 10
    assert ds.state == "standard" and ds.identity.checked == ("examples", "gold_hash", "text_hash")
    dev = load_task_data(card, "et", str(realdata / "download"), split="dev")
    assert dev.state == "standard" and len(dev.examples) == 100


@pytest.mark.realdata
def test_a_changed_text_is_a_fingerprint_mismatch(realdata: Path, tmp_path: Path) -> None:
    lines = (realdata / "download/xcopa/test-et.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["premise"] += " (muudetud)"
    lines[0] = json.dumps(first, ensure_ascii=False)
    (tmp_path / "xcopa").mkdir()
    (tmp_path / "xcopa/test-et.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    card = REGISTRY.task("xcopa")
    with pytest.raises(DataError, match=r"xcopa/et: .* text_hash expected 068d3d04e8201064"):
        load_task_data(card, "et", str(tmp_path))
    ds = load_task_data(card, "et", str(tmp_path), allow_nonstandard=True)
    assert compare(card, "test", "et", ds.examples).mismatches[0].kind == "fingerprint"
