"""Number formatting shared by tables, charts and downloads: fixed digits, typographic signs."""

from __future__ import annotations

import math
import re

from harness.metrics.bootstrap import Estimate

DASH = "–"  # noqa: RUF001 - an en dash for "no value"
MINUS = "−"  # noqa: RUF001 - the typographic minus sign


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return DASH
    text = f"{value:.{digits}f}"
    if text.strip("-0.") == "":  # no "-0.0"
        return "0." + "0" * digits if digits else "0"
    return text


def _signed(value: float | None, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return DASH
    text = f"{value:+.{digits}f}"
    if text.strip("+-0.") == "":
        return "0." + "0" * digits if digits else "0"
    return text.replace("-", MINUS)


def _ci(e: Estimate | None, digits: int = 1, signed: bool = False) -> str:
    if e is None:
        return ""
    f = _signed if signed else _num
    return f"[{f(e.low, digits)}, {f(e.high, digits)}]"


_ABSOLUTE = re.compile(r"^(/|~|[A-Za-z]:[\\/]|\\\\)")


def public_path(text: str, keep: int = 1) -> str:
    """A path as the public pages may show it: relative paths as written; an absolute local
    path (which names someone's machine) reduced to its last `keep` parts after `…/`."""
    if not _ABSOLUTE.match(text):
        return text
    parts = [p for p in re.split(r"[\\/]+", text) if p]
    return "…/" + "/".join(parts[-keep:]) if parts else "…"
