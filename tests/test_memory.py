"""harness.memory: freed memory handed back between cells, a no-op off glibc."""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from harness import memory


def _rss() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1])


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_heap_pages_go_back_to_the_os() -> None:
    # many small blocks below the mmap threshold: freed, glibc keeps them in its heap
    blocks = [bytearray(4000) for _ in range(50_000)]  # ~200 MB
    for b in blocks:
        b[::512] = b"x" * len(b[::512])  # touch every page
    keep = blocks[-1]
    del blocks
    before = _rss()
    assert memory.release_free_memory() is True
    assert _rss() < before - 20_000  # pages (4 KiB): at least ~80 MB returned
    assert keep[0] == ord("x")


def test_without_a_c_library_it_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    memory._trim.cache_clear()
    monkeypatch.setattr(memory.ctypes.util, "find_library", lambda _name: None)
    try:
        assert memory.release_free_memory() is False
    finally:
        memory._trim.cache_clear()


def test_the_runner_trims_after_every_cell(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    make_checkpoint: Callable[..., Path],
    sample_plan: Callable[..., Any],
) -> None:
    from harness import runner
    from harness.registry import Registry

    calls: list[int] = []

    def counted() -> bool:
        calls.append(1)
        return True

    monkeypatch.setattr(runner, "release_free_memory", counted)
    labels = Registry.load().task("xnli").labels
    ckpt = make_checkpoint("sequence_classification", labels, out=tmp_path / "ck")
    registry = Registry.load()
    plan = sample_plan(registry, ckpt, ["xnli"], ["de", "en"], ["typo-10"])
    report = runner.Runner(registry, plan).execute()
    assert not report.failures and len(report.results) == 4
    assert len(calls) == 2  # one per language: its clean and noisy cells
