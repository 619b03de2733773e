"""The Hugging Face hub source: `datasets.load_dataset` with the card's id, config and revision.

The schema mapping (`examples_from_rows`) is separate from the download so it can be tested on
local `datasets.Dataset.from_dict` tables shaped like the hub datasets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from harness.data.examples import Example, FieldValue, Gold
from harness.errors import DataError
from harness.hubnet import hub_reachable, offline
from harness.schema import HubSource, TaskCard

ALTERNATIVES = "use --data samples (bundled) or --data DIR (official XTREME download/ layout)"


def hub_source_for(card: TaskCard, lang: str) -> HubSource:
    """Return the card's hub source that serves `lang`.

    Raises:
        DataError: the card has no hub source for the language.
    """
    for hub in card.sources.hub:
        if hub.languages is None or lang in hub.languages:
            return hub
    why = card.sources.hub_refusal
    raise DataError(
        f"task {card.name!r} has no hub source for {lang!r}" + (f": {why}" if why else ""),
        hint=ALTERNATIVES,
    )


def _expand(pattern: str, hub: HubSource, lang: str) -> str:
    name = (hub.language_names or {}).get(lang, lang)
    return pattern.replace("{lang}", lang).replace("{language_name}", name)


def _as_field(value: Any, kind: str, where: str) -> FieldValue:
    if kind == "tokens":
        if not isinstance(value, list | tuple) or not all(isinstance(t, str) for t in value):
            raise DataError(f"{where}: expected a list of strings")
        return tuple(value)
    if not isinstance(value, str):
        raise DataError(f"{where}: expected a string, got {type(value).__name__}")
    return value


def _gold(card: TaskCard, hub: HubSource, raw: Any, where: str) -> Gold:
    """A hub label value as a gold label: one name, one name per token (a list), or the answer
    texts of a SQuAD-style `answers` mapping."""
    if isinstance(raw, Mapping) and "text" in raw:
        return tuple(str(t) for t in raw["text"])

    def name(value: Any) -> str:
        label = str(value)
        if hub.label_names is not None:
            label = hub.label_names.get(label, label)
        if card.labels and label not in card.labels:
            raise DataError(f"{where}: label {value!r} is not one of {', '.join(card.labels)}")
        return label

    if isinstance(raw, list | tuple):
        return tuple(name(v) for v in raw)
    return name(raw)


def _keep(hub: HubSource, value: Any, want: str | None) -> bool:
    """Whether a row's filter-column value selects it (`equals`, or `prefix` for ids such as
    TyDi QA's `english-...`)."""
    if hub.filter_match == "prefix":
        return isinstance(value, str) and want is not None and value.startswith(want)
    return bool(value == want)


def examples_from_rows(
    card: TaskCard, hub: HubSource, lang: str, rows: Iterable[Mapping[str, Any]]
) -> list[Example]:
    """Map hub rows to examples through the card's column mapping.

    Rows whose `filter_column` differs from the card's filter value are skipped. Integer labels
    become label names through `label_names`, or through the card's label order.

    Raises:
        DataError: a mapped column is missing, or a label is not one of the card's.
    """
    kinds = {f.name: f.kind for f in card.fields}
    want = _expand(hub.filter_value, hub, lang) if hub.filter_value else None
    examples: list[Example] = []
    for index, row in enumerate(rows):
        where = f"{hub.dataset}[{index}]"
        if hub.filter_column and not _keep(hub, row.get(hub.filter_column), want):
            continue
        fields: dict[str, FieldValue] = {}
        for name, column in hub.columns.items():
            if column not in row:
                raise DataError(f"{where}: column {column!r} (field {name!r}) is missing")
            if name != "id":
                fields[name] = _as_field(row[column], kinds[name], f"{where}.{column}")
        label: Gold | None = None
        if hub.label_column:
            if hub.label_column not in row:
                raise DataError(f"{where}: label column {hub.label_column!r} is missing")
            label = _gold(card, hub, row[hub.label_column], f"{where}.{hub.label_column}")
        ex_id = str(row[hub.columns["id"]]) if "id" in hub.columns else str(len(examples))
        examples.append(Example(ex_id, fields, label))
    return examples


def _offline() -> bool:
    return offline()


def _hub_reachable(timeout: float = 3.0) -> bool:
    return hub_reachable(timeout)


def load_hub_rows(
    card: TaskCard, hub: HubSource, lang: str
) -> tuple[list[Mapping[str, Any]], str, str | None]:
    """Download (or read from the local cache) the hub split for `lang`.

    Returns:
        The rows, a location string (`id:config:split`), and the resolved revision.

    Raises:
        DataError: one line naming the dataset and the alternatives, when offline or failing.
    """
    config = _expand(hub.config, hub, lang) if hub.config else None
    location = f"{hub.dataset}:{config or '-'}:{hub.split}"
    offline = _offline()
    if not offline and not _hub_reachable():
        raise DataError(
            f"cannot reach the Hugging Face hub to load {location}",
            hint=f"{ALTERNATIVES}; or set HF_DATASETS_OFFLINE=1 to use the local cache",
        )
    import datasets  # imported late: it is slow and only this source needs it

    try:
        ds = datasets.load_dataset(hub.dataset, config, split=hub.split, revision=hub.revision)
    except Exception as exc:  # datasets raises many unrelated types; report them as one line
        why = "offline and not in the local cache" if offline else type(exc).__name__
        raise DataError(f"cannot load {location} from the hub ({why})", hint=ALTERNATIVES) from exc
    revision = hub.revision or _resolved_revision(hub, offline) or _cached_revision(ds)
    return list(ds), location, revision


_SHA = re.compile(r"[0-9a-f]{40}")


def _cached_revision(ds: Any) -> str | None:
    """The commit a loaded hub dataset was built from, read from its cache path
    (`<cache>/<org>___<name>/<config>/<version>/<commit sha>/...`), or None."""
    for entry in getattr(ds, "cache_files", None) or ():
        for part in reversed(PurePath(str(entry.get("filename", ""))).parts):
            if _SHA.fullmatch(part):
                return part
    return None


def _resolved_revision(hub: HubSource, offline: bool) -> str | None:
    if offline:
        return None
    try:
        from huggingface_hub import HfApi

        sha = HfApi().dataset_info(hub.dataset).sha
        return str(sha) if sha else None
    except Exception:  # a revision we cannot resolve is recorded as unknown, not fatal
        return None


def check_hub_retrieval(card: TaskCard) -> None:
    """Refuse, before any download, a retrieval task the hub cannot serve.

    Raises:
        DataError: the task mines pairs from full corpora, and the hub holds only gold pairs.
    """
    if card.metric.name == "bucc_f1":
        raise DataError(
            f"the hub copy of {card.name} holds only the gold pairs, not the comparable corpora "
            "pairs are mined from",
            hint="use --data DIR (official XTREME download/ layout)",
        )


def retrieval_from_rows(
    card: TaskCard, examples: list[Example]
) -> tuple[list[Example], tuple[Example, ...]]:
    """Hub rows of a retrieval task (aligned translation pairs) in the official layout.

    The hub gives one row per pair, aligned. The official files keep the index side in its
    original order and sort the query side (Python `sorted` on stripped lines, as XTREME's
    Tatoeba preprocessing sorts the English file). Returns the queries (id: sorted line number;
    gold: the index line of its translation, i.e. the row it came from) and the index (id: row
    number).

    Raises:
        DataError: the task mines pairs from full corpora (the hub holds only the gold pairs),
            or a row lacks a side.
    """
    spec = card.retrieval
    if spec is None:
        raise DataError(f"task {card.name!r} has no retrieval settings")
    check_hub_retrieval(card)
    try:
        queries = [e.text(spec.query_side) for e in examples]
        index = [e.text(spec.index_side) for e in examples]
    except (KeyError, TypeError):
        raise DataError(
            f"hub rows of {card.name} need both {spec.query_side!r} and {spec.index_side!r}"
        ) from None
    order = sorted(range(len(queries)), key=lambda i: queries[i].strip())
    return (
        [Example(str(j), {spec.query_side: queries[i]}, str(i)) for j, i in enumerate(order)],
        tuple(Example(str(i), {spec.index_side: text}) for i, text in enumerate(index)),
    )


@dataclass(frozen=True)
class HubCell:
    """One (task, language) read from its hub source, mapped to the official layout's form.

    Attributes:
        hub: the source that served it.
        rows: the hub rows as loaded (before filtering).
        examples: the examples (retrieval: the queries), in the official layout's order.
        index: a retrieval task's candidates; empty otherwise.
        location: `id:config:split`.
        revision: the card's pinned revision, else the one resolved at load time, if known.
    """

    hub: HubSource
    rows: tuple[Mapping[str, Any], ...]
    examples: tuple[Example, ...]
    index: tuple[Example, ...]
    location: str
    revision: str | None

    @property
    def pinned(self) -> bool:
        return self.hub.revision is not None


def load_hub_cell(card: TaskCard, lang: str) -> HubCell:
    """Load and map one language of a task from its hub source.

    Raises:
        DataError: no hub source serves the language, the hub cannot be reached, or a row does
            not fit the card's mapping.
    """
    if card.family == "retrieval":
        check_hub_retrieval(card)
    hub = hub_source_for(card, lang)
    rows, location, revision = load_hub_rows(card, hub, lang)
    examples = examples_from_rows(card, hub, lang, rows)
    index: tuple[Example, ...] = ()
    if card.family == "retrieval":
        examples, index = retrieval_from_rows(card, examples)
    return HubCell(hub, tuple(rows), tuple(examples), index, location, revision)
