"""Extremely long inputs through `harness run`: truncated or windowed, never a crash."""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cli import main
from harness.registry import Registry
from harness.results import ResultStore

CheckpointFactory = Callable[..., Path]
WORDS = ("the", "quick", "brown", "fox", "Hund", "über", "gare", "лиса", "狐狸", "여우")


def sentence(rng: random.Random, n: int) -> list[str]:
    return [rng.choice(WORDS) for _ in range(n)]


def test_a_million_characters_and_a_100k_word_sentence(
    make_checkpoint: CheckpointFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    registry = Registry.load()
    rng = random.Random(7)
    ckpts = tmp_path / "ckpts"
    make_checkpoint("sequence_classification", registry.task("xnli").labels, out=ckpts / "xnli")
    make_checkpoint("token_classification", registry.task("udpos").labels, out=ckpts / "udpos")
    data = tmp_path / "data"
    (data / "xnli").mkdir(parents=True)
    huge = " ".join(sentence(rng, 250_000))[:1_000_000]
    assert len(huge) == 1_000_000
    with (data / "xnli" / "test-de.tsv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t")
        writer.writerow([huge, "kurz", "neutral"])
        writer.writerow(["kurz", huge, "entailment"])
        writer.writerow(["a b", "c d", "contradiction"])
    (data / "udpos").mkdir()
    long_sentence = sentence(rng, 100_000)
    with (data / "udpos" / "test-de.tsv").open("w", encoding="utf-8") as fh:
        fh.writelines(f"{w}\tNOUN\n" for w in long_sentence)
        fh.write("\nDer\tDET\nHund\tNOUN\n")
    results = tmp_path / "results"
    args = ["--model", str(ckpts), "--data", str(data), "--tasks", "xnli,udpos", "--langs", "de"]
    args.append("--allow-nonstandard-data")  # three XNLI pairs, not the official 5,010
    code = main(["run", "--quiet", *args, "--results", str(results), "--device", "cpu"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    records = {r.task: r for r in ResultStore(results)}
    assert set(records) == {"xnli", "udpos"}
    assert records["xnli"].n == 3
    # Every word of the long sentence got a prediction: windowed, not truncated away.
    assert records["udpos"].n == 2
    assert len(records["udpos"].per_example["prediction"][0]) == 100_000
