#!/usr/bin/env python3
"""Measure profiles' realized noise on real text in every language; write the tables.

    python scripts/noise_rates.py --realdata ../shared/realdata --out docs/noise-rates.md

For each profile (default: typo-10 and the human profiles) and each XTREME-R language with real
text under `--realdata` (Tatoeba, XCOPA, XQuAD, UD POS: see `harness.noise.realtext`), the text
is noised under the profile, repeated with fresh RNG keys until at least 5,000 eligible words
were drawn, and the realized word-change rate, CER and changed-text fraction are tabulated. A
profile with a reference also gets its human-likeness report per language
(`harness.noise.report`, over the same texts, in as many passes as give 600 edits). Exits 1
when a rate is further than `--tolerance` from the nominal rate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harness.noise.keyboard import XTREME_R_LANGUAGES
from harness.noise.realtext import MIN_ELIGIBLE, RateRow, rate_rows, real_texts, report_passes
from harness.noise.report import Report, human_report
from harness.registry import Registry
from harness.schema import NoiseProfile

DEFAULT_PROFILES = "typo-10,human-5,human-10,human-20"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def render_rates(rows: list[RateRow], profile: NoiseProfile, tolerance: float) -> list[str]:
    nominal = profile.rate
    rates = [r.figures.word_change_rate for r in rows]
    lines = [f"## {profile.name} (v{profile.version})", ""]
    if rows:
        lo = min(rows, key=lambda r: r.figures.word_change_rate)
        hi = max(rows, key=lambda r: r.figures.word_change_rate)
        inside = sum(abs(x - nominal) <= tolerance + 1e-12 for x in rates)
        lines += [
            f"Nominal word-change rate {100 * nominal:g}%. {len(rows)} languages measured; "
            f"word-change rate from {100 * lo.figures.word_change_rate:.2f}% ({lo.lang}) to "
            f"{100 * hi.figures.word_change_rate:.2f}% ({hi.lang}); "
            f"{inside} of {len(rows)} within the bound.",
            "",
        ]
    lines += [
        "| lang | sources (texts) | passes | eligible words | word-change rate | CER "
        "| changed texts | within bound | fallbacks |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        f = r.figures
        ok = abs(f.word_change_rate - nominal) <= tolerance + 1e-12
        sources = ", ".join(f"{name} ({n:,})" for name, n in r.sources)
        lines.append(
            f"| {r.lang} | {sources} | {r.passes} | {f.eligible_words:,} "
            f"| {100 * f.word_change_rate:.2f}% | {100 * f.cer:.2f}% "
            f"| {100 * f.changed_fraction:.1f}% | {'yes' if ok else 'NO'} "
            f"| {'; '.join(f.fallbacks) or '-'} |"
        )
    return lines


def render_reports(reports: dict[str, Report], profile: NoiseProfile) -> list[str]:
    ref = profile.reference
    if ref is None:
        return []
    tol = ref.tolerance
    within = sum(r.reference is not None and r.reference.within for r in reports.values())
    compared = sum(r.reference is not None and r.reference.compared for r in reports.values())
    positions = " / ".join(f"{100 * x:.1f}" for x in ref.positions)
    lines = [
        "",
        f"Human-likeness (`harness noise-report`), against the reference: edit types "
        f"{', '.join(f'{k} {100 * v:g}%' for k, v in ref.operations.items())} (JS <= "
        f"{tol.operations_js:g} bits); positions by fifth {positions}% (JS <= "
        f"{tol.positions_js:g}); first-character rate {_pct(ref.first_char_rate)} +/- "
        f"{100 * (tol.first_char_rate or 0):g} points; doubled-letter share "
        f"{_pct(ref.double_letter_share)} +/- {100 * (tol.double_letter_share or 0):g} points. "
        f"{within} of {compared} compared languages within; languages typed through an input "
        "method have too few key-by-key edits to compare.",
        "",
        "| lang | edits compared | edit types JS | positions JS | positions by fifth "
        "| first char | doubled | adjacent key | within |",
        "|---|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for lang, r in reports.items():
        c = r.reference
        if c is None:
            continue
        verdict = "yes" if c.within else ("NO" if c.compared else "too few edits")
        fifths = " / ".join(f"{100 * x:.0f}" for x in r.positions)
        lines.append(
            f"| {lang} | {c.edits:,} | {c.operations_js:.4f} | {c.positions_js:.4f} | {fifths} "
            f"| {_pct(c.first_char_rate)} | {_pct(c.double_letter_share)} "
            f"| {_pct(r.adjacent_key_share)} | {verdict} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--realdata", type=Path, required=True, help="folder holding download/")
    parser.add_argument("--out", type=Path, help="write the Markdown tables here (else stdout)")
    parser.add_argument("--profile", default=DEFAULT_PROFILES, help="comma-separated")
    parser.add_argument("--tolerance", type=float, default=0.015)
    parser.add_argument("--langs", help="comma-separated (default: all 50)")
    args = parser.parse_args(argv)
    if not (args.realdata / "download").is_dir():
        print(f"error: {args.realdata} has no download/ folder", file=sys.stderr)
        return 2
    registry = Registry.load()
    profiles = [registry.profile(name) for name in args.profile.split(",")]
    langs = args.langs.split(",") if args.langs else XTREME_R_LANGUAGES
    command = "python scripts/noise_rates.py --realdata ../shared/realdata"
    if args.out is not None:
        command += f" --out {args.out}"
    if args.profile != DEFAULT_PROFILES:
        command += f" --profile {args.profile}"
    text = [
        "# Realized noise rates",
        "",
        f"Generated by `{command}`; do not edit by hand.",
        "",
        f"Bound: within {100 * args.tolerance:g} points of the nominal rate, over at least "
        f"{MIN_ELIGIBLE:,} eligible words per language (texts are noised again with fresh RNG "
        "keys, `passes`, until that many were drawn). Text: the target-language side of "
        "Tatoeba, XCOPA premises and choices, XQuAD contexts and questions, UD POS tokens (as "
        "tagging tokens; the human-likeness reports read them joined by spaces), from the real "
        "data folder.",
    ]
    bad = []
    measured: set[str] = set()
    found = real_texts(args.realdata, langs)
    for profile in profiles:
        rows = rate_rows(args.realdata, langs, profile)
        measured |= {r.lang for r in rows}
        reports = {}
        if profile.reference is not None:
            for r in rows:
                texts = [
                    t if isinstance(t, str) else " ".join(t)
                    for source in found[r.lang].values()
                    for t in source
                ]
                passes = report_passes(profile, r.figures.eligible_words // r.passes, r.passes)
                reports[r.lang] = human_report(
                    texts, profile, r.lang, passes=passes, task="noise-rates"
                )
        text += ["", *render_rates(rows, profile, args.tolerance)]
        text += render_reports(reports, profile)
        bad += [
            f"{profile.name}: {r.lang}"
            for r in rows
            if abs(r.figures.word_change_rate - profile.rate) > args.tolerance
        ]
    missing = [lang for lang in XTREME_R_LANGUAGES if lang not in measured]
    if missing:
        text += ["", f"No real text in the data folder for: {', '.join(missing)}."]
    out = "\n".join(text) + "\n"
    if args.out is None:
        sys.stdout.write(out)
    else:
        args.out.write_text(out, encoding="utf-8")
        print(f"wrote {args.out} ({len(measured)} languages, {len(profiles)} profiles)")
    if bad:
        print(f"outside the bound: {', '.join(bad)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
