"""Retrieval: tatoeba and lareqa on the real data, mewslix and bucc2018 on official-layout
fixtures, oracle embeddings, hand-computed metric cases, and the embedding cache."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pytest
import torch

from harness.cli import main
from harness.data import Dataset, Example, load_task_data
from harness.data.hub import retrieval_from_rows
from harness.data.official import SPAN_MARK, split_marked
from harness.errors import DataError
from harness.families.retrieval import (
    EmbeddingCache,
    Retrieval,
    TextEncoder,
    _Pooler,
    _scores,
    item_text,
    mine_pairs,
    nearest,
    ranked,
    transformer_encoder,
    tune_threshold,
)
from harness.metrics import bucc_scores, metric_def
from harness.models.loading import LoadedModel, load_checkpoint
from harness.noise import noise_example
from harness.registry import Registry
from harness.results import ResultStore
from harness.schema import TaskCard

CheckpointFactory = Callable[..., Path]
REGISTRY = Registry.load()


def card(name: str, **official: Any) -> TaskCard:
    base = REGISTRY.task(name)
    if not official:
        return base
    src = base.sources.official.model_copy(update=official)
    return base.model_copy(update={"sources": base.sources.model_copy(update={"official": src})})


def stub_model(fingerprint: str = "oracle") -> LoadedModel:
    """What the family reads of a checkpoint when the encoder is injected."""
    return cast(
        LoadedModel,
        SimpleNamespace(fingerprint=fingerprint, max_length=512, device=torch.device("cpu")),
    )


def injected(vectors: Callable[[str], Any]) -> Retrieval:
    """A Retrieval whose encoder maps each text through `vectors` (the test seam)."""

    def factory(loaded: LoadedModel, c: TaskCard, batch_size: int | None) -> TextEncoder:
        def encode(texts: Sequence[str]) -> torch.Tensor:
            rows = np.stack([np.asarray(vectors(t), dtype=np.float32) for t in texts])
            return torch.from_numpy(rows)

        return encode

    return Retrieval(encoder=factory)


def one_hot(i: int, dim: int) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[i] = 1.0
    return v


def random_vector(text: str, dim: int = 64) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")
    return np.random.default_rng(seed).standard_normal(dim)


def run(args: list[str]) -> int:
    return main(["run", "--quiet", *args])


# --------------------------------------------------------------------------- tatoeba


def test_tatoeba_real_data_end_to_end(
    realdata: Path,
    make_checkpoint: CheckpointFactory,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=2)
    base = [
        "--model", str(ckpt), "--tasks", "tatoeba", "--langs", "de,ja",
        "--data", str(realdata / "download"), "--labels", str(realdata / "labels"),
        "--limit", "40", "--profile", "typo-20", "--results", str(tmp_path / "r"),
    ]  # fmt: skip
    # The card pools layer 8; the tiny checkpoint has 2 layers: one clear error for the task.
    assert run(base) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "layer 8 does not exist" in errors[0], errors
    assert run([*base, "--layer", "-1"]) == 0
    records = list(ResultStore(tmp_path / "r"))
    assert {(r.language, r.profile) for r in records} == {
        (lang, p) for lang in ("de", "ja") for p in ("clean", "typo-20")
    }
    n_index = sum(1 for _ in (realdata / "download/tatoeba/de-en.de").open(encoding="utf-8"))
    for r in records:
        assert r.n == 40 and r.per_example["id"] == [str(i) for i in range(40)]
        assert set(r.per_example) >= {"id", "prediction", "correct", "changed"}
        assert all(0 <= int(p) < n_index for p in r.per_example["prediction"])
        assert r.scores["accuracy"] == pytest.approx(100 * sum(r.per_example["correct"]) / 40)
        assert r.main == r.scores["accuracy"]
        assert r.provenance.settings["pooling"] == "mean"
        assert r.provenance.settings["layer"] == -1
        if r.profile == "typo-20":  # the noised side is the xx index, not the English queries
            assert r.noise.changed_fraction > 0.3 and not any(r.per_example["changed"])
    # --layer/--pooling are part of the key: a different setting is a new result.
    assert run([*base, "--layer", "-1"]) == 0
    assert len(list(ResultStore(tmp_path / "r"))) == 4
    assert run([*base, "--layer", "-2", "--pooling", "cls", "--langs", "de"]) == 0
    settings = {
        (r.provenance.settings["pooling"], r.provenance.settings["layer"])
        for r in ResultStore(tmp_path / "r")
    }
    assert settings == {("mean", -1), ("cls", -2)}


def tatoeba_oracle_accuracy(ds: Dataset, vectors: Callable[[str], Any]) -> float:
    family = injected(vectors)
    c = REGISTRY.task("tatoeba")
    predictions = family.predict_dataset(stub_model(), c, ds, ds.examples, None)
    return family.score(c, ds.language, ds.examples, predictions).main


def test_tatoeba_oracle_perfect_and_random(realdata: Path) -> None:
    c = REGISTRY.task("tatoeba")
    chance = []
    for lang in ("de", "fr", "ja", "sw", "kk"):
        ds = load_task_data(c, lang, str(realdata / "download"), labels_dir=realdata / "labels")
        n = len(ds.index)
        slot = {e.text("english"): int(str(e.label)) for e in ds.examples}
        slot.update({e.text("sentence"): int(e.id) for e in ds.index})
        perfect = tatoeba_oracle_accuracy(ds, lambda t, s=slot, n=n: one_hot(s[t], n))
        assert perfect == 100.0
        chance.append((tatoeba_oracle_accuracy(ds, random_vector), 100.0 / n))
    observed, expected = (sum(v) / len(v) for v in zip(*chance, strict=True))
    assert abs(observed - expected) < 0.15, chance  # chance: 1/N (0.1 points for N=1000)


# --------------------------------------------------------------------------- lareqa


def trimmed_xquad_r(realdata: Path, out: Path, articles: int = 1) -> Path:
    """The real XQuAD-R files cut to their first article(s), every language (a small pool)."""
    folder = out / "lareqa" / "xquad-r"
    folder.mkdir(parents=True)
    for src in (realdata / "download/lareqa/xquad-r").glob("*.json"):
        data = json.loads(src.read_text(encoding="utf-8"))
        data["data"] = data["data"][:articles]
        (folder / src.name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_lareqa_real_data_end_to_end(
    realdata: Path, make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    data = trimmed_xquad_r(realdata, tmp_path / "data")
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=3)
    summary = tmp_path / "s.json"
    args = [
        "--model", str(ckpt), "--tasks", "lareqa", "--langs", "de,ar", "--data", str(data),
        "--profile", "typo-20", "--results", str(tmp_path / "r"), "--json", str(summary),
        "--allow-nonstandard-data",  # the first article only: a small pool
    ]  # fmt: skip
    code = run(args)
    assert code == 0
    pool = load_task_data(REGISTRY.task("lareqa"), "de", str(data), allow_nonstandard=True)
    ids = {c.id for c in pool.index}
    assert len({i.split("_")[0] for i in ids}) == 11  # every language's sentences
    records = list(ResultStore(tmp_path / "r"))
    assert len(records) == 4
    for r in records:
        assert r.n == len(pool.examples) > 0
        # the store keeps each question's top candidate and the ranks of its relevant ones
        for top, mask, count, ap in zip(
            r.per_example["prediction"],
            r.per_example["relevant_at"],
            r.per_example["n_relevant"],
            r.per_example["average_precision"],
            strict=True,
        ):
            assert top in ids and 0 <= mask < 1 << 20 and count == 11
            assert 0.0 <= ap <= 1.0 and (ap > 0) == (mask > 0)
        assert r.scores["map@20"] == pytest.approx(
            100 * sum(r.per_example["average_precision"]) / r.n
        )
        assert r.provenance.settings["pooling"] == "cls"
        if r.profile == "typo-20":  # questions are noised, candidates are not
            assert r.noise.changed_fraction > 0 and any(r.per_example["changed"])
    assert {x["language"] for x in json.loads(summary.read_text())["results"]} == {"de", "ar"}


def test_lareqa_reader_matches_the_official_pool(realdata: Path) -> None:
    ds = load_task_data(REGISTRY.task("lareqa"), "zh", str(realdata / "download"))
    assert len(ds.index) == 13014  # the pool size the XTREME-R paper gives
    assert len(ds.examples) == 1190
    assert all(len(e.label or ()) == 11 for e in ds.examples)
    first = ds.index[0]
    assert first.id == "ar_1_0" and set(first.fields) == {"sentence", "context"}
    text = item_text(REGISTRY.task("lareqa"), first, "sentence")
    assert text == (first.text("sentence") + first.text("context")).replace("\n", "")


def expected_random_ap(relevant: int, pool: int, k: int = 20) -> float:
    """E[AP@k] of a uniformly random ranking with `relevant` relevant items among `pool`."""
    total = sum(
        relevant / pool * (1 + (i - 1) * (relevant - 1) / (pool - 1)) / i for i in range(1, k + 1)
    )
    return total / min(relevant, k)


def test_lareqa_oracle_perfect_and_random(realdata: Path) -> None:
    c = REGISTRY.task("lareqa")
    cells = [load_task_data(c, lang, str(realdata / "download")) for lang in c.languages]
    pool = cells[0].index
    groups = sorted({e.id for ds in cells for e in ds.examples})
    slot = {g: i for i, g in enumerate(groups)}
    members: dict[str, list[int]] = {}
    for ds in cells:
        for e in ds.examples:
            for cand in e.label or ():
                members.setdefault(cand, []).append(slot[e.id])
    vectors: dict[str, np.ndarray] = {}
    dim = len(groups) + 1
    for cand in pool:
        v = np.zeros(dim, dtype=np.float32)
        v[members.get(cand.id, [dim - 1])] = 1.0
        vectors[item_text(c, cand, "sentence")] = v
    # The oracle maps texts to vectors: make each question's text name its item.
    cells = [
        replace(
            ds,
            examples=tuple(
                e.with_fields(question=f"{e.text('question')} [{e.id}]") for e in ds.examples
            ),
        )
        for ds in cells
    ]
    for ds in cells:
        for e in ds.examples:
            vectors[e.text("question")] = one_hot(slot[e.id], dim)
    perfect, rand = injected(lambda t: vectors[t]), injected(random_vector)
    scores: dict[str, list[float]] = {"perfect": [], "random": []}
    for ds in cells:
        runs = (("perfect", perfect), ("random", rand)) if ds.language in ("en", "zh") else ()
        for name, family in runs or (("random", rand),):
            predictions = family.predict_dataset(stub_model(name), c, ds, ds.examples, None)
            scores[name].append(family.score(c, ds.language, ds.examples, predictions).main)
    assert scores["perfect"] == [100.0] * 2
    chance = 100 * expected_random_ap(11, len(pool))
    observed = sum(scores["random"]) / 11
    assert 0.6 * chance < observed < 1.4 * chance, (observed, chance)


# --------------------------------------------------------------------------- mewslix

SENTENCE_1 = "Am Montag sprach Angela Merkel in Berlin."
SENTENCE_2 = "Sie traf dort {Journalisten} aus Paris."
ARTICLE = SENTENCE_1 + "\n" + SENTENCE_2


def mention(example_id: str, surface: str, entity: str, offset: int = 0) -> dict[str, Any]:
    start = ARTICLE.index(surface, offset)
    return {
        "example_id": example_id,
        "entity_id": entity,
        "mention_span": {"start": start, "end": start + len(surface), "text": surface},
    }


def write_mewslix(root: Path) -> Path:
    """A tiny Mewsli-X in the official layout (context + mentions per article; entity set)."""
    folder = root / "mewslix"
    folder.mkdir(parents=True)
    spans = [
        {"start": 0, "end": len(SENTENCE_1)},
        {"start": len(SENTENCE_1) + 1, "end": len(ARTICLE)},
    ]
    articles = [
        {
            "context": {
                "document_title": "Merkel", "document_url": "https://de.wikinews.org/x",
                "document_id": "d1", "language": "de", "text": ARTICLE,
                "sentence_spans": spans, "section_title": "",
            },
            "mentions": [
                mention("de-1", "Angela Merkel", "Q567"),
                mention("de-2", "Berlin", "Q64"),
                mention("de-3", "Paris", "Q90"),
            ],
        },
        {
            "context": {
                "document_title": "x", "document_url": "u", "document_id": "d2", "language": "en",
                "text": "Paris is big.", "sentence_spans": [{"start": 0, "end": 13}],
            },
            "mentions": [{"example_id": "en-1", "entity_id": "Q90",
                          "mention_span": {"start": 0, "end": 5, "text": "Paris"}}],
        },
    ]  # fmt: skip
    (folder / "wikinews_mentions-test.jsonl").write_text(
        "".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8"
    )
    entities = []
    for qid, description in [
        ("Q567", "Angela Merkel ist eine Politikerin. Sie war Kanzlerin."),
        ("Q64", "Berlin is the capital of Germany."),
        ("Q90", "Paris is the capital of France."),
        ("Q1", "The universe."),
        ("Q2", "A number."),
    ]:
        first = description.index(".") + 1
        entities.append(
            {
                "entity_id": qid, "title": qid, "description": description,
                "description_language": "en", "description_url": "https://en.wikipedia.org",
                "sentence_spans": [{"start": 0, "end": first}]
                + ([{"start": first + 1, "end": len(description)}] if first < len(description)
                   else []),
            }
        )  # fmt: skip
    (folder / "candidate_set_entities.jsonl").write_text(
        "".join(json.dumps(e) + "\n" for e in entities), encoding="utf-8"
    )
    return root


def test_mewslix_reader_and_official_query_format(tmp_path: Path) -> None:
    root = write_mewslix(tmp_path)
    c = REGISTRY.task("mewslix")
    ds = load_task_data(c, "de", str(root), allow_nonstandard=True)
    assert [e.id for e in ds.examples] == ["de-1", "de-2", "de-3"]
    assert [e.label for e in ds.examples] == ["Q567", "Q64", "Q90"]
    assert [e.id for e in ds.index] == ["Q567", "Q64", "Q90", "Q1", "Q2"]
    # utils_mewslix.preprocess_mention: one sentence of context, braces escaped, span marked.
    assert item_text(c, ds.examples[0], "context") == (
        "Angela Merkel: Am Montag sprach { Angela Merkel } in Berlin."
    )
    assert item_text(c, ds.examples[2], "context") == (
        "Paris: Sie traf dort (Journalisten) aus { Paris } ."
    )
    assert ds.index[0].text("description") == (
        "Angela Merkel ist eine Politikerin. Sie war Kanzlerin."
    )
    subset = card("mewslix", index_subset_path="mewslix/subset.txt")
    (root / "mewslix/subset.txt").write_text("Q90\nQ1\nQ404\n", encoding="utf-8")
    small = load_task_data(subset, "de", str(root), allow_nonstandard=True)
    assert [e.id for e in small.index] == ["Q90", "Q1"]
    assert any("subset" in n for n in small.notes) and small.fingerprint != ds.fingerprint


def test_noise_never_touches_the_mention_span() -> None:
    c = REGISTRY.task("mewslix")
    text = "Die Kanzlerin Angela Merkel besuchte gestern Nachmittag Berlin mit Ministern."
    start = text.index("Angela Merkel")
    marked = f"{text[:start]} {SPAN_MARK} {text[start + 13 :]}"
    ex = Example("m1", {"context": marked, "mention": "Angela Merkel"}, "Q567")
    changed = 0
    for name in REGISTRY.profiles:
        profile = REGISTRY.profile(name).model_copy(update={"seed": 7})
        for i in range(20):
            noised = noise_example(replace_id(ex, f"m{i}"), c, profile, "de").example
            left, right = split_marked(noised.text("context"))  # exactly one mark survives
            query = item_text(c, noised, "context")
            assert query.startswith("Angela Merkel: ") and "{ Angela Merkel }" in query
            changed += (left, right) != (text[:start], text[start + 13 :])
    assert changed > 0


def replace_id(ex: Example, new_id: str) -> Example:
    return Example(new_id, ex.fields, ex.label)


def test_mewslix_mrr_hand_computed(tmp_path: Path, make_checkpoint: CheckpointFactory) -> None:
    root = write_mewslix(tmp_path / "data")
    c = REGISTRY.task("mewslix")
    ds = load_task_data(c, "de", str(root), allow_nonstandard=True)
    # Candidates on axes 0..4; each query's similarity to each candidate chosen by hand:
    # de-1 ranks Q567 first (RR 1), de-2 ranks Q64 third (RR 1/3), de-3 ranks Q90 last of 5
    # (RR 1/5). MRR@20 = (1 + 1/3 + 1/5) / 3.
    cand_axis = {item_text(c, e, "description"): i for i, e in enumerate(ds.index)}
    query_scores = {
        "de-1": [0.9, 0.1, 0.2, 0.3, 0.4],
        "de-2": [0.9, 0.5, 0.1, 0.8, 0.2],
        "de-3": [0.9, 0.8, 0.1, 0.7, 0.6],
    }
    query_vec = {item_text(c, e, "context"): query_scores[e.id] for e in ds.examples}

    def vectors(text: str) -> Sequence[float]:
        return query_vec[text] if text in query_vec else one_hot(cand_axis[text], 5).tolist()

    family = injected(vectors)
    predictions = family.predict_dataset(stub_model(), c, ds, ds.examples, None)
    assert predictions[1] == ["Q567", "Q1", "Q64", "Q2", "Q90"]
    scored = family.score(c, "de", ds.examples, predictions)
    assert scored.per_example["reciprocal_rank"] == pytest.approx([1.0, 1 / 3, 1 / 5])
    assert scored.per_example["relevant_at"] == [1, 1 << 2, 1 << 4]
    assert scored.per_example["prediction"][1] == "Q567"
    assert scored.ranked is not None and list(scored.ranked[1]) == predictions[1]
    assert scored.scores["map@20"] == pytest.approx(100 * (1 + 1 / 3 + 1 / 5) / 3)
    # And through `harness run` with a tiny checkpoint: well formed, noise on the context only.
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=4)
    args = ["--model", str(ckpt), "--tasks", "mewslix", "--langs", "de", "--data", str(root)]
    args.append("--allow-nonstandard-data")  # three mentions over five candidates
    assert run([*args, "--profile", "typo-40", "--results", str(tmp_path / "r")]) == 0
    for r in ResultStore(tmp_path / "r"):
        assert r.n == 3 and all(p.startswith("Q") for p in r.per_example["prediction"])
        assert all(0 <= m < 1 << 5 for m in r.per_example["relevant_at"])  # five candidates
        assert 0 <= r.scores["map@20"] <= 100


# --------------------------------------------------------------------------- bucc2018


def test_bucc_threshold_tuning_hand_computed() -> None:
    candidates = [("a", "x", 0.9), ("b", "y", 0.8), ("c", "z", 0.7), ("d", "w", 0.6)]
    gold = {("a", "x"), ("c", "z"), ("e", "v")}
    # F1 along the ranking: 1/2, 2/5, 4/7 (best: 2 correct of 3, 2 of 3 gold), 1/2.
    assert tune_threshold(candidates, gold) == pytest.approx((0.7 + 0.6) / 2)
    assert tune_threshold(candidates, {("a", "x")}) == pytest.approx((0.9 + 0.8) / 2)
    assert tune_threshold(candidates, {("d", "w")}) == pytest.approx(0.6)  # the last: its own
    assert tune_threshold(candidates, {("q", "q")}) == 0.0
    # Per-sentence counts give the official set F1: pred {a-x, b-q}, gold {a-x, b-y, c-z}.
    columns = {"n_gold": [1, 1, 1], "n_pred": [1, 1, 0], "n_correct": [1, 0, 0]}
    bucc = metric_def("bucc_f1")
    assert bucc.scores(columns) == pytest.approx(bucc_scores([1, 1, 0, 1], [1, 0, 1, 0]))
    assert bucc.scores(columns)["f1"] == pytest.approx(100 * 2 * 0.5 * (1 / 3) / (0.5 + 1 / 3))


def reference_mine(x: np.ndarray, y: np.ndarray) -> list[tuple[int, int, float]]:
    """utils_retrieve.mine_bitext (mine, max, ratio), written as its loops, over unit rows."""
    k1, k2 = min(len(y), 4), min(len(x), 4)
    sxy, syx = x @ y.T, y @ x.T
    x2y_ind = np.argsort(-sxy, axis=1, kind="stable")[:, :k1]
    y2x_ind = np.argsort(-syx, axis=1, kind="stable")[:, :k2]
    x2y_mean = np.take_along_axis(sxy, x2y_ind, 1).mean(1)
    y2x_mean = np.take_along_axis(syx, y2x_ind, 1).mean(1)
    fwd = np.array(
        [
            [sxy[i, j] / ((x2y_mean[i] + y2x_mean[j]) / 2) for j in row]
            for i, row in enumerate(x2y_ind)
        ]
    )
    bwd = np.array(
        [
            [syx[j, i] / ((y2x_mean[j] + x2y_mean[i]) / 2) for i in row]
            for j, row in enumerate(y2x_ind)
        ]
    )
    cands = [(i, x2y_ind[i, fwd[i].argmax()], fwd[i].max()) for i in range(len(x))]
    cands += [(y2x_ind[j, bwd[j].argmax()], j, bwd[j].max()) for j in range(len(y))]
    out, seen_s, seen_t = [], set(), set()
    for i in np.argsort(-np.array([c[2] for c in cands]), kind="stable"):
        s, t, v = cands[i]
        if s not in seen_s and t not in seen_t:
            seen_s.add(s)
            seen_t.add(t)
            if v > 0:
                out.append((int(s), int(t), float(v)))
    return out


def test_mining_matches_the_official_loops() -> None:
    rng = np.random.default_rng(0)
    for n, m in ((7, 9), (3, 2), (12, 12), (40, 10), (10, 40), (60, 60)):
        x = rng.standard_normal((n, 8))
        y = np.vstack([x[: min(n, m) // 2] + 0.3 * rng.standard_normal((min(n, m) // 2, 8)),
                       rng.standard_normal((m - min(n, m) // 2, 8))])  # fmt: skip
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        y /= np.linalg.norm(y, axis=1, keepdims=True)
        got = mine_pairs(torch.tensor(x, dtype=torch.float32), torch.tensor(y, dtype=torch.float32))
        want = reference_mine(x.astype(np.float32), y.astype(np.float32))
        assert [(s, t) for s, t, _ in got] == [(s, t) for s, t, _ in want]
        assert [v for *_, v in got] == pytest.approx([v for *_, v in want], rel=1e-5)


def write_bucc(root: Path) -> Path:
    folder = root / "bucc2018"
    folder.mkdir(parents=True)
    corpora = {
        "dev": (["eins", "zwei", "drei", "vier", "fünf"], ["one", "two", "three", "zzz"]),
        "test": (["sechs", "sieben", "acht", "neun"], ["six", "seven", "eight", "qqq", "rrr"]),
    }
    for split, (xx, en) in corpora.items():
        for lang, sents in (("de", xx), ("en", en)):
            lines = "".join(f"{lang}-{split}-{i:03d}\t{s}\n" for i, s in enumerate(sents))
            (folder / f"de-en.{split}.{lang}").write_text(lines, encoding="utf-8")
    (folder / "de-en.dev.gold").write_text(
        "de-dev-000\ten-dev-000\nde-dev-001\ten-dev-001\nde-dev-002\ten-dev-002\n",
        encoding="utf-8",
    )
    labels = root / "labels" / "bucc2018"
    labels.mkdir(parents=True)
    (labels / "test-de.tsv").write_text(
        "de-test-000\ten-test-000\nde-test-001\ten-test-001\nde-test-002\ten-test-002\n",
        encoding="utf-8",
    )
    return root


def test_bucc_mining_end_to_end_with_injected_embeddings(tmp_path: Path) -> None:
    root = write_bucc(tmp_path)
    c = card("bucc2018", gold_path="bucc2018/{lang}-en.{split}.gold")
    ds = load_task_data(c, "de", str(root), labels_dir=root / "labels")
    assert ds.tune is not None and len(ds.tune.examples) == 5 and len(ds.index) == 5
    assert [e.label for e in ds.examples] == [
        ("en-test-000",),
        ("en-test-001",),
        ("en-test-002",),
        (),
    ]
    # Translations share an axis (slightly perturbed); "acht" leans towards "qqq" instead.
    axis = {"eins": 0, "one": 0, "zwei": 1, "two": 1, "drei": 2, "three": 2, "sechs": 0,
            "six": 0, "sieben": 1, "seven": 1, "eight": 2}  # fmt: skip
    lean = {"acht": [0.2, 0.1, 0.6, 0.9], "vier": [0.1, 0.1, 0.1, 0.1], "qqq": [0.0, 0.0, 0.1, 1.0]}

    def vectors(text: str) -> Sequence[float]:
        if text in lean:
            return lean[text]
        v = [0.05] * 4
        if text in axis:
            v[axis[text]] = 1.0
        else:
            v[3] = -1.0
        return v

    family = injected(vectors)
    predictions = family.predict_dataset(stub_model(), c, ds, ds.examples, None)
    assert predictions[:2] == ["en-test-000", "en-test-001"] and predictions[2] != "en-test-002"
    scored = family.score(c, "de", ds.examples, predictions)
    pred_pairs = {(e.id, p) for e, p in zip(ds.examples, predictions, strict=True) if p}
    gold_pairs = {(e.id, t) for e in ds.examples for t in e.label or ()}
    hits = len(pred_pairs & gold_pairs)
    precision, recall = hits / len(pred_pairs), hits / len(gold_pairs)
    assert scored.scores["precision"] == pytest.approx(100 * precision)
    assert scored.scores["f1"] == pytest.approx(200 * precision * recall / (precision + recall))
    # The hub holds only gold pairs: mining refuses it before any download.
    with pytest.raises(DataError, match="comparable corpora"):
        load_task_data(c, "de", "hub")


# --------------------------------------------------------------------------- search, cache, hub


def test_ties_go_to_the_lower_index_at_every_rank() -> None:
    q = torch.tensor([[1.0, 0.0]])
    c = torch.tensor([[0.0, 1.0], [1.0, 0.0], [0.5, 0.5], [1.0, 0.0], [1.0 - 1e-7, 0.0]])
    assert nearest(q, c) == [1]
    assert ranked(q, c, 4) == [[1, 3, 4, 2]]
    # The fast path (rows without near-ties) agrees with applying the rule rank by rank.
    g = torch.Generator().manual_seed(0)
    for trial in range(20):
        cands = torch.randint(-2, 3, (50, 4), generator=g).float()  # many exact ties
        if trial % 2:
            cands += 1e-7 * torch.randn(50, 4, generator=g)
        queries = torch.randint(-2, 3, (6, 4), generator=g).float()
        for row, got in zip(queries @ cands.T, ranked(queries, cands, 20), strict=True):
            want, row = [], row.clone()
            for _ in range(20):
                want.append(int((row >= row.max() - 1e-5).nonzero()[0, 0]))
                row[want[-1]] = float("-inf")
            assert got == want


def test_embedding_cache_encodes_only_new_texts() -> None:
    calls: list[list[str]] = []

    def factory(loaded: LoadedModel, c: TaskCard, batch_size: int | None) -> TextEncoder:
        def encode(texts: Sequence[str]) -> torch.Tensor:
            calls.append(list(texts))
            return torch.tensor(
                np.array([random_vector(t, 16) for t in texts]), dtype=torch.float32
            )

        return encode

    family = Retrieval(encoder=factory, cache=EmbeddingCache())
    c = REGISTRY.task("tatoeba")
    queries = tuple(Example(str(i), {"english": f"sentence {i}"}, str(i)) for i in range(6))
    index = tuple(Example(str(i), {"sentence": f"Satz {i}"}) for i in range(6))
    ds = Dataset("tatoeba", "de", "test", queries, "official", "x", "fp", index=index)
    clean = family.predict_dataset(stub_model(), c, ds, ds.examples, None)
    assert len(calls) == 2 and family.cache.encoded == 12  # queries, then the index
    noised_index = (*index[:4], index[4].with_fields(sentence="Sazt 4"), index[5])
    family.predict_dataset(stub_model(), c, replace(ds, index=noised_index), ds.examples, None)
    assert calls[-1] == ["Sazt 4"] and family.cache.encoded == 13  # only the changed text
    again = family.predict_dataset(stub_model(), c, ds, ds.examples, None)
    assert again == clean and family.cache.encoded == 13  # the clean index is still cached
    family.predict_dataset(stub_model("other checkpoint"), c, ds, ds.examples, None)
    assert family.cache.encoded == 25  # keyed by the checkpoint fingerprint
    family.clear()  # as cold as a fresh process: both sides are encoded again
    assert family.predict_dataset(stub_model(), c, ds, ds.examples, None) == clean
    assert family.cache.encoded == 12 and calls[-2:] == calls[:2]


def test_mean_pooling_is_batch_size_invariant(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    ckpt = make_checkpoint("sequence_classification", ["a", "b"], out=tmp_path / "ck", seed=5)
    loaded = load_checkpoint(ckpt, "encoder", device="cpu")  # any checkpoint's encoder
    texts = ["Hallo Welt", "Ein Mann spielt Gitarre auf der Straße.", "x", "Où est la gare ?"]
    c = REGISTRY.task("tatoeba").model_copy(
        update={"retrieval": REGISTRY.task("tatoeba").retrieval.model_copy(update={"layer": 1})}  # type: ignore[union-attr]
    )
    one = transformer_encoder(loaded, c, 1)(texts)
    many = transformer_encoder(loaded, c, 3)(texts)
    assert torch.allclose(one, many, atol=1e-5)
    cls = c.model_copy(update={"retrieval": c.retrieval.model_copy(update={"pooling": "cls"})})  # type: ignore[union-attr]
    first = transformer_encoder(loaded, cls, 2)(texts)
    # Against the model's own hidden states, one text at a time (no padding).
    for i, text in enumerate(texts):
        enc = loaded.tokenizer(text, return_tensors="pt")
        with torch.no_grad():
            states = loaded.model(**enc, output_hidden_states=True).hidden_states[1][0]
        assert torch.allclose(one[i], states.mean(0), atol=1e-5)
        assert torch.allclose(first[i], states[0], atol=1e-5)


def test_pooled_states_skip_the_layers_above_and_match_the_full_pass(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=3, layers=4)
    loaded = load_checkpoint(ckpt, "encoder", device="cpu")
    texts = ["Hallo Welt", "Ein Mann spielt Gitarre auf der Straße.", "x"]
    batch = dict(loaded.tokenizer(texts, padding=True, return_tensors="pt"))
    mask = batch["attention_mask"].unsqueeze(-1).float()
    with torch.inference_mode():
        full = loaded.model(**batch, output_hidden_states=True).hidden_states
    ran: list[int] = []
    for i, module in enumerate(loaded.model.encoder.layer):
        module.register_forward_hook(lambda *_, i=i: ran.append(i))
    for layer in range(-5, 5):
        index = layer % 5
        for pooling in ("mean", "cls"):
            ran.clear()
            with torch.inference_mode():
                pooled = _Pooler(loaded.model, layer, pooling)(**batch)
            expected = (
                full[layer][:, 0] if pooling == "cls" else (full[layer] * mask).sum(1) / mask.sum(1)
            )
            assert torch.equal(pooled, expected), (layer, pooling)
            # the layers above the pooled one never run; the embeddings (0) and the top state
            # (4, which may be a final norm's output) come from a full pass
            assert ran == (list(range(index)) if 1 <= index < 4 else [0, 1, 2, 3]), (layer, ran)


def test_tatoeba_hub_rows_take_the_official_layout() -> None:
    c = REGISTRY.task("tatoeba")
    rows = [
        Example("0", {"sentence": "Zwei", "english": "two"}),
        Example("1", {"sentence": "Eins", "english": " one"}),
        Example("2", {"sentence": "Drei", "english": "Three"}),
    ]
    queries, index = retrieval_from_rows(c, rows)
    # English sorted on stripped lines; gold = the row (xx line) of its translation.
    assert [q.text("english") for q in queries] == ["Three", " one", "two"]
    assert [q.label for q in queries] == ["2", "1", "0"]
    assert [(i.id, i.text("sentence")) for i in index] == [
        ("0", "Zwei"),
        ("1", "Eins"),
        ("2", "Drei"),
    ]


METRIC_COLUMNS = {
    "tatoeba": ("correct",),
    "lareqa": ("average_precision",),
    "mewslix": ("reciprocal_rank",),
    "bucc2018": ("n_gold", "n_pred", "n_correct"),
}


def test_every_retrieval_task_on_the_bundled_samples(
    make_checkpoint: CheckpointFactory, tmp_path: Path
) -> None:
    from harness.data import available_languages

    tasks = [t for t in METRIC_COLUMNS if available_languages(REGISTRY.task(t), "samples")]
    if len(tasks) < len(METRIC_COLUMNS):
        pytest.skip(f"bundled samples cover only {tasks}")
    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=6)
    args = ["--model", str(ckpt), "--tasks", ",".join(tasks), "--data", "samples"]
    assert (
        run([*args, "--layer", "-1", "--profile", "typo-20", "--results", str(tmp_path / "r")]) == 0
    )
    seen = set()
    for r in ResultStore(tmp_path / "r"):
        seen.add(r.task)
        c = REGISTRY.task(r.task)
        assert set(METRIC_COLUMNS[r.task]) <= set(r.per_example)
        assert 0.0 <= r.main <= 100.0 and r.main == r.scores[c.metric.main]
        if r.task == "bucc2018":  # dev-tuned threshold; scores follow from the columns
            assert r.scores == pytest.approx(metric_def("bucc_f1").scores(r.per_example))
            assert sum(r.per_example["n_gold"]) > 0
    assert seen == set(tasks)


def test_embedding_cache_holds_one_matrix_and_hands_a_pool_back_without_a_copy() -> None:
    cache = EmbeddingCache()
    namespace = ("fp", "mean", -1, 64, "fp32")

    def encode(texts: Sequence[str]) -> torch.Tensor:
        return torch.tensor(np.array([random_vector(t, 8) for t in texts]), dtype=torch.float32)

    pool = [f"entity {i}" for i in range(50)]
    first = cache.embed(namespace, pool, encode)
    again = cache.embed(namespace, pool, encode)
    assert again.data_ptr() == first.data_ptr() and cache.encoded == 50  # the pool, as held
    some = cache.embed(namespace, pool[10:20], encode)
    assert torch.equal(some, first[10:20]) and cache.encoded == 50
    more = cache.embed(namespace, ["new", pool[3]], encode)
    assert cache.encoded == 51 and torch.equal(more[1], first[3])
    assert torch.allclose(more.norm(dim=1), torch.ones(2))


def test_fp16_embeddings_halve_the_cache_and_score_as_fp32_over_the_rounded_vectors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def encode(texts: Sequence[str]) -> torch.Tensor:
        return torch.tensor(np.array([random_vector(t, 32) for t in texts]), dtype=torch.float32)

    pool = [f"entity {i}" for i in range(300)]
    cache = EmbeddingCache()
    full = cache.embed(("fp", "mean", -1, 64, "fp32"), pool, encode)
    half = cache.embed(("fp", "mean", -1, 64, "fp16"), pool, encode)  # its own namespace
    assert (full.dtype, half.dtype) == (torch.float32, torch.float16)
    assert half.element_size() * half.nelement() == full.element_size() * full.nelement() // 2
    assert torch.equal(half, full.half()) and cache.encoded == 600
    queries = cache.embed(("fp", "mean", -1, 64, "fp16"), [f"query {i}" for i in range(7)], encode)
    monkeypatch.setattr("harness.families.retrieval.UPCAST_ROWS", 64)  # five candidate chunks
    want = queries.float() @ half.float().T
    assert torch.equal(_scores(queries, half), want)
    assert ranked(queries, half, 20) == ranked(queries.float(), half.float(), 20)
    assert nearest(queries, half) == nearest(queries.float(), half.float())
    x, y = half[:40], half[40:100]
    assert mine_pairs(x, y) == mine_pairs(x.float(), y.float())


def test_fp16_embeddings_are_in_the_key_only_when_asked(
    tmp_path: Path, make_checkpoint: CheckpointFactory, sample_plan: Callable[..., Any]
) -> None:
    from harness.runner import Runner

    ckpt = make_checkpoint("encoder", out=tmp_path / "ck", seed=4)
    tatoeba = REGISTRY.task_entry("tatoeba")
    half = tatoeba.model.model_copy(
        update={"retrieval": tatoeba.model.retrieval.model_copy(update={"embeddings": "fp16"})}
    )

    def score(registry: Registry) -> Any:
        plan = sample_plan(registry, ckpt, ["tatoeba"], ["de"], [], layer=-1)
        report = Runner(registry, plan).execute()
        assert not report.failures
        return report.results[0]

    plain = score(REGISTRY)
    assert "embeddings" not in plain.provenance.settings
    registry = Registry.load()
    registry.tasks["tatoeba"] = replace(tatoeba, model=half)
    kept = score(registry)
    assert kept.provenance.settings["embeddings"] == "fp16"
    assert "fp16 vectors" in kept.provenance.settings["encoder"]
    assert kept.key != plain.key
    assert "+fp16" in kept.signature and "+fp16" not in plain.signature
    # the same predictions here: the tiny model's neighbours are far apart, fp16 or not
    assert kept.per_example["prediction"] == plain.per_example["prediction"]
