"""`harness demo`: the whole pipeline offline, on the bundled samples, in about a minute.

1. Train a small Unigram tokenizer on the bundled sample text and initialise one tiny XLM-R
   encoder: the shared "base model" of both methods.
2. Multilingual baseline: fine-tune the base on each task's English training sample.
3. STILTs: fine-tune the base on the bundled English intermediate task first, then on each
   task's English training sample.
4. Score both checkpoint folders on the bundled test samples, clean and under typo-10, through
   `harness.evaluate`, as `harness run` does, and write results and JSON summaries. Each
   method's results go to `<out>/results/<submission id>/`, the per-submission layout of
   `harness score`, for the demo manifests (the shipped submissions/demo-baseline.yaml and
   demo-stilts.yaml, written to `<out>/submissions/` with their checkpoints under `<out>`).
5. Build the static leaderboard of those two submissions in `<out>/leaderboard/`.

The checkpoints are tiny and trained from scratch for seconds, so absolute scores are low and
cross-lingual transfer is weak; the point is a complete, inspectable run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import torch
import yaml
from transformers import (
    PreTrainedModel,
    PreTrainedTokenizerBase,
    XLMRobertaForMultipleChoice,
    XLMRobertaForSequenceClassification,
)

from harness.data import available_languages, load_task_data
from harness.data.examples import Example
from harness.families import LOGITS_FAMILIES
from harness.finetune import finetune
from harness.models.tiny import quiet_transformers, tiny_config, train_tokenizer
from harness.registry import Registry
from harness.report import Report
from harness.runner import TOKEN_CACHE_DIR
from harness.schema import Submission, TaskCard

DEMO_TASKS = ("xnli", "pawsx", "xcopa")
DEMO_PROFILE = "typo-10"
METHODS = ("baseline", "stilts")
#: method -> the demo's submission manifest (submissions/<id>.yaml) and result store id.
SUBMISSIONS = {"baseline": "demo-baseline", "stilts": "demo-stilts"}
SEED = 13
EPOCHS = 4

INTERMEDIATE = TaskCard.model_validate(
    {
        "name": "demo-intermediate",
        "version": 1,
        "title": "Bundled English intermediate task (sentence-pair relatedness)",
        "benchmarks": [],
        "family": "classification",
        "category": "classification",
        "languages": ["en"],
        "splits": {"train": "train", "test": "train"},
        "fields": [
            {"name": "sentence1", "noise": False},
            {"name": "sentence2", "noise": False},
        ],
        "labels": ["related", "unrelated"],
        "metric": {"name": "accuracy", "main": "accuracy", "reported": ["accuracy"]},
        "max_seq_length": 128,
        "sources": {
            "official": {
                "path": "intermediate/{split}-{lang}.tsv",
                "format": "tsv",
                "columns": ["sentence1", "sentence2", "label"],
            }
        },
    }
)


def _sample_texts(cards: list[TaskCard]) -> Iterator[str]:
    for card in cards:
        splits = [s for s in ("train", "test") if s in card.splits]
        for split in splits:
            for lang in available_languages(card, "samples", split):
                for ex in load_task_data(card, lang, "samples", split=split).examples:
                    for value in ex.fields.values():
                        if isinstance(value, str):
                            yield value


def _new_model(card: TaskCard, vocab: int, seed: int) -> PreTrainedModel:
    """A tiny XLM-R (64 hidden, 2 layers) with the head the card's family needs."""
    torch.manual_seed(seed)
    labels = None if card.family == "multiple_choice" else card.labels
    config = tiny_config(
        vocab, hidden=64, layers=2, heads=2, intermediate=128, max_positions=130, labels=labels
    )
    if card.family == "multiple_choice":
        return XLMRobertaForMultipleChoice(config)
    return XLMRobertaForSequenceClassification(config)


def _load_encoder(model: PreTrainedModel, state: dict[str, torch.Tensor]) -> None:
    """Copy a trained encoder into a model with a fresh head.

    Sequence-classification encoders have no pooler and multiple-choice ones do; the pooler is
    the only part allowed to stay freshly initialised.
    """
    result = model.base_model.load_state_dict(state, strict=False)
    missing = [k for k in result.missing_keys if not k.startswith("pooler.")]
    unexpected = [k for k in result.unexpected_keys if not k.startswith("pooler.")]
    if missing or unexpected:
        raise RuntimeError(f"encoder mismatch: missing {missing}, unexpected {unexpected}")


def _train(
    card: TaskCard,
    model: PreTrainedModel,
    tokenizer: PreTrainedTokenizerBase,
    examples: list[Example],
) -> None:
    family = LOGITS_FAMILIES[card.family]
    index = tuple(range(len(card.labels))) if family.head == "sequence_classification" else None
    finetune(model, tokenizer, family, card, examples, label_index=index, epochs=EPOCHS, seed=SEED)


def build_checkpoints(registry: Registry, out: Path, say: Callable[[str], None]) -> dict[str, Path]:
    """Train the demo's baseline and STILTs checkpoint folders; return method -> folder."""
    cards = [registry.task(t) for t in DEMO_TASKS]
    tokenizer = train_tokenizer(_sample_texts([*cards, INTERMEDIATE]), vocab_size=2000)
    vocab = len(tokenizer)
    base = _new_model(INTERMEDIATE, vocab, SEED).base_model.state_dict()
    encoders = {"baseline": base}

    say("stilts: training on the English intermediate task")
    inter = _new_model(INTERMEDIATE, vocab, SEED)
    _load_encoder(inter, base)
    train = list(load_task_data(INTERMEDIATE, "en", "samples", split="train").examples)
    _train(INTERMEDIATE, inter, tokenizer, train)
    encoders["stilts"] = inter.base_model.state_dict()

    folders: dict[str, Path] = {}
    for method in METHODS:
        folder = out / "checkpoints" / method
        for card in cards:
            say(f"{method}: fine-tuning on {card.name} (English)")
            model = _new_model(card, vocab, SEED + 1)
            _load_encoder(model, encoders[method])
            examples = list(load_task_data(card, "en", "samples", split="train").examples)
            _train(card, model, tokenizer, examples)
            with quiet_transformers():
                model.save_pretrained(folder / card.name)
                tokenizer.save_pretrained(folder / card.name)
        folders[method] = folder
    return folders


def run_demo(out: Path, say: Callable[[str], None]) -> dict[str, Report]:
    """Build both checkpoint folders under `out` and score them; return method -> report."""
    from harness.api import evaluate

    registry = Registry.load()
    start = time.perf_counter()
    folders = build_checkpoints(registry, out, say)
    say(f"checkpoints ready in {time.perf_counter() - start:.1f}s: {out / 'checkpoints'}")
    reports = {}
    for method, folder in folders.items():
        reports[method] = evaluate(
            folder,
            tasks=DEMO_TASKS,
            profiles=[DEMO_PROFILE],
            data="samples",
            device="cpu",
            results=out / "results" / SUBMISSIONS[method],
            token_cache=out / "results" / TOKEN_CACHE_DIR,  # both share one tokenizer
            progress=say,
            registry=registry,
        )
    say(f"demo finished in {time.perf_counter() - start:.1f}s")
    return reports


def write_demo_manifests(out: Path) -> list[Path]:
    """The two demo manifests, as shipped, written to `<out>/submissions/` with their
    checkpoints pointing at `<out>/checkpoints/` (relative, so the folder can move).

    Raises:
        ConfigError: a shipped demo manifest is missing or invalid.
    """
    from harness import paths
    from harness.registry import load_yaml_model
    from harness.results import atomic_write_text

    written = []
    for method in METHODS:
        sub_id = SUBMISSIONS[method]
        shipped, _ = load_yaml_model(paths.submissions_dir() / f"{sub_id}.yaml", Submission)
        data = shipped.model_dump(mode="json")
        if data.get("draws") is None:  # written only when the manifest sets it
            data.pop("draws", None)
        data["checkpoints"] = {
            task: f"../checkpoints/{method}/{task}" for task in shipped.checkpoints
        }
        path = out / "submissions" / f"{sub_id}.yaml"
        header = f"# {shipped.name}: written by `harness demo`, from the shipped manifest.\n"
        atomic_write_text(path, header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        written.append(path)
    return written


def build_demo_leaderboard(out: Path, registry: Registry) -> Path:
    """Build the leaderboard of the two demo submissions from the demo's results.

    The manifests are the shipped demo manifests, written to `<out>/submissions/` by
    `write_demo_manifests`; the results are the ones `run_demo` wrote under
    `<out>/results/<submission id>/`, the layout `harness leaderboard build --results` reads.
    The site goes to `<out>/leaderboard/`.

    Raises:
        ConfigError: a demo manifest is missing or invalid.
    """
    from harness.leaderboard import build_leaderboard
    from harness.submissions import load_submissions

    subs = load_submissions(write_demo_manifests(out), registry, check_paths=False)
    site = out / "leaderboard"
    build_leaderboard(registry, subs, site, results_root=out / "results")
    return site
