"""Result records (results/**/*.json): scores, noise figures, provenance, columns."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import (
    Field,
    model_validator,
)

from harness.schema.base import (
    MAX_DRAWS,
    _Strict,
)
from harness.schema.cards import (
    DataState,
)


class NoiseFigures(_Strict):
    """What a profile actually did to the evaluated fields (fractions 0-1).

    `fallbacks` lists, sorted, every recorded fallback the engine used instead of key-by-key
    typos (e.g. `zh: ime (Han)`, `tokens: merge/split skipped`); empty when none applied.
    """

    word_change_rate: float
    cer: float
    changed_fraction: float
    eligible_words: int
    fallbacks: tuple[str, ...] = ()


class ComponentRef(_Strict):
    name: str
    version: int
    sha256: str


class DataRef(_Strict):
    """Where a cell's data came from.

    `state` and `pinned` were added after schema version 1 was first written; records
    without them load with None (unknown).

    Attributes:
        source: `official`, `samples` or `hub`.
        location: the file, or the hub `id:config:split`.
        fingerprint: SHA-256 over the examples scored (after `--limit`).
        revision: the hub revision pinned by the card or resolved at load time, if known.
        n_examples: examples scored.
        state: the data checked against the card's identity: `standard`, `nonstandard`
            (scored with --allow-nonstandard-data), `unverified` (nothing verified to check
            against) or `samples` (bundled samples, never compared).
        pinned: for hub data, whether the card pins the source's revision (False: unpinned).
    """

    source: str
    location: str
    fingerprint: str
    revision: str | None = None
    n_examples: int
    state: DataState | None = None
    pinned: bool | None = None


class ModelRef(_Strict):
    """The checkpoint of a result.

    Attributes:
        path: its folder (for a hub model, the snapshot in the Hugging Face cache), or
            `<in-memory ClassName>` for a model scored in memory.
        fingerprint: SHA-256 of its files (or of its in-memory state).
        architecture: `config.architectures[0]`.
        hub: the hub id it was downloaded from (None for a local folder).
        revision: the hub commit it resolved to (None for a local folder).
    """

    path: str
    fingerprint: str
    architecture: str
    hub: str | None = None
    revision: str | None = None


class Provenance(_Strict):
    harness_version: str
    task_card: ComponentRef
    profile: ComponentRef
    data: DataRef
    model: ModelRef
    libraries: dict[str, str]
    device: str
    settings: dict[str, Any]
    timings: dict[str, float]
    created_at: str


class _ResultFields(_Strict):
    """What a result record holds besides its per-example columns.

    `nonstandard` says why the data is not the official test set, for a cell scored with
    --allow-nonstandard-data (None otherwise, and in records written before it existed).
    `draw` numbers the noise draw of a noisy profile (`--draws K` scores draws 0..K-1); draw 0
    is the profile's own seed, and records written before draws existed are draw 0. A stored
    record names `draw` only when it is 1 or more, so draw-0 records are written as before.
    """

    key: str
    signature: str
    task: str
    language: str
    profile: str
    scores: dict[str, float]
    main: float
    n: int = Field(ge=0)
    noise: NoiseFigures
    provenance: Provenance
    nonstandard: str | None = None
    draw: int = Field(default=0, ge=0, lt=MAX_DRAWS)


class RunResult(_ResultFields):
    """One result record in memory: a (checkpoint, task, language, profile) cell.

    `per_example` is columnar: every list has one entry per example, in data order, with the
    example ids under `id`, so paired statistics can be recomputed from stored records. On
    disk a record is a `StoredResult` (schema version 2) and a Parquet file of these columns;
    `harness.results` reads that layout and version 1's single JSON file into this model.
    """

    per_example: dict[str, list[Any]]

    @model_validator(mode="after")
    def _columns_aligned(self) -> RunResult:
        lengths = {k: len(v) for k, v in self.per_example.items()}
        if "id" not in lengths:
            raise ValueError("per_example: an `id` column is required")
        if any(n != self.n for n in lengths.values()):
            raise ValueError(f"per_example: column lengths {lengths} differ from n={self.n}")
        return self


#: How one per-example column is stored in a record's Parquet file (see docs/results.md):
#: `positional` (the `id` column only: ids "0".."n-1", not stored), `shared` (the `id` column
#: only, schema version 3: the ids are in a file shared by every record of that data, named by
#: `ColumnsRef.ids`), `bool`, `int` (int64), `float` (float64), `str`, `str_list` (a list of
#: strings per example) or `json` (each value JSON-encoded as a string: any other column).
#: None may appear in any stored kind but `shared`. Two kinds are not stored but derived, bit
#: for bit, from the ranked-retrieval columns beside them (version 3): `mask_rr` (a
#: `reciprocal_rank` column, from `relevant_at`) and `mask_ap` (an `average_precision` column,
#: from `relevant_at` and `n_relevant`).
ColumnKind = Literal[
    "positional",
    "shared",
    "mask_rr",
    "mask_ap",
    "bool",
    "int",
    "float",
    "str",
    "str_list",
    "json",
]


class IdsRef(_Strict):
    """A record's example ids, kept in a file that every record of the same ids shares
    (schema version 3): the clean cell and each profile of one (checkpoint, task, language),
    and the languages of one task whose ids are the same.

    Attributes:
        file: the ids file's name, in the record's folder (`ids.<sha256[:16]>.parquet`;
            records written before held `<lang>.ids.<sha256[:16]>.parquet`).
        sha256: the SHA-256 of that file.
        encoding: `str` (one string per id) or `hex` (lowercase hex ids of one even length,
            stored as their bytes: a 32-hex Mewsli-X mention id takes 16 bytes).
    """

    file: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.parquet$", max_length=200)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    encoding: Literal["str", "hex"]


class ColumnsRef(_Strict):
    """Where a stored record's per-example columns are, and how to check and read them.

    Attributes:
        file: the Parquet file's name, in the record's folder.
        sha256: the SHA-256 of that file; a file that differs makes the record incomplete.
        kinds: column name -> kind, in the order of `RunResult.per_example`.
    """

    file: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.parquet$", max_length=200)
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    kinds: dict[str, ColumnKind]
    ids: IdsRef | None = None

    @model_validator(mode="after")
    def _ids(self) -> ColumnsRef:
        if "id" not in self.kinds:
            raise ValueError("kinds: an `id` column is required")
        for special in ("positional", "shared"):
            named = [name for name, kind in self.kinds.items() if kind == special]
            if named not in ([], ["id"]):
                raise ValueError(f"kinds: only `id` can be {special}, not {named}")
        if (self.kinds["id"] == "shared") != (self.ids is not None):
            raise ValueError("ids: names the ids file exactly when the `id` kind is `shared`")
        for kind, name, needs in (
            ("mask_rr", "reciprocal_rank", ("relevant_at",)),
            ("mask_ap", "average_precision", ("relevant_at", "n_relevant")),
        ):
            named = [column for column, k in self.kinds.items() if k == kind]
            if named not in ([], [name]) or (
                named and any(self.kinds.get(n) != "int" for n in needs)
            ):
                raise ValueError(f"kinds: {kind} is only for {name}, beside int {needs}")
        return self


class StoredResult(_ResultFields):
    """The JSON part of a stored record (schema version 3, or 2 as written before): everything
    but the per-example columns, which live in the Parquet file that `columns` names (and, for
    version 3 with `shared` ids, the ids file `columns.ids` names)."""

    schema_version: Literal[2, 3] = 3
    columns: ColumnsRef

    @model_validator(mode="after")
    def _version(self) -> StoredResult:
        if self.schema_version == 2 and self.columns.ids is not None:
            raise ValueError("columns.ids: version 2 records hold their ids in their columns")
        return self


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema of stored result records (their JSON part), as committed in
    docs/result-schema.json."""
    return StoredResult.model_json_schema()
