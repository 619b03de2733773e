# ruff: noqa: RUF001 - multilingual test strings on purpose
"""Golden outputs for every XTREME-R language: a fixed sentence, profile and seed.

A failure means the noise a profile produces in that language has changed (keyboard files,
operations, text handling): bump the versions of the profiles concerned, then re-pin with

    .venv/bin/python tests/noise/test_noise_languages.py --write

and review the diff of tests/noise/golden_languages.json.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from harness.noise import perturb, seeds_for
from harness.noise.keyboard import XTREME_R_LANGUAGES
from harness.noise.text import graphemes, script_of
from harness.registry import load_yaml_model
from harness.schema import NoiseProfile

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden_languages.json")
PROFILES = (
    "typo-40",
    "char-5",
    "always",
    "diacritics",
    "whitespace",
    "human-5",
    "human-10",
    "human-20",
)

# "Yesterday I went to the library and borrowed an interesting book about history."
SENTENCES = {
    "af": "Gister het ek biblioteek toe gegaan en 'n interessante boek oor geskiedenis geleen.",
    "ar": "ذهبت أمس إلى المكتبة واستعرت كتاباً ممتعاً عن التاريخ.",
    "az": "Dünən kitabxanaya getdim və tarix haqqında maraqlı bir kitab götürdüm.",
    "bg": "Вчера отидох в библиотеката и взех интересна книга за историята.",
    "bn": "গতকাল আমি গ্রন্থাগারে গিয়ে ইতিহাস নিয়ে একটি মজার বই ধার নিয়েছি।",
    "de": "Gestern war ich in der Bücherei und habe ein spannendes Buch über Geschichte geliehen.",
    "el": "Χθες πήγα στη βιβλιοθήκη και δανείστηκα ένα ενδιαφέρον βιβλίο για την ιστορία.",
    "en": "Yesterday I went to the library and borrowed an interesting book about history.",
    "es": "Ayer fui a la biblioteca y pedí prestado un libro interesante sobre historia.",
    "et": "Eile käisin raamatukogus ja laenasin huvitava raamatu ajaloost.",
    "eu": "Atzo liburutegira joan nintzen eta historiari "
    "buruzko liburu interesgarri bat hartu nuen.",
    "fa": "دیروز به کتابخانه رفتم و یک کتاب جالب درباره تاریخ امانت گرفتم.",
    "fi": "Eilen kävin kirjastossa ja lainasin mielenkiintoisen kirjan historiasta.",
    "fr": "Hier, je suis allé à la bibliothèque "
    "et j'ai emprunté un livre passionnant sur l'histoire.",
    "gu": "ગઈકાલે હું પુસ્તકાલયમાં ગયો અને ઇતિહાસ વિશે એક રસપ્રદ પુસ્તક લીધું.",
    "he": "אתמול הלכתי לספרייה ושאלתי ספר מעניין על היסטוריה.",
    "hi": "कल मैं पुस्तकालय गया और इतिहास के बारे में एक दिलचस्प किताब ली।",
    "ht": "Yè mwen te ale nan bibliyotèk la epi mwen te prete yon liv enteresan sou istwa.",
    "hu": "Tegnap elmentem a könyvtárba, és kölcsönöztem egy érdekes könyvet a történelemről.",
    "id": "Kemarin saya pergi ke perpustakaan dan meminjam buku menarik tentang sejarah.",
    "it": "Ieri sono andato in biblioteca e ho "
    "preso in prestito un libro interessante sulla storia.",
    "ja": "昨日図書館に行って、歴史についての面白い本を借りました。",
    "jv": "Wingi aku lunga menyang perpustakaan lan nyilih buku sing menarik babagan sejarah.",
    "ka": "გუშინ ბიბლიოთეკაში წავედი და ისტორიის შესახებ საინტერესო წიგნი ავიღე.",
    "kk": "Кеше мен кітапханаға барып, тарих туралы қызықты кітап алдым.",
    "ko": "어제 도서관에 가서 역사에 관한 재미있는 책을 빌렸습니다.",
    "lt": "Vakar nuėjau į biblioteką ir pasiskolinau įdomią knygą apie istoriją.",
    "ml": "ഇന്നലെ ഞാൻ ലൈബ്രറിയിൽ പോയി ചരിത്രത്തെക്കുറിച്ചുള്ള ഒരു രസകരമായ പുസ്തകം എടുത്തു.",
    "mr": "काल मी ग्रंथालयात गेलो आणि इतिहासाबद्दल एक मनोरंजक पुस्तक घेतले.",
    "ms": "Semalam saya pergi ke perpustakaan dan meminjam sebuah buku menarik tentang sejarah.",
    "my": "မနေ့က ကျွန်တော် စာကြည့်တိုက်ကို သွားပြီး သမိုင်းစာအုပ် တစ်အုပ် ငှားခဲ့တယ်။",
    "nl": "Gisteren ging ik naar de bibliotheek en leende een interessant boek over geschiedenis.",
    "pa": "ਕੱਲ੍ਹ ਮੈਂ ਲਾਇਬ੍ਰੇਰੀ ਗਿਆ ਅਤੇ ਇਤਿਹਾਸ ਬਾਰੇ ਇੱਕ ਦਿਲਚਸਪ ਕਿਤਾਬ ਲਈ।",
    "pl": "Wczoraj poszedłem do biblioteki i wypożyczyłem ciekawą książkę o historii.",
    "pt": "Ontem fui à biblioteca e peguei emprestado um livro interessante sobre história.",
    "qu": "Qayna punchaw liwru wasiman rirqani, hinaspa sumaq liwruta mañakurqani.",
    "ro": "Ieri am mers la bibliotecă și am împrumutat o carte interesantă despre istorie.",
    "ru": "Вчера я пошёл в библиотеку и взял интересную книгу об истории.",
    "sw": "Jana nilienda maktaba na kuazima kitabu cha kuvutia kuhusu historia.",
    "ta": "நேற்று நான் நூலகத்திற்குச் சென்று வரலாறு பற்றிய ஒரு சுவாரசியமான புத்தகத்தை எடுத்தேன்.",
    "te": "నిన్న నేను గ్రంథాలయానికి వెళ్ళి చరిత్ర గురించి ఒక ఆసక్తికరమైన పుస్తకం తీసుకున్నాను.",
    "th": "เมื่อวานฉันไปห้องสมุดและยืมหนังสือประวัติศาสตร์ที่น่าสนใจมา",
    "tl": "Kahapon ay pumunta ako sa aklatan at "
    "humiram ng isang kawili-wiling aklat tungkol sa kasaysayan.",
    "tr": "Dün kütüphaneye gittim ve tarih hakkında ilginç bir kitap ödünç aldım.",
    "uk": "Учора я пішов до бібліотеки й узяв цікаву книжку про історію.",
    "ur": "کل میں کتب خانے گیا اور تاریخ کے بارے میں ایک دلچسپ کتاب لی۔",
    "vi": "Hôm qua tôi đến thư viện và mượn một cuốn sách thú vị về lịch sử.",
    "wo": "Démb dama dem ca bibliyoteek ba, ñu may ma benn téere bu neex ci taariix.",
    "yo": "Lánàá mo lọ sí ilé-ìkàwé, mo sì yá ìwé tó dùn nípa ìtàn.",
    "zh": "昨天我去图书馆借了一本关于历史的有趣的书。",
}


def profile(name: str) -> NoiseProfile:
    """A shipped profile; `always` is typo-10 and `human-always` human-10 at rate 1."""
    if name in ("always", "human-always"):
        base = profile("typo-10" if name == "always" else "human-10")
        return base.model_copy(update={"name": name, "rate": 1.0})
    return load_yaml_model(ROOT / "noise_profiles" / f"{name}.yaml", NoiseProfile)[0]


def run(name: str, lang: str) -> dict[str, Any]:
    p = profile(name)
    result = perturb(SENTENCES[lang], p, lang, seeds_for(p, "golden", lang, "g1", "text"))
    return {
        "text": result.text,
        "edits": [[e.op, e.position, e.before, e.after] for e in result.edits],
        "eligible": result.eligible_words,
    }


def test_every_language_has_a_sentence() -> None:
    assert set(SENTENCES) == set(XTREME_R_LANGUAGES)


@pytest.mark.parametrize("name", PROFILES)
@pytest.mark.parametrize("lang", XTREME_R_LANGUAGES)
def test_golden(lang: str, name: str) -> None:
    pinned = json.loads(GOLDEN.read_text(encoding="utf-8"))[lang][name]
    assert run(name, lang) == pinned


OWN = {
    "ar": "Arabic",
    "fa": "Arabic",
    "ur": "Arabic",
    "bg": "Cyrillic",
    "kk": "Cyrillic",
    "ru": "Cyrillic",
    "uk": "Cyrillic",
    "hi": "Devanagari",
    "mr": "Devanagari",
    "bn": "Bengali",
    "el": "Greek",
    "gu": "Gujarati",
    "he": "Hebrew",
    "ka": "Georgian",
    "ko": "Hangul",
    "ml": "Malayalam",
    "my": "Myanmar",
    "pa": "Gurmukhi",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "zh": "Han",
    "ja": "Han",
}


@pytest.mark.parametrize("name", ["always", "human-always"])
@pytest.mark.parametrize("lang", XTREME_R_LANGUAGES)
def test_every_language_gets_typos_in_its_own_script(lang: str, name: str) -> None:
    script = OWN.get(lang, "Latin")
    p = profile(name)
    subs = 0
    for i in range(20):
        result = perturb(SENTENCES[lang], p, lang, seeds_for(p, "own", lang, str(i), "text"))
        for e in result.edits:
            if e.op != "substitution":
                continue
            before = set(graphemes(e.before))
            added = set(graphemes(e.after)) - before
            assert {script_of(g) for g in added} <= {script_of(g) for g in before}, e
            subs += any(script_of(g) == script for g in added)
    assert subs >= 10, lang  # keyboard (or input-method) substitutions in the own script


def _one_keystroke_apart(before: str, after: str, op: str) -> bool:
    if op == "deletion":
        return any(before[:k] + before[k + 1 :] == after for k in range(len(before)))
    swapped = (before[:k] + before[k + 1] + before[k] + before[k + 2 :] for k in range(len(before)))
    return after in swapped


@pytest.mark.parametrize("name", ["always", "human-always"])
@pytest.mark.parametrize("lang", ["hi", "mr", "bn", "gu", "pa", "ta", "te", "ml"])
def test_indic_deletions_and_swaps_are_single_valid_keystrokes(lang: str, name: str) -> None:
    """A deletion drops one code point (keystroke), a transposition swaps two adjacent ones,
    and every cluster they make is a well-formed syllable: never a whole akshara moved."""
    from harness.noise.indic import well_formed

    p = profile(name)
    seen = set()
    for i in range(100):
        result = perturb(SENTENCES[lang], p, lang, seeds_for(p, "keys", lang, str(i), "text"))
        for e in result.edits:
            if e.op in ("deletion", "transposition"):
                assert _one_keystroke_apart(e.before, e.after, e.op), e
                assert e.unit == "keystroke", e
                made = set(graphemes(e.after)) - set(graphemes(e.before))
                assert all(well_formed(g) for g in made), e
                seen.add(e.op)
    assert seen == {"deletion", "transposition"}


def write() -> None:
    data = {lang: {name: run(name, lang) for name in PROFILES} for lang in XTREME_R_LANGUAGES}
    GOLDEN.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {GOLDEN}")


if __name__ == "__main__" and "--write" in sys.argv:
    write()
