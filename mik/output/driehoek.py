"""The monthly driehoek deck: where the plan stands, per theme its indicators, trend and changes,
the buurt map, the clearest changes and the month's signals (:mod:`mik.output.document`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from mik.data import queries
from mik.data.duiding import Duiding
from mik.figures import scorecards, signals, stats
from mik.output.document import (
    ChartData,
    Report,
    Section,
    chart_png,
    duiding_sections,
    footer,
    map_png,
    scorecard_section,
    theme_line,
    trend_chart_data,
)
from mik.plan.config import Config
from mik.plan.i18n import t
from mik.plan.periods import Period, add_months, parse_period
from mik.privacy.access import Access, map_level, signal_level
from mik.views import maps, options, trends
from mik.views.changes import biggest_changes, explain_changes, explain_signals
from mik.views.tables import TABLES, as_text

NO_CHART = (
    "Geen grafiek: voor dit thema zijn geen maandcijfers van de politie, geen enquêtemetingen en geen acties "
    "van het plan geladen (zie de pagina Data en bronnen)."
)


def build_driehoek(
    con, cfg: Config, month: str, *, access: Access, lang: str = "nl", duidingen: Sequence[Duiding] = ()
) -> Report:
    """The monthly driehoek deck for ``month`` (YYYY-MM), as ``access`` may see it, with the final
    ``duidingen`` of the month (:func:`mik.data.duiding.final`, read for the same ``access``) after
    their themes."""
    _first, stand = queries.data_period(con)
    m = parse_period(month).start
    as_of = min(stand, add_months(m, 1) - dt.timedelta(days=1))
    synthetic = queries.is_synthetic(con)
    scorecard = scorecards.scorecard(con, cfg, m.year, cfg.gemeente_code, "gemeente", access=access, as_of=as_of)
    area = map_level(access)  # buurt, or wijk for a role that sees no buurten; None: the city only
    buurt_period = options.area_period(con, m, access, area or "gemeente")
    sections = [scorecard_section(scorecard, cfg, lang)]
    for theme in cfg.themes:
        if theme.kind == "overig":
            continue
        rows = [r for r in scorecard if r.indicator.theme == theme.id]
        sec = Section(theme.name(lang))
        if not rows:
            sec.lines.append(theme.note_nl or "Geen effectindicator voor dit thema.")
            _fallback_chart(sec, con, cfg, theme.id, rows, m.year, lang, access)
            if not sec.charts:
                sec.lines.append(NO_CHART)
            sections += [sec, *duiding_sections(theme, duidingen, lang)]
            continue
        for r in rows:
            sec.lines.append(theme_line(r, cfg, lang))
        for r in rows:
            if r.indicator.source != "police" or not r.indicator.has_data_definition:
                continue
            trend = trends.theme_trend(con, cfg, r.indicator.id, cfg.gemeente_code, "gemeente", access=access)
            trend = trend[(trend.month <= pd.Timestamp(m)) & (trend.month > pd.Timestamp(add_months(m, -25)))]
            if len(trend):  # the same chart in both: a chart object on the slide, its picture in the PDF
                chart = trend_chart_data(trend, f"{r.indicator.name(lang)}: 12 maanden tegen het doel", lang)
                sec.charts.append(chart)
                sec.images.append(chart_png(chart))
            changes = (
                biggest_changes(
                    con,
                    list(r.indicator.categories),
                    buurt_period,
                    access=access,
                    gemeente=cfg.gemeente_code,
                    level=area,
                    composite=r.indicator.name(lang),
                )
                if area
                else pd.DataFrame()
            )
            if len(changes):
                sec.table = compact_changes(changes, lang)
                before = buurt_period.shifted_years(-1).label(lang)
                per = (
                    f"{area} en categorie"
                    if t("col_category", lang) in sec.table.columns
                    else f"{area} ({r.indicator.name(lang)})"
                )
                sec.lines.append(
                    f"Tabel: de duidelijkste veranderingen per {per}, {buurt_period.label(lang)} "
                    f"tegen {before}. " + explain_changes(changes, lang, short=True)
                )
            break
        if not sec.charts:
            _fallback_chart(sec, con, cfg, theme.id, rows, m.year, lang, access)
        if not sec.charts:
            sec.lines.append(NO_CHART)
        sections += [sec, *duiding_sections(theme, duidingen, lang)]
    sections.append(_map_section(con, cfg, area, buurt_period, access, lang))
    sections.append(_signals(con, cfg, m, access, lang))
    sections.append(_month_signals(con, cfg, m, access, lang))
    subtitle = f"{cfg.gemeente_name} · {parse_period(month).label(lang)} · stand per {as_of:%d-%m-%Y}"
    return Report(
        "driehoek", "Driehoek-rapportage veiligheid", subtitle, synthetic, sections, footer(synthetic, access, as_of)
    )


def map_indicator(cfg: Config, populated: bool):
    """The indicator the deck maps, and whether per 1.000 inwoners: HIC where the plan has it, else
    the plan's first police indicator; a rate only when inhabitants are loaded."""
    police = [i for i in cfg.indicators if i.source == "police" and i.has_data_definition]
    if not police:
        return None, False
    chosen = next((i for i in police if i.id == "hic"), police[0])
    return chosen, populated and chosen.unit == "per_1000"


def _map_section(con, cfg: Config, area: str | None, period: Period, access: Access, lang: str) -> Section:
    """The plan's key police indicator per buurt (or wijk) as a map, or a sentence saying why there
    is none."""
    ind, per_1000 = map_indicator(cfg, queries.has_population(con))
    if ind is None:
        return Section("Kaart", ["Geen kaart: het plan heeft geen indicator uit politiecijfers."])
    counts_only = ind.unit == "per_1000" and not per_1000  # a rate indicator without inhabitants
    name = f"{ind.name(lang).replace(' per 1.000 inwoners', '')} (aantallen)" if counts_only else ind.name(lang)
    title = f"Kaart: {name}, {period.label(lang)}"
    if area is None:
        role = access.role
        return Section(
            title, [f"De kaart per buurt of wijk is er niet voor de rol {role}: die ziet alleen de hele gemeente."]
        )
    layer = maps.choropleth(
        con, cfg, area, period, ind.id, per_1000=per_1000, access=access, lang=lang, gemeente=cfg.gemeente_code
    )
    if not layer.frame.value.notna().any():
        return Section(
            title,
            [
                f"Geen kaart: voor {period.label(lang)} zijn er per {area} geen cijfers van deze soort geladen "
                "(zie de pagina Data en bronnen)."
            ],
        )
    legend = "; ".join(label for _, label in layer.legend)
    note = " Aantallen: er zijn geen inwonertallen geladen." if counts_only else ""
    return Section(
        title,
        [
            f"Per {area}. Legenda (licht naar donker): {legend}.{note}",
            *([layer.population_note] if layer.population_note else []),
        ],
        images=[map_png(layer, name)],
    )


def compact_changes(changes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The changes for a slide beside a chart: area, category, the count with the year before's in
    brackets, the change and its test (q-values stay in the app and its Excel export)."""
    full = as_text(changes, TABLES["changes"], lang)
    count, before = t("col_count", lang), t("col_count_last_year", lang)
    table = pd.DataFrame(
        {
            t("col_area", lang): full[t("col_area", lang)],
            t("col_category", lang): full[t("col_category", lang)],
            t("col_count_then", lang): full[count] + " (" + full[before] + ")",
            t("col_change_pct", lang): full[t("col_change_pct", lang)],
            t("col_significance", lang): full[t("col_significance", lang)],
        }
    )
    # one category for every row (a role that sees the indicator's sum only): said in the title
    return table.drop(columns=t("col_category", lang)) if table[t("col_category", lang)].nunique() == 1 else table


def _fallback_chart(sec: Section, con, cfg: Config, theme: str, rows, year: int, lang: str, access: Access) -> None:
    """A theme without monthly police figures still gets a chart: its police indicator per year
    (yearly CBS tables), else its survey indicator per measurement against the target, else the
    plan's actions of the theme by status."""
    for r in rows:
        if r.indicator.source != "police" or not r.indicator.has_data_definition:
            continue
        yearly = trends.yearly_trend(con, cfg, r.indicator.id, cfg.gemeente_code, "gemeente", access=access)
        yearly = yearly[yearly.year <= year]
        if yearly.empty:
            continue
        rate = yearly.rate.notna().all()
        values = yearly.rate if rate else yearly["count"]
        what = (
            ("per 1.000 inwoners" if lang != "en" else "per 1,000") if rate else ("aantal" if lang != "en" else "count")
        )
        series = [(what, [round(float(v), 1) if rate else int(v) for v in values])]
        if yearly.target.notna().any():
            series.append(
                ("doel" if lang != "en" else "target", [None if pd.isna(v) else float(v) for v in yearly.target])
            )
        title = f"{r.indicator.name(lang)}, per jaar" if lang != "en" else f"{r.indicator.name(lang)}, per year"
        chart = ChartData(
            "column", title, [str(int(y)) for y in yearly.year], series, number_format="0.0" if rate else "#,##0"
        )
        sec.charts.append(chart)
        sec.images.append(chart_png(chart))
        return
    for r in rows:
        if r.indicator.source != "survey":
            continue
        values = queries.survey_values(con, r.indicator.id, cfg.gemeente_code)
        values = values[values.year <= year]
        if values.empty:
            continue
        target = cfg.target(r.indicator.id, year)
        series = [(r.indicator.name(lang), [round(float(v), 1) for v in values.value])]
        if target is not None and target.threshold is not None:
            series.append(("doel " + str(year) if lang != "en" else f"target {year}", [target.threshold] * len(values)))
        chart = ChartData("line", f"{r.indicator.name(lang)}, per meting", [str(int(y)) for y in values.year], series)
        sec.charts.append(chart)
        sec.images.append(chart_png(chart))
        return
    acts = queries.activities(con)
    acts = acts[acts.theme_id == theme] if not acts.empty else acts
    if acts.empty:
        return
    counts = acts.groupby("status").size().sort_values(ascending=False)
    chart = ChartData(
        "bar",
        f"De {len(acts)} acties uit het plan naar status"
        if lang != "en"
        else f"The plan's {len(acts)} actions by status",
        [str(s) for s in counts.index],
        [("acties" if lang != "en" else "actions", [int(n) for n in counts])],
        number_format="0",
    )
    sec.charts.append(chart)
    sec.images.append(chart_png(chart))


def _signals(con, cfg: Config, m: dt.date, access: Access, lang: str) -> Section:
    """What stands out at city level: per category, the rolling 12 months through the month against
    a year before, each change tested, ranked by evidence (q-values over the categories)."""
    title = "Opvallende signalen: significante stijgingen (hele stad)"
    if not options.months_cover(con, add_months(m, -23), m):  # 12 months and the 12 before them
        return Section(
            title,
            [
                "Nog geen vergelijking met een jaar eerder: daarvoor zijn 24 maanden maandcijfers nodig "
                f"tot en met {parse_period(f'{m:%Y-%m}').label(lang)}."
            ],
        )
    period = parse_period(f"{m:%Y-%m}-R12")
    cats = queries.category_list(con)
    cats = list(cats.code[~cats.is_main])
    changes = biggest_changes(
        con, cats, period, len(cats), access=access, gemeente=cfg.gemeente_code, level="gemeente", lang=lang
    )
    rises = changes[changes.significance == stats.RISE].head(6) if len(changes) else changes
    table = as_text(rises, TABLES["breakdown_city"], lang) if len(rises) else None
    lines = [
        "Vergelijking van de 12 maanden tot en met de rapportmaand met een jaar eerder, per categorie. "
        + explain_changes(changes, lang)
    ]
    if table is None:
        lines.append("Geen enkele categorie steeg meer dan de toevalsmarge.")
    return Section(title, lines, table=table)


def _month_signals(con, cfg: Config, m: dt.date, access: Access, lang: str) -> Section:
    """Expected versus observed in the report month (mik.figures.signals), at the finest level the role
    sees unsuppressed."""
    level = signal_level(access)
    res = signals.month_signals(con, m, level, access=access, gemeente=cfg.gemeente_code, lang=lang, breaks=cfg.breaks)
    month = parse_period(f"{m:%Y-%m}").label(lang)
    title = t("signals_title", lang, month=month)
    if res.reason:
        return Section(title, [t(f"signals_{res.reason}", lang, month=month)])
    query = f"python -m mik signals --month {m:%Y-%m} --level {level}"
    lines = [
        t("signals_method", lang, n=len(res.table), level=t(f"level_{level}", lang)),
        explain_signals(res, lang),
        t("signals_query_document", lang, query=query),
    ]
    if res.found.empty:
        lines.insert(0, t("signals_none", lang, month=month, level=t(f"level_{level}", lang)))
        return Section(title, lines)
    return Section(title, lines, table=as_text(res.found.head(10), TABLES["signals"], lang))
