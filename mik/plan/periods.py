"""Periods: month, quarter, year, year-to-date and rolling 12 months.

Textual forms (used on the command line and in links):

=============  ==========================================  ===================
form           meaning                                     example
=============  ==========================================  ===================
``YYYY``       calendar year                               ``2016``
``YYYY-MM``    one month                                   ``2016-03``
``YYYY-Qn``    quarter                                     ``2016-Q1``
``YYYY-MM-YTD``  year to date: January up to that month    ``2016-09-YTD``
``YYYY-MM-R12``  rolling 12 months ending with that month  ``2016-09-R12``
=============  ==========================================  ===================

``end`` is exclusive: a period covers ``start <= month < end``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_FORMS = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-(\d{2})$"), "month"),
    (re.compile(r"^(\d{4})-Q([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{2})-YTD$"), "ytd"),
    (re.compile(r"^(\d{4})-(\d{2})-R12$"), "r12"),
)


def add_months(d: dt.date, n: int) -> dt.date:
    """First day of the month ``n`` months after the month of ``d``."""
    idx = d.year * 12 + d.month - 1 + n
    return dt.date(idx // 12, idx % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date
    end: dt.date  # exclusive, always the first of a month

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month

    @property
    def population_year(self) -> int:
        """Year whose 1 January population is the denominator: the year of the last month."""
        return add_months(self.end, -1).year

    @property
    def last_month(self) -> dt.date:
        return add_months(self.end, -1)

    @property
    def code(self) -> str:
        last = self.last_month
        return {
            "year": f"{self.start.year}",
            "month": f"{self.start:%Y-%m}",
            "quarter": f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}",
            "ytd": f"{last:%Y-%m}-YTD",
            "r12": f"{last:%Y-%m}-R12",
        }[self.kind]

    def label(self, lang: str = "nl") -> str:
        months_nl = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")
        months_en = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
        names = months_en if lang == "en" else months_nl
        last = self.last_month
        if self.kind == "year":
            return str(self.start.year)
        if self.kind == "month":
            return f"{names[self.start.month - 1]} {self.start.year}"
        if self.kind == "quarter":
            return (
                f"{self.start.year} K{(self.start.month - 1) // 3 + 1}"
                if lang != "en"
                else (f"{self.start.year} Q{(self.start.month - 1) // 3 + 1}")
            )
        first = names[self.start.month - 1]
        span = f"{first} {self.start.year} - {names[last.month - 1]} {last.year}"
        return span if lang == "en" or self.kind == "r12" else f"{first} - {names[last.month - 1]} {last.year}"

    def shifted_years(self, years: int) -> Period:
        """The same period ``years`` earlier (negative) or later."""
        return Period(self.kind, add_months(self.start, 12 * years), add_months(self.end, 12 * years))


def parse_period(text: str) -> Period:
    """Parse a period code (see module docstring). Raises ValueError with the accepted forms."""
    text = text.strip().upper()
    for pattern, kind in _FORMS:
        m = pattern.match(text)
        if not m:
            continue
        year = int(m.group(1))
        if kind == "year":
            return Period(kind, dt.date(year, 1, 1), dt.date(year + 1, 1, 1))
        if kind == "quarter":
            start = dt.date(year, 3 * (int(m.group(2)) - 1) + 1, 1)
            return Period(kind, start, add_months(start, 3))
        month = int(m.group(2))
        if not 1 <= month <= 12:
            break
        first = dt.date(year, month, 1)
        if kind == "month":
            return Period(kind, first, add_months(first, 1))
        if kind == "ytd":
            return Period(kind, dt.date(year, 1, 1), add_months(first, 1))
        return Period(kind, add_months(first, -11), add_months(first, 1))
    raise ValueError(f"period {text!r} not understood; use YYYY, YYYY-MM, YYYY-Qn, YYYY-MM-YTD or YYYY-MM-R12")


def year(y: int) -> Period:
    return parse_period(str(y))
