"""Issue 17, item 5: every friction a new user met, one test each, named after it."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch
import yaml
from safetensors.torch import load_file

from harness.cli import main
from harness.commands import _Progress
from harness.data import load_task_data
from harness.errors import ConfigError, DataError, ModelError
from harness.models.loading import _check_head
from harness.registry import Registry
from harness.results import ResultStore, read_result
from harness.runner import plan_run
from harness.submissions import load_submission

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tasks" / "samples"
CheckpointFactory = Callable[..., Path]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="module")
def xnli_ckpt(make_checkpoint: CheckpointFactory, registry: Registry) -> Path:
    return make_checkpoint("sequence_classification", registry.task("xnli").labels)


def _official(tmp: Path) -> Path:
    """An official-layout folder: xnli de with inline labels, tatoeba de without gold."""
    data = tmp / "download"
    (data / "xnli").mkdir(parents=True)
    shutil.copy(SAMPLES / "xnli" / "test-de.tsv", data / "xnli" / "test-de.tsv")
    (data / "tatoeba").mkdir()
    for name in ("de-en.de", "de-en.en"):
        shutil.copy(SAMPLES / "tatoeba" / name, data / "tatoeba" / name)
    return data


def test_labels_fall_back_to_inline_per_task(tmp_path: Path, registry: Registry) -> None:
    data = _official(tmp_path)
    labels = tmp_path / "labels" / "tatoeba"
    labels.mkdir(parents=True)  # a label folder with tatoeba's file only, none for xnli
    shutil.copy(SAMPLES / "tatoeba" / "test-de.tsv", labels / "test-de.tsv")
    options: dict[str, Any] = {"labels_dir": tmp_path / "labels", "allow_nonstandard": True}
    xnli = load_task_data(registry.task("xnli"), "de", str(data), **options)
    inline = load_task_data(registry.task("xnli"), "de", str(data), allow_nonstandard=True)
    assert [e.label for e in xnli.examples] == [e.label for e in inline.examples]
    assert all(e.label is not None for e in xnli.examples)
    tatoeba = load_task_data(registry.task("tatoeba"), "de", str(data), **options)
    assert all(e.label is not None for e in tatoeba.examples)


def test_labels_fall_back_to_inline_on_real_data(realdata: Path, registry: Registry) -> None:
    """The run the issue describes: udpos (inline labels) and tatoeba with one --labels."""
    udpos = registry.task("udpos")
    assert (realdata / "download" / "udpos" / "test-yo.tsv").is_file()
    assert not (realdata / "labels" / "udpos").exists()  # the label folder has tatoeba only
    ds = load_task_data(
        udpos, "yo", str(realdata / "download"), labels_dir=realdata / "labels", limit=3
    )
    assert len(ds.examples) == 3 and all(e.label for e in ds.examples)


def test_missing_labels_error_hints_at_labels(tmp_path: Path, registry: Registry) -> None:
    data = _official(tmp_path)
    card = registry.task("tatoeba")
    with pytest.raises(DataError, match="no gold labels for the test split") as exc:
        load_task_data(card, "de", str(data), allow_nonstandard=True)
    assert exc.value.hint is not None and "--labels DIR" in exc.value.hint
    assert "tatoeba/test-de.tsv" in exc.value.hint
    empty = tmp_path / "empty-labels"
    empty.mkdir()
    with pytest.raises(DataError) as exc:
        load_task_data(card, "de", str(data), labels_dir=empty, allow_nonstandard=True)
    assert exc.value.hint is not None and f"{empty} has no tatoeba/test-de.tsv" in exc.value.hint


def test_json_not_written_says_why(
    tmp_path: Path, xnli_ckpt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data" / "xnli"
    data.mkdir(parents=True)
    (data / "test-de.tsv").write_text("Ein Satz.\tNoch einer.\tneutral\nnur eine\n")
    out = tmp_path / "summary.json"
    code = main(
        [
            "run",
            "--model",
            str(xnli_ckpt),
            "--data",
            str(tmp_path / "data"),
            "--tasks",
            "xnli",
            "--langs",
            "de",
            "--profile",
            "typo-10",
            "--results",
            str(tmp_path / "r"),
            "--json",
            str(out),
            "--quiet",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and not out.exists()
    assert f"warning: --json {out} not written: 1 cell(s) failed" in err


def _manifest(folder: Path, **checkpoints: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "sub.yaml"
    data = {"name": "S", "method": "other", "base_model": "b", "checkpoints": checkpoints}
    path.write_text(yaml.safe_dump(data))
    return path


def test_checkpoint_outside_the_checkout_hints_at_checkpoint_root(
    tmp_path: Path, registry: Registry
) -> None:
    path = _manifest(tmp_path / "subs", xnli="../elsewhere/ckpt")
    with pytest.raises(ConfigError, match="leaves the allowed roots") as exc:
        load_submission(path, registry)
    assert exc.value.hint is not None and "--checkpoint-root" in exc.value.hint
    assert load_submission(path, registry, extra_roots=[tmp_path / "elsewhere"]).tasks["xnli"]
    (tmp_path / "outside").mkdir()
    (tmp_path / "subs" / "link").symlink_to(tmp_path / "outside")
    linked = _manifest(tmp_path / "subs", xnli="link")
    with pytest.raises(ConfigError, match="is a symlink") as exc:
        load_submission(linked, registry)
    assert exc.value.hint is not None and "--checkpoint-root" in exc.value.hint


def test_leaderboard_build_needs_no_checkpoint_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _manifest(tmp_path / "subs", xnli="/somewhere/else/entirely/ckpt")
    old = read_result(ROOT / "tests" / "fixtures" / "result-v1.json")
    store = ResultStore(tmp_path / "results" / "sub")
    store.put(old.model_copy(update={"profile": "clean", "key": "c" * 64}))
    store.put(old)
    code = main(
        [
            "leaderboard",
            "build",
            "--submissions",
            str(tmp_path / "subs"),
            "--results",
            str(tmp_path / "results"),
            "--out",
            str(tmp_path / "site"),
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert (tmp_path / "site" / "submissions" / "sub.html").is_file()


def test_manifest_limits_languages_per_task(
    tmp_path: Path, registry: Registry, xnli_ckpt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.scoring import ScoreOptions, score_submission

    folder = tmp_path / "subs"
    shutil.copytree(xnli_ckpt, folder / "ckpt")
    path = _manifest(folder, xnli="ckpt")
    data = yaml.safe_load(path.read_text())
    data["languages"] = {"xnli": ["DE", "zh"], "retrieval": ["de"]}
    path.write_text(yaml.safe_dump(data))
    sub = load_submission(path, registry)
    assert sub.manifest.languages == {"xnli": ("de", "zh"), "retrieval": ("de",)}
    assert sub.languages_for("xnli", "classification") == ("de", "zh")
    assert sub.languages_for("tatoeba", "retrieval") == ("de",)
    assert sub.languages_for("pawsx", "classification") is None
    assert main(["score", str(path), "--dry-run"]) == 0
    assert "  languages of xnli: de, zh" in capsys.readouterr().out
    outcome = score_submission(registry, sub, ScoreOptions(data="samples", limit=2))
    assert outcome.report.ok
    assert sorted({(r.task, r.language) for r in outcome.report.results}) == [
        ("xnli", "de"),
        ("xnli", "zh"),
    ]
    data["languages"] = {"xnli": ["xx"]}
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError, match=r"languages\.xnli: xnli has no language 'xx'"):
        load_submission(path, registry)


def test_manifest_retrieval_key_covers_every_retrieval_task_and_task_keys_win(
    tmp_path: Path, registry: Registry
) -> None:
    path = _manifest(tmp_path / "subs", retrieval="enc", tatoeba="enc-tatoeba")
    sub = load_submission(path, registry)
    by_key = {ref.key: set(ref.tasks) for ref in sub.checkpoints}
    assert by_key == {"retrieval": {"bucc2018", "lareqa", "mewslix"}, "tatoeba": {"tatoeba"}}
    doc = (ROOT / "docs" / "design" / "leaderboard.md").read_text(encoding="utf-8")
    assert "`retrieval:` means every retrieval task" in doc


def test_pickle_refusal_names_allow_pickle(
    tmp_path: Path,
    make_checkpoint: CheckpointFactory,
    registry: Registry,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = make_checkpoint(
        "sequence_classification", registry.task("xnli").labels, out=tmp_path / "pickle"
    )
    torch.save(load_file(folder / "model.safetensors"), folder / "pytorch_model.bin")
    (folder / "model.safetensors").unlink()
    args = ["run", "--model", str(folder), "--data", "samples", "--tasks", "xnli"]
    code = main([*args, "--langs", "de", "--limit", "2", "--results", str(tmp_path / "r")])
    err = capsys.readouterr().err
    assert code == 1 and "refused" in err and "--allow-pickle" in err


def test_non_terminal_output_gets_plain_progress_lines() -> None:
    stream = io.StringIO()  # not a terminal: no bar, one line per cell
    with _Progress(False, stream) as progress:
        progress("xnli.de clean: scoring 8 examples")
        progress("xnli.de typo-10: served from the result store")
    assert stream.getvalue().splitlines() == [
        "[1] xnli.de clean: scoring 8 examples",
        "[2] xnli.de typo-10: served from the result store",
    ]
    quiet = io.StringIO()
    with _Progress(True, quiet) as progress:
        progress("xnli.de clean: scoring 8 examples")
    assert quiet.getvalue() == ""


def test_device_cuda_on_a_cpu_only_machine_exits_2_up_front(
    tmp_path: Path,
    xnli_ckpt: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    args = ["run", "--model", str(xnli_ckpt), "--data", "samples", "--tasks", "xnli"]
    args += ["--langs", "de", "--limit", "2", "--results", str(tmp_path / "r"), "--quiet"]
    assert main([*args, "--device", "cpu"]) == 0  # every cell is now in the store
    capsys.readouterr()
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    assert main([*args, "--device", "cuda"]) == 2
    captured = capsys.readouterr()
    assert "error: device 'cuda' is not available" in captured.err
    assert captured.out == ""  # no table: nothing was served or scored


def test_head_mismatch_message_uses_the_right_article() -> None:
    with pytest.raises(ModelError) as exc:
        _check_head("ckpt", {"architectures": ["BertModel"]}, "sequence_classification")
    assert "is a BertModel (an encoder head)" in exc.value.message
    assert "a encoder" not in exc.value.message


def test_langs_en_on_tatoeba_explains_english_is_the_pivot(registry: Registry) -> None:
    with pytest.raises(ConfigError, match="English is the pivot side of tatoeba") as exc:
        plan_run(
            registry,
            model=ROOT,
            tasks=["tatoeba"],
            langs=["en"],
            profiles=None,
            data="samples",
            labels_dir=None,
            limit=None,
            batch_size=None,
            device="cpu",
            results_dir=None,
        )
    assert "'te', 'nl', 'he'" not in exc.value.message


def test_langs_are_case_folded(registry: Registry) -> None:
    plan = plan_run(
        registry,
        model=ROOT,
        tasks=["xnli", "tatoeba"],
        langs=["DE", "Fr"],
        profiles=None,
        data="samples",
        labels_dir=None,
        limit=None,
        batch_size=None,
        device="cpu",
        results_dir=None,
    )
    assert dict(plan.cells) == {"xnli": ("de", "fr"), "tatoeba": ("de", "fr")}


def test_tasks_piped_into_head_exits_quietly() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "harness", "tasks"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)  # `head` reads a little, then goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait() == 0 and "Traceback" not in err and "BrokenPipeError" not in err


def test_limit_run_table_says_it_is_limited(
    tmp_path: Path, xnli_ckpt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["run", "--model", str(xnli_ckpt), "--data", "samples", "--tasks", "xnli"]
    args += ["--langs", "de", "--results", str(tmp_path / "r"), "--quiet"]
    assert main([*args, "--limit", "2"]) == 0
    out = capsys.readouterr().out
    assert "limited: only the first 2 examples per language were scored (--limit)" in out
    assert main(args) == 0
    assert "limited" not in capsys.readouterr().out


def test_noise_figures_are_percent_in_the_cli_as_on_the_board(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = tmp_path / "t.txt"
    text.write_text("the quick brown fox jumps over the lazy dog\n" * 5)
    args = ["noise-stats", "--profile", "typo-40", "--lang", "en", "--file", str(text)]
    assert main([*args, "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert main(args) == 0
    table = capsys.readouterr().out
    assert f"{100 * figures['cer']:.2f}%" in table
    assert f"{100 * figures['word_change_rate']:.2f}%" in table
