"""`--shard K/N`: a deterministic split of the cells; `harness results merge`; the leaderboard
of the merged (or side-by-side) shard stores is the unsharded run's, byte for byte."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

import harness.runner
from harness.cli import main
from harness.data.official import index_shared_by_languages
from harness.errors import ConfigError, SchemaError
from harness.registry import Registry
from harness.results import ResultStore
from harness.schema import RunResult
from harness.shards import Shard, merge_stores, shard_cells, stable_digest

CheckpointFactory = Callable[..., Path]
TASKS = "xnli,tatoeba,lareqa"  # lareqa: one candidate pool for every language
SUB = "tiny"


class _FrozenClock(datetime):
    """`datetime` whose now() is fixed: the leaderboard shows each record's creation time, so
    runs compared byte for byte must have the same one."""

    @classmethod
    def now(cls, tz: Any = None) -> _FrozenClock:
        return cls(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(harness.runner, "datetime", _FrozenClock)
    yield


@pytest.fixture(scope="module")
def ckpt(make_checkpoint: CheckpointFactory) -> Path:
    return make_checkpoint("sequence_classification", Registry.load().task("xnli").labels, seed=5)


def _run(ckpt: Path, results: Path, *extra: str) -> int:
    return main(
        [
            "run",
            "--quiet",
            "--model",
            str(ckpt),
            "--data",
            "samples",
            "--tasks",
            TASKS,
            "--profile",
            "typo-10",
            "--limit",
            "4",
            "--layer",
            "1",
            "--device",
            "cpu",
            "--results",
            str(results),
            "--log-samples",  # the board's "examples that flipped" view reads these
            *extra,
        ]
    )


def _stable(records: Iterable[RunResult]) -> dict[str, str]:
    return {r.key: stable_digest(r) for r in records}


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _manifest(folder: Path) -> Path:
    data = {"name": "Tiny", "method": "other", "base_model": "tiny", "checkpoints": {"xnli": "c"}}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{SUB}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return folder


def _build(subs: Path, out: Path, *roots: Path) -> dict[str, bytes]:
    """Build the site from the stores under `roots`; return its files, path -> bytes."""
    args = ["leaderboard", "build", "--submissions", str(subs), "--out", str(out)]
    for root in roots:
        args += ["--results", str(root)]
    assert main(args) == 0
    return _tree(out)


def test_shard_values_are_checked(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert Shard.of("2/3") == Shard(2, 3) == Shard.of((2, 3))
    assert str(Shard.of(" 3/3 ")) == "3/3"
    for bad in ("0/3", "4/3", "3", "a/b", "1/0", "-1/2", "1/2/3"):
        with pytest.raises(ConfigError, match="expected K/N with 1 <= K <= N"):
            Shard.of(bad)
    with pytest.raises(ConfigError):
        Shard.of((1.0, 2))  # type: ignore[arg-type]
    results = tmp_path / "results"
    code = main(["run", "--model", str(tmp_path), "--data", "samples", "--shard", "4/3",
                 "--results", str(results)])  # fmt: skip
    captured = capsys.readouterr()
    assert code == 2 and not results.exists()
    assert [line for line in captured.err.splitlines() if line.startswith("error:")] == [
        "error: shard 4/3: expected K/N with 1 <= K <= N"
    ]
    assert main(["score", "--dry-run", "--shard", "0/2", str(tmp_path / "x.yaml")]) == 2
    assert "error: shard 0/2: expected K/N" in capsys.readouterr().err
    # more shards than (task, language) units: the others are empty, say so and succeed
    owner = next(k for k in (1, 2) if Shard(k, 2).languages("xnli", ["de"]) is not None)
    empty = f"{3 - owner}/2"
    args = ["run", "--model", str(tmp_path), "--data", "samples", "--tasks", "xnli", "--langs",
            "de", "--results", str(results), "--json", str(tmp_path / "e.json")]  # fmt: skip
    assert main([*args, "--shard", empty]) == 0
    assert f"shard {empty}: no cell of this run falls in this shard" in capsys.readouterr().err
    assert json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))["results"] == []


@pytest.mark.parametrize("count", [1, 2, 3, 7])
def test_shards_partition_every_task_by_language(count: int) -> None:
    registry = Registry.load()
    cards = {name: e.model for name, e in registry.tasks.items()}
    cells = tuple((name, tuple(card.languages)) for name, card in cards.items())
    parts = [shard_cells(cells, cards, Shard(k, count)) for k in range(1, count + 1)]
    assert parts == [shard_cells(cells, cards, Shard(k, count)) for k in range(1, count + 1)]
    owners: dict[tuple[str, str], int] = {}
    for k, part in enumerate(parts, start=1):
        for task, langs in part:
            assert langs, "a shard keeps only tasks it has languages of"
            for lang in langs:
                assert (task, lang) not in owners, "every (task, language) in exactly one shard"
                owners[(task, lang)] = k
    assert set(owners) == {(t, lang) for t, langs in cells for lang in langs}
    for task, card in cards.items():
        per_shard = [sum(owners[(task, lang)] == k for lang in card.languages) for k in
                     range(1, count + 1)]  # fmt: skip
        if index_shared_by_languages(card):  # one candidate index: one shard
            assert sorted(per_shard)[:-1] == [0] * (count - 1)
        else:  # round-robin: every shard gets about 1/N of the task
            assert max(per_shard) - min(per_shard) <= 1
    assert index_shared_by_languages(cards["lareqa"]) and index_shared_by_languages(
        cards["mewslix"]
    )
    assert not index_shared_by_languages(cards["tatoeba"])
    assert not index_shared_by_languages(cards["xnli"])


def test_three_shards_merged_are_the_unsharded_run(
    ckpt: Path, tmp_path: Path, frozen_clock: None, capsys: pytest.CaptureFixture[str]
) -> None:
    whole = tmp_path / "whole"
    assert _run(ckpt, whole / SUB, "--json", str(tmp_path / "whole.json")) == 0
    capsys.readouterr()
    shards = [tmp_path / f"shard-{k}" for k in (1, 2, 3)]
    seen: list[set[tuple[str, str]]] = []
    for k, root in enumerate(shards, start=1):  # one after another, each into its own store
        summary = tmp_path / f"shard-{k}.json"
        assert _run(ckpt, root / SUB, "--shard", f"{k}/3", "--json", str(summary)) == 0
        assert f"shard {k}/3:" in capsys.readouterr().err
        data = json.loads(summary.read_text(encoding="utf-8"))
        assert data["shard"] == f"{k}/3" and data["settings"]["shard"] == f"{k}/3"
        assert data["aggregate"]["partial"] is True
        seen.append({(r["task"], r["language"]) for r in data["results"]})
    assert all(seen) and not (seen[0] & seen[1] or seen[0] & seen[2] or seen[1] & seen[2])
    lareqa = [k for k, cells in enumerate(seen) if any(t == "lareqa" for t, _ in cells)]
    assert len(lareqa) == 1  # its shared candidate pool is encoded by one shard only
    whole_json = json.loads((tmp_path / "whole.json").read_text(encoding="utf-8"))
    assert whole_json["shard"] is None and whole_json["aggregate"]["partial"] is False

    merged = tmp_path / "merged"
    assert main(["results", "merge", str(merged), *map(str, shards)]) == 0
    assert "merged:" in capsys.readouterr().out
    expected = _stable(ResultStore(whole / SUB))
    assert len(expected) == 2 * (8 + 6 + 11)  # clean + typo-10 of every (task, language)
    assert _stable(ResultStore(merged / SUB)) == expected
    union: dict[str, str] = {}
    for root in shards:
        union.update(_stable(ResultStore(root / SUB)))
    assert union == expected

    subs = _manifest(tmp_path / "submissions")
    site = _build(subs, tmp_path / "site-whole", whole)
    assert _build(subs, tmp_path / "site-merged", merged) == site
    assert _build(subs, tmp_path / "site-union", *shards) == site


def test_merge_keeps_duplicates_once_and_reports_conflicts(
    ckpt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "a"
    assert main(["run", "--quiet", "--model", str(ckpt), "--data", "samples", "--tasks", "xnli",
                 "--langs", "de", "--limit", "3", "--results", str(store)]) == 0  # fmt: skip
    capsys.readouterr()
    once = merge_stores(tmp_path / "out", [store, store])
    assert (once.records, once.written, once.duplicates, once.conflicts) == (1, 1, 1, ())
    again = merge_stores(tmp_path / "out", [store])  # already there: nothing to write
    assert (again.records, again.written, again.duplicates) == (1, 0, 1)

    (record,) = ResultStore(store)
    changed = record.model_copy(
        update={
            "main": record.main + 1.0,
            "provenance": record.provenance.model_copy(update={"created_at": "2099-01-01"}),
        }
    )
    other = tmp_path / "b"
    ResultStore(other).put(changed)
    assert main(["results", "merge", str(tmp_path / "out"), str(other)]) == 0
    captured = capsys.readouterr()
    assert "warning: " in captured.err and " differ; kept " in captured.err
    assert "1 conflicts" in captured.out
    (kept,) = ResultStore(tmp_path / "out")
    assert kept.main == changed.main  # the newer record wins

    broken = tmp_path / "broken"
    ResultStore(broken).put(record)
    next(broken.rglob("*.json")).write_text("{", encoding="utf-8")
    with pytest.raises(SchemaError):
        merge_stores(tmp_path / "fresh", [store, broken])
    assert not (tmp_path / "fresh").exists()  # validated before anything is written
    assert main(["results", "merge", str(tmp_path / "x"), str(tmp_path / "missing")]) == 2


def test_score_shards_cover_the_submission(
    ckpt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    subs = tmp_path / "subs"
    data = {"name": "T", "method": "other", "base_model": "t", "checkpoints": {"xnli": str(ckpt)},
            "profiles": ["typo-10"]}  # fmt: skip
    subs.mkdir()
    (subs / "t.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")

    def score(results: Path, *extra: str) -> int:
        return main(["score", "--quiet", "--data", "samples", "--limit", "3", "--device", "cpu",
                     "--checkpoint-root", str(ckpt.parent), "--results", str(results),
                     str(subs / "t.yaml"), *extra])  # fmt: skip

    assert score(tmp_path / "whole") == 0
    for k in (1, 2):
        assert score(tmp_path / f"s{k}", "--shard", f"{k}/2") == 0
    assert "partial: shard 2/2" in capsys.readouterr().out
    whole = {r.key for r in ResultStore(tmp_path / "whole" / "t")}
    halves = [{r.key for r in ResultStore(tmp_path / f"s{k}" / "t")} for k in (1, 2)]
    assert halves[0] and halves[1] and not halves[0] & halves[1]
    assert halves[0] | halves[1] == whole
