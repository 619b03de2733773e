"""Keyboard layouts: committed files, adjacency geometry, neighbours per script and language."""

from __future__ import annotations

import json
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest
import regex

from harness.noise.keyboard import (
    KEY_POSITIONS,
    SCRIPT_HOME,
    XTREME_R_LANGUAGES,
    adjacent_keys,
    available_languages,
    insertions,
    keyboard_for,
    layer_adjacency,
    load_keyboard,
    neighbours,
)
from harness.noise.text import graphemes, script_of

ROOT = Path(__file__).resolve().parents[2]
KEYBOARDS = ROOT / "noise_profiles" / "keyboards"

# the primary script each language's own keyboard types (its words must get typos in it)
LATIN_LANGUAGES = "af az de en es et eu fi fr ht hu id it jv lt ms nl pl pt qu ro sw tl tr vi wo yo"
OWN_SCRIPT = {
    **dict.fromkeys(LATIN_LANGUAGES.split(" "), "Latin"),
    **dict.fromkeys(["ar", "fa", "ur"], "Arabic"),
    **dict.fromkeys(["bg", "kk", "ru", "uk"], "Cyrillic"),
    **dict.fromkeys(["hi", "mr"], "Devanagari"),
    "bn": "Bengali",
    "el": "Greek",
    "gu": "Gujarati",
    "he": "Hebrew",
    "ja": "Hiragana",
    "ka": "Georgian",
    "ko": "Hangul",
    "ml": "Malayalam",
    "my": "Myanmar",
    "pa": "Gurmukhi",
    "ta": "Tamil",
    "te": "Telugu",
    "th": "Thai",
    "zh": "Han",
}

# US QWERTY neighbours by hand (v1's table): the generated geometry must reproduce them
QWERTY = {
    "a": "qswz",
    "b": "ghnv",
    "c": "dfvx",
    "d": "cefrsx",
    "e": "drsw",
    "f": "cdgrtv",
    "g": "bfhtvy",
    "h": "bgjnuy",
    "i": "jkou",
    "j": "hikmnu",
    "k": "ijlmo",
    "l": "kop",
    "m": "jkn",
    "n": "bhjm",
    "o": "iklp",
    "p": "lo",
    "q": "aw",
    "r": "deft",
    "s": "adewxz",
    "t": "fgry",
    "u": "hijy",
    "v": "bcfg",
    "w": "aeqs",
    "x": "cdsz",
    "y": "ghtu",
    "z": "asx",
}


# --------------------------------------------------------------------------- files


def test_every_xtreme_r_language_has_a_keyboard_file() -> None:
    assert len(XTREME_R_LANGUAGES) == 50 == len(set(XTREME_R_LANGUAGES))
    assert set(available_languages()) == set(XTREME_R_LANGUAGES)
    assert set(OWN_SCRIPT) == set(XTREME_R_LANGUAGES)


@pytest.mark.parametrize("lang", XTREME_R_LANGUAGES)
def test_keyboard_file_provenance_and_script(lang: str) -> None:
    data = json.loads((KEYBOARDS / f"{lang}.json").read_text(encoding="utf-8"))
    prov = data["provenance"]
    assert data["language"] == lang and data["format"] == 1
    assert prov["package"] == "xkb-data" and prov["package_version"]
    assert prov["layout"] and prov["variant"] and prov["choice"]
    assert prov["generator"] == "scripts/make_keyboards.py"
    for layer in data["layers"]:
        assert layer["keys"], layer["name"]
        assert set(layer["keys"]) <= set(KEY_POSITIONS)
    kb = load_keyboard(lang)
    assert kb is not None and OWN_SCRIPT[lang] in kb.scripts
    assert keyboard_for(OWN_SCRIPT[lang], lang) is kb
    if "Latin" not in OWN_SCRIPT[lang]:
        assert "Latin" in kb.scripts  # a Latin layer for Latin-script words


def test_generator_reproduces_the_committed_files(tmp_path: Path) -> None:
    if shutil.which("dpkg-query") is None or not Path("/usr/share/X11/xkb/symbols").is_dir():
        pytest.skip("xkb-data is not installed (apt-get install xkb-data x11proto-dev)")
    for pkg in ("xkb-data", "x11proto-dev", "unicode-data"):
        found = subprocess.run(["dpkg-query", "-W", pkg], capture_output=True, check=False)
        if found.returncode != 0:
            pytest.skip(f"{pkg} is not installed")
    script = ROOT / "scripts" / "make_keyboards.py"
    subprocess.run([sys.executable, str(script), "--out", str(tmp_path)], check=True)
    for lang in XTREME_R_LANGUAGES:
        committed = (KEYBOARDS / f"{lang}.json").read_text(encoding="utf-8")
        assert (tmp_path / f"{lang}.json").read_text(encoding="utf-8") == committed, lang


AUDIT = """
import sys
opened = []
sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == "open" else None)
from harness.noise import perturb, seeds_for
from harness.noise.keyboard import XTREME_R_LANGUAGES
from harness.registry import Registry
profile = Registry.load().profile("typo-40")
for lang in XTREME_R_LANGUAGES:
    for i in range(3):
        perturb(sys.argv[1], profile, lang, seeds_for(profile, "t", lang, str(i), "f"))
print("\\n".join(opened))
"""


def test_scoring_never_opens_system_files() -> None:
    """Noise reads the committed keyboard files, never /usr/share (xkb-data, unicode-data)."""
    text = "Hello wörld, привет мир, 你好世界 한국어 हिन्दी ภาษาไทย かな"
    done = subprocess.run(
        [sys.executable, "-c", AUDIT, text], capture_output=True, text=True, check=True
    )
    opened = done.stdout.splitlines()
    assert not [p for p in opened if p.startswith(("/usr/share", "/usr/include"))]
    assert sum(p.endswith(".json") and "keyboards" in p for p in opened) >= 50


# --------------------------------------------------------------------------- geometry


def test_row_stagger_reproduces_us_qwerty() -> None:
    kb = load_keyboard("en")
    assert kb is not None
    for letter, around in QWERTY.items():
        found = {n for n in kb.adjacent(letter) or () if n in string.ascii_lowercase}
        assert found == set(around), letter


def test_adjacency_is_symmetric_between_keys() -> None:
    for key in KEY_POSITIONS:
        for other in adjacent_keys(key):
            assert key in adjacent_keys(other), (key, other)


def test_levels_shift_slips_and_missed_altgr() -> None:
    keys = {"AC01": ("a", "A", "ą", "Ą"), "AC02": ("s", "S", "ś", "Ś"), "AC03": ("ड", "ढ")}
    adj = layer_adjacency(keys)
    assert adj["a"] == ("s",)  # no case slip, no extra AltGr
    assert adj["ą"] == ("ś", "a")  # the same AltGr level next door, or AltGr missed
    assert adj["Ą"] == ("Ś", "A")
    assert "ढ" in adj["ड"] and "ड" in adj["ढ"]  # a Shift slip where Shift is no case


# --------------------------------------------------------------------------- neighbours


def test_latin_case_is_kept() -> None:
    assert neighbours("g", "en") == ("t", "y", "f", "h", "v", "b")
    assert neighbours("G", "en") == ("T", "Y", "F", "H", "V", "B")


def test_a_language_uses_its_own_layout() -> None:
    assert set(neighbours("z", "de")) == {"t", "u", "g", "h"}  # QWERTZ: z sits where y is
    assert set(neighbours("a", "fr")) >= {"z", "q"}  # AZERTY
    assert "ü" in neighbours("ä", "de") and "ö" in neighbours("ä", "de")
    assert "a" in neighbours("ą", "pl")  # AltGr missed


def test_accented_letters_not_on_the_layout_use_their_base_key() -> None:
    assert neighbours("é", "en") == neighbours("e", "en")
    assert neighbours("Ü", "en") == neighbours("U", "en")
    nfd = "e\u0323\u0302"  # ệ decomposed: bare neighbours, marks dropped with the dead keys
    assert neighbours(nfd, "vi") == neighbours("e", "vi")
    assert neighbours("ß", "en") == neighbours("s", "en")


def test_multi_code_point_keys() -> None:
    assert "لا" in neighbours("ل", "ar")  # the lam-alef key next to lam
    assert "क्ष" in neighbours("भ", "hi") or "क्ष" in neighbours("श्र", "hi")
    assert set(neighbours("क्ष", "hi")) >= {"त्र", "श्र"}  # InScript conjunct keys
    assert neighbours("क्षि", "hi")[:2] == ("त्रि", "श्रि")  # the vowel sign stays on


def test_marks_are_substituted_on_their_own_keys() -> None:
    found = neighbours("कि", "hi")
    assert "की" in found  # ि and ी sit on neighbouring keys
    assert all(g[1:] in ("ि", "ी", "ू", "्", "ु") for g in found)


def test_korean_syllables_change_one_keystroke() -> None:
    found = neighbours("한", "ko")
    assert "산" in found and "함" in found and "헌" in found
    assert all(len(s) == 1 and 0xAC00 <= ord(s) <= 0xD7A3 for s in found)
    assert neighbours("ㅎ", "ko") == ("ㅅ", "ㅛ", "ㄹ", "ㅗ", "ㅍ", "ㅠ", "ㅆ")


def test_input_methods() -> None:
    assert {"地", "得"} <= set(neighbours("的", "zh"))  # pinyin homophones
    assert "热" in neighbours("的", "zh")  # "re" is one key away from "de"
    assert neighbours("か", "ja") == ("ま",)  # romaji ka -> ma
    assert neighbours("カ", "ja") == ("マ",)
    assert all(script_of(k) == "Han" for k in neighbours("漢", "ja"))


@pytest.mark.parametrize("grapheme", ["1", ",", " ", "\u0301", "ー", "ꦲ", "😀", "ಕ"])
def test_no_neighbours_for_non_letters_and_untyped_scripts(grapheme: str) -> None:
    assert neighbours(grapheme, "en") == () == insertions(grapheme, "en")


def test_scripts_of_other_languages_use_their_home_keyboard() -> None:
    assert neighbours("ж", "en") == neighbours("ж", "ru")
    assert neighbours("한", "en") == neighbours("한", "ko")
    assert keyboard_for("Cyrillic", "xx") is load_keyboard(SCRIPT_HOME["Cyrillic"])


SAMPLES = "aZéжЖλبאकक्षকিதతമગਗกมაა한中ひカ" + "ข" + "ำ" + "ကြ"


@pytest.mark.parametrize("lang", ["en", "hi", "ar", "th", "ko", "zh", "ja", "my", "ru"])
@pytest.mark.parametrize("grapheme", graphemes(SAMPLES))
def test_neighbours_are_whole_same_script_letters(grapheme: str, lang: str) -> None:
    for n in neighbours(grapheme, lang):
        assert n != grapheme
        parts = graphemes(n)
        assert all(regex.match(r"\p{L}", g) for g in parts)
        assert all(script_of(g) == script_of(grapheme) for g in parts)
        assert len(parts) == 1 or len(graphemes(grapheme)) == 1
    for n in insertions(grapheme, lang):
        assert all(script_of(g) == script_of(grapheme) for g in graphemes(n))
