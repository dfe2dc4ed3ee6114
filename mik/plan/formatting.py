"""Numbers and labels for people: Dutch by default (6,8%; 1.234), English on request."""

from __future__ import annotations

import math
import re

UNIT_SUFFIX = {
    "nl": {"percent": "%", "per_1000": " per 1.000", "score": "", "count": "", "rate": ""},
    "en": {"percent": "%", "per_1000": " per 1,000", "score": "", "count": "", "rate": ""},
}
UNIT_DECIMALS = {"percent": 1, "per_1000": 1, "score": 1, "count": 0, "rate": 1}


def fmt_number(x: float | int | None, decimals: int = 1, lang: str = "nl", signed: bool = False) -> str:
    """Format a number: ``fmt_number(1234.5)`` -> ``'1.234,5'``; English -> ``'1,234.5'``.

    None or NaN gives an en dash; ``signed`` puts + before a positive number.
    """
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    text = f"{x:+,.{decimals}f}" if signed else f"{x:,.{decimals}f}"
    if lang == "en":
        return text
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def fmt_value(x: float | None, unit: str, lang: str = "nl") -> str:
    """A value with its unit: ``fmt_value(6.8, 'percent')`` -> ``'6,8%'``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return fmt_number(x, UNIT_DECIMALS.get(unit, 1), lang) + UNIT_SUFFIX[_lang(lang)][unit]


def parse_number(text: str, lang: str = "nl") -> float:
    """A number as a person types it: ``parse_number('3,5')`` -> 3.5, ``'1.234,5'`` -> 1234.5;
    English ``'1,234.5'``. A Dutch reader may type a point for the decimal too (``'3.5'``) when no
    comma is present, except in groups of three digits: ``'7.000'`` is seven thousand, as a Dutch
    reader writes it. ValueError with the text when it is not a number."""
    raw = text.strip().replace(" ", "")
    if lang == "en":
        cleaned = raw.replace(",", "")
    elif "," in raw:
        cleaned = raw.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", raw):
        cleaned = raw.replace(".", "")  # '7.000', '1.250.000': points between thousands
    else:
        cleaned = raw  # '3.5': a point typed as the decimal sign
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"geen getal: {text!r}" if lang != "en" else f"not a number: {text!r}") from None
    if math.isnan(value) or math.isinf(value):
        raise ValueError(f"geen getal: {text!r}" if lang != "en" else f"not a number: {text!r}")
    return value


def fmt_comparator(comparator: str) -> str:
    return {"<=": "≤", ">=": "≥"}.get(comparator, comparator)


def _lang(lang: str) -> str:
    return "en" if lang == "en" else "nl"
