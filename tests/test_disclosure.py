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
    monkeypatch.setattr(suppression, "unprotected", lambda *args, **kwargs: set())
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


@pytest.mark.parametrize(
    "counts,expected",
    [
        # hidden {4, 7} with 7 the smallest left visible: the attacker of issue 22 knows both exactly
        ([4, 7, 7, 50], [True, True, True, False]),
        ([2, 9, 30, 50], [True, True, False, False]),  # 2 and 9: each 1..10 given 30 visible
    ],
)
def test_secondary_hides_until_the_informed_attacker_gets_the_threshold(counts, expected):
    hidden = secondary(pd.Series(counts).lt(5), pd.Series(counts, dtype=float), None, threshold=5)
    assert list(hidden) == expected
    shown = [c for c, h in zip(counts, hidden, strict=True) if not h and c > 0]
    low, high = suppression.interval([c for c, h in zip(counts, hidden, strict=True) if h], min(shown))
    assert high - low >= 5


def test_a_group_whose_cells_are_all_small_is_named_unprotected():
    counts = pd.Series([2, 3, 0, 40, 50], dtype=float)
    groups = pd.Series(["a", "a", "a", "b", "b"])
    hidden = suppression.hidden(counts, groups, 5)
    assert list(hidden) == [True, True, False, False, False]  # zeros stay shown: nothing else to hide
    assert suppression.unprotected(hidden, counts, groups, 5) == {"a"}  # 2 + 3 = 5: each 1..4


def test_the_audit_knows_the_rule_of_the_old_secondary_suppression(con, cfg, monkeypatch):
    # the rule before issue 22: partners until two hidden cells hold 5; an attacker who reads it
    # knows every hidden cell is at most the smallest visible one of its wijk, and narrows cells
    def old(hidden, visible, threshold):
        return len(hidden) >= 2 and sum(hidden) >= threshold

    monkeypatch.setattr(suppression, "_protected", old)
    exposed = [e for y in YEARS for e in audit_year(con, cfg, access_for(cfg, "audit", "driehoek"), y)]
    assert len(exposed) >= 10 and min(e.width for e in exposed) < 4


def test_a_wijk_whose_buurten_are_all_small_is_hidden_too(tmp_path, cfg):
    # the second city's real-format files, with a wijk of buurten 2, 3, 0 and 0 crimes in 2023: its
    # total (5) is not small, but with it the driehoek would know the buurten to within 1..4
    import dataclasses

    from mik.data.store import connect
    from mik.figures import disclosure, indicators
    from mik.ingest.run import run_import
    from mik.plan.periods import parse_period
    from tests.secondcity import CODE, build_second_city

    city = build_second_city(tmp_path / "files")
    small = {"BU19990000": 2, "BU19990001": 3, "BU19990002": 0, "BU19990003": 0}
    lines = city.crime.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        cells = line.split(",")
        if len(cells) > 9 and cells[3].strip('"') in small and cells[5] == '"2023JJ00"':
            share = 100 if cells[1] == '"0.0.0 "' else 0
            cells[9] = str(small[cells[3].strip('"')] * share // 100)
            lines[i] = ",".join(cells)
    city.crime.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "mik.duckdb"
    run_import(db, "boundaries", city.boundaries, CODE)
    run_import(db, "crime", city.crime, CODE)
    con2 = connect(db, read_only=True)
    year = parse_period("2023")
    driehoek, raad = access_for(cfg, "a", "driehoek"), access_for(cfg, "a", "raad")
    wijk = "WK199900"

    def hidden(access, level):
        df = indicators.category_values(
            con2, ["0.0.0"], level, year, False, access=access, scope="total", gemeente=CODE
        )
        return set(df.area_code[df.suppressed])

    assert {"BU19990000", "BU19990001"} <= hidden(driehoek, "buurt")
    assert wijk in hidden(driehoek, "wijk")  # hidden with its buurten (and a partner wijk)
    assert wijk not in hidden(raad, "wijk")  # raad sees no buurten: 5 is shown
    cells = disclosure.intervals_year(con2, dataclasses.replace(cfg, gemeente_code=CODE), driehoek, 2023)
    assert [str(c) for c in cells if c.width < 5] == []
    con2.close()


def test_the_command_reports_the_narrowest_interval_and_fails_on_a_leak(demo_db, monkeypatch, capsys):
    from mik.cli.main import main

    assert main(["audit", "--disclosure", "--db", str(demo_db), "--year", "2014", "--role", "driehoek"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("driehoek\t2014"))
    _, _, hidden, exposed, narrowest = line.split("\t")
    assert int(hidden) > 0 and exposed == "0" and float(narrowest.split()[0]) >= 5
    monkeypatch.setattr(suppression, "_protected", lambda hidden, visible, threshold: len(hidden) >= 2)
    assert main(["audit", "--disclosure", "--db", str(demo_db), "--year", "2014", "--role", "driehoek"]) == 1
    assert "can be narrowed to fewer than 5 values" in capsys.readouterr().err
