"""What K noise draws cost: a `--draws 5` sweep against a clean pass, as ratios in one run.

    python benchmarks/bench_draws.py [--json FILE] [--model tiny|bench] [--draws 5]
                                     [--profile typo-10] [--repeat 3] [--clock cpu|wall]

Two tasks whose cost lies in the model, XNLI (classification) and PAN-X (tagging), on the data
`bench_eval.py` builds (the bundled samples, every language, plus its generated English cell).
The checkpoint is `--model tiny`, the tests' tiny XLM-R (2 layers, hidden 64, the default), or
`--model bench`, bench_eval's architecture (6 layers, hidden 384, 12 heads) with the same
8,000-piece tokenizer vocabulary; random weights either way, one per head.

Measured per task, best of `--repeat`, interleaved, on one torch thread, CPU time of this
process unless `--clock wall`:

- `draws_ratio`: a run of clean + K draws of the profile / the clean run alone (each in a
  fresh result store and token cache, noise caches cleared).
- `draws_bound` = 1 + the sum over the K draws of each draw's measured fraction of changed
  examples + 0.10: an unchanged example reuses its clean prediction, so a draw costs its
  changed fraction of a clean pass; 10% of a clean pass is allowed for noising and
  bookkeeping, as `bench_eval.py`'s sweep bound allows.
- `draws_bound_tokens` = 1 + (tokens the K draws send through the model) / (tokens of the
  clean pass) + 0.10: the same counted in tokens, since a noised example splits into more
  subword pieces than its clean self (`bench_eval.py`'s `sweep_bound_tokens`).

Over both tasks, each task's bounds are weighted by its clean run's time. The run passes when
`draws_ratio <= draws_bound_tokens` (exit 1 otherwise).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import torch

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_eval import _sample_texts, _tokens, build_data, recording

from harness.data import available_languages
from harness.models.tiny import build_checkpoint, train_tokenizer
from harness.noise.cache import clear_word_caches
from harness.paths import project_root
from harness.registry import Registry
from harness.runner import Runner, RunReport, plan_run

TASKS = {"xnli": "sequence_classification", "panx": "token_classification"}
MODELS: dict[str, dict[str, int]] = {
    "tiny": {},
    "bench": {"hidden": 384, "layers": 6, "heads": 12, "intermediate": 1536, "max_positions": 514},
}
CLOCKS = ("cpu", "wall")
SLACK = 0.10


def timed(times: dict[str, list[float]], func: Callable[[], Any]) -> Any:
    cpu, wall = time.process_time(), time.perf_counter()
    value = func()
    times["cpu"].append(time.process_time() - cpu)
    times["wall"].append(time.perf_counter() - wall)
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument("--model", choices=sorted(MODELS), default="tiny")
    parser.add_argument("--draws", type=int, default=5, help="K (default 5)")
    parser.add_argument("--profile", default="typo-10", help="the noisy profile (typo-10)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (default 3)")
    parser.add_argument("--scale", type=float, default=1.0, help="generated cells' size")
    parser.add_argument("--clock", choices=CLOCKS, default="cpu")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    with tempfile.TemporaryDirectory(prefix="bench-draws-") as tmp:
        figures = measure(args, Path(tmp))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0 if figures["within_bound"] else 1


def measure(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    root = project_root()
    registry = Registry.load()
    data_dir = build_data(work / "download", root, args.scale)
    tokenizer = train_tokenizer(_sample_texts(root), vocab_size=8000, model_max_length=512)
    models = {
        task: build_checkpoint(
            work / "model" / task,
            tokenizer,
            head,
            list(registry.task(task).labels),
            0,
            **MODELS[args.model],
        )
        for task, head in TASKS.items()
    }

    def run(task: str, store: Path, draws: int | None) -> RunReport:
        clear_word_caches()
        card = registry.task(task)
        plan = plan_run(
            registry,
            model=models[task],
            tasks=[task],
            langs=list(available_languages(card, str(data_dir))),
            profiles=[args.profile] if draws else [],
            data=str(data_dir),
            labels_dir=None,
            limit=None,
            batch_size=None,
            device="cpu",
            results_dir=store,
            allow_nonstandard_data=True,  # generated cells, not the official test sets
            draws=draws,
        )
        report = Runner(registry, plan).execute()
        if report.failures:
            raise SystemExit(f"{task}: run failed: {report.failures}")
        return report

    per_task: dict[str, Any] = {}
    times: dict[str, dict[str, dict[str, list[float]]]] = {
        t: {m: {c: [] for c in CLOCKS} for m in ("clean_run", "draws_run")} for t in TASKS
    }
    tokens: dict[str, tuple[int, int]] = {}
    changed: dict[str, list[float]] = {}
    for task in TASKS:  # the batches each run sends through the model (also the warm-up)
        with recording() as clean:
            run(task, work / f"record-clean-{task}", None)
        with recording() as sweep:
            report = run(task, work / f"record-draws-{task}", args.draws)
        tokens[task] = (_tokens(clean), _tokens(sweep))
        noisy = [r for r in report.results if r.profile != "clean"]
        n = sum(r.n for r in report.results if r.profile == "clean")
        changed[task] = [
            sum(r.noise.changed_fraction * r.n for r in noisy if r.draw == d) / n
            for d in range(args.draws)
        ]
    for rep in range(args.repeat):
        for task in TASKS:
            t = times[task]
            clean = work / f"c-{task}-{rep}"
            timed(t["clean_run"], lambda task=task, c=clean: run(task, c, None))
            store = work / f"d-{task}-{rep}"
            timed(t["draws_run"], lambda task=task, s=store: run(task, s, args.draws))

    def best(task: str, name: str, clock: str) -> float:
        return min(times[task][name][clock])

    def bounds(task: str) -> tuple[float, float]:
        clean_tokens, sweep_tokens = tokens[task]
        return 1 + sum(changed[task]) + SLACK, sweep_tokens / clean_tokens + SLACK

    def ratios(tasks: list[str], clock: str) -> dict[str, float]:
        clean = sum(best(t, "clean_run", clock) for t in tasks)
        return {
            "draws_ratio": round(sum(best(t, "draws_run", clock) for t in tasks) / clean, 3),
            "draws_bound": round(
                sum(best(t, "clean_run", clock) * bounds(t)[0] for t in tasks) / clean, 3
            ),
            "draws_bound_tokens": round(
                sum(best(t, "clean_run", clock) * bounds(t)[1] for t in tasks) / clean, 3
            ),
        }

    for task in TASKS:
        per_task[task] = {
            **ratios([task], args.clock),
            "changed_fraction": [round(c, 4) for c in changed[task]],
            "tokens": {"clean": tokens[task][0], "draws": tokens[task][1]},
            "seconds": {
                c: {m: round(best(task, m, c), 3) for m in ("clean_run", "draws_run")}
                for c in CLOCKS
            },
        }
    figures: dict[str, Any] = {
        **ratios(list(TASKS), args.clock),
        "clock": args.clock,
        "ratios": {c: ratios(list(TASKS), c) for c in CLOCKS},
        "tasks": per_task,
        "setup": {
            "model": args.model,
            "architecture": MODELS[args.model] or "harness.models.tiny defaults",
            "profile": args.profile,
            "draws": args.draws,
            "repeat": args.repeat,
            "threads": torch.get_num_threads(),
        },
    }
    figures["within_bound"] = figures["draws_ratio"] <= figures["draws_bound_tokens"]
    print(
        f"{args.model} checkpoint, clean + {args.draws} draws of {args.profile} vs clean, "
        f"best of {args.repeat}, {args.clock} time"
    )
    header = ("task", "clean s", "draws s", "ratio", "bound", "bound(tok)", "changed/draw")
    print(f"{header[0]:8}" + "".join(f"{h:>13}" for h in header[1:]))
    for task in (*TASKS, "total"):
        row = figures if task == "total" else per_task[task]
        tasks = list(TASKS) if task == "total" else [task]
        mean_changed = sum(sum(changed[t]) for t in tasks) / (len(tasks) * args.draws)
        values = (
            round(sum(best(t, "clean_run", args.clock) for t in tasks), 2),
            round(sum(best(t, "draws_run", args.clock) for t in tasks), 2),
            row["draws_ratio"],
            row["draws_bound"],
            row["draws_bound_tokens"],
            round(mean_changed, 3),
        )
        print(f"{task:8}" + "".join(f"{v:>13}" for v in values))
    verdict = "within" if figures["within_bound"] else "OVER"
    print(f"\ndraws_ratio {figures['draws_ratio']} {verdict} the token-count bound")
    return figures


if __name__ == "__main__":
    sys.exit(main())
