"""Target maths: case tables with hand-computed expectations."""

import pandas as pd
import pytest

from mik.figures.indicators import IndicatorValue
from mik.figures.projection import seasonal_share
from mik.figures.targets import compare, judge, peer_statistic
from mik.figures.whatif import with_overrides
from mik.plan.config import load_config

CFG = load_config()


@pytest.mark.parametrize(
    "value,comparator,threshold,expected",
    [
        (8.8, "<", 8.0, False),  # the plan's own 2014 value against the 2015 target
        (7.9, "<", 8.0, True),
        (7.0, "<=", 7.0, True),  # equality at the threshold: <= holds ...
        (7.0, "<", 7.0, False),  # ... < does not
        (6.8, ">=", 6.8, True),  # higher is better: rapportcijfer
        (6.7, ">=", 6.8, False),
        (6.8, ">", 6.8, False),
    ],
)
def test_compare(value, comparator, threshold, expected):
    assert compare(value, comparator, threshold) is expected


def test_compare_unknown_comparator():
    with pytest.raises(ValueError, match="unknown comparator"):
        compare(1, "=<", 2)


def _v(value, lower=None, upper=None):
    return IndicatorValue("x", "GM0935", "2015", value, lower=lower, upper=upper)


@pytest.mark.parametrize(
    "indicator,value,lower,upper,threshold,status",
    [
        # survey, interval excludes the threshold: a real difference
        ("overlast_buurtbewoners", 8.8, 8.2, 9.4, 8.0, "not_met"),
        ("overlast_buurtbewoners", 6.9, 6.3, 7.5, 8.0, "met"),
        # interval contains the threshold: not significantly different, whichever side the value is
        ("overlast_buurtbewoners", 8.3, 7.5, 9.1, 8.0, "not_significant"),
        ("overlast_buurtbewoners", 7.8, 7.1, 8.5, 8.0, "not_significant"),
        # higher is better
        ("rapportcijfer_buurt", 6.9, 6.85, 6.95, 6.7, "met"),
        ("rapportcijfer_buurt", 6.5, 6.45, 6.55, 6.7, "not_met"),
        # police value, no interval: exact comparison
        ("bedreiging", 4.0, None, None, 4.0, "not_met"),  # < 4,0 and the value is 4,0
        ("drugsoverlast", 22.0, None, None, 22.0, "met"),  # <= 22
    ],
)
def test_judge(indicator, value, lower, upper, threshold, status):
    ind = CFG.indicator(indicator)
    target = CFG.target(indicator, 2015)
    s = judge(CFG, ind, target, _v(value, lower, upper), threshold)
    assert s.code == status
    assert s.reason_nl and s.reason_en
    assert s.word("nl") != s.word("en")


def test_reason_in_dutch_notation():
    ind = CFG.indicator("overlast_buurtbewoners")
    s = judge(CFG, ind, CFG.target(ind.id, 2015), _v(8.8, 8.2, 9.4), 8.0)
    assert "8,8%" in s.reason_nl and "< 8,0%" in s.reason_nl
    assert "8.8%" in s.reason_en


def test_no_data_no_target_and_not_yet_known():
    ind = CFG.indicator("onveilig_buurt")
    assert judge(CFG, ind, CFG.target(ind.id, 2015), _v(None), 30.0).code == "no_data"
    assert judge(CFG, ind, None, _v(30.0), None).code == "no_target"
    rel = judge(CFG, ind, CFG.target(ind.id, 2018), _v(25.0, 24.0, 26.0), None)
    assert rel.code == "not_yet_known" and "2018" in rel.reason_nl
    youth = CFG.indicator("jeugdcriminaliteit")
    fake_target = CFG.target("hic", 2015)
    assert judge(CFG, youth, fake_target, _v(None), 1.0).code == "no_data"


def test_projection_judgement():
    ind = CFG.indicator("hic")
    target = CFG.target("hic", 2016)  # <= 45
    assert judge(CFG, ind, target, _v(30.0), 45.0, projected=44.9).code == "on_track"
    assert judge(CFG, ind, target, _v(30.0), 45.0, projected=45.1).code == "at_risk"


@pytest.mark.parametrize(
    "part,total,month,share,seasonal",
    [
        (24, 36, 9, 2 / 3, True),
        (0, 0, 9, 0.75, False),  # no history: linear
        (0, 10, 3, 0.25, False),  # history but nothing in the first months: linear
    ],
)
def test_seasonal_share(part, total, month, share, seasonal):
    assert seasonal_share(part, total, month) == pytest.approx((share, seasonal))


def test_peer_statistic_plain_and_weighted():
    df = pd.DataFrame({"value": [10.0, 20.0, None], "population": [100, 300, 50]})
    assert peer_statistic(df, "mean") == 15.0
    assert peer_statistic(df, "weighted") == 17.5
    assert peer_statistic(df.iloc[0:0], "mean") is None


def test_with_overrides_changes_a_copy_only():
    new = with_overrides(CFG, {("hic", 2016): ("<", 40.0), ("bedreiging", 2017): ("<=", 3.0)})
    assert new.target("hic", 2016).threshold == 40.0 and new.target("hic", 2016).comparator == "<"
    assert new.target("bedreiging", 2017).threshold == 3.0
    assert CFG.target("hic", 2016).threshold == 45.0  # the plan itself is untouched
    assert load_config().target("hic", 2016).threshold == 45.0
    with pytest.raises(ValueError, match="unknown comparator"):
        with_overrides(CFG, {("hic", 2016): ("=", 1.0)})
    with pytest.raises(KeyError):
        with_overrides(CFG, {("nope", 2016): ("<", 1.0)})
