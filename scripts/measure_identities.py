#!/usr/bin/env python3
"""Measure official test sets and print the `identity` entries to paste into task cards.

    python scripts/measure_identities.py --data ../shared/realdata/download \\
        --labels ../shared/realdata/labels --tasks tatoeba,udpos,xcopa,xquad,lareqa

For every card language with a file under `--data`, the set is read with the harness's own
official-layout readers (gold from `--labels` where that folder holds the task's label file,
else inline) and its sizes and content fingerprints (harness.data.identity; normalisation in
docs/design/data.md) are printed as one YAML flow mapping per language, under
`identity.<split>`. The evidence key is `--evidence` (default `measured`); the card's
`identity.evidence` must define it. Nothing is written: review the figures, then paste them.
Sizes only (`--no-hashes`) suit files whose text is not the official text (see the card).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness.data import available_languages, load_task_data
from harness.data.identity import fingerprints, measure
from harness.registry import Registry
from harness.schema import TaskCard


def _labels_for(card: TaskCard, labels: Path | None, lang: str) -> Path | None:
    pattern = card.sources.official.labels_path
    if labels is None or pattern is None:
        return None
    return labels if (labels / pattern.format(lang=lang)).is_file() else None


def entries(
    card: TaskCard, data: Path, labels: Path | None, split: str, evidence: str, hashes: bool
) -> list[str]:
    """One `lang: {...}` YAML line per language with data."""
    lines: list[str] = []
    for lang in available_languages(card, str(data), split):
        ds = load_task_data(
            card,
            lang,
            str(data),
            split=split,
            labels_dir=_labels_for(card, labels, lang) if split == "test" else None,
            allow_nonstandard=True,
        )
        sizes = ", ".join(f"{k}: {v}" for k, v in measure(card, ds.examples, ds.index).items())
        line = f"    {lang}: {{{sizes}, evidence: {evidence}"
        if hashes:
            found = fingerprints(card, ds.examples, ds.index)
            line += ",\n" + " " * (len(lang) + 7)  # one YAML flow mapping over two lines
            line += ", ".join(f"{k}: {v}" for k, v in found.items())
        lines.append(line + "}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True, type=Path, help="official download/ folder")
    parser.add_argument("--labels", type=Path, help="official label folder")
    parser.add_argument("--tasks", required=True, help="comma-separated task names")
    parser.add_argument("--split", default="test", help="card split (default test)")
    parser.add_argument("--evidence", default="measured", help="evidence key to print")
    parser.add_argument("--no-hashes", action="store_true", help="print sizes only")
    args = parser.parse_args(argv)
    registry = Registry.load()
    for name in (t.strip() for t in args.tasks.split(",") if t.strip()):
        card = registry.task(name)
        if args.split not in card.splits:
            print(f"# {name}: no {args.split} split", file=sys.stderr)
            continue
        lines = entries(card, args.data, args.labels, args.split, args.evidence, not args.no_hashes)
        print(f"# {name} ({len(lines)} languages)\nidentity:\n  {args.split}:")
        print("\n".join(lines) if lines else "    {}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
