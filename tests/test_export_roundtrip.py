"""Round trip: `harness run --export-predictions`, then `evaluate-predictions`, same numbers."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from harness.cli import main
from harness.data import load_task_data
from harness.predictions import evaluate_predictions, write_predictions
from harness.registry import Registry
from harness.results import ResultStore

CheckpointFactory = Callable[..., Path]


def stored_scores(results: Path) -> dict[tuple[str, str, str], dict[str, float]]:
    return {(r.task, r.language, r.profile): r.scores for r in ResultStore(results)}


def test_roundtrip_on_samples(make_checkpoint: CheckpointFactory, tmp_path: Path) -> None:
    registry = Registry.load()
    xnli = registry.task("xnli")
    ckpt = tmp_path / "ck"
    make_checkpoint("sequence_classification", xnli.labels, out=ckpt / "xnli", seed=2)
    make_checkpoint("multiple_choice", out=ckpt / "xcopa", seed=2)
    langs = {"xnli": ["de", "zh"], "xcopa": ["ta", "th"]}
    assert (
        main(
            [
                "run",
                "--quiet",
                "--model",
                str(ckpt),
                "--data",
                "samples",
                "--tasks",
                "xnli,xcopa",
                "--langs",
                "de,zh,ta,th",
                "--profile",
                "typo-20",
                "--results",
                str(tmp_path / "r"),
                "--export-predictions",
                str(tmp_path / "pred"),
            ]
        )
        == 0
    )
    # Gold labels in the official label layout, written from the bundled samples.
    labels = tmp_path / "labels"
    for task, task_langs in langs.items():
        card = registry.task(task)
        for lang in task_langs:
            ds = load_task_data(card, lang, "samples")
            write_predictions(
                card, lang, [e.id for e in ds.examples], [e.label for e in ds.examples], labels
            )
    scores = stored_scores(tmp_path / "r")
    for profile in ("clean", "typo-20"):
        evaluation = evaluate_predictions(tmp_path / "pred" / profile, labels, "xtreme-r")
        for task, task_langs in langs.items():
            per_lang = evaluation.tasks[task].scores["accuracy"]
            for lang in task_langs:
                assert per_lang[lang] == pytest.approx(scores[(task, lang, profile)]["accuracy"])


def trimmed_xquad(source: Path, target: Path, questions: int) -> None:
    """The first `questions` questions of a real XQuAD file, as a smaller file of the same shape."""
    doc = json.loads(source.read_text(encoding="utf-8"))
    kept, left = [], questions
    for article in doc["data"]:
        paragraphs = []
        for paragraph in article["paragraphs"]:
            if left <= 0:
                break
            qas = paragraph["qas"][:left]
            left -= len(qas)
            paragraphs.append({**paragraph, "qas": qas})
        if paragraphs:
            kept.append({**article, "paragraphs": paragraphs})
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"data": kept}, ensure_ascii=False), encoding="utf-8")


@pytest.mark.realdata
def test_roundtrip_on_real_xquad(
    make_checkpoint: CheckpointFactory, tmp_path: Path, realdata: Path
) -> None:
    data = tmp_path / "download"
    trimmed_xquad(
        realdata / "download" / "xquad" / "test-de.json",
        data / "xquad" / "test-de.json",
        questions=40,
    )
    ckpt = make_checkpoint("question_answering", out=tmp_path / "ck", seed=4)
    assert (
        main(
            [
                "run",
                "--quiet",
                "--model",
                str(ckpt),
                "--data",
                str(data),
                "--tasks",
                "xquad",
                "--langs",
                "de",
                "--profile",
                "typo-10",
                "--results",
                str(tmp_path / "r"),
                "--export-predictions",
                str(tmp_path / "pred"),
                "--allow-nonstandard-data",  # 40 of the 1,190 questions
            ]
        )
        == 0
    )
    answers = json.loads((tmp_path / "pred" / "clean" / "xquad" / "test-de.json").read_text())
    assert len(answers) == 40
    scores = stored_scores(tmp_path / "r")
    for profile in ("clean", "typo-10"):
        # The download file keeps its answers, so its folder is the gold label folder too.
        evaluation = evaluate_predictions(tmp_path / "pred" / profile, data, "xtreme-r")
        result = evaluation.tasks["xquad"].scores
        assert result["exact_match"]["de"] == pytest.approx(
            scores[("xquad", "de", profile)]["exact_match"]
        )
        assert result["f1"]["de"] == pytest.approx(scores[("xquad", "de", profile)]["f1"])


def test_roundtrip_on_retrieval_samples(make_checkpoint: CheckpointFactory, tmp_path: Path) -> None:
    """tatoeba, mewslix and bucc2018: the bundled samples keep their gold in the official
    label layout, so the samples folder is the label folder."""
    from harness import paths

    ckpt = make_checkpoint("sequence_classification", ["a", "b"], out=tmp_path / "ck", seed=6)
    tasks = "tatoeba,mewslix,bucc2018"
    assert (
        main(
            [
                "run",
                "--quiet",
                "--model",
                str(ckpt),
                "--data",
                "samples",
                "--tasks",
                tasks,
                "--layer",
                "-1",
                "--profile",
                "typo-10",
                "--results",
                str(tmp_path / "r"),
                "--export-predictions",
                str(tmp_path / "pred"),
            ]
        )
        == 0
    )
    scores = stored_scores(tmp_path / "r")
    for profile in ("clean", "typo-10"):
        evaluation = evaluate_predictions(
            tmp_path / "pred" / profile, paths.samples_dir(), "xtreme-r"
        )
        for (task, lang, prof), stored in scores.items():
            if prof != profile or task == "bucc2018":
                continue
            metric = next(iter(evaluation.tasks[task].scores))
            assert evaluation.tasks[task].scores[metric][lang] == pytest.approx(stored[metric]), (
                task,
                lang,
                profile,
            )
    xtreme = {
        profile: evaluate_predictions(tmp_path / "pred" / profile, paths.samples_dir(), "xtreme")
        for profile in ("clean", "typo-10")
    }
    for (task, lang, prof), stored in scores.items():
        if task == "bucc2018":
            assert xtreme[prof].tasks[task].scores["f1"][lang] == pytest.approx(stored["f1"])


def test_a_ranked_cell_served_from_the_store_is_not_exported_half(tmp_path: Path) -> None:
    """The store keeps a Mewsli-X query's top candidate, not its ranked list: exporting a cell
    served from it is refused in one line, rather than writing lists of one."""
    from types import SimpleNamespace

    from harness.commands import _export
    from harness.errors import ConfigError

    record = SimpleNamespace(
        task="mewslix",
        language="de",
        profile="clean",
        per_example={"id": ["a"], "prediction": ["Q1"], "relevant_at": [1]},
    )
    report = SimpleNamespace(results=[record], rankings={}, registry=Registry.load())
    with pytest.raises(ConfigError, match="served from the result store"):
        _export(report, tmp_path / "pred")
    assert not (tmp_path / "pred").exists()
    report.rankings = {("mewslix", "de", "clean"): (("Q1", "Q2"),)}
    _export(report, tmp_path / "pred")
    written = json.loads((tmp_path / "pred/clean/mewslix/test-de.json").read_text("utf-8"))
    assert written == {"a": ["Q1", "Q2"]}
