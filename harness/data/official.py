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

from harness.data.examples import Example, FieldValue, Gold
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


def _conll_blocks(path: Path) -> Iterator[tuple[int, list[tuple[int, list[str]]]]]:
    """Yield (first line number, [(line number, tab-separated cells)]) per blank-line block."""
    block: list[tuple[int, list[str]]] = []
    for number, line in _lines(path):
        if not line.strip():
            if block:
                yield block[0][0], block
                block = []
            continue
        block.append((number, line.split("\t")))
    if block:
        yield block[0][0], block


def _read_conll(card: TaskCard, path: Path) -> list[Example]:
    """One `word<TAB>tag` (or `word`) line per token, a blank line between sentences."""
    field = card.field_names[0]
    examples: list[Example] = []
    for _, block in _conll_blocks(path):
        words: list[str] = []
        tags: list[str] = []
        for number, cells in block:
            where = f"{path}:{number}"
            if len(cells) not in (1, 2) or not cells[0].strip():
                raise DataError(f"{where}: expected `word` or `word<TAB>tag`")
            words.append(cells[0].strip())
            if len(cells) == 2:
                tags.append(_label_name(card, cells[1], where))
        if tags and len(tags) != len(words):
            raise DataError(f"{path}:{block[0][0]}: some tokens of this sentence have no tag")
        label = tuple(tags) if tags else None
        examples.append(Example(str(len(examples)), {field: tuple(words)}, label))
    return examples


def _load_json(path: Path) -> Any:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not valid UTF-8 (byte {exc.start})") from None
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None


def _squad_questions(path: Path) -> Iterator[tuple[dict[str, Any], str]]:
    """Yield (question object, its paragraph's context) from SQuAD v1.1 JSON."""
    data = _load_json(path)
    articles = data.get("data") if isinstance(data, dict) else None
    if not isinstance(articles, list):
        raise DataError(f"{path}: expected SQuAD JSON with a top-level `data` list")
    for a, article in enumerate(articles):
        for p, paragraph in enumerate(article.get("paragraphs", [])):
            where = f"{path}: data[{a}].paragraphs[{p}]"
            context = paragraph.get("context")
            if not isinstance(context, str) or not context.strip():
                raise DataError(f"{where}: missing or empty `context`")
            for q, qa in enumerate(paragraph.get("qas", [])):
                if not isinstance(qa, dict) or "id" not in qa:
                    raise DataError(f"{where}.qas[{q}]: expected an object with an `id`")
                yield qa, context


def _answers(qa: dict[str, Any], where: str) -> tuple[str, ...] | None:
    answers = qa.get("answers")
    if not answers:
        return None
    if not isinstance(answers, list) or not all(
        isinstance(a, dict) and isinstance(a.get("text"), str) for a in answers
    ):
        raise DataError(f"{where}: `answers` must be a list of {{text, answer_start}}")
    return tuple(a["text"] for a in answers)


def _read_squad(card: TaskCard, path: Path) -> list[Example]:
    examples: list[Example] = []
    seen: set[str] = set()
    for qa, context in _squad_questions(path):
        where = f"{path}: question {qa['id']!r}"
        qid = str(qa["id"])
        if qid in seen:
            raise DataError(f"{where}: duplicate question id")
        seen.add(qid)
        question = _check_text(qa.get("question"), "question", where)
        fields: dict[str, FieldValue] = {"question": question, "context": context}
        examples.append(Example(qid, fields, _answers(qa, where)))
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
    if src.format == "conll":
        return _read_conll(card, path)
    if src.format == "squad_json":
        return _read_squad(card, path)
    raise DataError(f"task {card.name!r}: reading the {src.format!r} format is not implemented yet")


def read_labels(card: TaskCard, path: Path, examples: list[Example]) -> list[Gold]:
    """Read the gold labels of `examples` from an official label-folder file.

    Line formats (`lines`, `jsonl`) give one label per example, in order; `conll` gives one
    tag per token and a blank line per sentence; `squad_json` gives the answers by question id.

    Raises:
        DataError: the file is missing or malformed, or does not cover the examples exactly.
    """
    fmt = card.sources.official.labels_format
    n = len(examples)
    if fmt == "conll":
        blocks = list(_conll_blocks(path))
        if len(blocks) != n:
            raise DataError(f"{path}: {len(blocks)} sentences of tags for {n} sentences")
        out: list[Gold] = []
        for (start, block), ex in zip(blocks, examples, strict=True):
            tags = tuple(_label_name(card, cells[0], f"{path}:{num}") for num, cells in block)
            words = ex.fields[card.field_names[0]]
            if len(tags) != len(words):
                raise DataError(f"{path}:{start}: {len(tags)} tags for {len(words)} tokens")
            out.append(tags)
        return out
    if fmt == "squad_json":
        gold = {
            str(qa["id"]): _answers(qa, f"{path}: question {qa['id']!r}")
            for qa, _ in _squad_questions(path)
        }
        missing = [e.id for e in examples if not gold.get(e.id)]
        if missing:
            raise DataError(
                f"{path}: no answers for {len(missing)} question(s), e.g. {missing[0]!r}"
            )
        return [gold[e.id] or () for e in examples]
    labels: list[Gold] = []
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
