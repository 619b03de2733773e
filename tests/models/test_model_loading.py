"""load_checkpoint: round trip for every head, label mapping, device and length limits."""

from __future__ import annotations

import json
from typing import Any

import pytest
import torch
from safetensors.torch import load_file

from harness.errors import ModelError
from harness.models.batching import pad_batch
from harness.models.loading import HEAD_SUFFIXES, HEADS, head_of_architecture, load_checkpoint
from harness.models.loading import pick_device as pick

NLI = ["entailment", "neutral", "contradiction"]
TAGS = ["O", "B-PER", "I-PER"]
LABELS = {"sequence_classification": NLI, "token_classification": TAGS}


def _batch(loaded: Any, texts: list[str]) -> dict[str, torch.Tensor]:
    encodings = [loaded.tokenizer(t) for t in texts]
    return pad_batch(encodings, loaded.tokenizer.pad_token_id)


@pytest.mark.parametrize("head", sorted(HEADS))
def test_round_trip_every_head(head: str, make_checkpoint: Any) -> None:
    labels = LABELS.get(head)
    path = make_checkpoint(head, labels, seed=7)
    loaded = load_checkpoint(path, head, labels, device="cpu")

    assert loaded.head == head
    assert loaded.architecture == f"XLMRoberta{HEAD_SUFFIXES[head]}"
    assert loaded.model.training is False
    assert loaded.device == torch.device("cpu")
    assert len(loaded.fingerprint) == 64
    assert loaded.max_length == 128
    assert loaded.label_index == ((0, 1, 2) if labels else None)
    # The weights are the ones on disk, not a fresh initialisation.
    saved = load_file(str(path / "model.safetensors"))
    state = loaded.model.state_dict()
    for name, tensor in saved.items():
        assert torch.equal(state[name], tensor), name

    inputs = _batch(loaded, ["The quick brown fox.", "Où est la gare ?", "Быстрая лиса"])
    batch, length = inputs["input_ids"].shape
    with torch.inference_mode():
        if head == "multiple_choice":
            out = loaded.model(**{k: v.view(1, batch, length) for k, v in inputs.items()})
            assert out.logits.shape == (1, batch)
        else:
            out = loaded.model(**inputs)
    if head == "sequence_classification":
        assert out.logits.shape == (batch, 3)
    elif head == "token_classification":
        assert out.logits.shape == (batch, length, 3)
    elif head == "question_answering":
        assert out.start_logits.shape == (batch, length)
        assert out.end_logits.shape == (batch, length)
    elif head == "encoder":
        assert out.last_hidden_state.shape == (batch, length, 64)


def test_encoder_head_takes_any_checkpoint(make_checkpoint: Any) -> None:
    path = make_checkpoint("sequence_classification", NLI, seed=5)
    loaded = load_checkpoint(path, "encoder", NLI, device="cpu")
    assert type(loaded.model).__name__ == "XLMRobertaModel"
    assert loaded.architecture == "XLMRobertaForSequenceClassification"
    assert loaded.label_index is None
    saved = load_file(str(path / "model.safetensors"))
    key = "embeddings.word_embeddings.weight"
    assert torch.equal(loaded.model.state_dict()[key], saved[f"roberta.{key}"])


def test_labels_match_by_name_in_any_order_and_case(make_checkpoint: Any) -> None:
    path = make_checkpoint("sequence_classification", NLI)
    loaded = load_checkpoint(
        path, "sequence_classification", ["Contradiction", "ENTAILMENT", "neutral"]
    )
    assert loaded.label_index == (2, 0, 1)


def test_task_labels_may_be_a_subset(make_checkpoint: Any) -> None:
    path = make_checkpoint("token_classification", ["O", "B-LOC", "I-LOC", "B-PER", "I-PER"])
    loaded = load_checkpoint(path, "token_classification", ["O", "B-PER", "I-PER"])
    assert loaded.label_index == (0, 3, 4)


def test_generic_labels_are_fine_when_the_task_uses_them(make_checkpoint: Any) -> None:
    path = make_checkpoint("sequence_classification")  # transformers' LABEL_0, LABEL_1
    loaded = load_checkpoint(path, "sequence_classification", ["LABEL_1", "LABEL_0"])
    assert loaded.label_index == (1, 0)


def test_labels_ignored_for_unlabelled_heads(make_checkpoint: Any) -> None:
    path = make_checkpoint("multiple_choice")
    assert load_checkpoint(path, "multiple_choice", ["0", "1"]).label_index is None


def test_max_length_is_the_smaller_of_model_and_tokenizer(make_checkpoint: Any) -> None:
    path = make_checkpoint("encoder", max_positions=66)
    assert load_checkpoint(path, "encoder").max_length == 64  # 66 minus XLM-R's offset of 2
    tok_config = path / "tokenizer_config.json"
    data = json.loads(tok_config.read_text())
    data["model_max_length"] = 32
    tok_config.write_text(json.dumps(data))
    assert load_checkpoint(path, "encoder").max_length == 32
    data["model_max_length"] = 10**30  # transformers' "unset"
    tok_config.write_text(json.dumps(data))
    assert load_checkpoint(path, "encoder").max_length == 64


def test_unknown_head_is_a_programming_error(make_checkpoint: Any) -> None:
    with pytest.raises(ValueError, match="unknown head"):
        load_checkpoint(make_checkpoint("encoder"), "seq2seq")


def test_head_of_architecture() -> None:
    assert head_of_architecture("XLMRobertaForMultipleChoice") == "multiple_choice"
    assert head_of_architecture("BertForQuestionAnswering") == "question_answering"
    assert head_of_architecture("XLMRobertaModel") == "encoder"
    assert head_of_architecture("XLMRobertaForMaskedLM") is None


def test_pick_device_auto_falls_back_to_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    assert pick("auto") == torch.device("cpu")
    assert pick("cpu") == torch.device("cpu")


def test_pick_device_auto_prefers_cuda(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    assert pick("auto") == torch.device("cuda")


def test_pick_device_refuses_missing_devices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    monkeypatch.setattr(torch.backends.mps, "is_available", lambda: False)
    with pytest.raises(ModelError, match="'cuda' is not available") as err:
        pick("cuda")
    assert err.value.hint
    with pytest.raises(ModelError, match="not available"):
        pick("mps")
    with pytest.raises(ModelError, match="not a torch device"):
        pick("gpu")


def test_pick_device_checks_the_cuda_index(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 1)
    assert pick("cuda:0") == torch.device("cuda:0")
    with pytest.raises(ModelError, match="has 1 CUDA device"):
        pick("cuda:1")


def test_load_reports_a_bad_device(make_checkpoint: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(ModelError, match="not available"):
        load_checkpoint(make_checkpoint("encoder"), "encoder", device="cuda")
