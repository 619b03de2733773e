"""Property tests: invariants of the engine over generated multilingual text."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.data.examples import Example
from harness.noise import measure, noise_example, perturb, perturb_tokens, seeds_for
from harness.noise.text import SCRIPTS, graphemes
from harness.registry import Registry
from harness.schema import NoiseProfile, TaskCard

LANGS = ["en", "de", "ru", "ar", "hi", "th", "zh", "ja", "ko", "my", "vi"]

# letters, and the combining marks that may follow them, per script
ALPHABETS: dict[str, tuple[str, str]] = {
    "Latin": ("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZäöüßđø", "\u0301\u0302\u0323"),
    "Cyrillic": ("абвгдежзийклмнопрстуфхцчшщъыьэюяёАБВГДЕЖЗ", ""),
    "Greek": ("αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔ", ""),
    "Arabic": ("ابتثجحخدذرزسشصضطظعغفقكلمنهوي", "\u064e\u064f\u0650\u0651\u0652"),
    "Hebrew": ("אבגדהוזחטיכלמנסעפצקרשת", ""),
    "Devanagari": ("कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसहअआइओऔ", "ािीुूेैोौं्ँ"),
    "Thai": ("กขคงจฉชซญดตถทธนบปผพฟภมยรลวศสหอฮะาเแโใไ", "ัิีึืุู่้๊๋"),
    "Myanmar": ("ကခဂဃငစဆဇညတထဒဓနပဖဗဘမယရလဝသဟအ", "ာိီုူေဲံ့း်"),
    "Hangul": ("".join(chr(0xAC00 + 37 * k) for k in range(60)), ""),
    "Han": ("我们今天去北京看天安门很好用中国人大学生日本語", ""),
    "Hiragana": ("あいうえおかきくけこさしすせそたちつてとなにぬねの", ""),
    "Katakana": ("アイウエオカキクケコサシスセソタチツテトー", ""),
}
PUNCT = " .,;:!?'\"()-\n\t0123456789"

_SCRIPT_OF_CHAR = regex.compile(
    "|".join(f"(?P<{s}>\\p{{Script={s}}})" for s in (*SCRIPTS, "Common", "Inherited"))
)


def char_script(char: str) -> str:
    m = _SCRIPT_OF_CHAR.match(char)
    return m.lastgroup if m is not None and m.lastgroup is not None else "Unknown"


@st.composite
def syllable(draw: st.DrawFn, script: str | None = None) -> str:
    name = script or draw(st.sampled_from(sorted(ALPHABETS)))
    letters, marks = ALPHABETS[name]
    base = draw(st.sampled_from(letters))
    tail = draw(st.text(alphabet=marks, max_size=2)) if marks else ""
    return base + tail


@st.composite
def word(draw: st.DrawFn) -> str:
    script = draw(st.sampled_from(sorted(ALPHABETS)))
    return "".join(draw(st.lists(syllable(script), min_size=1, max_size=8)))


@st.composite
def multilingual_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(word(), st.text(alphabet=PUNCT, max_size=3)), max_size=12))
    return "".join(parts)


ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped() -> dict[str, NoiseProfile]:
    registry = Registry.load()
    return {name: registry.profile(name) for name in PROFILE_NAMES}


FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.text(), st.sampled_from(LANGS))
def test_clean_is_identity(clean: NoiseProfile, text: str, lang: str) -> None:
    result = perturb(text, clean, lang, seeds_for(clean, "t", lang, "1", "f"))
    assert result.text == text and result.edits == ()
    tokens = tuple(text.split())
    out, edits, _ = perturb_tokens(tokens, clean, lang, seeds_for(clean, "t", lang, "1", "g"))
    assert out == tokens and edits == ()


@FAST
@given(multilingual_text(), st.sampled_from(LANGS))
def test_whitespace_and_untouched_words_are_kept(
    always: NoiseProfile, text: str, lang: str
) -> None:
    result = perturb(text, always, lang, seeds_for(always, "t", lang, "1", "f"))
    assert regex.findall(r"\s+", result.text) == regex.findall(r"\s+", text)
    assert all(e.before != e.after for e in result.edits)
    positions = [e.position for e in result.edits]
    assert positions == sorted(set(positions))  # at most one edit per word
    again = perturb(text, always, lang, seeds_for(always, "t", lang, "1", "f"))
    assert again == result  # deterministic


@FAST
@given(
    st.lists(
        st.one_of(word(), st.text(st.characters(exclude_categories=("Z", "Cc")), min_size=1)),
        max_size=15,
    ),
    st.sampled_from(LANGS),
)
def test_tokens_keep_count_and_stay_single_words(
    always: NoiseProfile, tokens: list[str], lang: str
) -> None:
    out, edits, eligible = perturb_tokens(
        tuple(tokens), always, lang, seeds_for(always, "t", lang, "1", "tokens")
    )
    assert len(out) == len(tokens)
    assert all(t != "" for t in out)
    assert not any(c.isspace() for t in out for c in t)
    assert len(edits) <= eligible <= len(tokens)
    for e in edits:
        assert out[e.position] != tokens[e.position]


@FAST
@given(multilingual_text(), st.sampled_from(LANGS))
def test_output_stays_in_the_input_scripts(
    always: NoiseProfile, char5: NoiseProfile, text: str, lang: str
) -> None:
    allowed = {char_script(c) for c in text} | {"Common", "Inherited"}
    for profile in (always, char5.model_copy(update={"rate": 0.5})):
        out = perturb(text, profile, lang, seeds_for(profile, "t", lang, "1", "f")).text
        assert {char_script(c) for c in out} <= allowed, (text, out)


@FAST
@given(multilingual_text(), st.sampled_from(LANGS))
def test_marks_stay_attached(always: NoiseProfile, text: str, lang: str) -> None:
    out = perturb(text, always, lang, seeds_for(always, "t", lang, "1", "f")).text
    for m in regex.finditer(r"\p{M}", out):
        k = m.start()
        # marks only ever follow letters or marks (the generated input guarantees the same)
        assert k > 0 and regex.match(r"[\p{L}\p{M}]", out[k - 1]), (text, out)
    # a mark may be swapped for a neighbouring key's mark, always one of its base's script
    for g in graphemes(out):
        assert {char_script(m) for m in g[1:]} <= {char_script(g[0]), "Inherited"}, (text, out)


@FAST
@given(multilingual_text(), st.sampled_from(LANGS))
def test_char_unit_only_substitutes(char5: NoiseProfile, text: str, lang: str) -> None:
    profile = char5.model_copy(update={"rate": 0.5})
    result = perturb(text, profile, lang, seeds_for(profile, "t", lang, "1", "f"))
    for e in result.edits:
        assert e.op == "substitution"
        # a key may emit several clusters (lam-alef), never fewer than one
        assert len(graphemes(e.before)) <= len(graphemes(e.after))


PROFILE_NAMES = tuple(
    name for name, entry in Registry.load().profiles.items() if entry.model.unit != "none"
)
"""Every shipped profile that draws (a new profile is covered without editing this file)."""


@FAST
@given(
    st.lists(
        st.one_of(word(), st.text(st.characters(exclude_categories=("Z", "Cc")), min_size=1)),
        max_size=12,
    ),
    st.sampled_from(LANGS),
    st.sampled_from(PROFILE_NAMES),
)
def test_every_profile_keeps_tagging_tokens(
    shipped: dict[str, NoiseProfile], tokens: list[str], lang: str, name: str
) -> None:
    profile = shipped[name].model_copy(update={"rate": 1.0})
    out, edits, _ = perturb_tokens(
        tuple(tokens), profile, lang, seeds_for(profile, "t", lang, "1", "x")
    )
    assert len(out) == len(tokens)
    assert all(t != "" and not any(c.isspace() for c in t) for t in out)
    assert not {e.op for e in edits} & {"split", "merge"}


@FAST
@given(multilingual_text(), st.sampled_from(LANGS), st.sampled_from(PROFILE_NAMES))
def test_every_profile_stays_in_the_input_scripts(
    shipped: dict[str, NoiseProfile], text: str, lang: str, name: str
) -> None:
    profile = shipped[name].model_copy(update={"rate": 1.0})
    out = perturb(text, profile, lang, seeds_for(profile, "t", lang, "1", "f")).text
    allowed = {char_script(c) for c in text} | {"Common", "Inherited"}
    assert {char_script(c) for c in out} <= allowed, (text, out)
    assert perturb(text, profile, lang, seeds_for(profile, "t", lang, "1", "f")).text == out


@FAST
@given(st.text(), st.sampled_from(LANGS), st.sampled_from(PROFILE_NAMES))
def test_any_text_survives_every_profile(
    shipped: dict[str, NoiseProfile], text: str, lang: str, name: str
) -> None:
    profile = shipped[name].model_copy(update={"rate": 1.0})
    result = perturb(text, profile, lang, seeds_for(profile, "t", lang, "1", "f"))
    assert len(result.edits) <= result.eligible_words
    if not result.edits:
        assert result.text == text


HASH_SEED_SCRIPT = """
import json, sys
from harness.noise import perturb, perturb_tokens, seeds_for
from harness.registry import Registry
registry = Registry.load()
texts, langs = json.loads(sys.stdin.read())
out = []
for name in ("typo-40", "char-5", "whitespace", "diacritics", "human-20"):
    p = registry.profile(name)
    for i, (text, lang) in enumerate(zip(texts, langs)):
        r = perturb(text, p, lang, seeds_for(p, "h", lang, str(i), "f"))
        t = perturb_tokens(tuple(text.split()), p, lang, seeds_for(p, "h", lang, str(i), "t"))
        out.append([r.text, list(t[0])])
print(json.dumps(out, ensure_ascii=False))
"""


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(multilingual_text(), min_size=10, max_size=10),
    st.lists(st.sampled_from(LANGS), min_size=10, max_size=10),
    st.integers(0, 2**32 - 1),
)
def test_same_output_in_another_process_with_another_hash_seed(
    shipped: dict[str, NoiseProfile], texts: list[str], langs: list[str], hashseed: int
) -> None:
    env = {**os.environ, "PYTHONHASHSEED": str(hashseed), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", HASH_SEED_SCRIPT],
        input=json.dumps([texts, langs]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    here = []
    for name in ("typo-40", "char-5", "whitespace", "diacritics", "human-20"):
        p = shipped[name]
        for i, (text, lang) in enumerate(zip(texts, langs, strict=True)):
            r = perturb(text, p, lang, seeds_for(p, "h", lang, str(i), "f"))
            t = perturb_tokens(tuple(text.split()), p, lang, seeds_for(p, "h", lang, str(i), "t"))
            here.append([r.text, list(t[0])])
    assert json.loads(proc.stdout) == here


def corpus(seed: int, n_words: int) -> list[str]:
    """Generated text in several scripts: mostly eligible words, some short words and numbers."""
    rng = random.Random(seed)
    scripts = ["Latin", "Cyrillic", "Arabic", "Devanagari", "Hangul", "Greek"]
    words = []
    for _ in range(n_words):
        roll = rng.random()
        if roll < 0.05:
            words.append(str(rng.randrange(1000)))
        elif roll < 0.1:
            words.append(rng.choice("aiou"))
        else:
            letters = ALPHABETS[rng.choice(scripts)][0]
            words.append("".join(rng.choice(letters) for _ in range(rng.randint(2, 9))))
    return words


@settings(max_examples=3, deadline=None, derandomize=True)
@given(st.integers(0, 2**32 - 1))
def test_typo10_realized_word_change_rate(typo10: NoiseProfile, xnli: TaskCard, seed: int) -> None:
    words = corpus(seed, 5000)
    pairs = []
    for i in range(0, len(words), 250):
        example = Example(
            f"{seed}-{i}",
            {
                "premise": " ".join(words[i : i + 125]),
                "hypothesis": " ".join(words[i + 125 : i + 250]),
            },
            "neutral",
        )
        pairs.append((example, noise_example(example, xnli, typo10, "en")))
    figures = measure(pairs, xnli.noise_fields)
    assert figures.eligible_words > 4000
    assert abs(figures.word_change_rate - 0.10) <= 0.015, figures
    assert 0 < figures.cer < figures.word_change_rate
