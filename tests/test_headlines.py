"""mik.views.headlines: the headline's change is tested against the variation of its level's areas."""

import numpy as np
import pandas as pd
import pytest

from mik.figures import stats
from mik.privacy.access import FULL
from mik.views import headlines


def _frames(rng, k: float, areas: int = 45):
    lam = rng.uniform(20, 200, areas)
    g = rng.gamma(k, 1 / k, (2, areas))
    codes = [f"BU0935{i:04d}" for i in range(areas)]
    now = pd.DataFrame({"area_code": codes, "count": rng.poisson(lam * g[0]), "suppressed": False})
    before = pd.DataFrame({"area_code": codes, "count": rng.poisson(lam * g[1]), "suppressed": False})
    return now, before


def test_the_headline_dispersion_comes_from_the_levels_areas():
    rng = np.random.default_rng(31)
    rho = [headlines._dispersion(*_frames(rng, 5), "BU09350000") for _ in range(20)]
    assert np.mean(rho) == pytest.approx(1 / 11, rel=0.25)  # negative binomial k = 5: rho = 1 / (2k + 1)
    assert headlines._dispersion(*_frames(rng, 1e9), "BU09350000") < 0.01  # Poisson: about nothing
    one = _frames(rng, 5, areas=1)
    assert headlines._dispersion(*one, "BU09350000") is None  # the gemeente alone: nothing to compare with


def test_an_unchanged_buurt_is_rarely_called_significant_in_the_headline():
    rng = np.random.default_rng(32)
    called, plain = [], []
    for _ in range(40):
        now, before = _frames(rng, 10)
        rho = headlines._dispersion(now, before, "BU09350000")
        called.append(np.mean(stats.poisson_test(now["count"], before["count"], dispersion=rho or 0.0) < 0.05))
        plain.append(np.mean(stats.poisson_test(now["count"], before["count"]) < 0.05))
    assert np.mean(called) <= 0.06
    assert np.mean(plain) > 0.2  # the Poisson-only test on the same counts: the 10-52%


def test_hidden_areas_do_not_feed_the_estimate():
    rng = np.random.default_rng(33)
    now, before = _frames(rng, 1e9)
    now.loc[:9, "count"] = now.loc[:9, "count"] * 3  # ten wild areas, but hidden for the role
    now.loc[:9, "suppressed"] = True
    assert headlines._dispersion(now, before, "BU09350020") < 0.01


def test_the_demo_headline_carries_its_test(con):
    h = headlines.headline(con, "BU09358104", "buurt", access=FULL)
    assert h.dispersion is not None and 0 <= h.dispersion < 0.05  # the demo's counts are Poisson
    assert h.p == pytest.approx(stats.poisson_test(h.count, h.previous_count, dispersion=h.dispersion)[0])


def test_the_sentences_say_how_much_variation_the_tests_allowed_for(con, cfg):
    import datetime as dt

    from mik.figures import signals
    from mik.views.changes import explain_changes, explain_signals

    wide = explain_changes(pd.DataFrame({"dispersion": [1 / 11, 1 / 11, np.nan]}), "nl")
    assert "±45%" in wide and "gewone schommeling" in wide
    assert "niet meer dan toeval" in explain_changes(pd.DataFrame({"dispersion": [0.0]}), "nl")
    assert "Te weinig combinaties" in explain_changes(pd.DataFrame({"dispersion": [np.nan]}), "nl")
    assert "±45%" in explain_changes(pd.DataFrame({"dispersion": [1 / 11]}), "en")
    short = explain_changes(pd.DataFrame({"dispersion": [1 / 11]}), "nl", short=True)
    assert "±45%" in short and "Opvallende signalen" in short and len(short) < len(wide) / 2
    res = signals.month_signals(con, dt.date(2016, 9, 1), "buurt", access=FULL, gemeente=cfg.gemeente_code)
    text = explain_signals(res, "nl")
    assert f"mediaan van {len(res.fits)} categorieën" in text and f"bij {res.trends} categorieën" in text
    assert "reden om te kijken" in text and "geen oordeel" in text
