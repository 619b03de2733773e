"""Validated models for everything that crosses a file boundary.

Task cards (tasks/*.yaml), noise profiles (noise_profiles/*.yaml) and result records
(results/**/*.json) are parsed here and nowhere else. Unknown keys are rejected everywhere, so a
typo in a card is an error instead of a silently ignored setting.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    SerializerFunctionWrapHandler,
    StrictInt,
    Tag,
    field_validator,
    model_serializer,
    model_validator,
)

RESULT_SCHEMA_VERSION = 3

LANG_RE = re.compile(r"^[a-z]{2,3}$")
NAME_RE = r"^[a-z0-9][a-z0-9_.-]*$"

Family = Literal["classification", "multiple_choice", "tagging", "qa", "retrieval"]
Category = Literal["classification", "structured_prediction", "qa", "retrieval"]
Benchmark = Literal["xtreme", "xtreme-r"]
Name = Annotated[str, Field(pattern=NAME_RE, max_length=64)]
#: The most noise draws one profile may be scored with (`--draws`, `draws:`).
MAX_DRAWS = 100


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- task cards


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


# --------------------------------------------------------------------------- noise profiles


class Eligibility(_Strict):
    """Which words a profile may edit.

    Attributes:
        min_graphemes: words shorter than this (in letter grapheme clusters) are left alone.
        skip_numbers: leave words that contain a digit alone.
        skip_urls: leave words that look like URLs, e-mail addresses or @handles alone.
    """

    min_graphemes: int = Field(default=2, ge=1)
    skip_numbers: bool = True
    skip_urls: bool = True


class LanguageFallback(_Strict):
    """What a profile does instead for text of a language that is not typed key by key.

    Chinese and Japanese are typed through an input method (IME): no key emits a Han
    character, so the keyboard's typos are replaced by the input method's (see the keyboard
    file's `input_method`) and these operation weights apply to words of the listed scripts.
    Each run that uses a fallback lists it in its result's `noise.fallbacks`.

    Attributes:
        method: what replaces key-by-key typing, e.g. `ime`.
        scripts: the scripts (as `harness.noise.text` names them) the fallback covers.
        operations: operation name -> relative weight for words of those scripts.
        description: a sentence for `harness profiles --lang` and the leaderboard.
    """

    method: Literal["ime"]
    scripts: tuple[str, ...] = Field(min_length=1)
    operations: dict[str, float]
    description: str


Share = Annotated[float, Field(ge=0.0, le=1.0)]
Weight = Annotated[float, Field(ge=0.0)]
POSITION_BINS = 5
"""Relative positions in a word are reported (and weighted) in five equal bins."""


def _check_shares(name: str, shares: dict[str, float] | tuple[float, ...]) -> None:
    values = list(shares.values()) if isinstance(shares, dict) else list(shares)
    if not values or abs(sum(values) - 1.0) > 1e-6:
        raise ValueError(f"{name}: shares must sum to 1, not {sum(values):g}")


class ReferenceTolerance(_Strict):
    """How far a profile's measured report may be from its reference.

    Attributes:
        operations_js: the largest Jensen-Shannon divergence (bits, 0-1) of the edit-type
            shares from the reference's.
        positions_js: the same for the five-bin histogram of relative positions.
        first_char_rate: the largest absolute difference of the first-character edit rate.
        double_letter_share: the largest absolute difference of the doubled-letter share of
            insertions.
        min_edits: a language is compared only when at least this many edits count.
    """

    operations_js: float = Field(gt=0.0, le=1.0)
    positions_js: float = Field(gt=0.0, le=1.0)
    first_char_rate: float | None = Field(default=None, gt=0.0, le=1.0)
    double_letter_share: float | None = Field(default=None, gt=0.0, le=1.0)
    min_edits: int = Field(default=200, ge=1)


class NoiseReference(_Strict):
    """The human typing figures a profile is calibrated to (`harness noise-report` compares).

    Attributes:
        source: where the figures come from (publications, and how they were combined).
        operations: edit type -> its share of edits (the four keyboard operations, say);
            edits of other types are left out of the comparison.
        positions: the share of edits in each fifth of the word (relative position).
        first_char_rate: the share of edits that change a word's first character.
        double_letter_share: the share of insertions that double a letter.
        tolerance: how close a measured report must be.
    """

    source: str = Field(min_length=1)
    operations: dict[str, Share] = Field(min_length=1)
    positions: tuple[Share, Share, Share, Share, Share]
    first_char_rate: Share | None = None
    double_letter_share: Share | None = None
    tolerance: ReferenceTolerance

    @model_validator(mode="after")
    def _consistent(self) -> NoiseReference:
        _check_shares("reference.operations", self.operations)
        _check_shares("reference.positions", self.positions)
        for key in ("first_char_rate", "double_letter_share"):
            if getattr(self, key) is not None and getattr(self.tolerance, key) is None:
                raise ValueError(f"reference.{key} needs reference.tolerance.{key}")
        return self


class NoiseProfile(_Strict):
    """A named, versioned recipe of typographical noise.

    Attributes:
        name: the profile name users pass to `--profile`.
        version: bumped whenever the output for some input would change.
        stream_version: the version whose random streams the profile draws from (the RNG key
            holds it instead of `version`; default: `version`). A bump that only fixes some
            scripts keeps the earlier streams, so every other output stays the same.
        seed: the base seed mixed into every per-example RNG.
        unit: `none` (identity), `word` (each eligible word gets exactly one edit with
            probability `rate`) or `char` (each letter edited with probability `rate`).
        rate: the nominal rate, a fraction in [0, 1].
        operations: operation name -> relative weight.
        eligibility: which words may be edited.
        script_fallbacks: script name -> operation weights used instead for that script.
        language_fallbacks: language code -> the recorded fallback for text that language
            does not type key by key (Chinese, Japanese); it takes precedence over
            `script_fallbacks` for the scripts it lists.
        word_weight: `uniform` (every eligible word is edited with probability `rate`) or
            `sqrt_length` (a text's eligible words in proportion to the square root of their
            length, scaled so that the text's expected edited fraction is still `rate`).
        position_weights: relative weights of the five fifths of a word for where an edit
            falls (word unit; None: every position alike).
        first_char_factor: the weight of an edit at a word's first character, relative to
            the others (1: no protection, 0: never).
        double_letter_share: the share of insertions that double a letter (the key pressed
            twice) instead of adding a neighbouring key's letter.
        reference: the human typing figures the profile is calibrated to, if any.
        draws: how many independent noise draws a run scores by default (each with its own
            seed derived from `seed`; `--draws` and a manifest's `draws:` override it). None:
            one draw.
        description: a sentence for the leaderboard and `harness profiles`.
    """

    name: Name
    version: int = Field(ge=1)
    stream_version: int | None = Field(default=None, ge=1)
    description: str
    seed: int = Field(ge=0)
    unit: Literal["none", "word", "char"]
    rate: float = Field(ge=0.0, le=1.0)
    operations: dict[str, float] = Field(default_factory=dict)
    eligibility: Eligibility = Field(default_factory=Eligibility)
    script_fallbacks: dict[str, dict[str, float]] = Field(default_factory=dict)
    language_fallbacks: dict[str, LanguageFallback] = Field(default_factory=dict)
    word_weight: Literal["uniform", "sqrt_length"] = "uniform"
    position_weights: tuple[Weight, Weight, Weight, Weight, Weight] | None = None
    first_char_factor: float = Field(default=1.0, ge=0.0, le=1.0)
    double_letter_share: float = Field(default=0.0, ge=0.0, le=1.0)
    reference: NoiseReference | None = None
    draws: int | None = Field(default=None, ge=1, le=MAX_DRAWS)

    @property
    def stream(self) -> int:
        """The version in the RNG key: `stream_version`, else `version`."""
        return self.version if self.stream_version is None else self.stream_version

    @property
    def shaped(self) -> bool:
        """Whether any human-typing key is set (word choice, positions, doubled letters)."""
        return (
            self.word_weight != "uniform"
            or self.position_weights is not None
            or self.first_char_factor != 1.0
            or self.double_letter_share != 0.0
        )

    @model_validator(mode="after")
    def _consistent(self) -> NoiseProfile:
        bad = [lang for lang in self.language_fallbacks if not LANG_RE.match(lang)]
        if bad:
            raise ValueError(f"language_fallbacks: not ISO 639 codes: {bad}")
        if self.stream_version is not None and self.stream_version > self.version:
            raise ValueError(
                f"stream_version {self.stream_version} is later than version {self.version}"
            )
        if self.position_weights is not None and sum(self.position_weights) <= 0:
            raise ValueError("position_weights: at least one weight must be positive")
        if self.shaped and self.unit != "word":
            raise ValueError(
                "word_weight, position_weights, first_char_factor and double_letter_share "
                f"need the word unit, not {self.unit!r}"
            )
        if self.unit == "none":
            if self.rate != 0.0 or self.operations or self.language_fallbacks:
                raise ValueError("a `none` unit profile has rate 0, no operations and no fallbacks")
            if self.reference is not None:
                raise ValueError("a `none` unit profile has no reference")
            if self.draws is not None:
                raise ValueError("a `none` unit profile has no draws (it adds no noise)")
            return self
        if not self.operations:
            raise ValueError("operations: at least one operation is required")
        tables = [self.operations, *self.script_fallbacks.values()]
        tables += [f.operations for f in self.language_fallbacks.values()]
        for table in tables:
            if any(w < 0 for w in table.values()) or sum(table.values()) <= 0:
                raise ValueError("operation weights must be >= 0 and not all zero")
        return self


# --------------------------------------------------------------------------- result records


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


# --------------------------------------------------------------------------- submissions

Method = Literal["stilts", "multilingual-baseline", "other"]
HUB_ID_RE = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,95}/[A-Za-z0-9][A-Za-z0-9_.-]{0,95}$"
URL_RE = re.compile(r"^https?://[^\s<>\"'`]+$")


_ENCODER_FIELDS = ("pooling", "layer", "query_prefix", "index_prefix")


class EncoderOptions(_Strict):
    """Retrieval settings a manifest checkpoint entry may carry (None: the model's or the
    card's; see harness.retrieval_settings). They apply to the entry's retrieval tasks.

    Attributes:
        pooling: `mean`, `cls` or `max`.
        layer: the hidden state pooled (0 = embeddings, negative from the top: -1 = last).
        query_prefix, index_prefix: text put before every query / candidate when encoded
            (e5: `"query: "`).
    """

    pooling: Literal["mean", "cls", "max"] | None = None
    layer: StrictInt | None = None
    query_prefix: str | None = Field(default=None, max_length=200, pattern=r"^[^\r\n]*$")
    index_prefix: str | None = Field(default=None, max_length=200, pattern=r"^[^\r\n]*$")

    @model_serializer(mode="wrap")
    def _unset_left_out(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """Dump as written: settings left unset are left out (a hub entry without settings
        dumps as `{hub, revision}`, as before they existed)."""
        out: dict[str, Any] = handler(self)
        return {k: v for k, v in out.items() if not (k in _ENCODER_FIELDS and v is None)}

    def encoder_fields(self) -> dict[str, Any]:
        """The settings this entry sets (unset ones left out)."""
        return {n: getattr(self, n) for n in _ENCODER_FIELDS if getattr(self, n) is not None}


class LocalCheckpoint(EncoderOptions):
    """A local checkpoint folder with retrieval settings: `{path: ..., layer: -1, ...}`."""

    path: str = Field(min_length=1)


class HubCheckpoint(EncoderOptions):
    """A checkpoint on the Hugging Face hub, pinned to one commit (and optionally retrieval
    settings, as `EncoderOptions`).

    Attributes:
        hub: the model repository id (`org/name`).
        revision: the 40-hex commit sha; branch and tag names are refused because they move.
    """

    hub: str = Field(pattern=HUB_ID_RE)
    revision: str

    @field_validator("revision")
    @classmethod
    def _pinned(cls, v: str) -> str:
        if not re.fullmatch(r"[0-9a-f]{40}", v):
            raise ValueError("must be a pinned 40-hex commit sha (branches and tags move)")
        return v


def _checkpoint_kind(value: Any) -> str:
    if isinstance(value, HubCheckpoint) or (isinstance(value, dict) and "hub" in value):
        return "hub"
    if isinstance(value, LocalCheckpoint | dict):
        return "local"
    return "path"


#: A manifest's checkpoint: a local path (a string), `{path: ..., <settings>}`, or
#: `{hub: org/name, revision: <sha>, <settings>}` (settings: see `EncoderOptions`).
CheckpointSpec = Annotated[
    Annotated[str, Tag("path")]
    | Annotated[LocalCheckpoint, Tag("local")]
    | Annotated[HubCheckpoint, Tag("hub")],
    Discriminator(_checkpoint_kind),
]


class Submission(_Strict):
    """A submission manifest (submissions/<id>.yaml); the file name is the submission id.

    Attributes:
        name: the display name.
        method: `stilts` (English intermediate-task training first), `multilingual-baseline`
            (plain fine-tuning) or `other`.
        base_model: the pretrained model both methods start from, e.g. `xlm-roberta-large`.
        intermediate_tasks: the intermediate task(s) of a STILTs model; empty for a baseline.
        authors: who made the submission.
        links: label -> http(s) URL (paper, code, model card).
        notes: free text, shown as plain text.
        checkpoints: task or family name -> a local path (relative paths resolve against the
            manifest's folder), `{path: ..., <settings>}`, or a pinned hub checkpoint; the
            settings (`pooling`, `layer`, `query_prefix`, `index_prefix`) apply to the entry's
            retrieval tasks.
        profiles: the noise profiles to score besides clean.
        languages: task or family name -> the only languages scored for it (default: every
            language with data); a task key wins over its family's key.
        toy: a toy entry (such as the demo's tiny models): its scores are near chance and
            show that the pipeline works; the leaderboard says so.
        draws: noise draws per noisy profile (`harness score --draws` overrides it; None: the
            profile's own default, else one).
    """

    name: str = Field(min_length=1, max_length=120)
    method: Method
    base_model: str = Field(min_length=1, max_length=200)
    intermediate_tasks: tuple[str, ...] = ()
    authors: tuple[Annotated[str, Field(min_length=1, max_length=200)], ...] = ()
    links: dict[str, str] = Field(default_factory=dict)
    notes: str = Field(default="", max_length=10_000)
    checkpoints: dict[Name, CheckpointSpec]
    profiles: tuple[Name, ...] = ()
    languages: dict[Name, tuple[Annotated[str, Field(min_length=1, max_length=20)], ...]] = Field(
        default_factory=dict
    )
    toy: bool = False
    draws: int | None = Field(default=None, ge=1, le=MAX_DRAWS)

    @field_validator("links")
    @classmethod
    def _urls(cls, v: dict[str, str]) -> dict[str, str]:
        for label, url in v.items():
            if not label.strip():
                raise ValueError("link labels must not be empty")
            if not URL_RE.match(url):
                raise ValueError(f"{label}: {url!r} is not an http(s) URL")
        return v

    @field_validator("checkpoints")
    @classmethod
    def _paths(
        cls, v: dict[str, str | LocalCheckpoint | HubCheckpoint]
    ) -> dict[str, str | LocalCheckpoint | HubCheckpoint]:
        if not v:
            raise ValueError("name at least one checkpoint (task or family -> path or hub id)")
        for key, spec in v.items():
            path = spec.path if isinstance(spec, LocalCheckpoint) else spec
            if isinstance(path, str) and (not path.strip() or "\0" in path):
                raise ValueError(f"{key}: empty or invalid path")
        return v

    @model_validator(mode="after")
    def _method_fits(self) -> Submission:
        if self.method == "multilingual-baseline" and self.intermediate_tasks:
            raise ValueError("intermediate_tasks: a multilingual-baseline has none")
        if self.method == "stilts" and not self.intermediate_tasks:
            raise ValueError("intermediate_tasks: a stilts submission names at least one")
        if len(set(self.profiles)) != len(self.profiles):
            raise ValueError("profiles: duplicate profile names")
        return self


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema of stored result records (their JSON part), as committed in
    docs/result-schema.json."""
    return StoredResult.model_json_schema()


if __name__ == "__main__":  # python -m harness.schema > docs/result-schema.json
    import json

    print(json.dumps(result_json_schema(), indent=1, sort_keys=True))
