"""Noise draws (`draws=K`, `--draws K`): K independent draws per noisy profile, draw 0 is the
run as it always was, the mean over draws with a two-level interval, and the worst of K."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pytest

import harness
from harness import runner
from harness.cli import main
from harness.data import load_task_data
from harness.errors import ConfigError
from harness.metrics.bootstrap import PairedBootstrap
from harness.metrics.draws import worst_of
from harness.metrics.registry import metric_def
from harness.noise import noise_example
from harness.noise.rng import draw_seed, for_draw
from harness.registry import Registry
from harness.results import ResultStore
from harness.schema import NoiseProfile, RunResult, Submission

CheckpointFactory = Callable[..., Path]
VOLATILE = ("timings", "created_at")
RUN: dict[str, Any] = {"tasks": "xnli", "langs": ["de", "sw"], "data": "samples", "limit": 40}


@pytest.fixture(scope="module")
def xnli_ckpt(make_checkpoint: CheckpointFactory) -> Path:
    return make_checkpoint("sequence_classification", Registry.load().task("xnli").labels, seed=3)


class _Frozen(datetime):
    """`datetime` whose now() is fixed, so two runs write the same `created_at`."""

    @classmethod
    def now(cls, tz: Any = None) -> _Frozen:
        return cls(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def _stable(record: RunResult) -> dict[str, Any]:
    data = record.model_dump(mode="json")
    for key in VOLATILE:
        data["provenance"].pop(key)
    return data


def _by_cell(records: Any) -> dict[tuple[str, str, str, int], RunResult]:
    return {(r.task, r.language, r.profile, r.draw): r for r in records}


# --------------------------------------------------------------------------- seeds


def test_draw_zero_is_the_profile_and_later_draws_get_their_own_seeds() -> None:
    profile = Registry.load().profile("typo-20")
    assert for_draw(profile, 0) is profile
    seeds = {draw_seed(profile.seed, d) for d in range(50)}
    assert len(seeds) == 50 and draw_seed(profile.seed, 0) == profile.seed
    assert draw_seed(1, 3) == draw_seed(1, 3) != draw_seed(2, 3)
    drawn = for_draw(profile, 2)
    assert drawn.seed == draw_seed(profile.seed, 2)
    assert drawn.model_dump(exclude={"seed"}) == profile.model_dump(exclude={"seed"})
    with pytest.raises(ValueError, match="numbered from 0"):
        draw_seed(1, -1)


def test_k_draws_give_k_different_noisy_texts_of_one_example() -> None:
    registry = Registry.load()
    card, profile = registry.task("xnli"), registry.profile("typo-40")
    ds = load_task_data(card, "de", "samples", samples_dir=registry.samples_dir("xnli"))
    example = max(ds.examples, key=lambda e: len(str(e.fields["premise"])))
    texts = [
        noise_example(example, card, for_draw(profile, d), "de").example.fields["premise"]
        for d in range(4)
    ]
    assert len(set(texts)) == 4, texts
    # draw 0 is exactly the text every earlier run (and `perturb`) gives this example
    today = harness.perturb(
        str(example.fields["premise"]),
        "typo-40",
        "de",
        key=example.id,
        task="xnli",
        field="premise",
    )
    assert texts[0] == today


# --------------------------------------------------------------------------- runs


@pytest.fixture(scope="module")
def runs(
    xnli_ckpt: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[harness.Report, Path]]:
    """One run of today's kind (no draws), one with draws=1 and one with draws=3, each into
    its own store, with `created_at` frozen."""
    root = tmp_path_factory.mktemp("draws")
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runner, "datetime", _Frozen)
        for name, draws in (("today", None), ("one", 1), ("three", 3)):
            store = root / "results" / name
            report = harness.evaluate(
                xnli_ckpt, profiles="typo-20", draws=draws, results=store, **RUN
            )
            assert report.ok
            out[name] = (report, store)
    return out


def test_k_draws_are_separate_records_keyed_and_signed_by_draw(runs: Any) -> None:
    report, store = runs["three"]
    cells = _by_cell(report.results)
    assert sorted(cells) == sorted(
        [("xnli", lang, "clean", 0) for lang in ("de", "sw")]
        + [("xnli", lang, "typo-20", d) for lang in ("de", "sw") for d in range(3)]
    )
    stored = _by_cell(ResultStore(store))
    assert {k: _stable(v) for k, v in stored.items()} == {k: _stable(v) for k, v in cells.items()}
    for lang in ("de", "sw"):
        draws = [cells[("xnli", lang, "typo-20", d)] for d in range(3)]
        assert len({r.key for r in draws}) == 3
        assert "#d" not in draws[0].signature
        assert "|typo-20@" in draws[1].signature and "#d1|" in draws[1].signature
        assert "#d2|" in draws[2].signature
        # different noise: each draw measured its own character error rate
        assert len({r.noise.cer for r in draws}) == 3
    # the JSON record names the draw only from draw 1 on
    for path in sorted(store.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert ("draw" in data) == (data["profile"] != "clean" and "#d" in data["signature"])


def test_clean_records_are_identical_with_any_number_of_draws(runs: Any) -> None:
    today, three = _by_cell(runs["today"][0].results), _by_cell(runs["three"][0].results)
    for lang in ("de", "sw"):
        cell = ("xnli", lang, "clean", 0)
        assert _stable(three[cell]) == _stable(today[cell])


def test_one_draw_is_a_run_as_it_always_was(runs: Any) -> None:
    today, one, three = (runs[k][0] for k in ("today", "one", "three"))
    a, b = _by_cell(today.results), _by_cell(one.results)
    assert {k: _stable(v) for k, v in a.items()} == {k: _stable(v) for k, v in b.items()}
    # draw 0 of a 3-draw run is the same record too: same key, signature, columns and scores
    c = _by_cell(three.results)
    assert {k: _stable(v) for k, v in a.items()} == {k: _stable(c[k]) for k in a}
    # the same scores and intervals, and no worst-of-K column with one draw
    assert today.to_pandas().equals(one.to_pandas())
    assert today.delta_rows() == one.delta_rows()
    assert today.aggregate_rows() == one.aggregate_rows()
    assert "draws" not in today.to_dict()["aggregate"]


def _site(tmp: Path, store: Path, sid: str = "sub") -> dict[str, bytes]:
    subs, results = tmp / "subs", tmp / "results"
    subs.mkdir(parents=True)
    shutil.copytree(store, results / sid)
    manifest = {
        "name": "Sub",
        "method": "other",
        "base_model": "tiny",
        "checkpoints": {"xnli": "ckpt"},
        "profiles": ["typo-20"],
    }
    (subs / f"{sid}.yaml").write_text(json.dumps(manifest), encoding="utf-8")
    out = tmp / "site"
    code = main(
        [
            "leaderboard",
            "build",
            "--submissions",
            str(subs),
            "--results",
            str(results),
            "--out",
            str(out),
        ]
    )
    assert code == 0
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_one_draw_builds_a_byte_identical_leaderboard(runs: Any, tmp_path: Path) -> None:
    # draw 0 of the 3-draw run alone is today's store: the same site, byte for byte
    only_draw_0 = tmp_path / "draw0"
    shutil.copytree(runs["three"][1], only_draw_0)
    for path in list(only_draw_0.rglob("*.json")):
        if "draw" in json.loads(path.read_text(encoding="utf-8")):
            path.unlink()
            path.with_suffix(".parquet").unlink()
    today = _site(tmp_path / "a", runs["today"][1])
    assert _site(tmp_path / "b", runs["one"][1]) == today
    assert _site(tmp_path / "c", only_draw_0) == today
    # with three draws the site differs, and shows them on the task page
    three = _site(tmp_path / "d", runs["three"][1])
    assert three != today
    page = three["tasks/xnli.html"].decode()
    assert "worst of K" in page and "worst of K" not in today["tasks/xnli.html"].decode()


def test_the_report_shows_the_mean_over_draws_and_the_worst_of_k(runs: Any) -> None:
    report = runs["three"][0]
    cells = _by_cell(report.results)
    frame = report.to_pandas().set_index(["task", "language", "profile"])
    assert len(frame) == 4
    registry = Registry.load()
    metric = metric_def(registry.task("xnli").metric.name)
    for lang in ("de", "sw"):
        draws = [cells[("xnli", lang, "typo-20", d)] for d in range(3)]
        row = frame.loc[("xnli", lang, "typo-20")]
        assert row["draws"] == 3
        assert row["noisy"] == pytest.approx(np.mean([r.main for r in draws]))
        correct = np.array([r.per_example["correct"] for r in draws])
        assert row["worst"] == pytest.approx(100 * correct.min(axis=0).mean())
        assert row["worst"] <= min(r.main for r in draws)
        worst = worst_of(draws, metric, "accuracy")
        assert worst is not None and worst.main == pytest.approx(row["worst"])
    headers, rows = report.delta_rows()
    assert headers[-1] == "worst of 3 typo-20"
    headers, rows = report.aggregate_rows()
    assert headers == ["aggregate", "clean", "typo-20", "worst of 3 typo-20"]
    assert rows[-1][0].startswith("overall") and rows[-1][3] <= rows[-1][2]
    data = report.to_dict()
    assert data["aggregate"]["draws"] == {"clean": 1, "typo-20": 3}
    overall = data["aggregate"]["overall"]["typo-20"]
    assert overall == pytest.approx(frame.xs("typo-20", level="profile")["noisy"].mean())
    assert data["aggregate"]["worst_of_k"]["overall"]["typo-20"] <= overall
    assert {(c["language"], c["draws"]) for c in data["draws"]} == {("de", 3), ("sw", 3)}
    assert sorted(r.get("draw", 0) for r in data["results"]) == [0, 0, 0, 0, 1, 1, 2, 2]


def test_a_draw_reuses_the_clean_prediction_of_every_unchanged_example(
    xnli_ckpt: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from harness.families.base import LabelPredictor

    seen: list[int] = []
    predict = LabelPredictor.predict

    def counting(self: Any, loaded: Any, card: Any, items: Any, batch: Any) -> Any:
        seen.append(len(items))
        return predict(self, loaded, card, items, batch)

    monkeypatch.setattr(LabelPredictor, "predict", counting)
    report = harness.evaluate(xnli_ckpt, profiles="typo-20", draws=3, **{**RUN, "langs": "de"})
    noisy = sorted((r for r in report.results if r.profile != "clean"), key=lambda r: r.draw)
    clean = next(r for r in report.results if r.profile == "clean")
    changed = [sum(r.per_example["changed"]) for r in noisy]
    assert seen == [clean.n, *changed] and min(changed) < clean.n


# --------------------------------------------------------------------------- the interval


def _rng(seed: int, stratum: str, n: int) -> np.random.Generator:
    digest = hashlib.sha256(f"{seed}\x1f{stratum}\x1f{n}".encode()).digest()
    return np.random.Generator(np.random.PCG64(int.from_bytes(digest[:16], "big")))


def test_the_two_level_interval_matches_a_direct_numpy_computation() -> None:
    """A small known case: clean and three draws of accuracy on 12 examples, bootstrapped by
    hand (draws resampled, then examples paired with clean, seeded as documented)."""
    clean = np.array([1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 0, 1])
    draws = np.array(
        [
            [1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1],
            [1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 0, 0],
            [0, 1, 1, 0, 1, 1, 0, 0, 1, 1, 0, 1],
        ]
    )
    ids = [f"e{i:02d}" for i in range(12)]  # sorted like the pairing keys

    def record(correct: Any, draw: int, key: str) -> RunResult:
        base = json.loads(
            (Path(__file__).parent / "fixtures" / "result-v1.json").read_text(encoding="utf-8")
        )
        base.pop("schema_version", None)
        n = len(correct)
        base.update(
            key=key,
            n=n,
            draw=draw,
            per_example={"id": ids, "correct": [int(c) for c in correct]},
            scores={"accuracy": 100.0 * float(np.mean(correct))},
            main=100.0 * float(np.mean(correct)),
        )
        return RunResult.model_validate(base)

    records = [record(clean, 0, "c")] + [record(d, i, f"n{i}") for i, d in enumerate(draws)]
    boot = PairedBootstrap(replicates=400, seed=7)
    metric = metric_def("accuracy")
    c_arm, *arms = boot.arms(records, metric, "accuracy", "t.x")
    delta = (boot.draw_mean(arms, "t.x|p") - c_arm).estimate(0.95)

    # by hand: the same example indices for every replicate, then K draws picked per replicate
    idx = _rng(7, "t.x", 12).integers(0, 12, size=(400, 12))
    picks = _rng(7, "t.x|p\x1fdraws", 3).integers(0, 3, size=(400, 3))
    reps = np.array(
        [100 * (draws[picks[b]][:, idx[b]].mean() - clean[idx[b]].mean()) for b in range(400)]
    )
    low, high = np.quantile(reps, [0.025, 0.975])
    assert delta.value == pytest.approx(100 * (draws.mean() - clean.mean()))
    assert (delta.low, delta.high) == pytest.approx((low, high))
    # one draw: exactly the one-level interval
    assert boot.draw_mean(arms[:1], "t.x|p") is arms[0]


def test_worst_of_k_per_metric() -> None:
    """Each metric's per-example statistic picks the worst draw per example."""
    span = metric_def("span_f1")
    assert span.example_score is not None
    cols = {
        "n_correct_chunks": [1, 0],
        "n_pred_chunks": [2, 0],
        "n_gold_chunks": [2, 0],
        "n_correct_tokens": [3, 4],
        "n_tokens": [4, 4],
    }
    assert span.example_score(cols) == [0.5, 1.0]
    qa = metric_def("squad")
    assert qa.example_score is not None
    assert qa.example_score({"em": [1, 0], "f1": [1.0, 0.5]}) == [1.0, 0.25]
    assert metric_def("mrr").example_score is not None
    assert metric_def("bucc_f1").example_score is None


# --------------------------------------------------------------------------- options


def test_draws_in_manifests_and_profiles_are_validated() -> None:
    base = {"name": "x", "method": "other", "base_model": "m", "checkpoints": {"xnli": "c"}}
    assert Submission.model_validate({**base, "draws": 5}).draws == 5
    assert Submission.model_validate(base).draws is None
    for bad in (0, -1, 101, "many", 2.5):
        with pytest.raises(ValueError, match="draws"):
            Submission.model_validate({**base, "draws": bad})
    profile = Registry.load().profile("typo-10").model_dump()
    assert NoiseProfile.model_validate({**profile, "draws": 3}).draws == 3
    with pytest.raises(ValueError, match="draws"):
        NoiseProfile.model_validate({**profile, "draws": 0})
    clean = Registry.load().profile("clean").model_dump()
    with pytest.raises(ValueError, match="no draws"):
        NoiseProfile.model_validate({**clean, "draws": 2})


def test_a_profile_default_and_an_explicit_draws(xnli_ckpt: Path, tmp_path: Path) -> None:
    folder = tmp_path / "include" / "noise_profiles"
    folder.mkdir(parents=True)
    text = (Path(harness.__file__).parent.parent / "noise_profiles" / "typo-20.yaml").read_text(
        encoding="utf-8"
    )
    folder.joinpath("typo-20x.yaml").write_text(
        text.replace("name: typo-20", "name: typo-20x") + "draws: 2\n", encoding="utf-8"
    )
    registry = Registry.load(include=[tmp_path / "include"])
    kwargs = {**RUN, "langs": "de", "profiles": "typo-20x", "registry": registry}
    by_default = harness.evaluate(xnli_ckpt, **kwargs)
    assert sorted(r.draw for r in by_default.results if r.profile != "clean") == [0, 1]
    explicit = harness.evaluate(xnli_ckpt, draws=1, **kwargs)
    assert [r.draw for r in explicit.results] == [0, 0]
    with pytest.raises(ConfigError, match="draws"):
        harness.evaluate(xnli_ckpt, draws=0, **kwargs)


@pytest.mark.parametrize("value", ["0", "-2", "101", "two"])
def test_cli_draws_out_of_range_is_an_argument_error(
    value: str, xnli_ckpt: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in (
        ["run", "--model", str(xnli_ckpt), "--tasks", "xnli", "--data", "samples"],
        ["score", "submissions/does-not-matter.yaml"],
    ):
        with pytest.raises(SystemExit) as exc:
            main([*command, "--draws", value])
        assert exc.value.code == 2
        assert "--draws" in capsys.readouterr().err


def test_score_takes_draws_from_the_manifest_unless_told(
    xnli_ckpt: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from harness.scoring import ScoreOptions, score_submission
    from harness.submissions import load_submissions

    subs = tmp_path / "subs"
    shutil.copytree(xnli_ckpt, subs / "ckpt")
    manifest = {
        "name": "Sub",
        "method": "other",
        "base_model": "tiny",
        "checkpoints": {"xnli": "ckpt"},
        "profiles": ["typo-20"],
        "draws": 2,
    }
    path = subs / "sub.yaml"
    path.write_text(json.dumps(manifest), encoding="utf-8")
    registry = Registry.load()
    (sub,) = load_submissions([path], registry)
    base = {"data": "samples", "limit": 10, "device": "cpu"}

    def draws(**options: Any) -> list[int]:
        outcome = score_submission(
            registry, sub, ScoreOptions(results_root=tmp_path / "r", **base, **options)
        )
        assert outcome.report.ok
        return sorted(r.draw for r in outcome.report.results if r.profile != "clean")

    two = draws()  # the manifest's draws: 2
    assert set(two) == {0, 1} and two.count(0) == two.count(1)
    one = draws(draws=1)  # --draws overrides the manifest
    assert set(one) == {0} and len(one) == two.count(0)
    assert main(["score", str(path), "--dry-run", "--draws", "3"]) == 0
    assert "draws: 3 per noisy profile" in capsys.readouterr().out


def test_sample_logs_hold_each_draws_own_noise(xnli_ckpt: Path, tmp_path: Path) -> None:
    kwargs: dict[str, Any] = {**RUN, "langs": "de", "profiles": "typo-40", "draws": 2}
    fresh = harness.evaluate(xnli_ckpt, log_samples=True, results=tmp_path / "a", **kwargs)
    # a second store scored without logs, then logged from the store (noised again)
    harness.evaluate(xnli_ckpt, results=tmp_path / "b", **kwargs)
    served = harness.evaluate(xnli_ckpt, log_samples=True, results=tmp_path / "b", **kwargs)
    assert served.served_from_store == len(served.results) == 3

    def logs(report: Any, root: Path) -> dict[str, str]:
        return {
            str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in report.sample_files
        }

    a, b = logs(fresh, tmp_path / "a"), logs(served, tmp_path / "b")
    assert a == b and len(a) == 3
    noisy = [text for name, text in sorted(a.items()) if ".typo-40." in name]
    assert len(noisy) == 2 and noisy[0] != noisy[1]  # each draw logs its own noisy input
