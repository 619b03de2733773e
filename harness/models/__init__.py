"""Safe checkpoint loading, head detection, length-bucketed batching, tiny offline checkpoints."""

from harness.models.batching import length_batches, pad_batch
from harness.models.loading import (
    HEADS,
    LoadedModel,
    fingerprint_checkpoint,
    load_checkpoint,
    pick_device,
    resolve_checkpoint,
)
from harness.models.tiny import build_checkpoint, tiny_config, train_tokenizer

__all__ = [
    "HEADS",
    "LoadedModel",
    "build_checkpoint",
    "fingerprint_checkpoint",
    "length_batches",
    "load_checkpoint",
    "pad_batch",
    "pick_device",
    "resolve_checkpoint",
    "tiny_config",
    "train_tokenizer",
]
