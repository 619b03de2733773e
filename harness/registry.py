"""The registry: every task card and noise profile, loaded once and validated.

Cards live in tasks/*.yaml and profiles in noise_profiles/*.yaml. Loading rejects unknown keys,
bad values, duplicate names and names that differ from the file name, each with a ConfigError
that names the file and the field. Lookups of unknown names suggest the closest known ones.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from harness import paths
from harness.errors import ConfigError
from harness.schema import NoiseProfile, TaskCard

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

MAX_CARD_BYTES = 256 * 1024
#: The deepest nesting of mappings and lists a YAML file may have (cards need fewer than 6).
MAX_YAML_DEPTH = 32


class _Refused(yaml.YAMLError):
    """A YAML construct the harness does not accept (its message is one line)."""


class _GuardedLoader(yaml.SafeLoader):
    """SafeLoader without aliases and with a nesting limit.

    Aliases (`*name`, and `<<: *name` merges) are refused: no card needs them and they are how
    a "billion laughs" file expands a few hundred bytes into gigabytes downstream. The depth
    limit turns `[[[[...` into an error instead of a RecursionError.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _Refused(f"line {mark.line + 1}: YAML aliases (*name) are not allowed")
        self._depth += 1
        try:
            if self._depth > MAX_YAML_DEPTH:
                mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
                raise _Refused(f"line {mark.line + 1}: nested deeper than {MAX_YAML_DEPTH} levels")
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def safe_load_yaml(text: str) -> Any:
    """Parse untrusted YAML: safe types only, no aliases, at most MAX_YAML_DEPTH levels.

    Raises:
        yaml.YAMLError: the text is not YAML or uses what is refused.
    """
    loader = _GuardedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A validated model with the file it came from and that file's content hash."""

    model: T
    path: Path
    sha256: str


def suggest(name: str, known: Iterable[str]) -> str:
    """Return a ' (did you mean ...?)' suffix for an unknown name, or ''."""
    close = difflib.get_close_matches(name, list(known), n=3, cutoff=0.5)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _format_validation(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "<top>"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def _yaml_problem(exc: Exception) -> str:
    """One line for a YAML or decoding error: the problem and where it is."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem:
        where = f" at line {exc.problem_mark.line + 1}" if exc.problem_mark else ""
        return f"{exc.problem}{where}"
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__


def load_yaml_model(path: Path, model: type[M]) -> tuple[M, str]:
    """Parse one YAML file into `model`; return it with the file's sha256.

    Raises:
        ConfigError: the file is missing, too large (MAX_CARD_BYTES), not UTF-8 YAML, uses
            aliases or nests too deep (see `safe_load_yaml`), or fails validation.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from exc
    if len(raw) > MAX_CARD_BYTES:
        raise ConfigError(f"{path}: file is larger than {MAX_CARD_BYTES} bytes")
    try:
        data: Any = safe_load_yaml(raw.decode("utf-8"))
    except _Refused as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid UTF-8 YAML ({_yaml_problem(exc)})") from None
    if not isinstance(data, Mapping):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    try:
        obj = model.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{path}: {_format_validation(exc)}") from exc
    return obj, hashlib.sha256(raw).hexdigest()


def _load_dir(folder: Path, model: type[M], what: str) -> dict[str, Entry[M]]:
    if not folder.is_dir():
        raise ConfigError(f"{folder}: {what} folder is missing")
    out: dict[str, Entry[M]] = {}
    for path in sorted(folder.glob("*.yaml")):
        obj, sha = load_yaml_model(path, model)
        name = getattr(obj, "name")  # noqa: B009 - both models carry a name
        if name != path.stem:
            raise ConfigError(f"{path}: name: {name!r} differs from the file name {path.stem!r}")
        if name in out:
            raise ConfigError(f"{path}: name: duplicate {what} {name!r} (also {out[name].path})")
        out[name] = Entry(obj, path, sha)
    if not out:
        raise ConfigError(f"{folder}: no {what} files (*.yaml)")
    return out


@dataclass(frozen=True)
class Registry:
    """All task cards and noise profiles, by name."""

    tasks: Mapping[str, Entry[TaskCard]]
    profiles: Mapping[str, Entry[NoiseProfile]]

    @classmethod
    def load(cls, tasks_dir: Path | None = None, profiles_dir: Path | None = None) -> Registry:
        """Load and validate every card and profile.

        Raises:
            ConfigError: naming the first bad file and field.
        """
        return cls(
            tasks=_load_dir(tasks_dir or paths.tasks_dir(), TaskCard, "task card"),
            profiles=_load_dir(profiles_dir or paths.profiles_dir(), NoiseProfile, "noise profile"),
        )

    def task(self, name: str) -> TaskCard:
        return self.task_entry(name).model

    def task_entry(self, name: str) -> Entry[TaskCard]:
        try:
            return self.tasks[name]
        except KeyError:
            raise ConfigError(f"unknown task {name!r}{suggest(name, self.tasks)}") from None

    def profile(self, name: str) -> NoiseProfile:
        return self.profile_entry(name).model

    def profile_entry(self, name: str) -> Entry[NoiseProfile]:
        try:
            return self.profiles[name]
        except KeyError:
            raise ConfigError(f"unknown profile {name!r}{suggest(name, self.profiles)}") from None

    def check_languages(self, card: TaskCard, langs: Iterable[str]) -> None:
        """Raise ConfigError if any language is not one of the card's."""
        for lang in langs:
            if lang not in card.languages:
                raise ConfigError(
                    f"task {card.name!r} has no language {lang!r}"
                    f"{suggest(lang, card.languages)}; it has {', '.join(card.languages)}"
                )
