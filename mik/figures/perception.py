"""Objective beside subjective safety per area (issue 26, part 4): the police figure and the
perceived figure of a theme side by side per wijk or buurt, each as an index against the city
(city = 100) with its uncertainty, and the areas where the two disagree named.

The plan's annex asks that subjective safety (the buurt survey) "in relatie tot de objectieve
cijfers" can be studied; Rotterdam's Wijkprofiel and Amsterdam's Veiligheidsindex set an
objective and a subjective score per theme and wijk side by side in the same way.

Rules, in words:

* **The pair.** A theme's first police indicator (registrations per 1,000 inhabitants) and its
  first survey indicator (a share of residents, or a score). A theme without both gets a reason.
* **Survey year and level.** The survey's rhythm alternates (a full buurt survey one year, a lighter
  wijk survey the next), so the view takes the newest survey year up to the year asked that has
  results at a level the role may see, at the finest such level (buurt before wijk). The police
  figure is that same calendar year, at that same level.
* **Index.** ``100 × area / city``. Objective: the area's rate per 1,000 over the city's rate. Its
  95% interval holds chance and the areas' own variation from year to year: real counts vary more
  than chance alone (overdispersion), estimated over the areas from this year against the year
  before (:func:`mik.figures.stats.overdispersion`, the same estimate as the signals'): each side
  of the exact Poisson interval of the count is widened on the log scale, ``√(h² + (1.96 v)²)`` for
  a side ``h`` and that variation ``v``; without a year before or with fewer than 8 areas, the
  exact interval alone. The city's own
  margin, a fraction of an area's, is left out. Subjective: the survey value over the city's survey value; its
  interval is the survey's own 95% interval, divided the same way. For both indicators of the plan
  a higher index is worse (more crime, more people who feel unsafe); for an indicator with
  ``direction = "higher"`` (a score) the subjective index is turned (``200 − index``), so above 100
  is worse on both axes.
* **Judgement per axis.** "slechter dan de stad" when the whole interval lies above 100, "beter dan
  de stad" when it lies below, else "als de stad". An area **diverges** when one axis says better
  and the other worse: "veilig volgens de cijfers, onveilig gevoeld" (objective better, subjective
  worse) or the reverse.
* **Privacy.** The counts come from :func:`mik.figures.indicators.police_values` with the reader's
  :class:`~mik.privacy.access.Access`: a suppressed count has no index ("afgeschermd"); survey
  results are estimates with intervals, shown at the levels the role may see.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from mik.data import queries
from mik.figures import indicators
from mik.figures.stats import extra_variation, overdispersion, poisson_interval
from mik.plan.config import Config, Indicator
from mik.plan.periods import parse_period
from mik.privacy.access import Access, ensure, keep, unscoped

LEVELS = ("buurt", "wijk")  # finest first
WORSE, BETTER, SAME = "worse", "better", "same"
#: an area whose two judgements differ like this is named: (objective, subjective) -> kind
DIVERGENT = {(BETTER, WORSE): "safe_but_felt_unsafe", (WORSE, BETTER): "unsafe_but_felt_safe"}
COLUMNS = [
    "area_code",
    "name",
    "count",
    "population",
    "rate",
    "obj_index",
    "obj_low",
    "obj_high",
    "objective",
    "value",
    "lower",
    "upper",
    "subj_index",
    "subj_low",
    "subj_high",
    "subjective",
    "divergence",
    "suppressed",
]


@dataclass(frozen=True)
class Perception:
    theme: str
    police: Indicator | None = None
    survey: Indicator | None = None
    level: str | None = None
    year: int | None = None
    city_rate: float | None = None
    city_value: float | None = None
    table: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=COLUMNS))
    reason: str | None = None  # why no table: no_pair, no_level, no_survey, no_police, no_population, not_own
    variation: float = 0.0  # the counts' variation beyond chance from year to year (share), in the intervals

    @property
    def divergent(self) -> pd.DataFrame:
        return self.table[self.table.divergence.notna()]


def pair(cfg: Config, theme_id: str) -> tuple[Indicator | None, Indicator | None]:
    """The theme's police indicator and survey indicator (the first enabled of each, or None)."""
    own = [i for i in cfg.indicators_of(theme_id) if i.enabled and i.has_data_definition]
    police = next((i for i in own if i.source == "police"), None)
    survey = next((i for i in own if i.source == "survey"), None)
    return police, survey


def _judge(low: pd.Series, high: pd.Series) -> pd.Series:
    """worse / better / same against the city (100), by the whole interval; NaN without one."""
    out = pd.Series(np.where(low > 100, WORSE, np.where(high < 100, BETTER, SAME)), index=low.index, dtype=object)
    return out.where(low.notna() & high.notna())


def _survey_choice(values: pd.DataFrame, con, year: int, levels: list[str]) -> tuple[int, str] | None:
    """The newest survey year up to ``year`` with results (``values``: the survey's rows) at one of
    ``levels`` (finest first), and that level: the survey's buurt/wijk rhythm."""
    if values.empty:
        return None
    areas = queries.area_list(con)[["code", "level"]].rename(columns={"code": "area_code"})
    found = values.merge(areas, on="area_code")
    for y in sorted({int(v) for v in found.year if int(v) <= year}, reverse=True):
        for level in levels:
            if (found[(found.year == y) & (found.level == level)].value.notna()).sum() >= 2:
                return y, level
    return None


def perception(con, cfg: Config, theme_id: str, year: int, *, access: Access, gemeente: str) -> Perception:
    """The objective and subjective index per area for ``theme_id``, survey year at most ``year``,
    as ``access`` may see them (see the module's rules). A role of some wijken gets its areas' rows
    of the city's table (the survey year, level and variation chosen over the whole city)."""
    ensure(access)
    if access.areas:
        every = perception(con, cfg, theme_id, year, access=unscoped(access), gemeente=gemeente)
        own = keep(access, every.table)
        if every.reason or len(own):
            return replace(every, table=own)
        return replace(every, table=own, reason="not_own")
    police, survey = pair(cfg, theme_id)
    base = {"theme": theme_id, "police": police, "survey": survey}
    if police is None or survey is None:
        return Perception(**base, reason="no_pair")
    levels = [lv for lv in LEVELS if access.may_see(lv)]
    if not levels:
        return Perception(**base, reason="no_level")
    values = queries.survey_values(con, survey.id)  # every area and year: the choice and the city's value
    chosen = _survey_choice(values, con, year, levels)
    if chosen is None:
        return Perception(**base, reason="no_survey")
    sy, level = chosen
    base.update(level=level, year=sy)
    period = parse_period(str(sy))
    first, stand = queries.data_period(con)
    if first is None or not (first <= period.start and indicators.period_complete(period, stand)):
        return Perception(**base, reason="no_police")
    city = indicators.police_values(con, police, "gemeente", period, True, access=access, gemeente=gemeente)
    city = city[city.area_code == gemeente]
    areas = indicators.police_values(con, police, level, period, True, access=access, gemeente=gemeente)
    if city.empty or city.population.isna().all() or areas.population.isna().all():
        return Perception(**base, reason="no_population")
    if pd.isna(city.value.iloc[0]) or not city["count"].iloc[0]:  # the indicator's categories are not loaded
        return Perception(**base, reason="no_police")
    city_rate = float(city.value.iloc[0])
    surveyed = indicators.survey_values(con, survey, level, sy, access=access)
    city_survey = values[(values.area_code == gemeente) & (values.year == sy)]
    if city_survey.empty:
        return Perception(**base, reason="no_survey")
    city_value = float(city_survey.value.iloc[0])
    df = areas.rename(columns={"value": "rate"}).merge(
        surveyed[["area_code", "value", "lower", "upper"]], on="area_code", how="inner"
    )
    df = df[df.value.notna()].copy()
    counts = df["count"].astype(float).where(~df.suppressed.astype(bool))
    df["obj_index"] = (df.rate / city_rate * 100).where(counts.notna())
    spread = _extra_variation(con, police, level, period, first, access, gemeente, df)
    low, high = poisson_interval(counts.to_numpy())  # chance: the exact interval of the count
    scale = (1000.0 / df.population.astype(float) / city_rate * 100).to_numpy()
    index = df.obj_index.to_numpy(dtype=float)
    extra = 1.96 * spread  # the year-to-year variation, added to each side on the log scale
    with np.errstate(divide="ignore", invalid="ignore"):  # a count of 0 or a hidden one: handled below
        down = np.sqrt(np.log(index / (low * scale)) ** 2 + extra**2)
        up = np.sqrt(np.log(high * scale / index) ** 2 + extra**2)
        df["obj_low"] = np.where(counts.to_numpy() > 0, index * np.exp(-down), 0.0)
        df["obj_high"] = np.where(counts.to_numpy() > 0, index * np.exp(up), high * scale * np.exp(extra))
    df.loc[counts.isna(), ["obj_low", "obj_high"]] = np.nan
    subj = pd.DataFrame({k: df[k] / city_value * 100 for k in ("value", "lower", "upper")})
    if survey.direction == "higher":  # a score: more is better; turned so above 100 is worse
        subj = pd.DataFrame({"value": 200 - subj.value, "lower": 200 - subj.upper, "upper": 200 - subj.lower})
    df["subj_index"], df["subj_low"], df["subj_high"] = subj.value, subj.lower, subj.upper
    df["objective"] = _judge(df.obj_low, df.obj_high)
    df["subjective"] = _judge(df.subj_low, df.subj_high)
    df["divergence"] = [DIVERGENT.get((o, s)) for o, s in zip(df.objective, df.subjective, strict=True)]
    df = df.sort_values(["divergence", "name"], na_position="last", kind="stable").reset_index(drop=True)
    return Perception(**base, city_rate=city_rate, city_value=city_value, table=df[COLUMNS], variation=spread)


def _extra_variation(con, police: Indicator, level: str, period, first, access: Access, gemeente: str, df) -> float:
    """How much the areas' counts vary from year to year beyond chance (a share of the count,
    :func:`mik.figures.stats.extra_variation`), estimated from this year against the year before
    over the areas; 0 when the year before is not loaded or there are too few areas to tell."""
    before = period.shifted_years(-1)
    if before.start < first:  # first: the data's first day (the caller's data_period)
        return 0.0
    prev = indicators.police_values(con, police, level, before, True, access=access, gemeente=gemeente)
    both = df[["area_code", "count", "population", "suppressed"]].merge(
        prev[["area_code", "count", "population", "suppressed"]], on="area_code", suffixes=("", "_before")
    )
    both = both[~both.suppressed.astype(bool) & ~both.suppressed_before.astype(bool)]
    rho = overdispersion(
        both["count"].astype(float),
        both["count_before"].astype(float),
        both.population.astype(float),
        both.population_before.astype(float),
    )
    value = float(extra_variation(rho)[0]) if len(rho) else float("nan")
    return value if np.isfinite(value) else 0.0
