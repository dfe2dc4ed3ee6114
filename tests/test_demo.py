import csv
import datetime as dt

import pandas as pd
import pytest
import shapely

from mik.data import geometry, queries
from mik.data.store import connect, content_digest
from mik.privacy.access import FULL
from mik.tools.demo import DEMO_TODAY, build_demo


def test_same_seed_same_content_other_seed_other_content(tmp_path, demo_db):
    again = tmp_path / "again.duckdb"
    other = tmp_path / "other.duckdb"
    build_demo(again, seed=2015)
    build_demo(other, seed=7)
    with (
        connect(demo_db, read_only=True) as a,
        connect(again, read_only=True) as b,
        connect(other, read_only=True) as c,
    ):
        assert content_digest(a) == content_digest(b)
        assert content_digest(a) != content_digest(c)


def test_city_size(con):
    areas = queries.area_list(con)
    assert (areas.level == "wijk").sum() == 8
    assert (areas.level == "buurt").sum() == 45
    assert set(areas[areas.level == "buurt"].parent_code) == set(areas[areas.level == "wijk"].code)


def _geoms(con, level):
    return [geometry.from_wkb(b) for b in queries.area_geometries(con, level).geometry]


@pytest.mark.parametrize("level", ["buurt", "wijk"])
def test_polygons_valid_and_tile_the_city(con, level):
    city = geometry.wgs84_to_rd(_geoms(con, "gemeente")[0])
    parts = [geometry.wgs84_to_rd(g) for g in _geoms(con, level)]
    report = geometry.tiling_report(parts, city)
    assert report["all_valid"]
    assert report["overlap"] < 1.0  # m2, on about 58 km2: floating-point noise only
    assert report["gap"] < 1.0
    assert abs(report["union_area"] - city.area) < 1.0


def test_buurten_nest_in_their_wijk(con):
    b = queries.area_geometries(con, "buurt")
    wijken = dict(zip(queries.area_geometries(con, "wijk").code, _geoms(con, "wijk"), strict=True))
    for parent, blob in zip(b.parent_code, b.geometry, strict=True):
        outside = geometry.wgs84_to_rd(geometry.from_wkb(blob).difference(wijken[parent])).area
        assert outside < 1.0  # m2: nothing sticks out


def test_plan_survey_values_for_2013_and_2014(con, cfg):
    for b in cfg.baselines:
        ind = cfg.indicator(b.indicator)
        if not b.primary or ind.source != "survey" or b.year not in (2013, 2014):
            continue
        rows = queries.survey_values(con, ind.id, cfg.gemeente_code, b.year)
        assert rows.value.tolist() == [b.value], (ind.id, b.year)
        assert rows.lower.iloc[0] < b.value < rows.upper.iloc[0]


def test_police_baselines_near_the_plan(con, cfg):
    from mik.figures import indicators
    from mik.plan.periods import parse_period

    for ind_id, base in (("bedreiging", 4.0), ("drugsoverlast", 24.6), ("hic", 47.0)):
        v = indicators.indicator_value(
            con, cfg, ind_id, cfg.gemeente_code, "gemeente", parse_period("2013"), access=FULL
        )
        assert abs(v.value - base) / base < 0.12, (ind_id, v.value)


def test_monthly_registrations_run_into_an_incomplete_month(con):
    first, stand = queries.data_period(con)
    assert first == dt.date(2012, 1, 1)
    assert stand == DEMO_TODAY and stand.day < 28
    months = queries.monthly_counts(con, ["INC.DRUGS"], "gemeente")
    per_month = months.set_index("month")["count"]
    oct16 = per_month[pd.Timestamp("2016-10-01")]
    sep16 = per_month[pd.Timestamp("2016-09-01")]
    assert oct16 < 0.7 * sep16  # only half of October is registered


def test_categories_the_indicators_need_exist(con, cfg):
    codes = set(queries.category_list(con).code)
    assert set(cfg.police_categories) <= codes
    assert {"INC.JEUGD", "1.4.4", "INC.DRUGS"} <= codes


def test_population_every_year_and_sums_consistent(con):
    for year in range(2012, 2017):
        b = queries.population_by_area(con, "buurt", year)
        g = queries.population_by_area(con, "gemeente", year)
        assert (b.population_year == year).all()
        assert b.inhabitants.sum() == g.inhabitants.iloc[0]
    assert 90_000 < g.inhabitants.iloc[0] < 160_000


def test_activities_from_the_plan_with_statuses(con, cfg):
    acts = queries.activities(con)
    assert len(acts) >= 100
    assert set(acts.theme_id) <= {t.id for t in cfg.themes}
    assert acts.status.notna().all()
    woninginbraak = acts[acts.item == "Plan van aanpak Woninginbraak"].iloc[0]
    assert (woninginbraak.term, woninginbraak.lead) == ("2015", "team Veiligheid")


def test_two_attention_areas_of_buurten(con):
    members = queries.attention_members(con)
    assert members.attention_code.nunique() == 2
    assert members.area_code.str.startswith("BU").all()


def test_peer_figures_cover_the_comparison_set(con, cfg):
    peers = queries.peer_values(con, "onveilig_buurt", 2015)
    assert set(cfg.peer_group("g32").members) <= set(peers.gemeente_code)
    assert {c for c, _ in cfg.references} <= set(peers.gemeente_code)


def test_everything_is_marked_synthetic(con):
    assert queries.is_synthetic(con)
    assert queries.lineage(con).synthetic.all()


def test_no_real_buurt_names(con, realdata):
    with open(realdata / "85984NED_WijkenEnBuurten_GM0935.csv", encoding="utf-8") as fh:
        real = {row["Title"].strip() for row in csv.DictReader(fh)}
    demo_names = set(queries.area_list(con).name)
    assert len(real) > 40
    assert not (demo_names & real)


def test_geometry_roundtrip_wkb_bytearray():
    poly = shapely.box(5.6, 50.8, 5.7, 50.9)
    blob = bytearray(geometry.to_wkb(poly))  # what DuckDB's .df() hands back
    assert geometry.from_wkb(blob).equals(poly)
