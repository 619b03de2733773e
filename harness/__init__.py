"""xtreme-typo: score Hugging Face checkpoints on XTREME-R, clean and with typos."""

from harness.errors import ConfigError, DataError, HarnessError, ModelError, SchemaError

__version__ = "0.1.0"

__all__ = [
    "ConfigError",
    "DataError",
    "HarnessError",
    "ModelError",
    "SchemaError",
    "__version__",
]
