"""What the pickers offer: the period codes of the loaded data."""

from __future__ import annotations

from mik.data import queries
from mik.figures import indicators
from mik.plan.periods import add_months, parse_period


def period_choices(con) -> list[str]:
    """Period codes offered by pickers: years, rolling 12 months and year-to-date of the data.

    With yearly figures only (CBS tables), only the loaded years: a month of them is not known.
    """
    first, stand = queries.data_period(con)
    if first is None or stand is None:
        return []
    if queries.monthly_span(con)[0] is None:
        years = [parse_period(str(y)) for y in range(stand.year, first.year - 1, -1)]
        return [p.code for p in years if queries.loaded_in(con, p.start, p.end)]
    last = indicators.last_complete_month(stand)
    out = [f"{last:%Y-%m}-R12", f"{last:%Y-%m}-YTD", f"{last:%Y-%m}"]
    out += [str(y) for y in range(last.year - (last.month < 12), first.year - 1, -1)]
    out += [f"{add_months(last, -12):%Y-%m}-R12"]
    return out
