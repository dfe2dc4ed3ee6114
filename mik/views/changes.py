"""Changes against a year earlier, each tested: the breakdown of an indicator by sub-category, and
the areas x categories with the clearest change (ranked by q-value, see :mod:`mik.figures.stats`)."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from mik.data import queries
from mik.figures import comparisons, stats
from mik.plan.formatting import fmt_number
from mik.plan.i18n import t
from mik.plan.periods import Period
from mik.privacy.access import Access, ensure, keep, single_categories, unscoped


def category_breakdown(
    con,
    categories: list[str],
    level: str,
    area_code: str,
    period: Period,
    lang: str = "nl",
    *,
    access: Access,
) -> pd.DataFrame:
    """Counts per sub-category of an indicator for one area, this period and a year earlier.

    Below gemeente level for roles with full access only (the parts and the whole could be
    subtracted): scope ``breakdown`` of :func:`mik.privacy.access.ensure`.
    """
    ensure(access, level=level, period_kind=period.kind, categories="breakdown", area=area_code)
    now = queries.counts_by_category(con, level, area_code, period.start, period.end)
    before = queries.counts_by_category(con, level, area_code, *_shift(period))
    df = now[now.category_code.isin(categories)].merge(
        before[["category_code", "count"]].rename(columns={"count": "last_year"}), on="category_code", how="left"
    )
    if queries.loaded_in(con, *_shift(period)):  # a year earlier loaded: absent means zero, else unknown
        df["last_year"] = df.last_year.fillna(0)
    df["name"] = df.name_en if lang == "en" else df.name_nl
    df["change_pct"] = [comparisons.change_pct(a, b) for a, b in zip(df["count"], df.last_year, strict=True)]
    df = df.reset_index(drop=True)
    # each category's change tested, q-values over the categories shown (see mik.figures.stats)
    tests = stats.change_tests(df["count"], df.last_year, family=True)
    df["p"], df["q"], df["significance"], df["dispersion"] = tests.p, tests.q, tests.significance, tests.dispersion
    df["test"] = [t(k, lang) for k in df.significance]
    cols = ["category_code", "name", "count", "last_year", "change_pct", "p", "q", "significance", "test", "dispersion"]
    return df[cols]


def _shift(period: Period) -> tuple[dt.date, dt.date]:
    p = period.shifted_years(-1)
    return p.start, p.end


def biggest_changes(
    con,
    categories: list[str],
    period: Period,
    n: int = 5,
    *,
    access: Access,
    gemeente: str | None = None,
    level: str = "buurt",
    lang: str = "nl",
    composite: str | None = None,
) -> pd.DataFrame:
    """The changes against the same period a year earlier with the strongest evidence, per buurt (or
    wijk) and category.

    Every area x category of ``categories`` is tested (exact conditional Poisson test, see
    :mod:`mik.figures.stats`); q-values control the false discoveries over that whole family
    (Benjamini-Hochberg). Rows are ranked by q, then p, then the size of the change: a buurt from 55
    to 96 only tops the list when that is more than chance. Cells hidden for the role (small
    counts) take no part. Columns: area_code, name, category_code, category, count,
    count_last_year, change, change_pct, p, q, rr, rr_low, rr_high, significance.

    A role that sees single categories only at the gemeente level gets, below it, the areas'
    change of ``categories`` summed (the indicator ``composite`` names; category_code empty).
    A role of some wijken gets the rows of its areas from the whole city's table (each test and
    q-value as every role sees it: the same buurt, the same verdict).
    """
    every = _tested_changes(con, categories, period, unscoped(access), gemeente, level, lang, composite)
    return keep(access, every).head(n)


def _tested_changes(con, categories, period, access, gemeente, level, lang, composite) -> pd.DataFrame:
    """Every change of :func:`biggest_changes`, ranked."""
    names = queries.category_list(con).set_index("code")
    before = period.shifted_years(-1)
    first, stand = queries.data_period(con)
    known = {  # the same for every category: asked once
        "areas": queries.area_list(con, level),
        "stand": stand,
        "first": first,
        "populations": tuple(queries.population_by_area(con, level, p.population_year) for p in (period, before)),
        "kinds": tuple(queries.loaded_kinds(con, p.start, p.end) for p in (period, before)),
    }
    registered = set(queries.registered_categories(con).code)
    if single_categories(access, level):
        sets = [(code, [code], "category") for code in categories]
    else:  # the indicator as a whole: parts could be subtracted from it
        sets = [(None, list(categories), "indicator")]
    frames = []
    for code, cats, scope in sets:
        df = comparisons.versus_last_year(
            con,
            cats,
            level,
            period,
            per_1000=False,
            access=access,
            scope=scope,
            gemeente=gemeente,
            known={**known, "has_rows": bool(set(cats) & registered)},
        )
        frames.append(df.assign(category_code=code))
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
    if df.empty:
        return df
    df = df.dropna(subset=["count", "count_last_year"])
    df = df[(df["count"] + df.count_last_year) > 0].reset_index(drop=True)
    df["category"] = [
        (composite or "+".join(categories))
        if c is None
        else names.at[c, "name_en" if lang == "en" else "name_nl"]
        if c in names.index
        else c
        for c in df.category_code
    ]
    df["change"] = df["count"] - df.count_last_year
    # each category's own variation between years is estimated over its areas (see mik.figures.stats)
    tests = stats.change_tests(df["count"], df.count_last_year, family=True, groups=df.category_code)
    df = pd.concat([df, tests], axis=1)
    df["abs_change"] = df.change.abs()
    df = df.sort_values(["q", "p", "abs_change"], ascending=[True, True, False], kind="stable")
    cols = ["area_code", "name", "category_code", "category", "count", "count_last_year", "change", "change_pct"]
    return df[cols + list(tests.columns)].reset_index(drop=True)


def explain_changes(tests: pd.DataFrame, lang: str = "nl", short: bool = False) -> str:
    """The sentence under a table of tested changes: how the test works and how much variation
    beyond chance it allowed for (the median ``dispersion`` of the rows, as a share of the count).
    ``short``: one line for a slide that points to the full explanation."""
    rho = tests["dispersion"].dropna() if "dispersion" in tests else pd.Series(dtype=float)
    share = 100 * float(stats.extra_variation(rho.median())[0]) if len(rho) else None
    if short:
        if share is None or round(share) < 1:
            return t("changes_short_none", lang)
        return t("changes_short", lang, variation=fmt_number(share, 0, lang))
    if share is None:
        return t("changes_method", lang) + " " + t("changes_variation_unknown", lang)
    if round(share) < 1:
        return t("changes_method", lang) + " " + t("changes_variation_none", lang)
    return t("changes_method", lang) + " " + t("changes_variation", lang, variation=fmt_number(share, 0, lang))


def explain_signals(res, lang: str = "nl") -> str:
    """The sentence beside a month's signals: the categories' own variation and trends the test
    allowed for, and what a signal means (see :mod:`mik.figures.signals`)."""
    share = 100 * (res.variation or 0.0)
    key = "signals_variation" if round(share) >= 1 else "signals_variation_none"
    text = t(key, lang, variation=fmt_number(share, 0, lang), trends=res.trends, categories=len(res.fits))
    return text + " " + t("signals_meaning", lang)
