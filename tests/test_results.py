"""The result store: atomic writes, content keys, cache hits and foreign files; the version-3
layout (a JSON record, its Parquet columns and a shared ids file), its checksums, derived
ranked-retrieval columns, and the migration of versions 1 and 2."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from harness import results
from harness.errors import SchemaError
from harness.results import (
    IncompleteResult,
    ResultStore,
    atomic_write_text,
    column_kind,
    migrate_v1,
    read_result,
    result_key,
    signature,
)
from harness.schema import RESULT_SCHEMA_VERSION, RunResult

ROOT = Path(__file__).resolve().parent.parent
V1_FIXTURE = ROOT / "tests" / "fixtures" / "result-v1.json"
V2_FIXTURE = ROOT / "tests" / "fixtures" / "result-v2.json"
MODEL = "m" * 64
KEY = "k" * 64


def make_record(
    key: str = KEY,
    model_fp: str = MODEL,
    per_example: dict[str, list[Any]] | None = None,
    task: str = "xnli",
    language: str = "de",
) -> RunResult:
    per_example = per_example or {"id": ["0", "1"], "correct": [1, 0]}
    n = len(per_example["id"])
    ref = {"name": task, "version": 1, "sha256": "0" * 64}
    return RunResult.model_validate(
        {
            "key": key,
            "signature": signature(task, language, "typo-10", 1, 1, "d" * 64, model_fp, "0.1.0"),
            "task": task,
            "language": language,
            "profile": "typo-10",
            "scores": {"accuracy": 50.0},
            "main": 50.0,
            "n": n,
            "per_example": per_example,
            "noise": {
                "word_change_rate": 0.1,
                "cer": 0.02,
                "changed_fraction": 0.5,
                "eligible_words": 20,
            },
            "provenance": {
                "harness_version": "0.1.0",
                "task_card": ref,
                "profile": {**ref, "name": "typo-10"},
                "data": {
                    "source": "samples",
                    "location": "x",
                    "fingerprint": "d" * 64,
                    "n_examples": n,
                },
                "model": {"path": "ckpt", "fingerprint": model_fp, "architecture": "X"},
                "libraries": {},
                "device": "cpu",
                "settings": {},
                "timings": {},
                "created_at": "2026-01-01T00:00:00+00:00",
            },
        }
    )


def typed(value: Any) -> Any:
    """A value with the type of every part beside it, so that 1 == 1.0 == True compare unequal
    and a NaN compares equal to a NaN."""
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    if isinstance(value, dict):
        return ("dict", {k: typed(v) for k, v in value.items()})
    if isinstance(value, float) and math.isnan(value):
        return ("float", "nan")
    return (type(value).__name__, value)


def roundtrip(tmp_path: Path, per_example: dict[str, list[Any]]) -> tuple[RunResult, Path]:
    store = ResultStore(tmp_path)
    record = make_record(per_example=per_example)
    path = store.put(record)
    back = store.get(MODEL, "xnli", "de", "typo-10", KEY)
    assert back is not None
    assert list(back.per_example) == list(per_example)  # same columns, same order
    assert typed(back.per_example) == typed(per_example)
    assert {k: v for k, v in back if k != "per_example"} == {
        k: v for k, v in record if k != "per_example"
    }
    return back, path


def stored_kinds(path: Path) -> dict[str, str]:
    return dict(json.loads(path.read_text(encoding="utf-8"))["columns"]["kinds"])


def parquet_columns(path: Path) -> list[str]:
    return list(pq.read_table(path.with_suffix(".parquet")).column_names)


# --------------------------------------------------------------------------- keys, signatures


def test_signature_format() -> None:
    sig = signature("xnli", "de", "typo-10", 1, 1, "ab12" * 16, "cd34" * 16, "0.1.0")
    assert sig == "xnli.de|typo-10@1|seed:1|data:ab12ab12|model:cd34cd34|harness:0.1.0"
    retrieval = signature("tatoeba", "de", "clean", 1, 0, "ab" * 32, "cd" * 32, "0.1.0", "mean@8")
    assert (
        retrieval
        == "tatoeba.de|clean@1|seed:0|data:abababab|model:cdcdcdcd|enc:mean@8|harness:0.1.0"
    )


def test_key_is_canonical_and_sensitive() -> None:
    a = result_key({"x": 1, "y": "é"})
    assert a == result_key({"y": "é", "x": 1})
    assert a != result_key({"x": 2, "y": "é"})


# --------------------------------------------------------------------------- the store


def test_put_get_roundtrip_and_no_temp_files(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    record = make_record()
    path = store.put(record)
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) == record
    columns = path.with_suffix(".parquet")
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([path.name, columns.name])
    assert list(store) == [record]
    data = json.loads(path.read_text(encoding="utf-8"))
    assert next(iter(data)) == "schema_version"
    assert data["schema_version"] == RESULT_SCHEMA_VERSION == 3
    assert "per_example" not in data
    assert data["columns"]["file"] == columns.name
    assert data["columns"]["sha256"] == hashlib.sha256(columns.read_bytes()).hexdigest()


def test_get_misses_other_keys_and_foreign_files(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) is None
    path = store.path_for(MODEL, "xnli", "de", "typo-10", KEY)
    path.parent.mkdir(parents=True)
    path.write_text('{"schema_version": 99}', encoding="utf-8")
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) is None
    with pytest.raises(SchemaError, match="schema_version 99 is not one this harness reads"):
        read_result(path)
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(SchemaError, match="not a valid result record"):
        read_result(path)


def test_a_stored_record_under_another_key_is_a_miss(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    path = store.put(make_record())
    other = "k" * 16 + "x" * 48  # the same file name, another key
    assert store.path_for(MODEL, "xnli", "de", "typo-10", other) == path
    assert store.get(MODEL, "xnli", "de", "typo-10", other) is None


def test_misaligned_columns_are_rejected() -> None:
    data = json.loads(make_record().model_dump_json())
    data["per_example"]["correct"] = [1]
    with pytest.raises(ValueError, match="column lengths"):
        RunResult.model_validate(data)


def test_atomic_write_keeps_old_file_on_failure(tmp_path: Path) -> None:
    target = tmp_path / "f.json"
    atomic_write_text(target, "old")

    with pytest.raises(TypeError):
        atomic_write_text(target, 123)  # type: ignore[arg-type]
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["f.json"]


def test_committed_json_schema_is_current() -> None:
    from harness.schema import result_json_schema

    committed = json.loads((ROOT / "docs" / "result-schema.json").read_text(encoding="utf-8"))
    assert committed == result_json_schema(), (
        "run: python -m harness.schema > docs/result-schema.json"
    )


# --------------------------------------------------------------------------- column shapes

#: Each family's per-example columns as its `score` builds them (harness/families/*.py), with
#: the runner's `id` and `changed`.
FAMILY_COLUMNS: dict[str, dict[str, list[Any]]] = {
    "classification": {
        "id": ["0", "1", "2", "3"],
        "prediction": ["entailment", "neutral", "entailment", "contradiction"],
        "correct": [1, 0, 1, 1],
        "changed": [False, True, True, False],
    },
    "multiple_choice": {
        "id": ["0", "1", "2"],
        "prediction": ["0", "1", "1"],
        "correct": [1, 1, 0],
        "changed": [True, False, True],
    },
    "tagging": {
        "id": ["0", "1", "2"],
        "prediction": [["B-PER", "I-PER", "O"], [], ["O"]],
        "n_correct_chunks": [1, 0, 0],
        "n_pred_chunks": [1, 0, 0],
        "n_gold_chunks": [1, 0, 1],
        "n_correct_tokens": [3, 0, 0],
        "n_tokens": [3, 0, 1],
        "changed": [True, False, False],
    },
    "qa": {
        "id": ["56beb4343aeaaa14008c925b", "56beb4343aeaaa14008c925c", "q-ü"],
        "prediction": ["Denver Broncos", "", "東京"],
        "em": [1, 0, 0],
        "f1": [1.0, 0.0, 0.6666666666666666],
        "answered": [1, 1, 1],
        "changed": [False, True, True],
    },
    "retrieval-accuracy": {  # tatoeba: the retrieved line's number, as a string
        "id": ["0", "1", "2"],
        "prediction": ["17", "1", "999"],
        "correct": [0, 1, 0],
        "changed": [True, True, False],
    },
    "retrieval-ranked": {  # mewslix: the top candidate and the ranks holding the gold
        "id": ["8e18e51eced73e6495df0043192edbfe", "4be5a1742223cc3a8c01e6bf9c6e3f27"],
        "prediction": ["Q4963862", "Q11490423"],
        "relevant_at": [0b10, 0],
        "reciprocal_rank": [0.5, 0.0],
        "changed": [False, True],
    },
    "retrieval-map": {  # lareqa: the same, with the number of relevant candidates
        "id": ["56beb4343aeaaa14008c925b", "56beb4343aeaaa14008c925c", "56beb4343aeaaa14008c9"],
        "prediction": ["de_1_2", "ar_3_0", "zh_1_1"],
        "relevant_at": [0b1011, 0, 1 << 19],
        "n_relevant": [11, 11, 11],
        "average_precision": [(1 + 2 / 2 + 3 / 4) / 11, 0.0, (1 / 20) / 11],
        "changed": [True, False, True],
    },
    "retrieval-mined": {  # bucc2018: the mined target or ""
        "id": ["de-000000001", "de-000000002", "de-000000003"],
        "prediction": ["en-000000042", "", ""],
        "n_gold": [1, 1, 0],
        "n_pred": [1, 0, 0],
        "n_correct": [1, 0, 0],
        "changed": [False, False, True],
    },
}


@pytest.mark.parametrize("family", sorted(FAMILY_COLUMNS))
def test_every_family_round_trips(tmp_path: Path, family: str) -> None:
    roundtrip(tmp_path, FAMILY_COLUMNS[family])


def test_none_values_and_mixed_columns_round_trip(tmp_path: Path) -> None:
    columns: dict[str, list[Any]] = {
        "id": ["a", None, "c"],
        "prediction": ["x", None, "x"],
        "count": [None, 2, 3],
        "score": [0.5, None, float("nan")],
        "flag": [True, None, False],
        "tags": [["O"], None, []],
        "tags_with_none": [["O", None], [], ["B-PER"]],
        "mixed": [1, 1.0, True],  # kept apart: an int, a float and a bool
        "nested": [{"a": [1, 2]}, [1, "x"], None],
        "all_none": [None, None, None],
        "big": [2**70, 1, 2],
    }
    _, path = roundtrip(tmp_path, columns)
    assert stored_kinds(path) == {
        "id": "str",
        "prediction": "str",
        "count": "int",
        "score": "float",
        "flag": "bool",
        "tags": "str_list",
        "tags_with_none": "json",
        "mixed": "json",
        "nested": "json",
        "all_none": "json",
        "big": "json",
    }


def test_an_empty_cell_round_trips(tmp_path: Path) -> None:
    roundtrip(tmp_path, {"id": [], "prediction": [], "correct": []})


def test_positional_ids_are_not_stored(tmp_path: Path) -> None:
    columns = {"id": [str(i) for i in range(12)], "correct": [i % 2 for i in range(12)]}
    back, path = roundtrip(tmp_path, columns)
    assert stored_kinds(path) == {"id": "positional", "correct": "int"}
    assert parquet_columns(path) == ["correct"]
    assert back.per_example["id"] == [str(i) for i in range(12)]


def test_an_id_column_alone_round_trips_positional(tmp_path: Path) -> None:
    _, path = roundtrip(tmp_path, {"id": ["0", "1", "2"]})
    assert stored_kinds(path) == {"id": "positional"}
    assert parquet_columns(path) == []


@pytest.mark.parametrize(
    ("ids", "kind"),
    [
        (["1", "2", "3"], "str"),  # numbered from 1: not the data's own order
        (["0", "2", "1"], "str"),
        (["00", "01", "02"], "hex"),
        (["56beb4343aeaaa14008c925b", "x", "y"], "str"),
        (["56beb4343aeaaa14008c925b", "56beb4343aeaaa14008c925c", "0" * 24], "hex"),
        (["ABCD", "abcd", "0000"], "str"),  # upper case would not come back as it was
        (["abc", "def", "012"], "str"),  # odd length: not whole bytes
    ],
)
def test_other_string_ids_go_to_a_shared_ids_file(
    tmp_path: Path, ids: list[Any], kind: str
) -> None:
    _, path = roundtrip(tmp_path, {"id": ids, "correct": [1, 0, 1]})
    ref = json.loads(path.read_text(encoding="utf-8"))["columns"]
    assert ref["kinds"]["id"] == "shared" and ref["ids"]["encoding"] == kind
    assert "id" not in parquet_columns(path)
    assert pq.read_table(path.parent / ref["ids"]["file"]).column_names == ["id"]


def test_ids_other_than_strings_stay_in_the_columns(tmp_path: Path) -> None:
    _, path = roundtrip(tmp_path, {"id": [0, 1, 2], "correct": [1, 0, 1]})  # a hand-built record
    assert stored_kinds(path)["id"] == "int" and "id" in parquet_columns(path)


def test_the_profiles_of_one_cell_share_one_ids_file(tmp_path: Path) -> None:
    ids = [f"{i:032x}" for i in range(50)]
    store = ResultStore(tmp_path)
    paths = [
        store.put(make_record(key=c * 64, per_example={"id": ids, "correct": [i % 2] * 50}))
        for i, c in enumerate("abc")
    ]
    files = {json.loads(p.read_text(encoding="utf-8"))["columns"]["ids"]["file"] for p in paths}
    assert len(files) == 1 and len(list(tmp_path.rglob("ids.*.parquet"))) == 1
    for c in "abc":
        back = store.get(MODEL, "xnli", "de", "typo-10", c * 64)
        assert back is not None and back.per_example["id"] == ids
    usage = store.usage()  # the ids file counts once
    sizes = [f.stat().st_size for f in tmp_path.rglob("*") if f.is_file()]
    assert usage.bytes == sum(sizes)


def test_languages_with_the_same_ids_share_one_ids_file(tmp_path: Path) -> None:
    """XQuAD's and LAReQA's question ids are one set in all their languages: one file."""
    store = ResultStore(tmp_path)
    same = [f"q{i}" for i in range(40)]
    for language in ("de", "el", "ru"):
        store.put(make_record(per_example={"id": same, "correct": [1] * 40}, language=language))
    store.put(make_record(per_example={"id": ["x", "y"], "correct": [1, 0]}, language="th"))
    names = sorted(p.name for p in tmp_path.rglob("ids.*.parquet"))
    assert len(names) == 2 and not list(tmp_path.rglob("*.ids.*.parquet"))
    for language in ("de", "el", "ru"):
        back = store.get(MODEL, "xnli", language, "typo-10", KEY)
        assert back is not None and back.per_example["id"] == same
    usage = store.usage()  # the shared file counts once
    assert usage.bytes == sum(f.stat().st_size for f in tmp_path.rglob("*") if f.is_file())


def test_a_record_naming_a_per_language_ids_file_still_loads(tmp_path: Path) -> None:
    """Version-3 records written before ids files were shared across languages name
    `<lang>.ids.<sha256[:16]>.parquet`; readers follow the name the record holds."""
    store = ResultStore(tmp_path)
    record = make_record(per_example={"id": ["q1", "q2", "q3"], "correct": [1, 0, 1]})
    path = store.put(record)
    data = json.loads(path.read_text(encoding="utf-8"))
    new = path.parent / data["columns"]["ids"]["file"]
    old = path.parent / f"de.{new.name}"
    new.rename(old)
    data["columns"]["ids"]["file"] = old.name
    path.write_text(json.dumps(data), encoding="utf-8")
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) == record
    assert store.usage().bytes == sum(f.stat().st_size for f in tmp_path.rglob("*") if f.is_file())


def test_a_missing_or_changed_ids_file_makes_the_record_absent(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    record = make_record(per_example={"id": ["q1", "q2"], "correct": [1, 0]})
    path = store.put(record)
    ids = path.parent / json.loads(path.read_text(encoding="utf-8"))["columns"]["ids"]["file"]
    ids.write_bytes(results.encode_ids(["q1", "q3"])[0])
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) is None
    with pytest.raises(IncompleteResult, match=r"ids file \S+ differs"):
        read_result(path)
    ids.unlink()
    with pytest.raises(IncompleteResult, match=r"ids file \S+ is missing"):
        list(store)
    store.put(record)  # recomputed: whole again
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) == record


@pytest.mark.parametrize("family", ["retrieval-ranked", "retrieval-map"])
def test_ranked_metric_columns_are_derived_not_stored(tmp_path: Path, family: str) -> None:
    columns = FAMILY_COLUMNS[family]
    _, path = roundtrip(tmp_path, columns)
    name = "reciprocal_rank" if family == "retrieval-ranked" else "average_precision"
    assert stored_kinds(path)[name] in ("mask_rr", "mask_ap")
    assert name not in parquet_columns(path)


def test_a_metric_column_that_its_mask_does_not_give_is_stored(tmp_path: Path) -> None:
    columns = dict(FAMILY_COLUMNS["retrieval-ranked"])
    columns["reciprocal_rank"] = [0.5000000000000001, 0.0]  # one bit off: kept as it is
    _, path = roundtrip(tmp_path, columns)
    assert stored_kinds(path)["reciprocal_rank"] == "float"


def test_derived_columns_equal_the_metric_functions_bit_for_bit() -> None:
    import random

    from harness.families.retrieval import relevant_mask
    from harness.metrics.retrieval import average_precision, reciprocal_rank

    rng = random.Random(3)
    pool = [f"c{i}" for i in range(40)]
    for _ in range(2000):
        ranked_ids = rng.sample(pool, 20)
        relevant = rng.sample(pool, rng.randint(1, 25))
        mask = relevant_mask(ranked_ids, relevant)
        assert results.ap_from_mask(mask, len(relevant)).hex() == (
            average_precision(ranked_ids, relevant).hex()
        )
        assert results.rr_from_mask(relevant_mask(ranked_ids, relevant[:1])).hex() == (
            reciprocal_rank(ranked_ids, relevant[0]).hex()
        )


def test_column_kinds() -> None:
    assert column_kind("id", ["0", "1"]) == "positional"
    assert column_kind("id", ["a", "b"]) == "shared"
    assert column_kind("other", ["0", "1"]) == "str"  # only ids can be positional
    assert column_kind("x", [True, False]) == "bool"
    assert column_kind("x", [1, True]) == "json"
    assert column_kind("x", [2**63 - 1, -(2**63)]) == "int"
    assert column_kind("x", [2**63]) == "json"


def test_repeated_strings_share_one_object_in_memory(tmp_path: Path) -> None:
    labels = ["entailment", "neutral", "contradiction"]
    columns = {
        "id": [str(i) for i in range(300)],
        "prediction": [labels[i % 3] for i in range(300)],
        "tags": [[labels[i % 3], labels[0]] for i in range(300)],
    }
    back, _ = roundtrip(tmp_path, columns)
    pred = back.per_example["prediction"]
    tags = back.per_example["tags"]
    assert pred[0] is pred[3]
    assert tags[0][0] is tags[3][0] and tags[0][1] is tags[1][1] is tags[2][1]


def test_equal_columns_give_equal_bytes() -> None:
    columns = FAMILY_COLUMNS["qa"]
    assert results.encode_columns(columns) == results.encode_columns(dict(columns))


def test_columns_are_compact() -> None:
    """An XNLI-sized cell: well under the 10 bytes per example of the target."""
    labels = ["entailment", "neutral", "contradiction"]
    n = 5010
    columns = {
        "id": [str(i) for i in range(n)],
        "prediction": [labels[(i * 7919) % 3] for i in range(n)],
        "correct": [int((i * 104729) % 4 != 0) for i in range(n)],
        "changed": [(i * 31) % 10 < 9 for i in range(n)],
    }
    blob, _ = results.encode_columns(columns)
    assert len(blob) < 2 * n


# --------------------------------------------------------------------------- incomplete records


def test_a_changed_columns_file_makes_the_record_absent(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    path = store.put(make_record())
    columns = path.with_suffix(".parquet")
    other, _ = results.encode_columns({"id": ["0", "1"], "correct": [0, 0]})
    columns.write_bytes(other)  # a valid file, but not the one the record names
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) is None
    with pytest.raises(IncompleteResult, match="differs from the record's checksum"):
        read_result(path)
    with pytest.raises(IncompleteResult):
        list(store)


def test_a_missing_columns_file_makes_the_record_absent(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    path = store.put(make_record())
    path.with_suffix(".parquet").unlink()
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) is None
    with pytest.raises(IncompleteResult, match=r"columns file \S+ is missing"):
        list(store)
    store.put(make_record())  # recomputed: whole again
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) == make_record()


def test_a_write_cut_between_the_two_files_leaves_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ResultStore(tmp_path)
    old = make_record()
    path = store.put(old)
    new = make_record(per_example={"id": ["0", "1"], "correct": [0, 0]})

    def killed(path: Path, text: str) -> None:
        raise KeyboardInterrupt  # the process dies after the columns file, before the record

    monkeypatch.setattr(results, "atomic_write_text", killed)
    with pytest.raises(KeyboardInterrupt):
        store.put(new)
    # the old record names the old checksum: the cell reads as absent, never half old, half new
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) is None
    monkeypatch.undo()
    store.put(new)
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) == new
    assert sorted(p.suffix for p in path.parent.iterdir()) == [".json", ".parquet"]


def parquet_bytes(table: pa.Table, store_schema: bool = False) -> bytes:
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, store_schema=store_schema)
    return bytes(sink.getvalue().to_pybytes())


@pytest.mark.parametrize(
    ("blob", "message"),
    [
        (parquet_bytes(pa.table({"other": [1, 0]})), "holds columns"),
        (parquet_bytes(pa.table({"correct": [1, 0, 1]})), "holds 3 rows"),
        (parquet_bytes(pa.table({"correct": [1.0, 0.0]})), "is double, not int"),
        # pyarrow's default embeds its schema, which can name extension types to load
        (parquet_bytes(pa.table({"correct": [1, 0]}), True), "carries an Arrow schema"),
        (b"not parquet", "unreadable columns file"),
    ],
)
def test_a_columns_file_that_disagrees_with_its_record_is_refused(
    tmp_path: Path, blob: bytes, message: str
) -> None:
    """A file whose checksum the record names, but whose columns are not the record's."""
    store = ResultStore(tmp_path)
    path = store.put(make_record())
    path.with_suffix(".parquet").write_bytes(blob)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["columns"]["sha256"] = hashlib.sha256(blob).hexdigest()
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SchemaError, match=message):
        read_result(path)
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) is None


@pytest.mark.parametrize("name", ["../elsewhere.parquet", "/etc/x.parquet", "x.json", ".x.parquet"])
def test_a_record_names_only_a_file_beside_it(tmp_path: Path, name: str) -> None:
    path = ResultStore(tmp_path).put(make_record())
    data = json.loads(path.read_text(encoding="utf-8"))
    data["columns"]["file"] = name
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(SchemaError, match=r"not a valid result record \(columns.file"):
        read_result(path)


# --------------------------------------------------------------------------- version 1


def test_version_1_record_still_loads() -> None:
    """A record written by schema version 1 must stay readable (MTEB-style compatibility)."""
    record = read_result(V1_FIXTURE)
    data = json.loads(V1_FIXTURE.read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert record == migrate_v1(data)
    assert record.signature.startswith("xnli.de|typo-10@1|seed:1|")
    assert typed(record.per_example) == typed(data["per_example"])
    assert record.scores == data["scores"]


def test_a_version_1_record_without_its_version_number_is_version_1(tmp_path: Path) -> None:
    data = json.loads(V1_FIXTURE.read_text(encoding="utf-8"))
    del data["schema_version"]
    path = tmp_path / "r.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert read_result(path) == read_result(V1_FIXTURE)


def test_a_version_1_record_is_served_and_left_as_it_is(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    v1 = store.path_for(MODEL, "xnli", "de", "typo-10", KEY)
    v1.parent.mkdir(parents=True)
    shutil.copy(V1_FIXTURE, v1)
    newer = make_record(key="n" * 64, per_example={"id": ["a", "b"], "correct": [0, 1]})
    store.put(newer)
    before = v1.read_bytes()
    assert store.get(MODEL, "xnli", "de", "typo-10", KEY) == read_result(V1_FIXTURE)
    assert sorted(store, key=lambda r: r.key) == [read_result(V1_FIXTURE), newer]
    assert v1.read_bytes() == before


def test_upgrade_rewrites_version_1_records_with_the_same_values(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    v1 = store.path_for(MODEL, "xnli", "de", "typo-10", KEY)
    v1.parent.mkdir(parents=True)
    shutil.copy(V1_FIXTURE, v1)
    store.put(make_record(key="n" * 64))
    old = read_result(V1_FIXTURE)
    assert store.upgrade() == 1
    assert json.loads(v1.read_text(encoding="utf-8"))["schema_version"] == 3
    assert v1.with_suffix(".parquet").is_file()
    back = store.get(MODEL, "xnli", "de", "typo-10", KEY)
    assert back == old
    assert back is not None and typed(back.per_example) == typed(old.per_example)
    assert store.upgrade() == 0


# --------------------------------------------------------------------------- version 2


def test_version_2_record_still_loads_and_scores_the_same() -> None:
    """A Mewsli-X record as version 2 wrote it (ids and the top-20 lists in its Parquet
    file): it loads through the migration, and its columns give its stored score."""
    from harness.metrics import metric_def
    from harness.metrics.retrieval import reciprocal_rank

    data = json.loads(V2_FIXTURE.read_text(encoding="utf-8"))
    assert data["schema_version"] == 2 and "ids" not in data["columns"]
    record = read_result(V2_FIXTURE)
    assert record.n == 8 and len(record.per_example["id"][0]) == 32
    assert all(len(p) == 20 for p in record.per_example["prediction"])
    assert metric_def("mrr").scores(record.per_example) == record.scores == {"map@20": 39.0625}
    for ranked_ids, rr in zip(
        record.per_example["prediction"], record.per_example["reciprocal_rank"], strict=True
    ):  # the gold sits at rank 1/rr; the official reciprocal rank of the list agrees
        assert rr == 0.0 or reciprocal_rank(ranked_ids, ranked_ids[round(1 / rr) - 1]) == rr


def test_a_version_2_record_is_served_as_it_is_and_upgrades(tmp_path: Path) -> None:
    old = read_result(V2_FIXTURE)
    store = ResultStore(tmp_path)
    path = store.path_for(old.provenance.model.fingerprint, "mewslix", "de", "typo-10", old.key)
    path.parent.mkdir(parents=True)
    shutil.copy(V2_FIXTURE, path.parent / path.name)
    data = json.loads(V2_FIXTURE.read_text(encoding="utf-8"))
    shutil.copy(V2_FIXTURE.with_suffix(".parquet"), path.parent / data["columns"]["file"])
    args = (old.provenance.model.fingerprint, "mewslix", "de", "typo-10", old.key)
    assert store.get(*args) == old
    assert store.upgrade() == 1
    assert json.loads(path.read_text(encoding="utf-8"))["schema_version"] == 3
    back = store.get(*args)
    assert back is not None and typed(back.per_example) == typed(old.per_example)
    assert back == old
    assert store.upgrade() == 0


# --------------------------------------------------------------------------- usage


def test_usage_counts_records_examples_and_every_file(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    assert store.usage().bytes_per_example == 0.0
    a = store.put(make_record())
    b = store.put(make_record(key="n" * 64, per_example={"id": ["a", "b", "c"]}))
    shutil.copy(V1_FIXTURE, a.parent / "de.clean.0123456789abcdef.json")
    usage = store.usage()
    files = [a, a.with_suffix(".parquet"), b, b.with_suffix(".parquet")]
    files.append(a.parent / "de.clean.0123456789abcdef.json")
    files.extend(a.parent.glob("ids.*.parquet"))  # b's ids "a", "b", "c"
    assert (usage.records, usage.examples) == (3, 2 + 3 + 2)
    assert usage.bytes == sum(p.stat().st_size for p in files)
    assert usage.bytes_per_example == usage.bytes / 7


def test_version_1_record_has_no_data_identity_fields() -> None:
    """Written before the data-identity fields existed: they load as unknown."""
    record = read_result(V1_FIXTURE)
    raw = json.loads(V1_FIXTURE.read_text(encoding="utf-8"))
    assert "nonstandard" not in raw and "state" not in raw["provenance"]["data"]
    assert record.nonstandard is None
    assert (record.provenance.data.state, record.provenance.data.pinned) == (None, None)


def test_nonstandard_signature_and_key_only_when_set() -> None:
    args = ("pawsx", "ko", "clean", 1, 0, "ab" * 32, "cd" * 32, "0.1.0")
    assert signature(*args) == "pawsx.ko|clean@1|seed:0|data:abababab|model:cdcdcdcd|harness:0.1.0"
    assert signature(*args, nonstandard=True) == (
        "pawsx.ko|clean@1|seed:0|data:abababab|model:cdcdcdcd|nonstandard|harness:0.1.0"
    )
