"""`TyposCallback`: score a model during training, zero-shot, on chosen XTREME-R cells.

At each evaluation of a `transformers.Trainer`, the model being trained is scored in memory
(`harness.evaluate` with an in-memory model and no result store) on the chosen tasks,
languages and profiles, and every cell's main score is logged through the Trainer's own `log`
as `<prefix>/<task>/<lang>/<profile>`, so TensorBoard, W&B and every other `report_to` target
get it. Training is left as it was: the model goes back to its train/eval mode, no gradient is
computed, and the random states of Python, NumPy and torch (CPU and CUDA) are restored, so a
run with the callback trains exactly as one without.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np
import torch
from transformers import TrainerCallback

from harness.api import Names, evaluate
from harness.errors import ConfigError
from harness.registry import Registry
from harness.report import Report

__all__ = ["TyposCallback"]

log = logging.getLogger(__name__)


@contextmanager
def preserved_rng() -> Iterator[None]:
    """Restore the Python, NumPy and torch random states on exit."""
    py, np_state, cpu = random.getstate(), np.random.get_state(), torch.get_rng_state()
    cuda = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None
    try:
        yield
    finally:
        random.setstate(py)
        np.random.set_state(np_state)
        torch.set_rng_state(cpu)
        if cuda is not None:
            torch.cuda.set_rng_state_all(cuda)


class TyposCallback(TrainerCallback):
    """Log zero-shot XTREME-R scores, clean and noisy, at every Trainer evaluation.

    Usage::

        trainer = Trainer(model=model, args=args, train_dataset=..., eval_dataset=...)
        trainer.add_callback(TyposCallback(["xnli"], ["de", "sw"], ["typo-10"], "samples",
                                           trainer=trainer))

    Args:
        tasks: the tasks to score.
        langs: their languages (default: every language with data).
        profiles: noise profiles besides clean.
        data: `hub`, `samples` or an official-layout folder (as for `harness.evaluate`).
        trainer: the Trainer to log through (required before training starts).
        tokenizer: the model's tokenizer (default: the Trainer's processing class).
        limit: score only the first N examples per language (keeps evaluations short).
        batch_size: examples per batch, or `auto`.
        prefix: the first part of every logged name.
        labels, include_path, pooling, layer: as for `harness.evaluate`.

    Attributes:
        reports: the `Report` of each evaluation, in order.

    Raises:
        ConfigError: an unknown task, language or profile (checked when the callback is made).
    """

    def __init__(
        self,
        tasks: Names,
        langs: Names = None,
        profiles: Names = ("typo-10",),
        data: str | Path = "hub",
        *,
        trainer: Any = None,
        tokenizer: Any = None,
        limit: int | None = None,
        batch_size: int | str = "auto",
        prefix: str = "xtreme",
        labels: Path | str | None = None,
        include_path: Path | str | Sequence[Path | str] | None = None,
        pooling: str | None = None,
        layer: int | None = None,
    ) -> None:
        self.registry = Registry.load(
            include=None if include_path is None else _as_list(include_path)
        )
        self.tasks = _as_list(tasks) or []
        if not self.tasks:
            raise ConfigError("TyposCallback: name at least one task")
        for name in self.tasks:
            self.registry.task(name)
        self.profiles = _as_list(profiles) or []
        for name in self.profiles:
            self.registry.profile(name)
        self.langs = _as_list(langs)
        if self.langs:
            known = {lang for t in self.tasks for lang in self.registry.task(t).languages}
            unknown = [lang for lang in self.langs if lang not in known]
            if unknown:
                raise ConfigError(
                    f"TyposCallback: languages {', '.join(unknown)} are not in "
                    f"{', '.join(self.tasks)}"
                )
        self.data = str(data)
        self.trainer = trainer
        self.tokenizer = tokenizer
        self.limit = limit
        self.batch_size = batch_size
        self.prefix = prefix
        self.labels = labels
        self.pooling = pooling
        self.layer = layer
        self.reports: list[Report] = []

    def on_train_begin(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        if self.trainer is None:
            raise ConfigError(
                "TyposCallback has no Trainer to log through",
                hint="make it with TyposCallback(..., trainer=trainer), then "
                "trainer.add_callback(callback)",
            )

    def on_evaluate(self, args: Any, state: Any, control: Any, **kwargs: Any) -> None:
        model = kwargs.get("model")
        tokenizer = self.tokenizer or kwargs.get("processing_class") or kwargs.get("tokenizer")
        if model is None or tokenizer is None:
            log.warning("TyposCallback: the Trainer passed no model or tokenizer; skipped")
            return
        model = getattr(model, "module", model)  # unwrap DataParallel / DDP
        param = next(model.parameters())
        dtype = {torch.bfloat16: "bf16", torch.float16: "fp16"}.get(param.dtype, "fp32")
        with preserved_rng():
            report = evaluate(
                (model, tokenizer),
                tasks=self.tasks,
                langs=self.langs,
                profiles=self.profiles,
                data=self.data,
                labels=self.labels,
                limit=self.limit,
                batch_size="auto" if self.batch_size == "auto" else int(self.batch_size),
                dtype=dtype,
                pooling=self.pooling,
                layer=self.layer,
                registry=self.registry,
            )
        self.reports.append(report)
        for failure in report.failures:
            log.warning(
                "TyposCallback: %s.%s not scored: %s",
                failure.task,
                failure.language,
                failure.message,
            )
        metrics = {
            f"{self.prefix}/{r.task}/{r.language}/{r.profile}": r.main for r in report.results
        }
        if metrics and self.trainer is not None:
            self.trainer.log(metrics)


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str | Path) else list(value)
