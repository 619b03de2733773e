"""Retrieval settings that travel with the model: manifest entries, run options and
sentence-transformers folders (harness.retrieval_settings)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

import harness.families.retrieval as retrieval_family
from harness import evaluate
from harness.cli import main
from harness.errors import ConfigError, ModelError
from harness.results import ResultStore, result_key
from harness.retrieval_settings import describe_settings, read_sentence_transformers

from .conftest import CheckpointFactory


@pytest.fixture
def spy(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, list[Any]]]:
    """Record every text the retrieval encoder tokenizes and every (layer, pooling) pooled."""
    seen: dict[str, list[Any]] = {"texts": [], "pooled": []}
    real_pairs, real_init = retrieval_family.encode_pairs, retrieval_family._Pooler.__init__

    def encode_pairs(tokenizer: Any, first: list[str], *rest: Any) -> Any:
        seen["texts"].extend(first)
        return real_pairs(tokenizer, first, *rest)

    def init(self: Any, model: Any, layer: int, pooling: str) -> None:
        seen["pooled"].append((layer, pooling))
        real_init(self, model, layer, pooling)

    monkeypatch.setattr(retrieval_family, "encode_pairs", encode_pairs)
    monkeypatch.setattr(retrieval_family._Pooler, "__init__", init)
    yield seen


def e5_manifest(folder: Path, checkpoint: dict[str, Any]) -> Path:
    data = {
        "name": "e5-style <tiny>",
        "method": "other",
        "base_model": "tiny/xlmr",
        "checkpoints": {"tatoeba": checkpoint},
        "profiles": ["typo-20"],
    }
    path = folder / "e5.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def test_e5_style_manifest_layer_and_query_prefix_score_tatoeba_and_the_board_shows_them(
    make_checkpoint: CheckpointFactory, tmp_path: Path, spy: dict[str, list[Any]]
) -> None:
    subs = tmp_path / "submissions"
    make_checkpoint("encoder", out=subs / "ck", seed=2)
    manifest = e5_manifest(
        subs, {"path": "ck", "layer": -1, "query_prefix": "query: ", "index_prefix": "passage: "}
    )
    results = tmp_path / "results"
    assert main(["score", str(manifest), "--data", "samples", "--results", str(results)]) == 0
    # the prefixes reached the encoder, before every query and every candidate
    texts = spy["texts"]
    assert texts and all(t.startswith(("query: ", "passage: ")) for t in texts)
    assert any(t.startswith("query: ") for t in texts)
    assert any(t.startswith("passage: ") for t in texts)
    assert {layer for layer, _ in spy["pooled"]} == {-1}  # the manifest's layer, not the card's 8
    records = list(ResultStore(results / "e5"))
    assert {r.profile for r in records} == {"clean", "typo-20"}
    for r in records:
        s = r.provenance.settings
        assert (s["pooling"], s["layer"], s["layers"]) == ("mean", -1, 2)
        assert (s["query_prefix"], s["index_prefix"]) == ("query: ", "passage: ")
        assert "|enc:mean@-1+prefix:" in r.signature
    words = "mean pooling, layer 2 of 2, query prefix 'query: ', index prefix 'passage: '"
    assert describe_settings(records[0].provenance.settings) == words
    assert all(r.provenance.settings["encoder"] == words for r in records)  # in the record
    site = tmp_path / "site"
    build = ["leaderboard", "build", "--submissions", str(subs), "--results", str(results)]
    assert main([*build, "--out", str(site)]) == 0
    escaped = words.replace("'", "&#39;")
    task_page = (site / "tasks" / "tatoeba.html").read_text(encoding="utf-8")
    assert "Retrieval settings" in task_page and escaped in task_page
    assert "e5-style &lt;tiny&gt;" in task_page  # names are escaped like all other text
    assert escaped in (site / "submissions" / "e5.html").read_text(encoding="utf-8")


def test_run_prefixes_and_layer_are_named_in_the_table_and_json(
    make_checkpoint: CheckpointFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=2)
    out = tmp_path / "o.json"
    args = ["run", "--quiet", "--model", str(ckpt), "--tasks", "tatoeba", "--langs", "de"]
    args += ["--data", "samples", "--results", str(tmp_path / "r"), "--json", str(out)]
    assert main([*args, "--layer", "-1", "--query-prefix", "query: "]) == 0
    printed = capsys.readouterr().out
    assert "tatoeba: mean pooling, layer 2 of 2, query prefix 'query: '" in printed
    entry = json.loads(out.read_text(encoding="utf-8"))["results"][0]["encoder"]
    assert entry["description"] == "mean pooling, layer 2 of 2, query prefix 'query: '"
    assert (entry["layer"], entry["query_prefix"]) == (-1, "query: ")


def test_default_settings_leave_keys_and_signatures_as_they_were(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=2)
    store = tmp_path / "r"
    kw: dict[str, Any] = {"tasks": "tatoeba", "langs": "de", "data": "samples", "profiles": ()}
    first = evaluate(ckpt, layer=-1, results=store, **kw).results[0]
    # the key holds exactly what it held before prefixes existed
    p = first.provenance
    parts = {
        "task_card": p.task_card.sha256,
        "profile": p.profile.sha256,
        "data": p.data.fingerprint,
        "model": p.model.fingerprint,
        "language": "de",
        "split": p.settings["split"],
        "harness": p.harness_version,
        "retrieval": {"pooling": "mean", "layer": -1},
    }
    assert first.key == result_key(parts)
    assert "|enc:mean@-1|" in first.signature and "prefix" not in first.signature
    assert "query_prefix" not in p.settings and "sentence_transformers" not in p.settings
    # an empty prefix is the card's default: the same cell, served from the store
    again = evaluate(ckpt, layer=-1, query_prefix="", index_prefix="", results=store, **kw)
    assert again.served_from_store == 1 and again.results[0].key == first.key
    # a prefix is a new cell
    other = evaluate(ckpt, layer=-1, query_prefix="query: ", results=store, **kw)
    assert other.served_from_store == 0 and other.results[0].key != first.key


def sentence_transformers_folder(
    make_checkpoint: CheckpointFactory, out: Path, pooling: str, *, extra: Any = ()
) -> Path:
    ckpt = make_checkpoint("encoder", out=out, seed=5)
    kinds = (("", "Transformer"), ("1_Pooling", "Pooling"), ("2_Normalize", "Normalize"))
    modules = [
        {"idx": i, "name": str(i), "path": path, "type": f"sentence_transformers.models.{kind}"}
        for i, (path, kind) in enumerate(kinds)
    ]
    modules += list(extra)
    (ckpt / "modules.json").write_text(json.dumps(modules), encoding="utf-8")
    (ckpt / "1_Pooling").mkdir()
    (ckpt / "2_Normalize").mkdir()
    flags = {f"pooling_mode_{m}": False for m in ("cls_token", "mean_tokens", "max_tokens")}
    flags[{"cls": "pooling_mode_cls_token", "max": "pooling_mode_max_tokens"}[pooling]] = True
    config = {"word_embedding_dimension": 64, **flags, "pooling_mode_lasttoken": False}
    (ckpt / "1_Pooling" / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return ckpt


def test_sentence_transformers_folder_gets_its_pooling_honoured(
    make_checkpoint: CheckpointFactory, tmp_path: Path, spy: dict[str, list[Any]]
) -> None:
    st = sentence_transformers_folder(make_checkpoint, tmp_path / "st", "cls")
    config = read_sentence_transformers(st)
    assert config is not None and (config.pooling, config.normalize) == ("cls", True)
    kw: dict[str, Any] = {"tasks": "tatoeba", "langs": "de", "data": "samples", "profiles": ()}
    r = evaluate(st, **kw).results[0]
    s = r.provenance.settings
    assert (s["pooling"], s["layer"], s["sentence_transformers"]) == ("cls", -1, True)
    assert spy["pooled"] == [(-1, "cls")]
    assert describe_settings(s) == "cls pooling, layer 2 of 2, sentence-transformers folder"
    # the same predictions as the bare transformer pooled that way by hand
    bare = tmp_path / "bare"
    shutil.copytree(st, bare, ignore=shutil.ignore_patterns("modules.json", "1_*", "2_*"))
    by_hand = evaluate(bare, pooling="cls", layer=-1, **kw).results[0]
    assert by_hand.per_example["prediction"] == r.per_example["prediction"]
    mean = evaluate(bare, layer=-1, **kw).results[0]
    assert by_hand.per_example["prediction"] != mean.per_example["prediction"]
    # an explicit setting wins over the folder's
    spy["pooled"].clear()
    over = evaluate(st, pooling="mean", **kw).results[0]
    assert over.provenance.settings["pooling"] == "mean" and spy["pooled"] == [(-1, "mean")]


def test_sentence_transformers_max_pooling_and_unsupported_modules(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    st = sentence_transformers_folder(make_checkpoint, tmp_path / "st", "max")
    kw: dict[str, Any] = {"tasks": "tatoeba", "langs": "de", "data": "samples", "profiles": ()}
    assert evaluate(st, **kw).results[0].provenance.settings["pooling"] == "max"
    dense = {"idx": 3, "name": "3", "path": "3_Dense", "type": "sentence_transformers.models.Dense"}
    folder = sentence_transformers_folder(make_checkpoint, tmp_path / "dense", "cls", extra=[dense])
    with pytest.raises(ModelError, match="Dense"):
        read_sentence_transformers(folder)
    report = evaluate(folder, **kw)
    assert not report.results and "Dense" in report.failures[0].message


def test_invalid_retrieval_settings_are_one_clear_error_exit_2(
    make_checkpoint: CheckpointFactory, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=2)
    base = ["run", "--model", str(ckpt), "--tasks", "tatoeba", "--data", "samples"]
    base += ["--results", str(tmp_path / "r")]
    assert main([*base, "--query-prefix", "query:\nx"]) == 2
    err = capsys.readouterr().err
    assert [line for line in err.splitlines() if line.startswith("error:")] == [
        "error: query_prefix: at most 200 characters on one line (got 8)"
    ]
    assert main([*base, "--index-prefix", "x" * 201]) == 2
    with pytest.raises(SystemExit) as exc:
        main([*base, "--pooling", "sum"])
    assert exc.value.code == 2
    with pytest.raises(ConfigError, match="pooling 'sum'"):
        evaluate(ckpt, tasks="tatoeba", data="samples", pooling="sum")
    assert not (tmp_path / "r").exists()  # nothing was scored
    capsys.readouterr()
    subs = tmp_path / "subs"
    subs.mkdir()
    bad = e5_manifest(subs, {"path": "../ck", "pooling": "sum"})
    assert main(["score", str(bad), "--data", "samples", "--checkpoint-root", str(tmp_path)]) == 2
    assert "pooling" in capsys.readouterr().err
    data = yaml.safe_load(bad.read_text(encoding="utf-8"))
    data["checkpoints"] = {"xnli": {"path": "../ck", "layer": -1}}
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert main(["score", str(bad), "--data", "samples", "--checkpoint-root", str(tmp_path)]) == 2
    assert "apply to retrieval tasks only" in capsys.readouterr().err


def test_malformed_sentence_transformers_files_are_model_errors(tmp_path: Path) -> None:
    (tmp_path / "modules.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelError, match="not a readable JSON file"):
        read_sentence_transformers(tmp_path)
    (tmp_path / "modules.json").write_text(" " * (1 << 20) + "[]", encoding="utf-8")
    with pytest.raises(ModelError, match="not a config file"):
        read_sentence_transformers(tmp_path)
    pooling = {"path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}
    (tmp_path / "modules.json").write_text(json.dumps([pooling]), encoding="utf-8")
    (tmp_path / "1_Pooling").mkdir()
    both = {"pooling_mode_cls_token": True, "pooling_mode_mean_tokens": True}
    (tmp_path / "1_Pooling" / "config.json").write_text(json.dumps(both), encoding="utf-8")
    with pytest.raises(ModelError, match="exactly one"):
        read_sentence_transformers(tmp_path)
    assert read_sentence_transformers(tmp_path / "1_Pooling") is None  # no modules.json


def test_manifest_entry_settings_load_round_trip_and_show_in_dry_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.registry import Registry
    from harness.submissions import load_submission, manifest_metadata

    registry = Registry.load()
    entry = {"path": "ck", "layer": -1, "pooling": "cls", "query_prefix": "query: "}
    path = e5_manifest(tmp_path, entry)
    sub = load_submission(path, registry)
    (ref,) = sub.checkpoints
    assert (ref.written, ref.path, ref.tasks) == ("ck", (tmp_path / "ck").resolve(), ("tatoeba",))
    assert (ref.settings.pooling, ref.settings.layer, ref.settings.query_prefix) == (
        "cls",
        -1,
        "query: ",
    )
    assert ref.settings.index_prefix is None
    dumped = sub.manifest.model_dump(mode="json")
    assert dumped["checkpoints"]["tatoeba"] == entry
    again = tmp_path / "again.yaml"
    again.write_text(yaml.safe_dump(dumped), encoding="utf-8")
    assert load_submission(again, registry).manifest == sub.manifest
    settings = {k: v for k, v in entry.items() if k != "path"}
    assert manifest_metadata(sub)["encoder_settings"] == {"tatoeba": settings}
    assert main(["score", "--dry-run", str(path)]) == 0
    assert "retrieval: pooling 'cls', layer -1, query_prefix 'query: '" in capsys.readouterr().out
