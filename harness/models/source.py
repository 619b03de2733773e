"""What `--model` (and `harness.evaluate(model=...)`) can name, resolved to one checkpoint per task.

A model source is one of:

- `FolderModel`: a `save_pretrained` folder, or a folder of per-task (`<task>/`) or per-family
  (`<family>/`) checkpoints;
- `HubModel`: a Hugging Face hub id, `org/name` or `org/name@<40-hex revision>`, downloaded on
  first use into the normal Hugging Face cache: safetensors, configs and tokenizer files only
  (never pickle weights or Python files), with the resolved commit recorded;
- `MemoryModel`: a `(PreTrainedModel, tokenizer)` pair already in memory;
- `MappingModel`: task or family name -> any of these.

`resolve_model` turns what a user wrote into a source. A local folder wins over a hub id of the
same name, and the source says which one it is (`describe`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch

from harness.errors import ModelError
from harness.hubnet import hub_reachable, offline
from harness.models.loading import _one_line, fingerprint_checkpoint, resolve_checkpoint
from harness.models.token_cache import tokenizer_fingerprint

__all__ = [
    "HUB_PATTERNS",
    "Checkpoint",
    "FolderModel",
    "HubModel",
    "MappingModel",
    "MemoryModel",
    "ModelSource",
    "fingerprint_memory",
    "hub_snapshot",
    "resolve_model",
]

#: What a hub download may fetch: weights in safetensors, configs (sentence-transformers'
#: sub-folder configs included) and tokenizer files. Pickle weights (*.bin, *.pt) and Python
#: files are never downloaded.
HUB_PATTERNS = ("*.json", "*.safetensors", "*.model", "*.txt", "*.tiktoken")
HUB_ID = re.compile(r"^(?:[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/)?[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$")
SHA = re.compile(r"^[0-9a-f]{40}$")

#: (repo id, revision or None) -> the snapshot folder (huggingface_hub.snapshot_download).
Snapshot = Callable[[str, str | None], Path]


def _snapshot_download(repo: str, revision: str | None) -> Path:
    """huggingface_hub's download; with the hub unreachable (and not declared offline), the
    local cache only, at once, instead of waiting on the network."""
    from huggingface_hub import snapshot_download

    cache_only = not offline("HF_HUB_OFFLINE") and not hub_reachable()
    return Path(
        snapshot_download(
            repo_id=repo,
            revision=revision,
            allow_patterns=list(HUB_PATTERNS),
            local_files_only=cache_only,
        )
    )


def hub_snapshot(
    repo: str, revision: str | None, snapshot: Snapshot | None = None
) -> tuple[Path, str]:
    """Download (or find in the local cache) a hub model; return its folder and commit sha.

    Args:
        repo: the model id (`org/name`).
        revision: a 40-hex commit sha, or None for the default branch.
        snapshot: the download function (default: huggingface_hub's `snapshot_download` with
            HUB_PATTERNS); tests substitute one.

    Raises:
        ModelError: one line, when offline without a cached copy, or the id or revision is
            unknown, or the download fails.
    """
    try:
        folder = (snapshot or _snapshot_download)(repo, revision)
    except Exception as exc:  # offline, unknown repo or revision, network failure
        pinned = f"@{revision[:12]}" if revision else ""
        raise ModelError(
            f"hub model {repo}{pinned}: cannot fetch it ({_one_line(exc, 200)})",
            hint="check the id and revision; offline (HF_HUB_OFFLINE=1), fill the Hugging Face "
            "cache first on a machine with access (harness run --model ... there, or "
            "huggingface-cli download), or pass a local folder",
        ) from None
    # The hub cache keeps each commit in snapshots/<sha>/: the folder name is the revision.
    resolved = revision or folder.name
    if not SHA.fullmatch(resolved):
        resolved = revision or "unknown"
    return folder, resolved


def fingerprint_memory(model: torch.nn.Module, tokenizer: Any) -> str:
    """SHA-256 of an in-memory model: its config, every tensor of its state, its tokenizer.

    Tensors are hashed one at a time (name, dtype, shape, bytes), so the model is never
    serialised whole. Equal weights give equal fingerprints; a changed weight changes it.
    """
    digest = hashlib.sha256(b"memory-model\n")
    config = getattr(model, "config", None)
    if config is not None and hasattr(config, "to_dict"):
        digest.update(json.dumps(config.to_dict(), sort_keys=True, default=str).encode())
    for name, tensor in sorted(model.state_dict().items()):
        data = tensor.detach().to("cpu").contiguous()
        digest.update(f"{name}|{data.dtype}|{tuple(data.shape)}\n".encode())
        if data.numel():
            digest.update(data.reshape(-1).view(torch.uint8).numpy().tobytes())
    digest.update((tokenizer_fingerprint(tokenizer) or type(tokenizer).__name__).encode())
    digest.update(json.dumps(getattr(tokenizer, "init_kwargs", {}), default=str).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Checkpoint:
    """The checkpoint one task is scored with.

    Attributes:
        path: its `save_pretrained` folder (local, or the hub snapshot); None in memory.
        hub: the hub id it was downloaded from, if any.
        revision: the hub commit it was resolved to, if any.
        memory: the in-memory (model, tokenizer) pair, if any.
        label: how results and messages name it (a path, `org/name@sha`, `<in-memory ...>`).
    """

    path: Path | None
    label: str
    hub: str | None = None
    revision: str | None = None
    memory: MemoryModel | None = None

    def fingerprint(self) -> str:
        """SHA-256 of what the checkpoint is (its files, or its in-memory state)."""
        if self.memory is not None:
            return fingerprint_memory(self.memory.model, self.memory.tokenizer)
        assert self.path is not None
        return fingerprint_checkpoint(self.path)


class ModelSource:
    """Base of every model source: picks the checkpoint for each task."""

    def checkpoint(self, task: str, family: str) -> Checkpoint:
        """The checkpoint to score `task` with.

        Raises:
            ModelError: the source holds no checkpoint for the task, or cannot be fetched.
        """
        raise NotImplementedError

    def describe(self) -> str:
        """One line naming what the source is, for messages and summaries."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.describe()


@dataclass(frozen=True, eq=False)
class FolderModel(ModelSource):
    """A local checkpoint folder, or a folder of per-task / per-family checkpoints.

    Attributes:
        shadows_hub: the path as written is also a hub id (`org/name`); the folder wins.
    """

    path: Path
    shadows_hub: bool = False

    def checkpoint(self, task: str, family: str) -> Checkpoint:
        folder = resolve_checkpoint(self.path, task, family)
        return Checkpoint(path=folder, label=str(folder))

    def describe(self) -> str:
        if self.shadows_hub:
            return f"local folder {self.path} (not the hub model of that name)"
        return str(self.path)


@dataclass(eq=False)
class HubModel(ModelSource):
    """A hub model id, downloaded (or read from the cache) the first time a task needs it."""

    repo: str
    revision: str | None = None
    snapshot: Snapshot | None = None
    _fetched: tuple[Path, str] | None = field(default=None, init=False, repr=False)

    def fetch(self) -> tuple[Path, str]:
        """The snapshot folder and resolved commit (downloaded once per source)."""
        if self._fetched is None:
            self._fetched = hub_snapshot(self.repo, self.revision, self.snapshot)
        return self._fetched

    def checkpoint(self, task: str, family: str) -> Checkpoint:
        folder, revision = self.fetch()
        chosen = resolve_checkpoint(folder, task, family)
        return Checkpoint(
            path=chosen, label=f"{self.repo}@{revision}", hub=self.repo, revision=revision
        )

    def describe(self) -> str:
        if self._fetched is not None:
            return f"hub model {self.repo}@{self._fetched[1]}"
        pinned = f"@{self.revision}" if self.revision else " (default branch)"
        return f"hub model {self.repo}{pinned}"


@dataclass(frozen=True, eq=False)
class MemoryModel(ModelSource):
    """A model and tokenizer in memory (a notebook's, or a Trainer's during training)."""

    model: Any
    tokenizer: Any

    def checkpoint(self, task: str, family: str) -> Checkpoint:
        return Checkpoint(path=None, label=self.describe(), memory=self)

    def describe(self) -> str:
        return f"<in-memory {type(self.model).__name__}>"


@dataclass(frozen=True, eq=False)
class MappingModel(ModelSource):
    """Task or family name -> a source; a task's own entry wins over its family's."""

    sources: Mapping[str, ModelSource]

    def checkpoint(self, task: str, family: str) -> Checkpoint:
        for key in (task, family):
            if key in self.sources:
                return self.sources[key].checkpoint(task, family)
        raise ModelError(
            f"the model mapping has no entry for task {task} (keys: "
            f"{', '.join(sorted(self.sources)) or 'none'})",
            hint=f"add {task!r} or its family {family!r} to the mapping",
        )

    def describe(self) -> str:
        inner = ", ".join(f"{k}: {v.describe()}" for k, v in self.sources.items())
        return "{" + inner + "}"


def _path_like(value: str) -> bool:
    """Whether a value can only be a path: absolute, `./`, `~`, a trailing or second `/`."""
    return (
        Path(value).is_absolute()
        or value.startswith((".", "~"))
        or value.endswith(("/", "\\"))
        or value.count("/") > 1
        or "\\" in value
    )


def _from_text(value: str, snapshot: Snapshot | None) -> ModelSource:
    """A folder when one of that name exists, else a hub id (`org/name[@sha]`)."""
    folder = Path(value).expanduser()
    if folder.exists():
        if not folder.is_dir():
            raise ModelError(
                f"--model {value}: a file, not a checkpoint folder",
                hint="pass a save_pretrained folder, or a hub id such as org/name",
            )
        return FolderModel(folder, shadows_hub="/" in value and bool(HUB_ID.fullmatch(value)))
    repo, _, revision = value.partition("@")
    if _path_like(value):
        raise ModelError(
            f"--model {value}: no such checkpoint folder",
            hint="pass a save_pretrained folder, or a hub id such as org/name[@<40-hex sha>]",
        )
    if not HUB_ID.fullmatch(repo):
        raise ModelError(
            f"--model {value}: no such checkpoint folder, and not a hub model id",
            hint="pass a save_pretrained folder, or a hub id such as org/name[@<40-hex sha>]",
        )
    if revision and not SHA.fullmatch(revision):
        raise ModelError(
            f"--model {value}: the revision after @ must be a 40-hex commit sha",
            hint=f"pin a commit (org/name@<sha>), or pass {repo} for the default branch",
        )
    return HubModel(repo, revision or None, snapshot)


def resolve_model(value: Any, *, snapshot: Snapshot | None = None) -> ModelSource:
    """Turn what a user passed as the model into a source.

    Args:
        value: a path (str or Path), a hub id, a `(PreTrainedModel, tokenizer)` pair, a mapping
            of task or family name to any of these, or a ModelSource.
        snapshot: the hub download function (tests substitute one).

    Raises:
        ModelError: a path that does not exist and is no hub id, a file, a bad revision, or a
            value of another type.
    """
    if isinstance(value, ModelSource):
        return value
    if isinstance(value, Path):
        if not value.exists():
            raise ModelError(f"{value}: no such checkpoint folder")
        if not value.is_dir():
            raise ModelError(f"{value}: not a folder (a save_pretrained directory is expected)")
        return FolderModel(value)
    if isinstance(value, str):
        return _from_text(value, snapshot)
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], torch.nn.Module):
        return MemoryModel(value[0], value[1])
    if isinstance(value, Mapping) and value:
        return MappingModel({str(k): resolve_model(v, snapshot=snapshot) for k, v in value.items()})
    raise ModelError(
        f"cannot score a model given as {type(value).__name__}",
        hint="pass a folder, a hub id, a (model, tokenizer) pair, or a mapping of task or "
        "family to those",
    )
