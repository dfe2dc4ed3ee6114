"""Disclosure audit: can a user of a role recover a suppressed count from what the role may see?

For a role and a calendar year, every figure the role sees below and at gemeente level is
collected through the same functions the app uses (counts per gemeente, wijk, buurt and
aandachtsgebied, for the plan's police indicators and the total ``0.0.0``; a visible rate with
its population gives the count, so visible counts cover rates). Unknowns are the counts per buurt
and category set. Every visible count is an equation over its buurten; a category set that is
part of another is no larger than it per buurt; counts are not negative. For each suppressed cell
two linear programmes (``scipy.optimize.linprog``) give the smallest and the largest value it can
have. A cell is exposed when that range is narrower than the small-count threshold: the user
would then know the count to within fewer than ``threshold`` values.

The attacker is assumed to know no more than the role sees (not which hidden cells are primary);
whole years only, as restricted roles get no shorter periods below the gemeente.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mik.data import queries
from mik.figures import indicators
from mik.plan.codes import in_gemeente
from mik.plan.config import Config
from mik.plan.periods import parse_period
from mik.privacy.access import Access


@dataclass(frozen=True)
class Exposure:
    """A suppressed cell whose feasible range is too narrow."""

    year: int
    measure: str
    level: str
    area_code: str
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.year} {self.measure} {self.level} {self.area_code}: {self.low:g}..{self.high:g}"


def measures(con, cfg: Config) -> dict[str, tuple[str, ...]]:
    """The category sets a restricted role sees below gemeente level: plan indicators and 0.0.0."""
    out = {i.id: tuple(i.categories) for i in cfg.indicators if i.source == "police" and i.has_data_definition}
    out["0.0.0"] = tuple(queries.category_leaves(con, "0.0.0"))
    return {k: v for k, v in out.items() if v}


def _members(con, gemeente: str) -> dict[str, dict[str, list[str]]]:
    """level -> area code -> its buurten (of the gemeente)."""
    buurten = queries.area_list(con, "buurt")
    buurten = buurten[in_gemeente(buurten.code, gemeente)]
    out: dict[str, dict[str, list[str]]] = {
        "buurt": {b: [b] for b in buurten.code},
        "wijk": {w: list(g.code) for w, g in buurten.groupby("parent_code")},
        "gemeente": {gemeente: list(buurten.code)},
    }
    ag = queries.attention_members(con)
    ag = ag[ag.area_code.isin(set(buurten.code))]
    out["aandachtsgebied"] = {a: list(g.area_code) for a, g in ag.groupby("attention_code")}
    return out


def audit_year(con, cfg: Config, access: Access, year: int) -> list[Exposure]:
    """Every suppressed cell of ``year`` whose feasible range is narrower than the threshold."""
    from scipy.optimize import linprog

    period = parse_period(str(year))
    gm = cfg.gemeente_code
    members = _members(con, gm)
    buurten = list(members["buurt"])
    sets = measures(con, cfg)
    names = list(sets)
    col = {(m, b): i for i, (m, b) in enumerate((m, b) for m in names for b in buurten)}
    n = len(col)
    eq_rows, eq_vals, hidden = [], [], []
    levels = [lv for lv in ("gemeente", "wijk", "buurt", "aandachtsgebied") if access.may_see(lv) and members[lv]]
    for m in names:
        for level in levels:
            df = indicators.category_values(
                con, sets[m], level, period, False, access=access, scope="indicator", gemeente=gm
            )
            for r in df.itertuples():
                if r.area_code not in members[level]:
                    continue
                row = np.zeros(n)
                for b in members[level][r.area_code]:
                    row[col[(m, b)]] = 1
                if bool(getattr(r, "suppressed", False)):
                    hidden.append((m, level, r.area_code, row))
                elif pd.notna(r.count):
                    eq_rows.append(row)
                    eq_vals.append(float(r.count))
    # a category set that is part of another is no larger than it, buurt by buurt
    ub_rows = []
    for small in names:
        for big in names:
            if small != big and set(sets[small]) < set(sets[big]):
                for b in buurten:
                    row = np.zeros(n)
                    row[col[(small, b)]], row[col[(big, b)]] = 1, -1
                    ub_rows.append(row)
    a_eq, b_eq = (np.array(eq_rows), np.array(eq_vals)) if eq_rows else (None, None)
    a_ub, b_ub = (np.array(ub_rows), np.zeros(len(ub_rows))) if ub_rows else (None, None)
    exposed = []
    for m, level, code, row in hidden:
        ends = []
        for sign in (1, -1):
            res = linprog(sign * row, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            ends.append(sign * res.fun if res.status == 0 else (0.0 if sign == 1 else float("inf")))
        low, high = ends
        if high - low < access.threshold - 1e-6:
            exposed.append(Exposure(year, m, level, code, round(low, 6), round(high, 6)))
    return exposed
