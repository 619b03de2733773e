"""Which graphemes a typist might hit instead of another: per-language keyboard layouts.

Layouts live in `noise_profiles/keyboards/<lang>.json`, generated once from Debian's xkb-data
by `scripts/make_keyboards.py` and committed with their provenance; nothing here reads system
files. Each file holds one or more layers (the language's own layout, plus US QWERTY for Latin
words when that layout is not Latin; Korean's two-set jamo layer), each mapping XKB key names
to the text of levels 1-4 (base, Shift, AltGr, AltGr+Shift), and, for Chinese and Japanese, an
input-method table.

Adjacency (`layer_adjacency`) uses the pc105 geometry with its row stagger (`KEY_POSITIONS`):
two keys are neighbours when they sit side by side in a row, or in adjacent rows with centres
less than one key width apart horizontally. The text at (key, level) has as neighbours:

- the text at the same level of every neighbouring key (the same modifiers held, a wrong key);
- the other level of the same key's Shift pair (a Shift slip), unless the two are just the
  upper and lower case of one letter;
- for AltGr levels, the same key without AltGr (a missed AltGr: ą -> a on Polish).

Keys can emit several code points (Arabic lam-alef "لا", InScript conjuncts "क्ष").

`neighbours(grapheme, lang)` returns replacement clusters. In scripts without case (abugidas,
abjads, Thai...) the longest prefix of the cluster that some key emits is replaced by a
neighbouring key's text of the same script and Indic syllabic category, and the rest of the
cluster (vowel signs, other marks) is kept; or one mark of the cluster is replaced by a mark on
a neighbouring key (कि -> की). In cased scripts (Latin, Cyrillic, Greek) the whole cluster must
be a key's text; a letter no key emits (é on a US layout, accents typed with dead keys) falls
back to its base letter's key and gives bare letters in its case, as a typist who missed the
accent. A grapheme's script picks the keyboard: the language's own if it types that script,
else the script's home language (`SCRIPT_HOME`), else none (no neighbours). Korean syllables go
through their two-set keystrokes (`harness.noise.hangul`); Han and kana go through the
input-method tables (`InputMethod`). `insertions(grapheme, lang)` gives the neighbouring keys'
own text, for the insertion operation.
"""

from __future__ import annotations

import functools
import json
import os
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import regex

from harness import paths
from harness.errors import ConfigError
from harness.noise import hangul
from harness.noise.text import graphemes, is_letter, script_of, unicode_script

FORMAT = 1
"""The keyboard file format this module reads."""

LEVELS = 4


def _positions() -> dict[str, tuple[int, float]]:
    pos: dict[str, tuple[int, float]] = {"TLDE": (0, 0.5)}
    pos.update({f"AE{i:02d}": (0, i + 0.5) for i in range(1, 14)})
    pos.update({f"AD{i:02d}": (1, i + 1.0) for i in range(1, 13)})
    pos.update({f"AC{i:02d}": (2, i + 1.25) for i in range(1, 13)})
    pos["BKSL"] = (2, 13.25)  # ISO: right of AC11, where a JIS keyboard has AC12
    pos["LSGT"] = (3, 1.75)
    pos.update({f"AB{i:02d}": (3, i + 1.75) for i in range(1, 12)})
    return pos


KEY_POSITIONS: Mapping[str, tuple[int, float]] = MappingProxyType(_positions())
"""XKB key name -> (row, horizontal centre in key widths), pc105 geometry with row stagger."""

XTREME_R_LANGUAGES: tuple[str, ...] = (
    "af",
    "ar",
    "az",
    "bg",
    "bn",
    "de",
    "el",
    "en",
    "es",
    "et",
    "eu",
    "fa",
    "fi",
    "fr",
    "gu",
    "he",
    "hi",
    "ht",
    "hu",
    "id",
    "it",
    "ja",
    "jv",
    "ka",
    "kk",
    "ko",
    "lt",
    "ml",
    "mr",
    "ms",
    "my",
    "nl",
    "pa",
    "pl",
    "pt",
    "qu",
    "ro",
    "ru",
    "sw",
    "ta",
    "te",
    "th",
    "tl",
    "tr",
    "uk",
    "ur",
    "vi",
    "wo",
    "yo",
    "zh",
)
"""The 50 XTREME-R languages; each has a keyboard file."""

SCRIPT_HOME: Mapping[str, str] = MappingProxyType(
    {
        "Latin": "en",
        "Cyrillic": "ru",
        "Greek": "el",
        "Georgian": "ka",
        "Hebrew": "he",
        "Arabic": "ar",
        "Devanagari": "hi",
        "Bengali": "bn",
        "Gurmukhi": "pa",
        "Gujarati": "gu",
        "Tamil": "ta",
        "Telugu": "te",
        "Malayalam": "ml",
        "Thai": "th",
        "Myanmar": "my",
        "Hangul": "ko",
        "Hiragana": "ja",
        "Katakana": "ja",
        "Han": "zh",
    }
)
"""Script -> the language whose keyboard types it for text in other languages."""

LATIN_KEY_BASE: Mapping[str, str] = MappingProxyType(
    {
        "æ": "a",
        "đ": "d",
        "ð": "d",
        "ə": "e",
        "ħ": "h",
        "\u0131": "i",  # dotless i
        "ł": "l",
        "ŋ": "n",
        "ø": "o",
        "œ": "o",
        "ß": "s",
        "þ": "t",
    }
)
"""Lower-case Latin letters without a decomposition -> the key a layout without them uses."""

_MARK = regex.compile(r"\p{M}")
_SYLLABIC_CATEGORIES = (
    "Consonant",
    "Consonant_Dead",
    "Consonant_Placeholder",
    "Vowel_Independent",
    "Vowel_Dependent",
    "Avagraha",
    "Tone_Letter",
    "Modifying_Letter",
)
_SYLLABIC = regex.compile(
    "|".join(f"(?P<{c}>\\p{{Indic_Syllabic_Category={c}}})" for c in _SYLLABIC_CATEGORIES)
)


@functools.cache
def _syllabic_category(char: str) -> str:
    m = _SYLLABIC.match(char)
    return str(m.lastgroup) if m is not None and m.lastgroup is not None else "Other"


def _is_mark(char: str) -> bool:
    return len(char) == 1 and _MARK.match(char) is not None


def keyboards_dir() -> Path:
    """The folder of committed keyboard files (noise_profiles/keyboards/)."""
    return _keyboards_dir(os.environ.get("HARNESS_HOME"))


@functools.cache
def _keyboards_dir(home: str | None) -> Path:
    # memoized per HARNESS_HOME: finding the project root touches the file system
    return paths.profiles_dir() / "keyboards"


# --------------------------------------------------------------------------- adjacency


@functools.cache
def adjacent_keys(key: str) -> tuple[str, ...]:
    """The keys around `key` on the pc105 geometry, by row then position.

    Side by side in a row, or in an adjacent row with centres less than a key width apart.
    """
    if key not in KEY_POSITIONS:
        return ()
    row, x = KEY_POSITIONS[key]
    near = []
    for other, (r, ox) in KEY_POSITIONS.items():
        if other == key:
            continue
        same_row = r == row and abs(ox - x) <= 1.0
        if same_row or (abs(r - row) == 1 and abs(ox - x) < 1.0):
            near.append((r, ox, other))
    return tuple(name for _, _, name in sorted(near))


def _case_pair(a: str, b: str) -> bool:
    return a != b and (a.upper() == b or a.lower() == b or b.upper() == a or b.lower() == a)


def layer_adjacency(keys: Mapping[str, Sequence[str | None]]) -> dict[str, tuple[str, ...]]:
    """Text a key emits -> the texts a typist may produce instead (see the module docstring).

    Args:
        keys: XKB key name -> text per level (None where a level emits nothing).

    Returns:
        Every text on the layer mapped to its neighbouring texts, in key order.
    """
    found: dict[str, list[str]] = {}
    for key in sorted(keys, key=lambda k: (KEY_POSITIONS.get(k, (9, 0.0)), k)):
        levels = list(keys[key])
        for level, text in enumerate(levels):
            if not text:
                continue
            candidates: list[str | None] = []
            for other in adjacent_keys(key):
                around = keys.get(other)
                if around is not None and level < len(around):
                    candidates.append(around[level])
            partner = level ^ 1
            if partner < len(levels) and not _case_pair(text, levels[partner] or ""):
                candidates.append(levels[partner])
            if level >= 2:
                candidates.append(levels[level - 2])
            bucket = found.setdefault(text, [])
            for c in candidates:
                if c and c != text and c not in bucket:
                    bucket.append(c)
    return {k: tuple(v) for k, v in found.items()}


# --------------------------------------------------------------------------- keyboard files


@dataclass(frozen=True)
class Layer:
    """One layout of a keyboard file.

    Attributes:
        name: the layout id, e.g. `in(deva)` or `ks-x-5002`.
        role: `primary` (the language's own) or `latin` (for Latin-script words).
        keys: XKB key name -> text per level.
        adjacency: text -> neighbouring texts (`layer_adjacency`).
    """

    name: str
    role: str
    keys: Mapping[str, tuple[str | None, ...]]
    adjacency: Mapping[str, tuple[str, ...]]


@dataclass(frozen=True)
class InputMethod:
    """How a language's typists enter scripts no key emits (Chinese, Japanese).

    Attributes:
        kind: `pinyin` or `romaji`.
        scripts: the scripts entered through it.
        description: one sentence, shown by `harness profiles --lang`.
        window: how many candidates either side of the intended one a typist may pick.
        candidates: (table, reading) -> characters in candidate order (`pinyin`: the
            `simplified`/`traditional` tables by toneless syllable; `romaji`: `kanji` by
            on'yomi).
        romaji: kana (hiragana) -> the romaji spellings that type it.
    """

    kind: str
    scripts: frozenset[str]
    description: str
    window: int
    candidates: Mapping[tuple[str, str], str]
    romaji: Mapping[str, tuple[str, ...]]

    @functools.cached_property
    def position(self) -> Mapping[str, tuple[str, str, int]]:
        """character -> (table, reading, rank) of its first occurrence."""
        out: dict[str, tuple[str, str, int]] = {}
        for (table, reading), chars in self.candidates.items():
            for rank, c in enumerate(chars):
                out.setdefault(c, (table, reading, rank))
        return out

    @functools.cached_property
    def kana_of(self) -> Mapping[str, str]:
        """romaji spelling -> hiragana."""
        out: dict[str, str] = {}
        for kana, spellings in self.romaji.items():
            for s in spellings:
                out.setdefault(s, kana)
        return out


@dataclass(frozen=True)
class Keyboard:
    """One language's keyboard file, loaded.

    Attributes:
        language: the language code.
        layers: the layouts, primary first.
        composition: `hangul-2set` for Korean, else None.
        input_method: the input-method table, or None.
        provenance: the file's provenance record (package, version, layout, variant, reason).
        path: the file it was read from.
    """

    language: str
    layers: tuple[Layer, ...]
    composition: str | None
    input_method: InputMethod | None
    provenance: Mapping[str, Any]
    path: Path

    def adjacent(self, text: str) -> tuple[str, ...] | None:
        """The neighbours of `text` on the first layer that has it, or None if none has it."""
        for layer in self.layers:
            found = layer.adjacency.get(text)
            if found is not None:
                return found
        return None

    @functools.cached_property
    def scripts(self) -> frozenset[str]:
        """The scripts this keyboard types (letters on its layers, input-method scripts)."""
        out = {
            script_of(text)
            for layer in self.layers
            for levels in layer.keys.values()
            for text in levels
            if text and is_letter(text)
        }
        if self.input_method is not None:
            out |= self.input_method.scripts
        if self.composition == "hangul-2set":
            out.add("Hangul")
        return frozenset(out)

    @functools.cached_property
    def keys_of(self) -> Mapping[str, frozenset[str]]:
        """Text -> the keys (XKB names) that emit it at some level, on any layer."""
        out: dict[str, set[str]] = {}
        for layer in self.layers:
            for key, levels in layer.keys.items():
                for text in levels:
                    if text:
                        out.setdefault(text, set()).add(key)
        return MappingProxyType({k: frozenset(v) for k, v in out.items()})

    @functools.cached_property
    def layout(self) -> str:
        """The primary layout id with its XKB source, e.g. `in(deva)`."""
        return self.layers[0].name


def _input_method(data: Mapping[str, Any]) -> InputMethod:
    candidates: dict[tuple[str, str], str] = {}
    if data["kind"] == "pinyin":
        for table, syllables in data["syllables"].items():
            for reading, chars in syllables.items():
                candidates[(table, reading)] = chars
    else:
        for reading, chars in data.get("kanji", {}).items():
            candidates[("kanji", reading)] = chars
    return InputMethod(
        kind=data["kind"],
        scripts=frozenset(data["scripts"]),
        description=data["description"],
        window=int(data["window"]),
        candidates=MappingProxyType(candidates),
        romaji=MappingProxyType({k: tuple(v) for k, v in data.get("romaji", {}).items()}),
    )


def parse_keyboard(data: Mapping[str, Any], path: Path) -> Keyboard:
    """Build a `Keyboard` from a keyboard file's JSON.

    Raises:
        ConfigError: an unknown format, or a layer without keys.
    """
    if data.get("format") != FORMAT:
        raise ConfigError(f"{path}: keyboard format {data.get('format')!r}, expected {FORMAT}")
    layers = []
    for layer in data["layers"]:
        keys = {k: tuple(v) for k, v in layer["keys"].items()}
        if not keys:
            raise ConfigError(f"{path}: layer {layer['name']!r} has no keys")
        unknown = sorted(set(keys) - set(KEY_POSITIONS))
        if unknown:
            raise ConfigError(f"{path}: layer {layer['name']!r}: unknown keys {unknown}")
        layers.append(
            Layer(
                layer["name"],
                layer["role"],
                MappingProxyType(keys),
                MappingProxyType(layer_adjacency(keys)),
            )
        )
    im = data.get("input_method")
    return Keyboard(
        language=data["language"],
        layers=tuple(layers),
        composition=data.get("composition"),
        input_method=_input_method(im) if im else None,
        provenance=MappingProxyType(dict(data["provenance"])),
        path=path,
    )


@functools.cache
def _load(folder: Path, lang: str) -> Keyboard | None:
    path = folder / f"{lang}.json"
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"{path}: cannot read keyboard file ({exc})") from exc
    return parse_keyboard(data, path)


def load_keyboard(lang: str) -> Keyboard | None:
    """The keyboard of a language (cached), or None when no keyboard file exists for it.

    Raises:
        ConfigError: the file exists but cannot be read or parsed.
    """
    return _load(keyboards_dir(), lang)


def available_languages() -> tuple[str, ...]:
    """The languages with a keyboard file."""
    return tuple(sorted(p.stem for p in keyboards_dir().glob("*.json")))


def keyboard_for(script: str, lang: str) -> Keyboard | None:
    """The keyboard that types `script` in `lang`: its own, else the script's home one."""
    own = load_keyboard(lang)
    if own is not None and script in own.scripts:
        return own
    home = SCRIPT_HOME.get(script)
    if home is None or home == lang:
        return None
    other = load_keyboard(home)
    return other if other is not None and script in other.scripts else None


# --------------------------------------------------------------------------- neighbours


def _same_case(a: str, b: str) -> bool:
    return a.isupper() == b.isupper() and a.islower() == b.islower()


def _usable(text: str, script: str, like: str) -> bool:
    """A key's text can stand for a letter `like` of `script`: letters (and marks) of that
    script, starting with a letter of the same case."""
    if not text or not is_letter(text[0]) or script_of(text) != script:
        return False
    for c in text:
        if is_letter(c):
            if script_of(c) != script:
                return False
        elif not _is_mark(c):
            return False
    return _same_case(text[0], like)


def _clings(base: str, candidate: str) -> bool:
    """Whether `candidate` would not stand as clusters of its own after `base`."""
    return graphemes(base + candidate) != (base, *graphemes(candidate))


def _finish(grapheme: str, candidates: Sequence[str], single: bool) -> tuple[str, ...]:
    out: list[str] = []
    skip = {grapheme, unicodedata.normalize("NFC", grapheme)}
    base = grapheme[0]
    for cand in candidates:
        if cand in skip or cand in out:
            continue
        gs = graphemes(cand)
        if not gs or (single and len(gs) != 1) or not all(is_letter(g) for g in gs):
            continue
        if _clings(base, cand):
            continue
        out.append(cand)
    return tuple(out)


def _key_prefix(
    kb: Keyboard, grapheme: str, whole: bool
) -> tuple[str, str, tuple[str, ...]] | None:
    """The longest prefix of the cluster that a key emits: (prefix, rest, its neighbours).

    With `whole`, only the whole cluster (as is, or NFC) counts.
    """
    forms = dict.fromkeys((unicodedata.normalize("NFC", grapheme), grapheme))
    for form in forms:
        for end in range(len(form), len(form) - 1 if whole else 0, -1):
            adj = kb.adjacent(form[:end])
            if adj is not None and is_letter(form[:end]):
                return form[:end], form[end:], adj
    return None


def _base_key_fallback(kb: Keyboard, grapheme: str, script: str) -> tuple[str, ...]:
    """A cased letter no key emits (é on a US layout, accents from dead keys): the bare
    letters around its base letter's key, in its case."""
    base = grapheme[0]
    lower = base.lower()
    key = unicodedata.normalize("NFD", lower)[:1]
    if kb.adjacent(key) is None and script == "Latin":
        key = LATIN_KEY_BASE.get(lower, "")
    adj = kb.adjacent(key) if key else None
    if not adj:
        return ()
    upper = base.isupper()
    out = []
    for n in adj:
        if len(n) == 1 and n.islower() and script_of(n) == script:
            out.append(n.upper() if upper else n)
    return _finish(grapheme, out, single=True)


@dataclass(frozen=True)
class _Options:
    substitutes: tuple[str, ...]
    inserts: tuple[str, ...]


_NONE = _Options((), ())


def _layout_options(kb: Keyboard, grapheme: str, script: str) -> _Options:
    cased = grapheme[0].lower() != grapheme[0].upper()
    found = _key_prefix(kb, grapheme, whole=cased)
    if found is None:
        if cased:
            bare = _base_key_fallback(kb, grapheme, script)
            return _Options(bare, bare)
        return _NONE
    prefix, tail, adj = found
    usable = [n for n in adj if _usable(n, script, prefix)]
    inserts = _finish(grapheme, usable, single=False)
    if not tail:
        return _Options(inserts, inserts)
    category = _syllabic_category(prefix[0])
    subs = [
        n + tail for n in usable if len(graphemes(n)) == 1 and _syllabic_category(n[0]) == category
    ]
    for k, mark in enumerate(tail):
        if not _is_mark(mark):
            continue
        for n in kb.adjacent(mark) or ():
            if _is_mark(n) and unicode_script(n) in (script, "Inherited"):
                subs.append(prefix + tail[:k] + n + tail[k + 1 :])
    return _Options(_finish(grapheme, subs, single=True), inserts)


def _hangul_options(kb: Keyboard, grapheme: str) -> _Options:
    def jamo(k: str) -> tuple[str, ...]:
        return tuple(n for n in kb.adjacent(k) or () if hangul.is_jamo_key(n))

    if hangul.is_syllable(grapheme):
        found = tuple(hangul.syllable_neighbours(grapheme, jamo))
        return _Options(found, found)
    if hangul.is_jamo_key(grapheme):
        found = jamo(grapheme)
        return _Options(found, found)
    return _NONE


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "\u3041" <= c <= "\u3096" else c for c in text)


def _hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "\u30a1" <= c <= "\u30f6" else c for c in text)


def _latin_letter_neighbours(kb: Keyboard, letter: str) -> tuple[str, ...]:
    return tuple(
        n for n in kb.adjacent(letter) or () if len(n) == 1 and n.isascii() and n.islower()
    )


def _ime_options(kb: Keyboard, im: InputMethod, grapheme: str, script: str) -> _Options:
    out: list[str] = []
    if script in ("Hiragana", "Katakana") and im.romaji:
        kana = _hiragana(grapheme)
        for spelling in im.romaji.get(kana, ()):
            for i, letter in enumerate(spelling):
                for n in _latin_letter_neighbours(kb, letter):
                    other = im.kana_of.get(spelling[:i] + n + spelling[i + 1 :])
                    if other is not None and other != kana:
                        out.append(_katakana(other) if script == "Katakana" else other)
    else:
        where = im.position.get(grapheme)
        if where is not None:
            table, reading, rank = where
            chars = im.candidates[(table, reading)]
            lo, hi = max(0, rank - im.window), rank + im.window + 1
            out.extend(chars[lo:hi])
            if im.kind == "pinyin":  # a syllable one adjacent key away: its first candidate
                for i, letter in enumerate(reading):
                    for n in _latin_letter_neighbours(kb, letter):
                        typo = im.candidates.get((table, reading[:i] + n + reading[i + 1 :]))
                        if typo:
                            out.append(typo[0])
    found = _finish(grapheme, out, single=True)
    if im.kind == "romaji" and script == "Han":
        # a romaji typist who slips types extra kana, never an extra kanji of the same reading
        return _Options(found, ())
    return _Options(found, found)


@functools.lru_cache(maxsize=1 << 16)
def _options(grapheme: str, lang: str) -> _Options:
    if not is_letter(grapheme):
        return _NONE
    script = script_of(grapheme)
    kb = keyboard_for(script, lang)
    if kb is None:
        return _NONE
    if script == "Hangul" and kb.composition == "hangul-2set":
        return _hangul_options(kb, grapheme)
    im = kb.input_method
    if im is not None and script in im.scripts:
        return _ime_options(kb, im, grapheme, script)
    return _layout_options(kb, grapheme, script)


def neighbours(grapheme: str, lang: str) -> tuple[str, ...]:
    """Return the text a typist might produce instead of `grapheme`.

    Args:
        grapheme: one grapheme cluster.
        lang: the language code; picks the keyboard (see `keyboard_for`).

    Returns:
        Distinct replacements in a fixed order, none equal to `grapheme`; each is one cluster,
        except that a bare letter may be replaced by a key that emits several letters (Arabic
        lam-alef). Empty for non-letters and for letters no keyboard types.
    """
    return _options(grapheme, lang).substitutes


def insertions(grapheme: str, lang: str) -> tuple[str, ...]:
    """Return the text a typist might add next to `grapheme` (a neighbouring key's text).

    Args:
        grapheme: one grapheme cluster.
        lang: the language code.

    Returns:
        Distinct letters (possibly several clusters, e.g. lam-alef), in a fixed order.
    """
    return _options(grapheme, lang).inserts


ADJACENT = "adjacent"
SAME_KEY = "same key"
INPUT_METHOD = "input method"
OTHER_KEY = "other"
KEY_RELATIONS = (ADJACENT, SAME_KEY, INPUT_METHOD, OTHER_KEY)
"""What `key_relation` says about a typed text (doubled letters are the report's own)."""


def _key_names(kb: Keyboard, text: str) -> frozenset[str]:
    for form in dict.fromkeys((text, unicodedata.normalize("NFC", text))):
        found = kb.keys_of.get(form)
        if found:
            return found
    base = unicodedata.normalize("NFD", text)[:1]  # é typed with a dead key: the e key
    key = LATIN_KEY_BASE.get(base.lower(), base)
    return kb.keys_of.get(key) or kb.keys_of.get(key.lower()) or frozenset()


def key_relation(intended: str, typed: str, lang: str) -> str:
    """Where the key of `typed` is relative to the key of `intended`, on `lang`'s keyboard
    for the script of `intended` (as `neighbours` picks it).

    Args:
        intended: the text the typist meant (a key's text, e.g. a letter or a vowel sign).
        typed: the text that came out instead (or was added next to it).
        lang: the language code.

    Returns:
        `ADJACENT` (a physically neighbouring key, pc105 geometry), `SAME_KEY` (the same
        key at another level: a Shift or AltGr slip), `INPUT_METHOD` (the script is entered
        through an input method, not key by key) or `OTHER_KEY` (no key emits one of them,
        or the keys are further apart).
    """
    if not intended or not typed:
        return OTHER_KEY
    script = script_of(intended)
    kb = keyboard_for(script, lang)
    if kb is None:
        return OTHER_KEY
    if kb.input_method is not None and script in kb.input_method.scripts:
        return INPUT_METHOD
    a, b = _key_names(kb, intended), _key_names(kb, typed)
    if not a or not b:
        return OTHER_KEY
    if a & b:
        return SAME_KEY
    if any(y in adjacent_keys(x) for x in a for y in b):
        return ADJACENT
    return OTHER_KEY


def clear_caches(keyboards: bool = True) -> None:
    """Forget computed neighbours and (with `keyboards`) loaded keyboard files."""
    if keyboards:
        _load.cache_clear()
        _keyboards_dir.cache_clear()
    _options.cache_clear()
