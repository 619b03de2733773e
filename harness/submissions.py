"""Submission manifests: loading, validation against the registry, and safe checkpoint paths.

A manifest is `submissions/<id>.yaml` (the file name is the submission id), validated by
`harness.schema.Submission` (unknown keys rejected). Loading then checks what the schema alone
cannot: every checkpoint key is a task or a family of the registry, every profile exists, and
every local checkpoint path stays inside the allowed roots.

Paths. A relative checkpoint path resolves against the manifest's folder. The resolved path,
with `..` collapsed and every symlink followed, must lie inside one of the allowed roots: the
manifest's folder, the harness checkout (the folder holding tasks/ and submissions/), and any
root the caller adds (`harness score --checkpoint-root DIR`). A path that leaves them, whether
through `..`, an absolute path or a symlink, is refused before anything is read. When scoring,
the per-task checkpoint folder actually used and every file in it are checked again, so a
symlinked sub-folder or weight file cannot point outside either.

Hub checkpoints are `{hub: org/name, revision: <40-hex sha>}`; an unpinned revision is refused.
A local checkpoint with settings is `{path: ..., layer: -1, query_prefix: "query: "}`; the
retrieval settings (pooling, layer, query/index prefix) of an entry apply to its retrieval
tasks, and an entry without one refuses them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness import paths
from harness.errors import ConfigError
from harness.registry import Registry, load_yaml_model, suggest
from harness.retrieval_settings import EncoderSettings
from harness.schema import NAME_RE, EncoderOptions, HubCheckpoint, LocalCheckpoint, Submission

__all__ = [
    "CheckpointRef",
    "LoadedSubmission",
    "allowed_roots",
    "check_checkpoint_files",
    "check_inside",
    "find_manifests",
    "load_submission",
    "load_submissions",
    "manifest_metadata",
]

FAMILY_NAMES = ("classification", "multiple_choice", "tagging", "qa", "retrieval")


@dataclass(frozen=True)
class CheckpointRef:
    """One entry of a manifest's `checkpoints`, resolved.

    Attributes:
        key: the task or family name the manifest maps.
        written: the value as the manifest writes it (shown on the leaderboard).
        path: for a local checkpoint, the resolved folder (inside the allowed roots).
        hub: for a hub checkpoint, its id and pinned revision.
        tasks: the tasks this checkpoint is scored on (a task key wins over a family key).
        settings: the retrieval settings the entry sets (pooling, layer, prefixes); they
            apply to its retrieval tasks.
    """

    key: str
    written: str
    path: Path | None
    hub: HubCheckpoint | None
    tasks: tuple[str, ...]
    settings: EncoderSettings = field(default_factory=EncoderSettings)


@dataclass(frozen=True)
class LoadedSubmission:
    """A validated manifest with its resolved checkpoints.

    Attributes:
        id: the submission id (the manifest's file name without `.yaml`).
        path: the manifest file.
        sha256: the manifest file's content hash.
        manifest: the validated manifest.
        checkpoints: one entry per manifest checkpoint key, in manifest order.
        roots: the allowed roots its local paths were checked against.
    """

    id: str
    path: Path
    sha256: str
    manifest: Submission
    checkpoints: tuple[CheckpointRef, ...]
    roots: tuple[Path, ...]

    @property
    def tasks(self) -> dict[str, CheckpointRef]:
        """Task -> the checkpoint scored on it."""
        return {task: ref for ref in self.checkpoints for task in ref.tasks}

    def languages_for(self, task: str, family: str) -> tuple[str, ...] | None:
        """The manifest's `languages` for a task (its own key wins over its family's key);
        None: every language with data."""
        limits = self.manifest.languages
        if task in limits:
            return limits[task]
        return limits.get(family)


def allowed_roots(manifest_dir: Path, extra: Iterable[Path] = ()) -> tuple[Path, ...]:
    """The folders local checkpoint paths may resolve into, resolved, without duplicates."""
    roots = [manifest_dir, *extra]
    checkout = paths.checkout_root()  # installed away from a checkout: none
    if checkout is not None:
        roots.append(checkout)
    out: list[Path] = []
    for root in roots:
        resolved = Path(root).resolve()
        if resolved not in out:
            out.append(resolved)
    return tuple(out)


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def check_inside(path: Path, roots: Sequence[Path], what: str) -> Path:
    """Return `path` resolved, or refuse it when it leaves every root.

    Both the lexical path (with `..` collapsed) and the real path (symlinks followed) must lie
    inside a root, so neither `..` nor a symlink can lead out.

    Raises:
        ConfigError: naming `what`, the resolved path and the roots.
    """
    lexical = Path(os.path.normpath(path.absolute()))
    real = path.resolve()
    listed = ", ".join(str(r) for r in roots)
    hint = "keep checkpoints inside the manifest's folder or the harness checkout"
    if not _inside(lexical, roots):
        raise ConfigError(
            f"{what}: {path} leaves the allowed roots ({listed})",
            hint=f"{hint}, or add a root with --checkpoint-root",
        )
    if not _inside(real, roots):
        raise ConfigError(
            f"{what}: {path} is a symlink (or lies under one) to {real}, outside the allowed "
            f"roots ({listed})",
            hint=f"{hint}, or add the folder it points into with --checkpoint-root",
        )
    return real


def check_checkpoint_files(folder: Path, roots: Sequence[Path], what: str) -> None:
    """Check a checkpoint folder and every entry in it resolve inside the allowed roots.

    Raises:
        ConfigError: the folder or one of its files escapes (through a symlink).
    """
    check_inside(folder, roots, what)
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            check_inside(entry, roots, what)


def _tasks_for(key: str, registry: Registry, task_keys: set[str]) -> tuple[str, ...]:
    if key in registry.tasks:
        return (key,)
    if key in FAMILY_NAMES:
        return tuple(
            name
            for name, entry in registry.tasks.items()
            if entry.model.family == key and name not in task_keys
        )
    raise ConfigError(
        f"checkpoints: {key!r} is neither a task nor a family"
        f"{suggest(key, [*registry.tasks, *FAMILY_NAMES])}"
    )


def _settings(
    spec: EncoderOptions, key: str, tasks: Sequence[str], registry: Registry, where: Path
) -> EncoderSettings:
    """The entry's retrieval settings; refused on an entry without a retrieval task."""
    fields = spec.encoder_fields()
    if fields and not any(registry.task(t).retrieval is not None for t in tasks):
        raise ConfigError(
            f"{where}: checkpoints.{key}: {', '.join(fields)} apply to retrieval tasks only, "
            f"and {key!r} covers {', '.join(tasks) or 'no task'}",
            hint="move the settings to the entry of a retrieval task or family",
        )
    return EncoderSettings(**fields)


def _canonical_languages(path: Path, manifest: Submission, registry: Registry) -> Submission:
    """Check `languages:` against the registry (keys: tasks or families; values: languages of
    every task the key covers, case-folded) and return the manifest with canonical codes.

    Raises:
        ConfigError: an unknown key or a language no task of the key has.
    """
    out: dict[str, tuple[str, ...]] = {}
    for key, langs in manifest.languages.items():
        if key in registry.tasks:
            cards = [registry.task(key)]
        elif key in FAMILY_NAMES:
            cards = [e.model for e in registry.tasks.values() if e.model.family == key]
        else:
            raise ConfigError(
                f"{path}: languages: {key!r} is neither a task nor a family"
                f"{suggest(key, [*registry.tasks, *FAMILY_NAMES])}"
            )
        known = {lang.casefold(): lang for card in cards for lang in card.languages}
        chosen = []
        for lang in langs:
            if lang.casefold() not in known:
                raise ConfigError(
                    f"{path}: languages.{key}: {key} has no language {lang!r}"
                    f"{suggest(lang, known.values())}"
                )
            chosen.append(known[lang.casefold()])
        if not chosen:
            raise ConfigError(f"{path}: languages.{key}: name at least one language")
        out[key] = tuple(dict.fromkeys(chosen))
    return manifest.model_copy(update={"languages": out}) if out else manifest


def load_submission(
    path: Path,
    registry: Registry,
    *,
    extra_roots: Iterable[Path] = (),
    check_paths: bool = True,
) -> LoadedSubmission:
    """Load, validate and resolve one manifest.

    Local checkpoint folders need not exist yet (the leaderboard reads only results); scoring
    reports a missing folder as a failed cell. With `check_paths` off (the leaderboard, which
    loads no checkpoint and shows paths only as written), local paths are not resolved or
    checked against the allowed roots, and `CheckpointRef.path` is None.

    Raises:
        ConfigError: the file is unreadable or invalid, names an unknown task, family or
            profile, or a checkpoint path leaves the allowed roots.
    """
    path = Path(path)
    sub_id = path.stem
    if path.suffix != ".yaml":
        raise ConfigError(f"{path}: a submission manifest is a .yaml file")
    if not re.fullmatch(NAME_RE, sub_id) or len(sub_id) > 64:
        raise ConfigError(
            f"{path}: the file name {sub_id!r} is not a valid submission id",
            hint="use lower-case letters, digits, '.', '_' and '-' (it names result folders)",
        )
    manifest, sha = load_yaml_model(path, Submission)
    for name in manifest.profiles:
        try:
            registry.profile_entry(name)
        except ConfigError as exc:
            raise ConfigError(f"{path}: profiles: {exc.message}") from None
    manifest = _canonical_languages(path, manifest, registry)
    roots = allowed_roots(path.parent, extra_roots)
    task_keys = {k for k in manifest.checkpoints if k in registry.tasks}
    refs = []
    for key, spec in manifest.checkpoints.items():
        try:
            tasks = _tasks_for(key, registry, task_keys)
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc.message}") from None
        settings = EncoderSettings()
        if isinstance(spec, EncoderOptions):
            settings = _settings(spec, key, tasks, registry, path)
        if isinstance(spec, HubCheckpoint):
            written = f"{spec.hub}@{spec.revision}"
            refs.append(CheckpointRef(key, written, None, spec, tasks, settings))
            continue
        written = spec.path if isinstance(spec, LocalCheckpoint) else spec
        if not check_paths:
            refs.append(CheckpointRef(key, written, None, None, tasks, settings))
            continue
        local = Path(written)
        full = local if local.is_absolute() else path.parent / local
        resolved = check_inside(full, roots, f"{path}: checkpoints.{key}")
        refs.append(CheckpointRef(key, written, resolved, None, tasks, settings))
    return LoadedSubmission(sub_id, path, sha, manifest, tuple(refs), roots)


def find_manifests(folder: Path) -> list[Path]:
    """The manifests (`*.yaml`) directly in `folder`, in name order.

    Raises:
        ConfigError: the folder does not exist.
    """
    if not folder.is_dir():
        raise ConfigError(f"{folder}: no such submissions folder")
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def load_submissions(
    manifests: Iterable[Path],
    registry: Registry,
    *,
    extra_roots: Iterable[Path] = (),
    check_paths: bool = True,
) -> list[LoadedSubmission]:
    """Load several manifests; every one is validated before any is used (`check_paths`: see
    `load_submission`).

    Raises:
        ConfigError: listing every invalid manifest (one per line), or two manifests with the
            same id.
    """
    loaded: list[LoadedSubmission] = []
    errors: list[str] = []
    extra = tuple(extra_roots)
    for path in manifests:
        try:
            loaded.append(
                load_submission(path, registry, extra_roots=extra, check_paths=check_paths)
            )
        except ConfigError as exc:
            errors.append(exc.message)
    seen: dict[str, Path] = {}
    for sub in loaded:
        if sub.id in seen:
            errors.append(f"{sub.path}: submission id {sub.id!r} is also {seen[sub.id]}")
        seen[sub.id] = sub.path
    if errors:
        head = errors[0] if len(errors) == 1 else f"{len(errors)} invalid manifests:\n  "
        raise ConfigError(head if len(errors) == 1 else head + "\n  ".join(errors))
    return sorted(loaded, key=lambda s: s.id)


def manifest_metadata(sub: LoadedSubmission) -> Mapping[str, object]:
    """The manifest as plain data, for JSON downloads (paths as written)."""
    m = sub.manifest
    settings = {
        ref.key: {k: v for k, v in vars(ref.settings).items() if v is not None}
        for ref in sub.checkpoints
        if not ref.settings.empty
    }
    return {
        "id": sub.id,
        "name": m.name,
        "method": m.method,
        "base_model": m.base_model,
        "intermediate_tasks": list(m.intermediate_tasks),
        "authors": list(m.authors),
        "links": dict(sorted(m.links.items())),
        "notes": m.notes,
        "checkpoints": {ref.key: ref.written for ref in sub.checkpoints},
        "profiles": list(m.profiles),
        "languages": {k: list(v) for k, v in sorted(m.languages.items())},
        "toy": m.toy,
        "manifest_sha256": sub.sha256,
        # only when some entry sets them, so manifests without settings export as before
        **({"encoder_settings": settings} if settings else {}),
    }
