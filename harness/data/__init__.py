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
from harness.data import identity
from harness.data.examples import Dataset, Example
from harness.data.hub import load_hub_cell
from harness.data.official import languages_in, read_examples, read_labels, read_retrieval
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


#: Metrics whose scoring tunes a setting on another split: BUCC's mining threshold is tuned
#: on dev (third_party/utils_retrieve.py `bucc_optimize`).
TUNE_SPLITS = {"bucc_f1": "dev"}

_INDEX_FINGERPRINTS: dict[int, tuple[Sequence[Example], str]] = {}


def _fingerprint_of(examples: Sequence[Example]) -> str:
    """`fingerprint`, remembered for the last few shared candidate sets (read once, cached by the
    readers, and identical for every language of a task)."""
    found = _INDEX_FINGERPRINTS.get(id(examples))
    if found is not None and found[0] is examples:
        return found[1]
    value = fingerprint(examples)
    if len(_INDEX_FINGERPRINTS) >= 4:
        _INDEX_FINGERPRINTS.pop(next(iter(_INDEX_FINGERPRINTS)))
    _INDEX_FINGERPRINTS[id(examples)] = (examples, value)
    return value


def _official_path(card: TaskCard, root: Path, split: str, lang: str) -> Path:
    split_name = card.splits.get(split)  # type: ignore[call-overload]
    if split_name is None:
        raise DataError(f"task {card.name!r} has no {split!r} split")
    rel = card.sources.official.path.format(split=split_name, lang=lang)
    return root / rel


def _root(data: str, samples_dir: Path | None) -> Path:
    """The folder an official-layout source reads: the samples folder, or `data` itself."""
    if data == "samples":
        return samples_dir if samples_dir is not None else paths.samples_dir()
    return Path(data)


def available_languages(
    card: TaskCard, data: str, split: str = "test", *, samples_dir: Path | None = None
) -> tuple[str, ...]:
    """The card languages for which an official-layout file exists under `data`.

    `data` is `samples` or a folder; for `hub`, the card languages a hub source serves (none
    for a task whose pairs are mined from full corpora, which the hub does not hold).
    `samples_dir` is where the card's samples live (default: the harness home's; a card from
    an include folder has its own, see `Registry.samples_dir`).
    """
    if data == "hub":
        if card.family == "retrieval" and card.metric.name in TUNE_SPLITS:
            return ()
        return tuple(
            lang
            for lang in card.languages
            if any(h.languages is None or lang in h.languages for h in card.sources.hub)
        )
    root = _root(data, samples_dir)
    key = card.sources.official.language_key
    if key is not None:  # one file holds every language: those it has records for
        path = _official_path(card, root, split, "-")
        have = languages_in(path, key) if path.is_file() else frozenset()
        return tuple(lang for lang in card.languages if lang in have)
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
    samples_dir: Path | None = None,
    allow_nonstandard: bool = False,
) -> Dataset:
    """Load the examples of one task and language, with gold labels.

    Official and hub data are checked against the card's identity (`harness.data.identity`)
    before `limit` applies; the bundled samples are never compared.

    Args:
        card: the task card.
        lang: one of the card's languages.
        data: `hub`, `samples`, or a folder in the official XTREME `download/` layout.
        split: the card split to read (`test` by default).
        labels_dir: a folder in the official label layout, for test files without labels.
        limit: keep only the first N examples.
        samples_dir: where the card's samples live (see `available_languages`).
        allow_nonstandard: load data that differs from the card's official set anyway; the
            dataset then says why (`Dataset.nonstandard`).

    Raises:
        DataError: the data is missing, malformed, has no gold labels, or is not the
            official set (unless `allow_nonstandard`).
    """
    if card.family == "retrieval":
        return _load_retrieval(
            card,
            lang,
            data,
            split,
            labels_dir,
            limit,
            allow_nonstandard,
            tune=True,
            samples_dir=samples_dir,
        )
    revision: str | None = None
    pinned: bool | None = None
    if data == "hub":
        cell = load_hub_cell(card, lang)
        examples = list(cell.examples)
        location, revision, pinned = cell.location, cell.revision, cell.pinned
        source = "hub"
    else:
        source = "samples" if data == "samples" else "official"
        root = _root(data, samples_dir)
        if not root.is_dir():
            raise DataError(f"--data {data}: no such folder")
        path = _official_path(card, root, split, lang)
        if not path.is_file():
            have = available_languages(card, data, split, samples_dir=samples_dir)
            raise DataError(
                f"{path}: file not found",
                hint=f"{source} data for {card.name} covers: {', '.join(have) or 'no language'}",
            )
        examples = read_examples(card, path)
        location = str(path)
        inline = bool(examples) and all(e.label is not None for e in examples)
        pattern = card.sources.official.labels_path
        if labels_dir is not None and pattern is not None:
            # per task: a label folder without this task's file leaves inline labels in use
            labels_path = labels_dir / pattern.format(lang=lang)
            if labels_path.is_file() or not inline:
                gold = read_labels(card, labels_path, examples)
                examples = [Example(e.id, e.fields, g) for e, g in zip(examples, gold, strict=True)]
        elif labels_dir is not None and not inline:
            raise DataError(f"task {card.name!r} has no label-folder layout")
    if not examples:
        raise DataError(f"{location}: no examples for {card.name}/{lang}")
    if any(e.label is None for e in examples):
        raise DataError(f"{location}: no gold labels", hint=_labels_hint(card, lang))
    checked = _check(card, split, lang, examples, (), source, location, allow_nonstandard)
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
        identity=checked,
        pinned=pinned,
    )


def _labels_hint(card: TaskCard, lang: str, labels_dir: Path | None = None) -> str:
    """What to pass when a test set holds no gold labels: the label folder, and where in it
    the harness looks for this task's file."""
    pattern = card.sources.official.labels_path
    where = f" (it reads <DIR>/{pattern.format(lang=lang)})" if pattern else ""
    if labels_dir is not None and pattern is not None:
        return (
            f"{labels_dir} has no {pattern.format(lang=lang)}: pass the official label folder "
            f"with --labels DIR{where}"
        )
    return f"pass the official label folder with --labels DIR{where}"


def _check(
    card: TaskCard,
    split: str,
    lang: str,
    examples: Sequence[Example],
    index: Sequence[Example],
    source: str,
    location: str,
    allow_nonstandard: bool,
) -> identity.IdentityCheck:
    """The identity check of a whole (untruncated) set; the samples are never compared."""
    if source == "samples":
        return identity.SAMPLES
    return identity.check(
        card,
        split,
        lang,
        examples,
        index,
        source=source,
        location=location,
        allow_nonstandard=allow_nonstandard,
    )


def _gold_file(
    card: TaskCard, root: Path, split: str, lang: str, labels_dir: Path | None
) -> Path | None:
    """Where a retrieval split's gold lives when the data does not hold it inline: the
    `--labels` folder (test split), else the card's `gold_path` inside the data folder."""
    src = card.sources.official
    if labels_dir is not None and split == "test" and src.labels_path is not None:
        path = labels_dir / src.labels_path.format(lang=lang)
        if path.is_file():  # else: the gold file in the data folder, or inline labels
            return path
    pattern = src.gold_path
    if pattern is None and src.format == "text_pairs" and src.path.endswith(".{lang}"):
        # the official scripts' convention: `<prefix>.gold` beside `<prefix>.<lang>` (BUCC's
        # `de-en.dev.gold`; evaluate_retrieval.py reads f"{prefix}.gold")
        pattern = src.path[: -len(".{lang}")] + ".gold"
    if pattern is not None:
        name = card.splits.get(split)  # type: ignore[call-overload]
        path = root / pattern.format(split=name, lang=lang)
        if path.is_file():
            return path
    return None


def _load_retrieval(
    card: TaskCard,
    lang: str,
    data: str,
    split: str,
    labels_dir: Path | None,
    limit: int | None,
    allow_nonstandard: bool,
    *,
    tune: bool,
    samples_dir: Path | None = None,
) -> Dataset:
    """A retrieval task's queries, its separately stored candidates (`Dataset.index`) and, for
    a metric tuned on another split, that split (`Dataset.tune`, never limited)."""
    revision: str | None = None
    pinned: bool | None = None
    index: tuple[Example, ...] = ()
    notes: tuple[str, ...] = ()
    if data == "hub":
        cell = load_hub_cell(card, lang)
        examples, index = list(cell.examples), cell.index
        location, revision, pinned = cell.location, cell.revision, cell.pinned
        source = "hub"
    else:
        source = "samples" if data == "samples" else "official"
        root = _root(data, samples_dir)
        if not root.is_dir():
            raise DataError(f"--data {data}: no such folder")
        path = _official_path(card, root, split, lang)
        if not path.is_file():
            have = available_languages(card, data, split, samples_dir=samples_dir)
            raise DataError(
                f"{path}: file not found",
                hint=f"{source} data for {card.name} covers: {', '.join(have) or 'no language'}",
            )
        read = read_retrieval(card, root, split, lang)
        examples, index, location, notes = read.examples, read.index, read.location, read.notes
        if data == "samples" and labels_dir is None:
            labels_dir = root  # the bundled samples are their own label folder too
        gold = _gold_file(card, root, split, lang, labels_dir)
        if gold is not None:
            labels = read_labels(card, gold, examples)
            examples = [Example(e.id, e.fields, g) for e, g in zip(examples, labels, strict=True)]
    if not examples:
        raise DataError(f"{location}: no examples for {card.name}/{lang}")
    if any(e.label is None for e in examples):
        hint = (
            _labels_hint(card, lang, labels_dir)
            if split == "test"
            else f"the card's gold_path must name the {split} gold file in the data folder"
        )
        raise DataError(f"{location}: no gold labels for the {split} split", hint=hint)
    checked = _check(card, split, lang, examples, index, source, location, allow_nonstandard)
    tuned: Dataset | None = None
    tune_split = TUNE_SPLITS.get(card.metric.name)
    if tune and tune_split is not None and tune_split != split:
        tuned = _load_retrieval(
            card,
            lang,
            data,
            tune_split,
            None,
            None,
            allow_nonstandard,
            tune=False,
            samples_dir=samples_dir,
        )
        if tuned.nonstandard is not None:  # a different tuning split moves the score too
            checked = identity.with_tuning(checked, tuned.identity, tune_split)
    if limit is not None:
        examples = examples[:limit]
    digest = fingerprint(examples)
    if index or tuned is not None:
        h = hashlib.sha256(digest.encode())
        h.update(_fingerprint_of(index).encode() if index else b"-")
        h.update(tuned.fingerprint.encode() if tuned is not None else b"-")
        digest = h.hexdigest()
    return Dataset(
        task=card.name,
        language=lang,
        split=split,
        examples=tuple(examples),
        source=source,
        location=location,
        fingerprint=digest,
        revision=revision,
        notes=notes,
        index=index,
        tune=tuned,
        identity=checked,
        pinned=pinned,
    )
