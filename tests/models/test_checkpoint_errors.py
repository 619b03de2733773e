"""Every way a checkpoint is refused: one line, naming the folder, with a hint."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from harness.errors import ModelError
from harness.models.loading import load_checkpoint
from harness.models.tiny import train_tokenizer

NLI = ["entailment", "neutral", "contradiction"]


def refused(path: Path, head: str, labels: list[str] | None = None, **kw: Any) -> ModelError:
    """Load, expect a ModelError that is one line, names the folder and has a hint."""
    with pytest.raises(ModelError) as err:
        load_checkpoint(path, head, labels, device="cpu", **kw)
    error = err.value
    assert "\n" not in error.message
    assert str(path) in error.message
    assert error.hint and "\n" not in error.hint
    return error


def edit_config(path: Path, **changes: Any) -> None:
    config = json.loads((path / "config.json").read_text())
    for key, value in changes.items():
        if value is None:
            config.pop(key, None)
        else:
            config[key] = value
    (path / "config.json").write_text(json.dumps(config))


@pytest.fixture
def nli_checkpoint(make_checkpoint: Any, tmp_path: Path) -> Path:
    """A sequence-classification checkpoint of our own, free to break."""
    path: Path = make_checkpoint("sequence_classification", NLI, out=tmp_path / "ckpt")
    return path


def test_missing_path(tmp_path: Path) -> None:
    error = refused(tmp_path / "nope", "encoder")
    assert "does not exist" in error.message


def test_a_file_is_not_a_checkpoint(tmp_path: Path) -> None:
    file = tmp_path / "model.safetensors"
    file.write_bytes(b"")
    assert "is a file" in refused(file, "encoder").message


def test_folder_without_config(nli_checkpoint: Path) -> None:
    (nli_checkpoint / "config.json").unlink()
    assert "has no config.json" in refused(nli_checkpoint, "sequence_classification").message


def test_config_that_is_not_json(nli_checkpoint: Path) -> None:
    (nli_checkpoint / "config.json").write_text('{"architectures": [')
    error = refused(nli_checkpoint, "sequence_classification")
    assert "config.json" in error.message and "not valid JSON" in error.message
    assert "line 1" in error.message


def test_config_that_is_not_an_object(nli_checkpoint: Path) -> None:
    (nli_checkpoint / "config.json").write_text("[1, 2]")
    assert "not a JSON object" in refused(nli_checkpoint, "sequence_classification").message


CUSTOM_CODE = """
import pathlib
pathlib.Path(__file__).with_name("MARKER").write_text("custom code ran")
from transformers import XLMRobertaConfig, XLMRobertaForSequenceClassification
class CustomConfig(XLMRobertaConfig):
    model_type = "custom-xlmr"
class CustomModel(XLMRobertaForSequenceClassification):
    config_class = CustomConfig
"""


@pytest.mark.parametrize("where", ["config.json", "tokenizer_config.json"])
def test_auto_map_is_refused_and_never_run(nli_checkpoint: Path, where: str) -> None:
    (nli_checkpoint / "custom_model.py").write_text(CUSTOM_CODE)
    file = nli_checkpoint / where
    data = json.loads(file.read_text())
    data["auto_map"] = {
        "AutoConfig": "custom_model.CustomConfig",
        "AutoModelForSequenceClassification": "custom_model.CustomModel",
    }
    file.write_text(json.dumps(data))
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "custom code" in error.message and where in error.message
    assert "custom_model.CustomModel" in error.message
    assert not (nli_checkpoint / "MARKER").exists()


def _make_pickle_only(path: Path) -> dict[str, torch.Tensor]:
    state = load_file(str(path / "model.safetensors"))
    torch.save(state, path / "pytorch_model.bin")
    (path / "model.safetensors").unlink()
    return state


def test_pickle_only_weights_are_refused(nli_checkpoint: Path) -> None:
    _make_pickle_only(nli_checkpoint)
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "pytorch_model.bin" in error.message
    assert "pickle can execute arbitrary code" in error.message
    assert error.hint is not None
    assert "--allow-pickle" in error.hint and "safetensors" in error.hint


def test_allow_pickle_loads_pickle_only_weights(nli_checkpoint: Path) -> None:
    state = _make_pickle_only(nli_checkpoint)
    loaded = load_checkpoint(nli_checkpoint, "sequence_classification", NLI, allow_pickle=True)
    key = "classifier.out_proj.weight"
    assert torch.equal(loaded.model.state_dict()[key], state[key])
    assert loaded.label_index == (0, 1, 2)


def test_trainer_pickles_beside_safetensors_are_fine(nli_checkpoint: Path) -> None:
    torch.save({"lr": 1e-5}, nli_checkpoint / "training_args.bin")
    assert load_checkpoint(nli_checkpoint, "sequence_classification", NLI).label_index


def test_pickle_in_an_unloadable_layout(nli_checkpoint: Path) -> None:
    _make_pickle_only(nli_checkpoint)
    (nli_checkpoint / "pytorch_model.bin").rename(nli_checkpoint / "weights.ckpt")
    assert "weights.ckpt" in refused(nli_checkpoint, "sequence_classification").message
    error = refused(nli_checkpoint, "sequence_classification", allow_pickle=True)
    assert "no pytorch_model.bin" in error.message


def test_no_weights_at_all(nli_checkpoint: Path) -> None:
    (nli_checkpoint / "model.safetensors").unlink()
    error = refused(nli_checkpoint, "sequence_classification")
    assert "no PyTorch weights" in error.message
    (nli_checkpoint / "tf_model.h5").write_bytes(b"\x89HDF")
    assert "found only tf_model.h5" in refused(nli_checkpoint, "sequence_classification").message


def test_wrong_head_says_which_is_needed_and_which_it_has(make_checkpoint: Any) -> None:
    path = make_checkpoint("multiple_choice")
    error = refused(path, "sequence_classification", NLI)
    assert "XLMRobertaForMultipleChoice" in error.message
    assert "multiple_choice head" in error.message
    assert "needs a sequence_classification head" in error.message


def test_masked_lm_checkpoint_has_no_task_head(nli_checkpoint: Path) -> None:
    edit_config(nli_checkpoint, architectures=["XLMRobertaForMaskedLM"])
    error = refused(nli_checkpoint, "token_classification")
    assert "XLMRobertaForMaskedLM (no task head" in error.message


def test_config_without_architectures(nli_checkpoint: Path) -> None:
    edit_config(nli_checkpoint, architectures=None)
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "names no architectures" in error.message


def test_head_without_trained_weights(make_checkpoint: Any, tmp_path: Path) -> None:
    # A bare encoder saved under a classification architecture: the head would be random.
    path = make_checkpoint("encoder", out=tmp_path / "enc")
    edit_config(
        path,
        architectures=["XLMRobertaForSequenceClassification"],
        id2label={str(i): name for i, name in enumerate(NLI)},
        label2id={name: i for i, name in enumerate(NLI)},
    )
    error = refused(path, "sequence_classification", NLI)
    assert "lacks weights" in error.message and "classifier" in error.message


def test_missing_labels_are_listed(nli_checkpoint: Path) -> None:
    error = refused(nli_checkpoint, "sequence_classification", ["entailment", "other", "neutral"])
    assert "missing other;" in error.message
    assert "entailment, neutral, contradiction" in error.message


def test_generic_labels_are_refused(make_checkpoint: Any) -> None:
    path = make_checkpoint("sequence_classification")  # LABEL_0, LABEL_1
    error = refused(path, "sequence_classification", ["yes", "no"])
    assert "generic labels LABEL_0..LABEL_1" in error.message
    assert "guess" in error.message
    assert error.hint is not None and "id2label" in error.hint


def test_no_tokenizer_files(nli_checkpoint: Path) -> None:
    for name in ("tokenizer.json", "tokenizer_config.json"):
        (nli_checkpoint / name).unlink()
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "no tokenizer files" in error.message


def test_broken_tokenizer(nli_checkpoint: Path) -> None:
    (nli_checkpoint / "tokenizer.json").write_text('{"model": ')
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "cannot load the tokenizer" in error.message


def test_tokenizer_bigger_than_the_embeddings(
    nli_checkpoint: Path, tiny_texts: tuple[str, ...]
) -> None:
    big = train_tokenizer([*tiny_texts, *(f"word{i} token{i * 7}" for i in range(300))], 2000)
    big.save_pretrained(nli_checkpoint)
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "tokens but the model's embeddings hold" in error.message


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda b: b"\x00" * 64, "truncated or not safetensors"),
        (lambda b: b[:5], "header length missing"),
        (lambda b: b[: len(b) // 2], "is truncated: its header describes"),
        (lambda b: b[:8] + b"{" * (len(b) - 8), "corrupt header"),
        (lambda b: b + b"\x00" * 16, "16 bytes after the last tensor"),
    ],
    ids=["zeros", "five-bytes", "half", "garbage-header", "trailing-bytes"],
)
def test_truncated_or_corrupt_safetensors(
    nli_checkpoint: Path, damage: Callable[[bytes], bytes], message: str
) -> None:
    weights = nli_checkpoint / "model.safetensors"
    weights.write_bytes(damage(weights.read_bytes()))
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "model.safetensors" in error.message and message in error.message


def test_config_and_weights_of_other_shapes(nli_checkpoint: Path) -> None:
    config = json.loads((nli_checkpoint / "config.json").read_text())
    edit_config(nli_checkpoint, intermediate_size=config["intermediate_size"] * 2)
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "weights do not match config.json" in error.message
    assert "intermediate.dense" in error.message and "and 5 more" in error.message


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"max_position_embeddings": 10**7}, "max_position_embeddings is 10000000, beyond"),
        ({"vocab_size": 10**9}, "GiB as float32), beyond the limit of 8 GiB"),
        ({"vocab_size": 10**6}, "but the weight files hold only"),
        ({"hidden_size": "64"}, "hidden_size is 64, not a non-negative integer"),
        ({"vocab_size": -1}, "vocab_size is -1, not a non-negative integer"),
    ],
)
def test_absurd_sizes_are_refused_before_allocating(
    nli_checkpoint: Path, changes: dict[str, Any], message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit_config(nli_checkpoint, **changes)

    def never(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the config was handed to transformers")

    monkeypatch.setattr("harness.models.loading.AutoConfig.from_pretrained", never)
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert message in error.message


def test_unknown_model_type(nli_checkpoint: Path) -> None:
    edit_config(nli_checkpoint, model_type="no-such-model")
    error = refused(nli_checkpoint, "sequence_classification", NLI)
    assert "cannot read the configuration" in error.message
