"""Integration on the real public CBS/PDOK files in ../shared/realdata (skipped where absent)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import duckdb
import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from mik.cli.main import main
from mik.data import queries
from mik.figures import comparisons, indicators, scorecards, whatif
from mik.ingest.run import run_import
from mik.plan.periods import parse_period
from mik.privacy.access import FULL
from tests.conftest import REALDATA, ROOT

pytestmark = pytest.mark.xdist_group("realdata")  # the real files are imported once

FILES = [
    ("boundaries", "maastricht_buurten_2022_wgs84.geojson", None),
    ("boundaries", "maastricht_wijken_2024_wgs84.geojson", None),
    ("population", "kerncijfers_85984NED_2024_buurt_inwoners_maastricht.csv", 2024),
    ("population", "kerncijfers_85984NED_2024_gm_wk_selectie.json", None),
    ("crime", "crime_47018NED_buurt_maastricht_2023.csv", None),
    ("peers", "misdrijven_47013NED_gemeente_2022_2023_g4_g40.csv", None),
    ("peers", "misdrijven_47013NED_gemeente_2024_g4_g40.csv", None),
    ("peers", "bevolking_37230ned_eindejaar_2002_2024_g4_g40.csv", None),
]


@pytest.fixture(scope="session")
def real_db(tmp_path_factory):
    if not REALDATA.exists():
        pytest.skip("../shared/realdata is not present on this machine")
    path = tmp_path_factory.mktemp("real") / "maastricht.duckdb"
    for kind, name, year in FILES:
        assert run_import(path, kind, REALDATA / name, "GM0935", year).applied
    return path


@pytest.fixture(scope="session")
def rcon(real_db):
    con = duckdb.connect(str(real_db), read_only=True)
    yield con
    con.close()


def test_44_buurten_from_the_2022_boundaries(rcon):
    buurten = queries.area_list(rcon, "buurt")
    assert len(buurten) == 44
    assert set(buurten.parent_code) == {f"WK09350{i}" for i in range(7)}
    assert "Binnenstad" in set(buurten.name)
    wijken = queries.area_list(rcon, "wijk")
    assert "Wijk 00 Centrum" in set(wijken.name)  # the 2024 wijk file named them


def test_2023_crimes_sum_to_7781_over_the_buurten(rcon):
    df = indicators.category_values(rcon, ["0.0.0"], "buurt", parse_period("2023"), per_1000=False, access=FULL)
    assert df["count"].sum() == 7781
    gm = indicators.category_values(rcon, ["0.0.0"], "gemeente", parse_period("2023"), per_1000=False, access=FULL)
    assert gm["count"].iloc[0] == 7781
    # a yearly figure never counts for one of its months
    march = indicators.category_values(rcon, ["0.0.0"], "buurt", parse_period("2023-03"), per_1000=False, access=FULL)
    assert march["count"].sum() == 0


def test_binnenstad_rate_with_nearest_population_year(rcon):
    df = indicators.category_values(rcon, ["0.0.0"], "buurt", parse_period("2023"), access=FULL).set_index("area_code")
    b = df.loc["BU09350000"]
    assert (b["count"], b.population, b.population_year) == (1232, 2330, 2024)
    assert bool(b.population_nearest)
    assert round(b.value, 1) == 528.8


def test_reference_municipalities_totals(rcon, cfg):
    peers = queries.peer_values(rcon, "0.0.0", 2024).set_index("gemeente_code").value
    expected = {
        "GM0935": 8318,
        "GM0034": 9608,
        "GM0758": 10932,
        "GM0014": 14981,
        "GM0796": 8954,
        "GM0546": 6866,
        "GM0268": 11691,
    }
    assert {c: int(peers[c]) for c in expected} == expected
    assert int(queries.peer_values(rcon, "0.0.0", 2023).set_index("gemeente_code").value["GM0935"]) == 7840
    comp = comparisons.peer_comparison(rcon, cfg, "0.0.0", 2024, access=FULL).set_index("gemeente_code")
    assert round(comp.loc["GM0935", "value"], 1) == round(8318 / 125285 * 1000, 1)


def test_cli_table_shows_the_same_figures(real_db):
    out = io.StringIO()
    with redirect_stdout(out):
        assert (
            main(
                [
                    "table",
                    "--level",
                    "buurt",
                    "--period",
                    "2023",
                    "--category",
                    "0.0.0",
                    "--per-1000",
                    "--db",
                    str(real_db),
                ]
            )
            == 0
        )
    df = pd.read_csv(io.StringIO(out.getvalue())).set_index("area_code")
    assert df["count"].sum() == 7781
    assert df.loc["BU09350000", "count"] == 1232 and round(df.loc["BU09350000", "value"], 1) == 528.8
    assert bool(df.loc["BU09350000", "population_nearest"])


def test_reimporting_changes_nothing(real_db, tmp_path):
    import shutil

    from mik.data.store import content_digest

    copy = tmp_path / "copy.duckdb"
    shutil.copy(real_db, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        before = content_digest(con)
    again = run_import(copy, "crime", REALDATA / "crime_47018NED_buurt_maastricht_2023.csv")
    assert not again.applied
    with duckdb.connect(str(copy), read_only=True) as con:
        assert content_digest(con) == before
        assert not queries.is_synthetic(con)


def test_the_app_shows_the_real_map_without_demo_notice(real_db, monkeypatch, tmp_path):
    from mik.privacy import users

    monkeypatch.setenv("MIK_DB", str(real_db))
    monkeypatch.setenv("MIK_BASEMAP", "none")
    monkeypatch.setenv("MIK_USERS", str(tmp_path / "users.toml"))
    monkeypatch.setenv("MIK_SECRET", "test-secret")
    monkeypatch.delenv("MIK_AUTH", raising=False)
    users.add_user("analist-veiligheid", "analist", "een lang wachtwoord")
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params.update({"what": "category", "category": "0.0.0", "period": "2023", "mode": "per_1000"})
    at.run()
    assert len(at.metric) == 0  # real data: login first
    at.text_input(key="login_user").input("analist-veiligheid")
    at.text_input(key="login_password").input("een lang wachtwoord")
    at.button[0].click().run()
    # the first screen has figures, not dashes: the 2023 total of the public buurt file
    headline = at.metric[0]
    assert headline.value == "7.781" and headline.label == "Geregistreerde misdrijven"
    assert any(m.value.endswith("· 2023**") for m in at.markdown)  # the area and period, above the figures
    assert at.metric[1].value != "–"  # per 1,000 inhabitants (2024 population, flagged as nearest)
    assert any("2015–2016" in i.value for i in at.info)  # the plan's years and the data's do not meet
    at.switch_page("pages/kaart.py").run()
    assert not at.exception
    assert not any("demodata" in w.value for w in at.warning)
    spec = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    features = spec["layers"][0]["data"]["features"]
    assert len(features) == 44
    binnenstad = next(f for f in features if f["properties"]["code"] == "BU09350000")
    assert binnenstad["properties"]["label"] == "528,8 per 1.000"
    at.switch_page("pages/vergelijking.py").run()
    assert not at.exception
    assert "Maastricht" in set(at.table[0].value.Gemeente)


def test_indicators_without_loaded_categories_say_no_data(rcon, cfg):

    scenario = whatif.with_overrides(cfg, {("hic", 2023): ("<=", 45.0)})  # the plan sets no 2023 target
    rows = {r.indicator.id: r for r in scorecards.scorecard(rcon, scenario, 2023, access=FULL)}
    assert rows["hic"].status.code == "no_data"  # the six HIC types are not in the public buurt file
    assert rows["hic"].value.value is None


def test_no_hidden_real_count_can_be_narrowed(rcon, cfg):
    # Maastricht's real buurten of 2023: Wolder (BU09350304) had 3 crimes; the driehoek sees it
    # hidden with a partner, and an attacker who knows MIK's rules cannot narrow either below 5
    from mik.figures import disclosure
    from mik.privacy.access import access_for

    cells = disclosure.intervals_year(rcon, cfg, access_for(cfg, "audit", "driehoek"), 2023)
    buurten = {c.area_code for c in cells if c.measure == "0.0.0" and c.level == "buurt"}
    assert "BU09350304" in buurten and len(buurten) >= 2
    assert [str(c) for c in cells if c.width < cfg.small_count_threshold] == []


def test_a_buurtteam_of_a_real_wijk_sees_the_driehoeks_cells_of_it(rcon, cfg):
    # the partner of Maastricht's real wijk 03 (with Wolder, 3 crimes in 2023): its buurten as the
    # driehoek sees them, hidden cells and all, nothing of the other six wijken; the audit holds
    import dataclasses

    from mik.figures import disclosure
    from mik.privacy.access import access_for, keep

    driehoek = access_for(cfg, "audit", "driehoek")
    team = dataclasses.replace(driehoek, role="buurtteam", areas=("WK093503",))
    year = parse_period("2023")
    mine = indicators.category_values(rcon, ["0.0.0"], "buurt", year, access=team, scope="total")
    theirs = indicators.category_values(rcon, ["0.0.0"], "buurt", year, access=driehoek, scope="total")
    pd.testing.assert_frame_equal(mine, keep(team, theirs))
    assert set(mine.area_code.str[:8]) == {"BU093503"} and len(mine) >= 5
    assert bool(mine.set_index("area_code").suppressed["BU09350304"])  # Wolder stays hidden
    cells = disclosure.intervals_year(rcon, cfg, team, 2023)
    assert cells and {c.area_code[:8] for c in cells if c.level == "buurt"} == {"BU093503"}
    assert [str(c) for c in cells if c.width < cfg.small_count_threshold] == []
