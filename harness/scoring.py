"""`harness score`: score a submission manifest through the same planner and runner as `run`.

Each checkpoint entry of the manifest becomes one `plan_run` over the tasks it covers, executed
by `Runner` into the submission's own result store. A failure (an unimplemented family, a
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

from harness.errors import ConfigError, HarnessError, ModelError
from harness.families import is_implemented
from harness.models.loading import resolve_checkpoint
from harness.registry import Registry
from harness.runner import (
    CLEAN,
    TOKEN_CACHE_DIR,
    CellFailure,
    Runner,
    RunPlan,
    RunReport,
    check_options,
    plan_run,
)
from harness.schema import HubCheckpoint, RunResult
from harness.submissions import CheckpointRef, LoadedSubmission, check_checkpoint_files

__all__ = ["ScoreOptions", "ScoreOutcome", "results_dir_for", "score_submission"]

# What a hub snapshot may contain: weights in safetensors, configs and tokenizer files. Pickle
# weights and Python files are never downloaded.
HUB_PATTERNS = ("*.json", "*.safetensors", "*.model", "*.txt", "*.tiktoken")

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
        )


@dataclass(frozen=True)
class ScoreOutcome:
    """What scoring one submission produced.

    Attributes:
        submission: the manifest.
        profiles: the profiles scored besides clean (manifest's, then the extra ones).
        results_dir: the submission's result store.
        plans: one plan per checkpoint entry that could be planned.
        report: every result and every failure, merged over the plans.
    """

    submission: LoadedSubmission
    profiles: tuple[str, ...]
    results_dir: Path
    plans: tuple[RunPlan, ...]
    report: RunReport


def results_dir_for(submission: LoadedSubmission, results_root: Path | None) -> Path:
    """The result store of a submission: `<results root>/<id>/` (root: the manifest's folder)."""
    root = results_root if results_root is not None else submission.path.parent
    return root / submission.id


def _hub_snapshot(spec: HubCheckpoint) -> Path:
    """Download (or find in the local cache) a pinned hub checkpoint; return its folder."""
    from huggingface_hub import snapshot_download

    try:
        folder = snapshot_download(
            repo_id=spec.hub, revision=spec.revision, allow_patterns=list(HUB_PATTERNS)
        )
    except Exception as exc:  # offline, unknown repo or revision, network failure
        first = " ".join(str(exc).split())[:300]
        raise ModelError(
            f"hub checkpoint {spec.hub}@{spec.revision[:12]}: cannot fetch it ({first})",
            hint="check the id and revision; offline, fill the Hugging Face cache first",
        ) from None
    return Path(folder)


def _checkpoint_folder(ref: CheckpointRef) -> Path:
    if ref.hub is not None:
        return _hub_snapshot(ref.hub)
    assert ref.path is not None
    return ref.path


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
    plans: list[RunPlan] = []
    results: list[RunResult] = []
    failures: list[CellFailure] = []
    served = 0
    for ref in sub.checkpoints:
        tasks = []
        for task in ref.tasks:
            card = registry.task(task)
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
            folder = _checkpoint_folder(ref)
            if ref.hub is None:
                for task in list(tasks):
                    card = registry.task(task)
                    try:
                        chosen = resolve_checkpoint(folder, task, card.family)
                        check_checkpoint_files(
                            chosen, sub.roots, f"{sub.path}: checkpoints.{ref.key}"
                        )
                    except HarnessError as exc:
                        failures.append(CellFailure(task, "-", exc.message))
                        tasks.remove(task)
            if not tasks:
                continue
            plan = plan_run(
                registry,
                model=folder,
                tasks=tasks,
                langs=None,
                profiles=list(profiles),
                data=options.data,
                labels_dir=options.labels_dir,
                limit=options.limit,
                batch_size=options.batch_size,
                device=options.device,
                results_dir=store,
                dtype=options.dtype,
                token_cache_dir=store.parent / TOKEN_CACHE_DIR,  # shared by all submissions
            )
        except (ModelError, ConfigError) as exc:
            failures.extend(CellFailure(task, "-", exc.message) for task in tasks)
            continue
        plans.append(plan)
        report = Runner(registry, plan, progress).execute()
        results.extend(report.results)
        failures.extend(report.failures)
        served += report.served_from_store
    return ScoreOutcome(
        submission=sub,
        profiles=profiles,
        results_dir=store,
        plans=tuple(plans),
        report=RunReport(tuple(results), tuple(failures), served),
    )
