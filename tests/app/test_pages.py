"""Every page through AppTest, asserting real content."""

import json

import duckdb
import pytest

from tests.app.conftest import clear_caches_if_settings_changed, deck_specs, number, tables, texts
from tests.conftest import ROOT

PAGES = ["overzicht", "thema", "kaart", "vergelijking", "whatif", "uitvoering", "rapporten", "bronnen"]
THREAT = "Incidenten bedreiging per 1.000 inwoners"  # the name of indicator bedreiging (config.toml)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_the_demo_notice(app, page):
    app.run()
    app.switch_page(f"pages/{page}.py").run()
    assert not app.exception, app.exception
    assert "synthetische demodata" in texts(app)


def test_thema_shows_trend_breakdown_changes_and_actions(app):
    app.query_params["theme"] = "c"
    app.run()
    app.switch_page("pages/thema.py").run()
    assert not app.exception
    assert app.selectbox(key="thema_indicator").value == "hic"
    charts = app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")
    assert len(charts) >= 2
    frames = tables(app)
    breakdown = next(f for f in frames if "Toets" in f and "Gebied" not in f)
    changes = next(f for f in frames if "Toets" in f and "Gebied" in f)
    signals = next(f for f in frames if "Verwacht" in f)
    actions = next(f for f in frames if "Onderdeel" in f)
    assert 0 < len(changes) <= 5
    labels = {"significante stijging", "significante daling", "binnen de toevalsmarge"}
    # every change carries its test, and the list is ranked by evidence (q-value), not percentage
    assert set(changes["Toets"]) <= labels and set(breakdown["Toets"]) <= labels | {"niet te toetsen"}
    assert "q-waarde" in changes
    # the demo's planted burglary spree of September 2016 is the signal of the last complete month
    assert list(signals["Categorie"]) == ["Diefstal/inbraak woning"]
    assert int(signals["Geteld"].iloc[0]) > int(signals["Grens"].iloc[0])
    assert len(actions) == 16  # the plan's actions of theme c
    assert "Plan van aanpak Woninginbraak" in set(actions["Onderdeel"])


@pytest.mark.parametrize("role", ["driehoek", "publiek"])
def test_thema_sets_figures_beside_perception_per_wijk_for_roles_that_see_wijken(app, monkeypatch, role):
    monkeypatch.setenv("MIK_ROLE", role)
    app.query_params["theme"] = "c"
    app.run()
    app.switch_page("pages/thema.py").run()
    assert not app.exception
    specs = [json.loads(c.proto.spec) for c in app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")]
    index_charts = [s for s in specs if "stad = 100" in json.dumps(s)]
    if role == "publiek":  # the city only: no areas to set side by side
        assert "Cijfers en beleving" not in texts(app) and not index_charts
        return
    assert "Cijfers en beleving per wijk" in texts(app) and len(index_charts) == 1
    # the wijk whose figures and perception disagree, named with both indices and intervals
    assert "Wijk 80 Oude Stad: onveilig volgens de cijfers, veilig beleefd (cijfers: index 127" in texts(app)
    table = next(f for f in tables(app) if "Index beleving" in f)
    oude_stad = table.set_index("Gebied").loc["Wijk 80 Oude Stad"]
    assert len(table) == 8 and len(table.columns) <= 7  # a plain table: read by a screen reader
    assert (oude_stad["Cijfers: 95%-interval"], oude_stad["Cijfers t.o.v. de stad"]) == (
        "121–134",
        "slechter dan de stad",
    )
    assert oude_stad["Beleving t.o.v. de stad"] == "beter dan de stad"


def test_theme_without_police_indicator(app):
    app.query_params["theme"] = "e"
    app.run()
    app.switch_page("pages/thema.py").run()
    assert "geen politie-indicator" in texts(app)


def test_kaart_has_one_feature_per_buurt_and_a_legend(app):
    app.run()
    app.switch_page("pages/kaart.py").run()
    spec = deck_specs(app)[0]
    areas = next(layer for layer in spec["layers"] if layer["id"] == "areas")
    assert len(areas["data"]["features"]) == 45
    outlines = next(layer for layer in spec["layers"] if layer["id"] == "aandachtsgebieden")
    assert len(outlines["data"]["features"]) == 2
    # no base map offline: no provider, and pydeck's "no style" marker, which Streamlit's map leaves
    # alone (None would make it fetch Carto's style; the browser test watches the requests)
    assert not spec.get("mapProvider") and spec.get("mapStyle") == "__MAP_STYLE__"
    assert "–" in texts(app)  # legend ranges


def test_kaart_wijk_level_and_category_from_the_url(app):
    app.query_params.update({"level": "wijk", "what": "category", "category": "1.1.1", "mode": "absolute"})
    app.run()
    app.switch_page("pages/kaart.py").run()
    features = deck_specs(app)[0]["layers"][0]["data"]["features"]
    assert len(features) == 8
    assert all("properties" in f and f["properties"]["label"] for f in features)


def test_kaart_buurt_detail(app):
    app.query_params["buurt"] = "BU09358000"
    app.run()
    app.switch_page("pages/kaart.py").run()
    assert not app.exception
    assert any("BU09358000" in s.value for s in app.subheader)
    assert any("Stad" in m.label for m in app.metric)


def test_vergelijking_ranks_the_city_among_references(app):
    app.query_params.update({"indicator": "onveilig_buurt", "year": "2015"})
    app.run()
    app.switch_page("pages/vergelijking.py").run()
    table = tables(app)[0]
    assert len(table) == 9  # the city, six references, two averages
    rank = next(m for m in app.metric if m.label.startswith("Rang"))
    # the survey's intervals overlap: the rank is a range of places, with a verdict against the average
    assert rank.value.endswith("/ 7") and "–" in rank.value
    assert "G32/G40-gemiddelde" in rank.delta
    assert set(table["T.o.v. gemiddelde"][:7]) <= {"significant beter", "significant slechter", "niet te onderscheiden"}
    assert "Context: waarom verschilt Maastricht?" in texts(app)


def test_vergelijking_per_1000_inhabitants_and_visitors(app):
    app.query_params.update({"indicator": "hic", "year": "2015"})
    app.run()
    app.switch_page("pages/vergelijking.py").run()
    plain = tables(app)[0].set_index("Gemeente")
    app.radio(key="vergelijking_mode").set_value("per_1000_visitors").run()
    assert not app.exception
    adjusted = tables(app)[0].set_index("Gemeente")
    city = "Maastricht (demo)"
    assert number(adjusted.loc[city, "Waarde"]) < number(plain.loc[city, "Waarde"])
    assert "inwoners en bezoekers" in texts(app) and "[[denominators]]" in texts(app)
    context = next(f for f in tables(app) if "Bezoekers per 1.000 inwoners" in f)
    assert context["Gemeente"].iloc[0] == city and len(context) == 8  # the city, six references, the average


def test_kaart_per_1000_inhabitants_and_visitors(app):
    app.query_params.update({"year": "2015"})
    app.run()
    app.switch_page("pages/kaart.py").run()
    assert "Per 1.000 inwoners en bezoekers" in app.radio(key="kaart_mode").options
    app.radio(key="kaart_mode").set_value("per_1000_visitors").run()
    assert not app.exception
    assert "Per 1.000 inwoners en bezoekers: de noemer" in texts(app)


def test_whatif_change_flips_status_and_marks_scenario(app):
    app.query_params["year"] = "2015"
    app.run()
    app.switch_page("pages/whatif.py").run()
    before = tables(app)[0].set_index("Indicator")
    assert before.loc[THREAT, "Status (plan)"] == "Gehaald"
    app.text_input(key="whatif_bedreiging").input("3,5").run()  # typed the Dutch way
    after = tables(app)[0].set_index("Indicator")
    assert after.loc[THREAT, "Status (wat als)"] == "Niet gehaald"
    assert after.loc[THREAT, "Status (plan)"] == "Gehaald"  # the plan is untouched
    assert after.loc[THREAT, "Doel (wat als)"] == "3,5"  # Dutch notation
    assert (after["Gewijzigd"] == "ja").sum() == 1
    assert "SCENARIO" in texts(app)
    assert app.query_params["scenario"] in ("bedreiging:<:3.5", ["bedreiging:<:3.5"])


def test_whatif_scenario_link_reopens(app):
    app.query_params.update({"year": "2015", "scenario": "bedreiging:<:3.5"})
    app.run()
    app.switch_page("pages/whatif.py").run()
    assert app.text_input(key="whatif_bedreiging").value == "3,5"
    assert tables(app)[0].set_index("Indicator").loc[THREAT, "Status (wat als)"] == "Niet gehaald"


def test_uitvoering_filters_and_counts(app):
    app.run()
    app.switch_page("pages/uitvoering.py").run()
    assert app.metric[0].value == "130 / 130"
    app.multiselect(key="uitvoering_theme").set_value(["c"]).run()
    assert app.metric[0].value == "16 / 130"
    assert set(tables(app)[1].Thema) == {"Vermogenscriminaliteit / High Impact Crimes"}


def test_bronnen_lineage_and_definitions(app):
    app.run()
    app.switch_page("pages/bronnen.py").run()
    lineage = tables(app)[0]
    assert (lineage.Synthetisch == "ja").all() and "Registraties" in set(lineage.Gegevens)
    defs = tables(app)[1]
    assert "1.1.1 + 1.2.1" in defs.set_index("Code").loc["hic", "Categorieën"]


def test_presentation_mode_opens_on_the_scorecard_and_pages_through_themes(app):
    app.query_params.update({"present": "1", "year": "2016"})
    app.run()
    assert not app.exception
    assert len(app.sidebar.selectbox) == 0
    assert "# Stand van het plan · 2016" in [m.value for m in app.markdown]
    assert "Stand per 14-10-2016" in texts(app)
    cards = "".join(h.proto.body for h in app.get("html"))
    for ind in ("Incidenten bedreiging per 1.000 inwoners", "Rapportcijfer veiligheid buurt (1-10)"):
        assert ind in cards  # every indicator of the plan on the first screen
    assert "Op koers" in cards
    app.button(key="presentatie_next").click().run()
    assert "# Veiligheid in de alledaagse woon- en leefomgeving" in [m.value for m in app.markdown]
    assert app.query_params["slide"] in ("2", ["2"])
    assert app.get("arrow_vega_lite_chart") or app.get("vega_lite_chart")  # the trend
    assert app.get("deck_gl_json_chart")  # the map
    shown = " ".join(m.value for m in app.markdown)
    assert "Geen signalen in sep 2016" in shown or "Signalen: meer dan verwacht in sep 2016" in shown
    app.button(key="presentatie_next").click().run()
    assert "# Drugsoverlast" in [m.value for m in app.markdown]


def test_view_in_the_url_is_restored(app):
    app.query_params.update({"lang": "en", "year": "2015", "area": "WK093580"})
    app.run()
    assert app.selectbox(key="app_lang").value == "en"
    assert app.selectbox(key="app_year").value == 2015
    assert app.selectbox(key="app_area").value == "WK093580"
    assert "Oude Stad" in texts(app)


def test_rapporten_makes_a_report_for_download(app, app_db):
    from mik.data import audit

    app.run()
    app.switch_page("pages/rapporten.py").run()
    app.radio(key="rapporten_kind").set_value("raad").run()
    app.button(key="rapporten_make").click().run()
    assert not app.exception
    downloads = [d for d in app.get("download_button") if "rapporten_download" in str(d.proto.id)]
    assert downloads and "mik-raad-" in downloads[0].proto.label
    assert "export" in set(audit.read(app_db).action)


@pytest.mark.parametrize("role", ["driehoek", "publiek"])
def test_rapporten_makes_a_factsheet_of_a_buurt_for_roles_that_see_it(app, app_db, monkeypatch, role):
    from mik.data import audit

    monkeypatch.setenv("MIK_ROLE", role)
    app.run()
    app.switch_page("pages/rapporten.py").run()
    if role == "publiek":  # the city only: no area to make a factsheet of
        assert "factsheet" not in app.radio(key="rapporten_kind").options
        return
    app.radio(key="rapporten_kind").set_value("factsheet").run()
    picker = app.selectbox(key="rapporten_area")
    assert "Kastanjedal (buurt, Wijk 81 Hoogveld)" in picker.options  # each buurt named with its wijk
    assert "Wijk 81 Hoogveld (wijk)" in picker.options
    with duckdb.connect(str(app_db), read_only=True) as con:
        code = con.execute("SELECT code FROM areas WHERE name = 'Kastanjedal'").fetchone()[0]
    picker.set_value(code).run()
    app.button(key="rapporten_make").click().run()
    assert not app.exception
    downloads = [d for d in app.get("download_button") if "rapporten_download" in str(d.proto.id)]
    assert downloads and f"mik-factsheet-{code}-" in downloads[0].proto.label
    assert f"factsheet {code}" in " ".join(audit.read(app_db).detail)


def test_rapporten_offers_only_the_file_of_the_current_choice(app):
    app.run()
    app.switch_page("pages/rapporten.py").run()
    app.radio(key="rapporten_kind").set_value("raad").run()
    # the demo stands at 14-10-2016: the running fourth quarter is offered, the third is the default
    assert app.selectbox(key="rapporten_quarter").value == "2016-Q3"
    assert app.selectbox(key="rapporten_quarter").options[0] == "2016 K4"
    app.button(key="rapporten_make").click().run()

    def offered():
        return [d.proto.label for d in app.get("download_button") if "rapporten_download" in str(d.proto.id)]

    assert offered() == ["Download mik-raad-2016-Q3.pdf"]
    app.selectbox(key="rapporten_quarter").set_value("2016-Q2").run()
    assert offered() == [] and "De keuze is veranderd" in texts(app)
    app.radio(key="rapporten_kind").set_value("driehoek").run()
    assert offered() == []  # the council report is never offered as the driehoek deck
    app.button(key="rapporten_make").click().run()
    assert len(offered()) == 1 and offered()[0].startswith("Download mik-driehoek-")


def test_every_table_has_an_excel_download(app):
    app.run()
    app.switch_page("pages/uitvoering.py").run()
    labels = [d.proto.label for d in app.get("download_button")]
    assert labels.count("Download als Excel") == len(tables(app)) == 2


def test_hotspots_hexagons_and_top_streets_for_analist(app):
    app.run()
    app.switch_page("pages/hotspots.py").run()
    assert not app.exception
    spec = deck_specs(app)[0]
    hexes = next(layer for layer in spec["layers"] if layer["id"] == "areas")["data"]["features"]
    assert len(hexes) > 20 and all(f["geometry"]["type"] == "Polygon" for f in hexes)
    assert all(set(f["properties"]) == {"code", "name", "label", "fill", "colour"} for f in hexes)
    streets = next(f for f in tables(app) if "Straat" in f)
    assert list(streets.columns) == ["Straat", "Buurt", "Aantal", "Aandeel"] and len(streets) == 15
    # the command that reproduces the figures, behind "Hoe berekend?", not in the text
    assert "python -m mik streets" not in texts(app)
    assert any(c.value.startswith("python -m mik streets --period") for c in app.code)


def test_hotspots_for_a_street_role_with_suppression_offer_indicators_over_years(app, monkeypatch, tmp_path):
    """A gemeente may give a wijkagent the street level with suppression: Hotspots then offers the
    plan's indicators over whole years only (issue 22), with no small hexagon."""
    plan = tmp_path / "config.toml"
    text = (ROOT / "config.toml").read_text(encoding="utf-8")
    plan.write_text(text + '\n[[roles]]\nid = "wijkagent"\nfinest_level = "straat"\nunsuppressed = false\n')
    monkeypatch.setenv("MIK_CONFIG", str(plan))
    monkeypatch.setenv("MIK_ROLE", "wijkagent")
    clear_caches_if_settings_changed()
    app.run()
    app.switch_page("pages/hotspots.py").run()
    assert not app.exception
    what = app.selectbox(key="hotspots_what")
    assert what.options and all(not o.startswith("cat:") and "1.1.1" not in o for o in what.options)
    assert all(len(p) == 4 for p in app.selectbox(key="hotspots_period").options)  # years: 2016, 2015 ...
    streets = next(f for f in tables(app) if "Straat" in f)
    assert len(streets) and all(int(str(n).replace(".", "")) >= 5 for n in streets["Aantal"])
