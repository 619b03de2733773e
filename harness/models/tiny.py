"""Tiny XLM-R-architecture checkpoints built fully offline.

Used by the tests and by `harness demo`: a Unigram tokenizer trained with the `tokenizers`
library on a handful of lines, and a randomly initialised XLM-R model with the head a task
family needs, written with `save_pretrained` (safetensors) next to its tokenizer.

The tokenizer is saved as a plain `tokenizers` backend (`PreTrainedTokenizerFast`, whose class
name in transformers 5 is `TokenizersBackend`) rather than as `XLMRobertaTokenizer`: from
transformers 5 on, `XLMRobertaTokenizer` rebuilds its normaliser and pre-tokenizer when it loads
and would silently drop the NFKC normaliser, so the reloaded tokenizer would not match the one
that was trained. The generic class reloads `tokenizer.json` exactly, in transformers 4 and 5.
"""

from __future__ import annotations

import contextlib
import copy
import json
import string
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import torch
from tokenizers import Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from tokenizers.trainers import UnigramTrainer
from transformers import (
    PreTrainedModel,
    PreTrainedTokenizerFast,
    XLMRobertaConfig,
    XLMRobertaForMultipleChoice,
    XLMRobertaForQuestionAnswering,
    XLMRobertaForSequenceClassification,
    XLMRobertaForTokenClassification,
    XLMRobertaModel,
)
from transformers.utils import logging as hf_logging

__all__ = [
    "SPECIAL_TOKENS",
    "build_checkpoint",
    "quiet_transformers",
    "tiny_config",
    "train_tokenizer",
]

#: XLM-R's special tokens, in XLM-R's id order (0..4).
SPECIAL_TOKENS: tuple[str, ...] = ("<s>", "<pad>", "</s>", "<unk>", "<mask>")
BOS, PAD, EOS, UNK, MASK = SPECIAL_TOKENS

_MODEL_CLASSES: dict[str, type[PreTrainedModel]] = {
    "sequence_classification": XLMRobertaForSequenceClassification,
    "multiple_choice": XLMRobertaForMultipleChoice,
    "token_classification": XLMRobertaForTokenClassification,
    "question_answering": XLMRobertaForQuestionAnswering,
    "encoder": XLMRobertaModel,
}
_LABELLED_HEADS = frozenset({"sequence_classification", "token_classification"})
# Characters every tiny tokenizer knows, seen in the training text or not, so that typo noise
# (which inserts neighbouring keys) rarely produces <unk> on Latin-script text.
_BASE_ALPHABET = list(string.ascii_letters + string.digits + string.punctuation)


@contextlib.contextmanager
def quiet_transformers() -> Iterator[None]:
    """Silence transformers' logging, progress bars and Python warnings for a block.

    The previous verbosity and progress-bar setting are restored on exit.
    """
    verbosity = hf_logging.get_verbosity()
    bars = hf_logging.is_progress_bar_enabled()
    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        hf_logging.set_verbosity(verbosity)
        if bars:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]


def _canonical_unigram(backend: Tokenizer) -> models.Unigram:
    """Rebuild a trained Unigram model in a run-independent order.

    The trainer is multi-threaded and hash-ordered: the pieces it keeps and their scores are
    stable (to the last bits), but the characters it adds at the end to cover the alphabet get
    their scores (a chain of steps of 1e-4 below the lowest piece) in a random order. Rounding the
    scores, handing that chain's scores to its characters in sorted order, and sorting ties by
    piece makes the same text give the same tokenizer (and checkpoint fingerprint).
    """
    trained = json.loads(backend.to_str())["model"]["vocab"]
    special = set(SPECIAL_TOKENS)
    # Scores in micro-units: integers, so that equal scores compare equal.
    pieces = [(str(p), round(float(s) * 1e6)) for p, s in trained if p not in special]
    char_scores = {s for p, s in pieces if len(p) == 1}
    steps = (99, 100, 101)  # 1e-4, give or take the rounding
    chain = {
        s for s in char_scores if any(s + d in char_scores or s - d in char_scores for d in steps)
    }
    chained = sorted(p for p, s in pieces if len(p) == 1 and s in chain)
    chain_scores = sorted((s for p, s in pieces if len(p) == 1 and s in chain), reverse=True)
    rescored = dict(zip(chained, chain_scores, strict=True))
    ordered = sorted(
        ((p, rescored.get(p, s)) for p, s in pieces), key=lambda item: (-item[1], item[0])
    )
    vocab = [(tok, 0.0) for tok in SPECIAL_TOKENS] + [(p, s / 1e6) for p, s in ordered]
    return models.Unigram(vocab, unk_id=SPECIAL_TOKENS.index(UNK), byte_fallback=False)


def train_tokenizer(
    texts: Iterable[str], vocab_size: int = 1000, *, model_max_length: int = 128
) -> PreTrainedTokenizerFast:
    """Train a small XLM-R-style Unigram tokenizer.

    NFKC normaliser, Metaspace pre-tokenizer and decoder, XLM-R's special tokens with ids 0..4
    (`<s> <pad> </s> <unk> <mask>`) and XLM-R's templates `<s> A </s>` and
    `<s> A </s> </s> B </s>`. The result has no `token_type_ids`, like XLM-R.

    Args:
        texts: the training lines (a few dozen are enough).
        vocab_size: the largest vocabulary to learn; a small corpus yields fewer pieces.
        model_max_length: the tokenizer's `model_max_length`.

    Returns:
        The tokenizer, ready for `save_pretrained`.

    Raises:
        ValueError: `texts` holds no non-blank line, or `vocab_size` is too small.
    """
    lines = [t for t in texts if t.strip()]
    if not lines:
        raise ValueError("train_tokenizer needs at least one non-blank line of text")
    if vocab_size <= len(SPECIAL_TOKENS):
        raise ValueError(f"vocab_size must exceed {len(SPECIAL_TOKENS)}, got {vocab_size}")
    backend = Tokenizer(models.Unigram())
    backend.normalizer = normalizers.NFKC()
    backend.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    backend.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    trainer = UnigramTrainer(
        vocab_size=vocab_size,
        show_progress=False,
        special_tokens=list(SPECIAL_TOKENS),
        unk_token=UNK,
        initial_alphabet=_BASE_ALPHABET,
    )
    alphabet = {
        c for line in lines for c in backend.normalizer.normalize_str(line) if not c.isspace()
    }
    # +2: the "▁" piece, and one more, below which the trainer overshoots vocab_size
    needed = len(alphabet | set(_BASE_ALPHABET)) + len(SPECIAL_TOKENS) + 2
    if vocab_size < needed:
        raise ValueError(
            f"vocab_size={vocab_size} cannot hold the text's characters; use at least {needed}"
        )
    try:
        backend.train_from_iterator(lines, trainer=trainer)
    except Exception as exc:  # the Rust trainer raises a bare Exception
        raise ValueError(f"cannot train a tokenizer with vocab_size={vocab_size}: {exc}") from exc
    backend.model = _canonical_unigram(backend)
    backend.post_processor = processors.TemplateProcessing(
        single=f"{BOS} $A {EOS}",
        pair=f"{BOS} $A {EOS} {EOS} $B {EOS}",
        special_tokens=[(BOS, 0), (EOS, 2)],
    )
    with quiet_transformers():
        return PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
            tokenizer_object=backend,
            model_max_length=model_max_length,
            bos_token=BOS,
            eos_token=EOS,
            sep_token=EOS,
            cls_token=BOS,
            unk_token=UNK,
            pad_token=PAD,
            mask_token=MASK,
            model_input_names=["input_ids", "attention_mask"],
        )


def tiny_config(
    vocab_size: int,
    *,
    hidden: int = 64,
    layers: int = 2,
    heads: int = 2,
    intermediate: int = 128,
    max_positions: int = 130,
    labels: Sequence[str] | None = None,
) -> XLMRobertaConfig:
    """A small XLM-R configuration.

    Args:
        vocab_size: size of the embedding matrix (at least the tokenizer's length).
        hidden: hidden size.
        layers: number of transformer layers.
        heads: number of attention heads (must divide `hidden`).
        intermediate: feed-forward size.
        max_positions: `max_position_embeddings`; XLM-R uses two of them for its padding
            offset, so sequences may hold `max_positions - 2` tokens.
        labels: label names, in output order (sets id2label/label2id and num_labels); None keeps
            transformers' default of two generic labels.

    Returns:
        The configuration (pad 1, bos 0, eos 2, one token type, like XLM-R).
    """
    kwargs: dict[str, Any] = {}
    if labels is not None:
        names = list(labels)
        if not names or len(set(names)) != len(names):
            raise ValueError(f"labels must be non-empty and distinct, got {names}")
        kwargs["id2label"] = dict(enumerate(names))
        kwargs["label2id"] = {name: i for i, name in enumerate(names)}
    return XLMRobertaConfig(
        vocab_size=vocab_size,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=intermediate,
        max_position_embeddings=max_positions,
        type_vocab_size=1,
        pad_token_id=1,
        bos_token_id=0,
        eos_token_id=2,
        **kwargs,
    )


def build_checkpoint(
    out_dir: Path,
    tokenizer: PreTrainedTokenizerFast,
    head: str,
    labels: Sequence[str] | None = None,
    seed: int = 0,
    **config_kw: Any,
) -> Path:
    """Write a randomly initialised tiny XLM-R checkpoint with `save_pretrained`.

    The same tokenizer, head, labels, seed and settings give byte-identical files. The global
    torch RNG of the caller is left untouched.

    Args:
        out_dir: the folder to write (created if needed).
        tokenizer: the tokenizer to save beside the model (see `train_tokenizer`).
        head: one of "sequence_classification", "multiple_choice", "token_classification",
            "question_answering", "encoder".
        labels: label names for the two labelled heads (sequence/token classification).
        seed: seed of the random weights.
        **config_kw: passed to `tiny_config` (hidden, layers, heads, intermediate,
            max_positions).

    Returns:
        `out_dir`.

    Raises:
        ValueError: an unknown head, or labels for a head that has none.
    """
    model_class = _MODEL_CLASSES.get(head)
    if model_class is None:
        raise ValueError(f"unknown head {head!r}; expected one of {sorted(_MODEL_CLASSES)}")
    if labels is not None and head not in _LABELLED_HEADS:
        raise ValueError(f"head {head!r} takes no labels")
    config = tiny_config(len(tokenizer), labels=labels, **config_kw)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with quiet_transformers(), torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        model = model_class(config)
        model.eval()  # type: ignore[no-untyped-call]
        model.save_pretrained(out_dir, safe_serialization=True)
        saved = copy.deepcopy(tokenizer)
        saved.model_max_length = min(
            int(tokenizer.model_max_length), config.max_position_embeddings - 2
        )
        saved.save_pretrained(out_dir)
    return out_dir
