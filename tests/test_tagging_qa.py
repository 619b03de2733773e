"""Tagging and extractive QA end to end on tiny checkpoints and hand-made official-layout data."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import torch

from harness.cli import main
from harness.data.examples import Example
from harness.families.base import TIE_TOLERANCE, argmax_rows_with_ties, argmax_with_ties
from harness.families.qa import best_span
from harness.families.tagging import Tagging, word_windows
from harness.models.loading import load_checkpoint
from harness.registry import Registry
from harness.results import ResultStore
from harness.schema import QASpec

CheckpointFactory = Callable[..., Path]


def test_word_windows_cover_every_word_once() -> None:
    assert word_windows([3, 3, 3, 3], 7) == [(0, 2), (2, 4)]
    assert word_windows([10, 1, 1], 4) == [(0, 1), (1, 3)]  # an over-long word stands alone
    assert word_windows([], 5) == []
    assert word_windows([1] * 5, 100) == [(0, 5)]


def test_rows_argmax_matches_one_row_at_a_time() -> None:
    """The tagger decodes a window's words in one pass; each row must get what the one-row
    rule gives, ties within the tolerance going to the lowest index."""
    g = torch.Generator().manual_seed(0)
    scores = torch.randint(-2, 3, (200, 7), generator=g).float()  # many exact ties
    scores[::3] += TIE_TOLERANCE / 2 * torch.rand(scores[::3].shape, generator=g)  # near ties
    scores[5] = torch.tensor([0.0, 1.0, 1.0 + 2 * TIE_TOLERANCE, 1.0, 0.0, 0.0, 0.0])
    rows = argmax_rows_with_ties(scores)
    lowest_tied = [
        min(i for i, v in enumerate(row) if v >= max(row) - TIE_TOLERANCE)
        for row in scores.tolist()
    ]
    assert rows == lowest_tied == [argmax_with_ties(row) for row in scores]
    assert rows[5] == 2  # outside the tolerance, not a tie
    assert argmax_with_ties(torch.tensor([3.0, 3.0 + TIE_TOLERANCE / 2, 1.0])) == 0
    assert argmax_rows_with_ties(torch.zeros((0, 4))) == []


def test_tagging_gives_an_empty_sentence_no_tags(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    """Every sentence of a cell is counted in one tokenizer call; an empty one among them
    gets no tags and leaves its neighbours' tags as they are alone."""
    card = Registry.load().task("udpos")
    ckpt = make_checkpoint("token_classification", card.labels, out=tmp_path / "ck", seed=3)
    loaded = load_checkpoint(ckpt, "token_classification", list(card.labels), device="cpu")
    field = card.field_names[0]
    first = Example("0", {field: ("Der", "Hund", "bellt")})
    empty = Example("1", {field: ()})
    last = Example("2", {field: ("Katze",)})
    tagging = Tagging()
    together = tagging.predict(loaded, card, [first, empty, last], None)
    assert [len(tags) for tags in together] == [3, 0, 1]
    alone = [tagging.predict(loaded, card, [e], None)[0] for e in (first, empty, last)]
    assert together == alone


def test_best_span_respects_context_and_length() -> None:
    scores = torch.zeros(8, 2)
    scores[1, 0] = 9.0  # a start outside the context: never chosen
    scores[3, 0], scores[5, 1] = 2.0, 2.0
    scores[5:, 0] = -10.0
    scores[7, 1] = 5.0  # too far from any good start for max_answer_length=3
    span = best_span(scores, [3, 4, 5, 6, 7], QASpec(max_answer_length=3, n_best=5))
    assert span is not None and span[1:] == (3, 5)
    assert best_span(scores, [], QASpec()) is None


def write_udpos(root: Path, sentences: list[list[tuple[str, str]]]) -> None:
    path = root / "udpos" / "test-de.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "\n".join("\n".join(f"{w}\t{t}" for w, t in s) + "\n" for s in sentences),
        encoding="utf-8",
    )


def test_tagging_predicts_every_word_of_long_sentences(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    card = Registry.load().task("udpos")
    ckpt = make_checkpoint("token_classification", card.labels, out=tmp_path / "ck", seed=3)
    nouns = ["Haus", "Baum", "Katze", "Garten", "Stadt", "Fenster", "Wolke", "Brücke"]
    long_sentence = [(nouns[i % 8], "NOUN") for i in range(300)]  # far past 128 sub-words
    write_udpos(tmp_path / "data", [[("Der", "DET"), ("Hund", "NOUN")], long_sentence])
    summary = tmp_path / "s.json"
    assert (
        main(
            [
                "run",
                "--quiet",
                "--model",
                str(ckpt),
                "--tasks",
                "udpos",
                "--langs",
                "de",
                "--data",
                str(tmp_path / "data"),
                "--profile",
                "typo-20",
                "--results",
                str(tmp_path / "r"),
                "--json",
                str(summary),
            ]
        )
        == 0
    )
    records = {r.profile: r for r in ResultStore(tmp_path / "r")}
    for record in records.values():
        predictions = record.per_example["prediction"]
        assert [len(p) for p in predictions] == [2, 300]
        assert all(tag in card.labels for p in predictions for tag in p)
        assert set(record.scores) == {"f1", "precision", "recall", "accuracy"}
        assert record.main == record.scores["f1"]
    assert records["typo-20"].noise.changed_fraction > 0


def test_qa_answers_are_context_substrings(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    ckpt = make_checkpoint("question_answering", out=tmp_path / "ck", seed=5)
    context = " ".join(["Der schnelle braune Fuchs springt über den faulen Hund."] * 40)
    qas = [
        {"id": f"q{i}", "question": q, "answers": [{"text": "Fuchs", "answer_start": 17}]}
        for i, q in enumerate(["Wer springt?", "Was ist braun?", "Wo ist der Hund?"])
    ]
    doc = {"data": [{"title": "t", "paragraphs": [{"context": context, "qas": qas}]}]}
    path = tmp_path / "data" / "xquad" / "test-de.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert (
        main(
            [
                "run",
                "--quiet",
                "--model",
                str(ckpt),
                "--tasks",
                "xquad",
                "--langs",
                "de",
                "--data",
                str(tmp_path / "data"),
                "--profile",
                "typo-40",
                "--results",
                str(tmp_path / "r"),
                "--allow-nonstandard-data",  # three questions, not XQuAD's 1,190
            ]
        )
        == 0
    )
    for record in ResultStore(tmp_path / "r"):
        assert record.per_example["id"] == ["q0", "q1", "q2"]
        for answer in record.per_example["prediction"]:
            assert answer in context
        assert set(record.scores) == {"exact_match", "f1", "em_f1_mean"}
        assert record.main == pytest.approx(
            (record.scores["exact_match"] + record.scores["f1"]) / 2
        )
