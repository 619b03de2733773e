"""`harness data verify`: check an official-layout folder against the cards' identities.

One row per (task, language) of the test split: `ok` (every verified figure matches),
`count mismatch`, `fingerprint mismatch`, `missing` (no file for a card language),
`unverified` (the card verifies nothing for it) or `unreadable` (the reader refused the file).
Mismatches and unreadable files fail the check; a missing language fails it only when the task
or language was asked for by name (a folder may hold a few languages of a task).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.data import available_languages, load_task_data
from harness.errors import ConfigError, DataError, HarnessError
from harness.registry import Registry, suggest
from harness.schema import TaskCard

__all__ = ["FAILING", "VerifyRow", "layout", "verify_folder"]

FAILING = frozenset({"count mismatch", "fingerprint mismatch", "unreadable"})


@dataclass(frozen=True)
class VerifyRow:
    """One (task, language) of a verified folder.

    Attributes:
        status: ok, count mismatch, fingerprint mismatch, missing, unverified or unreadable.
        detail: what was compared, what differs, or why the file was refused.
        required: the task or language was named, so a missing file fails the check.
    """

    task: str
    language: str
    status: str
    detail: str
    required: bool = False

    @property
    def failed(self) -> bool:
        return self.status in FAILING or (self.status == "missing" and self.required)


def layout(folder: Path, labels: Path | None) -> tuple[Path, Path | None]:
    """The data and label folders to verify: `folder` itself, or a `harness data pull` folder
    (one holding `download/`, with `labels/` beside it when `labels` is not given).

    Raises:
        DataError: the folder does not exist.
    """
    if not folder.is_dir():
        raise DataError(f"{folder}: no such folder")
    if (folder / "download").is_dir():
        pulled_labels = folder / "labels"
        if labels is None and pulled_labels.is_dir():
            labels = pulled_labels
        folder = folder / "download"
    if labels is not None and not labels.is_dir():
        raise DataError(f"--labels {labels}: no such folder")
    return folder, labels


def _labels_for(card: TaskCard, labels: Path | None, lang: str) -> Path | None:
    """The label folder, where it holds this cell's gold file (else the data's inline gold)."""
    pattern = card.sources.official.labels_path
    if labels is None or pattern is None:
        return None
    return labels if (labels / pattern.format(lang=lang)).is_file() else None


def _row(card: TaskCard, lang: str, data: Path, labels: Path | None) -> VerifyRow:
    try:
        ds = load_task_data(
            card,
            lang,
            str(data),
            labels_dir=_labels_for(card, labels, lang),
            allow_nonstandard=True,
        )
    except HarnessError as exc:
        return VerifyRow(card.name, lang, "unreadable", exc.message)
    check = ds.identity
    if check.state == "standard":
        return VerifyRow(card.name, lang, "ok", "checked " + ", ".join(check.checked))
    if check.state == "nonstandard":
        kinds = {m.kind for m in check.mismatches}
        status = "count mismatch" if "count" in kinds else "fingerprint mismatch"
        return VerifyRow(card.name, lang, status, check.reason or "")
    return VerifyRow(card.name, lang, "unverified", "the card verifies no figure of this set")


def verify_folder(
    registry: Registry,
    data: Path,
    labels: Path | None = None,
    tasks: Sequence[str] | None = None,
    langs: Sequence[str] | None = None,
) -> list[VerifyRow]:
    """Check every (task, language) test set under `data` against its card.

    Args:
        registry: the task cards.
        data: a folder in the official `download/` layout.
        labels: an official label folder (used per cell where it holds the gold file).
        tasks: the tasks to check (default: every task with a file under `data`).
        langs: the languages to check (default: every card language).

    Raises:
        ConfigError: an unknown task or language.
    """
    named_tasks = bool(tasks)
    cards = (
        [registry.task(t) for t in tasks or ()]
        if named_tasks
        else [e.model for e in registry.tasks.values() if available_languages(e.model, str(data))]
    )
    wanted = list(langs or ())
    known = {lang for card in cards for lang in card.languages}
    for lang in wanted:
        if lang not in known:
            raise ConfigError(f"unknown language {lang!r}{suggest(lang, known)}")
    rows: list[VerifyRow] = []
    for card in cards:
        present = set(available_languages(card, str(data)))
        for lang in card.languages:
            if wanted and lang not in wanted:
                continue
            if lang not in present:
                required = named_tasks or bool(wanted)
                rows.append(VerifyRow(card.name, lang, "missing", "no test file", required))
                continue
            rows.append(_row(card, lang, data, labels))
    return rows
