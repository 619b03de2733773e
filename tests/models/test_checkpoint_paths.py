"""fingerprint_checkpoint and resolve_checkpoint."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from harness.errors import ModelError
from harness.models.loading import fingerprint_checkpoint, resolve_checkpoint


@pytest.fixture
def checkpoint(make_checkpoint: Any, tmp_path: Path) -> Path:
    path: Path = make_checkpoint("encoder", out=tmp_path / "ckpt")
    return path


def test_fingerprint_is_stable_and_hex(checkpoint: Path) -> None:
    first = fingerprint_checkpoint(checkpoint)
    assert first == fingerprint_checkpoint(checkpoint)
    assert len(first) == 64 and int(first, 16) >= 0


def test_fingerprint_does_not_depend_on_the_folder(checkpoint: Path, tmp_path: Path) -> None:
    copy = shutil.copytree(checkpoint, tmp_path / "elsewhere")
    assert fingerprint_checkpoint(copy) == fingerprint_checkpoint(checkpoint)


def test_fingerprint_changes_with_one_weight_byte(checkpoint: Path) -> None:
    before = fingerprint_checkpoint(checkpoint)
    weights = checkpoint / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 0x01
    weights.write_bytes(bytes(data))
    assert fingerprint_checkpoint(checkpoint) != before


@pytest.mark.parametrize("name", ["config.json", "tokenizer.json", "tokenizer_config.json"])
def test_fingerprint_covers_config_and_tokenizer(checkpoint: Path, name: str) -> None:
    before = fingerprint_checkpoint(checkpoint)
    with (checkpoint / name).open("a") as handle:
        handle.write(" ")
    assert fingerprint_checkpoint(checkpoint) != before


def test_fingerprint_covers_new_weight_files(checkpoint: Path) -> None:
    before = fingerprint_checkpoint(checkpoint)
    (checkpoint / "extra.safetensors").write_bytes(b"")
    assert fingerprint_checkpoint(checkpoint) != before


def test_fingerprint_ignores_docs_git_and_trainer_state(checkpoint: Path) -> None:
    before = fingerprint_checkpoint(checkpoint)
    (checkpoint / "README.md").write_text("# my model")
    (checkpoint / ".gitattributes").write_text("*.safetensors filter=lfs")
    (checkpoint / ".git").mkdir()
    (checkpoint / ".git" / "HEAD").write_text("ref: refs/heads/main")
    (checkpoint / "training_args.bin").write_bytes(b"pickle")
    (checkpoint / "trainer_state.json").write_text("{}")
    (checkpoint / "checkpoint-500").mkdir()
    (checkpoint / "checkpoint-500" / "model.safetensors").write_bytes(b"old")
    assert fingerprint_checkpoint(checkpoint) == before


def test_fingerprint_streams_big_files(checkpoint: Path) -> None:
    # Larger than one read chunk: a change past the first MiB still counts.
    big = checkpoint / "model-00002-of-00002.safetensors"
    big.write_bytes(b"\x00" * (3 << 20))
    before = fingerprint_checkpoint(checkpoint)
    with big.open("r+b") as handle:
        handle.seek((2 << 20) + 5)
        handle.write(b"\x01")
    assert fingerprint_checkpoint(checkpoint) != before


def test_fingerprint_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a folder"):
        fingerprint_checkpoint(tmp_path / "nope")


def test_resolve_single_checkpoint(checkpoint: Path) -> None:
    (checkpoint / "xnli").mkdir()  # a stray sub-folder does not win over the checkpoint itself
    assert resolve_checkpoint(checkpoint, "xnli", "classification") == checkpoint


def test_resolve_prefers_task_then_family(tmp_path: Path) -> None:
    root = tmp_path / "ckpts"
    for name in ("xnli", "classification", "udpos"):
        (root / name).mkdir(parents=True)
        (root / name / "config.json").write_text("{}")
    assert resolve_checkpoint(root, "xnli", "classification") == root / "xnli"
    assert resolve_checkpoint(root, "pawsx", "classification") == root / "classification"
    assert resolve_checkpoint(root, "udpos", "tagging") == root / "udpos"


def test_resolve_lists_what_exists(tmp_path: Path) -> None:
    root = tmp_path / "ckpts"
    for name in ("udpos", "panx"):
        (root / name).mkdir(parents=True)
    with pytest.raises(ModelError) as err:
        resolve_checkpoint(root, "xnli", "classification")
    message = err.value.message
    assert "xnli/" in message and "classification/" in message
    assert "sub-folders: panx, udpos" in message
    assert err.value.hint and "\n" not in message


def test_resolve_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        resolve_checkpoint(tmp_path / "nope", "xnli", "classification")
