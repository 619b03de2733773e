"""Plain-language summaries of what a profile does in a language (`harness profiles --lang`)."""

from __future__ import annotations

from harness.noise.engine import language_fallback, operation_table
from harness.noise.indic import INDIC_SCRIPTS
from harness.noise.keyboard import SCRIPT_HOME, load_keyboard
from harness.schema import NoiseProfile

_WHITESPACE_OPS = ("split", "merge")


def _ops(table: dict[str, float] | object) -> str:
    if not isinstance(table, dict):
        return "-"
    return ", ".join(f"{k}:{v:g}" for k, v in table.items() if v > 0) or "-"


def keyboard_lines(lang: str) -> list[str]:
    """How `lang` is typed: its keyboard file's layouts, provenance, input method."""
    kb = load_keyboard(lang)
    if kb is None:
        homes = ", ".join(f"{s}: {h}" for s, h in SCRIPT_HOME.items())
        return [
            f"keyboard: none for {lang!r}; letters use their script's home keyboard ({homes}); "
            "other scripts get no keyboard typos"
        ]
    prov = kb.provenance
    lines = [
        f"keyboard: {kb.layout} ({kb.path.name}; {prov.get('package')} "
        f"{prov.get('package_version')}, layout {prov.get('layout')}, "
        f"variant {prov.get('variant')})",
    ]
    if prov.get("choice"):
        lines.append(f"why this layout: {prov['choice']}")
    for layer in kb.layers[1:]:
        lines.append(f"also: {layer.name} ({layer.role})")
    if kb.composition == "hangul-2set":
        lines.append(
            "Hangul: words are edited as two-set (dubeolsik) keystrokes and recomposed; an edit "
            "that leaves stray jamo falls back to whole syllables"
        )
    if kb.input_method is not None:
        im = kb.input_method
        lines.append(f"input method ({im.kind}, {', '.join(sorted(im.scripts))}): {im.description}")
    lines.append(f"scripts typed: {', '.join(sorted(kb.scripts))}")
    return lines


def _own_script(lang: str) -> str:
    kb = load_keyboard(lang)
    return str(kb.provenance.get("script", "")).title() if kb is not None else ""


def _uses(profile: NoiseProfile, ops: tuple[str, ...]) -> bool:
    return profile.unit == "word" and any(profile.operations.get(op, 0) > 0 for op in ops)


def _shape_parts(profile: NoiseProfile, lang: str) -> list[str]:
    """What a shaped (human-typing) profile adds, in plain words."""
    if not profile.shaped:
        return []
    parts = []
    if profile.word_weight == "sqrt_length":
        parts.append(
            f"words chosen in proportion to the square root of their length, each text's "
            f"expected edited share {profile.rate:g}"
        )
    if profile.position_weights is not None or profile.first_char_factor != 1.0:
        weights = "/".join(f"{w:g}" for w in profile.position_weights or (1.0,) * 5)
        parts.append(
            f"edit positions weighted {weights} by fifth of the word, the first letter "
            f"x{profile.first_char_factor:g}"
        )
    if profile.double_letter_share > 0:
        parts.append(
            f"{100 * profile.double_letter_share:g}% of insertions double a letter "
            "(not in input-method scripts)"
        )
    if profile.operations.get("diacritics", 0) > 0:
        own = _own_script(lang)
        where = "" if own in ("", "Latin") else f" ({own} words have none)"
        parts.append(f"diacritics only for words whose Latin letters carry marks{where}")
    if profile.reference is not None:
        parts.append("calibrated to a declared reference (harness noise-report compares)")
    return parts


def profile_line(profile: NoiseProfile, lang: str) -> str:
    """One sentence: what `profile` does to text in `lang`."""
    if profile.unit == "none":
        return "no noise (identity); eligible words are still counted"
    default = operation_table(profile, lang, "Latin")
    parts = [f"{profile.unit} unit, rate {profile.rate:g}; operations {_ops(profile.operations)}"]
    if set(profile.operations) <= {"diacritics"}:
        kb = load_keyboard(lang)
        own = str(kb.provenance.get("script", "")).title() if kb is not None else ""
        if own and own != "Latin":
            parts.append(
                f"drops marks of Latin letters only: {own} words are left alone, only "
                "Latin-script words change"
            )
    parts += _shape_parts(profile, lang)
    fallback = language_fallback(profile, lang)
    if fallback is not None:
        parts.append(
            f"fallback ({fallback.method}) for {', '.join(fallback.scripts)}: "
            f"{_ops(fallback.operations)} - {fallback.description}"
        )
    if _own_script(lang) in INDIC_SCRIPTS and _uses(profile, ("deletion", "transposition")):
        parts.append(
            "deletions and transpositions edit single keystrokes (a matra, a virama, a "
            "consonant) and keep only valid syllables"
        )
    for script, table in profile.script_fallbacks.items():
        parts.append(f"{script} words: {_ops(table)}")
    if any(default.get(op, 0) > 0 for op in _WHITESPACE_OPS):
        parts.append("tagging tokens: split/merge skipped")
    return "; ".join(parts)
