"""Readers for the official XTREME `download/` layout and the official label-folder layout.

The same readers serve the bundled samples (tasks/samples/ mirrors the official layout with gold
labels kept inline). Every malformed line is reported with its file and line number.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harness.data.examples import Example, FieldValue
from harness.errors import DataError
from harness.registry import suggest
from harness.schema import OfficialSource, TaskCard

MAX_FIELD_CHARS = 1_000_000


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, line without its newline), decoding UTF-8 strictly."""
    try:
        with path.open("rb") as fh:
            for number, raw in enumerate(fh, start=1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise DataError(
                        f"{path}:{number}: not valid UTF-8 (byte {exc.start})"
                    ) from None
                yield number, text.rstrip("\r\n")
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None


def _label_name(card: TaskCard, value: Any, where: str) -> str:
    label = str(value).strip()
    if card.labels and label not in card.labels:
        raise DataError(
            f"{where}: unknown label {label!r}{suggest(label, card.labels)}; "
            f"task {card.name!r} has {', '.join(card.labels)}"
        )
    return label


def _check_text(value: Any, name: str, where: str) -> str:
    if not isinstance(value, str):
        raise DataError(f"{where}: field {name!r} is not a string")
    if not value.strip():
        raise DataError(f"{where}: field {name!r} is empty")
    if len(value) > MAX_FIELD_CHARS:
        raise DataError(f"{where}: field {name!r} is longer than {MAX_FIELD_CHARS} characters")
    return value


def _read_tsv(card: TaskCard, src: OfficialSource, path: Path) -> list[Example]:
    """Rows written by csv.writer(delimiter='\\t'); the label column may be absent."""
    columns = src.columns
    text_columns = [c for c in columns if c != card.label_field]
    examples: list[Example] = []
    lines = (line for _, line in _lines(path))
    reader = csv.reader(lines, delimiter="\t")
    try:
        for row in reader:
            where = f"{path}:{reader.line_num}"
            if not row:
                continue
            if len(row) == len(columns):
                values = dict(zip(columns, row, strict=True))
                label = (
                    _label_name(card, values[card.label_field], where) if card.label_field else None
                )
            elif len(row) == len(text_columns):
                values = dict(zip(text_columns, row, strict=True))
                label = None
            else:
                raise DataError(
                    f"{where}: expected {len(columns)} tab-separated columns "
                    f"({', '.join(columns)}), found {len(row)}"
                )
            fields: dict[str, FieldValue] = {
                name: _check_text(values[name], name, where) for name in text_columns
            }
            examples.append(Example(str(len(examples)), fields, label))
    except csv.Error as exc:
        raise DataError(f"{path}:{reader.line_num}: malformed TSV ({exc})") from None
    return examples


def _read_jsonl(card: TaskCard, path: Path) -> list[Example]:
    examples: list[Example] = []
    for number, line in _lines(path):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{where}: not valid JSON ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise DataError(f"{where}: expected a JSON object")
        missing = [f for f in card.field_names if f not in obj]
        if missing:
            raise DataError(f"{where}: missing field(s) {', '.join(missing)}")
        fields: dict[str, FieldValue] = {
            name: _check_text(obj[name], name, where) for name in card.field_names
        }
        label = None
        if card.label_field and card.label_field in obj:
            label = _label_name(card, obj[card.label_field], where)
        ex_id = str(obj.get("idx", obj.get("id", len(examples))))
        examples.append(Example(ex_id, fields, label))
    ids = [e.id for e in examples]
    if len(set(ids)) != len(ids):
        raise DataError(f"{path}: duplicate example ids")
    return examples


def read_examples(card: TaskCard, path: Path) -> list[Example]:
    """Read one official-layout data file of `card` into examples.

    Raises:
        DataError: the file is missing or a line is malformed (file and line named).
    """
    src = card.sources.official
    if src.format == "tsv":
        return _read_tsv(card, src, path)
    if src.format == "jsonl":
        return _read_jsonl(card, path)
    raise DataError(f"task {card.name!r}: reading the {src.format!r} format is not implemented yet")


def read_labels(card: TaskCard, path: Path, n: int) -> list[str]:
    """Read gold labels from an official label-folder file; require exactly `n` of them.

    Raises:
        DataError: the file is missing, malformed, or holds a different number of labels.
    """
    fmt = card.sources.official.labels_format
    labels: list[str] = []
    for number, line in _lines(path):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        if fmt == "lines":
            labels.append(_label_name(card, line, where))
        elif fmt == "jsonl":
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(f"{where}: not valid JSON ({exc.msg})") from None
            if not isinstance(obj, dict) or "label" not in obj:
                raise DataError(f"{where}: expected a JSON object with a `label` key")
            labels.append(_label_name(card, obj["label"], where))
        else:
            raise DataError(f"task {card.name!r}: label format {fmt!r} is not implemented yet")
    if len(labels) != n:
        raise DataError(f"{path}: {len(labels)} labels for {n} examples")
    return labels
