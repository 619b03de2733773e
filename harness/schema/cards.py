"""Task cards (tasks/*.yaml): sources, test-set identity, metric and family settings."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    Field,
    field_validator,
    model_validator,
)

from harness.schema.base import (
    LANG_RE,
    Benchmark,
    Category,
    Family,
    Name,
    _Strict,
)


class FieldSpec(_Strict):
    """One input field of an example.

    Attributes:
        name: the field name used by the family code and in noise seeding.
        kind: `text` (a string) or `tokens` (a list of words, for tagging).
        noise: whether noise profiles may perturb this field.
        description: what the field holds.
    """

    name: Name
    kind: Literal["text", "tokens"] = "text"
    noise: bool
    description: str = ""


class OfficialSource(_Strict):
    """Where the task lives in the official XTREME `download/` layout.

    Attributes:
        path: file pattern relative to the data folder, with `{split}` and `{lang}`.
        format: how the file is laid out.
        columns: for tsv files, the column names in order (the label column may be absent
            from the test split, which the official scripts strip).
        labels_path: the gold-label file pattern inside a `--labels` folder (official
            submission layout), with `{lang}`.
        labels_format: how the gold-label file is laid out.
        index_path: for retrieval tasks whose index (candidate) side lives in a file of its
            own, that file's pattern (may contain `{split}` and `{lang}`).
        language_key: for files that hold every language in one file, the dotted key of each
            record's language code (e.g. `context.language`); `path` then need not contain
            `{lang}`.
        gold_path: a gold file kept inside the data folder itself (BUCC keeps its dev pairs
            as `{lang}-en.dev.gold`), pattern with `{split}` and `{lang}`; used where no
            `--labels` folder gives the split's gold (e.g. the dev split a threshold is tuned
            on). Unset, a `text_pairs` source whose path ends in `.{lang}` uses the official
            scripts' `<prefix>.gold` beside it.
        index_subset_path: for retrieval tasks, an optional file in the data folder listing
            candidate ids (one per line, pattern with `{split}` and `{lang}`); when the file
            exists, only those candidates are searched (a small offline candidate set). The
            result's data fingerprint covers the candidates actually used.
    """

    path: str
    format: Literal["tsv", "jsonl", "squad_json", "conll", "text_pairs", "json"]
    columns: tuple[str, ...] = ()
    labels_path: str | None = None
    labels_format: Literal["lines", "jsonl", "squad_json", "conll", "json", "tsv"] | None = None
    index_path: str | None = None
    language_key: str | None = None
    gold_path: str | None = None
    index_subset_path: str | None = None

    @model_validator(mode="after")
    def _has_lang(self) -> OfficialSource:
        if "{lang}" not in self.path and self.language_key is None:
            raise ValueError("path: must contain {lang} (or declare language_key)")
        if self.labels_path is not None and "{lang}" not in self.labels_path:
            raise ValueError("labels_path: must contain {lang}")
        return self


class HubSource(_Strict):
    """Where the task lives on the Hugging Face hub.

    Attributes:
        dataset: the dataset id.
        config: the config name pattern, may contain `{lang}` or `{language_name}`.
        split: the hub split evaluated as the card's test split.
        revision: a commit sha (pinned) or None where no revision could be verified; the
            revision actually resolved is recorded in every result's provenance either way.
        columns: card field name -> hub column name.
        label_column: the hub column holding the gold label.
        label_names: hub label value -> card label name, where the hub encodes labels as ints.
        filter_column: a column to filter on (for configs that hold all languages).
        filter_value: the filter value pattern, may contain `{lang}` or `{language_name}`.
        filter_match: `equals` keeps rows whose filter column equals the value; `prefix` keeps
            rows whose filter column starts with it (e.g. TyDi QA ids `arabic-...`).
        verified: whether the id/config facts were checked against the hub.
        language_names: lang code -> name used in `{language_name}` config patterns.
    """

    dataset: str
    config: str | None = None
    split: str = "test"
    revision: str | None = None
    columns: dict[str, str]
    label_column: str | None = None
    label_names: dict[str, str] | None = None
    filter_column: str | None = None
    filter_value: str | None = None
    filter_match: Literal["equals", "prefix"] = "equals"
    verified: bool = False
    language_names: dict[str, str] | None = None
    languages: tuple[str, ...] | None = None

    @field_validator("revision")
    @classmethod
    def _revision_is_sha(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[0-9a-f]{40}", v):
            raise ValueError("must be a 40-hex commit sha, or null when it cannot be pinned")
        return v


class Sources(_Strict):
    """Where a task's data lives.

    Attributes:
        official: the official XTREME `download/` layout.
        hub: hub sources, tried in order; the first that lists a language (or lists none)
            serves it.
        hub_refusal: why the hub serves no source for the card languages no hub source
            lists (e.g. a hub copy that is not the benchmark's test set); said in the error.
    """

    official: OfficialSource
    hub: tuple[HubSource, ...] = ()
    hub_refusal: str | None = None


# --------------------------------------------------------------------------- test-set identity

#: How a declared figure is known: counted from official files, taken from a publication, or
#: declared without evidence at hand (informational only; never enforced).
EvidenceState = Literal["measured", "published", "unverified"]
#: What a cell's data was, checked against its card's identity (docs/design/data.md).
DataState = Literal["standard", "nonstandard", "unverified", "samples"]
#: The size figures each family declares.
FAMILY_FIGURES: dict[str, tuple[str, ...]] = {
    "classification": ("examples",),
    "multiple_choice": ("examples",),
    "tagging": ("sentences", "tokens"),
    "qa": ("questions",),
    "retrieval": ("queries", "candidates"),
}
HASH_FIGURES = ("gold_hash", "text_hash")
_HASH = Annotated[str, Field(pattern=r"^[0-9a-f]{16}$")]
_COUNT = Annotated[int, Field(ge=0)]


class Evidence(_Strict):
    """What a set of declared figures rests on.

    Attributes:
        state: `measured` (counted from official files), `published` (taken from a paper or
            an official README) or `unverified` (no evidence at hand: never enforced).
        source: which files were measured, where the figures were published, or why
            nothing could be verified.
    """

    state: EvidenceState
    source: str = Field(min_length=1)


class SetIdentity(_Strict):
    """The identity of one official (split, language) set.

    Sizes: `examples` (classification, multiple choice), `sentences` and `tokens`
    (tagging), `questions` (QA), `queries` and `candidates` (retrieval). Fingerprints:
    `gold_hash` and `text_hash`, the first 16 hex digits of SHA-256 over the normalised gold
    and text (harness.data.identity). `evidence` names one entry of the card's
    `identity.evidence` for every declared figure, or maps each declared figure to one.
    """

    examples: _COUNT | None = None
    sentences: _COUNT | None = None
    tokens: _COUNT | None = None
    questions: _COUNT | None = None
    queries: _COUNT | None = None
    candidates: _COUNT | None = None
    gold_hash: _HASH | None = None
    text_hash: _HASH | None = None
    evidence: str | dict[str, str]

    def declared(self) -> dict[str, int | str]:
        """The declared figures and fingerprints, by name."""
        names = ("examples", "sentences", "tokens", "questions", "queries", "candidates")
        return {n: v for n in (*names, *HASH_FIGURES) if (v := getattr(self, n)) is not None}

    def evidence_for(self, figure: str) -> str:
        """The evidence key of one declared figure."""
        if isinstance(self.evidence, str):
            return self.evidence
        return self.evidence[figure]


class Identity(_Strict):
    """The official sets a card's loads are checked against (docs/design/data.md).

    Attributes:
        evidence: key -> what the figures that name it rest on.
        test: language -> the official test set (every card language, explicitly).
        dev: language -> the official dev set, where one is declared.
    """

    evidence: dict[str, Evidence]
    test: dict[str, SetIdentity]
    dev: dict[str, SetIdentity] = Field(default_factory=dict)

    def set_for(self, split: str, lang: str) -> SetIdentity | None:
        table = self.test if split == "test" else self.dev if split == "dev" else {}
        return table.get(lang)

    def state_of(self, entry: SetIdentity, figure: str) -> EvidenceState:
        return self.evidence[entry.evidence_for(figure)].state

    def check_against(self, family: str, languages: tuple[str, ...]) -> None:
        """Raise ValueError where the block does not fit the card."""
        if set(self.test) != set(languages):
            missing = [lang for lang in languages if lang not in self.test]
            extra = sorted(set(self.test) - set(languages))
            raise ValueError(
                "identity.test: must list every card language exactly "
                f"(missing: {missing}, not card languages: {extra})"
            )
        extra_dev = sorted(set(self.dev) - set(languages))
        if extra_dev:
            raise ValueError(f"identity.dev: not card languages: {extra_dev}")
        allowed = set(FAMILY_FIGURES[family]) | set(HASH_FIGURES)
        for split, table in (("test", self.test), ("dev", self.dev)):
            for lang, entry in table.items():
                where = f"identity.{split}.{lang}"
                declared = entry.declared()
                wrong = sorted(set(declared) - allowed)
                if wrong:
                    raise ValueError(
                        f"{where}: {wrong} are not {family} figures "
                        f"(use {', '.join(FAMILY_FIGURES[family])})"
                    )
                keys = (
                    {entry.evidence}
                    if isinstance(entry.evidence, str)
                    else set(entry.evidence.values())
                )
                unknown = sorted(k for k in keys if k not in self.evidence)
                if unknown:
                    raise ValueError(f"{where}: unknown evidence {unknown}")
                if isinstance(entry.evidence, dict) and set(entry.evidence) != set(declared):
                    raise ValueError(f"{where}: evidence must name every declared figure")
                for name in declared:
                    if name in HASH_FIGURES and self.state_of(entry, name) != "measured":
                        raise ValueError(f"{where}.{name}: a fingerprint can only be measured")
                if not declared and (
                    not isinstance(entry.evidence, str)
                    or self.evidence[entry.evidence].state != "unverified"
                ):
                    raise ValueError(f"{where}: declares no figure: name one unverified evidence")


class MetricSpec(_Strict):
    """How a task is scored.

    Attributes:
        name: the metric implementation (see harness.metrics).
        main: the score used for the task score (0-100), e.g. `accuracy` or `em_f1_mean`.
        reported: the per-language scores reported, with the official scorer's names.
    """

    name: Literal[
        "accuracy", "span_f1", "squad", "mlqa", "tatoeba_accuracy", "mrr", "map", "bucc_f1"
    ]
    main: str
    reported: tuple[str, ...]


class RetrievalSpec(_Strict):
    """How a retrieval card encodes texts (docs/design/retrieval.md).

    `query_prefix` / `index_prefix` are put before every query / candidate text when it is
    encoded (after noise, so a prefix never gets typos); cards leave them empty, models that
    expect one (e5: `"query: "`) set them through the run or the manifest.

    `embeddings` is the precision the unit vectors are kept in: `fp16` halves the memory of
    a large candidate pool (Mewsli-X's million entities at 768 dimensions: 1.5 GB instead of
    3.1 GB); the search upcasts them chunk by chunk and scores in fp32. A `--dtype fp16` run
    keeps them as fp16 whatever the card says (its vectors carry no more precision).
    """

    pooling: Literal["mean", "cls", "max"] = "mean"
    layer: int = -1
    query_side: str
    index_side: str
    query_prefix: str = Field(default="", max_length=200)
    index_prefix: str = Field(default="", max_length=200)
    embeddings: Literal["fp32", "fp16"] = "fp32"


class MultipleChoiceSpec(_Strict):
    """How a multiple-choice example becomes model inputs.

    Attributes:
        context_field: the field paired with every choice.
        choice_fields: the fields holding the choices, in label order.
        question_field: an optional field whose value selects a connective prompt.
        prompts: question value -> English connective appended to the context.
    """

    context_field: str
    choice_fields: tuple[str, ...]
    question_field: str | None = None
    prompts: dict[str, str] = Field(default_factory=dict)


class QASpec(_Strict):
    """Windowing and span decoding for extractive QA (defaults of the official baselines).

    Attributes:
        doc_stride: tokens of overlap between consecutive context windows.
        max_query_length: questions are cut to this many tokens.
        max_answer_length: the longest answer span, in tokens.
        n_best: start and end candidates considered per window.
    """

    doc_stride: int = Field(default=128, ge=0)
    max_query_length: int = Field(default=64, ge=1)
    max_answer_length: int = Field(default=30, ge=1)
    n_best: int = Field(default=20, ge=1)


class TaskCard(_Strict):
    """A declarative description of one benchmark task.

    Family code reads everything task-specific from here; it never hard-codes a task.
    `benchmark_languages` names, per benchmark, the subset of `languages` that benchmark
    scores where it differs from the full list (XTREME v1 scores fewer languages than
    XTREME-R on udpos, panx, tatoeba and xquad).
    """

    name: Name
    version: int = Field(ge=1)
    title: str
    description: str = ""
    benchmarks: tuple[Benchmark, ...]
    family: Family
    category: Category
    languages: tuple[str, ...]
    benchmark_languages: dict[Benchmark, tuple[str, ...]] = Field(default_factory=dict)
    train_languages: tuple[str, ...] = ("en",)
    splits: dict[Literal["train", "dev", "test"], str]
    fields: tuple[FieldSpec, ...]
    labels: tuple[str, ...] = ()
    label_field: str | None = "label"
    metric: MetricSpec
    max_seq_length: int = Field(ge=8, le=8192)
    sources: Sources
    multiple_choice: MultipleChoiceSpec | None = None
    qa: QASpec = Field(default_factory=QASpec)
    retrieval: RetrievalSpec | None = None
    identity: Identity | None = None
    references: tuple[str, ...] = ()

    @field_validator("languages", "train_languages")
    @classmethod
    def _langs(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        bad = [lang for lang in v if not LANG_RE.match(lang)]
        if bad:
            raise ValueError(f"not ISO 639 codes: {bad}")
        if len(set(v)) != len(v):
            raise ValueError("duplicate language codes")
        if not v:
            raise ValueError("must list at least one language")
        return v

    @model_validator(mode="after")
    def _consistent(self) -> TaskCard:
        names = [f.name for f in self.fields]
        if len(set(names)) != len(names):
            raise ValueError("fields: duplicate field names")
        if "test" not in self.splits:
            raise ValueError("splits: a `test` split is required")
        for bench, langs in self.benchmark_languages.items():
            if bench not in self.benchmarks:
                raise ValueError(f"benchmark_languages: {bench!r} is not in benchmarks")
            extra = [lang for lang in langs if lang not in self.languages]
            if extra or len(set(langs)) != len(langs) or not langs:
                raise ValueError(
                    f"benchmark_languages.{bench}: must be a non-empty subset of languages"
                    f"{f' (not in languages: {extra})' if extra else ''}"
                )
        if self.family == "multiple_choice":
            if self.multiple_choice is None:
                raise ValueError("multiple_choice: required for the multiple_choice family")
            mc = self.multiple_choice
            for f in (mc.context_field, *mc.choice_fields):
                if f not in names:
                    raise ValueError(f"multiple_choice: field {f!r} is not in fields")
        if self.family == "retrieval" and self.retrieval is None:
            raise ValueError("retrieval: required for the retrieval family")
        if self.family == "classification" and not self.labels:
            raise ValueError("labels: required for the classification family")
        for hub in self.sources.hub:
            for field in hub.columns:
                if field not in names and field != "id":
                    raise ValueError(f"sources.hub.columns: {field!r} is not a field")
        if self.identity is not None:
            self.identity.check_against(self.family, self.languages)
        return self

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def noise_fields(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields if f.noise)

    def languages_for(self, benchmark: Benchmark) -> tuple[str, ...]:
        """Return the languages `benchmark` scores on this task (all of them by default)."""
        return self.benchmark_languages.get(benchmark, self.languages)
