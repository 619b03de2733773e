"""The hub source: schema mapping on local tables shaped like the hub datasets, offline errors."""

from __future__ import annotations

import datasets
import pytest

from harness.data import load_task_data
from harness.data.hub import examples_from_rows, hub_source_for
from harness.errors import DataError
from harness.registry import Registry


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.load()


def test_xnli_rows_filtered_by_language(registry: Registry) -> None:
    card = registry.task("xnli")
    table = datasets.Dataset.from_dict(
        {
            "language": ["de", "fr", "de"],
            "sentence1": ["Ein Hund.", "Un chien.", "Eine Katze."],
            "sentence2": ["Ein Tier.", "Un animal.", "Kein Tier."],
            "gold_label": ["entailment", "entailment", "contradiction"],
        }
    )
    hub = hub_source_for(card, "de")
    examples = examples_from_rows(card, hub, "de", table)
    assert [(e.id, e.text("premise"), e.label) for e in examples] == [
        ("0", "Ein Hund.", "entailment"),
        ("1", "Eine Katze.", "contradiction"),
    ]


def test_xcopa_rows_with_integer_labels_and_ids(registry: Registry) -> None:
    card = registry.task("xcopa")
    table = datasets.Dataset.from_dict(
        {
            "premise": ["P1", "P2"],
            "choice1": ["a", "b"],
            "choice2": ["c", "d"],
            "question": ["cause", "effect"],
            "label": [1, 0],
            "idx": [10, 11],
            "changed": [False, True],
        }
    )
    hub = hub_source_for(card, "et")
    assert hub.config == "{lang}"
    examples = examples_from_rows(card, hub, "et", table)
    assert [(e.id, e.label) for e in examples] == [("10", "1"), ("11", "0")]


def test_missing_hub_column_is_named(registry: Registry) -> None:
    card = registry.task("xnli")
    table = datasets.Dataset.from_dict(
        {"language": ["de"], "sentence1": ["a"], "gold_label": ["neutral"]}
    )
    with pytest.raises(DataError, match="column 'sentence2' \\(field 'hypothesis'\\) is missing"):
        examples_from_rows(card, hub_source_for(card, "de"), "de", table)


def test_hub_offline_fails_with_alternatives(
    registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(DataError, match="cannot load google/xtreme:XNLI:test") as info:
        load_task_data(registry.task("xnli"), "de", "hub")
    assert info.value.hint is not None and "--data samples" in info.value.hint
