"""Retrieval encoder settings that travel with a model: pooling, layer and input prefixes.

A retrieval card fixes how a checkpoint's states become sentence vectors (`retrieval.pooling`,
`retrieval.layer`). A model may bring its own: a sentence-transformers folder declares its
pooling in `modules.json` + `1_Pooling/config.json` (and reads the last layer), and an
instruction-style encoder such as e5 expects an input prefix (`"query: "`). What is used, per
setting, is the first of: what the user passed (`harness run --pooling/--layer/--query-prefix/
--index-prefix`, `harness.evaluate(...)`, or a manifest checkpoint entry), the folder's own
sentence-transformers configuration, the card.

The sentence-transformers files are read as JSON only: nothing from the folder is imported or
run, and the sentence-transformers package is not needed (docs/design/retrieval.md).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.errors import ConfigError, ModelError

__all__ = [
    "POOLINGS",
    "EncoderSettings",
    "SentenceTransformersConfig",
    "check_settings",
    "describe_settings",
    "read_sentence_transformers",
]

#: The pooling modes the retrieval family implements.
POOLINGS = ("mean", "cls", "max")
#: The longest input prefix accepted (a prefix is an instruction, not a document).
MAX_PREFIX = 200

_MODULE = "sentence_transformers.models."
#: sentence-transformers modules that leave cosine scores as the harness computes them:
#: the transformer itself, its pooling, and unit normalisation (scores are cosine anyway).
_SUPPORTED = {"Transformer", "Pooling", "Normalize"}
#: `1_Pooling/config.json` flag -> our pooling name.
_POOLING_FLAGS = {
    "pooling_mode_mean_tokens": "mean",
    "pooling_mode_cls_token": "cls",
    "pooling_mode_max_tokens": "max",
}
_OTHER_FLAGS = (
    "pooling_mode_mean_sqrt_len_tokens",
    "pooling_mode_weightedmean_tokens",
    "pooling_mode_lasttoken",
)


@dataclass(frozen=True)
class EncoderSettings:
    """Retrieval settings asked for explicitly; None leaves a setting to the model or card.

    Attributes:
        pooling: `mean`, `cls` or `max`.
        layer: the hidden state pooled (0 = embeddings, negative from the top: -1 = last).
        query_prefix: text put before every query (the card's `query_side`) when encoded.
        index_prefix: text put before every candidate (the card's `index_side`).
    """

    pooling: str | None = None
    layer: int | None = None
    query_prefix: str | None = None
    index_prefix: str | None = None

    def over(self, other: EncoderSettings) -> EncoderSettings:
        """These settings, with `other`'s filling what these leave unset."""
        return EncoderSettings(
            pooling=self.pooling if self.pooling is not None else other.pooling,
            layer=self.layer if self.layer is not None else other.layer,
            query_prefix=self.query_prefix if self.query_prefix is not None else other.query_prefix,
            index_prefix=self.index_prefix if self.index_prefix is not None else other.index_prefix,
        )

    @property
    def empty(self) -> bool:
        return all(
            v is None for v in (self.pooling, self.layer, self.query_prefix, self.index_prefix)
        )


def check_settings(settings: EncoderSettings, what: str = "") -> None:
    """Refuse settings no retrieval card could use, before any work.

    Raises:
        ConfigError: an unknown pooling, a layer that is not an integer, or a prefix that is
            not text, too long, or holds a line break.
    """
    where = f"{what}: " if what else ""
    if settings.pooling is not None and settings.pooling not in POOLINGS:
        raise ConfigError(
            f"{where}pooling {settings.pooling!r}: expected one of {', '.join(POOLINGS)}"
        )
    if settings.layer is not None and (
        isinstance(settings.layer, bool) or not isinstance(settings.layer, int)
    ):
        raise ConfigError(f"{where}layer {settings.layer!r}: expected an integer (-1 = last)")
    for name in ("query_prefix", "index_prefix"):
        value = getattr(settings, name)
        if value is None:
            continue
        if not isinstance(value, str):
            raise ConfigError(f"{where}{name} {value!r}: expected text")
        if len(value) > MAX_PREFIX or "\n" in value or "\r" in value:
            raise ConfigError(
                f"{where}{name}: at most {MAX_PREFIX} characters on one line (got {len(value)})"
            )


@dataclass(frozen=True)
class SentenceTransformersConfig:
    """What a sentence-transformers folder says about its embeddings.

    Attributes:
        pooling: the pooling mode of its Pooling module.
        normalize: whether a Normalize module follows (scores are cosine either way).
        modules: the module types listed, in order (for messages).
    """

    pooling: str
    normalize: bool
    modules: tuple[str, ...]

    def settings(self) -> EncoderSettings:
        """The defaults the folder sets: its pooling, over its transformer's last layer."""
        return EncoderSettings(pooling=self.pooling, layer=-1)


#: The largest sentence-transformers config file read (they are a few hundred bytes).
MAX_CONFIG_BYTES = 1 << 20


def _json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ModelError(f"{path}: larger than {MAX_CONFIG_BYTES} bytes, not a config file")
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"{path}: not a readable JSON file ({exc})") from None


def _pooling_mode(config: Mapping[str, Any], path: Path) -> str:
    modes = [name for flag, name in _POOLING_FLAGS.items() if config.get(flag) is True]
    other = [flag for flag in _OTHER_FLAGS if config.get(flag) is True]
    if other or len(modes) != 1:
        chosen = [*(f"pooling_mode_{m}" for m in modes), *other] or ["none"]
        raise ModelError(
            f"{path}: pooling {' + '.join(chosen)} is not one the harness implements "
            f"({', '.join(POOLINGS)}: exactly one)",
            hint="pass --pooling to choose one explicitly",
        )
    return modes[0]


def read_sentence_transformers(folder: Path) -> SentenceTransformersConfig | None:
    """The sentence-transformers configuration of a checkpoint folder; None when the folder
    has no `modules.json` (a plain `save_pretrained` folder).

    Raises:
        ModelError: the files are malformed, the transformer is not the folder itself, or a
            module changes the embeddings in a way the harness does not reproduce (a `Dense`
            projection, for instance), so scores would not be the model's.
    """
    listing = folder / "modules.json"
    if not listing.is_file():
        return None
    modules = _json(listing)
    if not isinstance(modules, list) or not all(isinstance(m, dict) for m in modules):
        raise ModelError(f"{listing}: expected a list of modules")
    kinds: list[str] = []
    pooling: str | None = None
    normalize = False
    for module in modules:
        kind = str(module.get("type", ""))
        short = kind.removeprefix(_MODULE)
        sub = str(module.get("path", ""))
        kinds.append(short)
        if kind != _MODULE + short or short not in _SUPPORTED:
            raise ModelError(
                f"{listing}: module {kind or '?'} ({sub or 'the folder'}) changes the "
                "embeddings in a way the harness does not reproduce",
                hint="score a folder whose modules are Transformer, Pooling and Normalize only",
            )
        if short == "Transformer" and sub not in ("", "."):
            raise ModelError(
                f"{listing}: the transformer lives in {sub}/, not in the folder itself",
                hint=f"pass {folder / sub} as the model (its pooling then comes from the card "
                "or --pooling)",
            )
        if short == "Pooling":
            config_path = folder / sub / "config.json"
            config = _json(config_path)
            if not isinstance(config, dict):
                raise ModelError(f"{config_path}: expected a JSON object")
            pooling = _pooling_mode(config, config_path)
        if short == "Normalize":
            normalize = True
    if pooling is None:
        raise ModelError(f"{listing}: no Pooling module", hint="pass --pooling explicitly")
    return SentenceTransformersConfig(pooling, normalize, tuple(kinds))


def _layer_words(layer: int, layers: int | None) -> str:
    if layers is None:
        return f"layer {layer}" + (" (from the top)" if layer < 0 else "")
    index = layer if layer >= 0 else layers + 1 + layer
    if index == 0:
        return f"embeddings (layer 0 of {layers})"
    return f"layer {index} of {layers}"


def describe_settings(settings: Mapping[str, Any]) -> str | None:
    """A retrieval record's encoder settings in words, from its `provenance.settings`:
    `mean pooling, layer 12 of 12, query prefix 'query: '`. None for a record without them
    (not a retrieval task)."""
    pooling, layer = settings.get("pooling"), settings.get("layer")
    if pooling is None or not isinstance(layer, int):
        return None
    layers = settings.get("layers")
    parts = [f"{pooling} pooling", _layer_words(layer, layers if isinstance(layers, int) else None)]
    for name, label in (("query_prefix", "query prefix"), ("index_prefix", "index prefix")):
        value = settings.get(name)
        if value:
            parts.append(f"{label} {value!r}")
    if settings.get("embeddings") == "fp16":
        parts.append("fp16 vectors")
    if settings.get("sentence_transformers"):
        parts.append("sentence-transformers folder")
    return ", ".join(parts)
