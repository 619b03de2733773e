"""CoNLL-style tagging files and SQuAD JSON, with and without an official label folder."""

from __future__ import annotations

import json
from pathlib import Path

import datasets
import pytest

from harness.data import load_task_data
from harness.data.hub import examples_from_rows, hub_source_for
from harness.errors import DataError
from harness.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_conll_with_inline_tags(registry: Registry, tmp_path: Path) -> None:
    write(tmp_path / "udpos" / "test-de.tsv", "Der\tDET\nHund\tNOUN\n\nEr\tPRON\nbellt\tVERB\n")
    ds = load_task_data(registry.task("udpos"), "de", str(tmp_path))
    assert [e.tokens("tokens") for e in ds.examples] == [("Der", "Hund"), ("Er", "bellt")]
    assert [e.label for e in ds.examples] == [("DET", "NOUN"), ("PRON", "VERB")]


def test_conll_words_only_with_label_folder(registry: Registry, tmp_path: Path) -> None:
    write(tmp_path / "d" / "panx" / "test-de.tsv", "Angela\nMerkel\nspricht\n\nBerlin\n")
    write(tmp_path / "l" / "panx" / "test-de.tsv", "B-PER\nI-PER\nO\n\nB-LOC\n")
    ds = load_task_data(registry.task("panx"), "de", str(tmp_path / "d"), labels_dir=tmp_path / "l")
    assert [e.label for e in ds.examples] == [("B-PER", "I-PER", "O"), ("B-LOC",)]


@pytest.mark.parametrize(
    ("words", "tags", "message"),
    [
        ("a\nb\n", "O\n\nO\n", r"2 sentences of tags for 1 sentences"),
        ("a\nb\n", "O\n", r"test-de\.tsv:1: 1 tags for 2 tokens"),
        ("a\n", "B-XYZ\n", r"test-de\.tsv:1: unknown label 'B-XYZ'"),
    ],
)
def test_conll_label_mismatches(
    registry: Registry, tmp_path: Path, words: str, tags: str, message: str
) -> None:
    write(tmp_path / "d" / "panx" / "test-de.tsv", words)
    write(tmp_path / "l" / "panx" / "test-de.tsv", tags)
    with pytest.raises(DataError, match=message):
        load_task_data(registry.task("panx"), "de", str(tmp_path / "d"), labels_dir=tmp_path / "l")


def squad(answers: bool) -> str:
    qa = {"id": "q1", "question": "Who wrote it?"}
    if answers:
        qa["answers"] = [{"text": "Ada", "answer_start": 0}, {"text": "Ada L.", "answer_start": 0}]
    doc = {"data": [{"title": "t", "paragraphs": [{"context": "Ada L. wrote it.", "qas": [qa]}]}]}
    return json.dumps(doc)


def test_squad_json_inline_and_label_folder(registry: Registry, tmp_path: Path) -> None:
    card = registry.task("xquad")
    write(tmp_path / "a" / "xquad" / "test-de.json", squad(answers=True))
    ds = load_task_data(card, "de", str(tmp_path / "a"), allow_nonstandard=True)
    (ex,) = ds.examples
    assert (ex.id, ex.text("question"), ex.text("context")) == (
        "q1",
        "Who wrote it?",
        "Ada L. wrote it.",
    )
    assert ex.label == ("Ada", "Ada L.")
    write(tmp_path / "b" / "xquad" / "test-de.json", squad(answers=False))
    with pytest.raises(DataError, match="no gold labels"):
        load_task_data(card, "de", str(tmp_path / "b"))
    labelled = load_task_data(
        card, "de", str(tmp_path / "b"), labels_dir=tmp_path / "a", allow_nonstandard=True
    )
    assert labelled.examples[0].label == ("Ada", "Ada L.")


def test_squad_json_errors(registry: Registry, tmp_path: Path) -> None:
    write(tmp_path / "xquad" / "test-de.json", '{"data": [\n{"paragraphs": }]}')
    with pytest.raises(DataError, match=r"test-de\.json:2: not valid JSON"):
        load_task_data(registry.task("xquad"), "de", str(tmp_path))


def test_hub_tagging_and_qa_gold(registry: Registry) -> None:
    panx = registry.task("panx")
    rows = datasets.Dataset.from_dict(
        {"tokens": [["Angela", "Merkel"]], "ner_tags": [[1, 2]], "langs": [["de", "de"]]}
    )
    (ex,) = examples_from_rows(panx, hub_source_for(panx, "de"), "de", rows)
    assert ex.label == ("B-PER", "I-PER") and ex.tokens("tokens") == ("Angela", "Merkel")
    xquad = registry.task("xquad")
    rows = datasets.Dataset.from_dict(
        {
            "id": ["q1"],
            "context": ["Ada wrote it."],
            "question": ["Who?"],
            "answers": [{"text": ["Ada"], "answer_start": [0]}],
        }
    )
    (ex,) = examples_from_rows(xquad, hub_source_for(xquad, "de"), "de", rows)
    assert (ex.id, ex.label) == ("q1", ("Ada",))


def test_hub_tydiqa_rows_selected_by_id_prefix(registry: Registry) -> None:
    card = registry.task("tydiqa")
    rows = datasets.Dataset.from_dict(
        {
            "id": ["english-1-0", "finnish-2-0", "english-3-1"],
            "title": ["a", "b", "c"],
            "context": ["Ada wrote it.", "Se oli Ada.", "Bob read it."],
            "question": ["Who wrote it?", "Kuka?", "Who read it?"],
            "answers": [
                {"text": ["Ada"], "answer_start": [0]},
                {"text": ["Ada"], "answer_start": [7]},
                {"text": ["Bob"], "answer_start": [0]},
            ],
        }
    )
    hub = hub_source_for(card, "en")
    examples = examples_from_rows(card, hub, "en", rows)
    assert [(e.id, e.label) for e in examples] == [
        ("english-1-0", ("Ada",)),
        ("english-3-1", ("Bob",)),
    ]


def test_hub_udpos_is_refused_with_the_reason(registry: Registry) -> None:
    udpos = registry.task("udpos")
    with pytest.raises(DataError, match=r"no hub source for 'de': google/xtreme's udpos") as info:
        hub_source_for(udpos, "de")
    assert info.value.hint is not None and "--data DIR" in info.value.hint
    with pytest.raises(DataError, match=r"UD v2\.5"):
        load_task_data(udpos, "el", "hub")


def test_hub_pawsx_mapping_on_the_paws_x_schema(registry: Registry) -> None:
    """google-research-datasets/paws-x: id (int32), sentence1, sentence2, label (ClassLabel
    "0"/"1"); ids are row numbers, as the official layout's reader gives them."""
    pawsx = registry.task("pawsx")
    features = datasets.Features(
        {
            "id": datasets.Value("int32"),
            "sentence1": datasets.Value("string"),
            "sentence2": datasets.Value("string"),
            "label": datasets.ClassLabel(names=["0", "1"]),
        }
    )
    rows = datasets.Dataset.from_dict(
        {"id": [7, 9], "sentence1": ["a b", "c d"], "sentence2": ["b a", "d c"], "label": [1, 0]},
        features=features,
    )
    hub = hub_source_for(pawsx, "ko")
    assert (hub.dataset, hub.config, hub.split) == (
        "google-research-datasets/paws-x",
        "{lang}",
        "test",
    )
    examples = examples_from_rows(pawsx, hub, "ko", rows)
    assert [(e.id, e.text("sentence1"), e.label) for e in examples] == [
        ("0", "a b", "1"),
        ("1", "c d", "0"),
    ]
