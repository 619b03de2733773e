"""The "examples that flipped" view: per task, the first examples whose prediction noise changed.

Read from the sample logs `harness score --log-samples` writes beside a submission's results
(harness.samples). Only the board's own records are looked up, by key, so a view always shows
the examples behind the scores on the page. A board without sample logs has no such view and
renders exactly as it did before the view existed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.samples import FLIPPED_LIMIT, read_samples, samples_path
from harness.schema import RunResult

__all__ = ["FlippedCell", "FlippedRow", "flipped_cells"]

CLEAN = "clean"
#: Longer texts are cut to this many characters (and marked) so the page stays small.
MAX_TEXT = 600


@dataclass(frozen=True)
class FlippedRow:
    """One flipped example, as shown: each value a tuple of display lines."""

    id: str
    clean: tuple[str, ...]
    noisy: tuple[str, ...]
    gold: str
    clean_prediction: str
    noisy_prediction: str


@dataclass(frozen=True)
class FlippedCell:
    """The flipped examples of one (submission, language, profile) cell of a task.

    Attributes:
        submission: the submission id.
        name: its display name.
        language, profile: the cell.
        n: examples in the cell.
        changed: examples the profile changed.
        flipped: changed examples whose prediction changed.
        rows: the first `FLIPPED_LIMIT` of those, in data order.
    """

    submission: str
    name: str
    language: str
    profile: str
    n: int
    changed: int
    flipped: int
    rows: tuple[FlippedRow, ...]


def _cut(text: str) -> str:
    return text if len(text) <= MAX_TEXT else text[: MAX_TEXT - 1] + "…"


def _value(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_value(v) for v in value)
    if isinstance(value, Mapping):  # a retrieval prediction: the top candidate
        if value.get("id") is None:
            return "(none)"
        text = value.get("text")
        return f"#{value['id']}: {text}" if text is not None else f"#{value['id']}"
    return "" if value is None else str(value)


def _inputs(row: Mapping[str, Any], which: str) -> tuple[str, ...]:
    """The input lines of one side (clean or noisy): each changed field (every field when the
    query itself is unchanged), then the gold candidate for a retrieval row."""
    clean, noisy = row.get("clean", {}), row.get("noisy", {})
    names = [k for k in clean if clean.get(k) != noisy.get(k)] or list(clean)
    side = clean if which == "clean" else noisy
    lines = [_cut(f"{name}: {_value(side.get(name))}") for name in names]
    gold_text = row.get("gold_text")
    if isinstance(gold_text, Mapping) and gold_text.get(which) is not None:
        lines.append(_cut(f"gold candidate: {gold_text[which]}"))
    return tuple(lines)


def _cell(sub_id: str, name: str, r: RunResult, rows: Sequence[Mapping[str, Any]]) -> FlippedCell:
    changed = [row for row in rows if row.get("changed")]
    flipped = [row for row in changed if row.get("flipped")]
    shown = tuple(
        FlippedRow(
            id=str(row.get("id")),
            clean=_inputs(row, "clean"),
            noisy=_inputs(row, "noisy"),
            gold=_cut(_value(row.get("gold"))),
            clean_prediction=_cut(_value(row.get("clean_prediction"))),
            noisy_prediction=_cut(_value(row.get("noisy_prediction"))),
        )
        for row in flipped[:FLIPPED_LIMIT]
    )
    return FlippedCell(
        sub_id, name, r.language, r.profile, len(rows), len(changed), len(flipped), shown
    )


def flipped_cells(
    stores: Mapping[str, Sequence[Path]],
    names: Mapping[str, str],
    records: Mapping[str, Mapping[tuple[str, str, str], RunResult]],
    tasks: Sequence[str],
    languages: Mapping[str, Sequence[str]],
    profiles: Sequence[str],
) -> dict[str, tuple[FlippedCell, ...]]:
    """Task -> the flipped-example cells of every submission with sample logs for it, in
    submission, language and profile order. Tasks without any sample log are left out.

    Args:
        stores: submission id -> its result store folder(s) (several: the stores of a
            sharded run; a cell's log is read from the first that has it).
        names: submission id -> its display name.
        records: submission id -> the board's records, by (task, language, profile).
        tasks, languages, profiles: the board's, in display order (profiles without clean).
    """
    out: dict[str, tuple[FlippedCell, ...]] = {}
    for task in tasks:
        cells: list[FlippedCell] = []
        for sub_id in sorted(stores):
            for lang in languages.get(task, ()):
                for profile in profiles:
                    r = records[sub_id].get((task, lang, profile))
                    if r is None or profile == CLEAN:
                        continue
                    fp = r.provenance.model.fingerprint
                    paths = [
                        samples_path(s, fp, task, lang, profile, r.key) for s in stores[sub_id]
                    ]
                    path = next((p for p in paths if p.is_file()), None)
                    if path is not None:
                        cells.append(_cell(sub_id, names[sub_id], r, read_samples(path)))
        if cells:
            out[task] = tuple(cells)
    return out
