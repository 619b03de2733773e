"""Scoring a checkpoint: registry -> data -> noise -> model -> metrics -> result store.

`plan_run` validates every name and path up front (one clear error before any work);
`execute` then scores each (task, language, profile) cell, serving cells from the result store
when their inputs are unchanged, and continues past a failed cell, reporting every failure at
the end. Examples that a profile left unchanged reuse the clean prediction.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import platform
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import torch

from harness import __version__
from harness.data import Dataset, Example, available_languages, load_task_data
from harness.errors import ConfigError, DataError, HarnessError, ModelError
from harness.families import family_for, is_implemented
from harness.families.base import DatasetFamily, TaskFamily
from harness.memory import release_free_memory
from harness.models.loading import (
    LABELLED_HEADS,
    LoadedModel,
    adopt_model,
    load_checkpoint,
    pick_device,
)
from harness.models.source import Checkpoint, ModelSource, resolve_model
from harness.models.token_cache import TokenCache, tokenizer_fingerprint
from harness.noise import NoisedExample, measure, noise_example
from harness.noise.rng import for_draw
from harness.parallel import from_main, gather_sharded, world
from harness.registry import Entry, Registry, suggest
from harness.results import ResultStore, result_key, signature
from harness.retrieval_settings import (
    EncoderSettings,
    check_settings,
    describe_settings,
    read_sentence_transformers,
)
from harness.samples import CellSamples, build_samples, samples_path, write_samples
from harness.schema import (
    MAX_DRAWS,
    ComponentRef,
    DataRef,
    ModelRef,
    NoiseFigures,
    NoiseProfile,
    Provenance,
    RetrievalSpec,
    RunResult,
    TaskCard,
)
from harness.shards import Shard, shard_cells

CLEAN = "clean"
#: `--dtype` value -> the torch dtype the model's weights are cast to (fp32: left as loaded).
DTYPES: dict[str, torch.dtype] = {
    "fp32": torch.float32,
    "fp16": torch.float16,
    "bf16": torch.bfloat16,
}
LIBRARIES = ("torch", "transformers", "tokenizers", "datasets", "rapidfuzz", "regex")


#: Examples a cell encodes and predicts at a time (families whose examples are independent):
#: the cell's token ids and logits are held for one chunk, never for the whole cell. Within a
#: chunk, batches are cut longest first as before; scores do not depend on the cut (tests).
CELL_CHUNK = 2048

TOKEN_CACHE_DIR = ".tokens"
"""The token cache's folder name inside a result store (or a root of result stores)."""


@dataclass(frozen=True)
class RunPlan:
    """A validated request to score one checkpoint (or a folder of per-task checkpoints).

    Attributes:
        model: where each task's checkpoint comes from (a folder, a folder of `<task>/` or
            `<family>/` checkpoints, a hub id, an in-memory model, or a mapping of those).
        cells: (task, languages) in the order they are scored.
        profiles: the profiles scored besides clean (clean is always scored first).
        data: `hub`, `samples` or an official-layout folder.
        pooling, layer, query_prefix, index_prefix: override the retrieval cards'
            `retrieval.*` settings and a sentence-transformers folder's own (None: the
            folder's, else the card's; harness.retrieval_settings).
        dtype: the precision of the forward pass (`fp32`, `fp16`, `bf16`; see DTYPES).
        results_dir: the result store; None scores in memory and writes nothing.
        token_cache_dir: where encodings are cached for every checkpoint with the same
            tokenizer (`harness.models.token_cache`); `plan_run` defaults it to
            `<results_dir>/.tokens` (None without a result store).
        allow_nonstandard_data: score data that is not the card's official test set; each
            such cell records why (`nonstandard`) in its result, key and signature.
        log_samples: keep a per-example sample log of every cell (harness.samples): written
            beside the result store, or kept on the report without one.
        shard: the part of the cells this run scores (`harness.shards`; None: all of them);
            `cells` holds that part only.
        draws: noise draws per noisy profile, for every profile (None: each profile's own
            `draws:` default, else one). Clean is scored once.
    """

    model: ModelSource
    cells: tuple[tuple[str, tuple[str, ...]], ...]
    profiles: tuple[str, ...]
    data: str
    labels_dir: Path | None
    limit: int | None
    batch_size: int | None
    device: str
    results_dir: Path | None
    allow_pickle: bool = False
    pooling: str | None = None
    layer: int | None = None
    dtype: str = "fp32"
    token_cache_dir: Path | None = None
    allow_nonstandard_data: bool = False
    query_prefix: str | None = None
    index_prefix: str | None = None
    log_samples: bool = False
    shard: Shard | None = None

    @property
    def encoder(self) -> EncoderSettings:
        """The retrieval settings asked for explicitly."""
        return EncoderSettings(self.pooling, self.layer, self.query_prefix, self.index_prefix)

    draws: int | None = None

    def draws_for(self, profile: NoiseProfile) -> int:
        """How many noise draws `profile` gets: `draws`, else the profile's default, else 1
        (clean, which adds no noise, gets one)."""
        if profile.unit == "none":
            return 1
        if self.draws is not None:
            return self.draws
        return profile.draws or 1


@dataclass(frozen=True)
class CellFailure:
    task: str
    language: str
    message: str


#: (task, language, profile) -> each query's ranked candidate ids, best first.
Rankings = dict[tuple[str, str, str], tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class RunReport:
    """What `Runner.execute` returns.

    Attributes:
        rankings: the whole ranked lists of the ranked-retrieval cells scored in this run
            (the store keeps each query's top candidate and relevant ranks, not the lists);
            what `--export-predictions` writes for them.
    """

    results: tuple[RunResult, ...]
    failures: tuple[CellFailure, ...]
    served_from_store: int
    samples: tuple[CellSamples, ...] = ()
    sample_files: tuple[Path, ...] = ()
    rankings: Rankings = dataclasses.field(default_factory=dict)


def _split_names(values: Sequence[str] | None) -> list[str]:
    out: list[str] = []
    for value in values or ():
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def check_options(
    *,
    data: str,
    labels_dir: Path | None,
    limit: int | None,
    batch_size: int | None,
    device: str,
    dtype: str,
    draws: int | None = None,
) -> None:
    """Check the options `harness run` and `harness score` share, before any work is done.

    Raises:
        ConfigError: a bad `--limit`, `--batch-size`, `--dtype` or `--draws`; fp16 on a CPU.
        DataError: the data folder or labels folder does not exist.
    """
    if data not in {"hub", "samples"} and not Path(data).is_dir():
        raise DataError(f"--data {data}: no such folder", hint="use hub, samples or a folder")
    if labels_dir is not None and not labels_dir.is_dir():
        raise DataError(f"--labels {labels_dir}: no such folder")
    if limit is not None and limit < 1:
        raise ConfigError("--limit must be at least 1")
    if batch_size is not None and batch_size < 1:
        raise ConfigError("--batch-size must be at least 1 or auto")
    if draws is not None and (isinstance(draws, bool) or not 1 <= draws <= MAX_DRAWS):
        raise ConfigError(f"--draws {draws}: expected a whole number from 1 to {MAX_DRAWS}")
    if dtype not in DTYPES:
        raise ConfigError(f"--dtype {dtype}: expected one of {', '.join(DTYPES)}")
    # before any work, even when every cell would be served from the store
    resolved = pick_device(device)
    if dtype == "fp16" and resolved.type == "cpu":
        raise ConfigError(
            f"--dtype fp16 needs a GPU, and --device {device} runs on the CPU "
            "(half-precision matrix products are slow or missing there)",
            hint="use --dtype bf16 or fp32 on a CPU, or --device cuda",
        )


def plan_run(
    registry: Registry,
    *,
    model: ModelSource | Path | str | Any,
    tasks: Sequence[str] | None,
    langs: Sequence[str] | None,
    profiles: Sequence[str] | None,
    data: str,
    labels_dir: Path | None,
    limit: int | None,
    batch_size: int | None,
    device: str,
    results_dir: Path | None,
    allow_pickle: bool = False,
    pooling: str | None = None,
    layer: int | None = None,
    dtype: str = "fp32",
    token_cache_dir: Path | None = None,
    allow_nonstandard_data: bool = False,
    query_prefix: str | None = None,
    index_prefix: str | None = None,
    log_samples: bool = False,
    shard: Shard | None = None,
    draws: int | None = None,
) -> RunPlan:
    """Check every name and path before any work is done.

    `model` is anything `harness.models.source.resolve_model` takes. `token_cache_dir`
    defaults to `<results_dir>/.tokens`. With `shard`, the plan keeps that shard's part of
    the cells (`harness.shards.shard_cells`).

    Raises:
        ConfigError: an unknown task, profile or language; a task whose family is not
            implemented; a bad option value; fp16 on a CPU.
        ModelError: the model path does not exist (and is no hub id), or is not a folder.
        DataError: the data folder or labels folder does not exist.
    """
    source = resolve_model(model)
    check_options(
        data=data,
        labels_dir=labels_dir,
        limit=limit,
        batch_size=batch_size,
        device=device,
        dtype=dtype,
        draws=draws,
    )
    check_settings(EncoderSettings(pooling, layer, query_prefix, index_prefix))

    def usable(name: str) -> bool:
        card = registry.task(name)
        return is_implemented(card) and bool(
            available_languages(card, data, samples_dir=registry.samples_dir(name))
        )

    requested = _split_names(tasks)
    task_names: list[str] = []
    from_group: set[str] = set()
    for name, group in registry.expand_tasks(requested):
        # a group (retrieval, xtreme-r, ...) means its implemented members with data
        if (not group or usable(name)) and name not in task_names:
            task_names.append(name)
            if group:
                from_group.add(name)
    if not requested:  # every implemented task that has data in the chosen source
        task_names = [name for name in registry.tasks if usable(name)]
    if not task_names:
        what = f"--tasks {','.join(requested)}" if requested else "any implemented task"
        raise DataError(f"--data {data}: no data for {what}")
    cards = [registry.task(name) for name in task_names]
    for card in cards:
        family_for(card)
    profile_names = [p for p in _split_names(profiles) if p != CLEAN]
    for name in profile_names:
        registry.profile(name)
    registry.profile(CLEAN)
    all_langs = {lang for card in cards for lang in card.languages}
    by_folded = {lang.casefold(): lang for lang in all_langs}
    wanted = [by_folded.get(lang.casefold(), lang) for lang in _split_names(langs)]  # DE -> de
    for lang in wanted:
        if lang not in all_langs:
            names = ", ".join(c.name for c in cards)
            pivots = [c.name for c in cards if c.family == "retrieval" and lang == "en"]
            if pivots:
                raise ConfigError(
                    f"--langs en: English is the pivot side of {', '.join(pivots)} (every "
                    "language's sentences are searched against English), not one of its "
                    "languages",
                    hint=f"name the other side, e.g. --langs de; {names} cover: "
                    f"{', '.join(sorted(all_langs))}",
                )
            raise ConfigError(f"unknown language {lang!r} for {names}{suggest(lang, all_langs)}")
    cells = []
    for card in cards:
        have = available_languages(card, data, samples_dir=registry.samples_dir(card.name))
        if wanted and card.name in from_group:  # a group member: the wanted languages it has
            chosen = tuple(lang for lang in have if lang in wanted)
            if not chosen:
                continue
        elif wanted:
            chosen = tuple(lang for lang in card.languages if lang in wanted)
        else:
            chosen = have
        cells.append((card.name, chosen))
    if not cells:
        raise DataError(
            f"--data {data}: no data for --tasks {','.join(requested)} in --langs "
            f"{','.join(wanted)}"
        )
    if shard is not None:
        cells = list(shard_cells(cells, {card.name: card for card in cards}, shard))
    if token_cache_dir is None and results_dir is not None:
        token_cache_dir = results_dir / TOKEN_CACHE_DIR
    return RunPlan(
        model=source,
        cells=tuple(cells),
        profiles=tuple(dict.fromkeys(profile_names)),
        data=data,
        labels_dir=labels_dir,
        limit=limit,
        batch_size=batch_size,
        device=device,
        results_dir=results_dir,
        allow_pickle=allow_pickle,
        pooling=pooling,
        layer=layer,
        dtype=dtype,
        token_cache_dir=token_cache_dir,
        allow_nonstandard_data=allow_nonstandard_data,
        query_prefix=query_prefix,
        index_prefix=index_prefix,
        log_samples=log_samples,
        shard=shard,
        draws=draws,
    )


def _libraries() -> dict[str, str]:
    out = {"python": platform.python_version(), "harness": __version__}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "absent"
    return out


@dataclass
class _TaskState:
    """What one task's cells share: the checkpoint, loaded on first need."""

    card_entry: Entry[TaskCard]
    family: TaskFamily
    checkpoint: Checkpoint
    fingerprint: str
    loaded: LoadedModel | None = None
    #: the checkpoint is a sentence-transformers folder whose own settings were used
    sentence_transformers: bool = False


#: `--dtype` names by torch dtype (an in-memory model is scored in its own precision).
DTYPE_NAMES = {v: k for k, v in DTYPES.items()}


Progress = Callable[[str], None]


@dataclass(frozen=True)
class _Noised:
    """A cell's noised examples, the dataset view the family reads, and what noise did.

    `index` is the noised candidate index of a retrieval dataset with one (else None)."""

    examples: list[NoisedExample]
    view: Dataset
    figures: NoiseFigures
    index: list[NoisedExample] | None = None


def _noise_dataset(ds: Dataset, card: TaskCard, profile: NoiseProfile) -> _Noised:
    """Noise a cell's examples (and measure it); return them with the dataset the family reads.

    A retrieval dataset with a separate index (`ds.index`) noises the side that carries the
    card's noise fields: its queries (lareqa, mewslix, bucc2018) or its candidates (tatoeba,
    whose index is re-noised per profile); items without those fields are left as they are.
    """
    if not ds.index:
        noised = [noise_example(ex, card, profile, ds.language) for ex in ds.examples]
        figures = measure(list(zip(ds.examples, noised, strict=True)), card.noise_fields)
        return _Noised(noised, ds, figures)

    def carries(ex: Example) -> bool:
        return all(f in ex.fields for f in card.noise_fields)

    def apply(items: Sequence[Example]) -> list[NoisedExample]:
        return [
            noise_example(ex, card, profile, ds.language)
            if carries(ex)
            else NoisedExample(ex, {}, {}, False)
            for ex in items
        ]

    noised, noised_index = apply(ds.examples), apply(ds.index)
    pairs = [
        (clean, n)
        for clean, n in zip((*ds.examples, *ds.index), (*noised, *noised_index), strict=True)
        if carries(clean)
    ]
    view = ds
    if any(n.changed for n in noised_index):
        view = dataclasses.replace(ds, index=tuple(n.example for n in noised_index))
    return _Noised(noised, view, measure(pairs, card.noise_fields), noised_index)


def _embeddings(spec: RetrievalSpec) -> dict[str, str]:
    """`{"embeddings": "fp16"}` when vectors are kept as fp16; empty for fp32, so keys,
    signatures and settings of fp32 runs stay as they were."""
    return {"embeddings": spec.embeddings} if spec.embeddings != "fp32" else {}


def _prefixes(spec: RetrievalSpec) -> dict[str, str]:
    """The input prefixes a retrieval spec sets; empty ones (every card's) are left out, so
    keys, signatures and records without prefixes stay as they were."""
    pairs = (("query_prefix", spec.query_prefix), ("index_prefix", spec.index_prefix))
    return {name: value for name, value in pairs if value}


def _encoder_signature(spec: RetrievalSpec) -> str:
    """`pooling@layer` (`mean@8`), `+prefix:<8 hex>` when input prefixes are set (their
    hash: a prefix is free text, a signature one token per field), and `+fp16` when vectors
    are kept as fp16."""
    prefixes = _prefixes(spec)
    text = f"{spec.pooling}@{spec.layer}"
    if prefixes:
        blob = json.dumps(prefixes, sort_keys=True, ensure_ascii=False).encode("utf-8")
        text += f"+prefix:{hashlib.sha256(blob).hexdigest()[:8]}"
    return text + ("+fp16" if spec.embeddings == "fp16" else "")


def _retrieval_settings(
    spec: RetrievalSpec, loaded: LoadedModel, sentence_transformers: bool
) -> dict[str, Any]:
    """The encoder settings a retrieval record keeps in `provenance.settings`: pooling, layer,
    the encoder's layer count (so the layer can be named `layer 12 of 12`), prefixes when set,
    whether a sentence-transformers folder supplied defaults, and all of it in words
    (`encoder`)."""
    layers = getattr(getattr(loaded.model, "config", None), "num_hidden_layers", None)
    settings: dict[str, Any] = {
        "pooling": spec.pooling,
        "layer": spec.layer,
        **({"layers": layers} if isinstance(layers, int) else {}),
        **_prefixes(spec),
        **_embeddings(spec),
        **({"sentence_transformers": True} if sentence_transformers else {}),
    }
    # the same in words, for whoever reads the record itself
    settings["encoder"] = describe_settings(settings)
    return settings


class Runner:
    """Executes a RunPlan against a registry and a result store."""

    def __init__(self, registry: Registry, plan: RunPlan, progress: Progress | None = None):
        self.registry = registry
        self.plan = plan
        self.store = ResultStore(plan.results_dir) if plan.results_dir is not None else None
        self._fingerprints: dict[object, str] = {}
        self.rankings: Rankings = {}
        self._draw_profiles: dict[tuple[str, int], NoiseProfile] = {}
        self.progress = progress or (lambda _msg: None)
        self.libraries = _libraries()
        self.samples: list[CellSamples] = []
        self.sample_files: list[Path] = []
        # under torchrun each rank predicts a shard of every cell; rank 0 writes the store
        self.world = world()
        self.device = plan.device
        if self.world.size > 1 and plan.device in ("auto", "cuda") and torch.cuda.is_available():
            self.device = f"cuda:{self.world.local_rank}"

    def execute(self) -> RunReport:
        results: list[RunResult] = []
        failures: list[CellFailure] = []
        served = 0
        self.samples.clear()
        self.sample_files.clear()
        for task, langs in self.plan.cells:
            if not langs:
                failures.append(CellFailure(task, "-", f"no {self.plan.data} data for {task}"))
                continue
            try:
                state = self._task_state(task)
            except HarnessError as exc:
                failures.append(CellFailure(task, ",".join(langs), exc.message))
                continue
            for lang in langs:
                try:
                    cell, n_served = self._score_language(state, lang)
                except ModelError as exc:  # the checkpoint is unusable: once for the task
                    rest = ",".join(langs[langs.index(lang) :])
                    failures.append(CellFailure(task, rest, exc.message))
                    break
                except HarnessError as exc:
                    failures.append(CellFailure(task, lang, exc.message))
                    continue
                results.extend(cell)
                served += n_served
                release_free_memory()  # the cell's buffers: RSS stays flat over a long run
        return RunReport(
            tuple(results),
            tuple(failures),
            served,
            tuple(self.samples),
            tuple(self.sample_files),
            dict(self.rankings),
        )

    def _task_state(self, task: str) -> _TaskState:
        entry = self.registry.task_entry(task)
        family = family_for(entry.model)
        checkpoint = self.plan.model.checkpoint(task, entry.model.family)
        spec = entry.model.retrieval
        wanted = self.plan.encoder
        folder = None
        if spec is not None and checkpoint.path is not None:
            # a sentence-transformers folder brings its own pooling (and the last layer)
            folder = read_sentence_transformers(checkpoint.path)
            if folder is not None:
                wanted = wanted.over(folder.settings())
        update: dict[str, Any] = {}
        if spec is not None and not wanted.empty:
            # run/manifest settings, then the folder's, override the card's (kept in the key)
            update = {k: v for k, v in vars(wanted).items() if v is not None}
        if spec is not None and self.plan.dtype == "fp16":
            update["embeddings"] = "fp16"  # fp16 vectors: keeping them as fp32 adds nothing
        if spec is not None and update:
            card = entry.model.model_copy(update={"retrieval": spec.model_copy(update=update)})
            entry = dataclasses.replace(entry, model=card)
        fingerprint = self._fingerprint(checkpoint)
        return _TaskState(entry, family, checkpoint, fingerprint, None, folder is not None)

    def _fingerprint(self, checkpoint: Checkpoint) -> str:
        """The checkpoint's fingerprint, computed once per checkpoint in this run."""
        memory = checkpoint.memory
        key: object = id(memory.model) if memory is not None else checkpoint.path
        if key not in self._fingerprints:
            self._fingerprints[key] = checkpoint.fingerprint()
        return self._fingerprints[key]

    def _adopt(self, state: _TaskState) -> LoadedModel:
        """An in-memory model, checked against the task, scored where and as it is."""
        memory = state.checkpoint.memory
        assert memory is not None
        label = state.checkpoint.label
        param = next(memory.model.parameters())
        dtype = DTYPE_NAMES.get(param.dtype, str(param.dtype))
        if dtype != self.plan.dtype:
            raise ModelError(
                f"{label} holds {dtype} weights but dtype is {self.plan.dtype}",
                hint=f"pass dtype={dtype!r} (an in-memory model is scored in its own precision)",
            )
        if self.plan.device != "auto" and pick_device(self.plan.device) != param.device:
            raise ModelError(
                f"{label} lives on {param.device} but device is {self.plan.device}",
                hint="move the model with model.to(...) first, or pass device='auto'",
            )
        card = state.card_entry.model
        labels = card.labels if state.family.head in LABELLED_HEADS else None
        return adopt_model(
            memory.model,
            memory.tokenizer,
            state.family.head,
            labels,
            fingerprint=state.fingerprint,
            label=label,
        )

    def _load(self, state: _TaskState) -> LoadedModel:
        if state.loaded is None:
            card = state.card_entry.model
            if state.checkpoint.memory is not None:
                state.loaded = self._adopt(state)
            else:
                assert state.checkpoint.path is not None
                state.loaded = load_checkpoint(
                    state.checkpoint.path,
                    state.family.head,
                    card.labels if state.family.head in LABELLED_HEADS else None,
                    device=self.device,
                    allow_pickle=self.plan.allow_pickle,
                    fingerprint=state.fingerprint,
                )
                if self.plan.dtype != "fp32":
                    state.loaded.model.to(DTYPES[self.plan.dtype])  # type: ignore[arg-type]
            # encodings are shared by every checkpoint with this tokenizer (token_cache.py)
            folder = self.plan.token_cache_dir
            fingerprint = tokenizer_fingerprint(state.loaded.tokenizer) if folder else None
            if folder is not None and fingerprint is not None:
                token_cache = TokenCache(folder, fingerprint)
                state.loaded = dataclasses.replace(state.loaded, token_cache=token_cache)
        return state.loaded

    def _key(self, state: _TaskState, prof: Entry[NoiseProfile], ds: Dataset, draw: int = 0) -> str:
        parts: dict[str, Any] = {
            "task_card": state.card_entry.sha256,
            "profile": prof.sha256,
            "data": ds.fingerprint,
            "model": state.fingerprint,
            "language": ds.language,
            "split": ds.split,
            "harness": __version__,
        }
        if self.plan.dtype != "fp32":  # fp32 adds nothing, so fp32 keys stay as they were
            parts["dtype"] = self.plan.dtype
        spec = state.card_entry.model.retrieval
        if spec is not None:  # the effective pooling and layer (card or --pooling/--layer)
            parts["retrieval"] = {
                "pooling": spec.pooling,
                "layer": spec.layer,
                **_prefixes(spec),
                **_embeddings(spec),
            }
        if ds.nonstandard is not None:  # only when set, so standard keys stay as they were
            parts["nonstandard"] = ds.nonstandard
        if draw:  # draw 0 is the profile's own seed: its key stays as it was
            parts["draw"] = draw
        return result_key(parts)

    def _score_language(self, state: _TaskState, lang: str) -> tuple[list[RunResult], int]:
        card = state.card_entry.model
        ds = load_task_data(
            card,
            lang,
            self.plan.data,
            labels_dir=self.plan.labels_dir,
            limit=self.plan.limit,
            samples_dir=self.registry.samples_dir(card.name),
            allow_nonstandard=self.plan.allow_nonstandard_data,
        )
        out: list[RunResult] = []
        served = 0
        clean_predictions: list[Any] | None = None
        cells = [
            (name, draw)
            for name in (CLEAN, *self.plan.profiles)
            for draw in range(self.plan.draws_for(self.registry.profile(name)))
        ]
        for name, draw in cells:
            prof = self.registry.profile_entry(name)
            key = self._key(state, prof, ds, draw)
            label = f"{name} draw {draw}" if draw else name
            stored = None
            if self.world.is_main and self.store is not None:  # rank 0 owns the store
                stored = self.store.get(state.fingerprint, card.name, lang, name, key)
            stored = from_main(self.world, stored)
            noise: _Noised | None = None
            if stored is not None:
                self.progress(f"{card.name}.{lang} {label}: served from the result store")
                record = stored
                served += 1
            else:
                self.progress(f"{card.name}.{lang} {label}: scoring {len(ds.examples)} examples")
                record, noise = self._score_cell(state, prof, ds, key, clean_predictions, draw)
                if self.world.is_main and self.store is not None:
                    self.store.put(record)
            out.append(record)
            if name == CLEAN:
                clean_predictions = list(record.per_example["prediction"])
            if self.plan.log_samples and self.world.is_main:
                assert clean_predictions is not None
                self._log_samples(state, prof, ds, record, clean_predictions, noise)
        return out, served

    def _log_samples(
        self,
        state: _TaskState,
        prof: Entry[NoiseProfile],
        ds: Dataset,
        record: RunResult,
        clean_predictions: list[Any],
        noise: _Noised | None,
    ) -> None:
        """Keep (or write beside the store) the sample log of one cell. A cell served from
        the store is noised again (noise is deterministic) unless its log is there already."""
        card = state.card_entry.model
        path = None
        if self.plan.results_dir is not None:
            path = samples_path(
                self.plan.results_dir,
                state.fingerprint,
                card.name,
                ds.language,
                prof.model.name,
                record.key,
            )
            if path.is_file():
                self.sample_files.append(path)
                return
        if noise is None:  # the cell's own draw of the profile
            noise = _noise_dataset(ds, card, self._drawn(prof, record.draw))
        rows = build_samples(
            card,
            ds,
            noise.examples,
            noise.index,
            clean_predictions,
            record.per_example["prediction"],
        )
        if path is not None:
            self.sample_files.append(write_samples(path, rows))
        else:
            self.samples.append(
                CellSamples(
                    card.name,
                    ds.language,
                    prof.model.name,
                    record.key,
                    state.fingerprint,
                    tuple(rows),
                )
            )

    def _drawn(self, prof: Entry[NoiseProfile], draw: int) -> NoiseProfile:
        """The profile as draw `draw` noises with it, one object per (profile, draw) in this
        run (the noise engine caches its tables by object)."""
        if draw == 0:
            return prof.model
        key = (prof.sha256, draw)
        if key not in self._draw_profiles:
            self._draw_profiles[key] = for_draw(prof.model, draw)
        return self._draw_profiles[key]

    def _score_cell(
        self,
        state: _TaskState,
        prof: Entry[NoiseProfile],
        ds: Dataset,
        key: str,
        clean_predictions: list[Any] | None,
        draw: int = 0,
    ) -> tuple[RunResult, _Noised]:
        card, profile = state.card_entry.model, prof.model
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        noise = _noise_dataset(ds, card, self._drawn(prof, draw))
        noised, view, figures = noise.examples, noise.view, noise.figures
        timings["noise_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        loaded = self._load(state)
        timings["load_s"] = time.perf_counter() - t0

        t0 = time.perf_counter()
        examples = [n.example for n in noised]
        family = state.family

        def predict(items: list[Example]) -> list[Any]:  # one rank's shard under torchrun
            return family.predict(loaded, card, items, self.plan.batch_size)

        def chunked(items: list[Example]) -> list[Any]:
            """Predictions for `items`, CELL_CHUNK examples encoded and run at a time."""
            if not family.independent:  # a prediction reads the other examples
                return gather_sharded(self.world, items, predict)
            out: list[Any] = []
            for start in range(0, len(items), CELL_CHUNK):
                out.extend(gather_sharded(self.world, items[start : start + CELL_CHUNK], predict))
            return out

        if isinstance(family, DatasetFamily):  # reads the (noised) index and tune split
            predictions = family.predict_dataset(loaded, card, view, examples, self.plan.batch_size)
        elif clean_predictions is None or not family.independent:
            predictions = chunked(examples)
        else:
            todo = [i for i, n in enumerate(noised) if n.changed]
            subset = [examples[i] for i in todo]
            fresh = chunked(subset)
            predictions = list(clean_predictions)
            for i, p in zip(todo, fresh, strict=True):
                predictions[i] = p
        timings["predict_s"] = time.perf_counter() - t0

        scored = state.family.score(card, ds.language, examples, predictions)
        if scored.ranked is not None:
            cell = (card.name, ds.language, profile.name)
            self.rankings[cell] = tuple(tuple(r) for r in scored.ranked)
        per_example = {
            "id": [e.id for e in examples],
            **{k: list(v) for k, v in scored.per_example.items()},
            "changed": [n.changed for n in noised],
        }
        record = RunResult(
            key=key,
            signature=signature(
                card.name,
                ds.language,
                profile.name,
                profile.version,
                profile.seed,
                ds.fingerprint,
                state.fingerprint,
                __version__,
                _encoder_signature(card.retrieval) if card.retrieval else None,
                self.plan.dtype,
                state.checkpoint.revision,
                nonstandard=ds.nonstandard is not None,
                draw=draw,
            ),
            task=card.name,
            language=ds.language,
            profile=profile.name,
            scores=dict(scored.scores),
            main=scored.main,
            n=len(examples),
            per_example=per_example,
            noise=figures,
            provenance=Provenance(
                harness_version=__version__,
                task_card=ComponentRef(
                    name=card.name, version=card.version, sha256=state.card_entry.sha256
                ),
                profile=ComponentRef(
                    name=profile.name, version=profile.version, sha256=prof.sha256
                ),
                data=DataRef(
                    source=ds.source,
                    location=ds.location,
                    fingerprint=ds.fingerprint,
                    revision=ds.revision,
                    n_examples=len(ds.examples),
                    state=ds.identity.state,
                    pinned=ds.pinned,
                ),
                model=ModelRef(
                    path=state.checkpoint.label
                    if state.checkpoint.path is None
                    else str(state.checkpoint.path),
                    fingerprint=state.fingerprint,
                    architecture=loaded.architecture,
                    hub=state.checkpoint.hub,
                    revision=state.checkpoint.revision,
                ),
                libraries=self.libraries,
                device=str(loaded.device),
                settings={
                    "split": ds.split,
                    "limit": self.plan.limit,
                    "max_seq_length": min(card.max_seq_length, loaded.max_length),
                    "batch_size": self.plan.batch_size or "auto",
                    "dtype": self.plan.dtype,
                    "processes": self.world.size,
                    **(
                        _retrieval_settings(card.retrieval, loaded, state.sentence_transformers)
                        if card.retrieval is not None
                        else {}
                    ),
                },
                timings={k: round(v, 4) for k, v in timings.items()},
                created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            ),
            nonstandard=ds.nonstandard,
            draw=draw,
        )
        return record, noise
