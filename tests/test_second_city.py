"""A second installation, set up as the README says: `mik init`, MIK_CONFIG, imports of the public
PDOK and CBS files (tests/secondcity.py), and what MIK makes of yearly-only data without a survey."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mik.data.store import connect
from mik.figures import indicators
from mik.plan.config import load_config
from mik.plan.periods import parse_period
from mik.privacy.access import FULL
from mik.views import changes, headlines, maps, options, trends
from mik.views.charts import fit_view
from tests.conftest import ROOT
from tests.secondcity import CODE, NAME, mik

pytestmark = pytest.mark.xdist_group("second-city")  # one worker builds the second city once


@pytest.fixture(scope="session")
def second(second_city):
    """The README recipe: init, then boundaries, population and crime, each through the CLI."""
    return second_city


@pytest.fixture(scope="session")
def scon(second):
    c = connect(second["db"], read_only=True)
    yield c
    c.close()


@pytest.mark.xdist_group("sparse")
def test_init_writes_a_basic_monitor_for_the_gemeente(sparse_city):
    """Without a plan, `mik init` writes a basic monitor: public CBS/Politie kinds of crime as
    indicators for every year, no targets; the comparison set and roles of the project's config."""
    second = sparse_city
    cfg = load_config(second["config"])
    assert (cfg.gemeente_code, cfg.gemeente_name) == (CODE, NAME)
    assert cfg.plan_name_nl == f"Basismonitor veiligheid {NAME}" and cfg.plan_years == ()
    assert not cfg.targets and not cfg.baselines
    assert {i.source for i in cfg.indicators} == {"police"} and {i.unit for i in cfg.indicators} == {"count"}
    assert all(len(i.categories) == 1 for i in cfg.indicators)  # one kind each: never a partial sum
    assert cfg.indicators[0].categories == ("0.0.0",)
    text = second["config"].read_text(encoding="utf-8")
    assert "Maastricht" not in text.split("[comparison.references]")[0]  # no word of Maastricht's plan
    assert len(cfg.references) == 6 and [r.id for r in cfg.roles] == [r.id for r in load_config().roles if not r.areas]
    assert "role buurtteam of some of its wijken was left out" in text  # its wijken are Maastricht's


def test_init_with_a_plan_copies_it_for_the_gemeente(tmp_path):
    done = mik("init", "--gemeente", CODE, "--name", NAME, "--plan", "config.toml", "-o", str(tmp_path / "p.toml"))
    assert done.returncode == 0, done.stderr
    cfg = load_config(tmp_path / "p.toml")
    assert cfg.plan_name_nl == "Uitvoeringsplan Veiligheid Noorderhaven 2015/2016"
    assert "Maastricht" not in cfg.plan_name_en
    assert len(cfg.references) == 6 and len(cfg.indicators) == len(load_config().indicators)
    assert len(cfg.targets) == len(load_config().targets)


def test_init_leaves_the_gemeente_out_of_its_own_references(tmp_path):
    done = mik("init", "--gemeente", "GM0758", "-o", str(tmp_path / "breda.toml"))  # name from gemeenten.csv
    assert done.returncode == 0, done.stderr
    cfg = load_config(tmp_path / "breda.toml")
    assert cfg.gemeente_name == "Breda"
    assert "GM0758" not in dict(cfg.references) and "GM0034" in dict(cfg.references)
    again = mik("init", "--gemeente", "GM0758", "-o", str(tmp_path / "breda.toml"))
    assert again.returncode == 2 and "exists already" in again.stderr
    unknown = mik("init", "--gemeente", "GM1999", "-o", str(tmp_path / "x.toml"))
    assert unknown.returncode == 2 and "--name" in unknown.stderr


def test_a_file_of_another_gemeente_is_refused_with_the_way_out(second, tmp_path):
    db = tmp_path / "maastricht.duckdb"
    done = mik("import", "boundaries", str(second["city"].boundaries), env={"MIK_DB": str(db)})
    assert done.returncode == 1
    assert "no areas of GM0935" in done.stderr
    # the gemeente with most areas in the file is the one suggested (the neighbour has two buurten)
    assert f"python -m mik init --gemeente {CODE}" in done.stderr and f"--gemeente {CODE}" in done.stderr
    assert "Traceback" not in done.stderr


def test_import_messages_count_rows_areas_and_categories_apart(second):
    msg = second["messages"]
    assert "1 gemeente, 4 wijken, 16 buurten" in msg["boundaries"]
    assert "17 population figures (17 areas, 1 January 2024)" in msg["population"]
    # 3 x 16 x 2 cells, 3 of them empty in the file (not published): 93 rows, not 96 nor 93 + 3 categories
    assert "93 registration rows (16 areas, 3 categories, 2022-2023)" in msg["crime"]
    assert "3 new categories" in msg["crime"] and "3 cells not published" in msg["crime"]


@pytest.mark.parametrize("year", ["2022", "2023"])
def test_mik_table_equals_the_source_file(second, year):
    done = mik(
        "table", "--level", "buurt", "--period", year, "--category", "0.0.0", "--format", "json", env=second["env"]
    )
    assert done.returncode == 0, done.stderr
    rows = {r["area_code"]: r["count"] for r in json.loads(done.stdout)}
    source = {code: n for (code, y, cat), n in second["city"].crimes.items() if y == year and cat == "0.0.0"}
    assert {c: n for c, n in rows.items() if n is not None} == source
    missing = set(rows) - set(source)
    assert all(rows[c] is None for c in missing)  # an unpublished cell is no data, never 0
    assert len(rows) == 16


def test_the_headline_is_the_newest_year_against_the_year_before(second, scon):
    h = headlines.headline(scon, CODE, "gemeente", gemeente=CODE, access=FULL)
    crimes = second["city"].crimes
    total = {y: sum(n for (_, yy, cat), n in crimes.items() if yy == y and cat == "0.0.0") for y in ("2022", "2023")}
    assert (h.period, h.previous_period) == ("2023", "2022")
    assert (h.count, h.previous_count) == (total["2023"], total["2022"])
    assert h.rate == pytest.approx(total["2023"] / h.population * 1000)
    assert h.population_year == 2024 and h.population_nearest
    # one buurt's 2022 cell is empty in the CBS file: the 2022 total is incomplete, so no change is given
    assert (h.unreported, h.previous_unreported) == (0, 1)
    assert h.change_pct is None
    wijk = headlines.headline(scon, "WK199900", "wijk", gemeente=CODE, access=FULL)  # a wijk with every buurt published
    w = {
        y: sum(n for (b, yy, cat), n in crimes.items() if yy == y and cat == "0.0.0" and b[:8] == "BU199900")
        for y in ("2022", "2023")
    }
    assert wijk.change_pct == pytest.approx((w["2023"] - w["2022"]) / w["2022"] * 100)
    assert h.sources == ("Politie/CBS 47018NED",)
    assert h.query.endswith("--period 2023 --category 0.0.0 --per-1000 --area GM1999")


def test_yearly_only_data_has_no_months_and_no_false_zeros(second, scon):
    assert options.period_choices(scon) == ["2023", "2022"]
    march = indicators.category_values(scon, ["0.0.0"], "buurt", parse_period("2023-03"), per_1000=False, access=FULL)
    assert march["count"].isna().all()  # not loaded: unknown, not 0
    assert indicators.monthly_series(scon, ["0.0.0"], "gemeente", CODE, access=FULL).empty
    cfg = load_config(second["config"])
    yearly = trends.yearly_trend(scon, cfg, "hic", CODE, "gemeente", access=FULL)
    hic = {
        y: sum(n for (_, yy, cat), n in second["city"].crimes.items() if yy == y and cat in ("1.1.1", "1.2.1"))
        for y in ("2022", "2023")
    }
    assert list(yearly.year) == [2022, 2023]
    assert list(yearly["count"]) == [hic["2022"], hic["2023"]]
    assert yearly.target.isna().all()  # the plan's targets are for 2015-2018


def test_the_map_opens_on_what_has_figures(second, scon):
    cfg = load_config(second["config"])
    assert maps.map_default(scon, cfg, parse_period("2023")) == ("indicator", "hic")
    only_total = cfg.__class__(**{**cfg.__dict__, "indicators": tuple(i for i in cfg.indicators if i.id != "hic")})
    assert maps.map_default(scon, only_total, parse_period("2023")) == ("category", "0.0.0")
    assert maps.map_default(scon, cfg, parse_period("2021")) is None


def test_breakdown_last_year_is_unknown_when_not_loaded(second, scon):
    df = changes.category_breakdown(scon, ["1.1.1", "1.2.1"], "gemeente", CODE, parse_period("2022"), access=FULL)
    assert df.last_year.isna().all()  # 2021 was never loaded
    df = changes.category_breakdown(scon, ["1.1.1", "1.2.1"], "gemeente", CODE, parse_period("2023"), access=FULL)
    assert df.last_year.notna().all()


def _pixels(lat: float, lon: float, zoom: float, point: tuple[float, float]) -> tuple[float, float]:
    """Offset in pixels of a (lon, lat) point from the view centre in deck.gl's Web Mercator."""
    import math

    scale = 512 * 2**zoom

    def merc(la):
        return math.log(math.tan(math.pi / 4 + math.radians(la) / 2)) / (2 * math.pi)

    return (point[0] - lon) / 360 * scale, (merc(point[1]) - merc(lat)) * scale


@pytest.mark.parametrize(
    "bounds,width,height",
    [
        ((5.80, 52.00, 5.87, 52.40), 640, 560),  # tall (the second city)
        ((5.64, 50.80, 5.77, 50.90), 640, 560),  # the demo city
        ((4.70, 52.28, 5.07, 52.43), 640, 480),  # wide
        ((5.64, 50.80, 5.77, 50.90), 1400, 560),
    ],
)
def test_fit_view_holds_the_bounds_with_a_margin(bounds, width, height):
    lat, lon, zoom = fit_view(bounds, width, height)
    west, south, east, north = bounds
    xs, ys = zip(*(_pixels(lat, lon, zoom, p) for p in ((west, south), (east, north))), strict=True)
    assert max(abs(x) for x in xs) <= width / 2 * 0.93
    assert max(abs(y) for y in ys) <= height / 2 * 0.93
    # and it is not needlessly small: one side uses at least 80% of the map
    assert max(max(abs(x) for x in xs) / (width / 2), max(abs(y) for y in ys) / (height / 2)) >= 0.8


def _app(monkeypatch, db: Path, config: Path | None):
    """The app (AppTest, no login) on ``db`` with ``config`` (None: the project's config.toml)."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    if config is None:
        monkeypatch.delenv("MIK_CONFIG", raising=False)
    else:
        monkeypatch.setenv("MIK_CONFIG", str(config))
    monkeypatch.setenv("MIK_DB", str(db))
    monkeypatch.setenv("MIK_AUTH", "off")
    monkeypatch.setenv("MIK_BASEMAP", "none")
    st.cache_data.clear()
    st.cache_resource.clear()
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=90).run()


@pytest.mark.parametrize("page", [None, "pages/kaart.py", "pages/thema.py"])
def test_a_database_of_another_gemeente_gets_a_clear_message(second, monkeypatch, page):
    at = _app(monkeypatch, second["db"], config=None)  # the project's config: Maastricht
    if page:
        at.switch_page(page).run()
    assert not at.exception
    assert len(at.error) == 1 and "GM0935" in at.error[0].value and CODE in at.error[0].value
    assert "MIK_CONFIG" in at.error[0].value and "mik init" in at.error[0].value
    assert len(at.metric) == 0  # nothing else: no figures of the wrong gemeente


def test_the_app_on_the_second_city_has_its_name_and_a_headline(second, monkeypatch):
    at = _app(monkeypatch, second["db"], second["config"])
    assert not at.exception
    assert at.title[0].value == f"MIK – {NAME}"
    assert at.selectbox(key="app_area").format_func(CODE) == NAME  # not "GM1999 (GM1999)"
    total = sum(n for (_, y, cat), n in second["city"].crimes.items() if y == "2023" and cat == "0.0.0")
    assert at.metric[0].value == f"{total:,}".replace(",", ".")
    assert at.button(key="overzicht_show_plan_year").label == "Planjaar 2016"


# --- the basic monitor on public data alone (issue 25) -----------------------------------------


def _cards(db: Path, config: Path, area: str, level: str, year: int = 2023) -> dict:
    from mik.figures import scorecards
    from mik.views.cards import card_figure

    cfg = load_config(config)
    con = connect(db, read_only=True)
    try:
        rows = scorecards.scorecard(con, cfg, year, area, level, access=FULL)
    finally:
        con.close()
    return {r.indicator.id: card_figure(r, cfg, "nl") for r in rows}


@pytest.mark.xdist_group("sparse")
def test_without_population_or_plan_the_cards_show_figures_and_their_direction(sparse_city):
    """Boundaries and the 47018NED file alone: every card has a figure with its change against the
    year before and its test, or says which file it lacks - never a dash or 'Geen doel' as its content.
    A sum with a cell CBS left empty gets no change, as the headline."""
    from scipy.stats import binomtest

    crimes = sparse_city["city"].crimes
    wijk = "WK199900"  # every buurt published in both years
    cards = _cards(sparse_city["db"], sparse_city["config"], wijk, "wijk")
    for ind, code in (("misdrijven", "0.0.0"), ("woninginbraak", "1.1.1"), ("autocriminaliteit", "1.2.1")):
        now, before = (
            sum(n for (b, y, c), n in crimes.items() if y == year and c == code and b[:8] == "BU199900")
            for year in ("2023", "2022")
        )
        fig = cards[ind]
        assert (fig.kind, fig.main) == ("value", f"{now:,}".replace(",", ".")), fig
        pct = f"{(now / before - 1) * 100:+.1f}".replace(".", ",")
        p = binomtest(now, now + before, 0.5).pvalue  # the exact conditional test, as R's poisson.test
        word = "binnen de toevalsmarge"
        if p < 0.05:
            word = "significante stijging" if now > before else "significante daling"
        assert fig.direction == f"{pct}% t.o.v. 2022 · {word}", (fig.direction, p)
        assert fig.arrow == {"significante stijging": "↗", "significante daling": "↘"}.get(word, "≈")
    for ind in ("fietsdiefstal", "mishandeling", "bedreiging", "vernieling"):  # kinds not in the file
        fig = cards[ind]
        assert fig.kind == "missing" and "Niet in de geladen politiecijfers" in fig.secondary, fig
    assert all(fig.main not in ("", "–") and "Geen doel" not in fig.main + fig.target for fig in cards.values())
    city = _cards(sparse_city["db"], sparse_city["config"], CODE, "gemeente")
    # one buurt's 2022 cells are empty in the CBS file: the city's 2022 sums are incomplete
    assert city["misdrijven"].direction == "Geen verandering: 1 buurt(en) zonder gepubliceerd cijfer in 2022"


@pytest.mark.xdist_group("sparse")
def test_without_population_the_map_shows_counts_and_says_why(sparse_city, monkeypatch):
    at = _app(monkeypatch, sparse_city["db"], sparse_city["config"])
    at.switch_page("pages/kaart.py").run()
    assert not at.exception
    assert at.radio(key="kaart_mode").options == ["Absoluut"]
    assert any("per 1.000 inwoners zijn inwonertallen per buurt nodig" in c.value for c in at.caption)
    features = json.loads(at.get("deck_gl_json_chart")[0].proto.json)["layers"][0]["data"]["features"]
    assert sum(1 for f in features if f["properties"]["label"] not in ("", "geen gegevens")) >= 10
    text = " ".join(m.value for m in at.markdown) + " ".join(i.value for i in at.info)
    assert "geen cijfers van deze soort" not in text  # the false sentence of before


@pytest.mark.xdist_group("sparse")
def test_the_deck_of_yearly_figures_maps_the_whole_year(sparse_city):
    """Yearly figures only: the deck's map is the last whole year (its buurt counts, as the
    factsheet), not the month, of which a yearly file knows nothing ("Geen kaart" before)."""
    from mik.output import document, driehoek
    from mik.privacy.access import access_for

    cfg = load_config(sparse_city["config"])
    con = connect(sparse_city["db"], read_only=True)
    try:
        month = document.latest_month(con)
        for role in ("analist", "driehoek"):
            deck = driehoek.build_driehoek(con, cfg, month, access=access_for(cfg, "t", role))
            (kaart,) = [s for s in deck.sections if s.title.startswith("Kaart:")]
            assert kaart.title.endswith(", 2023") and kaart.images, (role, kaart)
            assert not any("Geen kaart" in line for line in kaart.lines)
    finally:
        con.close()
