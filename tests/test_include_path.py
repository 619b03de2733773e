"""User cards and profiles from --include-path / HARNESS_INCLUDE_PATH."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

import harness
from harness import paths
from harness.cli import main
from harness.errors import ConfigError
from harness.registry import Registry
from harness.results import ResultStore

CheckpointFactory = Callable[..., Path]


def _user_folder(root: Path) -> Path:
    """DIR/tasks/my-nli.yaml (a copy of the XNLI card with its own samples) and
    DIR/noise_profiles/my-typos.yaml."""
    card = yaml.safe_load((paths.tasks_dir() / "xnli.yaml").read_text(encoding="utf-8"))
    card["name"] = "my-nli"
    card["title"] = "My NLI"
    card["benchmarks"] = []
    card["sources"]["official"]["path"] = "my-nli/{split}-{lang}.tsv"
    card["sources"]["hub"] = []
    (root / "tasks").mkdir(parents=True)
    (root / "tasks" / "my-nli.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    samples = root / "tasks" / "samples" / "my-nli"
    samples.mkdir(parents=True)
    shutil.copy(paths.samples_dir() / "xnli" / "test-de.tsv", samples / "test-de.tsv")
    profile = yaml.safe_load((paths.profiles_dir() / "typo-40.yaml").read_text(encoding="utf-8"))
    profile.update(name="my-typos", seed=77, description="typo-40 with another seed")
    (root / "noise_profiles").mkdir()
    (root / "noise_profiles" / "my-typos.yaml").write_text(yaml.safe_dump(profile), "utf-8")
    return root


@pytest.fixture()
def user(tmp_path: Path) -> Path:
    return _user_folder(tmp_path / "mine")


def test_an_include_path_card_and_profile_run(
    user: Path, make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    labels = Registry.load().task("xnli").labels
    ckpt = make_checkpoint("sequence_classification", labels, seed=2)
    run = ["run", "--quiet", "--include-path", str(user), "--model", str(ckpt)]
    options = ["--tasks", "my-nli", "--data", "samples", "--profile", "my-typos"]
    code = main([*run, *options, "--results", str(tmp_path / "store")])
    assert code == 0
    records = {r.profile: r for r in ResultStore(tmp_path / "store")}
    assert set(records) == {"clean", "my-typos"}
    assert records["clean"].provenance.data.location == str(
        user / "tasks" / "samples" / "my-nli" / "test-de.tsv"
    )
    assert records["my-typos"].signature.startswith("my-nli.de|my-typos@")
    report = harness.evaluate(
        ckpt, tasks="my-nli", profiles="my-typos", data="samples", include_path=user
    )
    assert [r.main for r in report.results] == [records["clean"].main, records["my-typos"].main]


def test_the_environment_variable_adds_folders(
    user: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other"
    (other / "noise_profiles").mkdir(parents=True)
    monkeypatch.setenv("HARNESS_INCLUDE_PATH", os.pathsep.join([str(user), "", str(other)]))
    registry = Registry.load()
    assert registry.tasks["my-nli"].origin == str(user)
    assert registry.tasks["xnli"].origin == "shipped"
    assert main(["tasks"]) == 0
    out = capsys.readouterr().out
    assert f"include: {user}" in out and "shipped" in out
    assert main(["profiles"]) == 0
    assert f"include: {user}" in capsys.readouterr().out
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "13 task cards" in out and f"include: {user}" in out


def _one_error(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    assert main(list(args)) == 2
    err = capsys.readouterr().err.splitlines()
    errors = [line for line in err if line.startswith("error:")]
    assert len(errors) == 1, err
    return errors[0]


def test_a_name_taken_by_a_shipped_card_names_both_files(
    user: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = yaml.safe_load((user / "tasks" / "my-nli.yaml").read_text(encoding="utf-8"))
    card["name"] = "xnli"
    (user / "tasks" / "xnli.yaml").write_text(yaml.safe_dump(card), encoding="utf-8")
    line = _one_error(capsys, "tasks", "--include-path", str(user))
    assert str(user / "tasks" / "xnli.yaml") in line
    assert str(paths.tasks_dir() / "xnli.yaml") in line
    assert "shipped with the harness" in line


def test_a_missing_folder_and_a_malformed_card_are_one_line(
    user: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    line = _one_error(capsys, "validate", "--include-path", str(tmp_path / "nope"))
    assert "no such folder" in line
    (tmp_path / "empty").mkdir()
    line = _one_error(capsys, "validate", "--include-path", str(tmp_path / "empty"))
    assert "holds neither tasks/ nor noise_profiles/" in line
    (user / "tasks" / "broken.yaml").write_text("name: broken\nversion: [1\n", encoding="utf-8")
    line = _one_error(capsys, "validate", "--include-path", str(user))
    assert "broken.yaml" in line and "not valid UTF-8 YAML" in line


def test_an_unknown_key_in_a_user_profile_is_refused(user: Path) -> None:
    path = user / "noise_profiles" / "my-typos.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "typo_rate: 3\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"my-typos.yaml: typo_rate: unknown key"):
        Registry.load(include=[user])
