"""`--dtype`: fp16 is refused on a CPU; bf16 runs, is recorded, and has its own result key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cli import main
from harness.errors import ConfigError
from harness.registry import Registry
from harness.results import ResultStore
from harness.runner import plan_run


@pytest.fixture(scope="module")
def xnli_ckpt(
    make_checkpoint: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    labels = Registry.load().task("xnli").labels
    return make_checkpoint(
        "sequence_classification", labels, out=tmp_path_factory.mktemp("p") / "m", seed=1
    )


def _args(model: Path, results: Path, *extra: str) -> list[str]:
    return [
        "run",
        "--quiet",
        "--model",
        str(model),
        "--data",
        "samples",
        "--tasks",
        "xnli",
        "--langs",
        "de",
        "--device",
        "cpu",
        "--results",
        str(results),
        *extra,
    ]


def test_fp16_on_cpu_is_refused_before_any_work(
    xnli_ckpt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ConfigError, match="fp16 needs a GPU"):
        plan_run(
            Registry.load(),
            model=xnli_ckpt,
            tasks=["xnli"],
            langs=None,
            profiles=None,
            data="samples",
            labels_dir=None,
            limit=None,
            batch_size=None,
            device="cpu",
            results_dir=tmp_path,
            dtype="fp16",
        )
    assert main(_args(xnli_ckpt, tmp_path / "r", "--dtype", "fp16")) == 2
    assert "fp16 needs a GPU" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


def test_bf16_is_recorded_and_keyed_apart_from_fp32(xnli_ckpt: Path, tmp_path: Path) -> None:
    assert main(_args(xnli_ckpt, tmp_path, "--dtype", "bf16")) == 0
    assert main(_args(xnli_ckpt, tmp_path)) == 0
    records = {r.provenance.settings["dtype"]: r for r in ResultStore(tmp_path)}
    assert set(records) == {"bf16", "fp32"}
    assert records["bf16"].key != records["fp32"].key
    assert "|dtype:bf16" in records["bf16"].signature
    assert "dtype" not in records["fp32"].signature
    assert records["bf16"].n == records["fp32"].n
