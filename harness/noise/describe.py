"""Plain-language summaries of what a profile does in a language (`harness profiles --lang`)."""

from __future__ import annotations

from harness.noise.engine import language_fallback, operation_table
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
    fallback = language_fallback(profile, lang)
    if fallback is not None:
        parts.append(
            f"fallback ({fallback.method}) for {', '.join(fallback.scripts)}: "
            f"{_ops(fallback.operations)} - {fallback.description}"
        )
    for script, table in profile.script_fallbacks.items():
        parts.append(f"{script} words: {_ops(table)}")
    if any(default.get(op, 0) > 0 for op in _WHITESPACE_OPS):
        parts.append("tagging tokens: split/merge skipped")
    return "; ".join(parts)
