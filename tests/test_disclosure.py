"""The disclosure audit (mik.figures.disclosure): for every restricted role and every year of the demo, no
suppressed count can be narrowed to fewer than the threshold's width from what the role sees."""

from __future__ import annotations

import pandas as pd
import pytest

from mik.figures.disclosure import audit_year
from mik.privacy import suppression
from mik.privacy.access import access_for
from mik.privacy.suppression import secondary

YEARS = range(2012, 2017)


@pytest.mark.parametrize("role", ["driehoek", "raad"])
@pytest.mark.parametrize("year", YEARS)
def test_no_suppressed_count_can_be_recovered(con, cfg, role, year):
    assert [str(e) for e in audit_year(con, cfg, access_for(cfg, "audit", role), year)] == []


def test_the_audit_finds_a_leak_when_secondary_suppression_is_off(con, cfg, monkeypatch):
    # primary suppression only: a lone hidden buurt is its wijk's total minus the visible buurten
    monkeypatch.setattr(suppression, "secondary", lambda hidden, *args, **kwargs: hidden)
    exposed = [e for y in YEARS for e in audit_year(con, cfg, access_for(cfg, "audit", "driehoek"), y)]
    assert exposed and any(e.high - e.low == 0 for e in exposed)  # recovered exactly


@pytest.mark.parametrize(
    "counts,primary,expected",
    [
        ([3, 40, 50, 60], [True, False, False, False], [True, True, False, False]),  # lone cell takes a partner
        ([1, 2, 50, 60], [True, True, False, False], [True, True, True, False]),  # 1 + 2 < 5: one more
        ([3, 4, 50, 60], [True, True, False, False], [True, True, False, False]),  # 3 + 4 >= 5: enough
        ([3, 0, 0, 0], [True, False, False, False], [True, False, False, False]),  # nothing else to hide
    ],
)
def test_secondary_hides_until_two_cells_hold_the_threshold(counts, primary, expected):
    hidden = secondary(pd.Series(primary), pd.Series(counts, dtype=float), None, threshold=5)
    assert list(hidden) == expected
