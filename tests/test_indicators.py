"""Indicators on the tiny hand-made database (tests/fixtures.py): every number computed by hand."""

import datetime as dt

import pandas as pd
import pytest

from mik.data import queries
from mik.figures import comparisons, indicators, scorecards, targets, whatif
from mik.plan.periods import parse_period
from mik.privacy.access import FULL
from tests.fixtures import STAND


def _by_area(df):
    return df.set_index("area_code")


def test_counts_and_rates_per_level(tiny):
    df = _by_area(indicators.category_values(tiny, ["A", "B"], "buurt", parse_period("2015"), access=FULL))
    assert df.loc["BU00010101", "count"] == 36 and df.loc["BU00010101", "value"] == 36.0
    assert df.loc["BU00010102", "count"] == 12 and df.loc["BU00010102", "value"] == 24.0
    assert df.loc["BU00010103", "count"] == 3 and pd.isna(df.loc["BU00010103", "value"])  # 0 inhabitants
    wijk = _by_area(indicators.category_values(tiny, ["A", "B"], "wijk", parse_period("2015"), access=FULL))
    assert wijk.loc["WK000101", "count"] == 51
    assert wijk.loc["WK000101", "value"] == pytest.approx(51 / 1500 * 1000)
    gm = _by_area(
        indicators.category_values(tiny, ["A"], "gemeente", parse_period("2015"), per_1000=False, access=FULL)
    )
    assert gm.loc["GM0001", "value"] == 39.0


def test_attention_area(tiny):
    df = _by_area(indicators.category_values(tiny, ["B"], "aandachtsgebied", parse_period("2015"), access=FULL))
    assert df.loc["AG01", "count"] == 12 and df.loc["AG01", "value"] == 24.0


def test_missing_population_uses_nearest_year_and_says_so(tiny):
    df = _by_area(indicators.category_values(tiny, ["B"], "buurt", parse_period("2016"), access=FULL))
    assert df.loc["BU00010102", "population_year"] == 2015
    assert bool(df.loc["BU00010102", "population_nearest"])
    assert df.loc["BU00010102", "count"] == 0 and df.loc["BU00010102", "value"] == 0.0  # missing months = 0
    assert not bool(df.loc["BU00010101", "population_nearest"])


@pytest.mark.parametrize("count,population,expected", [(47, 1000, 47.0), (5, 0, None), (5, None, None), (0, 250, 0.0)])
def test_rate(count, population, expected):
    assert indicators.rate_per_1000(count, population) == expected


def test_incomplete_last_month_is_flagged(tiny):
    assert queries.data_period(tiny) == (dt.date(2013, 1, 1), STAND)
    assert indicators.last_complete_month(STAND) == dt.date(2016, 9, 1)
    assert indicators.last_complete_month(dt.date(2016, 9, 30)) == dt.date(2016, 9, 1)
    oct16 = indicators.category_values(tiny, ["A"], "gemeente", parse_period("2016-10"), access=FULL)
    sep16 = indicators.category_values(tiny, ["A"], "gemeente", parse_period("2016-09"), access=FULL)
    assert not oct16.complete.iloc[0] and sep16.complete.iloc[0]
    series = indicators.monthly_series(tiny, ["A"], "buurt", "BU00010101", access=FULL)
    last = series.iloc[-1]
    assert last.month == pd.Timestamp("2016-10-01") and not last.complete and pd.isna(last.rolling12)
    sep = series[series.month == pd.Timestamp("2016-09-01")].iloc[0]
    assert sep.rolling12 == 36 and sep.last_year == 4


def test_composite_sums_categories(tiny, tiny_cfg):
    v = indicators.indicator_value(tiny, tiny_cfg, "both", "WK000101", "wijk", parse_period("2015"), access=FULL)
    assert v.count == 51


def test_survey_value_with_interval(tiny, tiny_cfg):
    v = indicators.indicator_value(tiny, tiny_cfg, "svy", "GM0001", "gemeente", parse_period("2015"), access=FULL)
    assert (v.value, v.lower, v.upper) == (8.8, 7.9, 9.7)


def test_closed_year_status(tiny, tiny_cfg):
    rows = {r.indicator.id: r for r in scorecards.scorecard(tiny, tiny_cfg, 2015, "GM0001", access=FULL)}
    # A: 36 + 3 = 39 registrations on 1,500 inhabitants = 26,0 per 1.000 <= 36
    assert rows["pol"].value.value == pytest.approx(26.0) and rows["pol"].status.code == "met"
    # 8,8% against < 8%, interval 7,9-9,7 contains 8: not significantly different
    assert rows["svy"].status.code == "not_significant"


def test_running_year_projection_is_seasonal(tiny, tiny_cfg):
    buurt = scorecards.level_scorecards(tiny, tiny_cfg, 2016, "buurt", access=FULL)
    pol = next(r for r in buurt["BU00010101"] if r.indicator.id == "pol")
    # January-September 2016: 24; the same months were 24 of 36 in 2013-2015: year end 36 per 1.000
    assert pol.value.count == 24 and pol.value.period == "2016-09-YTD"
    assert pol.status.projected == pytest.approx(36.0)
    assert pol.status.code == "on_track" and "seizoensgecorrigeerd" in pol.status.reason_nl
    # the running October registration is not counted
    assert "lopende maand niet meegeteld" in pol.status.reason_nl


def test_relative_target_before_and_after_peer_data(tiny, tiny_cfg):
    # svy 2018: peers of 2018 do not exist yet
    cfg18 = whatif.with_overrides(tiny_cfg, {})
    t18 = cfg18.target("svy", 2018)
    assert targets.resolve_threshold(tiny, cfg18, t18) is None
    # score 2015: weighted mean of the peers = (6*100 + 7*300) / 400 = 6,75
    t15 = tiny_cfg.target("score", 2015)
    assert targets.resolve_threshold(tiny, tiny_cfg, t15) == pytest.approx(6.75)


def test_what_if_moves_only_what_it_should(tiny, tiny_cfg):
    df = whatif.what_if(tiny, tiny_cfg, 2016, {("pol", 2016): ("<=", 30.0)}, access=FULL)
    changed = df[df.changed]
    assert set(changed.indicator) == {"pol"}
    noord = changed[changed.area_code == "BU00010101"].iloc[0]
    assert (noord.status_plan, noord.status_scenario) == ("on_track", "at_risk")
    assert tiny_cfg.target("pol", 2016).threshold == 40.0


def test_versus_last_year_ytd(tiny):
    df = _by_area(
        comparisons.versus_last_year(tiny, ["A"], "buurt", parse_period("2016-09-YTD"), per_1000=False, access=FULL)
    )
    assert df.loc["BU00010101", "count"] == 24 and df.loc["BU00010101", "count_last_year"] == 24
    assert df.loc["BU00010101", "change_pct"] == 0.0
    month = _by_area(
        comparisons.versus_last_year(tiny, ["B"], "buurt", parse_period("2016-03"), per_1000=False, access=FULL)
    )
    assert month.loc["BU00010102", "change_pct"] == -100.0


def test_peer_comparison_rank_and_averages(tiny, tiny_cfg):
    df = comparisons.peer_comparison(tiny, tiny_cfg, "svy", 2015, "peers", access=FULL).set_index("gemeente_code")
    assert df.loc["peers:mean", "value"] == 15.0 and df.loc["peers:weighted", "value"] == 17.5
    assert df.loc["GM0002", "rank"] == 1 and df.loc["GM0003", "rank"] == 2  # lower is better
    score = comparisons.peer_comparison(tiny, tiny_cfg, "score", 2015, "peers", access=FULL).set_index("gemeente_code")
    assert score.loc["GM0003", "rank"] == 1  # higher is better


def test_no_data_is_not_zero(tiny):
    unknown = indicators.category_values(tiny, ["nope"], "buurt", parse_period("2015"), access=FULL)
    assert unknown["count"].isna().all() and unknown.value.isna().all()
    before = indicators.category_values(tiny, ["A"], "buurt", parse_period("2011"), access=FULL)
    assert before["count"].isna().all()  # before the first loaded month
    after = indicators.category_values(tiny, ["A"], "buurt", parse_period("2017"), access=FULL)
    assert after["count"].isna().all()  # after the stand-per date
