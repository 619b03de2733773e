"""Real text per language, for checking realized noise rates against nominal ones.

Reads the official XTREME `download/` layout (as in ../shared/realdata): the target-language
side of Tatoeba (`tatoeba/<l>-en.<l>`; English from the `.en` sides), XCOPA premises and
choices (`xcopa/{val,test}-<l>.jsonl`), XQuAD questions and contexts (`xquad/test-<l>.json`) and
UD part-of-speech tokens (`udpos/test-<l>.tsv`, noised as tagging tokens). `rate_rows` noises
each language's text under a profile, repeating it with fresh RNG keys (passes) until at least
`min_eligible` eligible words were drawn, and reports the realized figures.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from harness.noise.engine import perturb, perturb_tokens
from harness.noise.measure import measure_texts
from harness.noise.rng import FieldSeeds
from harness.schema import NoiseFigures, NoiseProfile

Text = str | tuple[str, ...]

MIN_ELIGIBLE = 5000
"""The fewest eligible words a language's rate is measured over."""

MIN_EDITS = 600
"""The fewest edits a language's human-likeness report is measured over (some 90 insertions
for the doubled-letter share)."""


def report_passes(profile: NoiseProfile, eligible: int, passes: int = 1) -> int:
    """How many passes over texts holding `eligible` eligible words give at least
    `MIN_EDITS` edits at the profile's rate (and at least `passes`)."""
    if eligible <= 0 or profile.rate <= 0:
        return passes
    return max(passes, math.ceil(MIN_EDITS / (profile.rate * eligible)))


def _lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _tatoeba(folder: Path, lang: str) -> list[Text]:
    if lang == "en":
        seen: dict[str, None] = {}
        for path in sorted(folder.glob("*-en.en")):
            seen.update(dict.fromkeys(_lines(path)))
        return list(seen)
    path = folder / f"{lang}-en.{lang}"
    return list(_lines(path)) if path.is_file() else []


def _xcopa(folder: Path, lang: str) -> list[Text]:
    out: list[Text] = []
    for split in ("val", "test"):
        path = folder / f"{split}-{lang}.jsonl"
        if path.is_file():
            for line in _lines(path):
                record = json.loads(line)
                out.extend(str(record[k]) for k in ("premise", "choice1", "choice2"))
    return out


def _xquad(folder: Path, lang: str) -> list[Text]:
    path = folder / f"test-{lang}.json"
    if not path.is_file():
        return []
    out: list[Text] = []
    for article in json.loads(path.read_text(encoding="utf-8"))["data"]:
        for paragraph in article["paragraphs"]:
            out.append(paragraph["context"])
            out.extend(qa["question"] for qa in paragraph["qas"])
    return out


def _udpos(folder: Path, lang: str) -> list[Text]:
    path = folder / f"test-{lang}.tsv"
    if not path.is_file():
        return []
    out: list[Text] = []
    sentence: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            sentence.append(line.split("\t")[0])
        elif sentence:
            out.append(tuple(sentence))
            sentence = []
    return out


SOURCES = {"tatoeba": _tatoeba, "xcopa": _xcopa, "xquad": _xquad, "udpos": _udpos}
"""Source name -> reader of one language's texts from that source's download/ folder."""


def real_texts(root: Path, langs: Iterable[str]) -> dict[str, dict[str, list[Text]]]:
    """Each language's real texts by source (languages without any are left out).

    Args:
        root: a folder holding `download/` (the official layout).
        langs: the languages to look for.
    """
    out: dict[str, dict[str, list[Text]]] = {}
    for lang in langs:
        found = {}
        for name, reader in SOURCES.items():
            texts = reader(root / "download" / name, lang)
            if texts:
                found[name] = texts
        if found:
            out[lang] = found
    return out


@dataclass(frozen=True)
class RateRow:
    """One language's realized noise under a profile.

    Attributes:
        lang: the language code.
        sources: the sources its texts came from, with their text counts.
        texts: texts per pass.
        passes: how many times the texts were noised (fresh RNG keys each time).
        figures: the realized figures over all passes.
    """

    lang: str
    sources: tuple[tuple[str, int], ...]
    texts: int
    passes: int
    figures: NoiseFigures


def eligible_prefix(
    texts: Sequence[Text], profile: NoiseProfile, lang: str, wanted: int
) -> tuple[int, int]:
    """How many leading texts hold `wanted` eligible words (all of them if fewer), and how
    many eligible words those hold."""
    counter = profile.model_copy(
        update={
            "unit": "none",
            "rate": 0.0,
            "operations": {},
            "language_fallbacks": {},
            "script_fallbacks": {},
        }
    )
    unused = FieldSeeds(b"")  # a `none` unit draws nothing
    total = 0
    for i, text in enumerate(texts):
        if isinstance(text, str):
            total += perturb(text, counter, lang, unused).eligible_words
        else:
            total += perturb_tokens(text, counter, lang, unused)[2]
        if total >= wanted:
            return i + 1, total
    return len(texts), total


def rate_row(
    lang: str,
    by_source: dict[str, list[Text]],
    profile: NoiseProfile,
    min_eligible: int = MIN_ELIGIBLE,
    *,
    all_text: bool = True,
) -> RateRow:
    """Noise one language's texts until `min_eligible` eligible words were drawn.

    With `all_text` every text is used (in several passes if they hold too few eligible
    words); otherwise only the first texts that hold `min_eligible` of them (faster).
    """
    texts: Sequence[Text] = [t for found in by_source.values() for t in found]
    if not all_text:
        texts = texts[: eligible_prefix(texts, profile, lang, min_eligible)[0]]
        kept = len(texts)
        sources: list[tuple[str, int]] = []
        for name, found in by_source.items():
            if kept > 0:
                sources.append((name, min(kept, len(found))))
            kept -= len(found)
        by_source = {name: by_source[name][:n] for name, n in sources}
    once = measure_texts(texts, profile, lang, task="noise-rates")
    passes = max(1, math.ceil(min_eligible / once.eligible_words)) if once.eligible_words else 1
    figures = (
        once
        if passes == 1
        else measure_texts(texts, profile, lang, task="noise-rates", passes=passes)
    )
    counts = tuple((name, len(found)) for name, found in by_source.items())
    return RateRow(lang, counts, len(texts), passes, figures)


def rate_rows(
    root: Path,
    langs: Iterable[str],
    profile: NoiseProfile,
    min_eligible: int = MIN_ELIGIBLE,
    *,
    all_text: bool = True,
) -> list[RateRow]:
    """`rate_row` for every language of `langs` that has real text under `root`."""
    found = real_texts(root, langs)
    return [
        rate_row(lang, found[lang], profile, min_eligible, all_text=all_text)
        for lang in sorted(found)
    ]
