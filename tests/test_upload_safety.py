"""Uploads that cannot reach beyond the file (issue 22, part 3): only GeoJSON, GeoPackage and a
shapefile (in a zip) are opened, recognised by their bytes, never a GDAL VRT whatever its name; no
network fetch or file read from an upload; zips, rows, features and vertices bounded; refusals that
name the file and never quote it; crashed checks audited; uploads removed on every path."""

from __future__ import annotations

import contextlib
import http.server
import io
import json
import threading
import zipfile

import geopandas as gpd
import pytest

from mik.data import audit
from mik.ingest import IngestError
from mik.ingest.publish import remove_leftovers, version
from mik.ingest.run import run_import
from tests.conftest import BUURTEN

CANARY = "mik-canary-7f3e9c"  # in this process's environment: no refusal or log may ever show it


@pytest.fixture()
def listener():
    """A web server on loopback that counts the requests it gets (an SSRF would be one)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()
            self.wfile.write(json.dumps(BUURTEN).encode())

        do_HEAD = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", hits
    server.shutdown()


def vrt(url: str) -> str:
    """A GDAL VRT that makes GDAL fetch ``url`` and read this process's environment."""
    return f"""<OGRVRTDataSource>
  <OGRVRTLayer name="buurten"><SrcDataSource>/vsicurl/{url}/buurten.geojson</SrcDataSource></OGRVRTLayer>
  <OGRVRTLayer name="environ"><SrcDataSource>CSV:/proc/self/environ</SrcDataSource></OGRVRTLayer>
</OGRVRTDataSource>
"""


def shapefile_zip(tmp_path, extra: dict[str, bytes] | None = None, twice: bool = False):
    frame = gpd.GeoDataFrame.from_features(BUURTEN["features"], crs="EPSG:4326")
    folder = tmp_path / "shp"
    folder.mkdir()
    frame.to_file(folder / "buurt_2022.shp", engine="pyogrio")
    path = tmp_path / "buurt_2022.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for part in folder.iterdir():
            zf.write(part, f"wijkbuurtkaart/{part.name}")
            if twice:
                zf.write(part, f"tweede/{part.name}")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


@pytest.mark.parametrize("name", ["buurt_2022.geojson", "wijkenbuurten_2022.gpkg", "buurt_2022.shp", "buurt.vrt"])
def test_a_gdal_vrt_is_refused_unread_whatever_its_name(db, tmp_path, listener, monkeypatch, name):
    monkeypatch.setenv("MIK_TEST_CANARY", CANARY)
    url, hits = listener
    path = tmp_path / name
    path.write_text(vrt(url), encoding="utf-8")
    before = version(db)
    with pytest.raises(IngestError) as refused:
        run_import(db, "boundaries", path)
    message = str(refused.value)
    assert message.startswith(f"{name}: not a GeoJSON, GeoPackage or zipped shapefile")
    assert hits == [] and CANARY not in message and "environ" not in message
    assert version(db) == before  # nothing changed


def test_a_vrt_inside_a_zip_is_refused_unread(db, tmp_path, listener):
    url, hits = listener
    path = tmp_path / "buurt_2022.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("buurt_2022.shp", vrt(url))
        zf.writestr("buurt_2022.dbf", b"")
    with pytest.raises(IngestError, match="is not a shapefile"):
        run_import(db, "boundaries", path)
    assert hits == []


def test_gdal_itself_fetches_what_a_vrt_names_unless_told_not_to(tmp_path, listener):
    # the attack itself, on GDAL as MIK called it before: the test above guards a real hole
    import pyogrio

    from mik.ingest.safety import GDAL_OPTIONS

    url, hits = listener
    path = tmp_path / "buurt_2022.geojson"
    path.write_text(vrt(url), encoding="utf-8")
    pyogrio.set_gdal_config_options(dict.fromkeys(GDAL_OPTIONS))  # GDAL as it starts (MIK's options off)
    try:
        with contextlib.suppress(Exception):
            gpd.read_file(path, layer="buurten", engine="pyogrio")
        assert hits, "GDAL did not fetch: this GDAL has no network file system, the VRT test proves less"
        hits.clear()  # and with MIK's options alone (the second guard, behind the format check): no fetch
        pyogrio.set_gdal_config_options(GDAL_OPTIONS)
        with contextlib.suppress(Exception):
            gpd.read_file(path, layer="buurten", engine="pyogrio")
        assert hits == []
    finally:
        pyogrio.set_gdal_config_options(GDAL_OPTIONS)


def test_a_zipped_shapefile_imports_and_nothing_leaves_its_folder(db, tmp_path):
    path = shapefile_zip(tmp_path, {"../../escape.dbf": b"x", "wijkbuurtkaart/readme.xml": b"<x/>"})
    result = run_import(db, "boundaries", path)
    assert result.applied
    assert not (tmp_path.parent / "escape.dbf").exists() and not (tmp_path / "escape.dbf").exists()
    assert not list(tmp_path.glob("mik-shapefile-*"))  # the unpacked parts are removed


def test_a_zip_with_two_shapefiles_is_refused(db, tmp_path):
    with pytest.raises(IngestError, match="2 shapefiles"):
        run_import(db, "boundaries", shapefile_zip(tmp_path, twice=True))


def test_a_geopackage_imports(db, tmp_path):
    path = tmp_path / "wijkenbuurten_2022.gpkg"
    gpd.GeoDataFrame.from_features(BUURTEN["features"], crs="EPSG:4326").to_file(
        path, layer="buurten", engine="pyogrio"
    )
    assert run_import(db, "boundaries", path).applied


def test_features_and_rows_are_bounded(db, tmp_path, monkeypatch):
    geo = tmp_path / "buurten_2022.geojson"
    geo.write_text(json.dumps(BUURTEN), encoding="utf-8")
    monkeypatch.setenv("MIK_MAX_FEATURES", "1")
    with pytest.raises(IngestError, match=r"2 features; MIK reads at most 1 \(MIK_MAX_FEATURES\)"):
        run_import(db, "boundaries", geo)
    monkeypatch.setenv("MIK_MAX_VERTICES", "9")
    monkeypatch.delenv("MIK_MAX_FEATURES")
    with pytest.raises(IngestError, match="10 vertices; MIK reads at most 9"):
        run_import(db, "boundaries", geo)
    monkeypatch.setenv("MIK_MAX_ROWS", "2")
    crime = tmp_path / "maandexport.csv"
    rows = "".join(f"2016-0{m};BU09359901;;;;1.1.1;3\n" for m in range(1, 5))
    crime.write_text("maand;buurtcode;straat;x;y;categorie;aantal\n" + rows, encoding="utf-8")
    with pytest.raises(IngestError, match="4 rows; MIK reads at most 2"):
        run_import(db, "crime", crime)


def test_a_zip_bomb_workbook_is_refused_before_it_is_unpacked(db, tmp_path):
    path = tmp_path / "activiteiten.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as member:  # 30 MB of one repeated byte
            for _ in range(30):
                member.write(b"0" * (1 << 20))
    assert path.stat().st_size < 1 << 20
    with pytest.raises(IngestError, match="more than 100 times\\): refused as a zip bomb"):
        run_import(db, "activities", path)


def test_gdals_words_are_not_passed_on(db, tmp_path):
    path = tmp_path / "buurten_2022.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"' + CANARY + '": [1, 2', encoding="utf-8")
    with pytest.raises(IngestError) as refused:
        run_import(db, "boundaries", path)
    assert "cannot be read as a GeoJSON boundary file" in str(refused.value) and CANARY not in str(refused.value)


def test_a_crashed_check_in_the_app_is_audited_and_leaves_no_upload(db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("MIK_DB", str(db))
    monkeypatch.setenv("MIK_AUTH", "off")
    monkeypatch.setenv("MIK_ROLE", "admin")

    def script():
        from ui import importer

        class Upload:
            name = "../../buurt_2022.geojson"

            def getvalue(self):
                return b'{"type": "FeatureCollection", "features": []}'

        def crash(*args, **kwargs):
            raise AttributeError("mik-canary-7f3e9c 'NoneType' object has no attribute 'x'")

        importer.prepare_import = crash  # a reader's bug, as the VRT of issue 22 caused
        importer.check("boundaries", Upload(), "nl")

    at = AppTest.from_function(script).run()
    assert not at.exception
    shown = at.error[0].value
    assert "buurt_2022.geojson kon niet worden gelezen (AttributeError)" in shown and CANARY not in shown
    line = audit.read(db).iloc[0]
    assert (line.action, line.detail) == ("import", "failed: buurt_2022.geojson: AttributeError")
    assert not [p for p in db.parent.glob(f"{db.name}.uploads/*")]  # the upload is removed


def test_uploads_of_a_killed_check_are_removed(db):
    folder = db.parent / f"{db.name}.uploads" / "999999999-abc"  # no such process
    folder.mkdir(parents=True)
    (folder / "buurt.geojson").write_bytes(io.BytesIO(b"{}").getvalue())
    assert folder in remove_leftovers(db) and not folder.exists()
