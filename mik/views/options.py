"""What the pickers offer: the period codes of the loaded data."""

from __future__ import annotations

import datetime as dt

from mik.data import queries
from mik.figures import indicators
from mik.plan.periods import Period, add_months, parse_period
from mik.privacy.access import Access, sees_months


def months_cover(con, first: dt.date, last: dt.date) -> bool:
    """Whether the monthly figures run from ``first`` (or earlier) to ``last``: a window over months
    that are not loaded would count part of itself as the whole (a yearly figure never counts for
    its months)."""
    start, end = queries.monthly_span(con)
    return start is not None and start <= first and end >= last


def rolling_period(con, last: dt.date) -> str:
    """The report's window through month ``last``: the rolling 12 months when the months cover it,
    else the year to date, else the month itself."""
    if months_cover(con, add_months(last, -11), last):
        return f"{last:%Y-%m}-R12"
    if months_cover(con, dt.date(last.year, 1, 1), last):
        return f"{last:%Y-%m}-YTD"
    return f"{last:%Y-%m}"


def area_period(con, month: dt.date, access: Access, level: str) -> Period:
    """The window of a report's figures at ``level`` through ``month`` (the deck's maps and tables,
    the factsheet): :func:`rolling_period` where the role sees months at that level and monthly
    figures cover the window; else the last whole calendar year through the month (a role restricted
    below the gemeente, or yearly figures only, which have no months)."""
    code = rolling_period(con, month)
    if sees_months(access, level) and code.endswith(("-R12", "-YTD")):
        return parse_period(code)
    return parse_period(str(month.year if month.month == 12 else month.year - 1))


def period_choices(con) -> list[str]:
    """Period codes offered by pickers: years, rolling 12 months and year-to-date of the data.

    With yearly figures only (CBS tables), only the loaded years: a month of them is not known.
    A rolling 12 months or a year-to-date is offered only when the monthly figures cover all of
    it (a police export from January 2024 has no rolling year in June 2024: half of it would be
    missing, and a yearly figure never counts for its months).
    """
    first, stand = queries.data_period(con)
    if first is None or stand is None:
        return []
    first_month = queries.monthly_span(con)[0]
    years = [parse_period(str(y)) for y in range(stand.year, first.year - 1, -1)]
    if first_month is None:
        return [p.code for p in years if queries.loaded_in(con, p.start, p.end)]
    last = indicators.last_complete_month(stand)
    out = [f"{last:%Y-%m}-R12"] if months_cover(con, add_months(last, -11), last) else []
    out += [f"{last:%Y-%m}-YTD"] if months_cover(con, dt.date(last.year, 1, 1), last) else []
    out += [f"{last:%Y-%m}"]
    whole = range(last.year - (last.month < 12), first.year - 1, -1)
    out += [str(y) for y in whole if queries.loaded_in(con, dt.date(y, 1, 1), dt.date(y + 1, 1, 1))]
    out += [f"{add_months(last, -12):%Y-%m}-R12"] if months_cover(con, add_months(last, -23), last) else []
    return out
