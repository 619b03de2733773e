"""The Python API: score a model, or put the typo engine on your own text and datasets.

`evaluate` is the one way a model is scored: `harness run` parses its arguments, calls it and
prints the `Report`. `perturb`, `perturb_tokens` and `noise_dataset` run the same engine, with
the same per-example determinism, as a run does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

from harness.errors import ConfigError
from harness.models.source import MappingModel, MemoryModel, ModelSource, resolve_model
from harness.noise import engine
from harness.noise.ops import Edit
from harness.noise.rng import seeds_for
from harness.registry import Registry
from harness.report import Report
from harness.runner import Runner, plan_run
from harness.schema import NoiseProfile
from harness.shards import Shard

__all__ = ["evaluate", "noise_dataset", "perturb", "perturb_tokens"]

Names = str | Sequence[str] | None
#: The `task` part of the noise seed when `perturb` is called without one.
API_TASK = "api"


def _names(value: Names) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else list(value)


def _include(value: Path | str | Sequence[Path | str] | None) -> list[Path | str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str | Path) else list(value)


def _memory_models(source: ModelSource) -> Iterator[MemoryModel]:
    if isinstance(source, MemoryModel):
        yield source
    elif isinstance(source, MappingModel):
        for inner in source.sources.values():
            yield from _memory_models(inner)


@contextlib.contextmanager
def _scoring(source: ModelSource) -> Iterator[None]:
    """Put in-memory models in eval mode for scoring, and back in their own mode after."""
    modes = [(m.model, m.model.training) for m in _memory_models(source)]
    for model, _ in modes:
        model.eval()
    try:
        yield
    finally:
        for model, training in modes:
            model.train(training)


def evaluate(
    model: Any,
    *,
    tasks: Names = None,
    langs: Names = None,
    profiles: Names = ("typo-10",),
    data: str | Path = "hub",
    labels: Path | str | None = None,
    limit: int | None = None,
    batch_size: int | Literal["auto"] = "auto",
    device: str = "auto",
    dtype: str = "fp32",
    results: Path | str | None = None,
    include_path: Path | str | Sequence[Path | str] | None = None,
    pooling: str | None = None,
    layer: int | None = None,
    query_prefix: str | None = None,
    index_prefix: str | None = None,
    allow_pickle: bool = False,
    token_cache: Path | str | None = None,
    allow_nonstandard_data: bool = False,
    log_samples: bool = False,
    shard: tuple[int, int] | str | Shard | None = None,
    draws: int | None = None,
    progress: Callable[[str], None] | None = None,
    registry: Registry | None = None,
) -> Report:
    """Score a model on XTREME-R cells, clean and under each noise profile.

    Args:
        model: a checkpoint folder, a folder of per-task (`<task>/`) or per-family checkpoints,
            a hub id (`org/name` or `org/name@<40-hex sha>`), an in-memory
            `(PreTrainedModel, tokenizer)` pair, or a mapping of task or family name to any of
            these. A local folder wins over a hub id of the same name.
        tasks: task names (default: every implemented task with data in `data`).
        langs: languages (default: every language with data).
        profiles: noise profiles scored besides clean (clean is always scored).
        data: `hub`, `samples` (the bundled samples) or a folder in the official XTREME
            `download/` layout.
        labels: a folder in the official label layout, for test files without gold labels.
        limit: score only the first N examples per language.
        batch_size: examples per batch, or `auto`.
        device: `auto`, `cpu`, `cuda`, `cuda:N` or `mps`. An in-memory model is scored on its
            own device.
        dtype: `fp32`, `bf16` or `fp16` for checkpoints loaded from disk; an in-memory model is
            scored in its own precision, which `dtype` must name.
        results: a result store folder (the one `harness run --results` uses: re-runs are
            served from it, a killed run resumes); None scores in memory and writes nothing.
        include_path: folder(s) with extra task cards (`DIR/tasks/`) and noise profiles
            (`DIR/noise_profiles/`); default: HARNESS_INCLUDE_PATH.
        pooling, layer: override the retrieval pooling (`mean`, `cls`, `max`) and the hidden
            state pooled (0 = embeddings, negative from the top: -1 = last). Default: a
            sentence-transformers folder's own (its Pooling module, the last layer), else the
            card's.
        query_prefix, index_prefix: text put before every retrieval query / candidate when
            it is encoded (e5 expects `"query: "` / `"passage: "`); default none. Like pooling
            and layer, they are part of each retrieval cell's key and signature, and the
            records name them (`provenance.settings`).
        allow_pickle: load pickle weights when a checkpoint has no safetensors (runs code from
            the checkpoint: only for trusted ones).
        token_cache: where encodings are cached, for every checkpoint with the same tokenizer
            (default: `<results>/.tokens`; none without a result store).
        allow_nonstandard_data: score official or hub data that is not the card's official
            test set (a different size or content); each such cell records why
            (`nonstandard`) in its record, key and signature. Without it, such a cell fails.
        log_samples: keep a per-example log of every cell: clean and noisy input, the edits,
            gold, clean and noisy prediction (harness.samples). With a result store it is
            written beside it, one JSON Lines file per cell
            (`<results>/samples/<model[:12]>/<task>/<lang>.<profile>.<key[:16]>.jsonl`,
            listed in `Report.sample_files`); with `results=None` the rows are on
            `Report.samples` instead and nothing is written. Records and keys are the same
            with or without it.
        shard: `(K, N)` (or `"K/N"`): score only shard K of N, a deterministic part of the
            cells, so that N jobs score one board between them (`harness.shards`; every
            checkpoint's and profile's cells of a (task, language) stay in one shard). The
            report's aggregates then cover that part only and say so (`partial`).
        draws: independent noise draws per noisy profile (1 to 100), each with its own seed
            derived from the profile's; draw 0 is the profile's own seed, so `draws=1` is a
            run as it always was. None: each profile's `draws:` default, else 1. The report
            shows the mean over draws with an interval that covers draw-to-draw spread, and
            the worst of K (docs/design/draws.md).
        progress: called with one line per cell (`xnli.de typo-10: scoring 5010 examples`).
        registry: the cards and profiles to use (default: loaded with `include_path`).

    Returns:
        The `Report`: records, failures, tables, aggregates and JSON.

    Raises:
        ConfigError, DataError, ModelError: bad input, with the messages the CLI prints; a
            cell that fails while scoring is in `Report.failures` instead.
    """
    if registry is None:
        registry = Registry.load(include=_include(include_path))
    elif include_path is not None:
        raise ConfigError("pass include_path or registry, not both")
    if batch_size != "auto" and (isinstance(batch_size, bool) or not isinstance(batch_size, int)):
        raise ConfigError(f"batch_size {batch_size!r}: expected a positive integer or 'auto'")
    part = Shard.of(shard) if shard is not None else None
    if draws is not None and (isinstance(draws, bool) or not isinstance(draws, int)):
        raise ConfigError(f"draws {draws!r}: expected a whole number from 1 to 100")
    source = resolve_model(model)
    results_dir = Path(results) if results is not None else None
    plan = plan_run(
        registry,
        model=source,
        tasks=_names(tasks),
        langs=_names(langs),
        profiles=_names(profiles),
        data=str(data),
        labels_dir=Path(labels) if labels is not None else None,
        limit=limit,
        batch_size=None if batch_size == "auto" else batch_size,
        device=device,
        results_dir=results_dir,
        allow_pickle=allow_pickle,
        pooling=pooling,
        layer=layer,
        query_prefix=query_prefix,
        index_prefix=index_prefix,
        dtype=dtype,
        token_cache_dir=Path(token_cache) if token_cache is not None else None,
        allow_nonstandard_data=allow_nonstandard_data,
        log_samples=log_samples,
        shard=part,
        draws=draws,
    )
    with _scoring(source):
        run = Runner(registry, plan, progress).execute()
    settings = {
        "data": plan.data,
        "labels": str(plan.labels_dir) if plan.labels_dir is not None else None,
        "limit": plan.limit,
        "batch_size": plan.batch_size or "auto",
        "device": plan.device,
        "dtype": plan.dtype,
        "pooling": plan.pooling,
        "layer": plan.layer,
        "query_prefix": plan.query_prefix,
        "index_prefix": plan.index_prefix,
        "allow_nonstandard_data": plan.allow_nonstandard_data,
        "log_samples": plan.log_samples,
        "draws": plan.draws,
        "results": str(plan.results_dir) if plan.results_dir is not None else None,
        "shard": str(part) if part is not None else None,
    }
    return Report(
        results=run.results,
        failures=run.failures,
        profiles=plan.profiles,
        model=source.describe(),
        settings=settings,
        served_from_store=run.served_from_store,
        registry=registry,
        samples=run.samples,
        sample_files=run.sample_files,
        shard=part,
        rankings=run.rankings,
    )


# --------------------------------------------------------------------------- noise


def _profile(profile: str | NoiseProfile, registry: Registry | None) -> NoiseProfile:
    if isinstance(profile, NoiseProfile):
        return profile
    return (registry or Registry.load()).profile(profile)


def perturb(
    text: str,
    profile: str | NoiseProfile = "typo-10",
    lang: str = "en",
    key: str | None = None,
    *,
    task: str = API_TASK,
    field: str = "text",
    registry: Registry | None = None,
) -> str:
    """Noise one text with a profile, deterministically.

    The random stream is the one a run uses for (profile, version, seed, task, language, key,
    field): `perturb(text, "typo-10", "de", key=example_id, task="xnli", field="hypothesis")`
    gives exactly the text `harness run` scored for that example.

    Args:
        text: the clean text.
        profile: a profile name (or a validated NoiseProfile).
        lang: the text's language (it picks the keyboard and the script rules).
        key: stands for the example id; None uses the text itself, so equal texts get equal
            typos and different texts independent ones.
        task, field: the other parts of the seed (see above).
        registry: where profile names are looked up (default: the shipped profiles and
            HARNESS_INCLUDE_PATH).

    Raises:
        ConfigError: an unknown profile, or one the engine cannot run.
    """
    p = _profile(profile, registry)
    seeds = seeds_for(p, task, lang, text if key is None else key, field)
    return engine.perturb(text, p, lang, seeds).text


def perturb_tokens(
    tokens: Sequence[str],
    profile: str | NoiseProfile = "typo-10",
    lang: str = "en",
    key: str | None = None,
    *,
    task: str = API_TASK,
    field: str = "tokens",
    registry: Registry | None = None,
) -> list[str]:
    """Noise a list of words (a tagging sentence): one word in gives one non-empty word out,
    so tags stay aligned. The seed is built as for `perturb` (None: the words joined by a
    space stand for the key).

    Raises:
        ConfigError: an unknown profile, or one the engine cannot run.
    """
    p = _profile(profile, registry)
    words = tuple(tokens)
    seeds = seeds_for(p, task, lang, " ".join(words) if key is None else key, field)
    return list(engine.perturb_tokens(words, p, lang, seeds)[0])


_EDIT_FIELDS = ("op", "position", "before", "after")
"""The fields of an edit in `noise_dataset`'s edits column (`harness.noise.Edit` has more:
where in the word an edit is; they are left out so the column keeps its documented shape)."""


def _edit_record(edit: Edit) -> dict[str, Any]:
    return {name: getattr(edit, name) for name in _EDIT_FIELDS}


def _noise_batch(
    batch: Mapping[str, list[Any]],
    indices: list[int],
    *,
    columns: Sequence[str],
    profile: NoiseProfile,
    lang: str,
    id_column: str | None,
    suffix: str,
    task: str,
) -> dict[str, list[Any]]:
    """One `datasets.map` batch: a noised copy of each column and each row's edits."""
    keys = [str(v) for v in batch[id_column]] if id_column else [str(i) for i in indices]
    out: dict[str, list[Any]] = {f"{c}{suffix}": [] for c in columns}
    edits: list[list[dict[str, Any]]] = []
    for row, key in enumerate(keys):
        row_edits: list[dict[str, Any]] = []
        for column in columns:
            value = batch[column][row]
            seeds = seeds_for(profile, task, lang, key, column)
            if isinstance(value, str):
                result = engine.perturb(value, profile, lang, seeds)
                new: Any = result.text
                done = result.edits
            elif isinstance(value, list | tuple) and all(isinstance(t, str) for t in value):
                noised, done, _ = engine.perturb_tokens(tuple(value), profile, lang, seeds)
                new = list(noised)
            else:
                raise ConfigError(
                    f"column {column!r}, row {key}: expected text or a list of strings, got "
                    f"{type(value).__name__}"
                )
            out[f"{column}{suffix}"].append(new)
            row_edits += [{"column": column, **_edit_record(e)} for e in done]
        edits.append(row_edits)
    out[f"edits{suffix}"] = edits
    return out


def noise_dataset(
    dataset: Any,
    columns: str | Sequence[str],
    profile: str | NoiseProfile = "typo-10",
    lang: str = "en",
    *,
    id_column: str | None = None,
    num_proc: int | None = None,
    batch_size: int = 1000,
    suffix: str | None = None,
    task: str = API_TASK,
    registry: Registry | None = None,
) -> Any:
    """Add noised copies of text or token-list columns to a `datasets.Dataset`.

    Each row is noised as `perturb` (text) or `perturb_tokens` (lists of words) would noise it
    with the row's id as key, through a batched `map`, so the output does not depend on
    `num_proc` or `batch_size`. Token lists keep their length, so tag columns stay aligned.

    Args:
        dataset: a `datasets.Dataset`.
        columns: the column(s) to noise.
        profile: a profile name (or a validated NoiseProfile).
        lang: the language of the text.
        id_column: the column whose value is each row's key; None: the row index.
        num_proc: processes for `map` (None: this process).
        batch_size: rows per `map` batch.
        suffix: the new columns are `<column><suffix>` and `edits<suffix>` (default
            `_<profile>`, e.g. `premise_typo-10`, `edits_typo-10`).
        task: the `task` part of every seed (see `perturb`).
        registry: where profile names are looked up.

    Returns:
        The dataset with the noised columns and an `edits<suffix>` column: per row, a list of
        `{column, op, position, before, after}` records of what was changed.

    Raises:
        ConfigError: an unknown profile or column, or a column that holds neither text nor
            lists of strings.
    """
    p = _profile(profile, registry)
    names = [columns] if isinstance(columns, str) else list(columns)
    have = set(dataset.column_names)
    for name in [*names, *([id_column] if id_column else [])]:
        if name not in have:
            raise ConfigError(
                f"noise_dataset: no column {name!r} (columns: {', '.join(sorted(have))})"
            )
    suffix = f"_{p.name}" if suffix is None else suffix
    return dataset.map(
        _noise_batch,
        batched=True,
        batch_size=batch_size,
        with_indices=True,
        num_proc=num_proc,
        fn_kwargs={
            "columns": names,
            "profile": p,
            "lang": lang,
            "id_column": id_column,
            "suffix": suffix,
            "task": task,
        },
        desc=f"noise {p.name}",
    )
