"""Objective beside subjective per area (issue 26, part 4; mik.figures.perception): the indices
reproduced from the source rows, the survey's buurt/wijk rhythm, suppression, intervals that hold
the counts' own variation, the direction of a score, and a reason for every case without a table."""

from __future__ import annotations

import dataclasses
import shutil

import duckdb
import numpy as np
import pytest

from mik.data.store import connect
from mik.figures import perception
from mik.figures.stats import poisson_interval
from mik.plan.config import load_config
from mik.privacy.access import access_for

CFG = load_config()
GM = CFG.gemeente_code


def _of(db, theme: str, year: int, role: str, cfg=CFG) -> perception.Perception:
    with connect(db, read_only=True) as con:
        return perception.perception(con, cfg, theme, year, access=access_for(cfg, "t", role), gemeente=GM)


def test_the_indices_are_reproduced_from_the_source_rows_and_the_divergent_wijk_is_named(demo_db):
    res = _of(demo_db, "c", 2016, "driehoek")
    assert (res.reason, res.level, res.year) == (None, "wijk", 2015)  # the newest survey year up to 2016
    cats = list(CFG.indicator("hic").categories)
    with duckdb.connect(str(demo_db), read_only=True) as con:
        counts = dict(
            con.execute(
                "SELECT b.parent_code, sum(r.count) FROM registrations r "
                "JOIN (SELECT DISTINCT code, parent_code FROM areas WHERE level = 'buurt') b ON r.area_code = b.code "
                "WHERE year(r.month) = 2015 AND list_contains($cats, r.category_code) GROUP BY b.parent_code",
                {"cats": cats},
            ).fetchall()
        )
        survey = dict(
            con.execute(
                "SELECT area_code, value FROM survey_results WHERE indicator_id = 'slachtofferschap_vermogen' "
                "AND year = 2015"
            ).fetchall()
        )
    table = res.table.set_index("area_code")
    assert set(table.index) == set(counts) and len(table) == 8
    for code, row in table.iterrows():
        assert row["count"] == counts[code]
        assert row.obj_index == pytest.approx(row["count"] / row.population * 1000 / res.city_rate * 100)
        assert row.subj_index == pytest.approx(survey[code] / survey[GM] * 100)
        assert row.obj_low < row.obj_index < row.obj_high and row.subj_low < row.subj_index < row.subj_high
    (named,) = res.divergent.itertuples()
    assert (named.name, named.divergence) == ("Wijk 80 Oude Stad", "unsafe_but_felt_safe")
    assert named.obj_low > 100 and named.subj_high < 100  # both whole intervals on their side of the city
    same = table[table.divergence.isna()]
    assert not ((same.objective == "better") & (same.subjective == "worse")).any()


def _with_buurt_survey(demo_db, tmp_path, year: int):
    """The demo with a full buurt survey in ``year`` for two indicators (the rhythm: buurten one
    year, wijken the other), values spread around the city's."""
    db = tmp_path / "mik.duckdb"
    shutil.copyfile(demo_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute(
            """
            INSERT INTO survey_results
            SELECT s.indicator_id, b.code, $year, s.value * (0.6 + 0.8 * (hash(b.code) % 100) / 100.0),
                   s.value * 0.4, s.value * 1.9, 90, 'proef: buurtenquête'
            FROM survey_results s JOIN areas b ON b.level = 'buurt'
            WHERE s.area_code = $gm AND s.year = $year
              AND s.indicator_id IN ('overlast_buurtbewoners', 'slachtofferschap_vermogen')
              AND b.code IN (SELECT code FROM areas WHERE level = 'buurt' AND code LIKE 'BU0935%')
            """,
            {"year": year, "gm": GM},
        )
        con.execute("DELETE FROM survey_results WHERE year = $year AND area_code LIKE 'WK%'", {"year": year})
    return db


def test_the_survey_rhythm_buurten_one_year_wijken_the_next(demo_db, tmp_path):
    db = _with_buurt_survey(demo_db, tmp_path, 2014)
    newest = _of(db, "c", 2016, "driehoek")
    assert (newest.level, newest.year) == ("wijk", 2015)  # the newest survey wins, whatever its level
    buurten = _of(db, "c", 2014, "driehoek")
    assert (buurten.level, buurten.year) == ("buurt", 2014) and len(buurten.table) > 20
    # the raad sees no buurten: the newest wijk survey up to 2014 (2013), never the buurt one
    raad = _of(db, "c", 2014, "raad")
    assert (raad.level, raad.year) == ("wijk", 2013) and set(raad.table.area_code.str[:2]) == {"WK"}


def test_a_suppressed_count_gets_no_index_and_no_judgement(demo_db, tmp_path):
    db = _with_buurt_survey(demo_db, tmp_path, 2014)
    res = _of(db, "a", 2014, "driehoek")  # bedreiging per buurt: small counts
    assert res.level == "buurt"
    hidden = res.table[res.table.suppressed.astype(bool)]
    assert len(hidden) >= 1
    assert hidden.obj_index.isna().all() and hidden.objective.isna().all() and hidden.divergence.isna().all()
    assert hidden["count"].notna().sum() == 0 or (hidden.obj_low.isna().all())
    full = _of(db, "a", 2014, "analist")  # the analist sees every count
    assert full.table.obj_index.notna().all()


def test_the_interval_holds_the_counts_own_variation_beyond_chance(demo_db):
    res = _of(demo_db, "a", 2016, "analist")
    assert res.variation > 0  # the demo's counts vary more than chance from 2014 to 2015
    t = res.table
    low, high = poisson_interval(t["count"].to_numpy())
    scale = 1000 / t.population.to_numpy() / res.city_rate * 100
    assert (t.obj_low.to_numpy() <= low * scale + 1e-9).all() and (t.obj_high.to_numpy() >= high * scale).all()


def test_a_score_is_turned_so_that_above_100_is_worse_on_both_axes(demo_db):
    plain = _of(demo_db, "c", 2016, "analist")
    score = dataclasses.replace(
        CFG,
        indicators=tuple(
            dataclasses.replace(i, direction="higher") if i.id == "slachtofferschap_vermogen" else i
            for i in CFG.indicators
        ),
    )
    turned = _of(demo_db, "c", 2016, "analist", cfg=score).table.set_index("area_code")
    plain_t = plain.table.set_index("area_code").loc[turned.index]
    assert np.allclose(turned.subj_index, 200 - plain_t.subj_index)
    assert np.allclose(turned.subj_low, 200 - plain_t.subj_high)
    assert (turned.subjective.dropna() != plain_t.subjective[turned.subjective.notna()]).any()


@pytest.mark.parametrize(
    ("theme", "year", "role", "reason"),
    [
        ("c", 2016, "publiek", "no_level"),  # the city only
        ("d", 2016, "analist", "no_pair"),  # jeugdcriminaliteit is named by the plan, not yet defined
        ("beleving", 2016, "analist", "no_pair"),  # perception only
        ("c", 2011, "analist", "no_survey"),  # no survey up to 2011
    ],
)
def test_every_case_without_a_table_has_its_reason(demo_db, theme, year, role, reason):
    res = _of(demo_db, theme, year, role)
    assert res.reason == reason and res.table.empty


def test_without_inhabitants_there_is_no_index(demo_db, tmp_path):
    db = tmp_path / "mik.duckdb"
    shutil.copyfile(demo_db, db)
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM population")
    assert _of(db, "c", 2016, "analist").reason == "no_population"


@pytest.mark.xdist_group("shape-volledig")
def test_a_second_city_whose_survey_theme_has_no_police_categories_gets_a_reason(shape_install):
    """The second city's real-format files: a wijk survey of nuisance (theme a) but no registrations
    of its police categories (bedreiging, 1.4.4): a reason, not a crash on the city's empty figure."""
    inst = shape_install("volledig")
    cfg = load_config(inst["config"])
    with connect(inst["db"], read_only=True) as con:
        res = perception.perception(
            con, cfg, "a", 2024, access=access_for(cfg, "t", "driehoek"), gemeente=cfg.gemeente_code
        )
    assert (res.reason, res.level, res.year) == ("no_police", "wijk", 2023) and res.table.empty
