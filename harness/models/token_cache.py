"""Tokenized inputs cached on disk, addressed by the tokenizer and the exact inputs.

Checkpoints fine-tuned from one base model share its tokenizer, so the same cell (task,
language, profile) tokenizes to the same ids for every one of them: a leaderboard of XLM-R
fine-tunes, or the STILTs and baseline checkpoints of one comparison. The runner gives each
loaded model a `TokenCache` in its result store (`<results>/.tokens/`); classification,
multiple choice and the retrieval encoder fetch their encodings from it (QA and tagging, whose
encodings carry offsets and word positions, tokenize every time).

A key is the SHA-256 of everything the encoding depends on: this file format, the harness
version, the tokenizer's fingerprint (its backend definition and Python-side settings), the
family, the task card, the truncation length and every example's input fields, in order. A
different checkpoint with the same tokenizer therefore hits; anything else misses. Entries are
`.npz` files of integer arrays (read with `allow_pickle=False`, written atomically); one that
cannot be read is treated as a miss and written again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from harness import __version__

__all__ = ["TokenCache", "encode_with", "tokenizer_fingerprint"]

FORMAT = 1
Features = Mapping[str, list[int]]
_KEYS = ("input_ids", "token_type_ids")


def tokenizer_fingerprint(tokenizer: Any) -> str | None:
    """SHA-256 (hex) of what decides a tokenizer's output, or None for a tokenizer without a
    `tokenizers` backend (such encodings are not cached).

    The backend's definition is hashed without its truncation and padding state, which each
    call sets from its own arguments (and which the cache key carries instead).
    """
    backend = getattr(tokenizer, "backend_tokenizer", None)
    if backend is None:
        return None
    definition = json.loads(backend.to_str())
    definition.pop("truncation", None)
    definition.pop("padding", None)
    digest = hashlib.sha256(json.dumps(definition, sort_keys=True).encode("utf-8"))
    settings = {
        "class": type(tokenizer).__name__,
        "truncation_side": getattr(tokenizer, "truncation_side", None),
        "padding_side": getattr(tokenizer, "padding_side", None),
        "special_tokens": {k: str(v) for k, v in tokenizer.special_tokens_map.items()},
    }
    digest.update(json.dumps(settings, sort_keys=True).encode("utf-8"))
    return digest.hexdigest()


@dataclass(frozen=True)
class TokenCache:
    """A folder of cached encodings, seen through one tokenizer.

    Attributes:
        folder: where entries live (created on the first write).
        tokenizer: `tokenizer_fingerprint` of the tokenizer every `encode` here uses.
    """

    folder: Path
    tokenizer: str

    def encode(
        self, inputs: object, encode: Callable[[], list[list[Features]]]
    ) -> list[list[Features]]:
        """The encodings of `inputs`: read from the cache, or `encode()`d and stored.

        Args:
            inputs: JSON-serialisable description of everything besides the tokenizer that
                the encoding depends on (family, card, length, the examples' fields).
            encode: computes the encodings: per example, its sequences, each a mapping with
                `input_ids`, `attention_mask` and optionally `token_type_ids`.

        Returns:
            What `encode()` returns (attention masks of ones, as unpadded encodings have).
        """
        payload = json.dumps(
            [FORMAT, __version__, self.tokenizer, inputs], ensure_ascii=False, sort_keys=True
        )
        path = self.folder / f"{hashlib.sha256(payload.encode('utf-8')).hexdigest()}.npz"
        found = _read(path)
        if found is not None:
            return found
        features = encode()
        _write(path, features)
        return features


def _read(path: Path) -> list[list[Features]] | None:
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
        return None  # a damaged entry: encode again (and overwrite it)
    try:
        ids, lengths, counts = arrays["input_ids"], arrays["lengths"], arrays["per_example"]
        types = arrays.get("token_type_ids")
        if lengths.sum() != len(ids) or counts.sum() != len(lengths):
            return None
        if types is not None and len(types) != len(ids):
            return None
        out: list[list[Features]] = []
        start = sequence = 0
        for count in counts.tolist():
            sequences: list[Features] = []
            for length in lengths[sequence : sequence + count].tolist():
                feature = {
                    "input_ids": ids[start : start + length].tolist(),
                    "attention_mask": [1] * length,
                }
                if types is not None:
                    feature["token_type_ids"] = types[start : start + length].tolist()
                sequences.append(feature)
                start += length
            sequence += count
            out.append(sequences)
        return out
    except (KeyError, ValueError, TypeError):
        return None


def _write(path: Path, features: Sequence[Sequence[Features]]) -> None:
    """Store encodings, or nothing when they are not plain unpadded ids (then nothing is
    cached rather than something lossy)."""
    flat = [f for sequences in features for f in sequences]
    typed = ["token_type_ids" in f for f in flat]
    if any(typed) and not all(typed):
        return
    has_types = bool(flat) and all(typed)
    for f in flat:
        mask = f.get("attention_mask")
        if set(f) - {"input_ids", "attention_mask", *_KEYS} or (mask is not None and 0 in mask):
            return
    arrays = {
        "input_ids": np.array([i for f in flat for i in f["input_ids"]], dtype=np.int64),
        "lengths": np.array([len(f["input_ids"]) for f in flat], dtype=np.int64),
        "per_example": np.array([len(s) for s in features], dtype=np.int64),
    }
    if has_types:
        arrays["token_type_ids"] = np.array(
            [i for f in flat for i in f["token_type_ids"]], dtype=np.int64
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            np.savez(out, **arrays)  # type: ignore[arg-type]
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def encode_with(
    cache: TokenCache | None, inputs: object, encode: Callable[[], list[list[Features]]]
) -> list[list[Features]]:
    """`cache.encode(inputs, encode)`, or `encode()` when there is no cache."""
    return encode() if cache is None else cache.encode(inputs, encode)
