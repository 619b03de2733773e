"""The `harness` subcommands: one `cmd_*` function each, taking the parsed arguments and
returning the exit code. harness/cli.py builds the parser over them and turns a HarnessError
into one line on stderr; nothing is written unless the work it describes completed.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabulate import tabulate
from tqdm import tqdm

from harness.errors import ConfigError, HarnessError
from harness.registry import SHIPPED, Registry

if TYPE_CHECKING:
    from harness.shards import Shard

EXIT_FAILED_CELLS = 1


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        return "-" if math.isnan(value) else f"{round(value, 2) + 0.0:.2f}"  # no "-0.00"
    return str(value)


def _table(rows: Sequence[Sequence[Any]], headers: Sequence[str]) -> str:
    return tabulate(
        [[_fmt(v) for v in row] for row in rows], headers=headers, disable_numparse=True
    )


def _registry(args: argparse.Namespace) -> Registry:
    """The registry, with the command's --include-path folders (else HARNESS_INCLUDE_PATH)."""
    return Registry.load(include=getattr(args, "include_path", None))


def _origin(origin: str) -> str:
    return origin if origin == SHIPPED else f"include: {origin}"


# --------------------------------------------------------------------------- commands


def cmd_tasks(args: argparse.Namespace) -> int:
    from harness.data import available_languages
    from harness.families import is_implemented

    registry = _registry(args)
    rows = []
    for name, entry in registry.tasks.items():
        card = entry.model
        samples = available_languages(card, "samples", samples_dir=registry.samples_dir(name))
        rows.append(
            [
                name,
                card.family,
                card.category,
                ",".join(card.benchmarks),
                len(card.languages),
                card.metric.main,
                "yes" if is_implemented(card) else "not yet",
                ",".join(samples) if samples else "-",
                _origin(entry.origin),
            ]
        )
    headers = [
        "task",
        "family",
        "category",
        "benchmarks",
        "langs",
        "main metric",
        "implemented",
        "bundled samples",
        "from",
    ]
    print(_table(rows, headers))
    print("\ntask groups (--tasks GROUP: its implemented tasks with data):")
    for group, members in registry.groups.items():
        print(f"  {group}: {', '.join(members)}")
    return 0


def cmd_profiles(args: argparse.Namespace) -> int:
    registry = _registry(args)
    if getattr(args, "lang", None):
        return _profiles_for_language(registry, args.lang)
    rows = []
    for name, entry in registry.profiles.items():
        p = entry.model
        ops = ", ".join(f"{k}:{v:g}" for k, v in p.operations.items()) or "-"
        rows.append(
            [
                name,
                p.version,
                p.unit,
                f"{p.rate:g}",
                p.seed,
                ops,
                p.description,
                _origin(entry.origin),
            ]
        )
    headers = ["profile", "version", "unit", "rate", "seed", "operations", "what", "from"]
    print(_table(rows, headers))
    return 0


def _profiles_for_language(registry: Registry, lang: str) -> int:
    from harness.noise.describe import keyboard_lines, profile_line

    for line in keyboard_lines(lang):
        print(line)
    print()
    for name, entry in registry.profiles.items():
        print(f"{name} (v{entry.model.version}): {profile_line(entry.model, lang)}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from harness.data import available_languages, load_task_data
    from harness.families import is_implemented

    registry = _registry(args)
    rows = []
    for name, entry in registry.tasks.items():
        card = entry.model
        folder = registry.samples_dir(name)
        samples = available_languages(card, "samples", samples_dir=folder)
        for lang in samples:  # raises on a malformed sample file
            load_task_data(card, lang, "samples", samples_dir=folder)
        pinned = sum(h.revision is not None for h in card.sources.hub)
        rows.append(
            [
                name,
                card.version,
                card.family,
                "implemented" if is_implemented(card) else "not implemented yet",
                f"{len(samples)} langs" if samples else "-",
                f"{pinned}/{len(card.sources.hub)}",
                _origin(entry.origin),
            ]
        )
    headers = [
        "task",
        "version",
        "family",
        "family code",
        "samples valid",
        "hub revisions pinned",
        "from",
    ]
    print(_table(rows, headers))
    extra = [e for e in registry.profiles.values() if e.origin != SHIPPED]
    for e in extra:
        print(f"profile {e.model.name} v{e.model.version}: valid ({_origin(e.origin)})")
    print(f"\n{len(registry.tasks)} task cards and {len(registry.profiles)} noise profiles valid.")
    return 0


def _noise_input(args: argparse.Namespace) -> list[str]:
    """The lines `noise`, `noise-stats` and `noise-report` read: TEXT arguments, --file F, or
    stdin."""
    from harness.errors import DataError

    if getattr(args, "text", None) and args.file:
        raise DataError("give lines as arguments or with --file, not both")
    if getattr(args, "text", None):
        return list(args.text)
    if args.file and args.file != "-":
        try:
            return Path(args.file).read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise DataError(f"{args.file}: cannot read ({exc.strerror})") from exc
        except UnicodeDecodeError as exc:
            raise DataError(f"{args.file}: not UTF-8 text ({exc.reason})") from exc
    return sys.stdin.read().splitlines()


def _noise_profile(registry: Registry, args: argparse.Namespace) -> Any:
    profile = registry.profile(args.profile)
    if args.seed is not None:
        profile = profile.model_copy(update={"seed": args.seed})
    return profile


def cmd_noise(args: argparse.Namespace) -> int:
    from harness.noise import perturb, seeds_for

    registry = _registry(args)
    profile = _noise_profile(registry, args)
    for i, line in enumerate(_noise_input(args)):
        seeds = seeds_for(profile, "cli", args.lang, str(i), "text")
        result = perturb(line, profile, args.lang, seeds)
        print(result.text)
        if args.explain:
            for e in result.edits:
                print(
                    f"line {i + 1} word {e.position}: {e.op} {e.before!r} -> {e.after!r}",
                    file=sys.stderr,
                )
            for note in result.fallbacks:
                print(f"line {i + 1}: fallback {note}", file=sys.stderr)
    return 0


def cmd_noise_stats(args: argparse.Namespace) -> int:
    from harness.noise.measure import measure_texts

    registry = _registry(args)
    profile = _noise_profile(registry, args)
    figures = measure_texts(_noise_input(args), profile, args.lang)
    if args.json:
        print(json.dumps(figures.model_dump(mode="json"), indent=1, ensure_ascii=False))
        return 0
    rows: list[list[Any]] = [  # percent, as the leaderboard shows them (--json: fractions)
        ["word_change_rate", f"{100 * figures.word_change_rate:.2f}%"],
        ["cer", f"{100 * figures.cer:.2f}%"],
        ["changed_fraction", f"{100 * figures.changed_fraction:.2f}%"],
        ["eligible_words", figures.eligible_words],
    ]
    rows += [["fallback", note] for note in figures.fallbacks]
    print(f"profile {profile.name} v{profile.version}, language {args.lang}")
    print(_table(rows, ["figure", "value"]))
    return 0


def cmd_noise_report(args: argparse.Namespace) -> int:
    from harness.noise.report import human_report, render

    profile = _noise_profile(_registry(args), args)
    report = human_report(_noise_input(args), profile, args.lang)
    if args.json:
        print(json.dumps(report.as_dict(), indent=1, ensure_ascii=False))
    else:
        print(render(report))
    return 0


class _Progress:
    """Progress on stderr (off with --quiet): a tqdm bar on a terminal; otherwise (a log
    file, CI) one plain line per cell, so a redirected run still shows where it is."""

    def __init__(self, quiet: bool, stream: Any = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.count = 0
        tty = bool(getattr(self.stream, "isatty", lambda: False)())
        self.bar = tqdm(unit="cell", file=self.stream, disable=quiet or not tty)
        self.plain = not quiet and not tty

    def __call__(self, message: str) -> None:
        self.count += 1
        if self.plain:
            print(f"[{self.count}] {message}", file=self.stream, flush=True)
        else:
            self.bar.set_postfix_str(message, refresh=False)
            self.bar.update(1)

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.bar.close()


def cmd_run(args: argparse.Namespace) -> int:
    from harness.api import evaluate
    from harness.models.source import HubModel, resolve_model
    from harness.parallel import world

    shard = _shard(args)  # a bad --shard stops before any work
    main_rank = world().is_main  # under torchrun only rank 0 reports and writes
    quiet = args.quiet or not main_rank
    model = resolve_model(args.model)
    if main_rank and (isinstance(model, HubModel) or getattr(model, "shadows_hub", False)):
        print(f"model: {model.describe()}", file=sys.stderr)  # which of folder and hub id
    with _Progress(quiet) as progress:
        report = evaluate(
            model,
            tasks=_split(args.tasks),
            langs=_split(args.langs),
            profiles=_split(args.profile) or (),
            data=args.data,
            labels=args.labels,
            limit=args.limit,
            batch_size="auto" if args.batch_size is None else args.batch_size,
            device=args.device,
            dtype=args.dtype,
            results=args.results,
            include_path=args.include_path,
            pooling=args.pooling,
            layer=args.layer,
            query_prefix=args.query_prefix,
            index_prefix=args.index_prefix,
            allow_pickle=args.allow_pickle,
            allow_nonstandard_data=args.allow_nonstandard_data,
            log_samples=args.log_samples,
            shard=shard,
            draws=args.draws,
            progress=progress,
        )
    if not main_rank:
        return EXIT_FAILED_CELLS if report.failures else 0
    if args.export_predictions:
        _export(report, Path(args.export_predictions))
    return _report(report, args.json)


def _shard(args: argparse.Namespace) -> Shard | None:
    """`--shard K/N` as a `harness.shards.Shard` (None when not given).

    Raises:
        ConfigError: not K/N with 1 <= K <= N.
    """
    from harness.shards import Shard

    return Shard.of(args.shard) if args.shard is not None else None


def _split(values: Sequence[str] | None) -> list[str] | None:
    """Repeatable, comma-separated option values as one list (None when not given)."""
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _export(report: Any, folder: Path) -> None:
    """Write each scored cell's predictions under <folder>/<profile>/ (official layout)."""
    from harness.predictions import write_predictions

    cells: list[tuple[Any, Sequence[Any]]] = []
    for r in report.results:  # every cell checked before any file is written
        predictions: Sequence[Any] = r.per_example["prediction"]
        if "relevant_at" in r.per_example:  # ranked retrieval: the store keeps the top one
            ranked = report.rankings.get((r.task, r.language, r.profile))
            if ranked is None:
                raise ConfigError(
                    f"{r.task}.{r.language} {r.profile}: served from the result store, which "
                    "keeps each query's top candidate and the ranks of the relevant ones, not "
                    "the whole ranked list --export-predictions writes",
                    hint="export into a fresh --results folder (or delete that cell's record)",
                )
            predictions = [list(p) for p in ranked]
        cells.append((r, predictions))
    for r, predictions in cells:
        write_predictions(
            report.registry.task(r.task),
            r.language,
            [str(i) for i in r.per_example["id"]],
            predictions,
            folder / r.profile,
        )
    print(f"predictions: {folder}/<profile>/<task>/test-<lang>.<ext>", file=sys.stderr)


def _report(report: Any, json_path: str | None) -> int:
    """Print a run's tables and failures; write --json when every cell succeeded."""
    if report.results:
        headers, rows = report.delta_rows()
        print(_table(rows, headers))
        headers, rows = report.aggregate_rows()
        print()
        print(_table(rows, headers))
        encoders = report.encoder_lines()
        if encoders:
            print("\nretrieval encoder settings:")
            for line in encoders:
                print(f"  {line}")
        limit = report.settings.get("limit")
        if limit is not None:
            print(
                f"\nlimited: only the first {limit} examples per language were scored "
                "(--limit); these scores are not comparable with full test sets"
            )
        results = report.settings.get("results")
        new = len(report.results) - report.served_from_store
        where = results if results is not None else "not stored (in memory)"
        print(f"\nresults: {where} ({new} new, {report.served_from_store} served from the store)")
        if report.sample_files:
            folder = Path(str(results)) / "samples"
            print(f"sample logs: {folder}/<model>/<task>/<lang>.<profile>.<key>.jsonl")
    if report.shard is not None and not (report.results or report.failures):
        print(f"shard {report.shard}: no cell of this run falls in this shard", file=sys.stderr)
    elif report.shard is not None:
        print(
            f"shard {report.shard}: {len(report.results)} of the run's cells; the task scores "
            "and the overall above are partial (merge the shards' stores: harness results merge)",
            file=sys.stderr,
        )
    for failure in report.failures:
        print(f"error: {failure.task}.{failure.language}: {failure.message}", file=sys.stderr)
    if len(report.failures) > 1:
        print(f"{len(report.failures)} failures", file=sys.stderr)
    if report.failures:
        if json_path:
            print(
                f"warning: --json {json_path} not written: {len(report.failures)} cell(s) failed "
                "(finished cells are in the store; a rerun resumes)",
                file=sys.stderr,
            )
        return EXIT_FAILED_CELLS
    if json_path:
        report.to_json(json_path)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from harness.demo import DEMO_PROFILE, build_demo_leaderboard, run_demo

    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the demo never needs the network
    out = Path(args.out)
    say = (lambda _msg: None) if args.quiet else (lambda msg: print(msg, file=sys.stderr))
    runs = run_demo(out, say)
    code = 0
    for method, report in runs.items():
        print(f"\n== {method} ({report.model})")
        code = max(code, _report(report, str(out / f"{method}.json")))
    rows = []
    tasks = sorted({r.task for report in runs.values() for r in report.results})
    for task in tasks:
        row: list[Any] = [task]
        for report in runs.values():
            scores = report.aggregate().tasks.get(task, {})
            clean = scores.get("clean", float("nan"))
            noisy = scores.get(DEMO_PROFILE, float("nan"))
            row += [clean, noisy, noisy - clean]
        rows.append(row)
    headers = ["task"] + [f"{m} {c}" for m in runs for c in ("clean", DEMO_PROFILE, "Δ")]
    print("\n== baseline vs STILTs (mean over languages)")
    print(_table(rows, headers))
    print(
        f"\ncheckpoints: {out / 'checkpoints'}  results: {out / 'results'}  "
        f"summaries: {out}/<method>.json"
    )
    site = build_demo_leaderboard(out, next(iter(runs.values())).registry)
    print(f"leaderboard: {site / 'index.html'}")
    return code


def cmd_evaluate_predictions(args: argparse.Namespace) -> int:
    from harness.predictions import evaluate_predictions, summary_rows, write_evaluation

    evaluation = evaluate_predictions(Path(args.predictions), Path(args.labels), args.benchmark)
    write_evaluation(evaluation, Path(args.output))
    print(_table(summary_rows(evaluation), ["score", "value", "status"]))
    print(f"\nwrote {args.output}")
    for note in evaluation.notes:
        print(f"note: {note}", file=sys.stderr)
    for task, missing in evaluation.incomplete.items():
        print(f"error: {task} is incomplete, missing {', '.join(missing)}", file=sys.stderr)
    return EXIT_FAILED_CELLS if evaluation.incomplete else 0


def cmd_score(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from harness.parallel import world
    from harness.scoring import ScoreOptions, results_dir_for, score_submission
    from harness.submissions import load_submissions

    shard = _shard(args)
    registry = _registry(args)
    roots = [Path(r) for r in args.checkpoint_root or ()]
    subs = load_submissions([Path(m) for m in args.manifests], registry, extra_roots=roots)
    options = ScoreOptions(
        profiles=tuple(_split(args.profile) or ()),
        data=args.data,
        labels_dir=Path(args.labels) if args.labels else None,
        limit=args.limit,
        batch_size=args.batch_size,
        device=args.device,
        dtype=args.dtype,
        results_root=Path(args.results) if args.results else None,
        allow_nonstandard_data=args.allow_nonstandard_data,
        log_samples=args.log_samples,
        shard=shard,
        draws=args.draws,
    )
    options.check(registry)  # a bad option stops every manifest before any work
    main_rank = world().is_main  # under torchrun only rank 0 reports (and writes)
    if args.dry_run:
        if not main_rank:
            return 0
        for sub in subs:
            profiles = dict.fromkeys(["clean", *sub.manifest.profiles, *options.profiles])
            print(f"{sub.id}: {sub.manifest.name} ({sub.manifest.method}), valid")
            for ref in sub.checkpoints:
                print(f"  {ref.key}: {ref.written} -> {', '.join(ref.tasks) or '-'}")
                if not ref.settings.empty:
                    fields = {k: v for k, v in vars(ref.settings).items() if v is not None}
                    print("    retrieval: " + ", ".join(f"{k} {v!r}" for k, v in fields.items()))
            print(f"  profiles: {', '.join(profiles)}")
            for key, langs in sub.manifest.languages.items():
                print(f"  languages of {key}: {', '.join(langs)}")
            draws = options.draws if options.draws is not None else sub.manifest.draws
            if draws is not None:
                print(f"  draws: {draws} per noisy profile")
            print(f"  results: {results_dir_for(sub, options.results_root)}")
            if shard is not None:
                print(f"  shard: {shard} (a deterministic part of the cells)")
        return 0
    failures: list[str] = []
    for sub in subs:
        if main_rank:
            print(f"\n== {sub.id}: {sub.manifest.name} ({sub.manifest.method})")
        with _Progress(args.quiet or not main_rank) as progress:
            outcome = score_submission(registry, sub, options, progress)
        report = outcome.report
        if main_rank and report.results:
            _report(replace(report, failures=()), None)
        failures += [f"{sub.id}: {f.task}.{f.language}: {f.message}" for f in report.failures]
    if not main_rank:
        return EXIT_FAILED_CELLS if failures else 0
    for line in failures:
        print(f"error: {line}", file=sys.stderr)
    if failures:
        print(f"{len(failures)} failure(s); the other cells are stored", file=sys.stderr)
        return EXIT_FAILED_CELLS
    return 0


def cmd_leaderboard_build(args: argparse.Namespace) -> int:
    from harness.leaderboard import build_leaderboard, load_config
    from harness.submissions import find_manifests, load_submissions

    registry = _registry(args)
    folder = Path(args.submissions)
    # the board reads results only: checkpoint paths are shown as written, never opened
    subs = load_submissions(find_manifests(folder), registry, check_paths=False)
    if not subs:
        raise HarnessError(f"{folder}: no submission manifests (*.yaml)")
    # several --results: the union of their stores (the shards of a run, say)
    roots = [Path(r) for r in args.results] if args.results else None
    ids = {s.id for s in subs}
    for results in roots or ():
        if not results.is_dir():
            continue
        for extra in sorted(p.name for p in results.iterdir() if p.is_dir()):
            if extra not in ids and not extra.startswith("."):
                print(
                    f"warning: {results / extra}: no manifest {extra}.yaml, ignored",
                    file=sys.stderr,
                )
    out = Path(args.out)
    board = build_leaderboard(
        registry,
        subs,
        out,
        results_root=roots,
        config=load_config(Path(args.config) if args.config else None),
        fmt=args.format,
    )
    for warning in board.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if args.format == "markdown":
        print((out / "leaderboard.md").read_text(encoding="utf-8"), end="")
    else:
        print(
            f"leaderboard: {out / 'index.html'} ({len(board.submissions)} submissions, "
            f"{len(board.tasks)} tasks, {len(board.profiles)} profiles besides clean)"
        )
    return 0


def cmd_results_merge(args: argparse.Namespace) -> int:
    from harness.shards import merge_stores

    out = Path(args.out)
    report = merge_stores(out, [Path(s) for s in args.stores])
    for line in report.conflicts:
        print(f"warning: {line}", file=sys.stderr)
    print(
        f"merged: {out} ({report.records} records: {report.written} written, "
        f"{report.duplicates} duplicates kept once, {len(report.conflicts)} conflicts)"
    )
    return 0


def cmd_data_pull(args: argparse.Namespace) -> int:
    from harness.data.pull import CHECKSUMS, pull
    from harness.runner import _split_names

    registry = Registry.load()
    out = Path(args.out)
    report = pull(registry, _split_names(args.tasks), _split_names(args.langs), out)
    rows = [
        [c.task, c.language, c.location, (c.revision or "-")[:12], c.state, len(c.files)]
        for c in report.cells
    ]
    if rows:
        print(_table(rows, ["task", "lang", "source", "revision", "data", "files"]))
        print(f"\nwrote {out / 'download'}, {out / 'labels'} and {out / CHECKSUMS}")
    for f in report.failures:
        print(f"error: {f.task}.{f.language}: {f.message}", file=sys.stderr)
    return EXIT_FAILED_CELLS if report.failures else 0


def cmd_data_verify(args: argparse.Namespace) -> int:
    from harness.data.verify import layout, verify_folder
    from harness.runner import _split_names

    registry = Registry.load()
    data, labels = layout(Path(args.folder), Path(args.labels) if args.labels else None)
    rows = verify_folder(registry, data, labels, _split_names(args.tasks), _split_names(args.langs))
    if not rows:
        raise HarnessError(f"{data}: no test file of any task")
    print(
        _table(
            [[r.task, r.language, r.status, r.detail] for r in rows],
            ["task", "lang", "status", "detail"],
        )
    )
    failed = [r for r in rows if r.failed]
    if failed:
        print(f"{len(failed)} of {len(rows)} set(s) failed the check", file=sys.stderr)
        return EXIT_FAILED_CELLS
    return 0
