"""Result-store bytes per example, per family, on cells of the real XTREME-R sizes.

    python benchmarks/store_size.py [--scale 1.0] [--zstd-level N] [--json FILE]

For one language of every task, a clean record and one per typo profile (typo-5/10/20/40, as
a full run writes) are generated at the size of a real test set (one language's published
count; `--scale` multiplies it), written to a fresh result store through `ResultStore.put`, and
measured on disk: the JSON record, its Parquet columns file and its share of the ids file the
cell's records share (ids other than "0".."n-1" are kept once per checkpoint, task and
language), divided by the examples. The version-1 layout (one JSON file holding the columns
too) of the same records is given beside it.

The columns are what the families put in `per_example`, with values drawn to look like a model's
(seeded, so every run writes the same bytes):

- xnli 5,010 / pawsx 2,000 / xcopa 500: a label per example (accuracy 0.75 / 0.85 / 0.6),
  `correct`, `changed`; ids positional.
- udpos 1,000 sentences of ~18 tokens (17 UPOS tags, token accuracy 0.9) and panx 10,000
  sentences of ~8 tokens (IOB2, mostly O): a tag list per sentence and five chunk/token counts.
- xquad 1,190 (24-hex ids), mlqa 5,000 (40-hex ids), tydiqa 1,000 (`<language>-<19 digits>-0`
  ids): an answer of one to five words from a 20,000-word generated vocabulary, em, f1,
  answered.
- tatoeba 1,000: the retrieved line's number as a string (accuracy 0.5), `correct`.
- bucc2018 400,000 source sentences (`de-000000001` ids; 2.3% have a gold pair, 60% of those
  are found): the mined target id or "", and n_gold / n_pred / n_correct.
- mewslix 2,500 mentions (32-hex ids) ranked against 1,003,893 entities (`Q<number>`, drawn
  log-uniformly, so popular entities repeat), ranked 20 deep: the top id, `relevant_at` (the
  ranks holding the gold, a bit mask) and `reciprocal_rank`.
- lareqa 1,190 questions (24-hex ids) against 13,014 candidates (`<lang>_<paragraph>_<pos>`):
  20 ranked, some of the 11 relevant ones among them: the top id, `relevant_at` and
  `average_precision`.

typo-10 marks an example changed with the share a typo-10 run changes for that task's lengths
(the other rates with `changed_share`), and redraws the prediction of 15% of the changed ones
(the rest keep the clean prediction, as unchanged-by-the-model examples do).

Another script gets the same figure for any store with
`harness.results.ResultStore(root).usage().bytes_per_example`; `measure()` here returns the rows.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from harness import results
from harness.families.retrieval import relevant_mask
from harness.results import ResultStore, signature
from harness.schema import RunResult

Row = dict[str, Any]
#: UD's 17 tags, most frequent first
UPOS = ("NOUN", "PUNCT", "VERB", "ADP", "DET", "PROPN", "ADJ", "PRON", "ADV", "AUX", "CCONJ")
UPOS += ("NUM", "PART", "SCONJ", "X", "SYM", "INTJ")
LAREQA_LANGS = ("ar", "de", "el", "en", "es", "hi", "ru", "th", "tr", "vi", "zh")
ENTITIES = ("PER", "ORG", "LOC")
NLI = ("contradiction", "entailment", "neutral")


@dataclass(frozen=True)
class Task:
    """How one task's cells are drawn.

    Attributes:
        name, family: the task card's.
        n: examples in one language's test set.
        changed: the share of examples typo-10 changes.
        ids: example ids for n examples (None: positional, "0".."n-1").
        gold: draws the gold of one example.
        row: draws a prediction and its statistics for a gold.
        one_id_set: the ids are the same in every language (one question set translated:
            XQuAD, LAReQA), so the store keeps one ids file for all of them.
    """

    name: str
    family: str
    n: int
    changed: float
    ids: Callable[[random.Random, int], list[str]] | None
    gold: Callable[[random.Random], Any]
    row: Callable[[random.Random, Any], Row]
    one_id_set: bool = False


def _log_uniform(rng: random.Random, size: int) -> int:
    """0..size-1, small numbers far more often (popular entities, frequent words)."""
    return min(size - 1, int(size ** rng.random()) - 1)


def _hex_ids(width: int) -> Callable[[random.Random, int], list[str]]:
    return lambda rng, n: [f"{rng.getrandbits(4 * width):0{width}x}" for _ in range(n)]


def _vocabulary(size: int = 20_000) -> list[str]:
    rng = random.Random("vocabulary")
    syllables = [c + v for c in "bcdfghklmnprstvwz" for v in "aeiou"] + ["an", "er", "in", "os"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(1, 4))) for _ in range(size)]


WORDS = _vocabulary()


def _labels(labels: Sequence[str], accuracy: float) -> Callable[[random.Random, Any], Row]:
    def row(rng: random.Random, gold: Any) -> Row:
        pred = gold if rng.random() < accuracy else rng.choice([x for x in labels if x != gold])
        return {"prediction": pred, "correct": int(pred == gold)}

    return row


def _chunks(tags: Sequence[str]) -> int:
    return sum(1 for i, t in enumerate(tags) if t != "O" and (i == 0 or tags[i - 1] != t))


def _tags(tagset: Sequence[str], accuracy: float) -> Callable[[random.Random, Any], Row]:
    def row(rng: random.Random, gold: Any) -> Row:
        pred = [g if rng.random() < accuracy else rng.choice(tagset) for g in gold]
        agree = sum(p == g for p, g in zip(pred, gold, strict=True))
        return {
            "prediction": pred,
            "n_correct_chunks": min(_chunks(pred), _chunks(gold), agree),
            "n_pred_chunks": _chunks(pred),
            "n_gold_chunks": _chunks(gold),
            "n_correct_tokens": agree,
            "n_tokens": len(gold),
        }

    return row


def _panx_gold(rng: random.Random) -> list[str]:
    tags: list[str] = []
    while len(tags) < max(2, int(rng.gauss(8, 4))):
        if rng.random() < 0.2:
            kind = rng.choice(ENTITIES)
            tags += [f"B-{kind}"] + [f"I-{kind}"] * rng.randint(0, 2)
        else:
            tags.append("O")
    return tags


def _answer(rng: random.Random) -> str:
    return " ".join(WORDS[_log_uniform(rng, len(WORDS))] for _ in range(rng.randint(1, 5)))


def _qa_row(rng: random.Random, gold: Any) -> Row:
    if rng.random() < 0.6:
        pred = gold
    elif rng.random() < 0.5:  # a partial span
        words = gold.split()
        pred = " ".join([*words[: rng.randint(1, len(words))], WORDS[_log_uniform(rng, 9999)]])
    else:
        pred = _answer(rng)
    p, g = pred.split(), gold.split()
    common = sum(min(p.count(w), g.count(w)) for w in set(p))
    f1 = 0.0 if not common else 2 * common / (len(p) + len(g))
    return {"prediction": pred, "em": int(pred == gold), "f1": f1, "answered": 1}


def _tatoeba_row(rng: random.Random, gold: Any) -> Row:
    pred = gold if rng.random() < 0.5 else str(rng.randrange(1000))
    return {"prediction": pred, "correct": int(pred == gold)}


def _bucc_gold(rng: random.Random) -> str | None:
    return f"en-{rng.randrange(400_000):09d}" if rng.random() < 0.023 else None


def _bucc_row(rng: random.Random, gold: Any) -> Row:
    if gold is not None and rng.random() < 0.6:
        pred = gold
    elif rng.random() < 0.005:
        pred = f"en-{rng.randrange(400_000):09d}"
    else:
        pred = ""
    return {
        "prediction": pred,
        "n_gold": int(gold is not None),
        "n_pred": int(bool(pred)),
        "n_correct": int(bool(pred) and pred == gold),
    }


def _ranked(rng: random.Random, draw: Callable[[], str], relevant: Sequence[str]) -> list[str]:
    """Top 20: draws, with some relevant ids placed at chance ranks."""
    top: list[str] = []
    while len(top) < 20:
        candidate = draw()
        if candidate not in top and candidate not in relevant:
            top.append(candidate)
    for hit in relevant:
        if rng.random() < 0.6:
            top.insert(min(len(top), int(rng.expovariate(0.4))), hit)
    return top[:20]


def _mewslix_row(rng: random.Random, gold: Any) -> Row:
    top = _ranked(rng, lambda: f"Q{_log_uniform(rng, 1_003_893) + 1}", [gold])
    rank = top.index(gold) + 1 if gold in top else 0
    return {
        "prediction": top[0],
        "relevant_at": relevant_mask(top, [gold]),
        "reciprocal_rank": 1.0 / rank if rank else 0.0,
    }


def _lareqa_gold(rng: random.Random) -> list[str]:
    paragraph, pos = rng.randrange(48), rng.randrange(25)
    return [f"{lang}_{paragraph}_{pos}" for lang in LAREQA_LANGS]


def _lareqa_row(rng: random.Random, gold: Any) -> Row:
    top = _ranked(
        rng, lambda: f"{rng.choice(LAREQA_LANGS)}_{rng.randrange(48)}_{rng.randrange(25)}", gold
    )
    hits, total = 0, 0.0
    for rank, candidate in enumerate(top, start=1):
        if candidate in gold:
            hits += 1
            total += hits / rank
    return {
        "prediction": top[0],
        "relevant_at": relevant_mask(top, gold),
        "n_relevant": len(gold),
        "average_precision": total / len(gold),
    }


TASKS = (
    Task(
        "xnli",
        "classification",
        5010,
        0.93,
        None,
        lambda r: r.choice(NLI),
        _labels(NLI, 0.75),
    ),
    Task(
        "pawsx", "classification", 2000, 0.95, None, lambda r: r.choice("01"), _labels("01", 0.85)
    ),
    Task("xcopa", "multiple_choice", 500, 0.85, None, lambda r: r.choice("01"), _labels("01", 0.6)),
    Task(
        "udpos",
        "tagging",
        1000,
        0.8,
        None,
        lambda r: [UPOS[_log_uniform(r, 17)] for _ in range(max(1, int(r.gauss(18, 8))))],
        _tags(UPOS, 0.9),
    ),
    Task(
        "panx",
        "tagging",
        10_000,
        0.5,
        None,
        _panx_gold,
        _tags(["O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC"], 0.9),
    ),
    Task("xquad", "qa", 1190, 0.65, _hex_ids(24), _answer, _qa_row, one_id_set=True),
    Task("mlqa", "qa", 5000, 0.65, _hex_ids(40), _answer, _qa_row),
    Task(
        "tydiqa",
        "qa",
        1000,
        0.65,
        lambda r, n: [f"arabic-{r.randrange(10**18, 10**19)}-0" for _ in range(n)],
        _answer,
        _qa_row,
    ),
    Task("tatoeba", "retrieval", 1000, 0.57, None, lambda r: str(r.randrange(1000)), _tatoeba_row),
    Task(
        "bucc2018",
        "retrieval",
        400_000,
        0.7,
        lambda r, n: [f"de-{i + 1:09d}" for i in range(n)],
        _bucc_gold,
        _bucc_row,
    ),
    Task(
        "mewslix",
        "retrieval",
        2500,
        0.9,
        _hex_ids(32),
        lambda r: f"Q{_log_uniform(r, 1_003_893) + 1}",
        _mewslix_row,
    ),
    Task(
        "lareqa", "retrieval", 1190, 0.65, _hex_ids(24), _lareqa_gold, _lareqa_row, one_id_set=True
    ),
)


def changed_share(task: Task, profile: str) -> float:
    """The share of examples a word-unit `typo-N` profile changes: typo-10's share for the
    task, for other rates as if each tenth of the rate were one more independent chance."""
    rate = int(profile.rsplit("-", 1)[1]) if profile.startswith("typo-") else 10
    return float(1 - (1 - task.changed) ** (rate / 10))


def _lang_seed(lang: str) -> int:
    """0 for "de" (the figures above are German cells), a stable number for the others."""
    return 0 if lang == "de" else int(hashlib.sha256(lang.encode()).hexdigest()[:8], 16)


def synthetic_columns(
    task: Task, n: int, noisy: bool, seed: int = 0, profile: str = "typo-10"
) -> dict[str, list[Any]]:
    """One cell's per-example columns, as the runner builds them (id, statistics, changed)."""
    rng = random.Random(f"{task.name}:{seed}")
    ids_rng = random.Random(f"{task.name}:ids") if task.one_id_set else rng
    ids = task.ids(ids_rng, n) if task.ids else [str(i) for i in range(n)]
    golds = [task.gold(rng) for _ in range(n)]
    rows = [task.row(rng, g) for g in golds]
    changed = [False] * n
    if noisy:
        noise = random.Random(f"{task.name}:{seed}:{profile}")
        share = changed_share(task, profile)
        changed = [noise.random() < share for _ in range(n)]
        rows = [
            task.row(noise, g) if c and noise.random() < 0.15 else r
            for r, g, c in zip(rows, golds, changed, strict=True)
        ]
    columns: dict[str, list[Any]] = {"id": ids}
    for name in rows[0]:
        columns[name] = [r[name] for r in rows]
    columns["changed"] = changed
    return columns


def synthetic_record(
    task: Task,
    n: int,
    profile: str,
    seed: int = 0,
    lang: str = "de",
    scores: Callable[[dict[str, list[Any]]], dict[str, float]] | None = None,
) -> RunResult:
    """A record of one cell with provenance as a run writes it (`scores`: columns -> the
    cell's scores, the first one its main score; default: fixed figures)."""
    columns = synthetic_columns(task, n, profile != "clean", seed + _lang_seed(lang), profile)
    data_fp = hashlib.sha256(f"{task.name}:{lang}:{n}".encode()).hexdigest()
    model_fp = hashlib.sha256(b"model").hexdigest()
    key = hashlib.sha256(f"{task.name}:{lang}:{n}:{profile}:{seed}".encode()).hexdigest()
    figures = scores(columns) if scores else {"accuracy": 71.2345678901, "f1": 64.3210987654}
    ref = {
        "name": task.name,
        "version": 1,
        "sha256": hashlib.sha256(task.name.encode()).hexdigest(),
    }
    return RunResult.model_validate(
        {
            "key": key,
            "signature": signature(task.name, lang, profile, 1, 1, data_fp, model_fp, "0.1.0"),
            "task": task.name,
            "language": lang,
            "profile": profile,
            "scores": figures,
            "main": next(iter(figures.values())),
            "n": n,
            "per_example": columns,
            "noise": {
                "word_change_rate": 0.0987654321 if profile != "clean" else 0.0,
                "cer": 0.0212345678 if profile != "clean" else 0.0,
                "changed_fraction": sum(columns["changed"]) / n,
                "eligible_words": 25 * n,
                "fallbacks": [],
            },
            "provenance": {
                "harness_version": "0.1.0",
                "task_card": ref,
                "profile": {**ref, "name": profile},
                "data": {
                    "source": "official",
                    "location": f"/data/xtreme/download/{task.name}/test-de.tsv",
                    "fingerprint": data_fp,
                    "revision": None,
                    "n_examples": n,
                },
                "model": {
                    "path": f"/data/submissions/ckpts/{task.name}",
                    "fingerprint": model_fp,
                    "architecture": "XLMRobertaForSequenceClassification",
                },
                "libraries": {
                    "python": "3.11.7",
                    "harness": "0.1.0",
                    "torch": "2.13.0",
                    "transformers": "4.57.1",
                    "tokenizers": "0.22.1",
                    "datasets": "4.4.1",
                    "rapidfuzz": "3.14.3",
                    "regex": "2025.11.3",
                },
                "device": "cuda:0",
                "settings": {
                    "split": "test",
                    "limit": None,
                    "max_seq_length": 128,
                    "batch_size": "auto",
                    "dtype": "fp32",
                    "processes": 1,
                },
                "timings": {"noise_s": 1.2345, "load_s": 3.4567, "predict_s": 45.6789},
                "created_at": "2026-01-01T00:00:00+00:00",
            },
        }
    )


@dataclass(frozen=True)
class CellSize:
    """One cell's bytes on disk, per example."""

    task: str
    family: str
    profile: str
    n: int
    record_bytes: int
    columns_bytes: int
    ids_bytes: float
    v1_bytes: int

    @property
    def per_example(self) -> float:
        return (self.record_bytes + self.columns_bytes + self.ids_bytes) / self.n

    @property
    def v1_per_example(self) -> float:
        return self.v1_bytes / self.n


def v1_size(record: RunResult) -> int:
    """The bytes the record takes in the version-1 layout (one JSON file, columns inline)."""
    body = {"schema_version": 1, **record.model_dump(mode="json")}
    return len((json.dumps(body, indent=1, ensure_ascii=False) + "\n").encode())


#: What a full run scores per cell: clean and the four word-unit typo profiles.
PROFILES = ("clean", "typo-5", "typo-10", "typo-20", "typo-40")


def measure(
    scale: float = 1.0, root: Path | None = None, profiles: Sequence[str] = PROFILES
) -> list[CellSize]:
    """Write a cell of every task for each profile into a store; return their sizes.

    A cell's `ids_bytes` is its share of the ids file its records share (version 3 keeps ids
    other than "0".."n-1" once per checkpoint, task and language): the file's size over the
    number of profiles written.
    """
    with tempfile.TemporaryDirectory() as tmp:
        store = ResultStore(root or Path(tmp))
        out = []
        for task in TASKS:
            n = max(1, round(task.n * scale))
            cells, ids_files = [], set()
            for profile in profiles:
                record = synthetic_record(task, n, profile)
                path = store.put(record)
                ref = json.loads(path.read_text(encoding="utf-8"))["columns"]
                if ref.get("ids"):
                    ids_files.add(path.parent / ref["ids"]["file"])
                columns = path.with_suffix(results.COLUMNS_SUFFIX).stat().st_size
                cells.append((profile, path.stat().st_size, columns, v1_size(record)))
            shared = sum(f.stat().st_size for f in ids_files) / len(cells)
            for profile, json_bytes, columns, v1 in cells:
                out.append(
                    CellSize(task.name, task.family, profile, n, json_bytes, columns, shared, v1)
                )
        return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every cell's size")
    parser.add_argument("--zstd-level", type=int, default=results.ZSTD_LEVEL)
    parser.add_argument("--json", help="also write the rows to this file")
    parser.add_argument(
        "--profiles",
        default=",".join(PROFILES),
        help="the profiles written per task (the ids file is shared among them)",
    )
    args = parser.parse_args(argv)
    results.ZSTD_LEVEL = args.zstd_level
    rows = measure(args.scale, profiles=[p for p in args.profiles.split(",") if p])
    print(f"zstd level {args.zstd_level}, scale {args.scale}")
    print(
        f"{'task':<9} {'family':<16} {'profile':<8} {'n':>7} {'json':>6} {'parquet':>8} "
        f"{'ids':>7} {'B/ex':>7} {'v1 B/ex':>8}"
    )
    for r in rows:
        print(
            f"{r.task:<9} {r.family:<16} {r.profile:<8} {r.n:>7} {r.record_bytes:>6} "
            f"{r.columns_bytes:>8} {r.ids_bytes:>7.0f} {r.per_example:>7.2f} "
            f"{r.v1_per_example:>8.1f}"
        )
    if args.json:
        payload = [{**asdict(r), "bytes_per_example": r.per_example} for r in rows]
        Path(args.json).write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
