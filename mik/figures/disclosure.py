"""Disclosure audit: how narrowly can a user of a role pin down a suppressed count from what the
role may see and from MIK's published rules?

The attacker (issue 22): for a role and a calendar year, every figure the role sees below and at
gemeente level, collected through the same functions the app uses (counts per gemeente, wijk,
buurt and aandachtsgebied, for the plan's police indicators and the total ``0.0.0``; a visible
rate with its population gives the count, so visible counts cover rates; Thema's changes, the
decks and the exports show the same yearly cells). Unknowns are the counts per buurt and category
set, integers, not negative. The attacker also knows the rules of :mod:`mik.privacy.suppression`,
as the source is open:

* every visible count is an equation over its buurten;
* a category set that is part of another is no larger than it, buurt by buurt;
* a hidden cell is never 0 (zeros are shown), so it is at least 1;
* extra (secondary) cells are the smallest visible non-zero cells of their group, and a primary
  cell is below the threshold, below any visible non-zero cell: so every hidden cell of a wijk or
  buurt table is at most the smallest non-zero count left visible in its group; a wijk hidden
  because its buurten could not be protected (:func:`mik.privacy.suppression.nested`) holds fewer
  than the threshold plus its number of buurten, so a hidden wijk is at most the larger of the two.

For each hidden cell two integer programmes (``scipy.optimize.milp``, HiGHS) give the smallest and
the largest value it can have: its feasible interval. A cell is exposed when the interval is
narrower than the small-count threshold (``high - low < threshold``): the attacker would know it to
within fewer values than the rule hides. Whole years only, as restricted roles get no shorter
periods below the gemeente. Not modelled: that the rule needed exactly the cells it hid (a
disjunction over which of them came last, not a bound on any one cell).
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
from mik.privacy.access import Access, access_for


@dataclass(frozen=True)
class Interval:
    """What the attacker can know of one suppressed cell: ``low`` <= count <= ``high``."""

    year: int
    measure: str
    level: str
    area_code: str
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    def __str__(self) -> str:
        return f"{self.year} {self.measure} {self.level} {self.area_code}: {self.low:g}..{self.high:g}"


#: an interval narrower than the threshold (kept as a name for the tests and the CLI)
Exposure = Interval


def measures(con, cfg: Config) -> dict[str, tuple[str, ...]]:
    """The category sets a restricted role sees below gemeente level: plan indicators and 0.0.0."""
    out = {i.id: tuple(i.categories) for i in cfg.indicators if i.source == "police" and i.has_data_definition}
    out["0.0.0"] = tuple(queries.category_leaves(con, "0.0.0"))
    return {k: v for k, v in out.items() if v}


def _members(con, gemeente: str) -> tuple[dict[str, dict[str, list[str]]], dict[str, str]]:
    """level -> area code -> its buurten (of the gemeente); and area code -> parent (wijk, buurt)."""
    areas = queries.area_list(con)
    buurten = areas[(areas.level == "buurt") & in_gemeente(areas.code, gemeente)]
    out: dict[str, dict[str, list[str]]] = {
        "buurt": {b: [b] for b in buurten.code},
        "wijk": {w: list(g.code) for w, g in buurten.groupby("parent_code")},
        "gemeente": {gemeente: list(buurten.code)},
    }
    ag = queries.attention_members(con)
    ag = ag[ag.area_code.isin(set(buurten.code))]
    out["aandachtsgebied"] = {a: list(g.area_code) for a, g in ag.groupby("attention_code")}
    parents = areas[areas.level.isin(["wijk", "buurt"])]
    return out, dict(zip(parents.code, parents.parent_code, strict=True))


def intervals_year(con, cfg: Config, access: Access, year: int) -> list[Interval]:
    """The feasible interval of every suppressed cell the role gets for ``year``."""
    from scipy.optimize import Bounds, LinearConstraint, milp

    period = parse_period(str(year))
    gm = cfg.gemeente_code
    members, parent = _members(con, gm)
    buurten = list(members["buurt"])
    sets = measures(con, cfg)
    names = list(sets)
    col = {(m, b): i for i, (m, b) in enumerate((m, b) for m in names for b in buurten)}
    n = len(col)
    rows, lows, highs, hidden = [], [], [], []

    def add(row, low, high):
        rows.append(row)
        lows.append(low)
        highs.append(high)

    levels = [lv for lv in ("gemeente", "wijk", "buurt", "aandachtsgebied") if access.may_see(lv) and members[lv]]
    nests = access.may_see("buurt")
    for m in names:
        for level in levels:
            df = indicators.category_values(
                con, sets[m], level, period, False, access=access, scope="indicator", gemeente=gm
            )
            df = df[df.area_code.isin(set(members[level]))]
            shown = df[~df.suppressed.astype(bool) & df["count"].notna()]
            smallest = (
                shown[shown["count"] > 0].groupby(shown.area_code.map(parent))["count"].min().to_dict()
                if level in ("wijk", "buurt")
                else {}
            )

            def forced(code, level=level):  # a wijk hidden for its buurten (suppression.nested): small
                return access.threshold - 1 + len(members[level][code]) if nests and level == "wijk" else 0

            for r in df.itertuples():
                row = np.zeros(n)
                for b in members[level][r.area_code]:
                    row[col[(m, b)]] = 1
                if bool(r.suppressed):
                    hidden.append((m, level, r.area_code, row))
                    # zeros are shown; the rule hides the smallest cells of a group first
                    bound = max(float(smallest.get(parent.get(r.area_code), np.inf)), forced(r.area_code))
                    add(row, 1, bound)
                elif pd.notna(r.count):
                    add(row, float(r.count), float(r.count))
    for small in names:  # a category set that is part of another is no larger than it, buurt by buurt
        for big in names:
            if small != big and set(sets[small]) < set(sets[big]):
                for b in buurten:
                    row = np.zeros(n)
                    row[col[(small, b)]], row[col[(big, b)]] = 1, -1
                    add(row, -np.inf, 0)
    constraints = [LinearConstraint(np.array(rows), lows, highs)] if rows else []
    out = []
    for m, level, code, row in hidden:
        ends = []
        for sign in (1, -1):
            res = milp(sign * row, constraints=constraints, integrality=np.ones(n), bounds=Bounds(0, np.inf))
            ends.append(sign * res.fun if res.status == 0 else (0.0 if sign == 1 else float("inf")))
        out.append(Interval(year, m, level, code, round(ends[0], 6), round(ends[1], 6)))
    return out


def audit_year(con, cfg: Config, access: Access, year: int) -> list[Interval]:
    """Every suppressed cell of ``year`` whose feasible interval is narrower than the threshold."""
    return [i for i in intervals_year(con, cfg, access, year) if i.width < access.threshold - 1e-6]


@dataclass(frozen=True)
class RoleYear:
    """One line of ``mik audit --disclosure``: a role's hidden cells of a year, the narrowest."""

    role: str
    year: int
    hidden: int
    exposed: int
    narrowest: Interval | None


def restricted_roles(cfg: Config) -> list[Access]:
    """The roles that see suppressed figures: below the gemeente and not unsuppressed."""
    out = []
    for r in cfg.roles:
        access = access_for(cfg, "audit", r.id)
        if not access.unsuppressed and access.may_see("wijk"):
            out.append(access)
    return out


def data_years(con) -> list[int]:
    """Every calendar year the police figures cover, the running one too."""
    first, stand = queries.data_period(con)
    return list(range(first.year, stand.year + 1)) if first and stand else []


def report(con, cfg: Config, roles: list[Access], years: list[int]) -> list[RoleYear]:
    """Per role and year: how many cells are hidden, how many are exposed, and the narrowest."""
    out = []
    for access in roles:
        for year in years:
            cells = intervals_year(con, cfg, access, year)
            narrowest = min(cells, key=lambda i: i.width, default=None)
            exposed = sum(i.width < access.threshold - 1e-6 for i in cells)
            out.append(RoleYear(access.role, year, len(cells), exposed, narrowest))
    return out
