"""TyposCallback: a tiny Trainer run logs the harness metrics and trains exactly as without it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from harness.callback import TyposCallback
from harness.errors import ConfigError
from harness.registry import Registry

pytest.importorskip("accelerate", reason="transformers' Trainer needs accelerate")


def _train(tiny_tokenizer: Any, out: Path, with_callback: bool) -> tuple[list[Any], Any]:
    """Six steps on the English XNLI sample, evaluating every 2 steps; return the log history
    and the callback (None without it)."""
    import datasets
    import torch
    from transformers import (
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
        XLMRobertaForSequenceClassification,
    )

    from harness.data import load_task_data
    from harness.models.tiny import quiet_transformers, tiny_config

    card = Registry.load().task("xnli")
    examples = load_task_data(card, "en", "samples", split="train").examples[:48]
    rows = tiny_tokenizer(
        [e.text("premise") for e in examples],
        [e.text("hypothesis") for e in examples],
        truncation=True,
        max_length=64,
    )
    rows["labels"] = [card.labels.index(str(e.label)) for e in examples]
    train = datasets.Dataset.from_dict(dict(rows))
    torch.manual_seed(0)
    model = XLMRobertaForSequenceClassification(
        tiny_config(len(tiny_tokenizer), labels=card.labels)
    )
    args = TrainingArguments(
        output_dir=str(out),
        max_steps=6,
        per_device_train_batch_size=8,
        eval_strategy="steps",
        eval_steps=2,
        logging_steps=1,
        report_to=[],
        save_strategy="no",
        seed=7,
        data_seed=7,
        use_cpu=True,
        dataloader_num_workers=0,
        disable_tqdm=True,
    )
    with quiet_transformers():
        trainer = Trainer(
            model=model,
            args=args,
            train_dataset=train,
            eval_dataset=train.select(range(8)),
            data_collator=DataCollatorWithPadding(tiny_tokenizer),
            processing_class=tiny_tokenizer,
        )
        callback = None
        if with_callback:
            callback = TyposCallback(
                ["xnli"], ["de", "sw"], ["typo-10"], "samples", trainer=trainer, limit=12
            )
            trainer.add_callback(callback)
        trainer.train()
    return trainer.state.log_history, callback


def test_the_callback_logs_metrics_and_leaves_training_alone(
    tiny_tokenizer: Any, tmp_path: Path
) -> None:
    with_cb, callback = _train(tiny_tokenizer, tmp_path / "a", True)
    without, _ = _train(tiny_tokenizer, tmp_path / "b", False)
    losses = [(h["step"], h["loss"]) for h in with_cb if "loss" in h]
    assert len(losses) == 6
    assert losses == [(h["step"], h["loss"]) for h in without if "loss" in h]
    logged = [h for h in with_cb if any(k.startswith("xtreme/") for k in h)]
    assert [h["step"] for h in logged] == [2, 4, 6]
    names = {k for h in logged for k in h if k.startswith("xtreme/")}
    assert names == {
        f"xtreme/xnli/{lang}/{profile}" for lang in ("de", "sw") for profile in ("clean", "typo-10")
    }
    assert callback is not None and len(callback.reports) == 3
    assert all(r.ok and all(rec.n == 12 for rec in r.results) for r in callback.reports)
    assert all(0.0 <= h[name] <= 100.0 for h in logged for name in names)


def test_the_callback_checks_its_names_and_needs_a_trainer() -> None:
    with pytest.raises(ConfigError, match="unknown task 'xnlx'"):
        TyposCallback(["xnlx"])
    with pytest.raises(ConfigError, match="unknown profile"):
        TyposCallback(["xnli"], profiles=["typo-11"])
    with pytest.raises(ConfigError, match="languages qq are not in xnli"):
        TyposCallback(["xnli"], ["qq"])
    callback = TyposCallback(["xnli"], ["de"], data="samples")
    with pytest.raises(ConfigError, match="no Trainer to log through"):
        callback.on_train_begin(None, None, None)


def test_random_states_are_restored() -> None:
    import random

    import numpy as np
    import torch

    from harness.callback import preserved_rng

    def draw() -> tuple[float, float, float]:
        return random.random(), float(np.random.rand()), torch.rand(1).item()

    state = (random.getstate(), np.random.get_state(), torch.get_rng_state())
    with preserved_rng():
        draw()  # what scoring might consume
    after = draw()
    random.setstate(state[0])
    np.random.set_state(state[1])
    torch.set_rng_state(state[2])
    assert after == draw()
