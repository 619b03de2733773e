"""The harness at XTREME-R's real sizes: flat per-example cost, bounded memory, compact store.

    python benchmarks/bench_scale.py [--scale 1.0] [--profile typo-10] [--json FILE]
                                     [--submissions 20] [--realdata DIR]
    python benchmarks/bench_scale.py --board-only [--board-scale 1.0] [--submissions 20]

Every XTREME-R task and language is built at its real test size, scaled: the counts come from
the cards' declared test-set identity (`tasks/*.yaml`, `identity.test`), else published sizes
(`PUBLISHED` below), and Mewsli-X ranks against its full candidate set of 1,003,893 entities.
The text is drawn from the real sentences of `../shared/realdata` (Tatoeba's 41 languages,
English where a language has none); labels, answers, spans and relevance are drawn to match
each task's format. Data is handed to the runner in memory (the official-layout readers are
not timed). A tiny checkpoint per task family (`harness.models.tiny`: 2 layers, 64
dimensions) keeps the model's cost small, so what is measured is the harness.

Three sizes are run, each in a fresh process: 1x = 1% of the full size, 10x = 10% and full
(`--scale` multiplies all three: `--scale 0.1` runs 0.1%, 1%, 10% and finishes in minutes).
Each size scores clean and `--profile` into a fresh result store, and reports:

- `overhead_us`: harness time per example outside the model: the run's wall time less the
  forward passes (timed around every call of the model) and less retrieval's exact
  nearest-neighbour search (queries x candidates dot products and top-k, timed around every
  search call: its cost per query grows with the candidate set by design). Noise, tokenizing,
  batching, decoding, scoring, the result store are all in it. Target: flat, the full size
  within 1.2x of 1x (`flat`).
- `peak_rss_mb` against `explained_mb`: the process's peak RSS against what it must hold: the
  RSS once the data is built and held (interpreter, torch, the examples themselves), plus one
  batch's working set (`working_set_mb`: the largest RSS rise of one forward pass of a full
  batch at the card's full length through each task's checkpoint, measured before the run),
  the candidate embeddings (Mewsli-X's pool, fp32: candidates x 64 x 4 bytes, held in the
  embedding cache and once more while a new block is joined to it) and the models. Target:
  within 2x. `peak_by_task_mb` and `peak_cells_mb` (RSS sampled every 20 ms) say where the
  peak is.
- `store_bytes_per_example` per task (`ResultStore.usage()` over the task's records: JSON
  records, columns files and the ids files they share), clean and the profile together.
- with or without those runs (`--board-only`), one submission's store at the full size
  (every task and language, clean and the public board's profiles of
  `leaderboard/config.yaml`, columns drawn as `store_size.py` draws them, no model): its bytes
  per example per cell per task, over clean + the first profile and over clean + all of them
  (ids files are kept once per task or language, so they weigh less the more profiles share
  them), and the public board's build over `--submissions` copies of it (distinct manifests,
  the same records): seconds and peak RSS, in a fresh process. `--board-scale` writes that
  store at a fraction of the full size.

Results go to stdout (and `--json`). The README quotes a run and says which scale it reached.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import hashlib
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REALDATA = ROOT.parent / "shared" / "realdata"
#: The public board's configuration: its profiles and bootstrap are the board build's.
BOARD_CONFIG = ROOT / "leaderboard" / "config.yaml"
#: XTREME-R's ten tasks.
TASKS = ("xnli", "xcopa", "udpos", "panx", "xquad", "mlqa", "tydiqa", "tatoeba", "mewslix")
TASKS += ("lareqa",)
#: Test sizes the cards do not declare: PAN-X's WikiANN splits (Rahimi et al. 2019) hold
#: 10,000 test sentences for most languages (1,000 or 100 for the smallest), so 10,000 for
#: every language is an upper bound; a UD test set has ~1,000 sentences (typical of the UD
#: 2.5 treebanks XTREME uses).
PUBLISHED = {"panx": 10_000, "udpos": 1_000}
#: Mewsli-X's candidate set (its card's identity) and LAReQA's shared pool.
MEWSLIX_CANDIDATES = 1_003_893
LAREQA_RELEVANT = 11
HIDDEN = 64
#: A task family's checkpoint head.
HEADS = {
    "classification": "sequence_classification",
    "multiple_choice": "multiple_choice",
    "tagging": "token_classification",
    "qa": "question_answering",
    "retrieval": "encoder",
}
#: Examples per batch (`--batch-size`; 0: the harness's automatic CPU batches, which are cut
#: for models a hundred times this size and would make the tiny model's per-batch cost most
#: of the run).
BATCH = 256
SIZES = (("1x", 0.01), ("10x", 0.1), ("full", 1.0))


# --------------------------------------------------------------------------- sizes


def full_sizes(registry: Any) -> dict[str, dict[str, int]]:
    """task -> language -> examples (queries for retrieval) at the full size."""
    out: dict[str, dict[str, int]] = {}
    for task in TASKS:
        card = registry.task(task)
        declared = card.identity.test if card.identity is not None else {}
        sizes = {}
        for lang in card.languages:
            found = declared.get(lang)
            n = None
            if found is not None:
                n = found.examples or found.questions or found.queries or found.sentences
            sizes[lang] = int(n or PUBLISHED[task])
        out[task] = sizes
    return out


# --------------------------------------------------------------------------- text


class Text:
    """Real sentences by language (Tatoeba's xx side; its English side for English and for
    languages without a file), drawn deterministically."""

    def __init__(self, realdata: Path) -> None:
        folder = realdata / "download" / "tatoeba"
        self.lines: dict[str, list[str]] = {}
        english: list[str] = []
        for path in sorted(folder.glob("*-en.*")):
            lang = path.name.split("-", 1)[0]
            lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
            lines = [ln for ln in lines if ln]
            if path.suffix == ".en":
                english.extend(lines)
            else:
                self.lines[lang] = lines
        if not english:
            raise SystemExit(f"{folder}: no Tatoeba files (pass --realdata DIR)")
        self.lines["en"] = sorted(set(english))

    def pool(self, lang: str) -> list[str]:
        return self.lines.get(lang) or self.lines["en"]

    def every(self) -> list[str]:
        return [s for lines in self.lines.values() for s in lines[:200]]


def _words(sentence: str) -> tuple[str, ...]:
    words = tuple(sentence.split())
    if len(words) > 1:
        return words
    return tuple(sentence[i : i + 2] for i in range(0, min(len(sentence), 24), 2)) or ("x",)


# --------------------------------------------------------------------------- datasets


def _hex(rng: random.Random, width: int) -> str:
    return f"{rng.getrandbits(4 * width):0{width}x}"


def build_dataset(card: Any, lang: str, n: int, text: Text, fraction: float) -> Any:
    """A synthetic `Dataset` of one cell in the shape the official reader gives."""
    from harness.data import Dataset, Example
    from harness.data.official import mark_span

    rng = random.Random(f"{card.name}:{lang}:{n}")
    pool = text.pool(lang)

    def line() -> str:
        return rng.choice(pool)

    examples: list[Any] = []
    index: list[Any] = []
    if card.name == "xnli":
        for i in range(n):
            fields = {"premise": line(), "hypothesis": line()}
            examples.append(Example(str(i), fields, rng.choice(card.labels)))
    elif card.name == "xcopa":
        for i in range(n):
            fields = {"premise": line(), "choice1": line(), "choice2": line()}
            fields["question"] = rng.choice(("cause", "effect"))
            examples.append(Example(str(i), fields, rng.choice(card.labels)))
    elif card.family == "tagging":
        tags = list(card.labels)
        for i in range(n):
            words = _words(line())
            if card.name == "panx":
                gold = tuple("O" if rng.random() < 0.8 else rng.choice(tags) for _ in words)
            else:
                gold = tuple(rng.choice(tags) for _ in words)
            examples.append(Example(str(i), {"tokens": words}, gold))
    elif card.family == "qa":
        width = {"xquad": 24, "mlqa": 40}.get(card.name)
        # XQuAD is one question set translated: its ids are the same in every language
        irng = random.Random(f"xquad:questions:{n}") if card.name == "xquad" else rng
        for i in range(n):
            context = " ".join(line() for _ in range(rng.randint(3, 6)))
            answer = rng.choice(_words(context))
            qid = _hex(irng, width) if width else f"{lang}-{rng.randrange(10**18, 10**19)}-{i}"
            examples.append(Example(qid, {"question": line(), "context": context}, (answer,)))
    elif card.name == "tatoeba":
        english = text.pool("en")
        order = list(range(n))
        rng.shuffle(order)
        index = [Example(str(i), {"sentence": line()}) for i in range(n)]
        for j in range(n):
            examples.append(Example(str(j), {"english": rng.choice(english)}, str(order[j])))
    elif card.name == "mewslix":
        index = list(_mewslix_entities(text, max(1, round(MEWSLIX_CANDIDATES * fraction))))
        for _ in range(n):
            sentence = line()
            words = sentence.split() or [sentence]
            k = rng.randrange(len(words))
            start = len(" ".join(words[:k])) + (1 if k else 0)
            end = start + len(words[k])
            fields = {"context": mark_span(sentence, start, end), "mention": words[k]}
            examples.append(Example(_hex(rng, 32), fields, rng.choice(index).id))
    elif card.name == "lareqa":
        index = list(_lareqa_pool(text, card.languages, fraction))
        by_slot: dict[str, list[str]] = {}
        for item in index:
            by_slot.setdefault(item.id.split("_", 1)[1], []).append(item.id)
        slots = sorted(by_slot)
        qrng = random.Random(f"lareqa:questions:{n}")  # one question id set for every language
        for _ in range(n):
            relevant = tuple(by_slot[qrng.choice(slots)])
            examples.append(Example(_hex(qrng, 24), {"question": line()}, relevant))
    else:
        raise SystemExit(f"bench_scale: no generator for {card.name}")
    digest = hashlib.sha256(f"bench_scale:{card.name}:{lang}:{n}:{len(index)}".encode())
    return Dataset(
        task=card.name,
        language=lang,
        split="test",
        examples=tuple(examples),
        source="official",
        location=f"synthetic:{card.name}:{lang}",
        fingerprint=digest.hexdigest(),
        index=tuple(index),
    )


_CACHE: dict[tuple[str, float], tuple[Any, ...]] = {}


def _mewslix_entities(text: Text, count: int) -> tuple[Any, ...]:
    """One shared candidate set for every language: `Q<n>` ids, a description of two
    sentences of a language drawn at random."""
    from harness.data import Example

    key = ("mewslix", count)
    if key not in _CACHE:
        rng = random.Random(f"mewslix:entities:{count}")
        langs = sorted(text.lines)
        out = []
        for i in range(count):
            pool = text.lines[rng.choice(langs)]
            out.append(
                Example(f"Q{i + 1}", {"description": f"{rng.choice(pool)} {rng.choice(pool)}"})
            )
        _CACHE[key] = tuple(out)
    return _CACHE[key]


def _lareqa_pool(text: Text, langs: Sequence[str], fraction: float) -> tuple[Any, ...]:
    """LAReQA's pool: 13,014 sentences at full size, one per (language, paragraph, position),
    each with its paragraph; a question's relevant ones share a (paragraph, position)."""
    from harness.data import Example

    key = ("lareqa", fraction)
    if key not in _CACHE:
        per_lang = max(1, round(13_014 * fraction / len(langs)))
        rng = random.Random(f"lareqa:pool:{per_lang}")
        out = []
        for lang in langs:
            pool = text.pool(lang)
            for k in range(per_lang):
                paragraph, pos = divmod(k, 5)
                sentences = [rng.choice(pool) for _ in range(5)]
                fields = {"sentence": sentences[pos], "context": " ".join(sentences)}
                out.append(Example(f"{lang}_{paragraph}_{pos}", fields))
        _CACHE[key] = tuple(out)
    return _CACHE[key]


# --------------------------------------------------------------------------- checkpoints


def build_checkpoints(folder: Path, text: Text, registry: Any) -> Path:
    """A folder of per-task tiny checkpoints (`--model` layout), one tokenizer for all."""
    from harness.models.tiny import build_checkpoint, quiet_transformers, train_tokenizer

    with quiet_transformers():
        tokenizer = train_tokenizer(text.every(), vocab_size=4000)
        for task in TASKS:
            card = registry.task(task)
            head = HEADS[card.family]
            labels = (
                card.labels if head in ("sequence_classification", "token_classification") else None
            )
            build_checkpoint(folder / task, tokenizer, head, labels, seed=1, hidden=HIDDEN)
    return folder


# --------------------------------------------------------------------------- one size


def _rss_now() -> int:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _peak_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class _RssSampler:
    """Samples the process's RSS every `interval` seconds in a thread and keeps the peak of
    each cell (`cell` is set as the runner asks for a cell's data): which cell the peak is in."""

    def __init__(self, interval: float = 0.02) -> None:
        self.cell = "start"
        self.peaks: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(interval,), daemon=True)

    def _sample(self, interval: float) -> None:
        while not self._stop.wait(interval):
            cell, rss = self.cell, _rss_now()
            if rss > self.peaks.get(cell, 0):
                self.peaks[cell] = rss

    def __enter__(self) -> _RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def by_task(self) -> dict[str, float]:
        """The peak of each task's cells, MB, in the order the tasks ran."""
        out: dict[str, float] = {}
        for cell, rss in self.peaks.items():
            task = cell.split(".", 1)[0]
            out[task] = max(out.get(task, 0.0), round(rss / 2**20, 1))
        return out

    def top(self, k: int = 3) -> dict[str, float]:
        """The `k` cells of the highest peaks, MB."""
        ranked = sorted(self.peaks.items(), key=lambda kv: -kv[1])[:k]
        return {cell: round(rss / 2**20, 1) for cell, rss in ranked}


class _Clock:
    """Seconds spent inside wrapped calls (not counting nested wrapped calls twice): wall
    seconds and the process's CPU seconds."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu = 0.0
        self.depth = 0

    @contextlib.contextmanager
    def timing(self) -> Iterator[None]:
        self.depth += 1
        start, cpu = time.perf_counter(), time.process_time()
        try:
            yield
        finally:
            self.depth -= 1
            if self.depth == 0:
                self.seconds += time.perf_counter() - start
                self.cpu += time.process_time() - cpu


class _TimedModel:
    """Stands in for a loaded model: every call is timed; anything else is the model's."""

    def __init__(self, model: Any, clock: _Clock) -> None:
        self.__dict__["_model"], self.__dict__["_clock"] = model, clock

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        with self._clock.timing():
            return self._model(*args, **kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)


def _working_set(registry: Any, ckpts: Path, tasks: Sequence[str], batch: int) -> int:
    """Bytes of RSS one batch needs while it runs: the largest peak, above the RSS before,
    of one forward pass of `batch` inputs at the card's full length through each task's
    checkpoint (activations, attention masks, the allocator's and libraries' working
    memory), sampled as the run's peaks are. Measured before the run, memory handed back
    after."""
    import torch

    from harness.memory import release_free_memory
    from harness.models.loading import load_checkpoint

    start = _rss_now()
    peak = start
    for task in tasks:
        card = registry.task(task)
        head = HEADS[card.family]
        labels = card.labels if card.family in ("classification", "tagging") else None
        loaded = load_checkpoint(ckpts / task, head, labels, device="cpu")
        length = min(card.max_seq_length, loaded.max_length)
        shape: tuple[int, ...] = (batch, length)
        if card.multiple_choice is not None:
            shape = (batch, len(card.multiple_choice.choice_fields), length)
        ids = torch.randint(5, len(loaded.tokenizer), shape)
        with _RssSampler(0.005) as sampler, torch.inference_mode():
            loaded.model(input_ids=ids, attention_mask=torch.ones_like(ids))
        peak = max(peak, *sampler.peaks.values(), _rss_now())
        del loaded, ids
        release_free_memory()
    return peak - start


def _task_usage(root: Path, task: str) -> tuple[int, int]:
    """Bytes on disk and examples of `task`'s records in the store `root`, over every model
    folder (`ResultStore.usage()`: records, columns files and the ids files they share)."""
    from harness.results import ResultStore

    usage = [ResultStore(m / task).usage() for m in root.iterdir() if m.is_dir()]
    return sum(u.bytes for u in usage), sum(u.examples for u in usage)


def run_size(
    fraction: float,
    ckpts: Path,
    store: Path,
    profile: str,
    text: Text,
    only: Sequence[str],
    batch_size: int | None = BATCH,
) -> dict[str, Any]:
    """Score every task and language at `fraction` of the full size; return the figures."""
    import torch

    torch.set_num_threads(1)  # one core: the figures hold while the other core does other work
    from harness import runner as runner_module
    from harness.families import retrieval
    from harness.registry import Registry
    from harness.runner import Runner, plan_run

    registry = Registry.load()
    sizes = full_sizes(registry)
    tasks = [t for t in TASKS if not only or t in only]
    data: dict[tuple[str, str], Any] = {}
    examples = candidates = 0
    for task in tasks:
        card = registry.task(task)
        for lang, n in sizes[task].items():
            ds = build_dataset(card, lang, max(1, round(n * fraction)), text, fraction)
            data[(task, lang)] = ds
            examples += len(ds.examples)
    # Mewsli-X's entities and LAReQA's sentences are one pool per task, shared by its
    # languages (the same Example objects, encoded once): counted once
    pools = {t: len(ds.index) for (t, _), ds in data.items() if t != "tatoeba" and ds.index}
    candidates = sum(pools.values()) + sum(
        len(ds.index) for (t, _), ds in data.items() if t == "tatoeba"
    )
    held_rss = _rss_now()  # interpreter, torch, transformers and the data
    working = _working_set(registry, ckpts, tasks, batch_size or BATCH)

    forward, search = _Clock(), _Clock()
    load = runner_module.load_checkpoint

    def load_timed(*args: Any, **kwargs: Any) -> Any:
        loaded = load(*args, **kwargs)
        return dataclasses.replace(loaded, model=_TimedModel(loaded.model, forward))

    def timed(fn: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            with search.timing():
                return fn(*args, **kwargs)

        return wrapper

    sampler = _RssSampler()

    def load_data(card: Any, lang: str, *_: Any, **__: Any) -> Any:
        sampler.cell = f"{card.name}.{lang}"
        return data[(card.name, lang)]

    runner_module.load_checkpoint = load_timed  # type: ignore[assignment]
    runner_module.load_task_data = load_data  # type: ignore[assignment]
    retrieval.ranked = timed(retrieval.ranked)  # type: ignore[assignment]
    retrieval.nearest = timed(retrieval.nearest)  # type: ignore[assignment]
    langs = sorted({lang for task, lang in data})
    plan = plan_run(
        registry,
        model=ckpts,
        tasks=tasks,
        langs=langs,
        profiles=[profile],
        data=str(store.parent),
        labels_dir=None,
        limit=None,
        batch_size=batch_size,
        device="cpu",
        results_dir=store,
        layer=-1,  # the tiny encoder has 2 layers; Tatoeba's card pools layer 8 of 12
    )
    start, cpu_start = time.perf_counter(), time.process_time()
    with sampler:
        report = Runner(registry, plan).execute()
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if report.failures:
        raise SystemExit("\n".join(f"{f.task}.{f.language}: {f.message}" for f in report.failures))
    inputs = examples + candidates
    scored = 2 * examples + candidates  # clean and the profile; candidates encoded once
    per_task = {}
    for task in tasks:
        b, n = _task_usage(store, task)
        per_task[task] = {"bytes": b, "examples": n, "bytes_per_example": b / n if n else 0.0}
    embeddings = sum(pools.values()) * HIDDEN * 4
    model_bytes = sum(f.stat().st_size for f in ckpts.rglob("model.safetensors"))
    explained = held_rss + working + 2 * embeddings + model_bytes
    overhead = wall - forward.seconds - search.seconds
    overhead_cpu = cpu - forward.cpu - search.cpu
    return {
        "fraction": fraction,
        "examples": examples,
        "candidates": candidates,
        "inputs": inputs,
        "wall_s": round(wall, 2),
        "forward_s": round(forward.seconds, 2),
        "search_s": round(search.seconds, 2),
        "overhead_s": round(overhead, 2),
        "overhead_us": round(1e6 * overhead / scored, 2),
        "cpu_s": round(cpu, 2),
        "overhead_cpu_us": round(1e6 * overhead_cpu / scored, 2),
        "batch_size": batch_size,
        "held_rss_mb": round(held_rss / 2**20, 1),
        "working_set_mb": round(working / 2**20, 1),
        "embeddings_mb": round(embeddings / 2**20, 1),
        "explained_mb": round(explained / 2**20, 1),
        "peak_rss_mb": round(_peak_rss() / 2**20, 1),
        "rss_ratio": round(_peak_rss() / explained, 3),
        "peak_cells_mb": sampler.top(),
        "peak_by_task_mb": sampler.by_task(),
        "store": per_task,
        "records": len(report.results),
    }


# --------------------------------------------------------------------------- full-size store


def full_store(
    root: Path, profiles: Sequence[str], fraction: float = 1.0
) -> dict[str, dict[str, Any]]:
    """Write one submission's records of every XTREME-R task and language at the full size,
    clean and each of `profiles`, with per-example columns drawn as `store_size.py` draws
    them and scores computed from them by the task's metric; return bytes per example per
    cell per task: `bytes_per_example` over clean and `profiles[0]` (two records a cell),
    `bytes_per_example_all` over clean and every profile (the ids files, once per task or
    language, spread over more records).

    No model runs: this is the store a full run writes, at the sizes the model runs above
    may not reach on a small machine, for the store figures and the leaderboard build."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import store_size

    from harness.metrics import metric_def
    from harness.registry import Registry
    from harness.results import ResultStore

    registry = Registry.load()
    store = ResultStore(root)
    synthetic = {t.name: t for t in store_size.TASKS}
    out: dict[str, dict[str, Any]] = {}
    for task, langs in full_sizes(registry).items():
        card = registry.task(task)
        mdef, main = metric_def(card.metric.name), card.metric.main

        def scores(columns: dict[str, list[Any]], mdef: Any = mdef, main: str = main) -> Any:
            figures = mdef.scores(columns)
            return {main: figures[main], **figures}

        row: dict[str, Any] = {}
        for stage, names in (("", ["clean", profiles[0]]), ("_all", list(profiles[1:]))):
            for lang, full in langs.items():
                n = max(1, round(full * fraction))
                for name in names:
                    record = store_size.synthetic_record(
                        synthetic[task], n, name, lang=lang, scores=scores
                    )
                    store.put(record)
            b, n_all = _task_usage(root, task)
            row.update({f"bytes{stage}": b, f"examples{stage}": n_all})
            row[f"bytes_per_example{stage}"] = round(b / n_all, 2)
        out[task] = row
    return out


def board_profiles() -> tuple[str, ...]:
    """The public board's noise profiles (leaderboard/config.yaml): what a submission scores."""
    from harness.leaderboard import load_config

    profiles = load_config(BOARD_CONFIG).profiles
    assert profiles, f"{BOARD_CONFIG} names no profiles"
    return profiles


# --------------------------------------------------------------------------- leaderboard


def leaderboard(store: Path, count: int, folder: Path) -> dict[str, Any]:
    """Build the public board (`BOARD_CONFIG`) over `count` submissions, each holding a copy
    of `store`."""
    from harness.leaderboard import build_leaderboard, load_config
    from harness.registry import Registry
    from harness.submissions import find_manifests, load_submissions

    registry = Registry.load()
    profile = ", ".join(board_profiles())
    manifests, results = folder / "submissions", folder / "results"
    manifests.mkdir(parents=True)
    for k in range(count):
        name = f"scale-{k:02d}"
        method = "stilts" if k % 2 else "multilingual-baseline"
        intermediate = "[mnli]" if k % 2 else "[]"
        checkpoints = ", ".join(f"{t}: ckpt/{t}" for t in TASKS)
        (manifests / f"{name}.yaml").write_text(
            f"name: Scale copy {k}\nmethod: {method}\nbase_model: tiny\n"
            f"intermediate_tasks: {intermediate}\nauthors: [bench_scale]\nlinks: {{}}\n"
            f"checkpoints: {{{checkpoints}}}\nprofiles: [{profile}]\n",
            encoding="utf-8",
        )
        shutil.copytree(store, results / name, ignore=shutil.ignore_patterns(".tokens"))
    subs = load_submissions(find_manifests(manifests), registry, check_paths=False)
    start = time.perf_counter()
    build_leaderboard(
        registry, subs, folder / "site", results_root=results, config=load_config(BOARD_CONFIG)
    )
    return {
        "submissions": count,
        "seconds": round(time.perf_counter() - start, 2),
        "peak_rss_mb": round(_peak_rss() / 2**20, 1),
        "site_mb": round(
            sum(f.stat().st_size for f in (folder / "site").rglob("*") if f.is_file()) / 2**20, 2
        ),
    }


# --------------------------------------------------------------------------- driver


def _child(args: list[str]) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1"}
    env.update(OMP_NUM_THREADS="1", TOKENIZERS_PARALLELISM="false")
    env.setdefault("HF_DATASETS_OFFLINE", "1")
    env.setdefault("TRANSFORMERS_OFFLINE", "1")
    done = subprocess.run(
        [sys.executable, __file__, *args], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"bench_scale {' '.join(args)} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="the largest size, of full")
    parser.add_argument("--profile", default="typo-10", help="scored besides clean")
    parser.add_argument("--submissions", type=int, default=20)
    parser.add_argument("--realdata", default=os.environ.get("XTREME_REALDATA", str(REALDATA)))
    parser.add_argument("--tasks", default="", help="only these tasks (comma-separated)")
    parser.add_argument(
        "--batch-size", type=int, default=BATCH, help="examples per batch (0: automatic)"
    )
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--work", help="keep the stores and checkpoints here (default: temp)")
    parser.add_argument(
        "--board-only",
        action="store_true",
        help="only the full-size store and the leaderboard over it (no model run)",
    )
    parser.add_argument(
        "--board-scale",
        type=float,
        default=1.0,
        help="the synthetic store's size, of full (for the store figures and the board build)",
    )
    parser.add_argument("--_size", type=float, help=argparse.SUPPRESS)
    parser.add_argument("--_ckpts", help=argparse.SUPPRESS)
    parser.add_argument("--_store", help=argparse.SUPPRESS)
    parser.add_argument("--_board", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    only = [t for t in args.tasks.split(",") if t]
    if args.board_only:  # the full-size store and the leaderboard over it, no model run
        started = time.perf_counter()
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(args.work) if args.work else Path(tmp)
            figures = _board_figures(work, args.submissions, args.board_scale)
        figures["seconds"] = round(time.perf_counter() - started, 1)
        _print_board(figures)
        if args.json:
            Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
        return 0
    if args._board:  # a child: the leaderboard build
        board = leaderboard(Path(args._store), args.submissions, Path(args._board))
        print(json.dumps(board))
        return 0
    if args._size is not None:  # a child: one size
        text = Text(Path(args.realdata))
        figures = run_size(
            args._size,
            Path(args._ckpts),
            Path(args._store),
            args.profile,
            text,
            only,
            args.batch_size or None,
        )
        print(json.dumps(figures))
        return 0

    from harness.registry import Registry

    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        ckpts = build_checkpoints(work / "ckpts", Text(Path(args.realdata)), Registry.load())
        rows: dict[str, Any] = {}
        for label, fraction in SIZES:
            store = work / f"store-{label}" / "results"
            shutil.rmtree(store.parent, ignore_errors=True)
            store.mkdir(parents=True)
            child = ["--_size", str(fraction * args.scale), "--_ckpts", str(ckpts)]
            child += [
                "--_store",
                str(store),
                "--profile",
                args.profile,
                "--realdata",
                args.realdata,
            ]
            child += ["--tasks", args.tasks] if only else []
            child += ["--batch-size", str(args.batch_size)]
            rows[label] = _child(child)
            _print_size(label, rows[label])
        board = _board_figures(work, args.submissions, args.board_scale)
    figures = {
        "scale": args.scale,
        "profile": args.profile,
        "sizes": rows,
        "overhead_ratio_full_vs_1x": round(
            rows["full"]["overhead_us"] / rows["1x"]["overhead_us"], 3
        ),
        **board,
        "seconds": round(time.perf_counter() - started, 1),
    }
    _print_summary(figures)
    _print_board(figures)
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


def _board_figures(work: Path, submissions: int, fraction: float = 1.0) -> dict[str, Any]:
    """The full-size store of clean and the public board's profiles (`fraction` of it; bytes
    per example per task) and the board's build over `submissions` copies of it, in a fresh
    process."""
    store = work / "store-synthetic-full" / "results"
    shutil.rmtree(store.parent, ignore_errors=True)
    store.mkdir(parents=True)
    start = time.perf_counter()
    profiles = board_profiles()
    sizes = full_store(store, profiles, fraction)
    written = round(time.perf_counter() - start, 1)
    board_dir = work / "board"
    shutil.rmtree(board_dir, ignore_errors=True)
    child = ["--_board", str(board_dir), "--_store", str(store)]
    board = _child([*child, "--submissions", str(submissions)])
    return {
        "board_profiles": list(profiles),
        "full_store": sizes,
        "full_store_fraction": fraction,
        "full_store_write_s": written,
        "leaderboard": board,
    }


def _print_board(figures: dict[str, Any]) -> None:
    size = figures.get("full_store_fraction", 1.0)
    label = "the full size" if size == 1.0 else f"{size * 100:g}% of the full size"
    profiles = figures["board_profiles"]
    print(
        f"store bytes per example per cell at {label}: clean + {profiles[0]} | "
        f"clean + {', '.join(profiles)}"
    )
    for task, row in figures["full_store"].items():
        print(
            f"  {task:<8} {row['bytes_per_example']:>6.2f} | {row['bytes_per_example_all']:>6.2f}"
            f"  ({row['examples_all']} example-cells)"
        )
    board = figures["leaderboard"]
    print(
        f"leaderboard over {board['submissions']} submissions at {label}: "
        f"{board['seconds']} s, peak RSS {board['peak_rss_mb']:.0f} MB"
    )


def _print_size(label: str, row: dict[str, Any]) -> None:
    print(
        f"{label:>4}: {row['examples']:>8} examples + {row['candidates']:>8} candidates | wall "
        f"{row['wall_s']:>8.1f}s forward {row['forward_s']:>8.1f}s search {row['search_s']:>7.1f}s"
        f" | overhead {row['overhead_us']:>7.1f} us/example | peak RSS {row['peak_rss_mb']:>7.0f}"
        f" MB of {row['explained_mb']:>7.0f} explained ({row['rss_ratio']:.2f}x; batch "
        f"{row['working_set_mb']:.0f} MB, embeddings {row['embeddings_mb']:.0f} MB; highest: "
        + ", ".join(f"{c} {mb:.0f}" for c, mb in row["peak_cells_mb"].items())
        + ")",
        flush=True,
    )


def _print_summary(figures: dict[str, Any]) -> None:
    sizes = figures["sizes"]
    ratio = figures["overhead_ratio_full_vs_1x"]
    scale, profile = figures["scale"], figures["profile"]
    print(f"\nscale {scale} (full = {scale:.0%} of XTREME-R), clean + {profile}")
    verdict = "flat" if ratio <= 1.2 else "NOT flat"
    print(f"overhead per example, full vs 1x: {ratio:.2f} ({verdict}: target <= 1.2)")
    worst = max(r["rss_ratio"] for r in sizes.values())
    print(f"peak RSS / explained, worst size: {worst:.2f} (target <= 2)")
    print("store bytes per example at this run's largest size (clean + profile):")
    for task, row in sizes["full"]["store"].items():
        print(f"  {task:<8} {row['bytes_per_example']:>6.2f}  ({row['examples']} examples)")
    print(f"total: {figures['seconds']} s")


if __name__ == "__main__":
    sys.exit(main())
