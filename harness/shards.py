"""Scale out over jobs: split a run's cells into N shards, and merge the stores they write.

A shard `K/N` scores a deterministic part of a run's cells, so that N independent jobs (a Slurm
job array, a CI matrix, Kubernetes Jobs) score one board between them, each into a store of
its own; `merge_stores` then puts the stores together through their content keys, and the
leaderboard reads the union (docs/design/parallel.md).

The unit of the split is a (task, language): every checkpoint's and every profile's cells of
it land in the same shard. A profile's cell reuses the clean cell's predictions for the examples
it leaves unchanged, the encodings of a (task, language) are cached for every checkpoint with
the same tokenizer, and its data is read once per process; splitting them would pay each of
those twice. A retrieval task whose languages search one shared candidate index (LAReQA,
Mewsli-X) is one unit, since its index is encoded once per process for all its languages.

Within a task, its languages (in the plan's order, the card's) go round-robin over the shards,
starting at a shard fixed by the task's name, so every shard gets about 1/N of every task (the
languages of a task cost about the same) and a task's split does not depend on the other tasks
of the plan. The split depends only on the plan, never on timing, so every job of an array
computes the same one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.data.official import index_shared_by_languages
from harness.errors import ConfigError, DataError
from harness.results import ResultStore, atomic_write_bytes, read_result
from harness.samples import samples_path
from harness.schema import RunResult, TaskCard

__all__ = ["MergeReport", "Shard", "merge_stores", "shard_cells"]

#: What two runs of the same cell differ in (left out when records are compared).
VOLATILE_PROVENANCE = ("timings", "created_at")


@dataclass(frozen=True)
class Shard:
    """Shard `index` of `count` (1-based, as Slurm's and CI matrices' indices are written)."""

    index: int
    count: int

    def __post_init__(self) -> None:
        ok = all(type(v) is int for v in (self.index, self.count))
        if not ok or not 1 <= self.index <= self.count:
            raise ConfigError(
                f"shard {self.index}/{self.count}: expected K/N with 1 <= K <= N",
                hint="e.g. --shard 2/3 (the second of three shards)",
            )

    @classmethod
    def of(cls, value: Shard | tuple[int, int] | str) -> Shard:
        """A shard from `"K/N"`, `(K, N)` or a Shard.

        Raises:
            ConfigError: not of that form, or not 1 <= K <= N.
        """
        if isinstance(value, Shard):
            return value
        if isinstance(value, str):
            index, sep, count = value.strip().partition("/")
            if not sep or not index.strip().isdigit() or not count.strip().isdigit():
                raise ConfigError(
                    f"shard {value}: expected K/N with 1 <= K <= N",
                    hint="e.g. --shard 2/3 (the second of three shards)",
                )
            return cls(int(index), int(count))
        if isinstance(value, tuple) and len(value) == 2:
            return cls(*value)
        raise ConfigError(f"shard {value!r}: expected (K, N) or 'K/N' with 1 <= K <= N")

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def _owner(self, task: str, position: int) -> int:
        start = int.from_bytes(hashlib.sha256(task.encode("utf-8")).digest()[:8], "big")
        return (start + position) % self.count + 1

    def languages(
        self, task: str, langs: Sequence[str], *, shared_index: bool = False
    ) -> tuple[str, ...] | None:
        """This shard's languages of `task` (whose plan has `langs`), or None when the shard has
        none of it. A task with no languages (no data), or one whose languages share one
        index, belongs whole to one shard."""
        if shared_index or not langs:
            return tuple(langs) if self._owner(task, 0) == self.index else None
        mine = tuple(lang for i, lang in enumerate(langs) if self._owner(task, i) == self.index)
        return mine or None


def shard_cells(
    cells: Sequence[tuple[str, tuple[str, ...]]], cards: Mapping[str, TaskCard], shard: Shard
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The (task, languages) of a plan that `shard` scores, in the plan's order; tasks it has
    no language of are left out."""
    out = []
    for task, langs in cells:
        mine = shard.languages(task, langs, shared_index=index_shared_by_languages(cards[task]))
        if mine is not None:
            out.append((task, mine))
    return tuple(out)


# --------------------------------------------------------------------------- merge


@dataclass(frozen=True)
class MergeReport:
    """What `merge_stores` did.

    Attributes:
        records: the distinct records (by key) the merged store holds.
        written: records written into the output (the others were already there, equal).
        duplicates: records found more than once with equal content (kept once).
        conflicts: one line per key found with different content (the newest was kept).
    """

    records: int
    written: int
    duplicates: int
    conflicts: tuple[str, ...]


def stable_digest(record: RunResult) -> str:
    """SHA-256 of a record's content without what two runs of one cell differ in (timings,
    creation time): equal digests mean the same scores, columns and provenance."""
    data: dict[str, Any] = record.model_dump(mode="json")
    for name in VOLATILE_PROVENANCE:
        data["provenance"].pop(name, None)
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _record_paths(root: Path) -> Iterator[tuple[Path, Path]]:
    """(record JSON path, the store root it belongs to, relative to `root`) for every record
    under `root`: a store (`<fp>/<task>/<file>.json`) or a results root of stores
    (`<id>/<fp>/<task>/<file>.json`). Hidden folders (the `.tokens` cache) are skipped."""
    for path in sorted(root.rglob("*.json")):
        rel = path.relative_to(root)
        if any(part.startswith(".") for part in rel.parts[:-1]):
            continue
        if len(rel.parts) < 3:
            raise DataError(
                f"{path}: not inside a result store (expected <model>/<task>/<record>.json)"
            )
        yield path, Path(*rel.parts[:-3])


@dataclass(frozen=True)
class _Seen:
    path: Path
    store: Path  # the store the record is in
    digest: str
    created_at: str
    rank: int  # source order: 0 is the output's own record


def merge_stores(out: Path, sources: Sequence[Path]) -> MergeReport:
    """Merge result stores (or results roots of `<id>/` stores) into `out`.

    Every record of every source is read and validated before anything is written; each is
    then written into `out` at the same place relative to its root (atomically, as a run
    writes it). Records are keyed by their content key: one found in several sources with
    equal content (everything but timings and creation time) is kept once; one whose content
    differs (a cell scored twice, on machines whose floats differ in the last bits, say) keeps
    the newest and is reported. Records already in `out` take part as the oldest source. A
    record's sample log (`--log-samples`) is copied with it. The token cache (`.tokens/`) is a
    cache and is not merged.

    Raises:
        DataError: a source is missing or is `out` itself.
        SchemaError: a record in a source is invalid or incomplete (nothing is written).
    """
    if not sources:
        raise DataError("results merge: name at least one store to merge")
    for source in sources:
        if not source.is_dir():
            raise DataError(f"{source}: no such result store")
        if out.exists() and source.resolve() == out.resolve():
            raise DataError(f"{source}: is the output store itself")
    chosen: dict[tuple[Path, str], _Seen] = {}
    duplicates = 0
    conflicts: list[str] = []
    roots = [out] if out.is_dir() else []
    for rank, root in enumerate([*roots, *sources], start=0 if roots else 1):
        for path, prefix in _record_paths(root):
            record = read_result(path)
            seen = _Seen(
                path, root / prefix, stable_digest(record), record.provenance.created_at, rank
            )
            key = (prefix, record.key)
            before = chosen.get(key)
            if before is None:
                chosen[key] = seen
            elif before.digest == seen.digest:
                duplicates += 1
            else:
                newer = max(before, seen, key=lambda s: (s.created_at, s.rank))
                conflicts.append(
                    f"{record.signature}: {before.path} and {path} differ; kept {newer.path}"
                )
                chosen[key] = newer
    written = 0
    for (prefix, _key), seen in sorted(chosen.items(), key=lambda kv: str(kv[1].path)):
        if seen.rank == 0:  # already in the output
            continue
        record = read_result(seen.path)
        ResultStore(out / prefix).put(record)
        # the cell's sample log (--log-samples), if it has one, goes with it
        where = (record.provenance.model.fingerprint, record.task, record.language)
        log = samples_path(seen.store, *where, record.profile, record.key)
        if log.is_file():
            target = samples_path(out / prefix, *where, record.profile, record.key)
            atomic_write_bytes(target, log.read_bytes())
        written += 1
    return MergeReport(len(chosen), written, duplicates, tuple(conflicts))
