"""The README's "From Python" snippet runs as written (on a tiny checkpoint where it names the
demo's STILTs folder)."""

from __future__ import annotations

import contextlib
import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.registry import Registry

ROOT = Path(__file__).resolve().parent.parent
CheckpointFactory = Callable[..., Path]


def _snippet(section: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"## {section}\n")
    end = text.find("\n## ", start + 1)
    blocks = re.findall(r"```python\n(.*?)```", text[start:end], flags=re.S)
    assert len(blocks) == 1, f"expected one python block under {section!r}"
    return str(blocks[0])


def test_the_from_python_snippet_runs(
    make_checkpoint: CheckpointFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    labels = Registry.load().task("xnli").labels
    make_checkpoint(
        "sequence_classification", labels, out=tmp_path / "demo-output/checkpoints/stilts/xnli"
    )
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_snippet("From Python"), "README.md", "exec"), {})
    printed = out.getvalue()
    assert "typo-10" in printed and "delta" in printed and "clean" in printed
    assert "Der schnelle braune Fuchs springt\n" not in printed  # typo-20 changed something
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo-output"]  # results=None
