"""The hub source: schema mapping on local tables shaped like the hub datasets, offline errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import datasets
import pytest

from harness import __version__
from harness.cli import main
from harness.data import load_task_data
from harness.data.hub import _cached_revision, examples_from_rows, hub_source_for
from harness.errors import DataError
from harness.registry import Registry
from harness.results import ResultStore, result_key


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


# --------------------------------------------------------------------------- identity of hub data


def test_1999_pawsx_ko_rows_are_refused_then_scored_as_nonstandard(
    fake_hub: dict[Any, Any],
    hub_tables: Any,
    make_checkpoint: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """google/xtreme's PAWS-X ko has 1,999 test rows: fed through the hub mapping, they are one
    refusal line; with --allow-nonstandard-data they score, and the record says why."""
    fake_hub[("google-research-datasets/paws-x", "ko")] = hub_tables.pawsx(1999)
    card = Registry.load().task("pawsx")
    ckpt = make_checkpoint("sequence_classification", card.labels, seed=3)
    args = ["run", "--quiet", "--model", str(ckpt), "--tasks", "pawsx", "--langs", "ko"]
    args += ["--data", "hub", "--limit", "50", "--results", str(tmp_path / "r")]
    assert main(args) == 1
    err = capsys.readouterr().err.splitlines()
    refusal = [line for line in err if line.startswith("error:")]
    assert refusal == [
        "error: pawsx.ko: pawsx/ko: the hub data (google-research-datasets/paws-x:ko:test) is "
        "not the official test set: examples expected 2000, found 1999; "
        "--allow-nonstandard-data scores it anyway"
    ]
    assert not list((tmp_path / "r").rglob("*.json"))

    assert main([*args, "--allow-nonstandard-data"]) == 0
    (record,) = ResultStore(tmp_path / "r")
    assert record.nonstandard == "examples expected 2000, found 1999"
    assert "|nonstandard|harness:" in record.signature
    data = record.provenance.data
    assert (data.state, data.pinned, data.revision, data.n_examples) == (
        "nonstandard",
        False,
        None,
        50,
    )
    parts = {
        "task_card": record.provenance.task_card.sha256,
        "profile": record.provenance.profile.sha256,
        "data": data.fingerprint,
        "model": record.provenance.model.fingerprint,
        "language": "ko",
        "split": "test",
        "harness": __version__,
    }
    assert record.key == result_key({**parts, "nonstandard": record.nonstandard})

    # the official 2,000 rows: standard, and the key is the formula it always was
    fake_hub[("google-research-datasets/paws-x", "ko")] = hub_tables.pawsx(2000)
    assert main([*args[:-2], "--results", str(tmp_path / "std")]) == 0
    (standard,) = ResultStore(tmp_path / "std")
    assert standard.nonstandard is None and "nonstandard" not in standard.signature
    assert standard.provenance.data.state == "standard"
    std = standard.provenance.data
    assert standard.key == result_key({**parts, "data": std.fingerprint})


def test_pinned_hub_sources_record_their_revision(
    fake_hub: dict[Any, Any], hub_tables: Any
) -> None:
    fake_hub[("google/xtreme", "PAN-X.de")] = hub_tables.panx()
    ds = load_task_data(Registry.load().task("panx"), "de", "hub")
    assert (ds.revision, ds.pinned, ds.state) == (
        "ec5f1f46e9af79639a90684a7a70a956c4998f04",
        True,
        "unverified",
    )
    assert fake_hub[("calls", None)][-1][3] == "ec5f1f46e9af79639a90684a7a70a956c4998f04"


def test_an_unpinned_source_records_the_revision_its_cache_holds() -> None:
    """datasets caches a hub dataset under <org>___<name>/<config>/<version>/<commit sha>/."""
    sha = "0123456789abcdef0123456789abcdef01234567"
    cached = f"/c/google-research-datasets___paws-x/ko/0.0.0/{sha}/paws-x-test.arrow"

    class Loaded:
        def __init__(self) -> None:
            self.cache_files = [{"filename": cached}]

    assert _cached_revision(Loaded()) == sha
    assert _cached_revision(datasets.Dataset.from_dict({"a": [1]})) is None
