"""Model sources: hub ids through a pre-filled Hugging Face cache, a local folder that shadows a
hub id, the one-line offline error, and what a hub download may fetch."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness.cli import main
from harness.errors import ModelError
from harness.models.source import (
    HUB_PATTERNS,
    FolderModel,
    HubModel,
    MappingModel,
    MemoryModel,
    hub_snapshot,
    resolve_model,
)
from harness.registry import Registry
from harness.results import ResultStore

CheckpointFactory = Callable[..., Path]
SHA = "0123456789abcdef0123456789abcdef01234567"


@pytest.fixture()
def hub_cache(
    make_checkpoint: CheckpointFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """A Hugging Face cache holding `org/tiny-xnli` at commit SHA (as `main`)."""
    import huggingface_hub.constants

    cache = tmp_path / "hf-cache"
    repo = cache / "models--org--tiny-xnli"
    labels = Registry.load().task("xnli").labels
    make_checkpoint("sequence_classification", labels, seed=4, out=repo / "snapshots" / SHA)
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(SHA, encoding="utf-8")
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(cache))
    return cache


def _run(*args: str) -> int:
    return main(["run", "--quiet", "--tasks", "xnli", "--langs", "de", "--data", "samples", *args])


@pytest.mark.parametrize("spec", ["org/tiny-xnli", f"org/tiny-xnli@{SHA}"])
def test_a_hub_id_scores_from_the_cache_and_records_its_revision(
    hub_cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    spec: str,
) -> None:
    monkeypatch.chdir(tmp_path)  # no folder named org/tiny-xnli here
    assert _run("--model", spec, "--results", "store") == 0
    err = capsys.readouterr().err
    assert "model: hub model org/tiny-xnli" in err
    (record,) = ResultStore(tmp_path / "store")
    assert record.provenance.model.hub == "org/tiny-xnli"
    assert record.provenance.model.revision == SHA
    assert record.provenance.model.path == str(
        hub_cache / "models--org--tiny-xnli" / "snapshots" / SHA
    )
    assert f"|rev:{SHA[:12]}|" in record.signature


def test_a_local_folder_wins_over_a_hub_id_and_says_so(
    hub_cache: Path,
    make_checkpoint: CheckpointFactory,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    labels = Registry.load().task("xnli").labels
    make_checkpoint("sequence_classification", labels, seed=5, out=tmp_path / "org" / "tiny-xnli")
    assert _run("--model", "org/tiny-xnli", "--results", "store") == 0
    err = capsys.readouterr().err
    assert "model: local folder org/tiny-xnli (not the hub model of that name)" in err
    (record,) = ResultStore(tmp_path / "store")
    assert record.provenance.model.hub is None
    assert "|rev:" not in record.signature


def test_offline_without_a_cached_copy_is_one_line(
    hub_cache: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run("--model", "org/not-cached", "--results", "store") == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert "hub model org/not-cached: cannot fetch it" in errors[0]
    assert not (tmp_path / "store").exists() or not list((tmp_path / "store").rglob("*.json"))


def test_the_download_asks_for_safetensors_configs_and_tokenizers_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import huggingface_hub

    asked: dict[str, Any] = {}

    def fake(**kwargs: Any) -> str:
        asked.update(kwargs)
        folder = tmp_path / "snapshots" / SHA
        folder.mkdir(parents=True, exist_ok=True)
        return str(folder)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake)
    folder, revision = hub_snapshot("org/model", None)
    assert (folder, revision) == (tmp_path / "snapshots" / SHA, SHA)
    patterns = asked["allow_patterns"]
    assert patterns == list(HUB_PATTERNS)
    assert "*.safetensors" in patterns and "*.json" in patterns
    assert not any(p.endswith((".bin", ".py", ".pt", ".pth", ".ckpt", ".pkl")) for p in patterns)
    assert asked["repo_id"] == "org/model" and asked["revision"] is None


def test_a_substituted_snapshot_function_is_used_once() -> None:
    calls: list[tuple[str, str | None]] = []

    def snapshot(repo: str, revision: str | None) -> Path:
        calls.append((repo, revision))
        return Path("/nowhere") / SHA

    source = HubModel("org/x", SHA, snapshot)
    assert source.fetch() == (Path("/nowhere") / SHA, SHA)
    source.fetch()
    assert calls == [("org/x", SHA)]
    assert source.describe() == f"hub model org/x@{SHA}"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("org/name@main", "the revision after @ must be a 40-hex commit sha"),
        ("org/name@abc", "the revision after @ must be a 40-hex commit sha"),
        ("./missing", "no such checkpoint folder"),
        ("a/b/c", "no such checkpoint folder"),
        ("bad name!", "not a hub model id"),
    ],
)
def test_bad_model_values(
    value: str, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ModelError, match=message):
        resolve_model(value)


def test_resolve_model_kinds(tmp_path: Path, tiny_tokenizer: Any) -> None:
    import torch

    assert isinstance(resolve_model(tmp_path), FolderModel)
    assert isinstance(resolve_model("org/name"), HubModel)
    pair = (torch.nn.Linear(2, 2), tiny_tokenizer)
    assert isinstance(resolve_model(pair), MemoryModel)
    mapping = resolve_model({"xnli": str(tmp_path), "retrieval": "org/name"})
    assert isinstance(mapping, MappingModel)
    (tmp_path / "config.json").write_text("{}", encoding="utf-8")
    assert mapping.checkpoint("xnli", "classification").path == tmp_path
    assert isinstance(mapping.sources["retrieval"], HubModel)
    with pytest.raises(ModelError, match="no entry for task udpos"):
        mapping.checkpoint("udpos", "tagging")


def test_memory_fingerprint_follows_the_weights(tiny_tokenizer: Any) -> None:
    import torch

    from harness.models.source import fingerprint_memory

    model = torch.nn.Linear(3, 2)
    first = fingerprint_memory(model, tiny_tokenizer)
    assert fingerprint_memory(model, tiny_tokenizer) == first
    with torch.no_grad():
        model.weight[0, 0] += 1.0
    assert fingerprint_memory(model, tiny_tokenizer) != first


def test_folder_copies_of_one_hub_snapshot_fingerprint_alike(
    hub_cache: Path, tmp_path: Path
) -> None:
    snapshot = hub_cache / "models--org--tiny-xnli" / "snapshots" / SHA
    copy = shutil.copytree(snapshot, tmp_path / "copy")
    hub = HubModel("org/tiny-xnli").checkpoint("xnli", "classification")
    local = FolderModel(copy).checkpoint("xnli", "classification")
    assert hub.fingerprint() == local.fingerprint()
    assert (hub.hub, hub.revision) == ("org/tiny-xnli", SHA)


@pytest.mark.parametrize(
    ("offline", "reachable", "cache_only"),
    [
        ("1", False, False),  # declared offline: huggingface_hub reads its own cache
        ("", False, True),  # not declared, but no network: the cache at once, no waiting
        ("", True, False),  # online: a real download
    ],
)
def test_an_unreachable_hub_reads_the_cache_without_waiting(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, offline: str, reachable: bool, cache_only: bool
) -> None:
    import huggingface_hub

    from harness.models import source

    asked: dict[str, Any] = {}

    def fake(**kwargs: Any) -> str:
        asked.update(kwargs)
        return str(tmp_path / SHA)

    monkeypatch.setenv("HF_HUB_OFFLINE", offline)
    monkeypatch.setattr(source, "hub_reachable", lambda: reachable)
    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake)
    hub_snapshot("org/model", None)
    assert asked["local_files_only"] is cache_only
