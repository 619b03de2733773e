"""The content-addressed result store.

One JSON file per (checkpoint, task, language, profile) cell, named by a key computed from
everything that can move the score: the task card and profile (content hashes), the data
fingerprint, the checkpoint fingerprint, the settings and the harness version. A re-run with the
same inputs is served from the store; a killed run resumes with the cells it had finished.
Files are written atomically (temporary file, fsync, rename), so a reader never sees a partial
record.

Layout: `<root>/<model fingerprint[:12]>/<task>/<lang>.<profile>.<key[:16]>.json`.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from harness.errors import SchemaError
from harness.schema import RunResult


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
) -> str:
    """The one-line signature of a result, in the style of sacrebleu's.

    `encoder` (retrieval tasks: `pooling@layer`, e.g. `mean@8`) is added when given, since it
    moves the score as much as the checkpoint does; so is a `dtype` other than fp32 (`--dtype`)
    and, for a model downloaded from the hub, the commit it resolved to (`rev:`).
    """
    extra = f"|enc:{encoder}" if encoder else ""
    extra += f"|dtype:{dtype}" if dtype != "fp32" else ""
    extra += f"|rev:{revision[:12]}" if revision else ""
    return (
        f"{task}.{lang}|{profile}@{profile_version}|seed:{seed}|data:{data_fp[:8]}"
        f"|model:{model_fp[:8]}{extra}|harness:{harness_version}"
    )


def atomic_write_text(path: Path, text: str) -> None:
    """Write `text` to `path` so that readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def read_result(path: Path) -> RunResult:
    """Read and validate one result file.

    Raises:
        SchemaError: the file is not valid JSON or does not match the result schema.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return RunResult.model_validate(data)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SchemaError(f"{path}: unreadable result file ({exc})") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise SchemaError(f"{path}: not a valid result record ({loc}: {first['msg']})") from None


class ResultStore:
    """Result records under one root folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, model_fp: str, task: str, lang: str, profile: str, key: str) -> Path:
        return self.root / model_fp[:12] / task / f"{lang}.{profile}.{key[:16]}.json"

    def get(self, model_fp: str, task: str, lang: str, profile: str, key: str) -> RunResult | None:
        """Return the stored record for `key`, or None if absent or written by another schema."""
        path = self.path_for(model_fp, task, lang, profile, key)
        if not path.is_file():
            return None
        try:
            record = read_result(path)
        except SchemaError:
            return None  # an older or foreign record: recompute and replace it
        return record if record.key == key else None

    def put(self, record: RunResult) -> Path:
        """Write a record atomically; return its path."""
        path = self.path_for(
            record.provenance.model.fingerprint,
            record.task,
            record.language,
            record.profile,
            record.key,
        )
        atomic_write_text(path, record.model_dump_json(indent=1) + "\n")
        return path

    def __iter__(self) -> Iterator[RunResult]:
        """Every valid record under the root, in path order.

        Raises:
            SchemaError: a file under the root is not a valid record.
        """
        if not self.root.is_dir():
            return
        for path in sorted(self.root.rglob("*.json")):
            yield read_result(path)
