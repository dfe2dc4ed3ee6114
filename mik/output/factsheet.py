"""A factsheet of one wijk or buurt on request (issue 26, part 3): the area's figures against the
city, the trend of the plan's key police indicator in the area and the city, the month's signals in
the area and the duiding of the month, for a role that may see the area's level
(:mod:`mik.output.document`; drawn by :mod:`mik.output.pdf`).

Figures come from the same functions as the screens, with the reader's
:class:`~mik.privacy.access.Access`: a restricted role gets whole years below the gemeente and its
small counts as "<5 (afgeschermd)", as on Kaart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from mik.data import queries
from mik.data.duiding import THEME, Duiding
from mik.figures import indicators, signals
from mik.output.document import ChartData, Report, Section, chart_png, duiding_sections, footer
from mik.output.driehoek import map_indicator
from mik.plan.config import Config
from mik.plan.formatting import fmt_number, fmt_value
from mik.plan.i18n import t
from mik.plan.periods import add_months, parse_period
from mik.privacy.access import Access, ensure, signal_level
from mik.views import options, trends

LEVELS = ("wijk", "buurt")


class FactsheetError(ValueError):
    """No factsheet for this area (unknown code, or a level it is not made for)."""


def _cell(row: pd.Series | None, access: Access, rate: bool, lang: str) -> str:
    if row is None:
        return "–"
    if bool(row.get("suppressed", False)):
        return access.hidden_label
    value = row["value"] if rate else row["count"]
    if pd.isna(value):
        return "–"
    return fmt_number(float(value), 1, lang) if rate else fmt_value(float(value), "count", lang)


def build_factsheet(
    con,
    cfg: Config,
    area_code: str,
    month: str,
    *,
    access: Access,
    lang: str = "nl",
    duidingen: Sequence[Duiding] = (),
) -> Report:
    """The factsheet of ``area_code`` (a wijk or buurt) for ``month`` (YYYY-MM), as ``access`` may
    see it, with the month's final ``duidingen`` (:func:`mik.data.duiding.final`)."""
    known = queries.area_list(con)
    area = known[known.code == area_code]
    if area.empty:
        raise FactsheetError(f"unknown area {area_code!r}: a wijk or buurt code of this installation")
    level, name = area.level.iloc[0], area.name.iloc[0]
    if level not in LEVELS:
        raise FactsheetError(f"{area_code} is a {level}: factsheets are made per wijk or buurt")
    ensure(access, level=level, area=area_code)
    m = parse_period(month).start
    _first, stand = queries.data_period(con)
    as_of = min(stand, add_months(m, 1) - dt.timedelta(days=1))
    period = options.area_period(con, m, access, level)
    populated, synthetic = queries.has_population(con), queries.is_synthetic(con)
    sections = [_figures(con, cfg, area_code, level, period, populated, access, lang)]
    sections.append(_trend(con, cfg, area_code, name, level, populated, access, lang))
    sections.append(_signals(con, cfg, area_code, name, level, m, access, lang))
    mine = [d for d in duidingen if d.subject == THEME or f":{area_code}:" in d.subject]
    for theme in cfg.themes:
        sections += duiding_sections(theme, mine, lang)
    parent = known[known.code == area.parent_code.iloc[0]].name
    where = f"{name} ({level}{', ' + parent.iloc[0] if level == 'buurt' and len(parent) else ''})"
    subtitle = f"{cfg.gemeente_name} · {parse_period(month).label(lang)} · stand per {as_of:%d-%m-%Y}"
    return Report(
        "factsheet",
        f"Factsheet {where}",
        subtitle,
        synthetic,
        sections,
        footer(synthetic, access, as_of),
    )


def _figures(con, cfg, area_code, level, period, populated, access, lang) -> Section:
    """Per police indicator of the plan and the total: the area's count and rate, the city's
    rate, and the area's rate as an index against the city (city = 100)."""
    rows = []
    wanted = [i for i in cfg.indicators if i.enabled and i.source == "police" and i.has_data_definition]
    for ind in wanted:
        here = indicators.police_values(con, ind, level, period, True, access=access, gemeente=cfg.gemeente_code)
        city = indicators.police_values(con, ind, "gemeente", period, True, access=access, gemeente=cfg.gemeente_code)
        row = here[here.area_code == area_code]
        crow = city[city.area_code == cfg.gemeente_code]
        r = row.iloc[0] if len(row) else None
        c = crow.iloc[0] if len(crow) else None
        shown = populated and r is not None and c is not None and not bool(r.get("suppressed", False))
        index = "–"
        if shown and pd.notna(r["value"]) and pd.notna(c["value"]) and c["value"]:
            index = fmt_number(float(r["value"]) / float(c["value"]) * 100, 0, lang)
        rows.append(
            {
                t("col_indicator", lang): ind.name(lang),
                t("col_count", lang): _cell(r, access, False, lang),
                t("factsheet_rate_here", lang): _cell(r, access, True, lang) if populated else "–",
                t("factsheet_rate_city", lang): _cell(c, access, True, lang) if populated else "–",
                t("factsheet_index", lang): index,
            }
        )
    lines = [t("factsheet_figures_intro", lang, period=period.label(lang))]
    if not rows:
        return Section(t("factsheet_figures", lang), [t("factsheet_no_police", lang)])
    table = pd.DataFrame(rows)
    if not populated:  # counts only: the columns of rates would be dashes
        lines.append(t("factsheet_no_population", lang))
        table = table.iloc[:, :2]
    if (table.iloc[:, 1] == "–").any():
        lines.append(t("factsheet_dash", lang))
    return Section(t("factsheet_figures", lang), lines, table=table)


def _trend(con, cfg, area_code, name, level, populated, access, lang) -> Section:
    """The plan's key police indicator per whole year, the area beside the city."""
    ind, per_1000 = map_indicator(cfg, populated)
    title = t("factsheet_trend", lang)
    if ind is None:
        return Section(title, [t("factsheet_no_police", lang)])
    here = trends.yearly_trend(con, cfg, ind.id, area_code, level, access=access)
    city = trends.yearly_trend(con, cfg, ind.id, cfg.gemeente_code, "gemeente", access=access)
    both = here.merge(city, on="year", suffixes=("", "_city"))
    if both.empty:
        return Section(title, [t("factsheet_no_trend", lang, name=ind.name(lang))])
    measure = "rate" if per_1000 and both.rate.notna().all() and both.rate_city.notna().all() else "count"
    series = [(name, [round(float(v), 1) for v in both[measure]])]
    if measure == "rate":
        series.append((cfg.gemeente_name, [round(float(v), 1) for v in both.rate_city]))
    what = ind.name(lang) if measure == "rate" else f"{ind.name(lang).replace(' per 1.000 inwoners', '')} (aantal)"
    chart = ChartData(  # lines: the area and the city, each named in the legend
        "line",
        t("factsheet_trend_chart", lang, name=what),
        [str(int(y)) for y in both.year],
        series,
        number_format="0.0" if measure == "rate" else "#,##0",
    )
    lines = [t("factsheet_trend_intro", lang, name=what, years=f"{int(both.year.min())}–{int(both.year.max())}")]
    return Section(title, lines, images=[chart_png(chart)], charts=[chart])


def _signals(con, cfg, area_code, name, level, m, access, lang) -> Section:
    """The month's signals in the area, where the role sees monthly counts at its level."""
    month = parse_period(f"{m:%Y-%m}").label(lang)
    title = t("factsheet_signals", lang, month=month)
    tested = signal_level(access, level)
    if tested != level:
        return Section(title, [t("factsheet_signals_level", lang, level=t(f"level_{level}", lang))])
    res = signals.month_signals(con, m, level, access=access, gemeente=cfg.gemeente_code, lang=lang, breaks=cfg.breaks)
    if res.reason:
        return Section(title, [t(f"signals_{res.reason}", lang, month=month)])
    found = res.found[res.found.area_code == area_code]
    if found.empty:
        return Section(title, [t("factsheet_signals_none", lang, name=name, month=month)])
    lines = [
        t(
            "signals_line",
            lang,
            area=name,
            category=r.category,
            observed=fmt_value(r.observed, "count", lang),
            expected=fmt_number(r.expected, 1, lang),
            limit=fmt_value(r["limit"], "count", lang),
        )
        for _, r in found.iterrows()
    ]
    return Section(title, lines)
