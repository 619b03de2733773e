"""Registry-wide tests: every task card, checked against the official XTREME scorer's facts.

The expected tables below are written from google-research/xtreme `evaluate.py`
(`XTREME_R_TASK2LANGS` and the XTREME v1 `TASK2LANGS`), so a card that drops or adds a language,
joins the wrong benchmark or loosens the noise policy fails here.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml

from harness import paths
from harness.errors import ConfigError
from harness.registry import Registry, load_yaml_model
from harness.schema import TaskCard

TASKS_DIR = Path(__file__).resolve().parent.parent / "tasks"
CARD_FILES = sorted(TASKS_DIR.glob("*.yaml"))


def _langs(text: str) -> frozenset[str]:
    """Split a space-separated list (language codes or tags) into a set."""
    return frozenset(text.split())


# XTREME_R_TASK2LANGS of the official scorer (lareqa is empty there: the scorer does not score
# it, so its entry lists the 11 XQuAD-R languages of the official LAReQA download instead).
XTREME_R_LANGS: dict[str, frozenset[str]] = {
    "xnli": _langs("ar bg de el en es fr hi ru sw th tr ur vi zh"),
    "xcopa": _langs("et ht id it qu sw ta th tr vi zh"),
    "udpos": _langs(
        "af ar bg de el en es et eu fa fi fr he hi hu id it ja kk ko mr nl pt ru ta te th tl tr "
        "ur vi yo zh lt pl uk wo ro"
    ),
    "panx": _langs(
        "ar he vi id jv ms tl eu ml ta te af nl en de el bn hi mr ur fa fr it pt es bg ru ja ka "
        "ko th sw yo my zh kk tr et fi hu qu pl uk az lt pa gu ro"
    ),
    "xquad": _langs("en es de el ru tr ar vi th zh hi ro"),
    "mlqa": _langs("en es de ar hi vi zh"),
    "tydiqa": _langs("en ar bn fi id ko ru sw te"),
    "tatoeba": _langs(
        "ar he vi id jv tl eu ml ta te af nl de el bn hi mr ur fa fr it pt es bg ru ja ka ko th "
        "sw zh kk tr et fi hu az lt pl uk ro"
    ),
    "mewslix": _langs("ar de en es fa ja pl ro ta tr uk"),
    "lareqa": _langs("ar de el en es hi ru th tr vi zh"),
}

# TASK2LANGS of the XTREME v1 scorer.
XTREME_V1_LANGS: dict[str, frozenset[str]] = {
    "pawsx": _langs("de en es fr ja ko zh"),
    "xnli": _langs("ar bg de el en es fr hi ru sw th tr ur vi zh"),
    "panx": _langs(
        "ar he vi id jv ms tl eu ml ta te af nl en de el bn hi mr ur fa fr it pt es bg ru ja ka "
        "ko th sw yo my zh kk tr et fi hu"
    ),
    "udpos": _langs(
        "af ar bg de el en es et eu fa fi fr he hi hu id it ja kk ko mr nl pt ru ta te th tl tr "
        "ur vi yo zh"
    ),
    "bucc2018": _langs("de fr ru zh"),
    "tatoeba": _langs(
        "ar he vi id jv tl eu ml ta te af nl de el bn hi mr ur fa fr it pt es bg ru ja ka ko th "
        "sw zh kk tr et fi hu"
    ),
    "xquad": _langs("en es de el ru tr ar vi th zh hi"),
    "mlqa": _langs("en es de ar hi vi zh"),
    "tydiqa": _langs("en ar bn fi id ko ru sw te"),
}

ALL_TASKS = sorted(set(XTREME_R_LANGS) | set(XTREME_V1_LANGS))

FAMILY_CATEGORY: dict[str, tuple[str, str]] = {
    "xnli": ("classification", "classification"),
    "pawsx": ("classification", "classification"),
    "xcopa": ("multiple_choice", "classification"),
    "udpos": ("tagging", "structured_prediction"),
    "panx": ("tagging", "structured_prediction"),
    "xquad": ("qa", "qa"),
    "mlqa": ("qa", "qa"),
    "tydiqa": ("qa", "qa"),
    "tatoeba": ("retrieval", "retrieval"),
    "bucc2018": ("retrieval", "retrieval"),
    "mewslix": ("retrieval", "retrieval"),
    "lareqa": ("retrieval", "retrieval"),
}

# The default noise policy: which fields a profile may touch on each task.
NOISE_FIELDS: dict[str, frozenset[str]] = {
    "xnli": frozenset({"premise", "hypothesis"}),
    "pawsx": frozenset({"sentence1", "sentence2"}),
    "xcopa": frozenset({"premise", "choice1", "choice2"}),
    "udpos": frozenset({"tokens"}),
    "panx": frozenset({"tokens"}),
    "xquad": frozenset({"question"}),
    "mlqa": frozenset({"question"}),
    "tydiqa": frozenset({"question"}),
    "tatoeba": frozenset({"sentence"}),
    "bucc2018": frozenset({"sentence"}),
    "mewslix": frozenset({"context"}),
    "lareqa": frozenset({"question"}),
}

# (metric implementation, main score, reported scores) with the official scorer's names.
METRICS: dict[str, tuple[str, str, frozenset[str]]] = {
    "xnli": ("accuracy", "accuracy", frozenset({"accuracy"})),
    "pawsx": ("accuracy", "accuracy", frozenset({"accuracy"})),
    "xcopa": ("accuracy", "accuracy", frozenset({"accuracy"})),
    "udpos": ("span_f1", "f1", frozenset({"f1", "precision", "recall", "accuracy"})),
    "panx": ("span_f1", "f1", frozenset({"f1", "precision", "recall"})),
    "xquad": ("squad", "em_f1_mean", frozenset({"exact_match", "f1"})),
    "mlqa": ("mlqa", "em_f1_mean", frozenset({"exact_match", "f1"})),
    "tydiqa": ("squad", "em_f1_mean", frozenset({"exact_match", "f1"})),
    "tatoeba": ("tatoeba_accuracy", "accuracy", frozenset({"accuracy"})),
    "bucc2018": ("bucc_f1", "f1", frozenset({"f1", "precision", "recall"})),
    "mewslix": ("mrr", "map@20", frozenset({"map@20"})),
    "lareqa": ("map", "map@20", frozenset({"map@20"})),
}

# The official submission layout: <task>/test-<lang>.<ext> (evaluate.py get_suffix).
LABEL_SUFFIX: dict[str, str | None] = {
    "xnli": "tsv",
    "pawsx": "tsv",
    "xcopa": "jsonl",
    "udpos": "tsv",
    "panx": "tsv",
    "xquad": "json",
    "mlqa": "json",
    "tydiqa": "json",
    "tatoeba": "tsv",
    "bucc2018": "tsv",
    "mewslix": "json",
    "lareqa": None,  # not scored by the official scorer; gold relevance is in the data itself
}

UPOS = _langs("ADJ ADP ADV AUX CCONJ DET INTJ NOUN NUM PART PRON PROPN PUNCT SCONJ SYM VERB X")
PANX_TAGS = {"O"} | {f"{p}-{t}" for p in "BI" for t in ("LOC", "ORG", "PER")}

# A minimal clean profile, the same content as noise_profiles/clean.yaml, for tmp_path registries.
CLEAN_PROFILE = """\
name: clean
version: 1
description: No noise; the reference every delta is measured against.
seed: 0
unit: none
rate: 0.0
"""


def _card_id(path: Path) -> str:
    return path.stem


@pytest.fixture(scope="module")
def cards() -> dict[str, TaskCard]:
    """Every card in tasks/, validated one file at a time (profiles are not involved)."""
    return {p.stem: load_yaml_model(p, TaskCard)[0] for p in CARD_FILES}


def _card(path: Path) -> TaskCard:
    return load_yaml_model(path, TaskCard)[0]


# --------------------------------------------------------------------------- the real cards


def test_every_official_task_has_a_card() -> None:
    assert sorted(p.stem for p in CARD_FILES) == ALL_TASKS


def test_real_registry_loads_from_the_package_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HARNESS_HOME", raising=False)
    assert paths.tasks_dir().resolve() == TASKS_DIR
    registry = Registry.load()
    assert sorted(registry.tasks) == ALL_TASKS
    for name, entry in registry.tasks.items():
        assert entry.path.stem == name
        assert len(entry.sha256) == 64


def test_real_cards_load_with_a_minimal_profile_folder(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "clean.yaml").write_text(CLEAN_PROFILE, encoding="utf-8")
    registry = Registry.load(TASKS_DIR, profiles)
    assert sorted(registry.tasks) == ALL_TASKS
    assert list(registry.profiles) == ["clean"]


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_card_validates_and_is_named_after_its_file(path: Path) -> None:
    card = _card(path)
    assert card.name == path.stem
    assert card.version >= 1
    assert card.title.strip()
    assert card.description.strip()
    assert card.references, "cite the dataset"


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_languages_are_the_official_set(path: Path) -> None:
    card = _card(path)
    expected = XTREME_R_LANGS.get(card.name, XTREME_V1_LANGS.get(card.name))
    assert expected is not None, f"{card.name}: add it to the expected tables"
    assert set(card.languages) == expected, (
        f"missing {sorted(expected - set(card.languages))}, "
        f"extra {sorted(set(card.languages) - expected)}"
    )


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_each_benchmark_scores_its_own_languages(path: Path) -> None:
    card = _card(path)
    for bench, table in (("xtreme-r", XTREME_R_LANGS), ("xtreme", XTREME_V1_LANGS)):
        if card.name in table:
            assert bench in card.benchmarks
            assert set(card.languages_for(bench)) == table[card.name], bench
        else:
            assert bench not in card.benchmarks


def test_xtreme_r_has_exactly_its_ten_tasks(cards: dict[str, TaskCard]) -> None:
    members = {name for name, card in cards.items() if "xtreme-r" in card.benchmarks}
    assert members == {
        "xnli", "xcopa", "udpos", "panx", "xquad", "mlqa", "tydiqa", "tatoeba", "mewslix",
        "lareqa",
    }  # fmt: skip


def test_xtreme_v1_has_exactly_its_nine_tasks(cards: dict[str, TaskCard]) -> None:
    members = {name for name, card in cards.items() if "xtreme" in card.benchmarks}
    assert members == {
        "xnli", "pawsx", "udpos", "panx", "xquad", "mlqa", "tydiqa", "bucc2018", "tatoeba",
    }  # fmt: skip


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_family_and_category(path: Path) -> None:
    card = _card(path)
    assert (card.family, card.category) == FAMILY_CATEGORY[card.name]


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_noise_policy(path: Path) -> None:
    card = _card(path)
    assert set(card.noise_fields) == NOISE_FIELDS[card.name]
    kinds = {f.name: f.kind for f in card.fields}
    if card.family == "tagging":
        assert all(kinds[f] == "tokens" for f in card.noise_fields)
    else:
        assert all(kind == "text" for kind in kinds.values())
    if card.family == "qa":
        assert "context" in kinds and "context" not in card.noise_fields


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_metric_uses_the_official_names(path: Path) -> None:
    card = _card(path)
    name, main, reported = METRICS[card.name]
    assert (card.metric.name, card.metric.main) == (name, main)
    assert set(card.metric.reported) == reported


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_label_sets(path: Path) -> None:
    card = _card(path)
    if card.name == "pawsx":
        assert card.labels == ("0", "1")
    elif card.name == "udpos":
        assert set(card.labels) == UPOS and len(card.labels) == len(UPOS)
    elif card.name == "panx":
        assert set(card.labels) == PANX_TAGS and len(card.labels) == len(PANX_TAGS)
    elif card.family in ("classification", "multiple_choice"):
        assert card.labels
    else:
        assert card.labels == ()


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_official_patterns(path: Path) -> None:
    card = _card(path)
    src = card.sources.official
    assert "{lang}" in src.path or src.language_key, "the data file must select a language"
    placeholders = {"{lang}", "{split}"}
    for pattern in (src.path, src.index_path, src.labels_path):
        if pattern is not None:
            rest = pattern
            for p in placeholders:
                rest = rest.replace(p, "")
            assert "{" not in rest and "}" not in rest, pattern
    if "{split}" in src.path:
        assert set(card.splits.values()) >= {card.splits["test"]}
    suffix = LABEL_SUFFIX[card.name]
    if suffix is None:
        assert src.labels_path is None
    else:
        assert src.labels_path == f"{card.name}/test-{{lang}}.{suffix}"
        assert src.labels_format is not None
    if card.family == "retrieval" and card.name != "lareqa":
        assert src.index_path, "retrieval cards name their index file"


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_retrieval_sides_are_fields(path: Path) -> None:
    card = _card(path)
    if card.family != "retrieval":
        assert card.retrieval is None
        return
    assert card.retrieval is not None
    sides = {card.retrieval.query_side, card.retrieval.index_side}
    assert len(sides) == 2 and sides <= set(card.field_names)
    assert card.noise_fields, "retrieval cards perturb one side"


@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_hub_sources_serve_only_card_languages(path: Path) -> None:
    card = _card(path)
    if card.name in ("mewslix", "lareqa", "udpos"):  # no hub copy of the official test sets
        assert card.sources.hub == ()
        return
    assert card.sources.hub, "a hub source is expected"
    for hub in card.sources.hub:
        served = set(hub.languages) if hub.languages is not None else set(card.languages)
        assert served <= set(card.languages), hub.dataset
        patterns = (hub.config or "", hub.filter_value or "")
        if any("{language_name}" in p for p in patterns):
            assert hub.language_names is not None
            assert served <= set(hub.language_names), hub.dataset
        assert hub.revision is None or len(hub.revision) == 40
        if card.family in ("qa", "tagging") or card.labels:
            assert hub.label_column, hub.dataset


# --------------------------------------------------------------------------- shared real data


def _realdata() -> Path:
    """The shared real-data folder (XTREME_REALDATA), or skip with the reason."""
    root = os.environ.get("XTREME_REALDATA")
    if not root or not Path(root).is_dir():
        pytest.skip("XTREME_REALDATA is not set to the shared realdata folder")
    return Path(root)


@pytest.mark.realdata
@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_labels_pattern_matches_the_official_mock_submission(path: Path) -> None:
    card = _card(path)
    mock = _realdata() / "xtreme_mock" / "labels"
    if not (mock / card.name).is_dir():
        pytest.skip(f"the official mock submission has no {card.name} labels")
    src = card.sources.official
    assert src.labels_path is not None
    # The mock covers XTREME v1 languages for v1 tasks, every language for mewslix.
    langs = card.languages_for("xtreme") if "xtreme" in card.benchmarks else card.languages
    missing = [lang for lang in langs if not (mock / src.labels_path.format(lang=lang)).is_file()]
    assert not missing, f"{src.labels_path} not found for {missing}"


@pytest.mark.realdata
@pytest.mark.parametrize("path", CARD_FILES, ids=_card_id)
def test_data_pattern_matches_the_shared_download_folder(path: Path) -> None:
    card = _card(path)
    download = _realdata() / "download"
    folder = download / card.name
    if not folder.is_dir():
        pytest.skip(f"the shared realdata has no download/{card.name}")
    src = card.sources.official
    expected = {
        pattern.format(lang=lang, split=split)
        for pattern in (src.path, src.index_path)
        if pattern is not None
        for lang in card.languages
        for split in card.splits.values()
    }
    present = {f.relative_to(download).as_posix() for f in folder.rglob("*") if f.is_file()}
    assert present, folder
    assert present <= expected, f"files no pattern explains: {sorted(present - expected)[:5]}"
    if card.name != "udpos":  # the shared udpos folder holds only four languages
        test = card.splits["test"]
        missing = [
            lang for lang in card.languages if src.path.format(lang=lang, split=test) not in present
        ]
        assert not missing, f"{src.path} not found for {missing}"


# --------------------------------------------------------------------------- negative cases


def _base_card() -> dict[str, Any]:
    data = yaml.safe_load((TASKS_DIR / "xnli.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _registry_dirs(tmp_path: Path, cards: dict[str, dict[str, Any]]) -> tuple[Path, Path]:
    tasks = tmp_path / "tasks"
    profiles = tmp_path / "profiles"
    tasks.mkdir()
    profiles.mkdir()
    (profiles / "clean.yaml").write_text(CLEAN_PROFILE, encoding="utf-8")
    for stem, data in cards.items():
        (tasks / f"{stem}.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    return tasks, profiles


def _load_error(tmp_path: Path, cards: dict[str, dict[str, Any]]) -> str:
    tasks, profiles = _registry_dirs(tmp_path, cards)
    with pytest.raises(ConfigError) as info:
        Registry.load(tasks, profiles)
    return str(info.value)


def test_a_clean_copy_loads(tmp_path: Path) -> None:
    tasks, profiles = _registry_dirs(tmp_path, {"xnli": _base_card()})
    assert list(Registry.load(tasks, profiles).tasks) == ["xnli"]


def test_unknown_key_is_rejected(tmp_path: Path) -> None:
    card = _base_card()
    card["colour"] = "red"
    message = _load_error(tmp_path, {"xnli": card})
    assert str(tmp_path / "tasks" / "xnli.yaml") in message
    assert "colour" in message and "unknown key" in message


def test_unknown_nested_key_is_rejected(tmp_path: Path) -> None:
    card = _base_card()
    card["sources"]["official"]["pathh"] = "xnli/{lang}.tsv"
    message = _load_error(tmp_path, {"xnli": card})
    assert "xnli.yaml" in message and "sources.official.pathh" in message


def test_duplicate_name_across_two_files_is_rejected(tmp_path: Path) -> None:
    # Two files claiming one name: the second cannot also match its own file name, so the
    # loader stops at it, naming that file and the `name` field.
    message = _load_error(tmp_path, {"xnli": _base_card(), "xnli_copy": _base_card()})
    assert str(tmp_path / "tasks" / "xnli_copy.yaml") in message
    assert "name" in message and "'xnli'" in message


def test_name_must_match_the_file_name(tmp_path: Path) -> None:
    card = _base_card()
    card["name"] = "xnli2"
    message = _load_error(tmp_path, {"xnli": card})
    assert str(tmp_path / "tasks" / "xnli.yaml") in message
    assert "name" in message and "xnli2" in message


@pytest.mark.parametrize("bad", ["EN", "english", "e1", "zh-CN"])
def test_bad_language_code_is_rejected(tmp_path: Path, bad: str) -> None:
    card = _base_card()
    card["languages"] = ["en", bad]
    message = _load_error(tmp_path, {"xnli": card})
    assert str(tmp_path / "tasks" / "xnli.yaml") in message
    assert "languages" in message and bad in message


@pytest.mark.parametrize("field", ["metric", "languages", "fields", "sources", "max_seq_length"])
def test_missing_required_field_is_rejected(tmp_path: Path, field: str) -> None:
    card = _base_card()
    del card[field]
    message = _load_error(tmp_path, {"xnli": card})
    assert str(tmp_path / "tasks" / "xnli.yaml") in message
    assert field in message and "required" in message.lower()


def test_benchmark_languages_must_be_a_subset(tmp_path: Path) -> None:
    card = _base_card()
    card["benchmark_languages"] = {"xtreme": ["en", "qu"]}
    message = _load_error(tmp_path, {"xnli": card})
    assert "xnli.yaml" in message and "benchmark_languages" in message and "qu" in message


def test_benchmark_languages_must_name_a_member_benchmark(tmp_path: Path) -> None:
    card = _base_card()
    card["benchmarks"] = ["xtreme-r"]
    card["benchmark_languages"] = {"xtreme": ["en"]}
    message = _load_error(tmp_path, {"xnli": card})
    assert "xnli.yaml" in message and "benchmark_languages" in message


def test_official_path_must_select_a_language(tmp_path: Path) -> None:
    card = _base_card()
    card["sources"]["official"]["path"] = "xnli/{split}.tsv"
    message = _load_error(tmp_path, {"xnli": card})
    assert "xnli.yaml" in message and "path" in message and "{lang}" in message


def test_unknown_task_suggests_the_close_name(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "clean.yaml").write_text(CLEAN_PROFILE, encoding="utf-8")
    registry = Registry.load(TASKS_DIR, profiles)
    with pytest.raises(ConfigError) as info:
        registry.task("xnl")
    assert "did you mean 'xnli'" in str(info.value)
    with pytest.raises(ConfigError, match="unknown task 'nothing_like_it'"):
        registry.task("nothing_like_it")
