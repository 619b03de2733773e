"""The result store: atomic writes, content keys, cache hits and foreign files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.errors import SchemaError
from harness.results import ResultStore, atomic_write_text, read_result, result_key, signature
from harness.schema import RunResult


def make_record(key: str = "k" * 64, model_fp: str = "m" * 64) -> RunResult:
    ref = {"name": "xnli", "version": 1, "sha256": "0" * 64}
    return RunResult.model_validate(
        {
            "key": key,
            "signature": signature("xnli", "de", "typo-10", 1, 1, "d" * 64, model_fp, "0.1.0"),
            "task": "xnli",
            "language": "de",
            "profile": "typo-10",
            "scores": {"accuracy": 50.0},
            "main": 50.0,
            "n": 2,
            "per_example": {"id": ["0", "1"], "correct": [1, 0]},
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
                    "n_examples": 2,
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


def test_put_get_roundtrip_and_no_temp_files(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    record = make_record()
    path = store.put(record)
    assert store.get("m" * 64, "xnli", "de", "typo-10", "k" * 64) == record
    assert [p.name for p in path.parent.iterdir()] == [path.name]
    assert list(store) == [record]


def test_get_misses_other_keys_and_foreign_files(tmp_path: Path) -> None:
    store = ResultStore(tmp_path)
    assert store.get("m" * 64, "xnli", "de", "typo-10", "k" * 64) is None
    path = store.path_for("m" * 64, "xnli", "de", "typo-10", "k" * 64)
    path.parent.mkdir(parents=True)
    path.write_text('{"schema_version": 99}', encoding="utf-8")
    assert store.get("m" * 64, "xnli", "de", "typo-10", "k" * 64) is None
    with pytest.raises(SchemaError, match="not a valid result record"):
        read_result(path)


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


ROOT = Path(__file__).resolve().parent.parent


def test_committed_json_schema_is_current() -> None:
    from harness.schema import result_json_schema

    committed = json.loads((ROOT / "docs" / "result-schema.json").read_text(encoding="utf-8"))
    assert committed == result_json_schema(), (
        "run: python -m harness.schema > docs/result-schema.json"
    )


def test_version_1_record_still_loads() -> None:
    """A record written by schema version 1 must stay readable (MTEB-style compatibility)."""
    record = read_result(ROOT / "tests" / "fixtures" / "result-v1.json")
    assert record.schema_version == 1
    assert record.signature.startswith("xnli.de|typo-10@1|seed:1|")
