"""The national-size generator and the benchmark command (on the quick scale)."""

import subprocess
import sys

import duckdb
import pytest
import shapely

from mik.data import geometry, queries
from mik.tools import national
from tests.conftest import ROOT


def test_generator_tiles_and_imports_every_row(tmp_path):
    scale = national.Scale(4, 2, 3, 2016, 2016, 5)
    db = tmp_path / "n.duckdb"
    info = national.generate(db, scale)
    assert info["buurten"] == 24
    n = national.bulk_import(db, info["parquet"])
    assert n == info["registrations"] > 0
    with duckdb.connect(str(db), read_only=True) as con:
        assert queries.area_list(con, "buurt").shape[0] == 24
        gm = geometry.wgs84_to_rd(geometry.from_wkb(queries.area_geometries(con, "gemeente").geometry.iloc[0]))
        parts = [
            geometry.wgs84_to_rd(geometry.from_wkb(b))
            for b, p in zip(
                queries.area_geometries(con, "buurt").geometry, queries.area_list(con, "buurt").code, strict=True
            )
            if p.startswith("BU0935")
        ]
        report = geometry.tiling_report(parts, gm)
        assert report["overlap"] < 1 and report["gap"] < 1
        assert con.execute("SELECT min(count) FROM registrations").fetchone()[0] >= 1  # zeros left out
        assert shapely.from_wkb(bytes(queries.area_geometries(con, "buurt").geometry.iloc[0])).is_valid


@pytest.mark.serial  # it measures: run alone, after the parallel part
def test_bench_quick_prints_every_figure_with_its_ratio(tmp_path):
    res = subprocess.run(
        [sys.executable, "-m", "mik", "bench", "--quick", "--no-pages", "--workdir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    for step in (
        "bulk import",
        "database size",
        "query: one gemeente",
        "query: buurten of one gemeente",
        "query: all buurten of the country",
        "query: peer comparison",
        "choropleth: national payload",
        "monthly update",
    ):
        line = next(line for line in lines if line.startswith(step))
        if not step.startswith("monthly"):
            assert "x " in line  # a ratio against the baseline measured in the same run
