"""Data sources: the official XTREME layout, the bundled samples, and the Hugging Face hub.

`load_task_data` is the one entry point: it returns a fingerprinted `Dataset` of examples with
gold labels, whatever the source.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

from harness import paths
from harness.data.examples import Dataset, Example
from harness.data.hub import examples_from_rows, hub_source_for, load_hub_rows
from harness.data.official import read_examples, read_labels
from harness.errors import DataError
from harness.schema import TaskCard

__all__ = ["Dataset", "Example", "available_languages", "fingerprint", "load_task_data"]


def fingerprint(examples: Sequence[Example]) -> str:
    """sha256 over the examples' ids, fields and labels, in order."""
    h = hashlib.sha256()
    for ex in examples:
        record = [ex.id, sorted((k, v) for k, v in ex.fields.items()), ex.label]
        h.update(json.dumps(record, ensure_ascii=False).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def _official_path(card: TaskCard, root: Path, split: str, lang: str) -> Path:
    split_name = card.splits.get(split)  # type: ignore[call-overload]
    if split_name is None:
        raise DataError(f"task {card.name!r} has no {split!r} split")
    rel = card.sources.official.path.format(split=split_name, lang=lang)
    return root / rel


def available_languages(card: TaskCard, data: str, split: str = "test") -> tuple[str, ...]:
    """The card languages for which an official-layout file exists under `data`.

    `data` is `samples` or a folder; for `hub` every card language is available.
    """
    if data == "hub":
        return card.languages
    root = paths.samples_dir() if data == "samples" else Path(data)
    return tuple(
        lang for lang in card.languages if _official_path(card, root, split, lang).is_file()
    )


def load_task_data(
    card: TaskCard,
    lang: str,
    data: str,
    *,
    split: str = "test",
    labels_dir: Path | None = None,
    limit: int | None = None,
) -> Dataset:
    """Load the examples of one task and language, with gold labels.

    Args:
        card: the task card.
        lang: one of the card's languages.
        data: `hub`, `samples`, or a folder in the official XTREME `download/` layout.
        split: the card split to read (`test` by default).
        labels_dir: a folder in the official label layout, for test files without labels.
        limit: keep only the first N examples.

    Raises:
        DataError: the data is missing, malformed, or has no gold labels.
    """
    revision: str | None = None
    if data == "hub":
        hub = hub_source_for(card, lang)
        rows, location, revision = load_hub_rows(card, hub, lang)
        examples = examples_from_rows(card, hub, lang, rows)
        source = "hub"
    else:
        source = "samples" if data == "samples" else "official"
        root = paths.samples_dir() if data == "samples" else Path(data)
        if not root.is_dir():
            raise DataError(f"--data {data}: no such folder")
        path = _official_path(card, root, split, lang)
        if not path.is_file():
            have = available_languages(card, data, split)
            raise DataError(
                f"{path}: file not found",
                hint=f"{source} data for {card.name} covers: {', '.join(have) or 'no language'}",
            )
        examples = read_examples(card, path)
        location = str(path)
        if labels_dir is not None:
            pattern = card.sources.official.labels_path
            if pattern is None:
                raise DataError(f"task {card.name!r} has no label-folder layout")
            labels_path = labels_dir / pattern.format(lang=lang)
            gold = read_labels(card, labels_path, examples)
            examples = [Example(e.id, e.fields, g) for e, g in zip(examples, gold, strict=True)]
    if not examples:
        raise DataError(f"{location}: no examples for {card.name}/{lang}")
    if any(e.label is None for e in examples):
        raise DataError(
            f"{location}: no gold labels", hint="pass --labels DIR (official label-folder layout)"
        )
    if limit is not None:
        examples = examples[:limit]
    return Dataset(
        task=card.name,
        language=lang,
        split=split,
        examples=tuple(examples),
        source=source,
        location=location,
        fingerprint=fingerprint(examples),
        revision=revision,
    )
