"""The content-addressed result store.

One record per (checkpoint, task, language, profile) cell, named by a key computed from
everything that can move the score: the task card and profile (content hashes), the data
fingerprint, the checkpoint fingerprint, the settings and the harness version. A re-run with the
same inputs is served from the store; a killed run resumes with the cells it had finished.

A record (schema version 3, docs/results.md) is two files side by side, and a third it shares:

- `<stem>.parquet`: the per-example columns, zstd-compressed Parquet (no pickles, no Python
  objects: plain typed columns). Ids that equal the data's own order ("0".."n-1") are not
  stored; the record marks them `positional`.
- `ids.<sha256[:16]>.parquet`: any other ids (QA question ids, Mewsli-X mention ids...),
  named by their content alone and stored once for every record of the same ids in the task's
  folder: the clean cell and every profile of one checkpoint, task and language, and the
  languages whose ids are the same (XQuAD's and LAReQA's questions are one id set in all
  eleven languages). The record marks them `shared` and names the file; version-3 records
  written before held the same bytes in `<lang>.ids.<sha256[:16]>.parquet` and still read.
- `<stem>.json`: key, signature, scores, noise figures, provenance, and the columns file's name,
  SHA-256 and column kinds (and the ids file's name and SHA-256).

The ids file and the columns file are written first, then the JSON record, each atomically
(temporary file, fsync, rename, then an fsync of the folder), so a JSON record exists only once
the files it names are complete. A record whose columns or ids file is missing or differs from
its checksum is incomplete: `ResultStore.get` treats it as absent (the cell is recomputed and
rewritten), iterating the store reports it. Version-1 records (one JSON file that holds the
columns too) are read through `migrate_v1`, version-2 records (ids inside the columns file) as
they are, and both are served as they are; `ResultStore.upgrade` rewrites them in version 3.

Layout: `<root>/<model fingerprint[:12]>/<task>/<lang>.<profile>.<key[:16]>.{json,parquet}`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import struct
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from harness.errors import SchemaError
from harness.schema import (
    RESULT_SCHEMA_VERSION,
    ColumnKind,
    ColumnsRef,
    IdsRef,
    RunResult,
    StoredResult,
)

COLUMNS_SUFFIX = ".parquet"
#: The versions this harness reads (each one it ever wrote).
READABLE_VERSIONS = (1, 2, RESULT_SCHEMA_VERSION)
_HEX = frozenset("0123456789abcdef")
#: Column kinds that take no place in the columns file.
_NOT_STORED = frozenset({"positional", "shared", "mask_rr", "mask_ap"})
#: zstd level of the columns files. Against level 9 it saves 10-15% on QA and ranked retrieval
#: columns for ~50 us per ranked example written (benchmarks/store_size.py --zstd-level).
ZSTD_LEVEL = 19
_INT64 = (-(2**63), 2**63 - 1)
#: a column is dictionary-encoded when it has at most this share of distinct values
_DICTIONARY_SHARE = 0.25


class IncompleteResult(SchemaError):
    """A stored record whose columns file is missing or differs from its checksum: a write cut
    short, or a copy that lost or changed the file. The store recomputes such a cell."""


def result_key(parts: Mapping[str, Any]) -> str:
    """sha256 over a canonical JSON encoding of the parts that determine a result."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def signature(
    task: str,
    lang: str,
    profile: str,
    profile_version: int,
    seed: int,
    data_fp: str,
    model_fp: str,
    harness_version: str,
    encoder: str | None = None,
    dtype: str = "fp32",
    revision: str | None = None,
    *,
    nonstandard: bool = False,
    draw: int = 0,
) -> str:
    """The one-line signature of a result, in the style of sacrebleu's.

    `encoder` (retrieval tasks: `pooling@layer`, e.g. `mean@8`) is added when given, since it
    moves the score as much as the checkpoint does; so is a `dtype` other than fp32 (`--dtype`),
    for a model downloaded from the hub the commit it resolved to (`rev:`), and `|nonstandard`
    for data that is not the official test set (--allow-nonstandard-data). Noise draw d >= 1
    of a profile (`--draws`) is marked on the profile, `typo-10@4#d2`; draw 0 has no mark, so
    one draw signs as runs always did.
    """
    mark = f"#d{draw}" if draw else ""
    extra = f"|enc:{encoder}" if encoder else ""
    extra += f"|dtype:{dtype}" if dtype != "fp32" else ""
    extra += f"|rev:{revision[:12]}" if revision else ""
    extra += "|nonstandard" if nonstandard else ""
    return (
        f"{task}.{lang}|{profile}@{profile_version}{mark}|seed:{seed}|data:{data_fp[:8]}"
        f"|model:{model_fp[:8]}{extra}|harness:{harness_version}"
    )


def _atomic_write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        else:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the whole new one."""
    _atomic_write(path, text)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that readers see the old file or the whole new one."""
    _atomic_write(path, bytes(data))


def _fsync_folder(folder: Path) -> None:
    """Make the renames done in `folder` durable, in order (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# --------------------------------------------------------------------------- columns


def column_kind(name: str, values: Sequence[Any]) -> ColumnKind:
    """How a per-example column is stored (see `harness.schema.ColumnKind`).

    The `id` column is `positional` when its values are "0".."n-1" and `shared` (kept in the
    ids file of its records) when they are other strings; any other column gets the narrowest
    kind that gives back exactly its values and their Python types.
    """
    if name == "id" and all(v == str(i) for i, v in enumerate(values)):
        return "positional"
    if name == "id" and all(type(v) is str for v in values):
        return "shared"
    present = [v for v in values if v is not None]
    types = {type(v) for v in present}
    if types == {bool}:
        return "bool"
    if types == {int} and all(_INT64[0] <= v <= _INT64[1] for v in present):
        return "int"
    if types == {float}:
        return "float"
    if types == {str}:
        return "str"
    if types == {list} and all(type(x) is str for v in present for x in v):
        return "str_list"
    return "json"


#: Ranked retrieval ranks 20 deep (harness.metrics.retrieval.TOP_K).
RANKS = 20
#: Columns that are derived from `relevant_at` (and `n_relevant`) instead of stored.
_DERIVED: dict[str, ColumnKind] = {"reciprocal_rank": "mask_rr", "average_precision": "mask_ap"}


def rr_from_mask(relevant_at: int) -> float:
    """The reciprocal rank of a query whose relevant ranks are the set bits of `relevant_at`
    (bit r-1 for rank r): 1 / the first such rank, 0.0 when there is none. The same float
    `harness.metrics.retrieval.reciprocal_rank` computes."""
    if not relevant_at:
        return 0.0
    return 1.0 / ((relevant_at & -relevant_at).bit_length())


def ap_from_mask(relevant_at: int, n_relevant: int) -> float:
    """AP@20 of a query from its relevant ranks (the set bits of `relevant_at`) and its number
    of relevant candidates, with the operations, in the order, of
    `harness.metrics.retrieval.average_precision`: the same float."""
    if n_relevant <= 0:
        return 0.0
    hits, total = 0, 0.0
    for rank in range(1, RANKS + 1):
        if relevant_at >> (rank - 1) & 1:
            hits += 1
            total += hits / rank
    return total / min(n_relevant, RANKS)


def _derivable(name: str, per_example: Mapping[str, Sequence[Any]]) -> bool:
    """Whether column `name` equals, bit for bit, what its ranked-retrieval columns give."""
    values = per_example[name]
    masks = per_example.get("relevant_at")
    if name not in _DERIVED or masks is None or any(type(m) is not int for m in masks):
        return False
    if not all(type(v) is float for v in values):
        return False
    if name == "reciprocal_rank":
        derived = [rr_from_mask(m) for m in masks]
    else:
        counts = per_example.get("n_relevant")
        if counts is None or any(type(c) is not int for c in counts):
            return False
        derived = [ap_from_mask(m, c) for m, c in zip(masks, counts, strict=True)]
    return all(
        struct.pack("<d", a) == struct.pack("<d", b) for a, b in zip(values, derived, strict=True)
    )


def _arrow_type(kind: ColumnKind) -> Any:
    import pyarrow as pa

    return {
        "bool": pa.bool_(),
        "int": pa.int64(),
        "float": pa.float64(),
        "str": pa.string(),
        "str_list": pa.list_(pa.string()),
        "json": pa.string(),
    }[kind]


def _worth_a_dictionary(kind: ColumnKind, values: Sequence[Any]) -> bool:
    """Whether dictionary encoding pays: few distinct values (labels, tags, 0/1 and the like)."""
    if kind == "bool":
        return False
    items = [x for v in values if v is not None for x in v] if kind == "str_list" else values
    return len(set(items)) <= _DICTIONARY_SHARE * len(items)


def encode_columns(per_example: Mapping[str, Sequence[Any]]) -> tuple[bytes, dict[str, ColumnKind]]:
    """Per-example columns -> (Parquet bytes, column name -> kind, in the columns' order).

    Deterministic: equal columns give equal bytes (under one pyarrow version).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    kinds = {name: column_kind(name, values) for name, values in per_example.items()}
    for name in _DERIVED:
        if name in per_example and _derivable(name, per_example):
            kinds[name] = _DERIVED[name]
    arrays, names, dictionary = [], [], []
    for name, values in per_example.items():
        kind = kinds[name]
        if kind in _NOT_STORED:
            continue
        if kind == "json":
            values = [json.dumps(v, ensure_ascii=False, separators=(",", ":")) for v in values]
        arrays.append(pa.array(values, type=_arrow_type(kind)))
        names.append(name)
        if _worth_a_dictionary(kind, values):
            dictionary.append(f"{name}.list.element" if kind == "str_list" else name)
    sink = pa.BufferOutputStream()
    pq.write_table(
        pa.Table.from_arrays(arrays, names=names),
        sink,
        compression="zstd",
        compression_level=ZSTD_LEVEL,
        use_dictionary=dictionary,
        write_statistics=False,
        store_schema=False,
    )
    return sink.getvalue().to_pybytes(), kinds


def ids_encoding(ids: Sequence[str]) -> Literal["str", "hex"]:
    """`hex` when every id is lowercase hex of one even length (stored as its bytes), else
    `str`."""
    width = len(ids[0]) if ids else 0
    if width and width % 2 == 0 and all(len(i) == width and _HEX.issuperset(i) for i in ids):
        return "hex"
    return "str"


def encode_ids(ids: Sequence[str]) -> tuple[bytes, Literal["str", "hex"]]:
    """Example ids -> (the ids file's Parquet bytes, its encoding). Deterministic."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    encoding = ids_encoding(ids)
    if encoding == "hex":
        width = len(ids[0]) // 2
        array = pa.array([bytes.fromhex(i) for i in ids], type=pa.binary(width))
    else:
        array = pa.array(list(ids), type=pa.string())
    sink = pa.BufferOutputStream()
    pq.write_table(
        pa.Table.from_arrays([array], names=["id"]),
        sink,
        compression="zstd",
        compression_level=ZSTD_LEVEL,
        use_dictionary=False,
        write_statistics=False,
        store_schema=False,
    )
    return sink.getvalue().to_pybytes(), encoding


def decode_ids(data: bytes, ref: IdsRef, n: int, where: Path) -> list[str]:
    """An ids file's bytes -> the ids `encode_ids` was given.

    Raises:
        SchemaError: the file is not Parquet, or not one `id` column of n values of its
            encoding.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        meta = pq.read_metadata(pa.BufferReader(data))
        if b"ARROW:schema" in (meta.metadata or {}):
            raise SchemaError(f"{where}: carries an Arrow schema, which the store never writes")
        table = pq.read_table(pa.BufferReader(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise SchemaError(f"{where}: unreadable ids file ({exc})") from None
    if table.column_names != ["id"] or table.num_rows != n:
        raise SchemaError(
            f"{where}: holds columns {table.column_names} and {table.num_rows} rows, "
            f"not one `id` column of n={n}"
        )
    column = table.column("id")
    if ref.encoding == "hex":
        if not pa.types.is_fixed_size_binary(column.type):
            raise SchemaError(f"{where}: hex ids stored as {column.type}, not fixed bytes")
        values = column.to_pylist()
        if None in values:
            raise SchemaError(f"{where}: an id is missing")
        return [v.hex() for v in values]
    if column.type != pa.string() or column.null_count:
        raise SchemaError(f"{where}: ids stored as {column.type} with nulls, not strings")
    return list(column.to_pylist())


def ids_file_name(blob: bytes) -> str:
    """The ids file of `blob` (Parquet bytes), named by its content alone: records of any
    language and profile whose ids are the same share it. (Readers follow the name a record
    holds, so the `<lang>.ids.<sha256[:16]>.parquet` files written before still read.)"""
    return f"ids.{hashlib.sha256(blob).hexdigest()[:16]}{COLUMNS_SUFFIX}"


def _strings(array: Any) -> list[Any]:
    """A string array as a list; a dictionary array's repeated values share one str object."""
    import pyarrow as pa

    if not pa.types.is_dictionary(array.type):
        return list(array.to_pylist())
    words = array.dictionary.to_pylist()
    return [None if i is None else words[i] for i in array.indices.to_pylist()]


def _string_lists(array: Any) -> list[Any]:
    """A list<string> array as a list of lists (None for a null list)."""
    flat = _strings(array.values)  # the offsets index into the whole child array
    offsets = array.offsets.to_pylist()
    lists = [flat[a:b] for a, b in itertools.pairwise(offsets)]
    if array.null_count:
        return [
            None if null else v for v, null in zip(lists, array.is_null().to_pylist(), strict=True)
        ]
    return lists


def _fits(arrow_type: Any, kind: ColumnKind) -> bool:
    import pyarrow as pa

    def plain(t: Any) -> Any:
        return t.value_type if pa.types.is_dictionary(t) else t

    if kind == "str":
        return bool(plain(arrow_type) == pa.string())
    if kind == "str_list":
        return bool(pa.types.is_list(arrow_type) and plain(arrow_type.value_type) == pa.string())
    return bool(arrow_type == _arrow_type(kind))


def decode_columns(data: bytes, ref: ColumnsRef, n: int, where: Path) -> dict[str, list[Any]]:
    """Parquet bytes -> the per-example columns `encode_columns` was given.

    Raises:
        SchemaError: the file is not Parquet, or its columns, types or length differ from
            what the record declares.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    stored = [name for name, kind in ref.kinds.items() if kind not in _NOT_STORED]
    try:
        meta = pq.read_metadata(pa.BufferReader(data))
        # an embedded Arrow schema could name extension types whose code runs on reading;
        # the store never writes one, so a file that has one was not written by it
        if b"ARROW:schema" in (meta.metadata or {}):
            raise SchemaError(f"{where}: carries an Arrow schema, which the store never writes")
        # dictionary-encoded string columns come back as dictionaries: one str per value
        dictionary = sorted(
            {
                chunk.path_in_schema
                for group in range(meta.num_row_groups)
                for chunk in map(meta.row_group(group).column, range(meta.num_columns))
                if chunk.physical_type == "BYTE_ARRAY"
                and {"RLE_DICTIONARY", "PLAIN_DICTIONARY"} & set(chunk.encodings)
            }
        )
        table = pq.read_table(pa.BufferReader(data), read_dictionary=dictionary)
    except (pa.ArrowException, OSError, ValueError) as exc:
        raise SchemaError(f"{where}: unreadable columns file ({exc})") from None
    if table.column_names != stored:
        raise SchemaError(f"{where}: holds columns {table.column_names}, the record {stored}")
    if stored and table.num_rows != n:
        raise SchemaError(f"{where}: holds {table.num_rows} rows, the record n={n}")
    out: dict[str, list[Any]] = {}
    for name, kind in ref.kinds.items():
        if kind == "positional":
            out[name] = [str(i) for i in range(n)]
            continue
        if kind in _NOT_STORED:
            out[name] = []  # shared: from the ids file; mask_*: derived below
            continue
        column = table.column(name)
        if not _fits(column.type, kind):
            raise SchemaError(f"{where}: column {name!r} is {column.type}, not {kind}")
        values: list[Any] = []
        for chunk in column.chunks:
            if kind == "str":
                values.extend(_strings(chunk))
            elif kind == "str_list":
                values.extend(_string_lists(chunk))
            else:
                values.extend(chunk.to_pylist())
        if kind == "json":
            try:
                values = [None if v is None else json.loads(v) for v in values]
            except json.JSONDecodeError as exc:
                raise SchemaError(f"{where}: column {name!r} holds invalid JSON ({exc})") from None
        out[name] = values
    for name, kind in ref.kinds.items():
        if kind == "mask_rr":
            out[name] = [rr_from_mask(m) for m in out["relevant_at"]]
        elif kind == "mask_ap":
            pairs = zip(out["relevant_at"], out["n_relevant"], strict=True)
            out[name] = [ap_from_mask(m, c) for m, c in pairs]
    return out


# --------------------------------------------------------------------------- records


def _invalid(path: Path, exc: ValidationError) -> SchemaError:
    first = exc.errors()[0]
    loc = ".".join(str(p) for p in first["loc"])
    return SchemaError(f"{path}: not a valid result record ({loc}: {first['msg']})")


def _load_json(path: Path) -> tuple[dict[str, Any], int]:
    """A record file's JSON object and its schema version (version 1 wrote it, but its schema
    let it be left out, so a record without one is version 1)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SchemaError(f"{path}: unreadable result file ({exc})") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{path}: not a valid result record (expected a JSON object)")
    version = data.get("schema_version", 1)
    if version not in READABLE_VERSIONS:
        raise SchemaError(
            f"{path}: schema_version {version!r} is not one this harness reads "
            f"({', '.join(map(str, READABLE_VERSIONS))})",
            hint="a newer harness wrote it; upgrade the harness or recompute the cell",
        )
    return data, version


def migrate_v1(data: Mapping[str, Any]) -> RunResult:
    """A schema-version-1 record -> the in-memory record.

    Version 1 held the per-example columns inline, in the shape `RunResult.per_example` has,
    and every other field as version 2 does; the migration drops the version number.

    Raises:
        pydantic.ValidationError: the record does not match version 1's schema.
    """
    return RunResult.model_validate({k: v for k, v in data.items() if k != "schema_version"})


def _checked(path: Path, name: str, sha256: str, what: str) -> bytes:
    """The bytes of the file `name` beside the record `path`, checked against `sha256`."""
    target = path.parent / name
    try:
        blob = target.read_bytes()
    except FileNotFoundError:
        raise IncompleteResult(
            f"{path}: its {what} file {name} is missing",
            hint="re-run the cell to recompute it (a copy of a store needs every file the "
            "record names)",
        ) from None
    except OSError as exc:
        raise SchemaError(f"{target}: unreadable {what} file ({exc})") from None
    if hashlib.sha256(blob).hexdigest() != sha256:
        raise IncompleteResult(
            f"{path}: its {what} file {name} differs from the record's checksum",
            hint="re-run the cell to recompute it",
        )
    return blob


def _read_stored(data: Mapping[str, Any], path: Path) -> RunResult:
    """A version-2 or version-3 record: the JSON part, its columns and (3) its ids file."""
    stored = StoredResult.model_validate(data)
    ref = stored.columns
    blob = _checked(path, ref.file, ref.sha256, "columns")
    per_example = decode_columns(blob, ref, stored.n, path.parent / ref.file)
    if ref.ids is not None:
        ids = _checked(path, ref.ids.file, ref.ids.sha256, "ids")
        per_example["id"] = decode_ids(ids, ref.ids, stored.n, path.parent / ref.ids.file)
    fields = {k: v for k, v in stored if k not in ("schema_version", "columns")}
    return RunResult(**fields, per_example=per_example)


def read_result(path: Path) -> RunResult:
    """Read and validate one result record (schema version 1, 2 or 3) by its JSON file.

    Raises:
        IncompleteResult: a version-2 or 3 record whose columns or ids file is missing or
            differs from its checksum.
        SchemaError: the file is not valid JSON, not a version this harness reads, or does not
            match its version's schema; or its columns file is not valid.
    """
    data, version = _load_json(path)
    try:
        return migrate_v1(data) if version == 1 else _read_stored(data, path)
    except ValidationError as exc:
        raise _invalid(path, exc) from None


@dataclass(frozen=True)
class StoreUsage:
    """What a store's records take on disk (`ResultStore.usage`).

    Attributes:
        records: result records (cells).
        examples: examples over all records (the sum of their `n`).
        bytes: the size of the JSON records and of the columns and ids files they name (an
            ids file that several records share counted once).
    """

    records: int
    examples: int
    bytes: int

    @property
    def bytes_per_example(self) -> float:
        return self.bytes / self.examples if self.examples else 0.0


def record_text(body: Mapping[str, Any]) -> str:
    """A record's JSON text: one top-level key per line (diffs stay readable), each value
    compact (a record is ~2 KB, which counts on a cell of a few hundred examples)."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))

    lines = [f"{dump(k)}:{dump(v)}" for k, v in body.items()]
    return "{\n" + ",\n".join(lines) + "\n}\n"


def _holds(path: Path, sha256: str) -> bool:
    """Whether `path` is a file with that SHA-256 (an ids file already written whole)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == sha256
    except OSError:
        return False


class ResultStore:
    """Result records under one root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, model_fp: str, task: str, lang: str, profile: str, key: str) -> Path:
        """The JSON record's path; its columns file is the same path with `.parquet`."""
        return self.root / model_fp[:12] / task / f"{lang}.{profile}.{key[:16]}.json"

    def get(self, model_fp: str, task: str, lang: str, profile: str, key: str) -> RunResult | None:
        """Return the stored record for `key` (either schema version), or None if absent,
        incomplete, damaged or written by another schema: the caller recomputes it."""
        path = self.path_for(model_fp, task, lang, profile, key)
        if not path.is_file():
            return None
        try:
            record = read_result(path)
        except SchemaError:
            return None  # incomplete, damaged or foreign: recompute and replace it
        return record if record.key == key else None

    def put(self, record: RunResult) -> Path:
        """Write a record (columns file, then JSON record, each atomically); return the JSON
        record's path."""
        path = self.path_for(
            record.provenance.model.fingerprint,
            record.task,
            record.language,
            record.profile,
            record.key,
        )
        self._write(record, path)
        return path

    def _write(self, record: RunResult, path: Path) -> None:
        blob, kinds = encode_columns(record.per_example)
        ids_ref = None
        if kinds["id"] == "shared":
            ids_blob, encoding = encode_ids(record.per_example["id"])
            ids_path = path.parent / ids_file_name(ids_blob)
            digest = hashlib.sha256(ids_blob).hexdigest()
            if not _holds(ids_path, digest):  # shared: every record of these ids names it
                atomic_write_bytes(ids_path, ids_blob)
            ids_ref = IdsRef(file=ids_path.name, sha256=digest, encoding=encoding)
        columns = path.with_suffix(COLUMNS_SUFFIX)
        atomic_write_bytes(columns, blob)
        _fsync_folder(path.parent)  # the columns file is in place before the record names it
        ref = ColumnsRef(
            file=columns.name, sha256=hashlib.sha256(blob).hexdigest(), kinds=kinds, ids=ids_ref
        )
        fields = {k: v for k, v in record if k != "per_example"}
        stored = StoredResult(**fields, columns=ref).model_dump(mode="json")
        if stored.get("draw") == 0:  # draw 0 is written as records always were
            del stored["draw"]
        body = {"schema_version": stored.pop("schema_version"), **stored}
        atomic_write_text(path, record_text(body))
        _fsync_folder(path.parent)

    def __iter__(self) -> Iterator[RunResult]:
        """Every record under the root (either schema version), in path order.

        Raises:
            SchemaError: a JSON file under the root is not a valid record, or is incomplete
                (`IncompleteResult`: its columns file is missing or differs).
        """
        for _, record in self.items():
            yield record

    def items(self) -> Iterator[tuple[Path, RunResult]]:
        """Every record under the root with its JSON file's path, in path order (as
        `__iter__`): the path reads the record again (`read_result`)."""
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*.json")):
            yield path, read_result(path)

    def upgrade(self) -> int:
        """Rewrite every record of an older schema version (1 or 2) under the root in the
        current layout, at its own path; return how many were rewritten. The values (scores,
        per-example columns, provenance) are the ones read; only the layout changes.

        Raises:
            SchemaError: a JSON file under the root is not a valid record, or a version-2
                record is incomplete.
        """
        rewritten = 0
        for path in sorted(self.root.rglob("*.json")) if self.root.is_dir() else ():
            data, version = _load_json(path)
            if version == RESULT_SCHEMA_VERSION:
                continue
            try:
                record = migrate_v1(data) if version == 1 else _read_stored(data, path)
            except ValidationError as exc:
                raise _invalid(path, exc) from None
            self._write(record, path)
            rewritten += 1
        return rewritten

    def usage(self) -> StoreUsage:
        """Records, examples and bytes on disk under the root (JSON records and the columns
        files they name): `usage().bytes_per_example` is the store's bytes per example.

        Raises:
            SchemaError: a JSON file under the root is not a valid record.
        """
        records = examples = size = 0
        shared: set[Path] = set()  # an ids file counts once, however many records name it
        for path in sorted(self.root.rglob("*.json")) if self.root.is_dir() else ():
            data, version = _load_json(path)
            try:
                if version == 1:
                    n, files = migrate_v1(data).n, []
                else:
                    stored = StoredResult.model_validate(data)
                    n, files = stored.n, [path.parent / stored.columns.file]
                    if stored.columns.ids is not None:
                        shared.add(path.parent / stored.columns.ids.file)
            except ValidationError as exc:
                raise _invalid(path, exc) from None
            size += sum(f.stat().st_size for f in [path, *files] if f.is_file())
            records += 1
            examples += n
        size += sum(f.stat().st_size for f in shared if f.is_file())
        return StoreUsage(records, examples, size)
