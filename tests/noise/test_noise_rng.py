# ruff: noqa: RUF001 - multilingual test strings on purpose
"""Sub-seed streams: hash-based, keyed by every component, identical across processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from harness.noise import perturb, perturb_tokens, seeds_for
from harness.noise.rng import FieldSeeds, WordRandom, seed_key
from harness.schema import NoiseProfile

KEY = ("xnli", "en", "ex-1", "premise")


def first_draws(profile: NoiseProfile, *key: str) -> tuple[int, ...]:
    return seeds_for(profile, *key).take(3)


def test_same_key_same_stream(typo10: NoiseProfile) -> None:
    assert first_draws(typo10, *KEY) == first_draws(typo10, *KEY)


def test_pinned_seed(typo10: NoiseProfile) -> None:
    # Pins the key encoding and the hash: changing either changes every noised dataset.
    key = b'["typo-10",3,1,"xnli","en","ex-1","premise"]'
    assert seed_key(typo10, *KEY) == key
    assert seeds_for(typo10, *KEY).key == key
    # printf '%s' KEY | openssl dgst -shake128 -xoflen 16
    # = 2ced66d99939cbdb a3c67b337d19de4d, read as two big-endian 64-bit integers
    assert seeds_for(typo10, *KEY).take(2) == (0x2CED66D99939CBDB, 0xA3C67B337D19DE4D)


def test_a_longer_read_extends_a_shorter_one(typo10: NoiseProfile) -> None:
    seeds = seeds_for(typo10, *KEY)
    assert seeds.take(40)[:7] == seeds.take(7)
    assert seeds.take(0) == seeds.take(-1) == ()
    assert all(0 <= s < 2**64 for s in seeds.take(40))


def test_word_random_one_argument_randrange_matches_randbelow() -> None:
    a, b = WordRandom(7), WordRandom(7)
    for n in (1, 2, 3, 7, 10, 2**40 + 3):
        assert a.randrange(n) == b._randbelow(n)
    assert WordRandom(7).randrange(3, 9, 2) in (3, 5, 7)
    with pytest.raises(ValueError):
        WordRandom(7).randrange(0)


@pytest.mark.parametrize("index", range(4))
def test_every_key_component_matters(typo10: NoiseProfile, index: int) -> None:
    changed = list(KEY)
    changed[index] += "x"
    assert first_draws(typo10, *KEY) != first_draws(typo10, *changed)


@pytest.mark.parametrize(
    "update", [{"name": "typo-11"}, {"stream_version": 4}, {"seed": 2}, {"stream_version": None}]
)
def test_profile_components_matter(typo10: NoiseProfile, update: dict[str, object]) -> None:
    other = typo10.model_copy(update=update)
    assert first_draws(typo10, *KEY) != first_draws(other, *KEY)


def test_the_stream_version_decides_the_stream(typo10: NoiseProfile) -> None:
    # typo-10 v4 fixed Indic and Japanese edits and kept v3's streams
    assert (typo10.version, typo10.stream_version, typo10.stream) == (4, 3, 3)
    later = typo10.model_copy(update={"version": 9})
    assert first_draws(later, *KEY) == first_draws(typo10, *KEY)
    unpinned = typo10.model_copy(update={"stream_version": None})
    assert unpinned.stream == 4
    assert seed_key(unpinned, *KEY).startswith(b'["typo-10",4,')


def test_encoding_is_unambiguous(typo10: NoiseProfile) -> None:
    a = seed_key(typo10, 'x","y', "z", "1", "f")
    b = seed_key(typo10, "x", 'y","z', "1", "f")
    assert a != b
    assert first_draws(typo10, 'x","y', "z", "1", "f") != first_draws(
        typo10, "x", 'y","z', "1", "f"
    )
    assert FieldSeeds(a).take(1) != FieldSeeds(b).take(1)


TEXTS = {
    "en": "The quick brown fox jumps over the lazy dog, doesn't it?",
    "hi": "हिन्दी भारत की राजभाषा है और क्षत्रिय विद्यार्थी पढ़ते हैं।",
    "zh": "我们今天去北京看天安门，iPhone很好用。",
    "ru": "Съешь же ещё этих мягких французских булок, да выпей чаю.",
}

SCRIPT = """
import json, sys
from pathlib import Path
from harness.registry import load_yaml_model
from harness.schema import NoiseProfile
from harness.noise import perturb, perturb_tokens, seeds_for
texts = json.loads(sys.argv[1])
out = []
for name in ("typo-40", "char-5", "human-20"):
    p = load_yaml_model(Path("noise_profiles") / f"{name}.yaml", NoiseProfile)[0]
    for lang, text in sorted(texts.items()):
        for i in range(5):
            r = perturb(text, p, lang, seeds_for(p, "xnli", lang, str(i), "premise"))
            rng = seeds_for(p, "udpos", lang, str(i), "tokens")
            t = perturb_tokens(tuple(text.split()), p, lang, rng)
            out.append([r.text, [list(e.__dict__.values()) for e in r.edits], list(t[0])])
print(json.dumps(out, ensure_ascii=False))
"""


def run_in_process_with_hashseed(root: Path, hashseed: str) -> list[object]:
    env = {**os.environ, "PYTHONHASHSEED": hashseed, "PYTHONPATH": str(root)}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, json.dumps(TEXTS)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    result: list[object] = json.loads(proc.stdout)
    return result


@pytest.fixture(scope="module")
def subprocess_rows(root: Path) -> tuple[list[object], list[object]]:
    return run_in_process_with_hashseed(root, "0"), run_in_process_with_hashseed(root, "4242")


def test_same_output_across_processes_and_hash_seeds(
    subprocess_rows: tuple[list[object], list[object]],
) -> None:
    a, b = subprocess_rows
    assert a == b
    assert any(row[1] for row in a)  # type: ignore[index]  # something was edited


def test_subprocess_matches_this_process(
    subprocess_rows: tuple[list[object], list[object]], typo40: NoiseProfile
) -> None:
    text = TEXTS["en"]
    here = perturb(text, typo40, "en", seeds_for(typo40, "xnli", "en", "0", "premise"))
    toks = perturb_tokens(
        tuple(text.split()), typo40, "en", seeds_for(typo40, "udpos", "en", "0", "tokens")
    )
    # rows are ordered typo-40 first, languages sorted, 5 ids each: en is the first language
    expected = [here.text, [list(e.__dict__.values()) for e in here.edits], list(toks[0])]
    assert subprocess_rows[0][0] == expected
