#!/usr/bin/env python3
"""Generate the per-language keyboard files under noise_profiles/keyboards/.

Run once on a Debian/Ubuntu machine and commit the output; scoring never reads system files:

    apt-get install -y xkb-data x11proto-dev unicode-data
    python scripts/make_keyboards.py            # writes noise_profiles/keyboards/<lang>.json
    python scripts/make_keyboards.py --check    # exits 1 when the committed files differ

Inputs (all from Debian packages, their versions are written into every file):

- xkb-data: the XKB symbol files under /usr/share/X11/xkb/symbols (layouts and variants,
  `include` statements resolved, group 1, levels 1-4 of the main alphanumeric keys).
- x11proto-dev: /usr/include/X11/keysymdef.h, which maps keysym names to Unicode.
- unicode-data: Unihan (kHanyuPinlu readings and frequencies, kGB0 / kBigFive membership,
  kJoyoKanji, kJapaneseOn) for the Chinese and Japanese input-method tables.

Each language gets the layout its typists actually use (`LANGUAGES`, with the reason where the
language has no XKB layout of its own), plus US QWERTY for Latin-script words when its own
layout is not Latin. Keys that emit several code points are kept as such: Arabic lam-alef
(XKB's presentation-form keysyms are decomposed with NFKC, U+FEFB -> U+0644 U+0627), and the
Devanagari/Gujarati InScript conjunct keys that XKB cannot express (`INSCRIPT_CONJUNCTS`).
Korean gets the KS X 5002 two-set (dubeolsik) jamo layout (XKB leaves Hangul to the input
method); Chinese and Japanese get explicit input-method tables.
"""

from __future__ import annotations

import argparse
import bz2
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "noise_profiles" / "keyboards"
XKB = Path("/usr/share/X11/xkb/symbols")
KEYSYMDEF = Path("/usr/include/X11/keysymdef.h")
UNIHAN = Path("/usr/share/unicode")

FORMAT = 1
LEVELS = 4

# The keys kept, in the order they are written (pc105 geometry; AE13/AC12/AB11 for JIS).
KEYS: tuple[str, ...] = (
    "TLDE",
    *(f"AE{i:02d}" for i in range(1, 14)),
    *(f"AD{i:02d}" for i in range(1, 13)),
    *(f"AC{i:02d}" for i in range(1, 13)),
    "BKSL",
    "LSGT",
    *(f"AB{i:02d}" for i in range(1, 12)),
)

LATIN = ("us", "basic", "Latin-script words are typed on US QWERTY (the layout switched to).")


@dataclass(frozen=True)
class Choice:
    """The layout a language's typists use, and why when it is not the language's own."""

    layout: str
    variant: str
    reason: str = ""
    latin: bool = False  # the primary layout is a Latin-script one (no separate Latin layer)


LANGUAGES: dict[str, Choice] = {
    "af": Choice(
        "za",
        "basic",
        "No Afrikaans layout in XKB; South African typists use the South African layout "
        "(US QWERTY with AltGr accents).",
        latin=True,
    ),
    "ar": Choice("ara", "basic", "Arabic (the XKB default, the common PC Arabic layout)."),
    "az": Choice("az", "latin", "Azerbaijani Latin (the XKB default).", latin=True),
    "bg": Choice("bg", "bds", "Bulgarian BDS 5237 (the state standard, the XKB default)."),
    "bn": Choice(
        "bd",
        "basic",
        "Bangla national (Jatiya, BDS 1738) layout: most Bengali speakers live in Bangladesh.",
    ),
    "de": Choice("de", "basic", "German QWERTZ.", latin=True),
    "el": Choice("gr", "basic", "Greek."),
    "en": Choice("us", "basic", "US QWERTY.", latin=True),
    "es": Choice("es", "basic", "Spanish (Spain).", latin=True),
    "et": Choice("ee", "basic", "Estonian.", latin=True),
    "eu": Choice(
        "es",
        "basic",
        "No Basque layout in XKB; Basque is typed on the Spanish layout in Spain.",
        latin=True,
    ),
    "fa": Choice("ir", "pes", "Persian (ISIRI 9147, the XKB default)."),
    "fi": Choice("fi", "kotoistus", "Finnish SFS 5966 (the XKB default).", latin=True),
    "fr": Choice("fr", "basic", "French AZERTY.", latin=True),
    "gu": Choice("in", "guj", "Gujarati InScript."),
    "he": Choice("il", "basic", "Hebrew (SI 1452)."),
    "hi": Choice("in", "deva", "Hindi InScript (Devanagari)."),
    "ht": Choice(
        "us",
        "basic",
        "No Haitian Creole layout in XKB; computers in Haiti are mostly US-market hardware "
        "with US QWERTY (è, ò come from base-letter keys plus an accent).",
        latin=True,
    ),
    "hu": Choice("hu", "basic", "Hungarian QWERTZ.", latin=True),
    "id": Choice(
        "us", "basic", "No Indonesian Latin layout in XKB; Indonesia uses US QWERTY.", latin=True
    ),
    "it": Choice("it", "basic", "Italian.", latin=True),
    "ja": Choice(
        "jp",
        "106",
        "Japanese 106/109 (QWERTY letters); kana and kanji come from a romaji input method "
        "(see input_method).",
        latin=True,
    ),
    "jv": Choice(
        "us",
        "basic",
        "Javanese is written in Latin script (XKB's jv layout is for the Javanese script, "
        "which XTREME-R text does not use); Indonesia uses US QWERTY.",
        latin=True,
    ),
    "ka": Choice("ge", "basic", "Georgian."),
    "kk": Choice("kz", "basic", "Kazakh (Cyrillic)."),
    "ko": Choice(
        "kr",
        "kr104",
        "Korean keyboards are US QWERTY for Latin; Hangul is typed on the two-set (dubeolsik, "
        "KS X 5002) jamo layout through the input method, which XKB does not describe: the "
        "jamo layer is written from KS X 5002.",
        latin=True,
    ),
    "lt": Choice("lt", "basic", "Lithuanian (number row letters).", latin=True),
    "ml": Choice("in", "mal", "Malayalam InScript."),
    "mr": Choice("in", "marathi", "Marathi (enhanced InScript)."),
    "ms": Choice(
        "us",
        "basic",
        "No Malay Latin layout in XKB (its my layout is Jawi); Malaysia uses US QWERTY.",
        latin=True,
    ),
    "my": Choice("mm", "basic", "Burmese (Myanmar3-style Unicode layout)."),
    "nl": Choice(
        "us",
        "intl",
        "Dutch typists overwhelmingly use US-International, not the Dutch layout.",
        latin=True,
    ),
    "pa": Choice("in", "guru", "Punjabi InScript (Gurmukhi)."),
    "pl": Choice("pl", "basic", "Polish programmer's (US + AltGr), the usual Polish layout.", True),
    "pt": Choice(
        "br",
        "abnt2",
        "Brazilian ABNT2: most Portuguese speakers and writers are Brazilian.",
        latin=True,
    ),
    "qu": Choice(
        "latam",
        "basic",
        "No Quechua layout in XKB; Peru, Bolivia and Ecuador use the Latin American layout.",
        latin=True,
    ),
    "ro": Choice("ro", "basic", "Romanian programmers (US + AltGr), the de-facto layout.", True),
    "ru": Choice("ru", "winkeys", "Russian JCUKEN (the XKB default)."),
    "sw": Choice("ke", "swa", "Swahili (Kenya): US QWERTY with combining accents.", latin=True),
    "ta": Choice("in", "tam_tamilnet", "Tamil99 (TamilNet '99), the Tamil Nadu standard."),
    "te": Choice("in", "tel", "Telugu InScript."),
    "th": Choice("th", "basic", "Thai Kedmanee."),
    "tl": Choice("ph", "basic", "Filipino (QWERTY with ñ).", latin=True),
    "tr": Choice("tr", "basic", "Turkish Q.", latin=True),
    "uk": Choice("ua", "unicode", "Ukrainian (the XKB default)."),
    "ur": Choice("pk", "urd-crulp", "Urdu phonetic (CRULP), the most used Urdu layout."),
    "vi": Choice(
        "us",
        "basic",
        "Vietnamese is mostly typed with Telex/VNI input methods on US QWERTY, not the vn "
        "layout; accented letters come from their base-letter keys.",
        latin=True,
    ),
    "wo": Choice("sn", "basic", "Wolof (Senegal, AZERTY-based).", latin=True),
    "yo": Choice(
        "ng",
        "yoruba",
        "Yoruba (Nigeria): US QWERTY with ẹ ọ ṣ on q x v (tone marks come from dead keys).",
        latin=True,
    ),
    "zh": Choice(
        "cn",
        "basic",
        "Chinese keyboards are US QWERTY; Han characters come from a pinyin input method "
        "(see input_method).",
        latin=True,
    ),
}

# InScript (BIS IS 16350, Windows "Traditional" layouts) puts four conjuncts on Shift+5..8.
# XKB cannot emit several code points from one key ("Shift+AE0[3-8] really need to return a
# macro", symbols/in), so it leaves ASCII placeholders there; those placeholders are replaced.
INSCRIPT_CONJUNCTS: dict[str, dict[str, str]] = {
    "Devanagari": {"AE05": "ज्ञ", "AE06": "त्र", "AE07": "क्ष", "AE08": "श्र"},
    "Gujarati": {"AE05": "જ્ઞ", "AE06": "ત્ર", "AE07": "ક્ષ", "AE08": "શ્ર"},
}
INSCRIPT_LAYOUTS = {"in(deva)": "Devanagari", "in(marathi)": "Devanagari", "in(guj)": "Gujarati"}

# KS X 5002 two-set layout: key -> (unshifted, shifted) compatibility jamo.
DUBEOLSIK: dict[str, tuple[str, str]] = {
    "AD01": ("ㅂ", "ㅃ"),
    "AD02": ("ㅈ", "ㅉ"),
    "AD03": ("ㄷ", "ㄸ"),
    "AD04": ("ㄱ", "ㄲ"),
    "AD05": ("ㅅ", "ㅆ"),
    "AD06": ("ㅛ", "ㅛ"),
    "AD07": ("ㅕ", "ㅕ"),
    "AD08": ("ㅑ", "ㅑ"),
    "AD09": ("ㅐ", "ㅒ"),
    "AD10": ("ㅔ", "ㅖ"),
    "AC01": ("ㅁ", "ㅁ"),
    "AC02": ("ㄴ", "ㄴ"),
    "AC03": ("ㅇ", "ㅇ"),
    "AC04": ("ㄹ", "ㄹ"),
    "AC05": ("ㅎ", "ㅎ"),
    "AC06": ("ㅗ", "ㅗ"),
    "AC07": ("ㅓ", "ㅓ"),
    "AC08": ("ㅏ", "ㅏ"),
    "AC09": ("ㅣ", "ㅣ"),
    "AB01": ("ㅋ", "ㅋ"),
    "AB02": ("ㅌ", "ㅌ"),
    "AB03": ("ㅊ", "ㅊ"),
    "AB04": ("ㅍ", "ㅍ"),
    "AB05": ("ㅠ", "ㅠ"),
    "AB06": ("ㅜ", "ㅜ"),
    "AB07": ("ㅡ", "ㅡ"),
}

# Wapuro romaji as Japanese input methods accept it (Microsoft IME, Mozc): hiragana -> the
# spellings that produce it, the usual one first. Katakana are the same keys (converted).
ROMAJI: dict[str, tuple[str, ...]] = {
    "あ": ("a",),
    "い": ("i",),
    "う": ("u",),
    "え": ("e",),
    "お": ("o",),
    "か": ("ka",),
    "き": ("ki",),
    "く": ("ku",),
    "け": ("ke",),
    "こ": ("ko",),
    "さ": ("sa",),
    "し": ("shi", "si"),
    "す": ("su",),
    "せ": ("se",),
    "そ": ("so",),
    "た": ("ta",),
    "ち": ("chi", "ti"),
    "つ": ("tsu", "tu"),
    "て": ("te",),
    "と": ("to",),
    "な": ("na",),
    "に": ("ni",),
    "ぬ": ("nu",),
    "ね": ("ne",),
    "の": ("no",),
    "は": ("ha",),
    "ひ": ("hi",),
    "ふ": ("fu", "hu"),
    "へ": ("he",),
    "ほ": ("ho",),
    "ま": ("ma",),
    "み": ("mi",),
    "む": ("mu",),
    "め": ("me",),
    "も": ("mo",),
    "や": ("ya",),
    "ゆ": ("yu",),
    "よ": ("yo",),
    "ら": ("ra",),
    "り": ("ri",),
    "る": ("ru",),
    "れ": ("re",),
    "ろ": ("ro",),
    "わ": ("wa",),
    "を": ("wo",),
    "ん": ("nn",),
    "が": ("ga",),
    "ぎ": ("gi",),
    "ぐ": ("gu",),
    "げ": ("ge",),
    "ご": ("go",),
    "ざ": ("za",),
    "じ": ("ji", "zi"),
    "ず": ("zu",),
    "ぜ": ("ze",),
    "ぞ": ("zo",),
    "だ": ("da",),
    "ぢ": ("di",),
    "づ": ("du",),
    "で": ("de",),
    "ど": ("do",),
    "ば": ("ba",),
    "び": ("bi",),
    "ぶ": ("bu",),
    "べ": ("be",),
    "ぼ": ("bo",),
    "ぱ": ("pa",),
    "ぴ": ("pi",),
    "ぷ": ("pu",),
    "ぺ": ("pe",),
    "ぽ": ("po",),
}


# --------------------------------------------------------------------------- package versions


def package_version(name: str) -> str:
    """The installed Debian package version (dpkg-query), or raise with an install hint."""
    try:
        out = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        out = ""
    if not out:
        sys.exit(f"error: package {name} is not installed (apt-get install -y {name})")
    return out


# --------------------------------------------------------------------------- keysyms


def load_keysyms(path: Path = KEYSYMDEF) -> tuple[dict[str, str], dict[int, str]]:
    """keysymdef.h -> (name -> character, keysym value -> character), where it names one."""
    by_name: dict[str, str] = {}
    by_value: dict[int, str] = {}
    pattern = re.compile(
        r"^#define XK_(\w+)\s+0x([0-9a-fA-F]+)\s*/\*\s*\(?U\+([0-9A-Fa-f]{4,6})", re.MULTILINE
    )
    for m in pattern.finditer(path.read_text(encoding="latin-1")):
        char = chr(int(m.group(3), 16))
        by_name.setdefault(m.group(1), char)
        by_value.setdefault(int(m.group(2), 16), char)
    return by_name, by_value


def _presentation(char: str) -> str:
    """Arabic presentation forms (lam-alef ligatures) -> the letters a key really emits."""
    if 0xFB50 <= ord(char) <= 0xFDFF or 0xFE70 <= ord(char) <= 0xFEFF:
        return unicodedata.normalize("NFKC", char)
    return char


class Keysyms:
    def __init__(self) -> None:
        self.by_name, self.by_value = load_keysyms()

    def text(self, token: str) -> str | None:
        """The text a keysym token emits, or None (NoSymbol, dead keys, functions)."""
        token = token.strip()
        if not token or token in ("NoSymbol", "VoidSymbol") or token.startswith("dead_"):
            return None
        char: str | None = None
        if re.fullmatch(r"U[0-9A-Fa-f]{4,6}", token):
            char = chr(int(token[1:], 16))
        elif re.fullmatch(r"0x[0-9A-Fa-f]+", token):
            value = int(token, 16)
            if value >= 0x01000000:
                char = chr(value - 0x01000000)
            elif 0x20 <= value <= 0xFF:
                char = chr(value)
            else:
                char = self.by_value.get(value)
        elif len(token) == 1:
            char = token
        else:
            char = self.by_name.get(token)
        if char is None or unicodedata.category(char)[0] == "C" or char.isspace():
            return None
        return _presentation(char)


# --------------------------------------------------------------------------- XKB symbols


@dataclass
class Section:
    file: str
    name: str
    default: bool
    body: str


@dataclass
class Layout:
    keys: dict[str, list[str | None]] = field(default_factory=dict)
    description: str = ""


_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/|#[^\n]*", re.DOTALL)
_SECTION = re.compile(r'((?:[a-z_]+\s+)*)xkb_symbols\s+"([^"]+)"\s*\{')


def _sections(file: str) -> list[Section]:
    text = _COMMENT.sub("", (XKB / file).read_text(encoding="utf-8"))
    out = []
    for m in _SECTION.finditer(text):
        depth, i = 1, m.end()
        while depth and i < len(text):
            depth += {"{": 1, "}": -1}.get(text[i], 0)
            i += 1
        out.append(Section(file, m.group(2), "default" in m.group(1).split(), text[m.end() : i]))
    return out


_CACHE: dict[str, list[Section]] = {}


def section(file: str, variant: str | None) -> Section:
    if file not in _CACHE:
        _CACHE[file] = _sections(file)
    found = _CACHE[file]
    if variant is None:
        return next((s for s in found if s.default), found[0])
    for s in found:
        if s.name == variant:
            return s
    raise SystemExit(f"error: no variant {variant!r} in {XKB / file}")


_KEY = re.compile(r"^(?:(replace|override|augment)\s+)?key\s*<(\w+)>\s*\{(.*)\}$", re.DOTALL)
_INCLUDE = re.compile(r'^(include|augment|override|replace)\s+"([^"]+)"$')
_NAME = re.compile(r'^name\s*\[\s*group1\s*\]\s*=\s*"([^"]*)"$', re.IGNORECASE)


_STATEMENT = re.compile(
    r'\s*(?:(?P<include>(?:include|augment|override|replace)\s+"[^"]+")|(?P<stmt>[^;]*);)'
)


def _statements(body: str) -> Iterator[str]:
    """The body's statements in order (an include ends at its closing quote, not at `;`)."""
    for m in _STATEMENT.finditer(body):
        s = " ".join((m.group("include") or m.group("stmt") or "").split())
        if s:
            yield s


def _symbols(body: str) -> list[str] | None:
    m = re.search(r"symbols\s*\[\s*group1\s*\]\s*=\s*\[([^\]]*)\]", body, re.IGNORECASE)
    if m is None:
        cleaned = re.sub(r"\w+\s*\[\s*group\d\s*\]\s*=\s*\"[^\"]*\"", "", body, flags=re.I)
        cleaned = re.sub(r"\w+\s*=\s*\"[^\"]*\"", "", cleaned)
        m = re.search(r"\[([^\]]*)\]", cleaned)
    return None if m is None else [t.strip() for t in m.group(1).split(",")]


def resolve(file: str, variant: str | None, keysyms: Keysyms, layout: Layout) -> None:
    """Apply one section (its includes first, in order) onto `layout`."""
    sec = section(file, variant)
    for stmt in _statements(sec.body):
        inc = _INCLUDE.match(stmt)
        if inc:
            for part in re.split(r"[+|]", inc.group(2)):
                m = re.fullmatch(r"([\w-]+)(?:\(([\w-]+)\))?(?::\d+)?", part.strip())
                if m is None:
                    raise SystemExit(f"error: cannot read include {part!r} in {file}")
                resolve(m.group(1), m.group(2), keysyms, layout)
            continue
        name = _NAME.match(stmt)
        if name:
            layout.description = name.group(1)
            continue
        key = _KEY.match(stmt)
        if not key or key.group(2) not in KEYS:
            continue
        tokens = _symbols(key.group(3))
        if tokens is None:
            continue
        new = [keysyms.text(t) for t in tokens[:LEVELS]]
        old = layout.keys.get(key.group(2), [])
        if key.group(1) == "replace":
            old = []
        merged = [*old, *[None] * (LEVELS - len(old))]
        for level, value in enumerate(new):
            if value is not None and (key.group(1) != "augment" or merged[level] is None):
                merged[level] = value
        layout.keys[key.group(2)] = merged


def xkb_layout(layout: str, variant: str, keysyms: Keysyms) -> Layout:
    out = Layout()
    resolve(layout, variant, keysyms, out)
    for levels in out.keys.values():
        # a one-symbol alphabetic key gives its upper case on Shift
        lower = levels[0]
        if lower and levels[1] is None and len(lower) == 1 and lower != lower.upper():
            levels[1] = lower.upper()
    return out


def _keys_json(keys: dict[str, list[str | None]]) -> dict[str, list[str | None]]:
    out: dict[str, list[str | None]] = {}
    for name in KEYS:
        levels = list(keys.get(name, []))
        while levels and levels[-1] is None:
            levels.pop()
        if levels:
            out[name] = levels
    return out


def _script(layout: dict[str, list[str | None]]) -> str:
    counts: dict[str, int] = {}
    for levels in layout.values():
        for s in levels[:2]:
            if s and unicodedata.category(s[0]).startswith("L"):
                script = unicodedata.name(s[0], "?").split()[0]
                counts[script] = counts.get(script, 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else "?"


# --------------------------------------------------------------------------- input methods


def _unihan(name: str) -> Iterator[tuple[str, str, str]]:
    with bz2.open(UNIHAN / name, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("U+"):
                cp, key, value = line.rstrip("\n").split("\t", 2)
                yield chr(int(cp[2:], 16)), key, value


def _toneless(pinyin: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", pinyin) if not unicodedata.combining(c))
    return base.replace("ü", "v").replace("u\u0308", "v").lower()


def pinyin_tables() -> dict[str, dict[str, str]]:
    """toneless syllable -> candidate characters, most frequent first (simplified and
    traditional sets), from Unihan kHanyuPinlu (frequencies in a modern Mandarin corpus)."""
    pinlu: dict[str, tuple[str, int]] = {}
    for char, key, value in _unihan("Unihan_Readings.txt.bz2"):
        if key == "kHanyuPinlu":
            readings = re.findall(r"([^\s(]+)\((\d+)\)", value)
            best = max(readings, key=lambda r: int(r[1]))
            pinlu[char] = (_toneless(best[0]), int(best[1]))
    gb0: set[str] = set()
    big5: set[str] = set()
    for char, key, _ in _unihan("Unihan_OtherMappings.txt.bz2"):
        if key == "kGB0":
            gb0.add(char)
        elif key == "kBigFive":
            big5.add(char)
    tables: dict[str, dict[str, str]] = {}
    for label, members in (("simplified", gb0), ("traditional", big5)):
        groups: dict[str, list[tuple[int, str]]] = {}
        for char, (syllable, count) in pinlu.items():
            if char in members:
                groups.setdefault(syllable, []).append((-count, char))
        tables[label] = {s: "".join(c for _, c in sorted(g)) for s, g in sorted(groups.items())}
    return tables


def kanji_tables() -> dict[str, str]:
    """first on'yomi (lower-case romaji) -> the Joyo kanji with that reading, by code point."""
    joyo = {char for char, key, _ in _unihan("Unihan_OtherMappings.txt.bz2") if key == "kJoyoKanji"}
    groups: dict[str, list[str]] = {}
    for char, key, value in _unihan("Unihan_Readings.txt.bz2"):
        if key == "kJapaneseOn" and char in joyo:
            groups.setdefault(value.split()[0].lower(), []).append(char)
    return {r: "".join(sorted(g)) for r, g in sorted(groups.items())}


# --------------------------------------------------------------------------- output


def build(lang: str, keysyms: Keysyms, versions: dict[str, str]) -> dict[str, Any]:
    choice = LANGUAGES[lang]
    ident = f"{choice.layout}({choice.variant})"
    primary = xkb_layout(choice.layout, choice.variant, keysyms)
    keys = _keys_json(primary.keys)
    supplements: list[dict[str, str]] = []
    script = INSCRIPT_LAYOUTS.get(ident)
    if script is not None:
        for key, text in INSCRIPT_CONJUNCTS[script].items():
            levels = keys[key]
            if len(levels) > 1 and levels[1] is not None and levels[1].isascii():
                supplements.append(
                    {"key": key, "level": "2", "text": text, "replaces": levels[1] or ""}
                )
                levels[1] = text
    source = {
        "package": "xkb-data",
        "package_version": versions["xkb-data"],
        "file": f"symbols/{choice.layout}",
        "layout": choice.layout,
        "variant": choice.variant,
    }
    layers: list[dict[str, Any]] = []
    if lang == "ko":
        hangul = {k: list(v) for k, v in DUBEOLSIK.items()}
        layers.append(
            {
                "name": "ks-x-5002",
                "role": "primary",
                "description": "Korean two-set (dubeolsik), KS X 5002",
                "source": {"standard": "KS X 5002", "note": "not in xkb-data"},
                "keys": _keys_json(hangul),
            }
        )
    primary_layer: dict[str, Any] = {
        "name": ident,
        "role": "latin" if lang == "ko" else "primary",
        "description": primary.description,
        "source": source,
        "keys": keys,
    }
    if supplements:
        primary_layer["supplements"] = supplements
    layers.append(primary_layer)
    if not choice.latin:
        latin = xkb_layout(LATIN[0], LATIN[1], keysyms)
        layers.append(
            {
                "name": f"{LATIN[0]}({LATIN[1]})",
                "role": "latin",
                "description": latin.description,
                "source": {**source, "file": f"symbols/{LATIN[0]}", "layout": LATIN[0]}
                | {"variant": LATIN[1]},
                "keys": _keys_json(latin.keys),
                "reason": LATIN[2],
            }
        )
    doc: dict[str, Any] = {
        "format": FORMAT,
        "language": lang,
        "geometry": "pc105",
        "provenance": {
            "generator": "scripts/make_keyboards.py",
            "package": "xkb-data",
            "package_version": versions["xkb-data"],
            "keysyms": f"x11proto-dev {versions['x11proto-dev']} (X11/keysymdef.h)",
            "layout": choice.layout,
            "variant": choice.variant,
            "script": _script(keys),
            "choice": choice.reason,
        },
        "layers": layers,
    }
    if supplements:
        doc["provenance"]["supplements"] = (
            "InScript conjunct keys (Shift+5..8) that XKB leaves as ASCII placeholders"
        )
    if lang == "ko":
        doc["composition"] = "hangul-2set"
        doc["provenance"]["script"] = "HANGUL"
    if lang == "zh":
        doc["input_method"] = {
            "kind": "pinyin",
            "scripts": ["Han"],
            "description": (
                "Han characters are typed as toneless pinyin and picked from a candidate list "
                "ordered by frequency: a typo picks a neighbouring candidate of the same "
                "syllable, or the first candidate of a syllable one adjacent key away."
            ),
            "source": (
                f"Unihan kHanyuPinlu, kGB0, kBigFive (unicode-data {versions['unicode-data']})"
            ),
            "window": 4,
            "syllables": pinyin_tables(),
        }
    if lang == "ja":
        doc["input_method"] = {
            "kind": "romaji",
            "scripts": ["Hiragana", "Katakana", "Han"],
            "description": (
                "Kana are typed as romaji: a typo is a kana whose romaji is one adjacent key "
                "away. Kanji are picked from conversion candidates: a typo picks another Joyo "
                "kanji with the same on'yomi."
            ),
            "source": (
                "wapuro romaji (as Microsoft IME and Mozc accept it); Unihan kJoyoKanji, "
                f"kJapaneseOn (unicode-data {versions['unicode-data']})"
            ),
            "window": 4,
            "romaji": {k: list(v) for k, v in ROMAJI.items()},
            "kanji": kanji_tables(),
        }
    return doc


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    parser.add_argument("langs", nargs="*", help="languages (default: all)")
    args = parser.parse_args(argv)
    versions = {p: package_version(p) for p in ("xkb-data", "x11proto-dev", "unicode-data")}
    keysyms = Keysyms()
    stale = []
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.langs or sorted(LANGUAGES):
        text = render(build(lang, keysyms, versions))
        path = args.out / f"{lang}.json"
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(lang)
            continue
        path.write_text(text, encoding="utf-8")
    if stale:
        print(f"stale keyboard files: {', '.join(stale)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
