"""Expected versus observed (mik.figures.signals): the demo's planted sprees, the method's error rates,
the levels a role gets, and the command line."""

import datetime as dt
import json

import numpy as np
import pytest

from mik.figures import signals
from mik.privacy.access import FULL, Access, signal_level
from mik.tools import demo, signalbench
from tests.test_cli import run


def test_the_demo_sprees_are_found_and_nothing_else(con, cfg):
    for month, index, cat, _extra in demo.PLANTED:
        res = signals.month_signals(con, month, "buurt", gemeente=cfg.gemeente_code, access=FULL)
        found = res.found
        assert len(res.table) > 800 and res.reason is None
        assert list(found.category_code) == [cat]
        buurten = sorted(con.execute("SELECT code FROM areas WHERE level = 'buurt'").df().code)
        assert found.area_code.iloc[0] == buurten[index]
        row = found.iloc[0]
        assert row.observed >= row["limit"] > row.expected and row.q < 0.05


def test_expected_is_the_mean_of_the_nine_baseline_months(con, cfg):
    month, _, cat, _ = demo.PLANTED[0]
    res = signals.month_signals(con, month, "wijk", [cat], gemeente=cfg.gemeente_code, access=FULL).table
    row = res.iloc[0]
    months = signals.baseline_months(month)
    assert len(months) == 9 and dt.date(2013, 8, 1) in months and dt.date(2016, 9, 1) not in months
    base = con.execute(
        """SELECT sum(count) FROM registrations r JOIN areas a ON a.code = r.area_code
           WHERE a.parent_code = ? AND category_code = ? AND month IN (SELECT unnest(?))""",
        [row.area_code, cat, months],
    ).fetchone()[0]
    assert row.expected == pytest.approx(base / 9)


def test_no_signals_without_three_years_of_months(con, tiny):
    assert signals.month_signals(con, dt.date(2014, 9, 1), access=FULL).reason == "short_history"
    assert signals.month_signals(tiny, dt.date(2016, 9, 1), access=FULL).reason is None  # 2013-2016 monthly
    short = signals.month_signals(tiny, dt.date(2015, 9, 1), access=FULL)
    assert short.reason == "short_history" and short.found.empty


def test_score_false_alarms_on_pure_noise_stay_rare():
    rng = np.random.default_rng(5)
    lam = rng.uniform(0.5, 20, size=(400, 800))
    flagged = [signals.score(rng.poisson(row), rng.poisson(9 * row), limits=False).signal.sum() for row in lam]
    # 400 months of 800 cells with nothing planted: BH keeps most months free of any false signal
    assert np.mean(np.array(flagged) > 0) <= 0.05


def test_signal_level_never_below_what_a_role_sees_unsuppressed():
    assert signal_level(Access("a", "analist", "straat", True)) == "buurt"
    assert signal_level(Access("d", "driehoek", "buurt", False)) == "gemeente"
    assert signal_level(Access("r", "raad", "wijk", True)) == "wijk"
    assert signal_level(Access("p", "publiek", "gemeente", False)) == "gemeente"


def test_benchmark_on_planted_signals_meets_the_targets(cfg):
    res = signalbench.replication(cfg, seed=7)
    summary = signalbench.summarise(res)
    big = next(
        r for r in summary["recall"] if r["extra"] == 30 and r["expected_to"] == np.inf and r["expected_from"] == 0.5
    )
    assert big["recall"] >= 0.9
    assert summary["false_share_of_signals_mean"] <= 0.05
    assert summary["months"] == signalbench.EVAL_MONTHS


def test_signals_command(demo_db):
    month, _, cat, _ = demo.PLANTED[0]
    out = json.loads(run("signals", "--db", str(demo_db), "--month", f"{month:%Y-%m}", "--json"))
    assert [r["category_code"] for r in out] == [cat]
    assert {"area_code", "name", "observed", "expected", "p"} <= set(out[0])
    csv = run("signals", "--db", str(demo_db), "--month", f"{month:%Y-%m}", "--level", "wijk")
    assert csv.splitlines()[0].startswith("month,area_code,name")
