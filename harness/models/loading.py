"""Safe checkpoint loading: refuse what is unsafe or does not fit the task, before loading it.

A checkpoint is a `save_pretrained` folder. Every check that can be made from the files is
made before transformers sees the folder: custom code (`auto_map`) is refused and never
imported, pickle weights are refused unless the user allows them, the head is read from
`config.architectures` and the task's labels are matched by name through `id2label`. Loading
then uses `trust_remote_code=False`, `local_files_only=True` and safetensors. Every failure is a
`ModelError` with a one-line message naming the folder, and a hint.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import torch
from transformers import (
    AutoConfig,
    AutoModel,
    AutoModelForMultipleChoice,
    AutoModelForQuestionAnswering,
    AutoModelForSequenceClassification,
    AutoModelForTokenClassification,
    AutoTokenizer,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)

from harness.errors import ModelError
from harness.models.tiny import quiet_transformers
from harness.models.token_cache import TokenCache

__all__ = [
    "HEADS",
    "HEAD_SUFFIXES",
    "LABELLED_HEADS",
    "LoadedModel",
    "adopt_model",
    "fingerprint_checkpoint",
    "head_of_architecture",
    "load_checkpoint",
    "pick_device",
    "resolve_checkpoint",
]

#: Head name -> the transformers Auto class that loads it.
HEADS: Mapping[str, type] = MappingProxyType(
    {
        "sequence_classification": AutoModelForSequenceClassification,
        "multiple_choice": AutoModelForMultipleChoice,
        "token_classification": AutoModelForTokenClassification,
        "question_answering": AutoModelForQuestionAnswering,
        "encoder": AutoModel,
    }
)

#: Head name -> the suffix of `config.architectures[0]` that head expects. The encoder head
#: takes any architecture: its encoder is loaded and the task head, if any, dropped.
HEAD_SUFFIXES: Mapping[str, str] = MappingProxyType(
    {
        "sequence_classification": "ForSequenceClassification",
        "multiple_choice": "ForMultipleChoice",
        "token_classification": "ForTokenClassification",
        "question_answering": "ForQuestionAnswering",
        "encoder": "Model",
    }
)

#: Heads whose outputs are named labels (matched to the task's labels through id2label).
LABELLED_HEADS: frozenset[str] = frozenset({"sequence_classification", "token_classification"})

# Model types whose position ids start after the padding index (RoBERTa's offset of 2).
_POSITION_OFFSET_TYPES = frozenset(
    {"roberta", "xlm-roberta", "xlm-roberta-xl", "camembert", "roberta-prelayernorm"}
)
_PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle")
# Trainer by-products that sit beside weights but are neither weights nor behaviour.
_TRAINER_FILES = frozenset(
    {
        "training_args.bin",
        "optimizer.pt",
        "scheduler.pt",
        "scaler.pt",
        "trainer_state.json",
        "all_results.json",
        "train_results.json",
        "eval_results.json",
    }
)
_TOKENIZER_FILES = (
    "tokenizer.json",
    "sentencepiece.bpe.model",
    "spiece.model",
    "tokenizer.model",
    "vocab.txt",
    "vocab.json",
)
_GENERIC_LABEL = re.compile(r"LABEL_\d+")
_CHUNK = 1 << 20
_SANE_MAX_LENGTH = 1_000_000
# Limits checked on config.json before anything is allocated. The largest encoders in use
# (XLM-R XXL: 250k x 4096) stay well inside them; a config beyond them is broken or hostile.
MAX_POSITIONS = 1 << 17
MAX_EMBEDDING_BYTES = 8 << 30
_SIZE_FIELDS = ("vocab_size", "hidden_size", "max_position_embeddings", "type_vocab_size")
# A safetensors header is JSON of a few hundred bytes per tensor; more is not a checkpoint.
_MAX_HEADER_BYTES = 100 << 20


@dataclass(frozen=True)
class LoadedModel:
    """A checkpoint loaded for one task.

    Attributes:
        path: the checkpoint folder.
        model: the model, in eval mode, on `device`.
        tokenizer: its tokenizer.
        head: the head it was loaded with (a key of HEADS).
        architecture: `config.architectures[0]` of the checkpoint (the loaded class name when
            the config names none).
        fingerprint: `fingerprint_checkpoint(path)`.
        label_index: `label_index[i]` is the model's output index of the task's i-th label;
            None when the head has no labels or no labels were asked for.
        device: where the model lives.
        max_length: the longest input, in tokens, that model and tokenizer both accept.
        token_cache: where encodings of this tokenizer are cached (set by the runner), or
            None.
    """

    path: Path
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    head: str
    architecture: str
    fingerprint: str
    label_index: tuple[int, ...] | None
    device: torch.device
    max_length: int
    token_cache: TokenCache | None = None


def _one_line(text: object, limit: int = 300) -> str:
    """Collapse an exception's text onto one line, shortened to `limit` characters."""
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def pick_device(spec: str) -> torch.device:
    """Turn a `--device` value into an available torch device.

    Args:
        spec: "auto" (cuda if available, else mps, else cpu), or a torch device string such as
            "cpu", "cuda", "cuda:1", "mps".

    Raises:
        ModelError: the string is not a device, or the device is not available here.
    """
    hint = "use --device cpu, or --device auto to pick the best available one"
    if spec == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(spec)
    except (RuntimeError, ValueError, TypeError):
        raise ModelError(f"device {spec!r} is not a torch device", hint=hint) from None
    if device.type == "cpu":
        return device
    if device.type == "cuda":
        if not torch.cuda.is_available():
            raise ModelError(f"device {spec!r} is not available: CUDA is not available", hint=hint)
        count = torch.cuda.device_count()
        if device.index is not None and device.index >= count:
            raise ModelError(
                f"device {spec!r} is not available: this machine has {count} CUDA device(s)",
                hint=hint,
            )
        return device
    if device.type == "mps":
        if not torch.backends.mps.is_available():
            raise ModelError(f"device {spec!r} is not available: MPS is not available", hint=hint)
        return device
    raise ModelError(f"device {spec!r} is not supported (use cpu, cuda[:N] or mps)", hint=hint)


def _fingerprinted(path: Path) -> list[Path]:
    """The files of a checkpoint folder that define its behaviour, sorted by name.

    Every top-level file except hidden files, READMEs/licences/markdown, logs and trainer
    by-products. Sub-folders are not read by `from_pretrained` and are skipped.
    """
    files = []
    for entry in path.iterdir():
        name = entry.name
        lower = name.lower()
        if not entry.is_file() or name.startswith("."):
            continue
        if lower.startswith(("readme", "license", "licence")) or lower.endswith((".md", ".log")):
            continue
        if name in _TRAINER_FILES or lower.startswith("rng_state"):
            continue
        files.append(entry)
    return sorted(files, key=lambda f: f.name)


def fingerprint_checkpoint(path: Path) -> str:
    """SHA-256 (hex) of the files that define a checkpoint's behaviour.

    The hash covers each file's name, size and content, in name order, read in chunks so big
    weight files are never held in memory. READMEs, hidden files (.git, .gitattributes), logs,
    trainer state and sub-folders do not count.

    Raises:
        ModelError: the folder does not exist or a file cannot be read.
    """
    path = Path(path)
    if not path.is_dir():
        raise ModelError(f"checkpoint {path} is not a folder", hint="pass a save_pretrained folder")
    digest = hashlib.sha256()
    try:
        for file in _fingerprinted(path):
            name = file.name.encode("utf-8")
            digest.update(len(name).to_bytes(8, "big") + name)
            digest.update(file.stat().st_size.to_bytes(8, "big"))
            with file.open("rb") as handle:
                while chunk := handle.read(_CHUNK):
                    digest.update(chunk)
    except OSError as exc:
        raise ModelError(
            f"cannot read checkpoint {path} to fingerprint it: {_one_line(exc)}",
            hint="check the files' permissions",
        ) from None
    return digest.hexdigest()


def resolve_checkpoint(model_arg: Path, task: str, family: str) -> Path:
    """Find the checkpoint for a task from a `--model` value.

    `--model` is either one checkpoint (a folder with config.json), used for every task, or a
    folder of per-task checkpoints: `<model>/<task>/` is preferred, then `<model>/<family>/`.
    A matching sub-folder is returned even if it is incomplete, so that `load_checkpoint` says
    what is wrong with it rather than falling back to another checkpoint.

    Raises:
        ModelError: the path does not exist or holds no checkpoint for the task; the message
            lists the sub-folders that do exist.
    """
    model_arg = Path(model_arg)
    hint = (
        "pass one checkpoint folder, or a folder with one checkpoint per task "
        f"such as {model_arg / task}/"
    )
    if not model_arg.exists():
        raise ModelError(f"--model {model_arg} does not exist", hint=hint)
    if not model_arg.is_dir():
        raise ModelError(f"--model {model_arg} is a file, not a checkpoint folder", hint=hint)
    if (model_arg / "config.json").is_file():
        return model_arg
    for name in (task, family):
        if (model_arg / name).is_dir():
            return model_arg / name
    subfolders = sorted(
        p.name for p in model_arg.iterdir() if p.is_dir() and not p.name.startswith(".")
    )
    listed = ", ".join(subfolders) if subfolders else "none"
    raise ModelError(
        f"--model {model_arg} holds no checkpoint for task {task}: no config.json there and no "
        f"{task}/ or {family}/ sub-folder (sub-folders: {listed})",
        hint=hint,
    )


def head_of_architecture(architecture: str) -> str | None:
    """The head (a key of HEADS) an architecture name carries, or None (e.g. ...ForMaskedLM).

    A bare encoder (`XLMRobertaModel`, `BertModel`) is "encoder".
    """
    for head, suffix in HEAD_SUFFIXES.items():
        if head != "encoder" and architecture.endswith(suffix):
            return head
    if architecture.endswith("Model") and "For" not in architecture:
        return "encoder"
    return None


def _read_json(file: Path, checkpoint: Path) -> dict[str, Any]:
    hint = "re-save the checkpoint with save_pretrained"
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelError(f"cannot read {file}: {_one_line(exc)}", hint=hint) from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ModelError(
            f"{file.name} in checkpoint {checkpoint} is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})",
            hint=hint,
        ) from None
    if not isinstance(data, dict):
        raise ModelError(f"{file.name} in checkpoint {checkpoint} is not a JSON object", hint=hint)
    return data


def _refuse_custom_code(path: Path, config: Mapping[str, Any]) -> None:
    sources = [("config.json", config)]
    tok_config = path / "tokenizer_config.json"
    if tok_config.is_file():
        sources.append(("tokenizer_config.json", _read_json(tok_config, path)))
    for name, data in sources:
        auto_map = data.get("auto_map")
        if auto_map:
            classes = (
                ", ".join(str(v) for v in auto_map.values())
                if isinstance(auto_map, dict)
                else str(auto_map)
            )
            raise ModelError(
                f"checkpoint {path} needs custom code ({name} has auto_map: "
                f"{_one_line(classes, 120)}); the harness never runs code from a checkpoint",
                hint="use a checkpoint of a standard transformers architecture "
                "(a config.json without auto_map)",
            )


def _weights(path: Path, allow_pickle: bool) -> bool:
    """Check the weight files; return whether to load safetensors (True) or pickle (False)."""
    names = sorted(p.name for p in path.iterdir() if p.is_file())
    if any(n.endswith(".safetensors") for n in names):
        return True
    pickles = [
        n
        for n in names
        if n.endswith(_PICKLE_SUFFIXES)
        and n not in _TRAINER_FILES
        and not n.startswith("rng_state")
    ]
    if pickles:
        listed = ", ".join(pickles)
        if not allow_pickle:
            raise ModelError(
                f"checkpoint {path} has only pickle weights ({listed}) and no *.safetensors; "
                "pickle can execute arbitrary code when loaded, so it is refused unless you "
                "pass --allow-pickle (allow_pickle=True)",
                hint="convert it to safetensors where you trust it (load it and save_pretrained, "
                "which writes model.safetensors), or pass --allow-pickle if you trust its source",
            )
        if not any(n == "pytorch_model.bin" or n == "pytorch_model.bin.index.json" for n in names):
            raise ModelError(
                f"checkpoint {path} has pickle weights ({listed}) but no pytorch_model.bin, "
                "the only pickle layout transformers loads",
                hint="convert it to safetensors with the code that wrote it",
            )
        return False
    others = [n for n in names if n.endswith((".h5", ".msgpack", ".onnx", ".gguf"))]
    found = f"; found only {', '.join(others)}" if others else ""
    raise ModelError(
        f"checkpoint {path} has no PyTorch weights (no *.safetensors){found}",
        hint="save the model with save_pretrained, which writes model.safetensors",
    )


def _safetensors_payload(file: Path, checkpoint: Path) -> int:
    """Check a safetensors file's header against its size; return its tensor bytes.

    The format is an 8-byte little-endian header length, a JSON header mapping tensor names to
    `data_offsets`, then the tensor bytes, which the offsets must cover exactly. Reading the
    header costs one small read, so a truncated or corrupt file is named before transformers
    (or a memory map) touches it.

    Raises:
        ModelError: the file is shorter than its header says, or the header is not valid.
    """
    hint = "the file is damaged: download or save it again (save_pretrained writes it whole)"
    what = f"{file.name} in checkpoint {checkpoint}"
    try:
        size = file.stat().st_size
        with file.open("rb") as handle:
            head = handle.read(8)
            length = int.from_bytes(head, "little") if len(head) == 8 else -1
            if length < 2 or length > _MAX_HEADER_BYTES or 8 + length > size:
                raise ModelError(
                    f"{what} is truncated or not safetensors ({size} bytes; header length "
                    f"{length if length >= 0 else 'missing'})",
                    hint=hint,
                )
            header = json.loads(handle.read(length).decode("utf-8"))
    except OSError as exc:
        raise ModelError(f"cannot read {what}: {_one_line(exc)}", hint=hint) from None
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError(f"{what} has a corrupt header (not UTF-8 JSON)", hint=hint) from None
    if not isinstance(header, dict):
        raise ModelError(f"{what} has a corrupt header (not a JSON object)", hint=hint)
    end = 0
    for name, info in header.items():
        if name == "__metadata__":
            continue
        offsets = info.get("data_offsets") if isinstance(info, dict) else None
        if (
            not isinstance(offsets, list)
            or len(offsets) != 2
            or not all(isinstance(o, int) and o >= 0 for o in offsets)
            or offsets[0] > offsets[1]
        ):
            raise ModelError(f"{what} has a corrupt header entry for {name!r}", hint=hint)
        end = max(end, offsets[1])
    payload = size - 8 - length
    if end > payload:
        raise ModelError(
            f"{what} is truncated: its header describes {end} bytes of tensors but the file "
            f"holds {payload}",
            hint=hint,
        )
    if end < payload:
        raise ModelError(
            f"{what} is corrupt: {payload - end} bytes after the last tensor", hint=hint
        )
    return end


def _weight_bytes(path: Path, use_safetensors: bool) -> int:
    """Total tensor bytes of the weights that will be loaded (headers checked first)."""
    if use_safetensors:
        return sum(
            _safetensors_payload(f, path) for f in sorted(path.glob("*.safetensors")) if f.is_file()
        )
    return sum(f.stat().st_size for f in path.glob("pytorch_model*.bin") if f.is_file())


def _check_sizes(path: Path, config: Mapping[str, Any], weight_bytes: int) -> None:
    """Refuse sizes in config.json that would allocate absurd amounts before loading.

    Each size field must be a positive integer within limits; the embedding matrices the
    config describes must fit `MAX_EMBEDDING_BYTES` (as float32) and the weights actually on
    disk (at one byte per parameter at least, so fp16/bf16 weights pass).
    """
    hint = "config.json must describe the model its weights were saved from; re-save it"
    sizes: dict[str, int] = {}
    for field in _SIZE_FIELDS:
        value = config.get(field)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ModelError(
                f"checkpoint {path}: config.json {field} is {_one_line(value, 40)}, "
                "not a non-negative integer",
                hint=hint,
            )
        sizes[field] = value
    positions = sizes.get("max_position_embeddings", 0)
    if positions > MAX_POSITIONS:
        raise ModelError(
            f"checkpoint {path}: config.json max_position_embeddings is {positions}, beyond "
            f"the limit of {MAX_POSITIONS}; refused before allocating it",
            hint=hint,
        )
    hidden = sizes.get("hidden_size", 0)
    rows = sizes.get("vocab_size", 0) + positions + sizes.get("type_vocab_size", 0)
    if rows * hidden * 4 > MAX_EMBEDDING_BYTES:
        raise ModelError(
            f"checkpoint {path}: config.json describes embeddings of {rows} x {hidden} "
            f"({rows * hidden * 4 / 2**30:.1f} GiB as float32), beyond the limit of "
            f"{MAX_EMBEDDING_BYTES >> 30} GiB; refused before allocating them",
            hint=hint,
        )
    if weight_bytes and rows * hidden > weight_bytes:
        raise ModelError(
            f"checkpoint {path}: config.json describes embeddings of {rows} x {hidden} "
            f"parameters but the weight files hold only {weight_bytes} bytes; refused before "
            "allocating them",
            hint=hint,
        )


def _a(word: str) -> str:
    """`word` with its indefinite article: "an encoder", "a sequence_classification"."""
    return f"{'an' if word[:1].lower() in 'aeiou' else 'a'} {word}"


def _check_head(path: Path | str, config: Mapping[str, Any], head: str) -> str | None:
    """Check config.architectures against the head; return architectures[0] (None if absent)."""
    archs = config.get("architectures")
    arch = str(archs[0]) if isinstance(archs, list) and archs else None
    if head == "encoder":
        return arch
    needed = HEAD_SUFFIXES[head]
    if arch is None:
        raise ModelError(
            f"checkpoint {path} names no architectures in config.json, so its head is unknown; "
            f"the task needs {_a(head)} head (*{needed})",
            hint='add "architectures": ["<Model>' + needed + '"] to config.json, or re-save the '
            "fine-tuned model with save_pretrained",
        )
    if not arch.endswith(needed):
        has = head_of_architecture(arch)
        what = f"{_a(has)} head" if has else "no task head this harness uses"
        raise ModelError(
            f"checkpoint {path} is {_a(arch)} ({what}) but the task needs {_a(head)} head "
            f"(*{needed})",
            hint=f"use a checkpoint fine-tuned with {_a(head)} head, or give one per task "
            "in --model <folder>/<task>/",
        )
    return arch


def _label_index(
    path: Path | str, config: Mapping[str, Any], labels: Sequence[str]
) -> tuple[int, ...]:
    raw = config.get("id2label")
    if isinstance(raw, dict) and raw:
        try:
            id2label = {int(k): str(v) for k, v in raw.items()}
        except (TypeError, ValueError):
            raise ModelError(
                f"checkpoint {path} has an id2label in config.json whose keys are not integers",
                hint="re-save the checkpoint with save_pretrained",
            ) from None
    else:
        count = config.get("num_labels")
        n = count if isinstance(count, int) and count > 0 else 2
        id2label = {i: f"LABEL_{i}" for i in range(n)}
    names = [id2label[i] for i in sorted(id2label)]
    task = list(labels)
    task_generic = all(_GENERIC_LABEL.fullmatch(t) for t in task)
    if not task_generic and all(_GENERIC_LABEL.fullmatch(n) for n in names):
        raise ModelError(
            f"checkpoint {path} has generic labels LABEL_0..LABEL_{len(names) - 1} "
            f"({len(names)}); matching them to the task's labels ({', '.join(task)}) "
            "by position would be a guess",
            hint="write the task's label names into id2label and label2id of config.json, "
            "in the order the model was trained with",
        )
    exact = {name: i for i, name in id2label.items()}
    folded: dict[str, int] = {}
    for i, name in sorted(id2label.items()):
        folded.setdefault(name.casefold(), i)
    index: list[int] = []
    missing: list[str] = []
    for label in task:
        found = exact.get(label, folded.get(label.casefold()))
        if found is None:
            missing.append(label)
        else:
            index.append(found)
    if missing:
        raise ModelError(
            f"checkpoint {path} labels do not match the task: missing {', '.join(missing)}; "
            f"the checkpoint has {', '.join(names)}",
            hint="the checkpoint's id2label (config.json) must name every task label "
            "(case does not matter)",
        )
    return tuple(index)


def _max_length(config: Any, tokenizer: PreTrainedTokenizerBase) -> int:
    limits = []
    positions = getattr(config, "max_position_embeddings", None)
    if isinstance(positions, int) and positions > 0:
        offset = 2 if getattr(config, "model_type", None) in _POSITION_OFFSET_TYPES else 0
        limits.append(positions - offset)
    tok_max = getattr(tokenizer, "model_max_length", None)
    if isinstance(tok_max, int) and 0 < tok_max < _SANE_MAX_LENGTH:
        limits.append(tok_max)
    return min(limits) if limits else 512


def load_checkpoint(
    path: Path,
    head: str,
    labels: Sequence[str] | None = None,
    *,
    device: str = "auto",
    allow_pickle: bool = False,
    fingerprint: str | None = None,
) -> LoadedModel:
    """Check a checkpoint folder against a task, then load it safely.

    Args:
        path: a `save_pretrained` folder (config.json, weights, tokenizer files).
        head: the head the task family needs (a key of HEADS). "encoder" takes any checkpoint
            and loads its encoder.
        labels: the task's label names, for the labelled heads (sequence and token
            classification); matched through the checkpoint's id2label, case-insensitively.
            Ignored for the other heads.
        device: "auto" or a torch device string (see `pick_device`).
        allow_pickle: load pickle weights (pytorch_model.bin) when there is no safetensors
            file. Off by default: pickle can run code on load.
        fingerprint: `fingerprint_checkpoint(path)` when the caller has it already (hashing a
            large checkpoint twice costs seconds).

    Returns:
        The model (eval mode, on the device) with its tokenizer and provenance.

    Raises:
        ModelError: the folder is missing or malformed, needs custom code, has only pickle
            weights (without allow_pickle) or none, has a different head, lacks a task label,
            or has weights that do not match its config (truncated, corrupt, other shapes),
            sizes beyond the limits, or transformers fails to load it. The message is one line
            and names the folder.
    """
    if head not in HEADS:
        raise ValueError(f"unknown head {head!r}; expected one of {sorted(HEADS)}")
    path = Path(path).expanduser()
    hint = "pass --model a save_pretrained folder (config.json, model.safetensors, tokenizer)"
    if not path.exists():
        raise ModelError(f"checkpoint {path} does not exist", hint=hint)
    if not path.is_dir():
        raise ModelError(f"checkpoint {path} is a file, not a save_pretrained folder", hint=hint)
    config_file = path / "config.json"
    if not config_file.is_file():
        raise ModelError(
            f"checkpoint {path} has no config.json, so it is not a save_pretrained folder",
            hint=hint,
        )
    raw_config = _read_json(config_file, path)
    _refuse_custom_code(path, raw_config)
    use_safetensors = _weights(path, allow_pickle)
    _check_sizes(path, raw_config, _weight_bytes(path, use_safetensors))
    architecture = _check_head(path, raw_config, head)
    label_index = (
        _label_index(path, raw_config, labels)
        if labels is not None and head in LABELLED_HEADS
        else None
    )
    if not any((path / name).is_file() for name in _TOKENIZER_FILES):
        raise ModelError(
            f"checkpoint {path} has no tokenizer files ({', '.join(_TOKENIZER_FILES)})",
            hint="save the tokenizer beside the model: tokenizer.save_pretrained(<folder>)",
        )
    torch_device = pick_device(device)
    fingerprint = fingerprint or fingerprint_checkpoint(path)

    common: dict[str, Any] = {"trust_remote_code": False, "local_files_only": True}
    with quiet_transformers():
        try:
            config = AutoConfig.from_pretrained(path, **common)
        except Exception as exc:
            raise ModelError(
                f"cannot read the configuration of checkpoint {path}: {_one_line(exc)}",
                hint="check that a transformers version that knows this model_type is installed",
            ) from None
        try:
            tokenizer = AutoTokenizer.from_pretrained(path, **common)
        except Exception as exc:
            raise ModelError(
                f"cannot load the tokenizer of checkpoint {path}: {_one_line(exc)}",
                hint="re-save the tokenizer with save_pretrained (tokenizer.json is the most "
                "portable form)",
            ) from None
        try:
            model, info = HEADS[head].from_pretrained(  # type: ignore[attr-defined]
                path,
                config=config,
                use_safetensors=use_safetensors,
                output_loading_info=True,
                # Mismatches are reported below, by name, instead of as a bare RuntimeError.
                ignore_mismatched_sizes=True,
                **common,
            )
        except Exception as exc:
            raise ModelError(
                f"cannot load the model of checkpoint {path}: {type(exc).__name__}: "
                f"{_one_line(exc)}",
                hint="check that it was written by save_pretrained with a compatible "
                "transformers version",
            ) from None
    mismatched = sorted(info.get("mismatched_keys", ()), key=lambda m: str(m[0]))
    if mismatched:
        key, saved, wanted = mismatched[0]
        more = f" and {len(mismatched) - 1} more" if len(mismatched) > 1 else ""
        raise ModelError(
            f"checkpoint {path}: weights do not match config.json: {key} has shape "
            f"{list(saved)} in the weights but the config needs {list(wanted)}{more}",
            hint="config.json must describe the model its weights were saved from; re-save "
            "both with save_pretrained",
        )
    missing: list[str] = sorted(
        str(key)
        for key in info.get("missing_keys", ())
        if not (head == "encoder" and key.split(".")[0] == "pooler")
    )
    if missing:
        shown = ", ".join(missing[:3]) + (", ..." if len(missing) > 3 else "")
        raise ModelError(
            f"checkpoint {path} lacks weights for {len(missing)} parameter(s) of its "
            f"{type(model).__name__} ({shown}); they would be random",
            hint="re-save the fine-tuned model with save_pretrained; a base model saved under "
            "a head's architecture name has no trained head",
        )
    vocab = getattr(config, "vocab_size", None)
    if isinstance(vocab, int) and len(tokenizer) > vocab:
        raise ModelError(
            f"the tokenizer of checkpoint {path} has {len(tokenizer)} tokens but the model's "
            f"embeddings hold {vocab}",
            hint="save the tokenizer the model was trained with beside it",
        )
    model.eval()
    model.to(torch_device)
    return LoadedModel(
        path=path,
        model=model,
        tokenizer=tokenizer,
        head=head,
        architecture=architecture or type(model).__name__,
        fingerprint=fingerprint,
        label_index=label_index,
        device=torch_device,
        max_length=_max_length(config, tokenizer),
    )


def adopt_model(
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    head: str,
    labels: Sequence[str] | None,
    *,
    fingerprint: str,
    label: str,
) -> LoadedModel:
    """Check an in-memory model against a task, as `load_checkpoint` checks a folder.

    The model stays where it is (its device, dtype and train/eval mode are the caller's); for
    the encoder head of a model with a task head, its base model (`model.base_model`) is
    used, which is what loading the folder with AutoModel gives.

    Args:
        model: a transformers model.
        tokenizer: its tokenizer.
        head: the head the task family needs (a key of HEADS).
        labels: the task's label names, for the labelled heads.
        fingerprint: `harness.models.source.fingerprint_memory` of the pair.
        label: how messages name it (e.g. `<in-memory XLMRobertaForSequenceClassification>`).

    Raises:
        ModelError: the model has another head, lacks a task label, or its tokenizer has more
            tokens than its embeddings.
    """
    if head not in HEADS:
        raise ValueError(f"unknown head {head!r}; expected one of {sorted(HEADS)}")
    if not isinstance(model, PreTrainedModel):
        raise ModelError(
            f"{label} is a {type(model).__name__}, not a transformers PreTrainedModel",
            hint="pass a model created by transformers (from_pretrained or a config)",
        )
    config = model.config
    architecture = type(model).__name__  # what save_pretrained writes into architectures
    _check_head(label, {"architectures": [architecture]}, head)
    label_index = None
    if labels is not None and head in LABELLED_HEADS:
        raw = {"id2label": {str(k): v for k, v in (config.id2label or {}).items()}}
        label_index = _label_index(label, raw, labels)
    vocab = getattr(config, "vocab_size", None)
    if isinstance(vocab, int) and len(tokenizer) > vocab:
        raise ModelError(
            f"the tokenizer of {label} has {len(tokenizer)} tokens but the model's embeddings "
            f"hold {vocab}",
            hint="pass the tokenizer the model was trained with",
        )
    scored: Any = model
    if head == "encoder" and head_of_architecture(architecture) != "encoder":
        scored = model.base_model  # the encoder AutoModel would load from the folder
    device = next(model.parameters()).device
    return LoadedModel(
        path=Path(label),
        model=scored,
        tokenizer=tokenizer,
        head=head,
        architecture=architecture,
        fingerprint=fingerprint,
        label_index=label_index,
        device=device,
        max_length=_max_length(config, tokenizer),
    )
