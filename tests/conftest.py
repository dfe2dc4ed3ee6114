"""Shared fixtures: one demo database per test session, built by the project's own demo code.

`make test` runs the tests on two pytest-xdist workers (``--dist loadgroup``). A module whose
tests share a server or a built database names its ``xdist_group`` (all its tests on one worker)
and keeps that fixture session-scoped: a worker may run other modules' tests between two of the
group's, which would tear a module-scoped fixture down and build it again."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from mik.data.store import connect
from mik.ingest.run import run_import
from mik.plan.config import load_config
from mik.settings import ROOT
from mik.tools.demo import build_demo

REALDATA = ROOT.parent / "shared" / "realdata"


@pytest.fixture(scope="session")
def cfg():
    return load_config()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "mik.duckdb"
    build_demo(path, seed=2015)
    return path


@pytest.fixture(scope="session")
def second_city(tmp_path_factory) -> dict:
    """The second installation (tests/secondcity.py) with a copy of Maastricht's plan (`mik init
    --plan config.toml`: a plan whose years the data does not meet), set up once per test process
    through the command line; its tests read it and never write to it (their xdist group keeps
    them on one worker). The sparse installation below has the basic monitor."""
    from tests.secondcity import install_second_city

    return install_second_city(tmp_path_factory.mktemp("noorderhaven"), plan="config.toml")


@pytest.fixture(scope="session")
def sparse_city(tmp_path_factory) -> dict:
    """A sparse installation: the second city with its boundaries and crime file only (no
    population, no survey, no peers), through the command line; read, never written."""
    from tests.secondcity import install_second_city

    return install_second_city(tmp_path_factory.mktemp("sparse"), kinds=("boundaries", "crime"))


@pytest.fixture(scope="session")
def shape_install(tmp_path_factory):
    """An installation per data shape (tests/secondcity.py, SHAPES), built through the command line
    the first time a test of this process asks for it (a shape's tests share an xdist group)."""
    from tests.secondcity import SHAPES, install_shape

    built: dict[str, dict] = {}

    def get(name: str) -> dict:
        if name not in built:
            shape = next(s for s in SHAPES if s.name == name)
            built[name] = install_shape(tmp_path_factory.mktemp(f"shape-{name}"), shape)
        return built[name]

    return get


@pytest.fixture(scope="session")
def con(demo_db):
    c = connect(demo_db, read_only=True)
    yield c
    c.close()


@pytest.fixture()
def realdata() -> Path:
    """The shared real CBS/PDOK files; tests that need them skip where they are absent."""
    if not REALDATA.exists():
        pytest.skip("../shared/realdata is not present on this machine")
    return REALDATA


@pytest.fixture()
def app_db(demo_db, monkeypatch):
    """Point the app at the session's demo database."""
    monkeypatch.setenv("MIK_DB", str(demo_db))
    return demo_db


os.environ.setdefault("MPLBACKEND", "Agg")


BUURTEN = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"statcode": code, "statnaam": name, "rubriek": "buurt", "jrstatcode": f"2022{code}"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[x, 50.84], [x + 0.01, 50.84], [x + 0.01, 50.85], [x, 50.85], [x, 50.84]]],
            },
        }
        for code, name, x in (("BU09359901", "Buurt Noord", 5.68), ("BU09359902", "Buurt Zuid", 5.69))
    ],
}


@pytest.fixture()
def db(tmp_path):
    """A database with two synthetic buurten and the demo's categories."""
    path = tmp_path / "db.duckdb"
    geo = tmp_path / "buurten_2022.geojson"
    geo.write_text(json.dumps(BUURTEN), encoding="utf-8")
    run_import(path, "boundaries", geo)
    con = connect(path)
    con.execute(
        "INSERT INTO categories SELECT * FROM read_csv(?, header=true)", [str(ROOT / "data" / "categories.csv")]
    )
    con.close()
    return path


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    from tests.fixtures import build_tiny

    path = tmp_path_factory.mktemp("tiny") / "tiny.duckdb"
    build_tiny(path)
    return path


@pytest.fixture(scope="session")
def tiny(tiny_db):
    c = connect(tiny_db, read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="session")
def tiny_cfg():
    from tests.fixtures import tiny_config

    return tiny_config()
