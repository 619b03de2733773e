"""Score a folder of prediction files in the official XTREME submission layout.

`<predictions>/<task>/test-<lang>.<ext>` is scored against `<labels>/<task>/test-<lang>.<ext>`
(the card's `sources.official.labels_path`) with the card's metric, read the way the official
scorer (google-research/xtreme evaluate.py) reads them:

- lines (xnli, pawsx, tatoeba, bucc2018): one value per line, each line stripped, every line
  counted (a blank line inside a file is an empty label); bucc2018 lines are `src<TAB>tgt` pairs;
- jsonl (xcopa): one JSON object per non-blank line, its label field (a bare JSON value works too);
- tags (udpos, panx): one tag per line, a blank line ends a sentence (two blank lines make an
  empty sentence, as in the official `read_tag`);
- QA (xquad, mlqa, tydiqa): predictions `{question id: answer text}`, gold SQuAD JSON;
- ranked lists (mewslix, lareqa): predictions `{id: [candidate ids, best first]}`, gold
  `{id: [gold ids]}` (mewslix: a singleton list, stripped, as utils_mewslix.py reads it; lareqa,
  a harness convention since the official scorer does not score it: the relevant candidates).

Per task the output has the official scorer's shape, `{<metric>: {<lang>: score}, "avg_<metric>":
x, "avg_metric": x}`; then categories and an overall score under an explicit rule, and, apart,
the groups the official scorer would print (see docs/metrics.md for the differences).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from harness import __version__
from harness.errors import DataError
from harness.metrics.accuracy import accuracy_stats
from harness.metrics.qa import qa_stats
from harness.metrics.registry import metric_def
from harness.metrics.retrieval import bucc_sentence_columns, bucc_stats, map_stats, mrr_stats
from harness.metrics.span_f1 import span_f1_stats
from harness.registry import Registry
from harness.results import atomic_write_text
from harness.schema import Benchmark, Category, TaskCard

__all__ = [
    "OFFICIAL_GROUPS",
    "Evaluation",
    "TaskResult",
    "evaluate_predictions",
    "language_columns",
    "prediction_path",
    "summary_rows",
    "write_evaluation",
    "write_predictions",
]

Columns = dict[str, list[Any]]
CATEGORIES: tuple[str, ...] = get_args(Category)

# The official scorer's display groups. XTREME: evaluate.py GROUP2TASK, plus `all_task` when all
# nine tasks are present. XTREME-R: its retrieval group leaves lareqa out and it emits no
# overall score (facts recorded in shared/DESIGN.md).
OFFICIAL_GROUPS: dict[Benchmark, dict[str, tuple[str, ...]]] = {
    "xtreme": {
        "classification": ("pawsx", "xnli"),
        "tagging": ("udpos", "panx"),
        "qa": ("xquad", "mlqa", "tydiqa"),
        "retrieval": ("bucc2018", "tatoeba"),
    },
    "xtreme-r": {
        "classification": ("xnli", "xcopa"),
        "tagging": ("udpos", "panx"),
        "qa": ("xquad", "mlqa", "tydiqa"),
        "retrieval": ("tatoeba", "mewslix"),
    },
}
OFFICIAL_OVERALL: dict[Benchmark, bool] = {"xtreme": True, "xtreme-r": False}

# Where a card declares no label file (lareqa), its files follow the official naming with the
# extension its metric reads.
_DEFAULT_EXT = {"mrr": "json", "map": "json", "squad": "json", "mlqa": "json"}


# --------------------------------------------------------------------------- readers


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(1-based number, line) with universal newlines, as Python's text-mode iteration gives."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"{path}: cannot read ({exc.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{path}:{line}: not valid UTF-8") from None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the newline ending the last line does not start another one
    yield from enumerate(lines, start=1)


def read_lines(path: Path) -> list[str]:
    """Every line, stripped (evaluate.py `read_label`)."""
    return [line.strip() for _, line in _text_lines(path)]


def read_tags(path: Path) -> tuple[list[list[str]], list[int]]:
    """Sentences of tags (evaluate.py `read_tag`) and the line each sentence starts on."""
    sentences: list[list[str]] = []
    starts: list[int] = []
    current: list[str] = []
    start = 1
    for number, line in _text_lines(path):
        tag = line.strip()
        if tag:
            if not current:
                start = number
            current.append(tag)
        else:
            sentences.append(current)
            starts.append(start if current else number)
            current = []
    if current:
        sentences.append(current)
        starts.append(start)
    return sentences, starts


def read_jsonl_labels(path: Path, label_field: str) -> list[str]:
    """The label of each non-blank JSON line: `obj[label_field]`, or the value itself."""
    labels: list[str] = []
    for number, line in _text_lines(path):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{number}: not valid JSON ({exc.msg})") from None
        if isinstance(obj, dict):
            if label_field not in obj:
                raise DataError(f"{path}:{number}: no {label_field!r} field")
            obj = obj[label_field]
        if isinstance(obj, dict | list) or obj is None:
            raise DataError(f"{path}:{number}: the label is not a string or number")
        labels.append(str(obj).strip())
    return labels


def _load_json(path: Path) -> Any:
    text = "\n".join(line for _, line in _text_lines(path))
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None


def _json_object(path: Path) -> dict[str, Any]:
    obj = _load_json(path)
    if not isinstance(obj, dict):
        raise DataError(f"{path}:1: expected a JSON object mapping ids to predictions")
    return obj


def read_answers(path: Path) -> dict[str, str]:
    """QA predictions: {question id: answer text}."""
    answers = _json_object(path)
    for qid, text in answers.items():
        if not isinstance(text, str):
            raise DataError(f"{path}: the answer for id {qid!r} is not a string")
    return answers


def read_squad_gold(path: Path) -> list[tuple[str, list[str]]]:
    """(question id, answer texts) per question of a SQuAD-format file (`data` or a bare list)."""
    obj = _load_json(path)
    articles = obj.get("data") if isinstance(obj, dict) else obj
    if not isinstance(articles, list):
        raise DataError(f"{path}:1: expected SQuAD JSON (a `data` list of articles)")
    gold: list[tuple[str, list[str]]] = []
    try:
        for article in articles:
            for paragraph in article["paragraphs"]:
                for qa in paragraph["qas"]:
                    answers = [str(a["text"]) for a in qa["answers"]]
                    if not answers:
                        raise DataError(f"{path}: question {qa['id']!r} has no gold answers")
                    gold.append((str(qa["id"]), answers))
    except (KeyError, TypeError) as exc:
        raise DataError(f"{path}: not SQuAD JSON (missing or malformed {exc})") from None
    return gold


def read_ranked(path: Path) -> dict[str, list[str]]:
    """{id: [ids, best first]} (predictions, and gold for the ranking tasks)."""
    ranked = _json_object(path)
    for key, value in ranked.items():
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DataError(f"{path}: the value for id {key!r} is not a list of strings")
    return ranked


# --------------------------------------------------------------------------- one language


def _check_same_length(pred_path: Path, n_pred: int, n_gold: int, what: str) -> None:
    if n_pred != n_gold:
        raise DataError(f"{pred_path}: {n_pred} {what} for {n_gold} in the gold file")


def _tag_columns(pred_path: Path, gold_path: Path) -> Columns:
    preds, pred_starts = read_tags(pred_path)
    gold, _ = read_tags(gold_path)
    _check_same_length(pred_path, len(preds), len(gold), "sentences")
    for i, (p, g) in enumerate(zip(preds, gold, strict=True)):
        if len(p) != len(g):
            raise DataError(
                f"{pred_path}:{pred_starts[i]}: sentence {i + 1} has {len(p)} tags, "
                f"the gold sentence {len(g)}"
            )
    stats = span_f1_stats(preds, gold)
    return {"id": [str(i) for i in range(len(gold))], **stats.columns()}


def language_columns(card: TaskCard, pred_path: Path, gold_path: Path, lang: str) -> Columns:
    """Per-example columns for one language file (the metric's columns plus `id`).

    Raises:
        DataError: a file is unreadable or malformed (naming the file and, where it has one,
            the line), or the two files do not line up.
    """
    name = card.metric.name
    if name in ("accuracy", "tatoeba_accuracy"):
        if card.sources.official.labels_format == "jsonl":
            label_field = card.label_field or "label"
            preds = read_jsonl_labels(pred_path, label_field)
            gold = read_jsonl_labels(gold_path, label_field)
        else:
            preds, gold = read_lines(pred_path), read_lines(gold_path)
        _check_same_length(pred_path, len(preds), len(gold), "predictions")
        return {
            "id": [str(i) for i in range(len(gold))],
            "prediction": preds,
            "correct": accuracy_stats(preds, gold),
        }
    if name == "span_f1":
        return _tag_columns(pred_path, gold_path)
    if name in ("squad", "mlqa"):
        qa = qa_stats(read_answers(pred_path), read_squad_gold(gold_path), name, lang)
        return dict(qa.columns())
    if name == "bucc_f1":
        return bucc_sentence_columns(bucc_stats(read_lines(pred_path), read_lines(gold_path)))
    if name == "mrr":
        gold_lists = read_ranked(gold_path)
        empty = [k for k, v in gold_lists.items() if not v]
        if empty:
            raise DataError(f"{gold_path}: id {empty[0]!r} has no gold entity")
        rr = mrr_stats(read_ranked(pred_path), {k: v[0].strip() for k, v in gold_lists.items()})
        return {"id": rr.id, "reciprocal_rank": rr.score, "answered": rr.answered}
    if name == "map":
        ap = map_stats(read_ranked(pred_path), read_ranked(gold_path))
        return {"id": ap.id, "average_precision": ap.score, "answered": ap.answered}
    raise DataError(f"task {card.name!r}: no prediction-file reader for metric {name!r}")


# --------------------------------------------------------------------------- a whole folder


def _relative_pattern(card: TaskCard) -> str:
    pattern = card.sources.official.labels_path
    if pattern is None:
        pattern = f"{card.name}/test-{{lang}}.{_DEFAULT_EXT.get(card.metric.name, 'tsv')}"
    return pattern


@dataclass(frozen=True)
class TaskResult:
    """One task's scores in the official shape, and what was missing.

    Attributes:
        scores: official metric name -> language -> score (0-100), for the languages scored.
        averages: `avg_<metric>` -> mean over the languages scored, and `avg_metric` (the
            card's main score averaged over languages; QA: (avg EM + avg F1) / 2).
        missing: the language files (relative paths) absent from the predictions and/or labels.
        n: language -> number of scored examples.
    """

    task: str
    category: str
    scores: dict[str, dict[str, float]]
    averages: dict[str, float]
    missing: tuple[str, ...]
    n: dict[str, int]

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def avg_metric(self) -> float:
        return self.averages["avg_metric"]

    def official_shape(self) -> dict[str, Any]:
        return {**self.scores, **self.averages}


@dataclass(frozen=True)
class Evaluation:
    """Everything `harness evaluate-predictions` reports."""

    benchmark: Benchmark
    tasks: dict[str, TaskResult]
    categories: dict[str, dict[str, Any]]
    overall: dict[str, Any]
    official: dict[str, float]
    skipped: dict[str, str]
    notes: list[str] = field(default_factory=list)

    @property
    def incomplete(self) -> dict[str, tuple[str, ...]]:
        return {t: r.missing for t, r in self.tasks.items() if not r.complete}

    def to_json(self) -> dict[str, Any]:
        return {
            "benchmark": self.benchmark,
            "harness_version": __version__,
            "tasks": {t: r.official_shape() for t, r in self.tasks.items()},
            "categories": self.categories,
            "overall": self.overall,
            "official_groups": self.official,
            "incomplete": {t: list(m) for t, m in self.incomplete.items()},
            "skipped": self.skipped,
            "notes": self.notes,
        }


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


def _score_task(
    card: TaskCard, benchmark: Benchmark, pred_dir: Path, gold_dir: Path, notes: list[str]
) -> TaskResult:
    pattern = _relative_pattern(card)
    mdef = metric_def(card.metric.name)
    scores: dict[str, dict[str, float]] = {m: {} for m in card.metric.reported}
    main: dict[str, float] = {}
    missing: list[str] = []
    n: dict[str, int] = {}
    for lang in card.languages_for(benchmark):
        rel = pattern.format(lang=lang)
        pred_path, gold_path = pred_dir / rel, gold_dir / rel
        absent = [
            side
            for side, p in (("predictions", pred_path), ("labels", gold_path))
            if not p.is_file()
        ]
        if absent:
            missing.append(rel if len(absent) == 2 else f"{rel} (not in the {absent[0]})")
            continue
        columns = language_columns(card, pred_path, gold_path, lang)
        lang_scores = mdef.scores(columns)
        for metric in card.metric.reported:
            scores[metric][lang] = lang_scores[metric]
        main[lang] = lang_scores[card.metric.main]
        n[lang] = len(columns["id"])
        if "answered" in columns:
            unanswered = n[lang] - sum(columns["answered"])
            if unanswered:
                notes.append(f"{card.name}.{lang}: {unanswered} gold ids without a prediction")
    averages: dict[str, float] = {}
    if main:
        for metric, by_lang in scores.items():
            averages[f"avg_{metric}"] = _mean(list(by_lang.values()))
        if card.metric.main in card.metric.reported:
            averages["avg_metric"] = averages[f"avg_{card.metric.main}"]
        elif {"exact_match", "f1"} <= set(card.metric.reported):
            averages["avg_metric"] = (averages["avg_exact_match"] + averages["avg_f1"]) / 2
        else:
            averages["avg_metric"] = _mean(list(main.values()))
    return TaskResult(card.name, card.category, scores, averages, tuple(missing), n)


def _group(tasks: Sequence[str], results: Mapping[str, TaskResult]) -> dict[str, Any]:
    absent = [t for t in tasks if t not in results or not results[t].complete]
    score = None if absent else _mean([results[t].avg_metric for t in tasks])
    return {"score": score, "tasks": list(tasks), "missing": absent}


def evaluate_predictions(
    predictions: Path, labels: Path, benchmark: Benchmark, registry: Registry | None = None
) -> Evaluation:
    """Score every task of `benchmark` whose folder is in both `predictions` and `labels`.

    A task folder absent from either side is skipped with a note; a language file absent from
    a present task is listed (all of them) and the task is marked incomplete, its averages
    taken over the languages present and left out of category and overall scores.

    Raises:
        DataError: a folder is missing, or a file is unreadable or malformed.
    """
    for what, folder in (("predictions", predictions), ("labels", labels)):
        if not folder.is_dir():
            raise DataError(f"{folder}: {what} folder not found")
    registry = registry or Registry.load()
    cards = {n: e.model for n, e in registry.tasks.items() if benchmark in e.model.benchmarks}
    notes: list[str] = []
    skipped: dict[str, str] = {}
    results: dict[str, TaskResult] = {}
    for name, card in cards.items():
        if not (predictions / name).is_dir():
            skipped[name] = f"no {name}/ folder in the predictions"
        elif not (labels / name).is_dir():
            skipped[name] = f"no {name}/ folder in the labels"
        else:
            results[name] = _score_task(card, benchmark, predictions, labels, notes)
    for extra in sorted(p.name for p in predictions.iterdir() if p.is_dir()):
        if extra not in cards:
            where = "not a task" if extra not in registry.tasks else f"not in {benchmark}"
            notes.append(f"{extra}/ ignored: {where}")

    by_category = {c: [n for n, card in cards.items() if card.category == c] for c in CATEGORIES}
    categories = {c: _group(tasks, results) for c, tasks in by_category.items() if tasks}
    overall = {"mode": "task_mean", **_group(list(cards), results)}

    complete = {t for t, r in results.items() if r.complete}
    official: dict[str, float] = {}
    groups = OFFICIAL_GROUPS[benchmark]
    if OFFICIAL_OVERALL[benchmark] and complete >= set(cards):
        official["all_task"] = _mean([results[t].avg_metric for t in cards])
    for group, tasks in groups.items():
        if set(tasks) <= complete:
            official[group] = _mean([results[t].avg_metric for t in tasks])
    return Evaluation(benchmark, results, categories, overall, official, skipped, notes)


def write_evaluation(evaluation: Evaluation, path: Path) -> None:
    """Write the evaluation as JSON atomically: readers see the old file or the whole new one."""
    atomic_write_text(path, json.dumps(evaluation.to_json(), indent=1, ensure_ascii=False) + "\n")


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def summary_rows(evaluation: Evaluation) -> list[list[str]]:
    """Rows (score, value, status) for the terminal: tasks, categories, overall, official."""
    rows: list[list[str]] = []
    for task, result in evaluation.tasks.items():
        status = "complete" if result.complete else f"incomplete ({len(result.n)} langs)"
        rows.append([task, _fmt(result.averages.get("avg_metric")), status])
    for task, reason in evaluation.skipped.items():
        rows.append([task, "-", f"skipped: {reason}"])
    for category, group in evaluation.categories.items():
        status = f"missing {', '.join(group['missing'])}" if group["missing"] else ""
        rows.append([f"[{category}]", _fmt(group["score"]), status])
    overall = evaluation.overall
    status = f"missing {', '.join(overall['missing'])}" if overall["missing"] else ""
    rows.append([f"overall ({overall['mode']})", _fmt(overall["score"]), status])
    for name, value in evaluation.official.items():
        rows.append([f"official {name}", _fmt(value), ""])
    return rows


# --------------------------------------------------------------------------- writing predictions


def prediction_path(card: TaskCard, lang: str) -> str:
    """The file of one language in the official submission layout, relative to its folder."""
    return _relative_pattern(card).format(lang=lang)


def _prediction_text(card: TaskCard, predictions: Sequence[Any], ids: Sequence[str]) -> str:
    name = card.metric.name
    if name in ("accuracy", "tatoeba_accuracy"):
        if card.sources.official.labels_format == "jsonl":
            field = card.label_field or "label"
            return "".join(json.dumps({field: int(p)}) + "\n" for p in predictions)
        return "".join(f"{p}\n" for p in predictions)
    if name == "span_f1":
        return "".join("".join(f"{tag}\n" for tag in tags) + "\n" for tags in predictions)
    if name in ("squad", "mlqa"):
        answers = dict(zip(ids, (str(p) for p in predictions), strict=True))
        return json.dumps(answers, ensure_ascii=False, indent=1) + "\n"
    if name in ("mrr", "map"):
        ranked = {i: [str(c) for c in p] for i, p in zip(ids, predictions, strict=True)}
        return json.dumps(ranked, ensure_ascii=False, indent=1) + "\n"
    if name == "bucc_f1":  # one `src<TAB>tgt` line per mined pair
        return "".join(f"{i}\t{p}\n" for i, p in zip(ids, predictions, strict=True) if p)
    raise DataError(f"task {card.name!r}: writing {name!r} predictions is not implemented yet")


def write_predictions(
    card: TaskCard, lang: str, ids: Sequence[str], predictions: Sequence[Any], folder: Path
) -> Path:
    """Write one language's predictions in the official submission layout, atomically.

    `evaluate_predictions` on the folder then gives the same scores the run recorded.

    Returns:
        The file written (`<folder>/<task>/test-<lang>.<ext>`).
    """
    path = folder / prediction_path(card, lang)
    atomic_write_text(path, _prediction_text(card, predictions, ids))
    return path
