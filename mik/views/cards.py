"""What an indicator's card says, the same on every screen, deck and report: a figure that cannot be
misread.

- A value for the period: the value, with the period it is for.
- A running year judged by its projection: the projected year-end value is the main figure, beside
  the full-year target; the value so far is the second line (a year-to-date 32,7 next to a target of
  45,0 would read as far below target).
- No value: the reason is the main content ("Geen meting in 2016"); a survey's latest measurement
  is the second line, with its year - never a big number from another period over "Geen data".
- No target (a basic monitor, or a year the plan does not cover): the value with its direction -
  the change against the same period a year before with its significance, and the mean of the
  three years before - instead of "Geen doel".
"""

from __future__ import annotations

from dataclasses import dataclass

from mik.figures import stats
from mik.figures.scorecards import ScoreRow
from mik.figures.targets import target_text
from mik.plan.config import Config
from mik.plan.formatting import fmt_number, fmt_value
from mik.plan.i18n import t
from mik.plan.periods import parse_period


@dataclass(frozen=True)
class CardFigure:
    kind: str  # "value", "projection" or "missing"
    main: str  # the big line: a figure, or the reason there is none
    unit: str  # beside a figure ("per 1.000 inwoners"); "" for a reason
    label: str  # what the figure is: its period, or "Prognose jaareinde 2016"
    secondary: str  # the year so far, or the latest measurement; "" for none
    target: str  # "Doel 2016: ≤ 45,0 per 1.000" or "Geen doel voor 2016"
    so_far: str = ""  # a running year's value so far, as a figure ("32,7")
    period: str = ""  # the period of the value ("jan - sep 2016")
    direction: str = ""  # without a target: the change against a year before with its test, as the status
    arrow: str = ""  # ↗, ↘ or ≈ before the direction on screens (not in PDF fonts)


def direction_text(row: ScoreRow, cfg: Config, lang: str) -> tuple[str, str, str]:
    """Without a target: ('↗', '+12,3% t.o.v. 2022 · significante stijging', 'Gemiddelde 2020–2022:
    6.310'), or empty strings when there is nothing to compare with."""
    c = row.compared
    if c is not None and any(c.unreported):
        n, year = next((n, p) for n, p in zip(c.unreported, (row.value.period, c.period), strict=True) if n)
        return "≈", t("card_incomplete", lang, n=n, period=parse_period(year).label(lang)), ""
    if c is None or c.change_pct is None:
        return "", "", ""
    unit = "rate" if row.indicator.unit == "per_1000" else row.indicator.unit
    arrow = {stats.RISE: "↗", stats.FALL: "↘"}.get(c.significance, "≈")
    before = parse_period(c.period).label(lang)
    change = t("card_change", lang, pct=fmt_number(c.change_pct, 1, lang, signed=True), period=before)
    head = f"{change} · {t(c.significance, lang)}"
    mean = ""
    if c.mean3 is not None and c.mean_years:
        first, last = c.mean_years
        mean = t("card_mean3", lang, first=first, last=last, value=fmt_value(c.mean3, unit, lang))
    return arrow, head, mean


def card_figure(row: ScoreRow, cfg: Config, lang: str = "nl") -> CardFigure:
    """The figure, its label, the second line and the target of ``row``'s card.

    The unit is said once, beside the figure (a rate as ``32,7`` with "per 1.000 inwoners")."""
    ind = row.indicator
    unit = "rate" if ind.unit == "per_1000" else ind.unit
    unit_word = t("per_1000_inh", lang) if ind.unit == "per_1000" else ""
    period = parse_period(row.value.period).label(lang)
    if row.target is None:  # a basic monitor has no targets at all: nothing to say on each card
        target = t("card_no_target", lang, year=parse_period(row.value.period).start.year) if cfg.targets else ""
    else:
        target = f"{t('target', lang)} {row.target.year}: {target_text(cfg, ind, row.target, row.threshold, lang)}"
    if row.status.projected is not None:
        so_far = fmt_value(row.value.value, unit, lang)
        return CardFigure(
            "projection",
            fmt_value(row.status.projected, unit, lang),
            unit_word,
            t("card_projection", lang, year=row.target.year if row.target else period),
            t("card_so_far", lang, period=period, value=f"{so_far} {unit_word}".strip())
            if row.value.value is not None
            else "",
            target,
            so_far if row.value.value is not None else "",
            period,
        )
    if row.value.suppressed:
        return CardFigure("missing", row.status.word(lang), "", period, "", target)
    if row.value.value is None:
        if not ind.has_data_definition:
            main = t("card_in_development", lang)
        elif ind.source == "survey":
            main = t("card_no_measurement", lang, period=period)
        else:
            main = t("card_no_figures", lang, period=period)
        latest = t("card_no_police_rows", lang) if ind.source == "police" and ind.has_data_definition else ""
        if row.latest_value is not None:
            latest = t("card_latest", lang, year=row.latest_year, value=fmt_value(row.latest_value, unit, lang))
        return CardFigure("missing", main, "", period, latest, target)
    arrow, direction, mean = direction_text(row, cfg, lang) if row.target is None else ("", "", "")
    return CardFigure(
        "value",
        fmt_value(row.value.value, unit, lang),
        unit_word,
        period,
        mean,
        target,
        direction=direction,
        arrow=arrow,
    )


def summary_word(row: ScoreRow, cfg: Config, lang: str) -> str:
    """What an indicator counts as in a summary ("3 × op koers"): its status; in a basic monitor
    (no targets) the test of its change, or that it has no comparison or no figures."""
    if row.target is None and not cfg.targets:
        if row.compared is not None and row.compared.change_pct is not None:
            return t(row.compared.significance, lang)
        return t("card_no_change_short" if row.value.value is not None else "card_no_figures_short", lang)
    return row.status.word(lang)
