"""Number formatting shared by tables, charts and downloads: fixed digits, typographic signs."""

from __future__ import annotations

import math

from harness.metrics.bootstrap import Estimate

DASH = "–"  # noqa: RUF001 - an en dash for "no value"
MINUS = "−"  # noqa: RUF001 - the typographic minus sign


def _num(value: float | None, digits: int = 1) -> str:
    if value is None or math.isnan(value):
        return DASH
    text = f"{value:.{digits}f}"
    return "0." + "0" * digits if text.strip("-0.") == "" else text


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
