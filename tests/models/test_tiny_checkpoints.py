"""The tiny offline tokenizer and checkpoints behave like XLM-R's and survive a reload."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import torch
from transformers import AutoTokenizer

from harness.models.loading import fingerprint_checkpoint
from harness.models.tiny import SPECIAL_TOKENS, build_checkpoint, tiny_config, train_tokenizer

FULLWIDTH_HELLO = "\uff28\uff45\uff4c\uff4c\uff4f"  # "Hello" in fullwidth letters


def test_special_tokens_have_xlmr_ids(tiny_tokenizer: Any) -> None:
    ids = tiny_tokenizer.convert_tokens_to_ids(list(SPECIAL_TOKENS))
    assert ids == [0, 1, 2, 3, 4]
    assert tiny_tokenizer.bos_token_id == 0
    assert tiny_tokenizer.pad_token_id == 1
    assert tiny_tokenizer.eos_token_id == 2
    assert tiny_tokenizer.unk_token_id == 3
    assert tiny_tokenizer.mask_token_id == 4


def test_templates_match_xlmr(tiny_tokenizer: Any) -> None:
    single = tiny_tokenizer("The fox.")["input_ids"]
    assert single[0] == 0 and single[-1] == 2 and 2 not in single[1:-1]
    pair = tiny_tokenizer("The fox.", "Le renard.")
    ids = pair["input_ids"]
    assert ids[0] == 0 and ids[-1] == 2
    # <s> A </s> </s> B </s>: exactly one doubled separator
    seps = [i for i, t in enumerate(ids) if t == 2]
    assert len(seps) == 3 and seps[1] == seps[0] + 1
    assert "token_type_ids" not in pair


def test_nfkc_normalises_fullwidth(tiny_tokenizer: Any) -> None:
    assert tiny_tokenizer(FULLWIDTH_HELLO)["input_ids"] == tiny_tokenizer("Hello")["input_ids"]


def test_ascii_is_never_unknown(tiny_tokenizer: Any) -> None:
    # "zqxj" letters that barely occur in the training text: still no <unk>
    ids = tiny_tokenizer("zqxjv QZ 42 #@!")["input_ids"]
    assert tiny_tokenizer.unk_token_id not in ids


def test_tokenizer_round_trips_through_auto_tokenizer(tiny_tokenizer: Any, tmp_path: Path) -> None:
    tiny_tokenizer.save_pretrained(tmp_path)
    reloaded = AutoTokenizer.from_pretrained(tmp_path, local_files_only=True)
    texts = ["Where is the station?", FULLWIDTH_HELLO + " мир 世界", "Ein  Mann  spielt."]
    for text in texts:
        assert (
            reloaded(text, "second part").input_ids == tiny_tokenizer(text, "second part").input_ids
        )
        assert reloaded(text).input_ids == tiny_tokenizer(text).input_ids
    assert reloaded.backend_tokenizer.normalizer is not None
    assert reloaded.model_input_names == ["input_ids", "attention_mask"]


def test_training_is_deterministic(tiny_texts: tuple[str, ...]) -> None:
    first = train_tokenizer(tiny_texts, vocab_size=500).backend_tokenizer.to_str()
    second = train_tokenizer(tiny_texts, vocab_size=500).backend_tokenizer.to_str()
    assert first == second


def test_too_small_vocab_says_how_big_it_must_be(tiny_texts: tuple[str, ...]) -> None:
    with pytest.raises(ValueError, match="use at least"):
        train_tokenizer(tiny_texts, vocab_size=100)


def test_training_rejects_empty_text() -> None:
    with pytest.raises(ValueError, match="non-blank"):
        train_tokenizer(["", "   "])


def test_tiny_config_labels_and_ids() -> None:
    config = tiny_config(123, labels=["b", "a"], hidden=32, max_positions=66)
    assert config.id2label == {0: "b", 1: "a"}
    assert config.label2id == {"b": 0, "a": 1}
    assert config.num_labels == 2
    assert (config.pad_token_id, config.bos_token_id, config.eos_token_id) == (1, 0, 2)
    assert (config.vocab_size, config.hidden_size, config.max_position_embeddings) == (123, 32, 66)


def test_checkpoint_files_and_config(make_checkpoint: Any) -> None:
    path = make_checkpoint("token_classification", ["O", "B-PER", "I-PER"], max_positions=66)
    names = {p.name for p in path.iterdir()}
    assert {"config.json", "model.safetensors", "tokenizer.json"} <= names
    assert not any(n.endswith((".bin", ".pt")) for n in names)
    config = json.loads((path / "config.json").read_text())
    assert config["architectures"] == ["XLMRobertaForTokenClassification"]
    assert config["id2label"] == {"0": "O", "1": "B-PER", "2": "I-PER"}
    tok_config = json.loads((path / "tokenizer_config.json").read_text())
    assert tok_config["model_max_length"] == 64


def test_same_seed_same_bytes_other_seed_other_weights(make_checkpoint: Any) -> None:
    a = make_checkpoint("sequence_classification", ["x", "y"], seed=3)
    b = make_checkpoint("sequence_classification", ["x", "y"], seed=3)
    c = make_checkpoint("sequence_classification", ["x", "y"], seed=4)
    assert fingerprint_checkpoint(a) == fingerprint_checkpoint(b)
    assert fingerprint_checkpoint(a) != fingerprint_checkpoint(c)


def test_build_leaves_global_rng_alone(make_checkpoint: Any) -> None:
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    make_checkpoint("encoder")
    assert torch.equal(torch.rand(3), expected)


def test_build_rejects_bad_head_and_labels(tiny_tokenizer: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown head"):
        build_checkpoint(tmp_path, tiny_tokenizer, "seq2seq")
    with pytest.raises(ValueError, match="takes no labels"):
        build_checkpoint(tmp_path, tiny_tokenizer, "question_answering", labels=["a", "b"])
