"""The quarterly council report: the city against its targets, the G32/G40 average and the reference
municipalities, with the plan's actions (:mod:`mik.output.document`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pandas as pd

from mik.data import queries
from mik.data.duiding import Duiding
from mik.figures import comparisons, scorecards
from mik.output.document import Report, Section, duiding_sections, footer, png, status_rows
from mik.plan.config import Config
from mik.plan.formatting import fmt_number, fmt_value
from mik.plan.i18n import t
from mik.plan.periods import parse_period
from mik.privacy.access import Access
from mik.views import actions
from mik.views.charts import build_peer_chart


def build_raad(
    con, cfg: Config, quarter: str, *, access: Access, lang: str = "nl", duidingen: Sequence[Duiding] = ()
) -> Report:
    """The quarterly council report for ``quarter`` (YYYY-Qn), with the final ``duidingen`` of its
    months (per theme and subject the newest) after their themes."""
    q = parse_period(quarter)
    _, stand = queries.data_period(con)
    as_of = min(stand, q.end - dt.timedelta(days=1))
    synthetic = queries.is_synthetic(con)
    year = q.start.year
    rows = scorecards.scorecard(con, cfg, year, cfg.gemeente_code, "gemeente", access=access, as_of=as_of)
    sections = [
        Section(
            f"Doelen {year}: stand van zaken",
            [
                "Politie-indicatoren: waarde tot en met het kwartaal en prognose voor het jaareinde "
                "(seizoensgecorrigeerd). Enquête-indicatoren: laatste meting met 95%-interval."
            ],
            table=status_rows(rows, cfg, lang),
        )
    ]
    for theme in cfg.themes:
        theme_rows = [r for r in rows if r.indicator.theme == theme.id]
        if theme_rows:
            sections.append(
                Section(theme.name(lang), [f"{r.indicator.name(lang)}: {r.status.reason(lang)}" for r in theme_rows])
            )
        sections += duiding_sections(theme, duidingen, lang)
    comp, pictures = [], []
    indicator_ids = {i.id for i in cfg.indicators}
    cat_names = dict(zip(*(queries.category_list(con)[c] for c in ("code", "name_nl")), strict=True))
    for measure in comparisons.peer_measures(con, cfg):
        years = sorted(queries.peer_values(con, measure).year.unique())
        years = [y for y in years if y <= year] or years
        if not years:
            continue
        df = comparisons.peer_comparison(con, cfg, measure, int(years[-1]), access=access)
        city = df[df.is_city]
        mean = df[df.gemeente_code.str.endswith(":mean")]
        if measure in indicator_ids:
            name, unit = cfg.indicator(measure).name(lang), cfg.indicator(measure).unit
        else:
            name, unit = f"{cat_names.get(measure, measure)} per 1.000 inwoners", "per_1000"
        if df.value.notna().any():  # every measure with figures drawn, not only the plan's
            unit_label = {"per_1000": "per 1.000 inwoners", "percent": "%", "score": "rapportcijfer"}.get(unit, "")
            chart = build_peer_chart(df, unit_label, lang).properties(title=f"{name}, {years[-1]}", height=170)
            pictures.append(png(chart, 560))
        comp.append(
            {
                "Maat": name,
                "Jaar": int(years[-1]),
                "Stad": fmt_number(city.value.iloc[0], 1, lang) if len(city) else "–",
                "G32/G40": fmt_number(mean.value.iloc[0], 1, lang) if len(mean) else "–",
                "Rang (7)": city.rank_range.iloc[0] if len(city) and pd.notna(city["rank"].iloc[0]) else "–",
                "t.o.v. G32/G40": t(city.vs_group.iloc[0], lang) if len(city) else "–",
            }
        )
    explanation = (
        [
            "Rang 1 is de gunstigste waarde van de zeven gemeenten. Een rang als 3–6 betekent: met de "
            "95%-intervallen (enquête, of de toevalsmarge van de aantallen) is niet vast te stellen welke van die "
            "plaatsen het is. 't.o.v. G32/G40' zegt of de stad significant beter of slechter is dan het "
            "gemiddelde (haar interval ligt er helemaal naast). De stippellijn in de grafieken is het "
            "G32/G40-gemiddelde, de lijntjes de 95%-intervallen."
        ]
        if comp
        else [
            "Geen vergelijking: er zijn geen cijfers van de G32/G40 en de referentiegemeenten geladen "
            "(CBS-kerncijfers per gemeente, zie de pagina Data en bronnen)."
        ]
    )
    sections.append(
        Section(
            "Vergelijking met G32/G40 en de referentiegemeenten",
            explanation,
            table=pd.DataFrame(comp),
            images=pictures,
        )
    )
    survey = []
    for ind in cfg.indicators:
        if ind.source != "survey":
            continue
        vals = queries.survey_values(con, ind.id, cfg.gemeente_code)
        vals = vals[vals.year <= year]
        if len(vals):
            v = vals.iloc[-1]
            survey.append(
                {
                    "Indicator": ind.name(lang),
                    "Jaar": int(v.year),
                    "Waarde": fmt_value(v.value, ind.unit, lang),
                    "95%-interval": f"{fmt_number(v.lower, 1, lang)} – {fmt_number(v.upper, 1, lang)}",
                }
            )
    sections.append(
        Section(
            "Veiligheidsbeleving (enquête) met betrouwbaarheidsintervallen",
            [] if survey else ["Geen enquêteresultaten geladen (zie de pagina Data en bronnen)."],
            table=pd.DataFrame(survey),
        )
    )
    acts = queries.activities(con)
    counts = actions.activity_counts(acts)
    counts["theme_id"] = counts.theme_id.map({t.id: t.name(lang) for t in cfg.themes})
    sections.append(
        Section(
            "Uitvoering van het plan: acties naar status",
            [f"{len(acts)} acties; stand van de laatste statusmelding."]
            if len(acts)
            else ["Geen acties van het plan geladen (zie de pagina Data en bronnen)."],
            table=counts.rename(columns={"theme_id": "Thema"}),
        )
    )
    subtitle = f"{cfg.gemeente_name} · {q.label(lang)} · stand per {as_of:%d-%m-%Y}"
    return Report(
        "raad",
        "Kwartaalrapportage veiligheid aan de raad",
        subtitle,
        synthetic,
        sections,
        footer(synthetic, access, as_of),
    )
