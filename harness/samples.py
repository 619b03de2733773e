"""Per-example sample logs (`harness run --log-samples`, `evaluate(..., log_samples=True)`).

One JSON object per example of a scored (task, language, profile) cell: its clean and noisy
input, the edits the profile made, the gold label and the clean and noisy predictions, so one
can see which typo flipped which answer (lm-eval's `--log_samples`). A log is an optional
artifact beside the result store: it is never read back by the store, changes no record, key
or stored byte, and can be deleted at any time (docs/results.md).

Layout: `<results>/samples/<model fingerprint[:12]>/<task>/<lang>.<profile>.<key[:16]>.jsonl`,
the stem of the cell's record, so a record and its log pair by key. Each file is written
atomically (temporary file, fsync, rename). A row (`SampleRow.as_json`):

    {"id", "clean": {field: value}, "noisy": {field: value}, "edits": [...], "gold",
     "clean_prediction", "noisy_prediction", "changed", "flipped"}

Retrieval rows add `gold_text` ({"clean", "noisy"}: the gold candidate's text in the clean
and the noised index) and their predictions are the top candidate, `{"id", "text"}` (text as
the candidate reads in that index); `changed` counts an edit to the query or to its gold
candidate (Tatoeba noises the candidates), and an edit to the gold candidate is listed with
`"item": "gold"`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.data import Dataset, Example
from harness.errors import SchemaError
from harness.families.retrieval import item_text
from harness.noise import NoisedExample
from harness.noise.ops import Edit
from harness.results import atomic_write_text
from harness.schema import TaskCard

__all__ = [
    "FLIPPED_LIMIT",
    "SAMPLES_DIR",
    "CellSamples",
    "build_samples",
    "read_samples",
    "samples_path",
    "write_samples",
]

SAMPLES_DIR = "samples"
"""The folder of sample logs inside a result store."""
FLIPPED_LIMIT = 20
"""How many flipped examples per cell the leaderboard's "examples that flipped" view shows."""
_EDIT_FIELDS = ("op", "position", "before", "after")


@dataclass(frozen=True)
class CellSamples:
    """The sample log of one cell.

    Attributes:
        task, language, profile: the cell.
        key: the cell's record key (the log's file name carries its first 16 hex).
        model: the checkpoint fingerprint.
        rows: one JSON-ready row per example, in data order.
    """

    task: str
    language: str
    profile: str
    key: str
    model: str
    rows: tuple[Mapping[str, Any], ...]

    @property
    def flipped(self) -> list[Mapping[str, Any]]:
        """The rows whose noise changed the input and the prediction, in data order."""
        return [r for r in self.rows if r["changed"] and r["flipped"]]


def samples_path(root: Path, model_fp: str, task: str, lang: str, profile: str, key: str) -> Path:
    """Where a cell's sample log lives in the result store `root`."""
    return root / SAMPLES_DIR / model_fp[:12] / task / f"{lang}.{profile}.{key[:16]}.jsonl"


def _plain(value: Any) -> Any:
    """JSON-ready: tuples as lists, mappings as dicts (recursively)."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _edits(done: Mapping[str, Sequence[Edit]], item: str | None = None) -> list[dict[str, Any]]:
    out = []
    for name, edits in done.items():
        for edit in edits:
            row: dict[str, Any] = {"field": name, **{f: getattr(edit, f) for f in _EDIT_FIELDS}}
            if item is not None:
                row["item"] = item
            out.append(row)
    return out


def _top(prediction: Any) -> str | None:
    """A retrieval prediction's top candidate id: the id itself, the first of a ranked list,
    None for no prediction (BUCC mines nothing for a sentence)."""
    if isinstance(prediction, list | tuple):
        return str(prediction[0]) if prediction else None
    return str(prediction) if prediction not in (None, "") else None


def _first_gold(label: Any) -> str | None:
    if isinstance(label, list | tuple):
        return str(label[0]) if label else None
    return str(label) if label not in (None, "") else None


def build_samples(
    card: TaskCard,
    ds: Dataset,
    noised: Sequence[NoisedExample],
    noised_index: Sequence[NoisedExample] | None,
    clean_predictions: Sequence[Any],
    noisy_predictions: Sequence[Any],
) -> list[dict[str, Any]]:
    """The rows of one cell's sample log.

    Args:
        card: the task card.
        ds: the clean dataset of the cell (its examples, and for retrieval its index).
        noised: each example after the profile (for clean: unchanged).
        noised_index: the index after the profile, for a retrieval task with an index.
        clean_predictions, noisy_predictions: the clean cell's and this cell's predictions.
    """
    if not (len(ds.examples) == len(noised) == len(clean_predictions) == len(noisy_predictions)):
        raise SchemaError(f"{card.name}.{ds.language}: sample columns differ in length")
    retrieval = card.retrieval is not None and bool(ds.index)
    clean_index: dict[str, Example] = {}
    noisy_index: dict[str, NoisedExample] = {}
    if retrieval:
        clean_index = {c.id: c for c in ds.index}
        assert noised_index is not None
        noisy_index = {n.example.id: n for n in noised_index}
    side = card.retrieval.index_side if card.retrieval is not None else ""

    def candidate(cid: str | None, noisy: bool) -> str | None:
        if cid is None:
            return None
        item = noisy_index[cid].example if noisy and cid in noisy_index else clean_index.get(cid)
        return item_text(card, item, side) if item is not None else None

    rows: list[dict[str, Any]] = []
    for clean, n, c_pred, n_pred in zip(
        ds.examples, noised, clean_predictions, noisy_predictions, strict=True
    ):
        row: dict[str, Any] = {
            "id": clean.id,
            "clean": _plain(clean.fields),
            "noisy": _plain(n.example.fields),
            "edits": _edits(n.edits),
            "gold": _plain(clean.label),
        }
        changed = n.changed
        if retrieval:
            gold = _first_gold(clean.label)
            row["gold_text"] = {"clean": candidate(gold, False), "noisy": candidate(gold, True)}
            gold_noise = noisy_index.get(gold) if gold is not None else None
            if gold_noise is not None and gold_noise.changed:
                row["edits"] += _edits(gold_noise.edits, "gold")
                changed = True
            c_top, n_top = _top(c_pred), _top(n_pred)
            row["clean_prediction"] = {"id": c_top, "text": candidate(c_top, False)}
            row["noisy_prediction"] = {"id": n_top, "text": candidate(n_top, True)}
            flipped = c_top != n_top
        else:
            row["clean_prediction"] = _plain(c_pred)
            row["noisy_prediction"] = _plain(n_pred)
            flipped = row["clean_prediction"] != row["noisy_prediction"]
        row["changed"] = changed
        row["flipped"] = flipped
        rows.append(row)
    return rows


def write_samples(path: Path, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write rows as JSON Lines, atomically (readers see no file or the whole one)."""
    text = "".join(
        json.dumps(row, ensure_ascii=False, allow_nan=False, separators=(",", ":")) + "\n"
        for row in rows
    )
    atomic_write_text(path, text)
    return path


def read_samples(path: Path) -> list[dict[str, Any]]:
    """The rows of a sample log.

    Raises:
        SchemaError: the file is unreadable or a line is not a JSON object.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemaError(f"{path}: unreadable sample log ({exc})") from None
    rows = []
    for number, line in enumerate(lines, 1):
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SchemaError(f"{path}:{number}: not JSON ({exc.msg})") from None
        if not isinstance(row, dict):
            raise SchemaError(f"{path}:{number}: expected a JSON object")
        rows.append(row)
    return rows
