"""Fixtures for the leaderboard tests: synthetic result records and manifests.

Records are built directly (no model runs), with accuracy's per-example `correct` column, so a
whole site builds in well under a second. Submissions:

- `stilts-a` (stilts) and `baseline-a` (multilingual-baseline) on the same base model, scored on
  xnli (en, de, fr) and xcopa (en, et), clean, typo-10 and typo-20;
- `other-b` (other), scored on xnli only: its overall is partial.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness.leaderboard import BootstrapConfig, LeaderboardConfig
from harness.results import ResultStore, signature
from harness.schema import RunResult

TASK_LANGS = {"xnli": ("en", "de", "fr"), "xcopa": ("en", "et")}
PROFILES = ("typo-10", "typo-20")
N = {"xnli": 40, "xcopa": 30}
FAST = LeaderboardConfig(bootstrap=BootstrapConfig(replicates=200))


def make_record(
    task: str,
    lang: str,
    profile: str,
    correct: Sequence[int],
    *,
    model_fp: str,
    data_fp: str | None = None,
    ids: Sequence[str] | None = None,
    created: str = "2026-01-01T00:00:00+00:00",
    changed: Sequence[bool] | None = None,
) -> RunResult:
    """A valid result record for an accuracy task."""
    n = len(correct)
    data_fp = data_fp or hashlib.sha256(f"{task}.{lang}".encode()).hexdigest()
    key = hashlib.sha256(f"{model_fp}|{task}|{lang}|{profile}|{data_fp}".encode()).hexdigest()
    ids = list(ids) if ids is not None else [f"{task}-{lang}-{i}" for i in range(n)]
    noisy = profile != "clean"
    return RunResult.model_validate(
        {
            "key": key,
            "signature": signature(task, lang, profile, 1, 1, data_fp, model_fp, "0.1.0"),
            "task": task,
            "language": lang,
            "profile": profile,
            "scores": {"accuracy": 100.0 * sum(correct) / n},
            "main": 100.0 * sum(correct) / n,
            "n": n,
            "per_example": {
                "id": ids,
                "prediction": ["x"] * n,
                "correct": list(correct),
                "changed": list(changed) if changed is not None else [noisy] * n,
            },
            "noise": {
                "word_change_rate": 0.1 if noisy else 0.0,
                "cer": 0.02 if noisy else 0.0,
                "changed_fraction": 0.5 if noisy else 0.0,
                "eligible_words": 100,
            },
            "provenance": {
                "harness_version": "0.1.0",
                "task_card": {"name": task, "version": 1, "sha256": "0" * 64},
                "profile": {"name": profile, "version": 1, "sha256": "1" * 64},
                "data": {
                    "source": "samples",
                    "location": f"tasks/samples/{task}/test-{lang}",
                    "fingerprint": data_fp,
                    "n_examples": n,
                },
                "model": {"path": "ckpt", "fingerprint": model_fp, "architecture": "X"},
                "libraries": {"python": "3.11"},
                "device": "cpu",
                "settings": {},
                "timings": {},
                "created_at": created,
            },
        }
    )


def correct_column(n: int, accuracy: float, seed: str) -> list[int]:
    rng = random.Random(seed)
    return [int(rng.random() < accuracy) for _ in range(n)]


def noisy_column(clean: Sequence[int], flip: float, seed: str) -> list[int]:
    """The clean column with a share of correct answers turned wrong (paired noise)."""
    rng = random.Random(seed)
    return [0 if c and rng.random() < flip else c for c in clean]


def write_manifest(folder: Path, sid: str, **fields: Any) -> Path:
    data: dict[str, Any] = {
        "name": sid,
        "method": "other",
        "base_model": "base/model",
        "intermediate_tasks": [],
        "authors": ["Tester"],
        "links": {},
        "notes": "",
        "checkpoints": {"xnli": f"ckpts/{sid}"},
        "profiles": list(PROFILES),
    }
    data.update(fields)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{sid}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def store_submission(
    results: Path,
    sid: str,
    skill: float,
    flips: Mapping[str, float],
    tasks: Mapping[str, Sequence[str]] = TASK_LANGS,
) -> None:
    store = ResultStore(results / sid)
    model_fp = hashlib.sha256(sid.encode()).hexdigest()
    for task, langs in tasks.items():
        for lang in langs:
            clean = correct_column(N[task], skill, f"{sid}.{task}.{lang}")
            store.put(make_record(task, lang, "clean", clean, model_fp=model_fp))
            for profile, flip in flips.items():
                noisy = noisy_column(clean, flip, f"{sid}.{task}.{lang}.{profile}")
                store.put(make_record(task, lang, profile, noisy, model_fp=model_fp))


@dataclass(frozen=True)
class BoardInputs:
    submissions: Path
    results: Path
    config: Path


def make_inputs(root: Path) -> BoardInputs:
    subs, results = root / "submissions", root / "results"
    write_manifest(
        subs,
        "stilts-a",
        name="STILTs A",
        method="stilts",
        intermediate_tasks=["mnli"],
        links={"paper": "https://example.org/paper"},
    )
    write_manifest(subs, "baseline-a", name="Baseline A", method="multilingual-baseline")
    write_manifest(subs, "other-b", name="Other B", base_model="other/model")
    store_submission(results, "stilts-a", 0.8, {"typo-10": 0.05, "typo-20": 0.1})
    store_submission(results, "baseline-a", 0.55, {"typo-10": 0.15, "typo-20": 0.3})
    store_submission(
        results, "other-b", 0.7, {"typo-10": 0.1, "typo-20": 0.2}, {"xnli": TASK_LANGS["xnli"]}
    )
    config = root / "config.yaml"
    config.write_text("bootstrap: {replicates: 200}\n", encoding="utf-8")
    return BoardInputs(subs, results, config)


@pytest.fixture(scope="module")
def board_inputs(tmp_path_factory: pytest.TempPathFactory) -> BoardInputs:
    return make_inputs(tmp_path_factory.mktemp("board"))


@pytest.fixture(scope="module")
def built_site(board_inputs: BoardInputs, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site of `board_inputs`, built once per module through the CLI."""
    from harness.cli import main

    out = tmp_path_factory.mktemp("site") / "site"
    code = main(
        [
            "leaderboard",
            "build",
            "--submissions",
            str(board_inputs.submissions),
            "--results",
            str(board_inputs.results),
            "--config",
            str(board_inputs.config),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return out


@dataclass(frozen=True)
class Helpers:
    """The module's helpers, as a fixture (test modules cannot import conftest)."""

    make_record: Callable[..., RunResult] = make_record
    write_manifest: Callable[..., Path] = write_manifest
    store_submission: Callable[..., None] = store_submission
    make_inputs: Callable[[Path], BoardInputs] = make_inputs
    correct_column: Callable[[int, float, str], list[int]] = correct_column
    noisy_column: Callable[[Sequence[int], float, str], list[int]] = noisy_column
    fast: LeaderboardConfig = FAST


@pytest.fixture(scope="session")
def lb() -> Helpers:
    return Helpers()
