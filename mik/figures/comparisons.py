"""Comparisons: with the same period last year, with the peer group, rank among the references."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from mik.data import queries
from mik.figures import indicators, stats
from mik.figures.targets import peer_statistic
from mik.plan.config import Config
from mik.plan.periods import Period
from mik.privacy.access import Access, ensure


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
    *,
    access: Access,
    scope: str = "category",
    gemeente: str | None = None,
    known: dict | None = None,
) -> pd.DataFrame:
    """Each area's value in ``period`` and in the same period a year earlier, with the change.

    For a year-to-date period the comparison is last year's year-to-date over the same months;
    for a month, the same month last year. Columns: area_code, name, count, value, count_last_year,
    value_last_year, change_pct, complete. ``known`` may hold what a caller comparing many
    categories already has: ``areas``, ``stand``, ``first``, ``has_rows`` and, per period (now, a
    year earlier), ``populations`` and ``kinds``. ``scope`` is what the categories are (see
    :func:`mik.privacy.access.ensure`).
    """
    known = dict(known or {})
    pops = known.pop("populations", (None, None))
    kinds = known.pop("kinds", (None, None))
    now, before = (
        indicators.category_values(
            con,
            categories,
            level,
            p,
            per_1000,
            access=access,
            scope=scope,
            gemeente=gemeente,
            population=pop,
            kinds=k,
            **known,
        )
        for p, pop, k in zip((period, period.shifted_years(-1)), pops, kinds, strict=True)
    )
    before = before[["area_code", "count", "value"]].rename(
        columns={"count": "count_last_year", "value": "value_last_year"}
    )
    df = now.merge(before, on="area_code", how="left")
    df["change_pct"] = [change_pct(a, b) for a, b in zip(df.value, df.value_last_year, strict=True)]
    return df[["area_code", "name", "count", "value", "count_last_year", "value_last_year", "change_pct", "complete"]]


def is_rate(cfg: Config, measure: str) -> bool:
    """A police rate per 1,000 inhabitants (an indicator of the plan or a category count)."""
    ids = {i.id: i for i in cfg.indicators}
    return measure not in ids or (ids[measure].source == "police" and ids[measure].unit == "per_1000")


def peer_comparison(
    con,
    cfg: Config,
    measure: str,
    year: int,
    group_id: str = "g32",
    visitors: bool = False,
    refs: Sequence[str] | None = None,
    *,
    access: Access,
) -> pd.DataFrame:
    """The city, the reference municipalities and the peer group's averages for one measure.

    Rows: one per reference municipality and the city (kind ``gemeente``), plus the group's plain
    and population-weighted mean (kind ``gemiddelde``). ``rank`` orders the city and references
    from best (1) to worst, by the indicator's direction (lower is better unless configured
    otherwise). ``rank_range`` and ``vs_group`` give the rank and the verdict against the group's
    mean with their uncertainty (95% intervals: the survey's, else the counts' Poisson interval).

    ``visitors``: police rates per 1,000 inhabitants and visitors (the configured extra
    denominators of each gemeente; a gemeente without them has no value). ``refs`` replaces the
    plan's reference municipalities (e.g. by :func:`similar_gemeenten`). Gemeente figures only.
    """
    ensure(access, level="gemeente")
    group = cfg.peer_group(group_id)
    peers = queries.peer_values(con, measure, year)
    if measure not in {i.id for i in cfg.indicators}:
        # a category count (e.g. 0.0.0 from 47013NED): compare per 1,000 inhabitants
        peers = peers.assign(
            count=peers.value,
            value=[indicators.rate_per_1000(v, p) for v, p in zip(peers.value, peers.population, strict=True)],
        )
        peers = peers.dropna(subset=["value"])
    if visitors and is_rate(cfg, measure):
        vis = queries.visitor_equivalents(con, cfg.denominator_weights, "gemeente", year)[["area_code", "visitors"]]
        peers = peers.merge(vis.rename(columns={"area_code": "gemeente_code"}), on="gemeente_code", how="left")
        present = peers.population + peers.visitors  # the count stays; its denominator grows
        peers["value"] = peers.value * peers.population / present
        peers["population"] = present
        peers = peers.dropna(subset=["value"]).drop(columns="visitors")
    known = {i.id: i.direction for i in cfg.indicators}
    direction = known.get(measure, "lower")  # a crime count: lower is better
    refs = list(refs) if refs is not None else [code for code, _ in cfg.references]
    chosen = peers[peers.gemeente_code.isin([cfg.gemeente_code, *refs])].copy()
    chosen["kind"] = "gemeente"
    chosen["is_city"] = chosen.gemeente_code == cfg.gemeente_code
    chosen["rank"] = chosen.value.rank(ascending=direction == "lower", method="min").astype("Int64")
    chosen = _with_intervals(chosen.reset_index(drop=True), measure in known)
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
    # ranks as ranges: the places each gemeente could take given the intervals (mik.figures.stats)
    best, worst = stats.rank_ranges(
        chosen.value, chosen.lower, chosen.upper, "higher" if direction == "higher" else "lower"
    )
    chosen["rank_best"], chosen["rank_worst"] = best, worst
    chosen["rank_range"] = [f"{b}" if b == w else f"{b}–{w}" for b, w in zip(best, worst, strict=True)]
    mean = averages.value.iloc[0]
    chosen["vs_group"] = [
        f"vs_{v}" for v in stats.versus_reference(chosen.value, chosen.lower, chosen.upper, mean, direction)
    ]
    out = pd.concat([chosen, averages], ignore_index=True)
    out["interval"] = out.interval.astype("str")  # missing stays missing (no NaN in a chart's JSON)
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
            "rank_best",
            "rank_worst",
            "rank_range",
            "vs_group",
            "interval",
            "members_with_data",
        ]
    ]


def _with_intervals(df: pd.DataFrame, indicator: bool) -> pd.DataFrame:
    """95% intervals for every row: the survey's own where given, else (a rate from a count) the
    exact Poisson interval of the count, as a rate per 1,000. ``interval`` says which."""
    df = df.copy()
    df["interval"] = ["survey" if pd.notna(lo) else None for lo in df.lower]
    counts = df["count"] if "count" in df and not indicator else df.value * df.population / 1000
    low, high = stats.poisson_interval(counts.round())
    rate_low, rate_high = low / df.population * 1000, high / df.population * 1000
    fill = df.lower.isna() & df.population.notna() & counts.notna()
    df.loc[fill, "lower"] = rate_low[fill]
    df.loc[fill, "upper"] = rate_high[fill]
    df.loc[fill, "interval"] = "poisson"
    return df


def peer_measures(con, cfg: Config) -> list[str]:
    """Measures with peer figures: the plan's indicators first, then category counts."""
    present = set(queries.peer_measure_codes(con))
    ids = [i.id for i in cfg.indicators if i.id in present]
    return ids + sorted(present - set(ids))


CONTEXT_SERIES = ("overnachtingen", "dagbezoeken", "studenten_elders", "inkomende_pendel")


def peer_year(con, year: int) -> int:
    """The newest year of peer figures up to ``year`` (else the first there is)."""
    years = queries.peer_figure_years(con)
    before = [y for y in years if y <= year]
    return int(before[-1]) if before else int(years[0]) if years else year


def context_table(
    con, cfg: Config, year: int, codes: Sequence[str], group_id: str = "g32", *, access: Access
) -> pd.DataFrame:
    """Why a city differs: per gemeente (``codes``, then the group's mean) the inhabitants, each
    configured extra denominator per 1,000 inhabitants, the visitors as person-years per 1,000
    inhabitants, and the density where loaded. Columns: gemeente_code, gemeente_name, kind,
    population, visitors_per_1000, <series>_per_1000 for each configured series, density."""
    ensure(access, level="gemeente")
    year = peer_year(con, year)
    pop = queries.peer_populations(con, year)
    series = queries.gemeente_denominators(con, year)
    wide = series.pivot_table(index="gemeente_code", columns="series", values="value").reset_index()
    density = queries.gemeente_density(con, year)
    df = pop.merge(wide, on="gemeente_code", how="left").merge(density, on="gemeente_code", how="left")
    weights = cfg.denominator_weights
    df["visitors_per_1000"] = 0.0
    for sid, w in weights.items():
        col = df[sid] if sid in df else pd.Series(float("nan"), index=df.index)
        df[f"{sid}_per_1000"] = col / df.population * 1000
        df["visitors_per_1000"] = df.visitors_per_1000 + (col * w / df.population * 1000).fillna(0)
    present = [sid for sid in weights if sid in df]
    has_any = df[present].notna().any(axis=1) if present else pd.Series(False, index=df.index)
    df.loc[~has_any, "visitors_per_1000"] = float("nan")
    chosen = df[df.gemeente_code.isin(codes)].copy()
    chosen["kind"] = "gemeente"
    chosen = chosen.set_index("gemeente_code").reindex([c for c in codes if c in set(chosen.gemeente_code)])
    chosen = chosen.reset_index()
    members = df[df.gemeente_code.isin(cfg.peer_group(group_id).members)]
    mean = members.drop(columns=["gemeente_code", "gemeente_name"]).mean(numeric_only=True).to_frame().T
    mean["gemeente_code"], mean["gemeente_name"], mean["kind"] = (
        f"{group_id}:mean",
        cfg.peer_group(group_id).name("nl"),
        "gemiddelde",
    )
    cols = ["gemeente_code", "gemeente_name", "kind", "population", "visitors_per_1000"]
    cols += [f"{s}_per_1000" for s in weights] + ["density"]
    out = pd.concat([chosen, mean], ignore_index=True)
    for c in cols:
        if c not in out:
            out[c] = float("nan")
    return out[cols]


def similar_gemeenten(con, cfg: Config, year: int, k: int = 6, *, access: Access) -> pd.DataFrame:
    """The ``k`` gemeenten most like the city by size (log inhabitants), urbanity (log density,
    where loaded) and visitors per inhabitant (where loaded): Euclidean distance on z-scores of
    the features at least 80% of the candidates have. Columns: gemeente_code, gemeente_name,
    distance, features (the features used, comma-separated)."""
    ensure(access, level="gemeente")
    year = peer_year(con, year)
    pop = queries.peer_populations(con, year)
    if pop.empty or cfg.gemeente_code not in set(pop.gemeente_code):
        return pd.DataFrame(columns=["gemeente_code", "gemeente_name", "distance", "features"])
    codes = list(pop.gemeente_code)
    full = context_table(con, cfg, year, codes, access=access)
    full = full[full.kind == "gemeente"].set_index("gemeente_code")
    features = {"size": np.log(full.population.astype(float))}
    if full.density.notna().mean() >= 0.8:
        features["urbanity"] = np.log(full.density.astype(float))
    if full.visitors_per_1000.notna().mean() >= 0.8:
        features["tourism"] = full.visitors_per_1000.astype(float)
    x = pd.DataFrame(features)
    z = (x - x.mean()) / x.std(ddof=0).replace(0, 1)
    city = z.loc[cfg.gemeente_code]
    dist = np.sqrt(((z - city) ** 2).sum(axis=1, min_count=1))
    dist = dist.drop(cfg.gemeente_code).dropna().sort_values(kind="stable")
    out = pd.DataFrame({"gemeente_code": dist.index[:k], "distance": dist.to_numpy()[:k]})
    out["gemeente_name"] = out.gemeente_code.map(full.gemeente_name)
    out["features"] = ", ".join(features)
    return out[["gemeente_code", "gemeente_name", "distance", "features"]]
