"""Bad input: one clear error line on stderr, a non-zero exit, and no result file written."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
import torch
from safetensors.torch import load_file

from harness.cli import main
from harness.registry import Registry

CheckpointFactory = Callable[..., Path]


@pytest.fixture(scope="module")
def xnli_ckpt(make_checkpoint: CheckpointFactory) -> Path:
    return make_checkpoint("sequence_classification", Registry.load().task("xnli").labels)


def pickle_only(make_checkpoint: CheckpointFactory, tmp: Path) -> Path:
    folder = make_checkpoint(
        "sequence_classification", Registry.load().task("xnli").labels, out=tmp / "pickle"
    )
    state = load_file(folder / "model.safetensors")
    torch.save(state, folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    return folder


def bad_data(tmp: Path) -> Path:
    path = tmp / "data" / "xnli" / "test-de.tsv"
    path.parent.mkdir(parents=True)
    path.write_text("Ein Satz.\tNoch einer.\tneutral\nnur eine Spalte\n", encoding="utf-8")
    return tmp / "data"


CASES: dict[str, tuple[Callable[[Path, Path, CheckpointFactory], list[str]], str]] = {
    "nonexistent model": (
        lambda tmp, ck, mk: ["--model", str(tmp / "nope")],
        r"no such checkpoint folder",
    ),
    "folder without config.json": (
        lambda tmp, ck, mk: ["--model", str(tmp)],
        r"holds no checkpoint for task xnli",
    ),
    "pickle-only weights": (
        lambda tmp, ck, mk: ["--model", str(pickle_only(mk, tmp))],
        r"only pickle weights .* refused",
    ),
    "labels that do not match": (
        lambda tmp, ck, mk: [
            "--model",
            str(mk("sequence_classification", ["yes", "no", "maybe"], out=tmp / "yn")),
        ],
        r"labels do not match the task: missing contradiction, entailment, neutral",
    ),
    "unknown task": (
        lambda tmp, ck, mk: ["--model", str(ck), "--tasks", "xnl"],
        r"unknown task 'xnl' \(did you mean 'xnli'",
    ),
    "unknown profile": (
        lambda tmp, ck, mk: ["--model", str(ck), "--profile", "typo-11"],
        r"unknown profile 'typo-11' \(did you mean",
    ),
    "unknown language": (
        lambda tmp, ck, mk: ["--model", str(ck), "--langs", "xx"],
        r"unknown language 'xx' for xnli",
    ),
    "malformed data line": (
        lambda tmp, ck, mk: ["--model", str(ck), "--data", str(bad_data(tmp))],
        r"test-de\.tsv:2: expected 3 tab-separated columns",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input(
    case: str,
    tmp_path: Path,
    xnli_ckpt: Path,
    make_checkpoint: CheckpointFactory,
    capsys: pytest.CaptureFixture[str],
) -> None:
    build, message = CASES[case]
    work = tmp_path / "work"
    work.mkdir()
    args = build(work, xnli_ckpt, make_checkpoint)
    defaults = ["--tasks", "xnli", "--langs", "de", "--data", "samples", "--profile", "typo-10"]
    for flag, value in zip(defaults[::2], defaults[1::2], strict=True):
        if flag not in args:
            args += [flag, value]
    results, summary = tmp_path / "results", tmp_path / "summary.json"
    code = main(["run", "--quiet", *args, "--results", str(results), "--json", str(summary)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code != 0
    assert len([line for line in err if line.startswith("error:")]) == 1, err
    assert err[0].startswith("error:")
    assert re.search(message, err[0]), err[0]
    assert not summary.exists()
    assert not results.exists() or not list(results.rglob("*.json"))
    assert not list(tmp_path.rglob("*.tmp"))


def test_tasks_profiles_validate(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tasks"]) == 0
    out = capsys.readouterr().out
    for task in (
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
        "pawsx",
        "bucc2018",
    ):
        assert task in out
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    for profile in ("clean", "typo-5", "typo-10", "typo-20", "typo-40"):
        assert profile in out
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "12 task cards" in out
    from harness.families import is_implemented

    rows = {cells[0]: cells for cells in (re.split(r"\s{2,}", line) for line in out.splitlines())}
    for name, entry in Registry.load().tasks.items():
        state = "implemented" if is_implemented(entry.model) else "not implemented yet"
        assert state in rows[name], rows[name]


def test_noise_command_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    text = "Der schnelle braune Fuchs springt über den faulen Hund"
    assert main(["noise", "--profile", "typo-40", "--lang", "de", text]) == 0
    first = capsys.readouterr().out
    assert main(["noise", "--profile", "typo-40", "--lang", "de", text]) == 0
    assert capsys.readouterr().out == first != text + "\n"
    assert main(["noise", "--profile", "clean", "--lang", "de", text]) == 0
    assert capsys.readouterr().out == text + "\n"


def test_json_summary_shape(xnli_ckpt: Path, tmp_path: Path) -> None:
    summary = tmp_path / "s.json"
    assert (
        main(
            [
                "run",
                "--quiet",
                "--model",
                str(xnli_ckpt),
                "--tasks",
                "xnli",
                "--langs",
                "de,zh",
                "--data",
                "samples",
                "--profile",
                "typo-10",
                "--results",
                str(tmp_path / "r"),
                "--json",
                str(summary),
            ]
        )
        == 0
    )
    data = json.loads(summary.read_text(encoding="utf-8"))
    assert len(data["results"]) == 4
    keys = {"task", "language", "profile", "scores", "main", "n", "noise", "signature"}
    assert all(set(r) == keys for r in data["results"])
    assert {r["profile"] for r in data["results"]} == {"clean", "typo-10"}
    assert data["results"][0]["signature"].startswith("xnli.de|clean@1|seed:0|data:")
