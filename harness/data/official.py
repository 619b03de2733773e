"""Readers for the official XTREME `download/` layout and the official label-folder layout.

The same readers serve the bundled samples (tasks/samples/ mirrors the official layout with gold
labels kept inline). Every malformed line is reported with its file and line number.
"""

from __future__ import annotations

import csv
import functools
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
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
    # csv's default field limit (131072) is below ours; a longer field gets our message.
    if csv.field_size_limit() <= MAX_FIELD_CHARS:
        csv.field_size_limit(MAX_FIELD_CHARS + 1)
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


def _pair_labels(path: Path, examples: list[Example]) -> list[Gold]:
    """Gold `src<TAB>tgt` pairs (BUCC): per example (a source sentence), the ids it pairs with."""
    partners: dict[str, list[str]] = {e.id: [] for e in examples}
    for number, line in _lines(path):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 2 or not all(cells):
            raise DataError(f"{path}:{number}: expected `source_id<TAB>target_id`")
        if cells[0] not in partners:
            raise DataError(f"{path}:{number}: {cells[0]!r} is not a sentence of the corpus")
        if cells[1] not in partners[cells[0]]:  # the official scorer reads the pairs as a set
            partners[cells[0]].append(cells[1])
    return [tuple(partners[e.id]) for e in examples]


def _json_labels(path: Path, examples: list[Example]) -> list[Gold]:
    """One JSON object, example id -> [gold id] (Mewsli-X)."""
    data = _load_json(path)
    if not isinstance(data, dict):
        raise DataError(f"{path}: expected one JSON object, example id -> [gold id]")
    out: list[Gold] = []
    for e in examples:
        value = data.get(e.id)
        if not isinstance(value, list) or not value or not isinstance(value[0], str):
            raise DataError(f"{path}: no gold id for example {e.id!r}")
        out.append(value[0].strip())
    return out


def read_labels(card: TaskCard, path: Path, examples: list[Example]) -> list[Gold]:
    """Read the gold labels of `examples` from an official label-folder file.

    Line formats (`lines`, `jsonl`) give one label per example, in order; `conll` gives one
    tag per token and a blank line per sentence; `squad_json` gives the answers by question id;
    `tsv` gives `source<TAB>target` gold pairs (each example's label: the targets it pairs
    with); `json` maps example ids to a list holding the gold id.

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
    if fmt == "tsv":
        return _pair_labels(path, examples)
    if fmt == "json":
        return _json_labels(path, examples)
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


# --------------------------------------------------------------------------- retrieval readers

#: Stands where a mention span sits inside a noised context field (Mewsli-X): a private-use
#: character with a space on each side. It is a word without letters, which the noise engine
#: never edits (operations touch letters of eligible words only), so after noise the context
#: still splits into exactly the left and right of the untouched span.
SPAN_MARK = "\ue000"
_BRACED = re.compile(r"\{(.*?)\}")


@dataclass(frozen=True)
class RetrievalData:
    """What a retrieval source holds for one language: the queries (examples) and, where the
    candidates are read separately, the candidates (index)."""

    examples: list[Example]
    index: tuple[Example, ...]
    location: str
    notes: tuple[str, ...] = ()


def retrieval_sides(card: TaskCard) -> tuple[str, str, str | None]:
    """(query field, index field, extra field): the extra field is the card's one field that is
    neither side (LAReQA's paragraph `context`, Mewsli-X's `mention`), or None."""
    spec = card.retrieval
    if spec is None:
        raise DataError(f"task {card.name!r} has no retrieval settings")
    extra = [f for f in card.field_names if f not in (spec.query_side, spec.index_side)]
    return spec.query_side, spec.index_side, extra[0] if extra else None


def mark_span(text: str, start: int, end: int) -> str:
    """`text` with [start:end] replaced by the span mark, spaced off its neighbours."""
    return f"{text[:start]} {SPAN_MARK} {text[end:]}"


def split_marked(marked: str) -> tuple[str, str]:
    """The (left, right) context around the span mark, undoing `mark_span` exactly.

    Raises:
        DataError: the text does not hold exactly one mark.
    """
    parts = marked.split(SPAN_MARK)
    if len(parts) != 2:
        raise DataError(f"expected one mention mark in the context, found {len(parts) - 1}")
    left, right = parts
    left = left[:-1] if left.endswith(" ") else left
    right = right[1:] if right.startswith(" ") else right
    return left, right


def mention_query(marked: str, mention: str) -> str:
    """The Mewsli-X baseline's query string (utils_mewslix.preprocess_mention): the mention,
    a colon, then the context with the mention in braces; `{..}` in the context become `(..)`;
    newlines and double spaces are normalised away."""
    left, right = split_marked(marked)
    left, right = _BRACED.sub(r"(\1)", left), _BRACED.sub(r"(\1)", right)
    query = f"{mention}: {left} {{ {mention} }} {right}"
    return " ".join(query.splitlines()).replace("  ", " ").strip()


def _normalise_lines(text: str) -> str:
    return " ".join(text.splitlines()).replace("  ", " ").strip()


def _split_name(card: TaskCard, split: str) -> str:
    name = card.splits.get(split)  # type: ignore[call-overload]
    if name is None:
        raise DataError(f"task {card.name!r} has no {split!r} split")
    return str(name)


def _id_lines(path: Path) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    seen: set[str] = set()
    for number, line in _lines(path):
        if not line.strip():
            continue
        cells = line.split("\t", 1)
        if len(cells) != 2 or not cells[0].strip():
            raise DataError(f"{path}:{number}: expected `id<TAB>sentence`")
        key = cells[0].strip()
        if key in seen:
            raise DataError(f"{path}:{number}: duplicate id {key!r}")
        seen.add(key)
        out.append((key, cells[1]))
    return out


def _read_text_pairs(card: TaskCard, root: Path, split: str, lang: str) -> RetrievalData:
    """Two text files, one per side (`path` holds the first card field, or the non-id column
    named in `columns`; `index_path` the other side).

    The query side's file gives the examples and the other file the index. Lines are
    `id<TAB>sentence` when `columns` names an `id` (BUCC); otherwise one sentence per line, and
    a line's id is its 0-based number (Tatoeba: the official prediction for a query is the
    number of the index line it retrieves).
    """
    src = card.sources.official
    query_f, index_f, _ = retrieval_sides(card)
    if src.index_path is None:
        raise DataError(f"task {card.name!r}: format text_pairs needs index_path in the card")
    name = _split_name(card, split)
    path = root / src.path.format(split=name, lang=lang)
    other = root / src.index_path.format(split=name, lang=lang)
    first = next((c for c in src.columns if c != "id"), card.field_names[0])
    if first not in (query_f, index_f):
        raise DataError(f"task {card.name!r}: {first!r} is neither retrieval side")
    files = {first: path, (index_f if first == query_f else query_f): other}

    def side(field: str) -> list[Example]:
        if "id" in src.columns:
            return [Example(k, {field: t}) for k, t in _id_lines(files[field])]
        return [Example(str(i), {field: t}) for i, (_, t) in enumerate(_lines(files[field]))]

    return RetrievalData(side(query_f), tuple(side(index_f)), str(files[query_f]))


def _stamp(path: Path) -> tuple[str, int, int]:
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    return str(path), stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=2)
def _xquad_r_pool(
    files: tuple[tuple[str, tuple[str, int, int]], ...], query_f: str, index_f: str, ctx_f: str
) -> tuple[dict[str, tuple[Example, ...]], tuple[Example, ...]]:
    """Questions per language and the pooled candidates of XQuAD-R files (LAReQA).

    As third_party/utils_lareqa.py `load_data`: paragraphs are numbered from 1 per file and a
    candidate is one sentence of a paragraph (`sentence_breaks`), id `{lang}_{paragraph}_{pos}`;
    a question is kept when its answer starts inside a sentence, and its relevant candidates are
    the sentences equal to its answer sentence in every language's copy of the question (same
    question id). Only paragraphs with a kept question contribute candidates.
    """
    questions: dict[str, list[tuple[str, str]]] = {}
    relevant: dict[str, list[str]] = {}
    pool: list[Example] = []
    for lang, (file, _, _) in files:
        path = Path(file)
        data = _load_json(path)
        articles = data.get("data") if isinstance(data, dict) else None
        if not isinstance(articles, list):
            raise DataError(f"{path}: expected SQuAD JSON with a top-level `data` list")
        kept: list[tuple[str, str]] = []
        paragraph_no = 0
        for a, article in enumerate(articles):
            for paragraph in article.get("paragraphs", []):
                paragraph_no += 1
                where = f"{path}: data[{a}] paragraph {paragraph_no}"
                context = paragraph.get("context")
                breaks = paragraph.get("sentence_breaks")
                if not isinstance(context, str) or not isinstance(breaks, list):
                    raise DataError(f"{where}: needs `context` and `sentence_breaks`")
                try:
                    spans = [(int(s), int(e)) for s, e in breaks]
                except (TypeError, ValueError):
                    raise DataError(
                        f"{where}: sentence_breaks must be [start, end] pairs"
                    ) from None
                sentences = [context[s:e] for s, e in spans]
                found = False
                for qa in paragraph.get("qas", []):
                    answers = qa.get("answers") if isinstance(qa, dict) else None
                    if not answers or "id" not in qa or not isinstance(qa.get("question"), str):
                        raise DataError(f"{where}: a question needs an id, text and an answer")
                    start = int(answers[0]["answer_start"])
                    answer = next((context[s:e] for s, e in spans if s <= start < e), None)
                    if answer is None:
                        continue  # the official loader skips it (a sentence-breaking error)
                    found = True
                    qid = str(qa["id"])
                    kept.append((qid, qa["question"]))
                    rel = relevant.setdefault(qid, [])
                    rel.extend(
                        f"{lang}_{paragraph_no}_{pos}"
                        for pos, sentence in enumerate(sentences)
                        if sentence == answer
                    )
                if found:
                    for pos, sentence in enumerate(sentences):
                        fields: dict[str, FieldValue] = {index_f: sentence}
                        if ctx_f:
                            fields[ctx_f] = context
                        pool.append(Example(f"{lang}_{paragraph_no}_{pos}", fields))
        ids = [q for q, _ in kept]
        if len(set(ids)) != len(ids):
            raise DataError(f"{path}: duplicate question ids")
        questions[lang] = kept
    by_lang = {
        lang: tuple(Example(q, {query_f: text}, tuple(relevant[q])) for q, text in kept)
        for lang, kept in questions.items()
    }
    return by_lang, tuple(pool)


def _read_xquad_r(card: TaskCard, root: Path, split: str, lang: str) -> RetrievalData:
    """SQuAD JSON with `sentence_breaks` (LAReQA's XQuAD-R): the cell's questions against the
    pool of every card language's sentences."""
    src = card.sources.official
    query_f, index_f, ctx_f = retrieval_sides(card)
    name = _split_name(card, split)
    paths = {code: root / src.path.format(split=name, lang=code) for code in card.languages}
    missing = [str(p) for p in paths.values() if not p.is_file()]
    if missing:
        raise DataError(
            f"the {card.name} candidate pool is every language's file; missing: "
            + ", ".join(missing)
        )
    files = tuple((code, _stamp(p)) for code, p in paths.items())
    by_lang, pool = _xquad_r_pool(files, query_f, index_f, ctx_f or "")
    return RetrievalData(list(by_lang[lang]), pool, str(paths[lang]))


def _dotted(obj: Any, key: str) -> Any:
    for part in key.split("."):
        obj = obj.get(part) if isinstance(obj, dict) else None
    return obj


def _jsonl_objects(path: Path) -> Iterator[tuple[str, dict[str, Any]]]:
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
        yield where, obj


def languages_in(path: Path, key: str) -> frozenset[str]:
    """The language codes (at the dotted `key` of each JSON line) a multi-language file holds."""
    return _languages_in(_stamp(path), key)


@functools.lru_cache(maxsize=4)
def _languages_in(stamp: tuple[str, int, int], key: str) -> frozenset[str]:
    return frozenset(
        str(value)
        for _, obj in _jsonl_objects(Path(stamp[0]))
        if (value := _dotted(obj, key)) is not None
    )


def _mention_example(
    obj: dict[str, Any], mention: Any, where: str, query_f: str, span_f: str
) -> Example:
    """One Mewsli-X mention: the sentence holding it, with the span marked (the baseline's
    `truncate(window_size=0)`), and the span text."""
    context = obj.get("context") or {}
    text = context.get("text")
    if not isinstance(mention, dict) or not isinstance(text, str):
        raise DataError(f"{where}: expected a context text and mention objects")
    span = mention.get("mention_span") or {}
    try:
        start, end, surface = int(span["start"]), int(span["end"]), str(span["text"])
        example_id = str(mention["example_id"])
        sentences = [(int(s["start"]), int(s["end"])) for s in context["sentence_spans"]]
    except (KeyError, TypeError, ValueError):
        raise DataError(
            f"{where}: a mention needs example_id and mention_span {{start, end, text}}, "
            "its context sentence_spans"
        ) from None
    if text[start:end] != surface:
        raise DataError(f"{where}: mention {example_id!r}: span text differs from the context")
    found = next(((s, e) for s, e in sentences if s <= start < e and s < end <= e), None)
    if found is None:
        raise DataError(f"{where}: mention {example_id!r} lies in no single sentence")
    s, e = found
    sentence = text[s:e]
    if SPAN_MARK in sentence:
        raise DataError(f"{where}: mention {example_id!r}: the context holds U+E000")
    marked = mark_span(sentence, start - s, end - s)
    entity = mention.get("entity_id")
    label = str(entity) if entity is not None else None
    return Example(example_id, {query_f: marked, span_f: surface}, label)


@functools.lru_cache(maxsize=2)
def _entities(
    stamp: tuple[str, int, int], field: str, subset: tuple[str, int, int] | None
) -> tuple[tuple[Example, ...], tuple[str, ...]]:
    """Mewsli-X candidate entities: text = the description's sentences joined by spaces
    (utils_mewslix.preprocess_entity_description); optionally only the ids a subset file lists."""
    keep: set[str] | None = None
    notes: tuple[str, ...] = ()
    if subset is not None:
        keep = {line.strip() for _, line in _lines(Path(subset[0])) if line.strip()}
    out: list[Example] = []
    seen: set[str] = set()
    for where, obj in _jsonl_objects(Path(stamp[0])):
        entity_id, description = obj.get("entity_id"), obj.get("description")
        if not isinstance(entity_id, str) or not isinstance(description, str):
            raise DataError(f"{where}: an entity needs entity_id and description strings")
        if keep is not None and entity_id not in keep:
            continue
        if entity_id in seen:
            raise DataError(f"{where}: duplicate entity id {entity_id!r}")
        seen.add(entity_id)
        try:
            spans = [(int(s["start"]), int(s["end"])) for s in obj.get("sentence_spans", [])]
        except (KeyError, TypeError, ValueError):
            raise DataError(f"{where}: sentence_spans must be {{start, end}} objects") from None
        text = _normalise_lines(" ".join(description[s:e] for s, e in spans))
        out.append(Example(entity_id, {field: text}))
    if keep is not None and subset is not None:
        notes = (f"candidate subset {subset[0]}: {len(out)} candidates",)
        absent = len(keep - seen)
        if absent:
            notes += (f"{absent} id(s) of the subset are not in {stamp[0]}",)
    return tuple(out), notes


def _read_mentions(card: TaskCard, root: Path, split: str, lang: str) -> RetrievalData:
    """Mewsli-X: one JSON line per article (`context`, `mentions`), every language in one file
    (selected by `language_key`); candidates from `index_path` (optionally narrowed by the
    `index_subset_path` file when it exists)."""
    src = card.sources.official
    query_f, index_f, span_f = retrieval_sides(card)
    if span_f is None or src.index_path is None or src.language_key is None:
        raise DataError(
            f"task {card.name!r}: mention retrieval needs a mention field, index_path and "
            "language_key in the card"
        )
    name = _split_name(card, split)
    path = root / src.path.format(split=name, lang=lang)
    examples: list[Example] = []
    for where, obj in _jsonl_objects(path):
        if _dotted(obj, src.language_key) != lang:
            continue
        for mention in obj.get("mentions") or []:
            examples.append(_mention_example(obj, mention, where, query_f, span_f))
    ids = [e.id for e in examples]
    if len(set(ids)) != len(ids):
        raise DataError(f"{path}: duplicate example ids for {lang}")
    subset = None
    if src.index_subset_path is not None:
        candidate = root / src.index_subset_path.format(split=name, lang=lang)
        subset = _stamp(candidate) if candidate.is_file() else None
    index, notes = _entities(
        _stamp(root / src.index_path.format(split=name, lang=lang)), index_f, subset
    )
    return RetrievalData(examples, index, str(path), notes)


def read_retrieval(card: TaskCard, root: Path, split: str, lang: str) -> RetrievalData:
    """Read the queries (and separately stored candidates) of a retrieval task.

    Raises:
        DataError: a file is missing or malformed (file and line named).
    """
    fmt = card.sources.official.format
    if fmt == "text_pairs":
        return _read_text_pairs(card, root, split, lang)
    if fmt == "squad_json":
        return _read_xquad_r(card, root, split, lang)
    if fmt == "jsonl" and card.sources.official.language_key is not None:
        return _read_mentions(card, root, split, lang)
    raise DataError(f"task {card.name!r}: no retrieval reader for the {fmt!r} format")


def index_shared_by_languages(card: TaskCard) -> bool:
    """Whether every language of a retrieval task searches one and the same candidate index:
    LAReQA's pool of every language's sentences, Mewsli-X's one entity set (an `index_path`
    without `{lang}`). Such an index is encoded once per process for all the languages, which
    `harness.shards` keeps together for that reason. Tatoeba and BUCC pair each language with
    its own index; non-retrieval tasks have none."""
    if card.family != "retrieval":
        return False
    src = card.sources.official
    if src.format == "squad_json":  # read_retrieval: the pool of every card language's file
        return True
    return src.index_path is not None and "{lang}" not in src.index_path
