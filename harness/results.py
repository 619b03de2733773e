"""The content-addressed result store.

One record per (checkpoint, task, language, profile) cell, named by a key computed from
everything that can move the score: the task card and profile (content hashes), the data
fingerprint, the checkpoint fingerprint, the settings and the harness version. A re-run with the
same inputs is served from the store; a killed run resumes with the cells it had finished.

A record (schema version 2, docs/results.md) is two files side by side:

- `<stem>.parquet`: the per-example columns, zstd-compressed Parquet (no pickles, no Python
  objects: plain typed columns). Ids that equal the data's own order ("0".."n-1") are not
  stored; the record marks them `positional`.
- `<stem>.json`: key, signature, scores, noise figures, provenance, and the columns file's name,
  SHA-256 and column kinds.

The columns file is written first, then the JSON record, each atomically (temporary file, fsync,
rename, then an fsync of the folder), so a JSON record exists only once its columns are
complete. A record whose columns file is missing or differs from its checksum is incomplete:
`ResultStore.get` treats it as absent (the cell is recomputed and rewritten), iterating the
store reports it. Version-1 records (one JSON file that holds the columns too) are read through
`migrate_v1` and served as they are; `ResultStore.upgrade` rewrites them in version 2.

Layout: `<root>/<model fingerprint[:12]>/<task>/<lang>.<profile>.<key[:16]>.{json,parquet}`.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness.errors import SchemaError
from harness.schema import (
    RESULT_SCHEMA_VERSION,
    ColumnKind,
    ColumnsRef,
    RunResult,
    StoredResult,
)

COLUMNS_SUFFIX = ".parquet"
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
) -> str:
    """The one-line signature of a result, in the style of sacrebleu's.

    `encoder` (retrieval tasks: `pooling@layer`, e.g. `mean@8`) is added when given, since it
    moves the score as much as the checkpoint does; so is a `dtype` other than fp32 (`--dtype`),
    for a model downloaded from the hub the commit it resolved to (`rev:`), and `|nonstandard`
    for data that is not the official test set (--allow-nonstandard-data).
    """
    extra = f"|enc:{encoder}" if encoder else ""
    extra += f"|dtype:{dtype}" if dtype != "fp32" else ""
    extra += f"|rev:{revision[:12]}" if revision else ""
    extra += "|nonstandard" if nonstandard else ""
    return (
        f"{task}.{lang}|{profile}@{profile_version}|seed:{seed}|data:{data_fp[:8]}"
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

    The `id` column is `positional` when its values are "0".."n-1"; any other column gets
    the narrowest kind that gives back exactly its values and their Python types.
    """
    if name == "id" and all(v == str(i) for i, v in enumerate(values)):
        return "positional"
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
    arrays, names, dictionary = [], [], []
    for name, values in per_example.items():
        kind = kinds[name]
        if kind == "positional":
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

    stored = [name for name, kind in ref.kinds.items() if kind != "positional"]
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
    if version not in (1, RESULT_SCHEMA_VERSION):
        raise SchemaError(
            f"{path}: schema_version {version!r} is not one this harness reads "
            f"(1, {RESULT_SCHEMA_VERSION})",
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


def _read_v2(data: Mapping[str, Any], path: Path) -> RunResult:
    stored = StoredResult.model_validate(data)
    columns = path.parent / stored.columns.file
    try:
        blob = columns.read_bytes()
    except FileNotFoundError:
        raise IncompleteResult(
            f"{path}: its columns file {stored.columns.file} is missing",
            hint="re-run the cell to recompute it (a copy of a store needs both files)",
        ) from None
    except OSError as exc:
        raise SchemaError(f"{columns}: unreadable columns file ({exc})") from None
    if hashlib.sha256(blob).hexdigest() != stored.columns.sha256:
        raise IncompleteResult(
            f"{path}: its columns file {stored.columns.file} differs from the record's checksum",
            hint="re-run the cell to recompute it",
        )
    per_example = decode_columns(blob, stored.columns, stored.n, columns)
    fields = {k: v for k, v in stored if k not in ("schema_version", "columns")}
    return RunResult(**fields, per_example=per_example)


def read_result(path: Path) -> RunResult:
    """Read and validate one result record (schema version 1 or 2) by its JSON file.

    Raises:
        IncompleteResult: a version-2 record whose columns file is missing or differs from
            its checksum.
        SchemaError: the file is not valid JSON, not a version this harness reads, or does not
            match its version's schema; or its columns file is not valid.
    """
    data, version = _load_json(path)
    try:
        return migrate_v1(data) if version == 1 else _read_v2(data, path)
    except ValidationError as exc:
        raise _invalid(path, exc) from None


@dataclass(frozen=True)
class StoreUsage:
    """What a store's records take on disk (`ResultStore.usage`).

    Attributes:
        records: result records (cells).
        examples: examples over all records (the sum of their `n`).
        bytes: the size of the JSON records and of the columns files they name.
    """

    records: int
    examples: int
    bytes: int

    @property
    def bytes_per_example(self) -> float:
        return self.bytes / self.examples if self.examples else 0.0


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
        columns = path.with_suffix(COLUMNS_SUFFIX)
        atomic_write_bytes(columns, blob)
        _fsync_folder(path.parent)  # the columns file is in place before the record names it
        ref = ColumnsRef(file=columns.name, sha256=hashlib.sha256(blob).hexdigest(), kinds=kinds)
        fields = {k: v for k, v in record if k != "per_example"}
        stored = StoredResult(**fields, columns=ref).model_dump(mode="json")
        body = {"schema_version": stored.pop("schema_version"), **stored}
        atomic_write_text(path, json.dumps(body, indent=1, ensure_ascii=False) + "\n")
        _fsync_folder(path.parent)

    def __iter__(self) -> Iterator[RunResult]:
        """Every record under the root (either schema version), in path order.

        Raises:
            SchemaError: a JSON file under the root is not a valid record, or is incomplete
                (`IncompleteResult`: its columns file is missing or differs).
        """
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*.json")):
            yield read_result(path)

    def upgrade(self) -> int:
        """Rewrite every schema-version-1 record under the root in the current layout, at its
        own path; return how many were rewritten. The values (scores, per-example columns,
        provenance) are the ones read; only the layout changes.

        Raises:
            SchemaError: a JSON file under the root is not a valid record.
        """
        rewritten = 0
        for path in sorted(self.root.rglob("*.json")) if self.root.is_dir() else ():
            data, version = _load_json(path)
            if version != 1:
                continue
            try:
                record = migrate_v1(data)
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
        for path in sorted(self.root.rglob("*.json")) if self.root.is_dir() else ():
            data, version = _load_json(path)
            try:
                n = migrate_v1(data).n if version == 1 else StoredResult.model_validate(data).n
            except ValidationError as exc:
                raise _invalid(path, exc) from None
            size += path.stat().st_size
            if version != 1:
                columns = path.parent / data["columns"]["file"]
                size += columns.stat().st_size if columns.is_file() else 0
            records += 1
            examples += n
        return StoreUsage(records, examples, size)
