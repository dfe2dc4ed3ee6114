"""Comparisons: with the same period last year, with the peer group, rank among the references."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from mik import indicators, queries
from mik.access import Access
from mik.config import Config
from mik.periods import Period
from mik.targets import peer_statistic


def change_pct(current: float | None, previous: float | None) -> float | None:
    """Change in percent from ``previous`` to ``current``; None when previous is 0 or missing.

    >>> change_pct(110, 100)
    10.0
    >>> change_pct(5, 0) is None
    True
    """
    if current is None or previous is None or pd.isna(current) or pd.isna(previous) or previous == 0:
        return None
    return (float(current) - float(previous)) / float(previous) * 100.0


def versus_last_year(
    con,
    categories: Sequence[str],
    level: str,
    period: Period,
    per_1000: bool = True,
    access: Access | None = None,
    gemeente: str | None = None,
) -> pd.DataFrame:
    """Each area's value in ``period`` and in the same period a year earlier, with the change.

    For a year-to-date period the comparison is last year's year-to-date over the same months;
    for a month, the same month last year. Columns: area_code, name, count, value, count_last_year,
    value_last_year, change_pct, complete.
    """
    now = indicators.category_values(con, categories, level, period, per_1000, access=access, gemeente=gemeente)
    before = indicators.category_values(
        con, categories, level, period.shifted_years(-1), per_1000, access=access, gemeente=gemeente
    )
    before = before[["area_code", "count", "value"]].rename(
        columns={"count": "count_last_year", "value": "value_last_year"}
    )
    df = now.merge(before, on="area_code", how="left")
    df["change_pct"] = [change_pct(a, b) for a, b in zip(df.value, df.value_last_year, strict=True)]
    return df[["area_code", "name", "count", "value", "count_last_year", "value_last_year", "change_pct", "complete"]]


def peer_comparison(con, cfg: Config, measure: str, year: int, group_id: str = "g32") -> pd.DataFrame:
    """The city, the reference municipalities and the peer group's averages for one measure.

    Rows: one per reference municipality and the city (kind ``gemeente``), plus the group's plain
    and population-weighted mean (kind ``gemiddelde``). ``rank`` orders the city and references
    from best (1) to worst, by the indicator's direction (lower is better unless configured
    otherwise).
    """
    group = cfg.peer_group(group_id)
    peers = queries.peer_values(con, measure, year)
    if measure not in {i.id for i in cfg.indicators}:
        # a category count (e.g. 0.0.0 from 47013NED): compare per 1,000 inhabitants
        peers = peers.assign(
            count=peers.value,
            value=[indicators.rate_per_1000(v, p) for v, p in zip(peers.value, peers.population, strict=True)],
        )
        peers = peers.dropna(subset=["value"])
    known = {i.id: i.direction for i in cfg.indicators}
    direction = known.get(measure, "lower")  # a crime count: lower is better
    refs = [code for code, _ in cfg.references]
    chosen = peers[peers.gemeente_code.isin([cfg.gemeente_code, *refs])].copy()
    chosen["kind"] = "gemeente"
    chosen["is_city"] = chosen.gemeente_code == cfg.gemeente_code
    chosen["rank"] = chosen.value.rank(ascending=direction == "lower", method="min").astype("Int64")
    members = peers[peers.gemeente_code.isin(group.members)]
    averages = pd.DataFrame(
        [
            {
                "gemeente_code": f"{group_id}:mean",
                "gemeente_name": group.name("nl"),
                "value": peer_statistic(members, "mean"),
                "kind": "gemiddelde",
                "is_city": False,
            },
            {
                "gemeente_code": f"{group_id}:weighted",
                "gemeente_name": group.name("nl") + " (gewogen)",
                "value": peer_statistic(members, "weighted"),
                "kind": "gemiddelde",
                "is_city": False,
            },
        ]
    )
    averages["year"] = year
    averages["members_with_data"] = len(members)
    out = pd.concat([chosen, averages], ignore_index=True)
    return out[
        [
            "gemeente_code",
            "gemeente_name",
            "year",
            "value",
            "lower",
            "upper",
            "population",
            "kind",
            "is_city",
            "rank",
            "members_with_data",
        ]
    ]


def peer_measures(con, cfg: Config) -> list[str]:
    """Measures with peer figures: the plan's indicators first, then category counts."""
    present = set(queries.fetch_df(con, "SELECT DISTINCT measure FROM peer_figures").measure)
    ids = [i.id for i in cfg.indicators if i.id in present]
    return ids + sorted(present - set(ids))
