"""Hub-shaped tables for the substituted `datasets.load_dataset` (tests/conftest.py `fake_hub`).

Synthetic where a card verifies only sizes (PAWS-X, PAN-X); rebuilt from the shared real data,
in the hub datasets' column layout, where a card declares fingerprints (XCOPA, Tatoeba, XQuAD).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import datasets
import pytest

PAWSX_FEATURES = datasets.Features(
    {
        "id": datasets.Value("int32"),
        "sentence1": datasets.Value("string"),
        "sentence2": datasets.Value("string"),
        "label": datasets.ClassLabel(names=["0", "1"]),
    }
)

Tables = dict[tuple[str, str | None], Any]


def pawsx_table(rows: int) -> datasets.Dataset:
    """google-research-datasets/paws-x, one config: id, sentence1, sentence2, label."""
    return datasets.Dataset.from_dict(
        {
            "id": list(range(1, rows + 1)),
            "sentence1": [f"첫 번째 문장 {i} 입니다." for i in range(rows)],
            "sentence2": [f"두 번째 문장 {i % 7} 입니다." for i in range(rows)],
            "label": [i % 2 for i in range(rows)],
        },
        features=PAWSX_FEATURES,
    )


def panx_table() -> datasets.Dataset:
    """google/xtreme PAN-X.<lang>: tokens, ner_tags (ClassLabel ints), langs."""
    return datasets.Dataset.from_dict(
        {
            "tokens": [["Angela", "Merkel", "spricht"], ["in", "Berlin", "."]],
            "ner_tags": [[1, 2, 0], [0, 5, 0]],
            "langs": [["de"] * 3, ["de"] * 3],
        }
    )


def xcopa_table(realdata: Path, lang: str) -> datasets.Dataset:
    """cambridgeltl/xcopa <lang>: the real test file's rows, as the hub dataset holds them."""
    path = realdata / "download" / "xcopa" / f"test-{lang}.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    keys = ("premise", "choice1", "choice2", "question", "label", "idx", "changed")
    return datasets.Dataset.from_dict({k: [r[k] for r in rows] for k in keys})


def tatoeba_table(realdata: Path, lang: str) -> datasets.Dataset:
    """google/xtreme tatoeba.<xxx>: aligned pairs in the xx file's order (source: xx, target:
    English), rebuilt from the official layout (sorted English file + gold indices)."""
    folder = realdata / "download" / "tatoeba"
    xx = (folder / f"{lang}-en.{lang}").read_text(encoding="utf-8").splitlines()
    english = (folder / f"{lang}-en.en").read_text(encoding="utf-8").splitlines()
    gold = (realdata / "labels" / "tatoeba" / f"test-{lang}.tsv").read_text().split()
    english_of = {int(i): english[j] for j, i in enumerate(gold)}
    return datasets.Dataset.from_dict(
        {
            "source_sentence": xx,
            "target_sentence": [english_of[i] for i in range(len(xx))],
            "source_lang": [lang] * len(xx),
            "target_lang": ["en"] * len(xx),
        }
    )


def xquad_table(realdata: Path, lang: str) -> datasets.Dataset:
    """google/xtreme XQuAD.<lang>: id, context, question, answers {text, answer_start}."""
    doc = json.loads((realdata / "download" / "xquad" / f"test-{lang}.json").read_text())
    rows: dict[str, list[Any]] = {"id": [], "context": [], "question": [], "answers": []}
    for article in doc["data"]:
        for paragraph in article["paragraphs"]:
            for qa in paragraph["qas"]:
                rows["id"].append(qa["id"])
                rows["context"].append(paragraph["context"])
                rows["question"].append(qa["question"])
                rows["answers"].append(
                    {
                        "text": [a["text"] for a in qa["answers"]],
                        "answer_start": [a["answer_start"] for a in qa["answers"]],
                    }
                )
    return datasets.Dataset.from_dict(rows)


class HubTables:
    """The table builders above, for tests (conftest modules are not importable)."""

    pawsx = staticmethod(pawsx_table)
    panx = staticmethod(panx_table)
    xcopa = staticmethod(xcopa_table)
    tatoeba = staticmethod(tatoeba_table)
    xquad = staticmethod(xquad_table)


@pytest.fixture
def hub_tables() -> type[HubTables]:
    return HubTables


@pytest.fixture
def fill_hub(fake_hub: Tables) -> Callable[..., Tables]:
    """`fill_hub(realdata=None)`: register every table above (the real-data ones when given)."""

    def fill(realdata: Path | None = None) -> Tables:
        fake_hub[("google-research-datasets/paws-x", "ko")] = pawsx_table(2000)
        fake_hub[("google/xtreme", "PAN-X.de")] = panx_table()
        if realdata is not None:
            fake_hub[("cambridgeltl/xcopa", "et")] = xcopa_table(realdata, "et")
            fake_hub[("google/xtreme", "tatoeba.deu")] = tatoeba_table(realdata, "de")
            fake_hub[("google/xtreme", "XQuAD.de")] = xquad_table(realdata, "de")
        return fake_hub

    return fill
