"""`harness score`: score a submission manifest through `harness.evaluate`, as `run` does.

Each checkpoint entry of the manifest becomes one `evaluate` over the tasks it covers, into
the submission's own result store. A failure (an unimplemented family, a
missing or unsafe checkpoint folder, a hub checkpoint that cannot be fetched, a failed cell) is
recorded and scoring continues; the caller reports every failure at the end.

Results live beside the manifests: the store of submission `<id>` is `<results root>/<id>/`,
where the results root is `--results DIR`, or by default the manifest's own folder (so
`submissions/foo.yaml` scores into `submissions/foo/`). Inside it, the usual store layout:
`<model fingerprint[:12]>/<task>/<lang>.<profile>.<key[:16]>.json`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from harness.api import evaluate
from harness.data import available_languages
from harness.data.official import index_shared_by_languages
from harness.errors import ConfigError, HarnessError, ModelError
from harness.families import is_implemented
from harness.models.loading import resolve_checkpoint
from harness.models.source import FolderModel, HubModel, ModelSource
from harness.registry import Registry
from harness.report import Report
from harness.runner import CLEAN, TOKEN_CACHE_DIR, CellFailure, check_options
from harness.schema import RunResult
from harness.shards import Shard
from harness.submissions import CheckpointRef, LoadedSubmission, check_checkpoint_files

__all__ = ["ScoreOptions", "ScoreOutcome", "results_dir_for", "score_submission"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ScoreOptions:
    """How to score: the `harness run` options a manifest does not fix."""

    profiles: tuple[str, ...] = ()
    data: str = "hub"
    labels_dir: Path | None = None
    limit: int | None = None
    batch_size: int | None = None
    device: str = "auto"
    dtype: str = "fp32"
    results_root: Path | None = None
    allow_nonstandard_data: bool = False
    log_samples: bool = False
    shard: Shard | None = None
    draws: int | None = None

    def check(self, registry: Registry) -> None:
        """Check the extra profiles and the option values as `harness run` does, before any
        work.

        Raises:
            ConfigError: an unknown profile or a bad option value (fp16 on a CPU among them).
            DataError: the `--data` or `--labels` folder does not exist.
        """
        for name in self.profiles:
            if name != CLEAN:
                registry.profile_entry(name)
        check_options(
            data=self.data,
            labels_dir=self.labels_dir,
            limit=self.limit,
            batch_size=self.batch_size,
            device=self.device,
            dtype=self.dtype,
            draws=self.draws,
        )


@dataclass(frozen=True)
class ScoreOutcome:
    """What scoring one submission produced.

    Attributes:
        submission: the manifest.
        profiles: the profiles scored besides clean (manifest's, then the extra ones).
        results_dir: the submission's result store.
        report: every result and every failure, merged over the manifest's checkpoints.
    """

    submission: LoadedSubmission
    profiles: tuple[str, ...]
    results_dir: Path
    report: Report


def results_dir_for(submission: LoadedSubmission, results_root: Path | None) -> Path:
    """The result store of a submission: `<results root>/<id>/` (root: the manifest's folder)."""
    root = results_root if results_root is not None else submission.path.parent
    return root / submission.id


def _source(ref: CheckpointRef) -> ModelSource:
    """The model source of a manifest entry; a hub checkpoint is fetched here, so that a
    failed download fails its tasks before any is planned."""
    if ref.hub is not None:
        hub = HubModel(ref.hub.hub, ref.hub.revision)
        hub.fetch()
        return hub
    assert ref.path is not None
    return FolderModel(ref.path)


def _evaluate(
    source: ModelSource,
    ref: CheckpointRef,
    tasks: list[str],
    langs: tuple[str, ...] | None,
    profiles: tuple[str, ...],
    options: ScoreOptions,
    store: Path,
    progress: Progress | None,
    registry: Registry,
    draws: int | None = None,
) -> Report:
    """One `evaluate` over tasks that share a checkpoint and a language limit."""
    return evaluate(
        source,
        tasks=tasks,
        langs=langs,
        profiles=profiles,
        data=options.data,
        labels=options.labels_dir,
        limit=options.limit,
        batch_size=options.batch_size or "auto",
        device=options.device,
        dtype=options.dtype,
        results=store,
        token_cache=store.parent / TOKEN_CACHE_DIR,  # shared by all submissions
        progress=progress,
        registry=registry,
        allow_nonstandard_data=options.allow_nonstandard_data,
        log_samples=options.log_samples,
        # the entry's retrieval settings (None: the folder's own, else the card's)
        pooling=ref.settings.pooling,
        layer=ref.settings.layer,
        query_prefix=ref.settings.query_prefix,
        index_prefix=ref.settings.index_prefix,
        shard=options.shard,
        draws=draws,
    )


def _in_shard(
    registry: Registry, task: str, options: ScoreOptions, limit: tuple[str, ...] | None
) -> bool:
    """Whether `options.shard` (if any) scores some cell of `task` (whose languages the
    manifest may `limit`), as `plan_run` splits it; a task it has none of is left to the
    shards that do, failures included, so that each is reported once."""
    if options.shard is None:
        return True
    card = registry.task(task)
    if limit is not None:
        langs: tuple[str, ...] = tuple(lang for lang in card.languages if lang in limit)
    else:
        langs = available_languages(card, options.data, samples_dir=registry.samples_dir(task))
    shared = index_shared_by_languages(card)
    return options.shard.languages(task, langs, shared_index=shared) is not None


def score_submission(
    registry: Registry,
    sub: LoadedSubmission,
    options: ScoreOptions,
    progress: Progress | None = None,
) -> ScoreOutcome:
    """Score every task a manifest covers, clean and under each profile.

    Never raises for a failed checkpoint or cell: those are in `report.failures`.

    Raises:
        ConfigError: an unknown profile or a bad option value (fp16 on a CPU among them).
        DataError: the `--data` or `--labels` folder does not exist.
    """
    profiles = tuple(
        dict.fromkeys(p for p in (*sub.manifest.profiles, *options.profiles) if p != CLEAN)
    )
    options.check(registry)
    store = results_dir_for(sub, options.results_root)
    parts: list[Report] = []
    results: list[RunResult] = []
    failures: list[CellFailure] = []
    files: list[Path] = []
    served = 0
    for ref in sub.checkpoints:
        tasks = []
        for task in ref.tasks:
            card = registry.task(task)
            if not _in_shard(registry, task, options, sub.languages_for(task, card.family)):
                continue
            if not is_implemented(card):
                failures.append(
                    CellFailure(
                        task, "-", f"the {card.family!r} family is not implemented yet ({ref.key})"
                    )
                )
            else:
                tasks.append(task)
        if not tasks:
            continue
        try:
            source = _source(ref)
            if isinstance(source, FolderModel):
                for task in list(tasks):
                    card = registry.task(task)
                    try:
                        chosen = resolve_checkpoint(source.path, task, card.family)
                        check_checkpoint_files(
                            chosen, sub.roots, f"{sub.path}: checkpoints.{ref.key}"
                        )
                    except HarnessError as exc:
                        failures.append(CellFailure(task, "-", exc.message))
                        tasks.remove(task)
            if not tasks:
                continue
        except (ModelError, ConfigError) as exc:
            failures.extend(CellFailure(task, "-", exc.message) for task in tasks)
            continue
        # tasks the manifest limits to some languages (`languages:`) are scored on their own
        by_langs: dict[tuple[str, ...] | None, list[str]] = {}
        for task in tasks:
            limit = sub.languages_for(task, registry.task(task).family)
            by_langs.setdefault(limit, []).append(task)
        for langs, group in by_langs.items():
            try:
                part = _evaluate(
                    source,
                    ref,
                    group,
                    langs,
                    profiles,
                    options,
                    store,
                    progress,
                    registry,
                    # --draws, else the manifest's draws:, else each profile's default
                    options.draws if options.draws is not None else sub.manifest.draws,
                )
            except (ModelError, ConfigError) as exc:
                failures.extend(CellFailure(task, "-", exc.message) for task in group)
                continue
            parts.append(part)
            results.extend(part.results)
            failures.extend(part.failures)
            files.extend(part.sample_files)
            served += part.served_from_store
    # the options as evaluate() recorded them (the same for every checkpoint entry)
    settings = {
        **(parts[0].settings if parts else {}),
        "results": str(store),
        "shard": str(options.shard) if options.shard is not None else None,
    }
    report = Report(
        results=tuple(results),
        failures=tuple(failures),
        profiles=profiles,
        model=f"submission {sub.id} ({sub.path})",
        settings=settings,
        served_from_store=served,
        registry=registry,
        sample_files=tuple(files),
        shard=options.shard,
    )
    return ScoreOutcome(
        submission=sub,
        profiles=profiles,
        results_dir=store,
        report=report,
    )
