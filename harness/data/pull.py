"""`harness data pull`: write the official `download/` and `labels/` layout from the hub.

For clusters whose GPU nodes have no internet: pull on a login node, score offline with
`--data DIR/download --labels DIR/labels`. Each (task, language) is loaded from its hub source,
checked against the card's identity (a nonstandard set is refused, not written), rendered in the
official layout, read back with the official readers into a staging folder and compared with
the hub examples (so the folder scores exactly as the hub rows do), and only then moved into
place, one file at a time by rename: a file is either absent, the old one, or the whole new one.
`SHA256SUMS` (the `sha256sum -c` format) and `sources.json` (hub id, config, split and revision
per cell) are rewritten atomically after every cell.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.data import identity, load_task_data
from harness.data.examples import Example
from harness.data.hub import HubCell, load_hub_cell
from harness.data.official import retrieval_sides
from harness.errors import ConfigError, DataError, HarnessError
from harness.registry import Registry, suggest
from harness.results import atomic_write_text
from harness.schema import TaskCard

__all__ = ["CHECKSUMS", "SOURCES", "PullReport", "pull"]

CHECKSUMS = "SHA256SUMS"
SOURCES = "sources.json"
DOWNLOAD = "download"
LABELS = "labels"

Progress = Callable[[str], None]


@dataclass(frozen=True)
class PulledCell:
    """One (task, language) written: where it came from and the files it wrote (relative)."""

    task: str
    language: str
    location: str
    revision: str | None
    pinned: bool
    state: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class PullFailure:
    task: str
    language: str
    message: str


@dataclass(frozen=True)
class PullReport:
    cells: tuple[PulledCell, ...]
    failures: tuple[PullFailure, ...]


# --------------------------------------------------------------------------- rendering


def _one_line(text: str, where: str) -> str:
    if "\n" in text or "\r" in text:
        raise DataError(f"{where}: holds a line break, which the official layout cannot hold")
    return text


def _tsv(rows: Iterable[Sequence[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")  # what the reader expects
    writer.writerows(rows)
    return out.getvalue()


def _json_scalar(value: str) -> int | str:
    """XCOPA's files hold `idx` and `label` as JSON numbers."""
    return int(value) if value.isdecimal() else value


def _gold(ex: Example) -> tuple[str, ...]:
    label = ex.label
    return () if label is None else (label,) if isinstance(label, str) else tuple(label)


def _squad(
    card: TaskCard, examples: Sequence[Example], starts: Mapping[str, list[int]], answers: bool
) -> str:
    """SQuAD v1.1 JSON; consecutive questions on one context share a paragraph."""
    paragraphs: list[dict[str, Any]] = []
    for ex in examples:
        context = ex.text("context")
        if not paragraphs or paragraphs[-1]["context"] != context:
            paragraphs.append({"context": context, "qas": []})
        qa: dict[str, Any] = {"id": ex.id, "question": ex.text("question"), "answers": []}
        if answers:  # the hub row's offsets; -1 where it gave none (readers use the text)
            found = starts.get(ex.id, [])
            qa["answers"] = [
                {"text": t, "answer_start": found[i] if i < len(found) else -1}
                for i, t in enumerate(_gold(ex))
            ]
        paragraphs[-1]["qas"].append(qa)
    doc = {"version": f"{card.name} (harness data pull)", "data": [{"paragraphs": paragraphs}]}
    return json.dumps(doc, ensure_ascii=False) + "\n"


def _answer_starts(cell: HubCell) -> dict[str, list[int]]:
    """Question id -> the answer offsets of its hub row (SQuAD-style `answers`)."""
    id_column = cell.hub.columns.get("id")
    label_column = cell.hub.label_column
    out: dict[str, list[int]] = {}
    if id_column is None or label_column is None:
        return out
    for row in cell.rows:
        answers = row.get(label_column)
        if isinstance(answers, Mapping) and "answer_start" in answers:
            out[str(row.get(id_column))] = [int(s) for s in answers["answer_start"]]
    return out


def render(card: TaskCard, lang: str, cell: HubCell) -> dict[str, str]:
    """The official-layout files of one hub cell: relative path -> text.

    Test files are written without gold, as the official layout has them; the gold goes to the
    card's `labels_path` under `labels/`.

    Raises:
        DataError: the card's layout cannot hold the rows (a line break inside a line-based
            field), or the task has no label-folder layout to write its gold to.
    """
    src = card.sources.official
    split = card.splits["test"]
    path = f"{DOWNLOAD}/{src.path.format(split=split, lang=lang)}"
    if src.labels_path is None or src.labels_format is None:
        raise DataError(f"task {card.name!r} has no label-folder layout to write its gold to")
    labels = f"{LABELS}/{src.labels_path.format(lang=lang)}"
    examples = cell.examples
    where = cell.location
    if src.format == "text_pairs":
        if src.index_path is None:
            raise DataError(f"task {card.name!r}: format text_pairs needs index_path in the card")
        query_f, index_f, _ = retrieval_sides(card)
        first = next((c for c in src.columns if c != "id"), card.field_names[0])
        index_file = f"{DOWNLOAD}/{src.index_path.format(split=split, lang=lang)}"
        sides = {first: path, (index_f if first == query_f else query_f): index_file}
        query_lines = [_one_line(e.text(query_f), where) for e in examples]
        index_lines = [_one_line(e.text(index_f), where) for e in cell.index]
        return {
            sides[query_f]: "".join(f"{t}\n" for t in query_lines),
            sides[index_f]: "".join(f"{t}\n" for t in index_lines),
            labels: "".join(f"{_one_line(_gold(e)[0], where)}\n" for e in examples),
        }
    if src.format == "tsv" and src.labels_format == "lines":
        text_columns = [c for c in src.columns if c != card.label_field]
        rows = [[_one_line(e.text(c), where) for c in text_columns] for e in examples]
        gold = "".join(f"{_one_line(_gold(e)[0], where)}\n" for e in examples)
        return {path: _tsv(rows), labels: gold}
    if src.format == "jsonl" and src.labels_format == "jsonl":
        lines, gold_lines = [], []
        for e in examples:
            obj: dict[str, Any] = {name: e.fields[name] for name in card.field_names}
            obj["idx"] = _json_scalar(e.id)
            lines.append(json.dumps(obj, ensure_ascii=False) + "\n")
            labelled = {**obj, "label": _json_scalar(_gold(e)[0])}
            gold_lines.append(json.dumps(labelled, ensure_ascii=False) + "\n")
        return {path: "".join(lines), labels: "".join(gold_lines)}
    if src.format == "conll" and src.labels_format == "conll":
        field = card.field_names[0]
        words = "".join(
            "".join(f"{_one_line(w, where)}\n" for w in e.tokens(field)) + "\n" for e in examples
        )
        tags = "".join("".join(f"{t}\n" for t in _gold(e)) + "\n" for e in examples)
        return {path: words, labels: tags}
    if src.format == "squad_json" and src.labels_format == "squad_json":
        starts = _answer_starts(cell)
        return {
            path: _squad(card, examples, starts, answers=False),
            labels: _squad(card, examples, starts, answers=True),
        }
    raise DataError(f"task {card.name!r}: pulling the {src.format!r} layout is not implemented")


# --------------------------------------------------------------------------- writing


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _read_checksums(out: Path) -> dict[str, str]:
    path = out / CHECKSUMS
    if not path.is_file():
        return {}
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if name:
            table[name] = digest
    return table


def _read_sources(out: Path) -> dict[str, Any]:
    path = out / SOURCES
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        raise DataError(f"{path}: not valid JSON (not written by harness data pull?)") from None
    return data if isinstance(data, dict) else {}


def _same(a: Sequence[Example], b: Sequence[Example]) -> int | None:
    """The first position where two example sequences differ, or None."""
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if (x.id, dict(x.fields), x.label) != (y.id, dict(y.fields), y.label):
            return i
    return None if len(a) == len(b) else min(len(a), len(b))


def _stage_and_check(card: TaskCard, lang: str, cell: HubCell, stage: Path) -> dict[str, str]:
    """Write a cell's files under `stage`, read them back with the official readers and
    compare them with the hub examples."""
    files = render(card, lang, cell)
    for rel, text in files.items():
        target = stage / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    back = load_task_data(
        card, lang, str(stage / DOWNLOAD), labels_dir=stage / LABELS, allow_nonstandard=True
    )
    for what, hub_side, file_side in (
        ("example", cell.examples, back.examples),
        ("candidate", cell.index, back.index),
    ):
        at = _same(hub_side, file_side)
        if at is not None:
            raise DataError(
                f"{card.name}/{lang}: the written files do not read back as the hub rows "
                f"({what} {at} differs); nothing written"
            )
    return files


def _pull_cell(card: TaskCard, lang: str, out: Path) -> PulledCell:
    cell = load_hub_cell(card, lang)
    checked = identity.check(
        card, "test", lang, cell.examples, cell.index, source="hub", location=cell.location
    )
    stage = Path(tempfile.mkdtemp(prefix=".pull-", dir=out))
    try:
        files = _stage_and_check(card, lang, cell, stage)
        for rel in files:  # each file appears whole, by rename on the same file system
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(stage / rel, target)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return PulledCell(
        card.name,
        lang,
        cell.location,
        cell.revision,
        cell.pinned,
        checked.state,
        tuple(sorted(files)),
    )


def _record(out: Path, pulled: PulledCell) -> None:
    sums = _read_checksums(out)
    for rel in pulled.files:
        sums[rel] = _sha256(out / rel)
    atomic_write_text(out / CHECKSUMS, "".join(f"{sums[k]}  {k}\n" for k in sorted(sums)))
    sources = _read_sources(out)
    sources[f"{pulled.task}/{pulled.language}"] = {
        "source": pulled.location,
        "revision": pulled.revision,
        "pinned": pulled.pinned,
        "state": pulled.state,
        "files": list(pulled.files),
    }
    text = json.dumps(dict(sorted(sources.items())), indent=1, ensure_ascii=False) + "\n"
    atomic_write_text(out / SOURCES, text)


def pull(
    registry: Registry,
    tasks: Sequence[str],
    langs: Sequence[str] | None,
    out: Path,
    progress: Progress | None = None,
) -> PullReport:
    """Pull every (task, language) from the hub into `out` in the official layout.

    Languages default to every card language a hub source serves. A failed cell (unreachable
    hub, nonstandard data, rows the layout cannot hold) writes nothing and is reported; the
    others continue.

    Raises:
        ConfigError: no task, an unknown task or an unknown language (before any download).
    """
    if not tasks:
        raise ConfigError("name the tasks to pull (--tasks T,..)")
    cards = [registry.task(name) for name in tasks]
    wanted = list(langs or ())
    known = {lang for card in cards for lang in card.languages}
    for lang in wanted:
        if lang not in known:
            raise ConfigError(f"unknown language {lang!r}{suggest(lang, known)}")
    out.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda _msg: None)
    cells: list[PulledCell] = []
    failures: list[PullFailure] = []
    for card in cards:
        served = [
            lang
            for lang in card.languages
            if any(h.languages is None or lang in h.languages for h in card.sources.hub)
        ]
        chosen = [lang for lang in card.languages if lang in wanted] if wanted else served
        if not chosen:
            why = card.sources.hub_refusal or "no hub source serves its languages"
            failures.append(PullFailure(card.name, "-", f"nothing to pull: {why}"))
            continue
        for lang in chosen:
            say(f"{card.name}.{lang}")
            try:
                pulled = _pull_cell(card, lang, out)
                _record(out, pulled)
            except HarnessError as exc:
                failures.append(PullFailure(card.name, lang, exc.message))
                continue
            cells.append(pulled)
    return PullReport(tuple(cells), tuple(failures))
