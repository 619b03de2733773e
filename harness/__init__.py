"""xtreme-typo: score Hugging Face checkpoints on XTREME-R, clean and with typos.

The public API (see docs/api.md):

- `evaluate(model, ...)` scores a checkpoint folder, hub id, in-memory model or a mapping of
  those, and returns a `Report`;
- `perturb(text, ...)` / `perturb_tokens(tokens, ...)` noise text as a run does;
- `noise_dataset(dataset, columns, ...)` adds noised columns to a `datasets.Dataset`;
- `TyposCallback(...)` scores a model during `transformers.Trainer` training;
- the errors every bad input raises: `HarnessError` and its `ConfigError`, `DataError`,
  `ModelError`, `SchemaError`.

The API names are imported on first use, so `import harness` (and the CLI's start-up) stays
light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from harness.errors import ConfigError, DataError, HarnessError, ModelError, SchemaError

__version__ = "0.1.0"

if TYPE_CHECKING:
    from harness.api import evaluate, noise_dataset, perturb, perturb_tokens
    from harness.callback import TyposCallback
    from harness.report import Report

__all__ = [
    "ConfigError",
    "DataError",
    "HarnessError",
    "ModelError",
    "Report",
    "SchemaError",
    "TyposCallback",
    "__version__",
    "evaluate",
    "noise_dataset",
    "perturb",
    "perturb_tokens",
]

_LAZY = {
    "evaluate": "harness.api",
    "noise_dataset": "harness.api",
    "perturb": "harness.api",
    "perturb_tokens": "harness.api",
    "Report": "harness.report",
    "TyposCallback": "harness.callback",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'harness' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
