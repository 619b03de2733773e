"""Official-layout readers: formats, label folders, and every malformed-input error."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from harness.data import fingerprint, load_task_data
from harness.errors import DataError
from harness.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def write_tsv(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, delimiter="\t").writerows(rows)


def test_tsv_with_inline_labels_and_csv_quoting(registry: Registry, tmp_path: Path) -> None:
    rows = [
        ['Er sagte "nein".', "Er lehnte ab.", "entailment"],
        ["Tab\tinside", "Zweiter Satz.", "neutral"],
    ]
    write_tsv(tmp_path / "xnli" / "test-de.tsv", rows)
    ds = load_task_data(registry.task("xnli"), "de", str(tmp_path), allow_nonstandard=True)
    assert [e.text("premise") for e in ds.examples] == ['Er sagte "nein".', "Tab\tinside"]
    assert [e.label for e in ds.examples] == ["entailment", "neutral"]
    assert [e.id for e in ds.examples] == ["0", "1"]
    assert ds.source == "official"
    assert ds.fingerprint == fingerprint(ds.examples)


def test_test_split_without_labels_reads_the_label_folder(
    registry: Registry, tmp_path: Path
) -> None:
    write_tsv(tmp_path / "d" / "xnli" / "test-fr.tsv", [["a b", "c d"], ["e f", "g h"]])
    labels = tmp_path / "l" / "xnli" / "test-fr.tsv"
    labels.parent.mkdir(parents=True)
    labels.write_text("neutral\ncontradiction\n", encoding="utf-8")
    card = registry.task("xnli")
    with pytest.raises(DataError, match="no gold labels"):
        load_task_data(card, "fr", str(tmp_path / "d"))
    ds = load_task_data(
        card, "fr", str(tmp_path / "d"), labels_dir=tmp_path / "l", allow_nonstandard=True
    )
    assert [e.label for e in ds.examples] == ["neutral", "contradiction"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"a\tb\tentailment\none\n", r"test-de\.tsv:2: expected 3 tab-separated columns"),
        (b"a\tb\tentailment\nx\xff\ty\tneutral\n", r"test-de\.tsv:2: not valid UTF-8"),
        (b"a\tb\tentailmnet\n", r"test-de\.tsv:1: unknown label 'entailmnet' \(did you mean"),
        (b"a\t \tneutral\n", r"test-de\.tsv:1: field 'hypothesis' is empty"),
    ],
)
def test_malformed_tsv_names_file_and_line(
    registry: Registry, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "xnli" / "test-de.tsv"
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    with pytest.raises(DataError, match=message):
        load_task_data(registry.task("xnli"), "de", str(tmp_path))


def test_label_count_mismatch(registry: Registry, tmp_path: Path) -> None:
    write_tsv(tmp_path / "d" / "xnli" / "test-fr.tsv", [["a b", "c d"]])
    labels = tmp_path / "l" / "xnli" / "test-fr.tsv"
    labels.parent.mkdir(parents=True)
    labels.write_text("neutral\nneutral\n", encoding="utf-8")
    with pytest.raises(DataError, match="2 labels for 1 examples"):
        load_task_data(registry.task("xnli"), "fr", str(tmp_path / "d"), labels_dir=tmp_path / "l")


def test_missing_file_lists_covered_languages(registry: Registry, tmp_path: Path) -> None:
    write_tsv(tmp_path / "xnli" / "test-de.tsv", [["a b", "c d", "neutral"]])
    with pytest.raises(DataError, match="file not found") as info:
        load_task_data(registry.task("xnli"), "fr", str(tmp_path))
    assert info.value.hint is not None and "de" in info.value.hint


def xcopa_line(**overrides: object) -> str:
    obj: dict[str, object] = {
        "premise": "P.",
        "choice1": "A.",
        "choice2": "B.",
        "question": "cause",
        "label": 1,
        "idx": 7,
        "changed": False,
    }
    obj.update(overrides)
    return json.dumps({k: v for k, v in obj.items() if v is not None}, ensure_ascii=False)


def test_jsonl_reader(registry: Registry, tmp_path: Path) -> None:
    path = tmp_path / "xcopa" / "test-et.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(xcopa_line() + "\n" + xcopa_line(idx=8, label=0) + "\n", encoding="utf-8")
    ds = load_task_data(registry.task("xcopa"), "et", str(tmp_path), allow_nonstandard=True)
    assert [(e.id, e.label) for e in ds.examples] == [("7", "1"), ("8", "0")]
    assert ds.examples[0].text("question") == "cause"


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", r"test-et\.jsonl:1: not valid JSON"),
        (xcopa_line(choice2=None), r"test-et\.jsonl:1: missing field\(s\) choice2"),
        (xcopa_line(label=3), r"test-et\.jsonl:1: unknown label '3'"),
        (xcopa_line(premise=5), r"test-et\.jsonl:1: field 'premise' is not a string"),
    ],
)
def test_malformed_jsonl(registry: Registry, tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "xcopa" / "test-et.jsonl"
    path.parent.mkdir(parents=True)
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=message):
        load_task_data(registry.task("xcopa"), "et", str(tmp_path))


def test_limit_and_fingerprint_change(registry: Registry, tmp_path: Path) -> None:
    write_tsv(tmp_path / "xnli" / "test-de.tsv", [["a", "b", "neutral"], ["c", "d", "neutral"]])
    card = registry.task("xnli")
    full = load_task_data(card, "de", str(tmp_path), allow_nonstandard=True)
    one = load_task_data(card, "de", str(tmp_path), limit=1, allow_nonstandard=True)
    assert len(one.examples) == 1
    assert one.fingerprint != full.fingerprint
