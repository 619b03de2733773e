"""The registry: every task card and noise profile, loaded once and validated.

Cards live in tasks/*.yaml and profiles in noise_profiles/*.yaml of the harness home
(`harness.paths`). Include folders (`--include-path DIR`, or HARNESS_INCLUDE_PATH, separated by
os.pathsep) add the cards of `DIR/tasks/` and the profiles of `DIR/noise_profiles/`; a name that
is already taken is an error naming both files, never an override. Loading rejects unknown
keys, bad values, duplicate names and names that differ from the file name, each with a
ConfigError that names the file and the field. Lookups of unknown names suggest the closest
known ones.
"""

from __future__ import annotations

import difflib
import hashlib
import os
from collections.abc import Iterable, Mapping, Sequence
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


INCLUDE_ENV = "HARNESS_INCLUDE_PATH"
SHIPPED = "shipped"


@dataclass(frozen=True)
class Entry(Generic[T]):
    """A validated model with the file it came from and that file's content hash.

    Attributes:
        origin: `shipped` for the harness's own cards and profiles, else the include folder
            the file came from.
    """

    model: T
    path: Path
    sha256: str
    origin: str = SHIPPED


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


def _load_dir(
    folder: Path,
    model: type[M],
    what: str,
    origin: str = SHIPPED,
    into: Mapping[str, Entry[M]] | None = None,
) -> dict[str, Entry[M]]:
    """Load every `*.yaml` of `folder`, added to the entries of `into` (whose names it may not
    reuse)."""
    if not folder.is_dir():
        raise ConfigError(f"{folder}: {what} folder is missing")
    out: dict[str, Entry[M]] = dict(into or {})
    for path in sorted(folder.glob("*.yaml")):
        obj, sha = load_yaml_model(path, model)
        name = getattr(obj, "name")  # noqa: B009 - both models carry a name
        if name != path.stem:
            raise ConfigError(f"{path}: name: {name!r} differs from the file name {path.stem!r}")
        if name in out:
            taken = "shipped with the harness" if out[name].origin == SHIPPED else "also"
            raise ConfigError(
                f"{path}: name: {what} {name!r} is taken ({taken}: {out[name].path})",
                hint=f"rename the {what} (its file and its name:)",
            )
        out[name] = Entry(obj, path, sha, origin)
    if not out:
        raise ConfigError(f"{folder}: no {what} files (*.yaml)")
    return out


def include_paths(include: Iterable[Path | str] | None = None) -> tuple[Path, ...]:
    """The include folders: `include` when given, else HARNESS_INCLUDE_PATH (os.pathsep-
    separated; empty parts are skipped).

    Raises:
        ConfigError: an include folder does not exist, or holds neither tasks/ nor
            noise_profiles/.
    """
    if include is None:
        include = [p for p in os.environ.get(INCLUDE_ENV, "").split(os.pathsep) if p]
    folders: list[Path] = []
    for value in include:
        folder = Path(value)
        if not folder.is_dir():
            raise ConfigError(
                f"--include-path {folder}: no such folder",
                hint=f"pass a folder holding tasks/ and/or noise_profiles/ (or fix {INCLUDE_ENV})",
            )
        if not (folder / "tasks").is_dir() and not (folder / "noise_profiles").is_dir():
            raise ConfigError(
                f"--include-path {folder}: holds neither tasks/ nor noise_profiles/",
                hint="user task cards go in DIR/tasks/<name>.yaml, profiles in "
                "DIR/noise_profiles/<name>.yaml",
            )
        if folder not in folders:
            folders.append(folder)
    return tuple(folders)


@dataclass(frozen=True)
class Registry:
    """All task cards and noise profiles, by name."""

    tasks: Mapping[str, Entry[TaskCard]]
    profiles: Mapping[str, Entry[NoiseProfile]]

    @classmethod
    def load(
        cls,
        tasks_dir: Path | None = None,
        profiles_dir: Path | None = None,
        *,
        include: Sequence[Path | str] | None = None,
    ) -> Registry:
        """Load and validate every card and profile: the home's, then each include folder's.

        Args:
            tasks_dir, profiles_dir: the shipped folders (default: the harness home's).
            include: include folders (default: HARNESS_INCLUDE_PATH); see `include_paths`.

        Raises:
            ConfigError: naming the first bad file and field, a name an include folder
                reuses (with both files), or a bad include folder.
        """
        tasks = _load_dir(tasks_dir or paths.tasks_dir(), TaskCard, "task card")
        profiles = _load_dir(profiles_dir or paths.profiles_dir(), NoiseProfile, "noise profile")
        for folder in include_paths(include):
            origin = str(folder)
            if (folder / "tasks").is_dir():
                tasks = _load_dir(folder / "tasks", TaskCard, "task card", origin, tasks)
            if (folder / "noise_profiles").is_dir():
                profiles = _load_dir(
                    folder / "noise_profiles", NoiseProfile, "noise profile", origin, profiles
                )
        registry = cls(tasks=tasks, profiles=profiles)
        for group in registry.groups:
            if group in tasks:
                raise ConfigError(
                    f"{tasks[group].path}: name: {group!r} is also a task group (a category, "
                    "family or benchmark), so --tasks could not tell them apart",
                    hint="rename the task (its file and its name:)",
                )
        return registry

    @property
    def groups(self) -> dict[str, tuple[str, ...]]:
        """Task groups, as `--tasks` takes them: every category (`classification`,
        `structured_prediction`, `qa`, `retrieval`), family (`multiple_choice`, `tagging`, ...)
        and benchmark (`xtreme`, `xtreme-r`) -> its tasks, in registry order."""
        out: dict[str, list[str]] = {}
        for name, entry in self.tasks.items():
            card = entry.model
            for group in dict.fromkeys((card.category, card.family, *card.benchmarks)):
                out.setdefault(group, []).append(name)
        return {g: tuple(members) for g, members in sorted(out.items())}

    def expand_tasks(self, names: Iterable[str]) -> list[tuple[str, bool]]:
        """Task names and group names -> (task, came from a group), in the order given.

        Raises:
            ConfigError: a name that is neither a task nor a group.
        """
        groups = self.groups
        out: list[tuple[str, bool]] = []
        for name in names:
            if name in self.tasks:
                out.append((name, False))
            elif name in groups:
                out.extend((task, True) for task in groups[name])
            else:
                raise ConfigError(
                    f"unknown task {name!r}{suggest(name, [*self.tasks, *groups])}",
                    hint="`harness tasks` lists the tasks and the task groups",
                )
        return out

    def samples_dir(self, task: str) -> Path:
        """Where a task's bundled samples live: the home's tasks/samples/, or an include
        folder's tasks/samples/ for a card that came from there."""
        entry = self.task_entry(task)
        if entry.origin == SHIPPED:
            return paths.samples_dir()
        return Path(entry.origin) / "tasks" / "samples"

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
