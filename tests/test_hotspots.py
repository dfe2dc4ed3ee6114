"""Street level (mik.figures.hotspots): points kept on import, hexagons on the server, the same small-count
rules, and no street-level figure for a role without the street level, by any route."""

import duckdb
import numpy as np
import pandas as pd
import pytest
from shapely import Point

from mik.data.geometry import rd_to_wgs84
from mik.figures import hotspots
from mik.ingest.run import run_import
from mik.plan.periods import parse_period
from mik.privacy.access import Access, AccessDenied
from mik.views import maps
from tests.test_cli import run
from tests.test_ingest import EXPORT_HEADER, write

ANALIST = Access("a", "analist", "straat", True)
RESTRICTED = [
    Access("d", "driehoek", "buurt", False),
    Access("r", "raad", "wijk", False),
    Access("p", "publiek", "gemeente", False),
]
Q3 = parse_period("2016-Q3")


def test_points_are_kept_in_wgs84_and_a_corrected_month_replaces_them(db, tmp_path):
    text = EXPORT_HEADER + "2016-09;;Markt;5.685;50.845;1.2.3;2\n2016-09;;Plein;5.695;50.845;1.2.3;1\n"
    run_import(db, "crime", write(tmp_path, "punten.csv", text))
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT street, lon, lat, count FROM registration_points ORDER BY street").fetchall()
    assert rows == [("Markt", 5.685, 50.845, 2), ("Plein", 5.695, 50.845, 1)]
    # the corrected export of the same month: the point moved, the old one is gone (not counted twice)
    run_import(db, "crime", write(tmp_path, "punten2.csv", EXPORT_HEADER + "2016-09;;Markt;5.686;50.845;1.2.3;2\n"))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT lon, count FROM registration_points").fetchall() == [(5.686, 2)]


def test_hexagons_group_near_points_and_keep_far_ones_apart():
    near = [rd_to_wgs84(Point(176_500 + dx, 318_000 + dy)) for dx, dy in ((0, 0), (20, 10), (-15, 25))]
    far = rd_to_wgs84(Point(177_500, 318_000))
    pts = pd.DataFrame(
        {
            "lon": [p.x for p in [*near, far]],
            "lat": [p.y for p in [*near, far]],
            "street": ["Markt", "Markt", "Plein", "Singel"],
            "count": [2, 3, 1, 4],
        }
    )
    hexes = hotspots.hex_counts(pts)
    assert sorted(hexes["count"]) == [4, 6] and hexes["count"].sum() == 10
    assert hexes.set_index("count").loc[6, "street"] == "Markt"  # the street with most in the hexagon


def test_analist_gets_the_hexagon_map_and_top_streets_of_the_demo(con, cfg):
    cats = list(cfg.indicator("hic").categories)
    layer = maps.hex_layer(con, cats, Q3, ANALIST, cfg.gemeente_code)
    total = con.execute(
        """SELECT sum(count) FROM registration_points WHERE category_code IN (SELECT unnest(?))
           AND month >= DATE '2016-07-01' AND month < DATE '2016-10-01'""",
        [cats],
    ).fetchone()[0]
    assert layer.frame["count"].sum() == total > 0  # every point in one hexagon, none lost
    assert len(layer.features["features"]) == len(layer.frame) > 20
    assert all("lon" not in f["properties"] for f in layer.features["features"])  # counts, no points
    streets = hotspots.top_streets(con, cats, Q3, ANALIST, cfg.gemeente_code)
    assert list(streets.columns) == ["street", "buurt", "count", "share"]
    assert streets["count"].is_monotonic_decreasing and streets.buurt.notna().all()


@pytest.mark.parametrize("access", RESTRICTED, ids=lambda a: a.role)
def test_no_street_level_figure_for_roles_without_it(con, cfg, access):
    for call in (
        lambda: hotspots.points(con, ["1.1.1"], Q3, access),
        lambda: maps.hex_layer(con, ["1.1.1"], Q3, access),
        lambda: hotspots.top_streets(con, ["1.1.1"], Q3, access),
    ):
        with pytest.raises(AccessDenied):
            call()


def test_a_street_role_with_suppression_sees_no_small_counts(con, cfg):
    careful = Access("w", "wijkagent", "straat", False, threshold=5)
    hic = list(cfg.indicator("hic").categories)
    year = parse_period("2015")
    layer = maps.hex_layer(con, hic, year, careful, cfg.gemeente_code, scope="indicator")
    full = maps.hex_layer(con, hic, year, ANALIST, cfg.gemeente_code, scope="indicator")
    assert (full.frame["count"] < 5).any()  # there are small hexagons to hide
    assert (layer.frame["count"] >= 5).all() and len(layer.frame) < len(full.frame)
    streets = hotspots.top_streets(con, hic, year, careful, cfg.gemeente_code, n=100, scope="indicator")
    assert (streets["count"] >= 5).all()


def test_a_street_role_with_suppression_gets_no_months_and_no_single_categories(con, cfg):
    """Issue 22: single categories and months at street level could be subtracted from the
    indicator's year, as below the gemeente everywhere; the gate refuses them for such a role."""
    careful = Access("w", "wijkagent", "straat", False, threshold=5)
    hic = list(cfg.indicator("hic").categories)
    with pytest.raises(AccessDenied, match="alleen hele jaren"):
        maps.hex_layer(con, hic, parse_period("2016-09"), careful, cfg.gemeente_code, scope="indicator")
    with pytest.raises(AccessDenied, match="alleen de indicatoren en het totaal"):
        hotspots.top_streets(con, ["1.1.1"], parse_period("2015"), careful, cfg.gemeente_code)  # scope: category
    assert len(maps.hex_layer(con, ["1.1.1"], parse_period("2016-09"), ANALIST, cfg.gemeente_code).frame)


def test_streets_command(demo_db):
    out = run("streets", "--db", str(demo_db), "--period", "2016-Q3", "--indicator", "hic")
    lines = out.splitlines()
    assert lines[0] == "street,buurt,count,share" and len(lines) == 16
    counts = [int(line.split(",")[2]) for line in lines[1:]]
    assert counts == sorted(counts, reverse=True) and np.all(np.array(counts) > 0)
