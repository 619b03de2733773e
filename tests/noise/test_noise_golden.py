# ruff: noqa: RUF001 - multilingual test strings on purpose
"""Golden outputs: exact noised text and edits for fixed inputs, profiles and seeds.

A failure here means the noise a profile produces has changed: bump the profile's version (or
revert), then re-pin. The inputs cover Latin (en; de with umlauts; vi with stacked diacritics,
decomposed), Cyrillic, Arabic with harakat, Devanagari with vowel signs and conjuncts, Thai,
Han (pseudo-words) and Hangul; test_noise_languages.py pins a sentence in each of the 50
XTREME-R languages.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import regex

from harness.noise import perturb, rng_for
from harness.noise.text import graphemes, script_of, unicode_script
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
        "he qiuck bfown fxo jmups over the laz dog, doesan't it? See www.x.org kr @fox.",
        [
            ("deletion", 0, "The", "he"),
            ("transposition", 1, "quick", "qiuck"),
            ("substitution", 2, "brown", "bfown"),
            ("transposition", 3, "fox", "fxo"),
            ("transposition", 4, "jumps", "jmups"),
            ("deletion", 7, "lazy", "laz"),
            ("insertion", 9, "doesn't", "doesan't"),
            ("substitution", 13, "or", "kr"),
        ],
    ),
    (
        "typo-40",
        "de",
        11,
        "Dies Größe dre Brücke übher den Flsus überrasct Jürgen und Börbel.",
        [
            ("insertion", 0, "Die", "Dies"),
            ("transposition", 2, "der", "dre"),
            ("insertion", 4, "über", "übher"),
            ("transposition", 6, "Fluss", "Flsus"),
            ("deletion", 7, "überrascht", "überrasct"),
            ("substitution", 10, "Bärbel", "Börbel"),
        ],
    ),
    (
        "typo-40",
        "vi",
        11,
        "Tiếng Việt có rất nhiều dấu thanh phức tạp nbư ệ àv ữ.",
        [
            ("substitution", 9, "như", "nbư"),
            ("transposition", 11, "và", "àv"),
        ],
    ),
    (
        "typo-40",
        "ru",
        10,
        "АСъешь же ещё хтих мягкхи французских булок, да выпей чаю.",
        [
            ("insertion", 0, "Съешь", "АСъешь"),
            ("substitution", 3, "этих", "хтих"),
            ("transposition", 4, "мягких", "мягкхи"),
        ],
    ),
    (
        "typo-40",
        "ar",
        9,
        "البلغة اعربية جملة داً وَتُكْتَبُ زن اليمين إلى اليسار.",
        [
            ("insertion", 0, "اللغة", "البلغة"),
            ("deletion", 1, "العربية", "اعربية"),
            ("deletion", 2, "جميلة", "جملة"),
            ("deletion", 3, "جداً", "داً"),
            ("substitution", 5, "من", "زن"),
        ],
    ),
    (
        "typo-40",
        "hi",
        7,
        "हि भेरत की जभाषा है र भत्रिय विद्यार्थी पढ़ते हैं।",
        [
            ("deletion", 0, "हिन्दी", "हि"),
            ("substitution", 1, "भारत", "भेरत"),
            ("deletion", 3, "राजभाषा", "जभाषा"),
            ("deletion", 5, "और", "र"),
            ("substitution", 6, "क्षत्रिय", "भत्रिय"),
        ],
    ),
    (
        "typo-40",
        "th",
        8,
        "ภาษาไทวเป็นภาษาที่สวยงามมาก กำลังเรียนยู่อ",
        [
            ("substitution", 1, "ไทยเ", "ไทวเ"),
            ("transposition", 7, "รียนอยู่", "รียนยู่อ"),
        ],
    ),
    (
        "typo-40",
        "zh",
        7,
        "我们您今天去被京看天安门，iPhone很好豪用。",
        [
            ("insertion", 1, "今天", "您今天"),
            ("substitution", 2, "去北", "去被"),
            ("insertion", 6, "很好用", "很好豪用"),
        ],
    ),
    (
        "typo-40",
        "ko",
        5,
        "한국어넌 아름다운 언엉비니다. 서에울 갑니다댸.",
        [
            ("substitution", 0, "한국어는", "한국어넌"),
            ("transposition", 2, "언어입니다", "언엉비니다"),
            ("transposition", 3, "서울에", "서에울"),
            ("insertion", 4, "갑니다", "갑니다댸"),
        ],
    ),
    (
        "char-5",
        "en",
        13,
        "The quick brpwn fox jumps over ths lazy doh, doesn't it? See www.x.org or @fox.",
        [
            ("substitution", 2, "brown", "brpwn"),
            ("substitution", 6, "the", "ths"),
            ("substitution", 8, "dog", "doh"),
        ],
    ),
    (
        "char-5",
        "de",
        11,
        "Die Größe der Brücie über den Fluss überrascht Jürgen und Bärbel.",
        [
            ("substitution", 3, "Brücke", "Brücie"),
        ],
    ),
    (
        "char-5",
        "vi",
        11,
        "Tiếng Việt xó rất nuiều dấu thang phức tạp như ệ và ữ.",
        [
            ("substitution", 2, "có", "xó"),
            ("substitution", 4, "nhiều", "nuiều"),
            ("substitution", 6, "thanh", "thang"),
        ],
    ),
    (
        "char-5",
        "ru",
        10,
        "Съешь же ещё этих мягких французскрх булок, да выпей чаю.",
        [
            ("substitution", 5, "французских", "французскрх"),
        ],
    ),
    (
        "char-5",
        "ar",
        9,
        "اللغة العربية جميلة جداً وَتُكْتَبُ من اليمين إلى اليسار.",
        [],
    ),
    (
        "char-5",
        "hi",
        7,
        "हिन्दी भारत की राजभाषा है ऐर क्षत्रिय विद्यार्थी पढ़ते हैं।",
        [
            ("substitution", 5, "और", "ऐर"),
        ],
    ),
    (
        "char-5",
        "th",
        8,
        "ภาษาไทยเป็นภาษาที่สวยงามมาก กำลังเรียนอยู่",
        [],
    ),
    (
        "char-5",
        "zh",
        7,
        "我们今添去北京看天安门，iPhohe很好用。",
        [
            ("substitution", 1, "今天", "今添"),
            ("substitution", 5, "iPhone", "iPhohe"),
        ],
    ),
    (
        "char-5",
        "ko",
        5,
        "한국어는 아름다운 언어입니다. 서울에 갑니다.",
        [],
    ),
    (
        "always",
        "en",
        13,
        "hTe quik broqwn foix numps ver tye laz eog, desn't ig? Se www.x.org okr @fox.",
        [
            ("transposition", 0, "The", "hTe"),
            ("deletion", 1, "quick", "quik"),
            ("insertion", 2, "brown", "broqwn"),
            ("insertion", 3, "fox", "foix"),
            ("substitution", 4, "jumps", "numps"),
            ("deletion", 5, "over", "ver"),
            ("substitution", 6, "the", "tye"),
            ("deletion", 7, "lazy", "laz"),
            ("substitution", 8, "dog", "eog"),
            ("deletion", 9, "doesn't", "desn't"),
            ("substitution", 10, "it", "ig"),
            ("deletion", 11, "See", "Se"),
            ("insertion", 13, "or", "okr"),
        ],
    ),
    (
        "always",
        "de",
        11,
        "ie Görße edr Brtücke übser dwn Rluss überryscht Jürben udn Büärbel.",
        [
            ("deletion", 0, "Die", "ie"),
            ("transposition", 1, "Größe", "Görße"),
            ("transposition", 2, "der", "edr"),
            ("insertion", 3, "Brücke", "Brtücke"),
            ("insertion", 4, "über", "übser"),
            ("substitution", 5, "den", "dwn"),
            ("substitution", 6, "Fluss", "Rluss"),
            ("substitution", 7, "überrascht", "überryscht"),
            ("substitution", 8, "Jürgen", "Jürben"),
            ("transposition", 9, "und", "udn"),
            ("insertion", 10, "Bärbel", "Büärbel"),
        ],
    ),
    (
        "always",
        "vi",
        11,
        "Tiếntg iệt vcó rtấ nihều ấu thabnh phứv tpạ nhuư ệ vzà ữ.",
        [
            ("insertion", 0, "Tiếng", "Tiếntg"),
            ("deletion", 1, "Việt", "iệt"),
            ("insertion", 2, "có", "vcó"),
            ("transposition", 3, "rất", "rtấ"),
            ("transposition", 4, "nhiều", "nihều"),
            ("deletion", 5, "dấu", "ấu"),
            ("insertion", 6, "thanh", "thabnh"),
            ("substitution", 7, "phức", "phứv"),
            ("transposition", 8, "tạp", "tpạ"),
            ("insertion", 9, "như", "nhuư"),
            ("insertion", 11, "và", "vzà"),
        ],
    ),
    (
        "always",
        "ru",
        10,
        "Съеь хже ещшё этх мягкхи французсикх буллок, за сыпей чсю.",
        [
            ("deletion", 0, "Съешь", "Съеь"),
            ("insertion", 1, "же", "хже"),
            ("insertion", 2, "ещё", "ещшё"),
            ("deletion", 3, "этих", "этх"),
            ("transposition", 4, "мягких", "мягкхи"),
            ("transposition", 5, "французских", "французсикх"),
            ("insertion", 6, "булок", "буллок"),
            ("substitution", 7, "да", "за"),
            ("substitution", 8, "выпей", "сыпей"),
            ("substitution", 9, "чаю", "чсю"),
        ],
    ),
    (
        "always",
        "ar",
        9,
        "اللاغة اعربية ميلة حجداً وَتُكْتَ نم المين إبى اليسرا.",
        [
            ("insertion", 0, "اللغة", "اللاغة"),
            ("deletion", 1, "العربية", "اعربية"),
            ("deletion", 2, "جميلة", "ميلة"),
            ("insertion", 3, "جداً", "حجداً"),
            ("deletion", 4, "وَتُكْتَبُ", "وَتُكْتَ"),
            ("transposition", 5, "من", "نم"),
            ("deletion", 6, "اليمين", "المين"),
            ("substitution", 7, "إلى", "إبى"),
            ("transposition", 8, "اليسار", "اليسرا"),
        ],
    ),
    (
        "always",
        "hi",
        7,
        "पहिन्दी ङारत की राजषाभा है औ क्षत्रिज्ञय विद्या पढ़झते हैं।",
        [
            ("insertion", 0, "हिन्दी", "पहिन्दी"),
            ("substitution", 1, "भारत", "ङारत"),
            ("transposition", 3, "राजभाषा", "राजषाभा"),
            ("deletion", 5, "और", "औ"),
            ("insertion", 6, "क्षत्रिय", "क्षत्रिज्ञय"),
            ("deletion", 7, "विद्यार्थी", "विद्या"),
            ("insertion", 8, "पढ़ते", "पढ़झते"),
        ],
    ),
    (
        "always",
        "th",
        8,
        "ภาษาทฟทยเป็หนภาาษที่สวยางมใาก กำงลังเรียนอ",
        [
            ("insertion", 0, "ภาษา", "ภาษาท"),
            ("substitution", 1, "ไทยเ", "ฟทยเ"),
            ("insertion", 2, "ป็นภา", "ป็หนภา"),
            ("transposition", 3, "ษาที่ส", "าษที่ส"),
            ("transposition", 4, "วยงา", "วยาง"),
            ("substitution", 5, "มมาก", "มใาก"),
            ("insertion", 6, "กำลังเ", "กำงลังเ"),
            ("deletion", 7, "รียนอยู่", "รียนอ"),
        ],
    ),
    (
        "always",
        "zh",
        7,
        "我今紧天去北内看天安门们，jPhone很好。",
        [
            ("deletion", 0, "我们", "我"),
            ("insertion", 1, "今天", "今紧天"),
            ("insertion", 2, "去北", "去北内"),
            ("deletion", 3, "京看", "看"),
            ("insertion", 4, "天安门", "天安门们"),
            ("substitution", 5, "iPhone", "jPhone"),
            ("deletion", 6, "很好用", "很好"),
        ],
    ),
    (
        "always",
        "ko",
        5,
        "한걱어는 아름다윤 언엉비니다. 성출에 갖니다.",
        [
            ("substitution", 0, "한국어는", "한걱어는"),
            ("substitution", 1, "아름다운", "아름다윤"),
            ("transposition", 2, "언어입니다", "언엉비니다"),
            ("insertion", 3, "서울에", "성출에"),
            ("substitution", 4, "갑니다", "갖니다"),
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


def _marks_fit(cluster: str) -> bool:
    """The cluster's marks are of its base's script (or script-neutral): a keyboard may swap a
    vowel sign for a neighbouring key's sign, never bring another script's mark."""
    base = script_of(cluster)
    return all(unicode_script(m) in (base, "Inherited", "Common") for m in cluster[1:])


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
        assert all(_marks_fit(g) for g in graphemes(out)), out
