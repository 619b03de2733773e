"""The `harness` command line: the parser over harness/commands.py, and `main`.

Every command turns a HarnessError into one line on stderr (plus a hint line where one helps)
and a non-zero exit; nothing is written unless the work it describes completed.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from harness import __version__
from harness.commands import (
    cmd_data_pull,
    cmd_data_verify,
    cmd_demo,
    cmd_evaluate_predictions,
    cmd_leaderboard_build,
    cmd_noise,
    cmd_noise_report,
    cmd_noise_stats,
    cmd_profiles,
    cmd_results_merge,
    cmd_run,
    cmd_score,
    cmd_tasks,
    cmd_validate,
)
from harness.errors import HarnessError


def _batch_size(value: str) -> int | None:
    if value == "auto":
        return None
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError("expected a positive integer or 'auto'") from None


def _draws(value: str) -> int:
    """`--draws K`: a whole number from 1 to MAX_DRAWS (argparse exits 2 on anything else)."""
    from harness.schema import MAX_DRAWS

    try:
        draws = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if not 1 <= draws <= MAX_DRAWS:
        raise argparse.ArgumentTypeError(f"expected 1 to {MAX_DRAWS} draws, not {draws}")
    return draws


# --------------------------------------------------------------------------- parser


def _add_dtype(parser: argparse.ArgumentParser) -> None:
    """`--dtype`, shared by `run` and `score` (checked by runner.check_options)."""
    parser.add_argument(
        "--dtype",
        choices=("fp32", "fp16", "bf16"),
        default="fp32",
        help="precision of the forward pass (default fp32; fp16 needs a GPU)",
    )


def _add_log_samples(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--log-samples",
        action="store_true",
        help="also write, per cell, each example's clean and noisy input, edits, gold and both "
        "predictions: <results>/samples/<model>/<task>/<lang>.<profile>.<key>.jsonl",
    )


def _add_allow_nonstandard(parser: argparse.ArgumentParser) -> None:
    """`--allow-nonstandard-data`, shared by `run` and `score` (harness.data.identity)."""
    parser.add_argument(
        "--allow-nonstandard-data",
        action="store_true",
        help="score data that is not the card's official test set; such cells record why "
        "(`nonstandard`) in their result, key and signature",
    )


def _add_shard(parser: argparse.ArgumentParser) -> None:
    """`--shard K/N`, shared by `run` and `score` (harness.shards)."""
    parser.add_argument(
        "--shard",
        metavar="K/N",
        help="score only shard K of N (1-based): a deterministic part of the cells, every "
        "cell of a (task, language) in one shard; merge the stores with `harness results merge`",
    )


def _add_draws(parser: argparse.ArgumentParser, default_from: str) -> None:
    """`--draws K`, shared by `run` and `score` (harness.evaluate's `draws`)."""
    parser.add_argument(
        "--draws",
        type=_draws,
        default=None,
        metavar="K",
        help="independent noise draws per noisy profile, each with its own seed derived from "
        "the profile's (draw 0 is the profile's own); tables show the mean over draws, its "
        f"interval and the worst of K (default: {default_from})",
    )


def _include_parent() -> argparse.ArgumentParser:
    """`--include-path`, shared by every command that reads the registry."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--include-path",
        action="append",
        metavar="DIR",
        help="also read task cards from DIR/tasks/ and profiles from DIR/noise_profiles/ "
        "(repeatable; default: HARNESS_INCLUDE_PATH)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    include = _include_parent()
    parser = argparse.ArgumentParser(
        prog="harness",
        description="Score Hugging Face checkpoints on XTREME-R, clean and with typos.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser(
        "run", parents=[include], help="score a checkpoint on clean and noisy input"
    )
    run.add_argument(
        "--model",
        required=True,
        help="checkpoint folder, folder of <task>/ ones, or hub id org/name[@<40-hex sha>]",
    )
    run.add_argument(
        "--profile",
        action="append",
        metavar="P",
        help="noise profile(s) besides clean; repeat or comma-separate",
    )
    run.add_argument(
        "--tasks", action="append", metavar="T,..", help="tasks (default: all implemented)"
    )
    run.add_argument(
        "--langs", action="append", metavar="L,..", help="languages (default: all with data)"
    )
    run.add_argument(
        "--data",
        default="hub",
        help="hub (default), samples, or an official XTREME download/ folder",
    )
    run.add_argument("--labels", help="official label folder for test files without labels")
    run.add_argument("--limit", type=int, help="score only the first N examples per language")
    run.add_argument(
        "--batch-size",
        type=_batch_size,
        default=None,
        metavar="N|auto",
        help="examples per batch (default auto: on a GPU the most that fit, from 128 down; "
        "on a CPU up to 1024 padded tokens)",
    )
    run.add_argument("--device", default="auto", help="auto (default), cpu, cuda, cuda:N, mps")
    _add_dtype(run)
    _add_allow_nonstandard(run)
    _add_shard(run)
    _add_draws(run, "each profile's draws:, else 1")
    run.add_argument("--results", default="results", help="result store folder (default results/)")
    run.add_argument("--json", metavar="FILE", help="also write a JSON summary")
    run.add_argument(
        "--export-predictions",
        metavar="DIR",
        help="write predictions in the official submission layout: DIR/<profile>/<task>/...",
    )
    run.add_argument(
        "--allow-pickle",
        action="store_true",
        help="load pickle weights (can execute code: only for trusted checkpoints)",
    )
    run.add_argument(
        "--pooling",
        choices=("mean", "cls", "max"),
        help="retrieval tasks: pool the encoder states by mean, cls or max (default: a "
        "sentence-transformers folder's own, else the card's)",
    )
    run.add_argument(
        "--layer",
        type=int,
        metavar="N",
        help="retrieval tasks: hidden state N to pool (0 = embeddings, negative from the top, "
        "-1 = last; default: the last for a sentence-transformers folder, else the card's)",
    )
    run.add_argument(
        "--query-prefix",
        metavar="TEXT",
        help="retrieval tasks: text put before every query when encoded (e5: 'query: ')",
    )
    run.add_argument(
        "--index-prefix",
        metavar="TEXT",
        help="retrieval tasks: text put before every candidate when encoded (e5: 'passage: ')",
    )
    _add_log_samples(run)
    run.add_argument("--quiet", action="store_true", help="no progress lines")
    run.set_defaults(func=cmd_run)

    sub.add_parser("tasks", parents=[include], help="list task cards").set_defaults(func=cmd_tasks)
    profiles = sub.add_parser("profiles", parents=[include], help="list noise profiles")
    profiles.add_argument(
        "--lang", metavar="L", help="show the keyboard and what each profile does in language L"
    )
    profiles.set_defaults(func=cmd_profiles)
    sub.add_parser(
        "validate", parents=[include], help="validate cards, profiles and bundled samples"
    ).set_defaults(func=cmd_validate)

    noise = sub.add_parser(
        "noise", parents=[include], help="print noised text, one line per input line"
    )
    noise.add_argument("--profile", required=True)
    noise.add_argument("--lang", required=True)
    noise.add_argument("--seed", type=int, help="override the profile's seed")
    noise.add_argument(
        "--explain", action="store_true", help="list every edit (and fallback) on stderr"
    )
    noise.add_argument("--file", metavar="F", help="read lines from F ('-': stdin)")
    noise.add_argument("text", nargs="*", help="lines to noise (default: --file or stdin)")
    noise.set_defaults(func=cmd_noise)

    stats = sub.add_parser(
        "noise-stats",
        parents=[include],
        help="realized noise of a profile on a file: word-change rate, CER",
    )
    stats.add_argument("--profile", required=True)
    stats.add_argument("--lang", required=True)
    stats.add_argument("--seed", type=int, help="override the profile's seed")
    stats.add_argument("--file", metavar="F", required=True, help="one text per line ('-': stdin)")
    stats.add_argument("--json", action="store_true", help="print the figures as JSON")
    stats.set_defaults(func=cmd_noise_stats)

    report = sub.add_parser(
        "noise-report",
        parents=[include],
        help="how human-like a profile's typos are on a file: edit types, positions, keys",
    )
    report.add_argument("--profile", required=True)
    report.add_argument("--lang", required=True)
    report.add_argument("--seed", type=int, help="override the profile's seed")
    report.add_argument("--file", metavar="F", required=True, help="one text per line ('-': stdin)")
    report.add_argument("--json", action="store_true", help="print the report as JSON")
    report.set_defaults(func=cmd_noise_report)

    evp = sub.add_parser(
        "evaluate-predictions",
        help="score prediction files in the official submission layout (<task>/test-<lang>.<ext>)",
    )
    evp.add_argument("--predictions", required=True, metavar="DIR", help="prediction folder")
    evp.add_argument("--labels", required=True, metavar="DIR", help="gold label folder")
    evp.add_argument("--benchmark", required=True, choices=["xtreme", "xtreme-r"])
    evp.add_argument("--output", required=True, metavar="FILE", help="JSON file to write")
    evp.set_defaults(func=cmd_evaluate_predictions)

    score = sub.add_parser(
        "score",
        parents=[include],
        help="score submission manifests (clean and their profiles) into their stores",
    )
    score.add_argument("manifests", nargs="+", metavar="MANIFEST", help="submissions/<id>.yaml")
    score.add_argument(
        "--profile",
        action="append",
        metavar="P",
        help="profile(s) to score besides the manifest's; repeat or comma-separate",
    )
    score.add_argument(
        "--data", default="hub", help="hub (default), samples, or an official XTREME folder"
    )
    score.add_argument("--labels", help="official label folder for test files without labels")
    score.add_argument("--limit", type=int, help="score only the first N examples per language")
    score.add_argument(
        "--batch-size", type=_batch_size, default=None, metavar="N|auto", help="default auto"
    )
    score.add_argument("--device", default="auto", help="auto (default), cpu, cuda, cuda:N, mps")
    _add_dtype(score)
    _add_allow_nonstandard(score)
    _add_log_samples(score)
    _add_shard(score)
    _add_draws(score, "the manifest's draws:, else each profile's, else 1")
    score.add_argument(
        "--results",
        metavar="DIR",
        help="results root: <DIR>/<id>/ per submission (default: beside each manifest)",
    )
    score.add_argument(
        "--checkpoint-root",
        action="append",
        metavar="DIR",
        help="another folder local checkpoint paths may resolve into (repeatable)",
    )
    score.add_argument(
        "--dry-run", action="store_true", help="validate the manifests and show the plan only"
    )
    score.add_argument("--quiet", action="store_true", help="no progress lines")
    score.set_defaults(func=cmd_score)

    board = sub.add_parser("leaderboard", help="build the static leaderboard site")
    board_sub = board.add_subparsers(dest="leaderboard_command", required=True, metavar="ACTION")
    build = board_sub.add_parser(
        "build", parents=[include], help="summarize results and write the site"
    )
    build.add_argument(
        "--results",
        action="append",
        metavar="DIR",
        help="results root holding <id>/ per submission (default: beside each manifest); "
        "repeat to read the union of several (the stores of a sharded run)",
    )
    build.add_argument(
        "--submissions", default="submissions", metavar="DIR", help="manifest folder"
    )
    build.add_argument("--config", metavar="FILE", help="leaderboard config (fixed columns etc.)")
    build.add_argument("--out", required=True, metavar="DIR", help="output folder")
    build.add_argument(
        "--format",
        choices=["html", "markdown"],
        default="html",
        help="html: the whole site; markdown: print (and write) the main table",
    )
    build.set_defaults(func=cmd_leaderboard_build)

    results = sub.add_parser("results", help="work on result stores")
    results_sub = results.add_subparsers(dest="results_command", required=True, metavar="ACTION")
    merge = results_sub.add_parser(
        "merge",
        help="merge result stores (the shards of a run) into one, through their content keys",
    )
    merge.add_argument("out", metavar="OUT", help="the merged store (created, or added to)")
    merge.add_argument(
        "stores", nargs="+", metavar="STORE", help="stores, or results roots of <id>/ stores"
    )
    merge.set_defaults(func=cmd_results_merge)

    data = sub.add_parser("data", help="pull official test sets from the hub; verify a folder")
    data_sub = data.add_subparsers(dest="data_command", required=True, metavar="ACTION")
    pull = data_sub.add_parser(
        "pull", help="write the official download/ and labels/ layout from the hub sources"
    )
    pull.add_argument("--tasks", action="append", required=True, metavar="T,..", help="tasks")
    pull.add_argument(
        "--langs", action="append", metavar="L,..", help="languages (default: all the hub serves)"
    )
    pull.add_argument("--out", required=True, metavar="DIR", help="folder to write")
    pull.set_defaults(func=cmd_data_pull)
    verify = data_sub.add_parser(
        "verify", help="check an official-layout folder against the cards' test-set identities"
    )
    verify.add_argument("folder", metavar="DIR", help="a download/ folder, or a pulled folder")
    verify.add_argument("--labels", metavar="DIR", help="official label folder")
    verify.add_argument(
        "--tasks", action="append", metavar="T,..", help="tasks (default: all with files)"
    )
    verify.add_argument("--langs", action="append", metavar="L,..", help="languages")
    verify.set_defaults(func=cmd_data_verify)

    demo = sub.add_parser(
        "demo",
        help="offline demo: tiny baseline and STILTs checkpoints, scored clean and under typo-10",
    )
    demo.add_argument("--out", default="demo-output", help="output folder (default demo-output/)")
    demo.add_argument("--quiet", action="store_true")
    demo.set_defaults(func=cmd_demo)
    return parser


def _quiet_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's flush at exit finds no closed pipe."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (a test's capture)
        pass
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `harness` console script."""
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()  # inside the try: a closed pipe shows up here, not at exit
    except HarnessError as exc:
        print(f"error: {exc.message}", file=sys.stderr)
        if exc.hint:
            print(f"hint: {exc.hint}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; finished cells are kept in the result store", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `harness tasks | head -3`: the reader has gone, end quietly
        _quiet_stdout()
        return 0
    finally:
        if "harness.parallel" in sys.modules:  # only a torchrun run joined a process group
            from harness.parallel import shutdown

            shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
