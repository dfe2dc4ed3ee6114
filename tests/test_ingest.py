"""Importers: every error kind names file, row and field and leaves the database unchanged;
imports are idempotent; a new month adds."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse

import duckdb
import pytest

from mik.data import queries
from mik.data.store import content_digest
from mik.ingest import IngestError
from mik.ingest.run import run_import
from tests.conftest import BUURTEN, ROOT


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    p = tmp_path / name
    p.write_bytes(text.encode(encoding))
    return p


def digest(path) -> str:
    with duckdb.connect(str(path), read_only=True) as con:
        return content_digest(con)


EXPORT_HEADER = "maand;buurtcode;straat;x;y;categorie;aantal\n"

ERROR_CASES = [
    ("unknown area code", "crime", EXPORT_HEADER + "2016-09;XX123;;;;1.1.1;4\n", 2, "buurtcode", "not a CBS area code"),
    (
        "code that matches no boundary",
        "crime",
        EXPORT_HEADER + "2016-09;BU09351234;;;;1.1.1;4\n",
        2,
        "buurtcode",
        "matches no loaded boundary",
    ),
    (
        "unknown category",
        "crime",
        EXPORT_HEADER + "2016-09;BU09359901;;;;9.9.9;4\n",
        2,
        "categorie",
        "unknown category",
    ),
    ("negative count", "crime", EXPORT_HEADER + "2016-09;BU09359901;;;;1.1.1;-4\n", 2, "aantal", "negative"),
    ("non-numeric count", "crime", EXPORT_HEADER + "2016-09;BU09359901;;;;1.1.1;vier\n", 2, "aantal", "not a number"),
    (
        "duplicate rows",
        "crime",
        EXPORT_HEADER + "2016-09;BU09359901;;;;1.1.1;4\n2016-09;BU09359901;;;;1.1.1;5\n",
        3,
        "maand",
        "duplicate",
    ),
    ("missing column", "crime", "maand;buurtcode;categorie\n2016-09;BU09359901;1.1.1\n", 1, "aantal", "missing column"),
    (
        "wrong delimiter",
        "crime",
        "maand|buurtcode|categorie|aantal\n2016-09|BU09359901|1.1.1|4\n",
        1,
        None,
        "delimiter",
    ),
    (
        "point outside every buurt",
        "crime",
        EXPORT_HEADER + "2016-09;;Markt;4.0;52.0;1.1.1;1\n",
        2,
        "x",
        "no loaded buurt",
    ),
    ("bad month", "crime", EXPORT_HEADER + "sep 2016;BU09359901;;;;1.1.1;4\n", 2, "maand", "not understood"),
    ("population duplicate", "population", "code;inwoners\nBU09359901;100\nBU09359901;120\n", 3, "code", "duplicate"),
    ("population not a number", "population", "code;inwoners\nBU09359901;honderd\n", 2, "inhabitants", "not a number"),
    (
        "survey unknown indicator",
        "survey",
        "indicator;area_code;year;value\nnope;GM0935;2015;3,4\n",
        2,
        "indicator",
        "unknown survey indicator",
    ),
    (
        "survey value outside its interval",
        "survey",
        "indicator;area_code;year;value;lower;upper\nonveilig_buurt;GM0935;2015;40;20;30\n",
        2,
        "value",
        "outside",
    ),
    (
        "activities unknown theme",
        "activities",
        "id;theme;item;description;term;parties;lead\nx1;zz;Item;Omschrijving;2015;team Veiligheid;team Veiligheid\n",
        2,
        "theme",
        "unknown theme",
    ),
]


@pytest.mark.parametrize("name,kind,text,row,field,words", ERROR_CASES, ids=[c[0] for c in ERROR_CASES])
def test_bad_input_is_refused_and_nothing_changes(db, tmp_path, name, kind, text, row, field, words):
    before = digest(db)
    path = write(tmp_path, "input.csv", text)
    with pytest.raises(IngestError) as exc:
        run_import(db, kind, path, year=2016)
    message = str(exc.value)
    assert message.startswith("input.csv")
    assert f"row {row}" in message
    if field:
        assert repr(field) in message
    assert words in message
    assert digest(db) == before


def test_wrong_encoding(db, tmp_path):
    before = digest(db)
    path = write(tmp_path, "latin.csv", EXPORT_HEADER + "2016-09;BU09359901;Caf\u00e9plein;;;1.1.1;4\n", "latin-1")
    with pytest.raises(IngestError, match=r"latin\.csv, row 2: not UTF-8"):
        run_import(db, "crime", path)
    assert digest(db) == before


def test_invalid_geometry_is_refused(db, tmp_path):
    bow = json.loads(json.dumps(BUURTEN))
    bow["features"][0]["geometry"]["coordinates"] = [
        [[5.68, 50.84], [5.69, 50.85], [5.69, 50.84], [5.68, 50.85], [5.68, 50.84]]
    ]  # a bow tie: self-intersecting
    path = write(tmp_path, "buurten_2023.geojson", json.dumps(bow))
    before = digest(db)
    with pytest.raises(IngestError, match=r"buurten_2023\.geojson, row 1, field 'geometry': BU09359901: invalid"):
        run_import(db, "boundaries", path)
    assert digest(db) == before


def test_a_failure_halfway_rolls_back_everything(db, tmp_path, monkeypatch):
    """The last table of a batch fails inside the transaction: the first ones are undone too."""
    from mik.data import writes

    path = write(tmp_path, "ok.csv", EXPORT_HEADER + "2016-09;BU09359901;;;;1.1.1;4\n")
    before = digest(db)
    real = writes.upsert

    def failing(con, table, df):
        real(con, table, df)
        raise RuntimeError("disk full")

    monkeypatch.setattr(writes, "upsert", failing)
    with pytest.raises(RuntimeError):
        run_import(db, "crime", path)
    assert digest(db) == before


def test_same_file_twice_changes_nothing_and_a_new_month_adds(db, tmp_path):
    sep = write(tmp_path, "sep.csv", EXPORT_HEADER + "2016-09;BU09359901;;;;1.1.1;4\n2016-09;BU09359902;;;;1.1.1;2\n")
    first = run_import(db, "crime", sep)
    assert first.applied and first.rows == 2
    after_first = digest(db)
    again = run_import(db, "crime", sep)
    assert not again.applied and "already imported" in again.message
    assert digest(db) == after_first
    oct_ = write(tmp_path, "okt.csv", EXPORT_HEADER + "2016-10;BU09359901;;;;1.1.1;3\n")
    run_import(db, "crime", oct_)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT sum(count) FROM registrations").fetchone()[0] == 9
        assert queries.data_period(con)[1].isoformat() == "2016-10-31"
        kinds = [r[0] for r in con.execute("SELECT kind FROM lineage ORDER BY id").fetchall()]
        assert kinds == ["boundaries", "crime", "crime"]


def test_a_corrected_file_replaces_its_rows(db, tmp_path):
    run_import(db, "crime", write(tmp_path, "a.csv", EXPORT_HEADER + "2016-09;BU09359901;;;;1.1.1;4\n"))
    run_import(db, "crime", write(tmp_path, "b.csv", EXPORT_HEADER + "2016-09;BU09359901;;;;1.1.1;5\n"))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*), sum(count) FROM registrations").fetchone() == (1, 5)


def test_points_are_assigned_to_buurten_and_streets_kept(db, tmp_path):
    text = EXPORT_HEADER + "2016-09;;Markt;5.685;50.845;1.2.3;2\n2016-09;;Plein;5.695;50.845;1.2.3;1\n"
    run_import(db, "crime", write(tmp_path, "punten.csv", text))
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT area_code, street, count FROM registrations ORDER BY 1").fetchall()
    assert rows == [("BU09359901", "Markt", 2), ("BU09359902", "Plein", 1)]


def test_rd_new_points(db, tmp_path):
    from shapely import Point

    from mik.data.geometry import wgs84_to_rd

    rd = wgs84_to_rd(Point(5.695, 50.845))
    text = EXPORT_HEADER + f"2016-09;;;{rd.x:.1f};{rd.y:.1f};1.2.3;7\n"
    run_import(db, "crime", write(tmp_path, "rd.csv", text))
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT area_code FROM registrations").fetchone()[0] == "BU09359902"


def test_boundaries_derive_wijk_and_gemeente(db):
    with duckdb.connect(str(db), read_only=True) as con:
        areas = queries.area_list(con)
    assert sorted(areas.level) == ["buurt", "buurt", "gemeente", "wijk"]
    assert set(areas[areas.level == "buurt"].parent_code) == {"WK093599"}


def test_activities_csv_and_xlsx(db, tmp_path):
    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                "id": "x1",
                "theme": "c",
                "item": "Inbraakpreventie",
                "description": "Voorlichting",
                "term": "2016",
                "parties": "team Veiligheid, politie",
                "lead": "team Veiligheid",
                "status": "lopend",
                "status_date": "2016-05-01",
            }
        ]
    )
    xlsx = tmp_path / "acties.xlsx"
    frame.to_excel(xlsx, index=False)
    result = run_import(db, "activities", xlsx)
    assert result.applied
    with duckdb.connect(str(db), read_only=True) as con:
        acts = queries.activities(con)
    assert acts.iloc[0].status == "lopend" and acts.iloc[0].lead == "team Veiligheid"


def test_survey_csv_with_decimal_commas(db, tmp_path, cfg):
    text = (
        "indicator;area_code;year;value;lower;upper;n;source\nonveilig_buurt;GM0935;2015;31,2;29,3;33,1;2400;VM 2015\n"
    )
    run_import(db, "survey", write(tmp_path, "vm.csv", text))
    with duckdb.connect(str(db), read_only=True) as con:
        v = queries.survey_values(con, "onveilig_buurt")
    assert (v.value.iloc[0], v.lower.iloc[0], v.upper.iloc[0], v.n.iloc[0]) == (31.2, 29.3, 33.1, 2400)


def test_unknown_kind_file_missing(db, tmp_path):
    with pytest.raises(IngestError, match="file not found"):
        run_import(db, "population", tmp_path / "nope.csv", year=2016)


def test_fetch_from_recorded_responses(tmp_path, monkeypatch):
    """`mik fetch cbs` against a local server that answers with recorded responses."""
    import http.server
    import threading

    from mik.cli.main import main

    recorded = ROOT / "tests" / "recorded"
    requests = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            requests.append(self.path)
            if "47022NED" in self.path:  # monthly: answered as the service does, for the months asked
                self._monthly()
                return
            if "47018NED" in self.path:
                name = "odata_47018NED_page2.json" if "page=2" in self.path else "odata_47018NED_page1.json"
            elif "85984NED" in self.path:
                name = "odata_85984NED.json"
            elif "wijken-en-buurten-2024" in self.path and "items" in self.path:
                name = "pdok_buurten_2024.json"
            else:
                self.send_response(404)
                self.end_headers()
                return
            body = (recorded / name).read_text(encoding="utf-8").replace("__BASE__", base).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def _monthly(self):
            query = urllib.parse.urlsplit(self.path).query
            first = "skiptoken=page2" not in query
            page = json.loads((recorded / f"odata_47022NED_page{1 if first else 2}.json").read_text(encoding="utf-8"))
            asked = set(re.findall(r"\d{4}MM\d{2}", urllib.parse.unquote(query)))
            page["value"] = [r for r in page["value"] if r["Perioden"] in asked]
            if "odata.nextLink" in page:
                page["odata.nextLink"] = page["odata.nextLink"].replace("__BASE__", base).replace("__QUERY__", query)
            body = json.dumps(page).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for var in ("MIK_CBS_OPENDATA", "MIK_CBS_DATADERDEN", "MIK_PDOK"):
        monkeypatch.setenv(var, base)
    db = tmp_path / "fetched.duckdb"
    try:
        assert (
            main(
                [
                    "fetch",
                    "cbs",
                    "--gemeente",
                    "GM0935",
                    "--from",
                    "2015",
                    "--to",
                    "2024",
                    "--db",
                    str(db),
                    "--out",
                    str(tmp_path / "dl"),
                ]
            )
            == 0
        )
    finally:
        server.shutdown()
    assert any("page=2" in r for r in requests)  # the OData next link was followed
    assert any("%24filter=" in r or "$filter=" in r for r in requests)
    with duckdb.connect(str(db), read_only=True) as con:
        assert queries.area_list(con, "buurt").code.tolist() == ["BU09359901", "BU09359902"]
        regs = con.execute(
            "SELECT area_code, category_code, year(month), months, count FROM registrations ORDER BY 1, 2, 3"
        ).fetchall()
        pop = con.execute("SELECT area_code, inhabitants FROM population ORDER BY 1").fetchall()
        note = con.execute("SELECT note FROM lineage WHERE kind = 'crime' ORDER BY loaded_at").fetchone()[0]
        notes = " ".join(n for (n,) in con.execute("SELECT note FROM lineage WHERE note IS NOT NULL").fetchall())
    assert ("BU09359901", "0.0.0", 2015, 12, 120) in regs  # a year without months: its yearly figure
    # 2016 has all twelve months in 47022NED: counted from them (112), not the yearly 110 as well
    assert ("BU09359901", "0.0.0", 2016, 12, 110) not in regs
    assert sum(n for a, c, y, k, n in regs if (a, c, y, k) == ("BU09359901", "0.0.0", 2016, 1)) == 112
    assert sum(1 for a, c, y, k, n in regs if (a, c, y, k) == ("BU09359901", "0.0.0", 2017, 1)) == 3  # running year
    assert ("BU09359902", "1.1.1", 2015, 12, 0) not in regs  # empty = not published, never zero
    assert "1 cells not published" in note
    assert sum("47022NED" in r and "skiptoken" not in r for r in requests) == 10  # a request per year
    assert "2016: the yearly figures loaded before (Politie/CBS 47018NED) replaced by the twelve months" in notes
    assert ("GM0935", 3000) in pop and ("BU09359902", 1000) in pop
    shutil.rmtree(tmp_path / "dl")


def test_geopackage_in_rd_new_with_water_and_shapefile_fields(tmp_path):
    """The CBS wijk- en buurtkaart layout: a GeoPackage in EPSG:28992 with snake_case fields and
    water areas, and an older shapefile with upper-case fields."""
    import geopandas as gpd
    from shapely.geometry import box

    buurten = gpd.GeoDataFrame(
        {
            "buurtcode": ["BU09359901", "BU09359902", "BU09359903"],
            "buurtnaam": ["Noord", "Zuid", "Maas"],
            "wijkcode": ["WK093599"] * 3,
            "gemeentecode": ["GM0935"] * 3,
            "water": ["NEE", "NEE", "JA"],
        },
        geometry=[
            box(176000, 317000, 177000, 318000),
            box(177000, 317000, 178000, 318000),
            box(178000, 317000, 179000, 318000),
        ],
        crs="EPSG:28992",
    )
    gpkg = tmp_path / "wijkenbuurten_2023_v1.gpkg"
    buurten.to_file(gpkg, layer="buurten", driver="GPKG")
    db = tmp_path / "g.duckdb"
    result = run_import(db, "boundaries", gpkg)
    assert "1 water areas left out" in result.message
    with duckdb.connect(str(db), read_only=True) as con:
        areas = queries.area_list(con)
        geo = queries.area_geometries(con, "buurt")
    assert sorted(areas[areas.level == "buurt"].code) == ["BU09359901", "BU09359902"]
    assert set(geo.boundary_year) == {2023}  # from the file name
    from mik.data.geometry import from_wkb

    lon, lat = from_wkb(geo.geometry.iloc[0]).centroid.coords[0]
    assert 5.6 < lon < 5.8 and 50.8 < lat < 50.9  # reprojected from RD New to WGS84

    shp = tmp_path / "buurt_2015.shp"
    buurten.rename(
        columns={
            "buurtcode": "BU_CODE",
            "buurtnaam": "BU_NAAM",
            "wijkcode": "WK_CODE",
            "gemeentecode": "GM_CODE",
            "water": "WATER",
        }
    ).to_file(shp)
    db2 = tmp_path / "s.duckdb"
    run_import(db2, "boundaries", shp)
    with duckdb.connect(str(db2), read_only=True) as con:
        assert sorted(queries.area_list(con, "buurt").code) == ["BU09359901", "BU09359902"]
        assert set(queries.area_geometries(con, "buurt").boundary_year) == {2015}
