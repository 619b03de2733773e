# ruff: noqa: RUF001 - multilingual test strings on purpose
"""Golden outputs: exact noised text and edits for fixed inputs, profiles and seeds.

A failure here means the noise a profile produces has changed: bump the profile's version (or
revert), then re-pin. The inputs cover Latin (en; de with umlauts; vi with stacked diacritics,
decomposed), Cyrillic, Arabic with harakat, Devanagari with vowel signs and conjuncts, Thai,
Han (pseudo-words) and Hangul.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex

from harness.noise import perturb, rng_for
from harness.noise.text import graphemes
from harness.registry import load_yaml_model
from harness.schema import NoiseProfile

ROOT = Path(__file__).resolve().parents[2]

TEXTS = {
    "en": "The quick brown fox jumps over the lazy dog, doesn't it? See www.x.org or @fox.",
    "de": "Die Größe der Brücke über den Fluss überrascht Jürgen und Bärbel.",
    "vi": unicodedata.normalize("NFD", "Tiếng Việt có rất nhiều dấu thanh phức tạp như ệ và ữ."),
    "ru": "Съешь же ещё этих мягких французских булок, да выпей чаю.",
    "ar": "اللغة العربية جميلة جداً وَتُكْتَبُ من اليمين إلى اليسار.",
    "hi": "हिन्दी भारत की राजभाषा है और क्षत्रिय विद्यार्थी पढ़ते हैं।",
    "th": "ภาษาไทยเป็นภาษาที่สวยงามมาก กำลังเรียนอยู่",
    "zh": "我们今天去北京看天安门，iPhone很好用。",
    "ko": "한국어는 아름다운 언어입니다. 서울에 갑니다.",
}


def profile(name: str) -> NoiseProfile:
    if name == "always":
        base = load_yaml_model(ROOT / "noise_profiles" / "typo-10.yaml", NoiseProfile)[0]
        return base.model_copy(update={"name": "always", "rate": 1.0})
    return load_yaml_model(ROOT / "noise_profiles" / f"{name}.yaml", NoiseProfile)[0]


GOLDEN: list[tuple[str, str, int, str, list[tuple[str, int, str, str]]]] = [
    (
        "typo-40",
        "en",
        13,
        "The quick brown fox jumpa over the lazy dog, doresn't it? eSe www.x.org or @fox.",
        [
            ("substitution", 4, "jumps", "jumpa"),
            ("insertion", 9, "doesn't", "doresn't"),
            ("transposition", 11, "See", "eSe"),
        ],
    ),
    (
        "typo-40",
        "de",
        11,
        "Di Größe dr Brücme über rden Fluss überrascht Jürtgen und Bärbel.",
        [
            ("deletion", 0, "Die", "Di"),
            ("deletion", 2, "der", "dr"),
            ("substitution", 3, "Brücke", "Brücme"),
            ("insertion", 5, "den", "rden"),
            ("insertion", 8, "Jürgen", "Jürtgen"),
        ],
    ),
    (
        "typo-40",
        "vi",
        11,
        "Tếing Việt có rwất nhiều dấh tyhanh puức ạtp như ệ và ữ.",
        [
            ("transposition", 0, "Tiếng", "Tếing"),
            ("insertion", 3, "rất", "rwất"),
            ("substitution", 5, "dấu", "dấh"),
            ("insertion", 6, "thanh", "tyhanh"),
            ("substitution", 7, "phức", "puức"),
            ("transposition", 8, "tạp", "ạtp"),
        ],
    ),
    (
        "typo-40",
        "ru",
        10,
        "Съешь жде ещё этхи мягвких французских булок, да выпей ачю.",
        [
            ("insertion", 1, "же", "жде"),
            ("transposition", 3, "этих", "этхи"),
            ("insertion", 4, "мягких", "мягвких"),
            ("transposition", 9, "чаю", "ачю"),
        ],
    ),
    (
        "typo-40",
        "ar",
        9,
        "اللغة العربية جميلة داً وَتُكْتَبُ لن اليومين إلى الياسر.",
        [
            ("deletion", 3, "جداً", "داً"),
            ("substitution", 5, "من", "لن"),
            ("insertion", 6, "اليمين", "اليومين"),
            ("transposition", 8, "اليسار", "الياسر"),
        ],
    ),
    (
        "typo-40",
        "hi",
        7,
        "हिन्दी भारत की जराभाषा है और क्षत्रिय विद्यार्थी पढ़ते हैं।",
        [
            ("transposition", 3, "राजभाषा", "जराभाषा"),
        ],
    ),
    (
        "typo-40",
        "th",
        8,
        "ภาษาไทยเป็นภาษาที่สวยางมมาก กำลังเมียนอยู่",
        [
            ("transposition", 4, "วยงา", "วยาง"),
            ("substitution", 7, "รียนอยู่", "มียนอยู่"),
        ],
    ),
    (
        "typo-40",
        "zh",
        7,
        "我们今太去北京看天安闦门，iPhone很好。",
        [
            ("substitution", 1, "今天", "今太"),
            ("insertion", 4, "天安门", "天安闦门"),
            ("deletion", 6, "很好用", "很好"),
        ],
    ),
    (
        "typo-40",
        "ko",
        5,
        "한국어는 아름운 언어입니다. 서욹울에 갑니닡.",
        [
            ("deletion", 1, "아름다운", "아름운"),
            ("insertion", 3, "서울에", "서욹울에"),
            ("substitution", 4, "갑니다", "갑니닡"),
        ],
    ),
    (
        "char-5",
        "en",
        13,
        "Tge quick brown fox jumps over the lazh rog, doewn't it? See www.x.org or @fox.",
        [
            ("substitution", 0, "The", "Tge"),
            ("substitution", 7, "lazy", "lazh"),
            ("substitution", 8, "dog", "rog"),
            ("substitution", 9, "doesn't", "doewn't"),
        ],
    ),
    (
        "char-5",
        "de",
        11,
        "Die Gdöße der Brücke über den Fluss überrascht Jürgen und Bärbel.",
        [
            ("substitution", 1, "Größe", "Gdöße"),
        ],
    ),
    (
        "char-5",
        "vi",
        11,
        "Tiếng Việr có rất nhiều dấu thanh phức tạp như ệ và ữ.",
        [
            ("substitution", 1, "Việt", "Việr"),
        ],
    ),
    (
        "char-5",
        "ru",
        10,
        "Съешь же ещё этих мяакич французских булок, да выпей чаю.",
        [
            ("substitution", 4, "мягких", "мяакич"),
        ],
    ),
    (
        "char-5",
        "ar",
        9,
        "اللغة اكعخبيج جميلث جداً وَتُكْتَبُ من اليمين إلو اكيسار.",
        [
            ("substitution", 1, "العربية", "اكعخبيج"),
            ("substitution", 2, "جميلة", "جميلث"),
            ("substitution", 7, "إلى", "إلو"),
            ("substitution", 8, "اليسار", "اكيسار"),
        ],
    ),
    (
        "char-5",
        "hi",
        7,
        "हिन्दी भारत की राजभाषा है और क्षत्रिल विद्यार्थी पढ़ते हैं।",
        [
            ("substitution", 6, "क्षत्रिय", "क्षत्रिल"),
        ],
    ),
    (
        "char-5",
        "th",
        8,
        "ภาษาไถยเป็นภาษาธี่สวยงามมะก กำลังเรียนสยู่",
        [
            ("substitution", 1, "ไทยเ", "ไถยเ"),
            ("substitution", 3, "ษาที่ส", "ษาธี่ส"),
            ("substitution", 5, "มมาก", "มมะก"),
            ("substitution", 7, "รียนอยู่", "รียนสยู่"),
        ],
    ),
    (
        "char-5",
        "zh",
        7,
        "我们今天去北京看天宊门，iPhpne很好用。",
        [
            ("substitution", 4, "天安门", "天宊门"),
            ("substitution", 5, "iPhone", "iPhpne"),
        ],
    ),
    (
        "char-5",
        "ko",
        5,
        "한국어는 아름다운 언어입니다. 서울에 갑니닢.",
        [
            ("substitution", 4, "갑니다", "갑니닢"),
        ],
    ),
    (
        "always",
        "en",
        13,
        "Thr uqick borwn fxo jums oevr te lzay dgo, doesmn't ti? Sdee www.x.org ofr @fox.",
        [
            ("substitution", 0, "The", "Thr"),
            ("transposition", 1, "quick", "uqick"),
            ("transposition", 2, "brown", "borwn"),
            ("transposition", 3, "fox", "fxo"),
            ("deletion", 4, "jumps", "jums"),
            ("transposition", 5, "over", "oevr"),
            ("deletion", 6, "the", "te"),
            ("transposition", 7, "lazy", "lzay"),
            ("transposition", 8, "dog", "dgo"),
            ("insertion", 9, "doesn't", "doesmn't"),
            ("transposition", 10, "it", "ti"),
            ("insertion", 11, "See", "Sdee"),
            ("insertion", 13, "or", "ofr"),
        ],
    ),
    (
        "always",
        "de",
        11,
        "Dise Gröe de Brüke übedr dne Fulss überracsht Hürgen un Bäbrel.",
        [
            ("insertion", 0, "Die", "Dise"),
            ("deletion", 1, "Größe", "Gröe"),
            ("deletion", 2, "der", "de"),
            ("deletion", 3, "Brücke", "Brüke"),
            ("insertion", 4, "über", "übedr"),
            ("transposition", 5, "den", "dne"),
            ("transposition", 6, "Fluss", "Fulss"),
            ("transposition", 7, "überrascht", "überracsht"),
            ("substitution", 8, "Jürgen", "Hürgen"),
            ("deletion", 9, "und", "un"),
            ("transposition", 10, "Bärbel", "Bäbrel"),
        ],
    ),
    (
        "always",
        "vi",
        11,
        "Tiếhg iệt óc rấ nhkều dấ htanh phứv ạtp nhhư ệ vw ữ.",
        [
            ("substitution", 0, "Tiếng", "Tiếhg"),
            ("deletion", 1, "Việt", "iệt"),
            ("transposition", 2, "có", "óc"),
            ("deletion", 3, "rất", "rấ"),
            ("substitution", 4, "nhiều", "nhkều"),
            ("deletion", 5, "dấu", "dấ"),
            ("transposition", 6, "thanh", "htanh"),
            ("substitution", 7, "phức", "phứv"),
            ("transposition", 8, "tạp", "ạtp"),
            ("insertion", 9, "như", "nhhư"),
            ("substitution", 11, "và", "vw"),
        ],
    ),
    (
        "always",
        "ru",
        10,
        "Съедшь жг ечщё этзх мягбких французсих блок, жа дыпей чавю.",
        [
            ("insertion", 0, "Съешь", "Съедшь"),
            ("substitution", 1, "же", "жг"),
            ("insertion", 2, "ещё", "ечщё"),
            ("substitution", 3, "этих", "этзх"),
            ("insertion", 4, "мягких", "мягбких"),
            ("deletion", 5, "французских", "французсих"),
            ("deletion", 6, "булок", "блок"),
            ("substitution", 7, "да", "жа"),
            ("substitution", 8, "выпей", "дыпей"),
            ("insertion", 9, "чаю", "чавю"),
        ],
    ),
    (
        "always",
        "ar",
        9,
        "القغة العربةي جمية جاً نوَتُكْتَبُ نم اليميون إلو ايلسار.",
        [
            ("substitution", 0, "اللغة", "القغة"),
            ("transposition", 1, "العربية", "العربةي"),
            ("deletion", 2, "جميلة", "جمية"),
            ("deletion", 3, "جداً", "جاً"),
            ("insertion", 4, "وَتُكْتَبُ", "نوَتُكْتَبُ"),
            ("transposition", 5, "من", "نم"),
            ("insertion", 6, "اليمين", "اليميون"),
            ("substitution", 7, "إلى", "إلو"),
            ("transposition", 8, "اليسار", "ايلسار"),
        ],
    ),
    (
        "always",
        "hi",
        7,
        "हिथ्दी भातर की राभजभाषा है औळर क्षत्रिऱ शिद्यार्थी ऩढ़ते हैं।",
        [
            ("substitution", 0, "हिन्दी", "हिथ्दी"),
            ("transposition", 1, "भारत", "भातर"),
            ("insertion", 3, "राजभाषा", "राभजभाषा"),
            ("insertion", 5, "और", "औळर"),
            ("substitution", 6, "क्षत्रिय", "क्षत्रिऱ"),
            ("substitution", 7, "विद्यार्थी", "शिद्यार्थी"),
            ("substitution", 8, "पढ़ते", "ऩढ़ते"),
        ],
    ),
    (
        "always",
        "th",
        8,
        "ภาษไทเยนป็ภาาษที่สวงามมก กำงลัเลียนอยู่",
        [
            ("deletion", 0, "ภาษา", "ภาษ"),
            ("transposition", 1, "ไทยเ", "ไทเย"),
            ("transposition", 2, "ป็นภา", "นป็ภา"),
            ("transposition", 3, "ษาที่ส", "าษที่ส"),
            ("deletion", 4, "วยงา", "วงา"),
            ("deletion", 5, "มมาก", "มมก"),
            ("transposition", 6, "กำลังเ", "กำงลัเ"),
            ("substitution", 7, "รียนอยู่", "ลียนอยู่"),
        ],
    ),
    (
        "always",
        "zh",
        7,
        "们我天去厹北京安天门，iPjone很用。",
        [
            ("transposition", 0, "我们", "们我"),
            ("deletion", 1, "今天", "天"),
            ("insertion", 2, "去北", "去厹北"),
            ("deletion", 3, "京看", "京"),
            ("transposition", 4, "天安门", "安天门"),
            ("substitution", 5, "iPhone", "iPjone"),
            ("deletion", 6, "很好用", "很用"),
        ],
    ),
    (
        "always",
        "ko",
        5,
        "국한어는 아앆름다운 어언입니다. 서울엓 갓갑니다.",
        [
            ("transposition", 0, "한국어는", "국한어는"),
            ("insertion", 1, "아름다운", "아앆름다운"),
            ("transposition", 2, "언어입니다", "어언입니다"),
            ("substitution", 3, "서울에", "서울엓"),
            ("insertion", 4, "갑니다", "갓갑니다"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "lang", "eligible", "expected", "edits"),
    GOLDEN,
    ids=[f"{g[0]}-{g[1]}" for g in GOLDEN],
)
def test_golden(
    name: str, lang: str, eligible: int, expected: str, edits: list[tuple[str, int, str, str]]
) -> None:
    p = profile(name)
    result = perturb(TEXTS[lang], p, lang, rng_for(p, "golden", lang, "g1", "text"))
    # exact code points: the vi input and its pinned outputs are decomposed (NFD)
    assert result.text == expected
    assert [(e.op, e.position, e.before, e.after) for e in result.edits] == edits
    assert result.eligible_words == eligible


def _tails(text: str) -> set[str]:
    """The combining-mark tails (everything after the base) of every cluster in text."""
    return {g[1:] for g in graphemes(text)}


@pytest.mark.parametrize("lang", ["hi", "th", "ar", "vi", "ko"])
@pytest.mark.parametrize("name", ["typo-40", "char-5", "always"])
def test_marks_are_never_separated_or_orphaned(name: str, lang: str) -> None:
    p = profile(name)
    text = TEXTS[lang]
    for i in range(100):
        out = perturb(text, p, lang, rng_for(p, "golden", lang, str(i), "text")).text
        # no mark ever starts a word or follows anything but a letter or another mark
        for m in regex.finditer(r"\p{M}", out):
            k = m.start()
            assert k > 0 and regex.match(r"[\p{L}\p{M}]", out[k - 1]), (out, k)
        # every cluster carries a tail the input already had: marks travel as a whole
        assert _tails(out) <= _tails(text) | {""}, out
