"""Issue 17 item 7: task groups (`--tasks retrieval`, `--tasks xtreme-r`) and a richer `--json`."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.api import evaluate
from harness.cli import main
from harness.errors import ConfigError
from harness.registry import Registry
from harness.runner import plan_run

ROOT = Path(__file__).resolve().parents[1]
CheckpointFactory = Callable[..., Path]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def _plan(registry: Registry, tasks: list[str], data: str = "samples") -> list[str]:
    plan = plan_run(
        registry,
        model=ROOT,
        tasks=tasks,
        langs=None,
        profiles=None,
        data=data,
        labels_dir=None,
        limit=None,
        batch_size=None,
        device="cpu",
        results_dir=None,
    )
    return [task for task, _ in plan.cells]


def test_groups_by_category_family_and_benchmark(registry: Registry) -> None:
    groups = registry.groups
    assert groups["retrieval"] == ("bucc2018", "lareqa", "mewslix", "tatoeba")
    assert groups["classification"] == ("pawsx", "xcopa", "xnli")  # the category
    assert groups["multiple_choice"] == ("xcopa",)  # a family
    assert "pawsx" not in groups["xtreme-r"] and "bucc2018" not in groups["xtreme-r"]
    assert set(groups["xtreme-r"]) == {
        "xnli",
        "xcopa",
        "udpos",
        "panx",
        "xquad",
        "mlqa",
        "tydiqa",
        "tatoeba",
        "mewslix",
        "lareqa",
    }


def test_tasks_option_takes_groups_and_tasks(registry: Registry) -> None:
    assert _plan(registry, ["retrieval"]) == ["bucc2018", "lareqa", "mewslix", "tatoeba"]
    assert _plan(registry, ["xnli,qa"]) == ["xnli", "mlqa", "tydiqa", "xquad"]
    xtreme_r = _plan(registry, ["xtreme-r"])
    assert "pawsx" not in xtreme_r and {"xnli", "tatoeba", "udpos"} <= set(xtreme_r)
    with pytest.raises(ConfigError, match=r"unknown task 'retreival' \(did you mean 'retrieval'"):
        _plan(registry, ["retreival"])


def test_a_group_means_its_members_with_data(registry: Registry, tmp_path: Path) -> None:
    data = tmp_path / "download"
    (data / "tatoeba").mkdir(parents=True)
    for name in ("de-en.de", "de-en.en"):
        shutil.copy(ROOT / "tasks/samples/tatoeba" / name, data / "tatoeba" / name)
    assert _plan(registry, ["retrieval"], str(data)) == ["tatoeba"]
    with pytest.raises(Exception, match=r"no data for --tasks qa"):
        _plan(registry, ["qa"], str(data))


def test_group_name_colliding_with_a_task_is_an_error_at_registry_load(tmp_path: Path) -> None:
    card = (ROOT / "tasks" / "xnli.yaml").read_text(encoding="utf-8")
    (tmp_path / "tasks").mkdir()
    (tmp_path / "tasks" / "retrieval.yaml").write_text(
        card.replace("name: xnli", "name: retrieval", 1), encoding="utf-8"
    )
    with pytest.raises(ConfigError, match="'retrieval' is also a task group"):
        Registry.load(include=[tmp_path])


def test_harness_tasks_lists_the_groups(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tasks"]) == 0
    out = capsys.readouterr().out
    assert "task groups (--tasks GROUP" in out
    assert "  retrieval: bucc2018, lareqa, mewslix, tatoeba" in out
    assert "  xtreme-r: " in out


def test_evaluate_takes_a_group(
    make_checkpoint: CheckpointFactory, registry: Registry, tmp_path: Path
) -> None:
    folder = make_checkpoint("encoder")
    report = evaluate(
        folder,
        tasks="retrieval",
        langs="de",
        profiles=(),
        data="samples",
        limit=3,
        device="cpu",
        layer=-1,
    )
    assert report.ok  # mewslix, a retrieval task without a de sample, is left out
    assert sorted({r.task for r in report.results}) == ["bucc2018", "lareqa", "tatoeba"]


def test_json_carries_aggregates_model_limit_and_settings(
    make_checkpoint: CheckpointFactory, registry: Registry, tmp_path: Path
) -> None:
    folder = tmp_path / "ckpts"
    for task in ("xnli", "pawsx"):
        make_checkpoint("sequence_classification", registry.task(task).labels, out=folder / task)
    out = tmp_path / "run.json"
    args = ["run", "--model", str(folder), "--data", "samples", "--tasks", "classification"]
    args += ["--langs", "de", "--limit", "3", "--profile", "typo-10", "--quiet"]
    args += ["--results", str(tmp_path / "r"), "--json", str(out)]
    assert main(args) == 0  # xcopa, the third classification task, has no de sample
    assert main(args) == 0  # served from the store
    data = json.loads(out.read_text(encoding="utf-8"))
    assert str(folder) in data["model"]
    assert data["limit"] == 3 and data["settings"]["limit"] == 3
    assert data["settings"]["data"] == "samples" and data["settings"]["dtype"] == "fp32"
    assert data["tasks"] == ["pawsx", "xnli"]
    assert data["languages"] == {"pawsx": ["de"], "xnli": ["de"]}
    assert data["counts"] == {"records": 4, "served_from_store": 4, "failures": 0}
    agg = data["aggregate"]
    assert agg["label"] == "overall (xtreme-r, task_mean)"
    assert agg["outside_benchmark"] == ["pawsx"]
    assert agg["overall"]["clean"] == pytest.approx(agg["tasks"]["xnli"]["clean"])
    assert len(data["results"]) == 4  # the per-cell results are still there
