"""A buurt with very few inhabitants (a park, a business park) on the map per 1.000 inwoners: its rate
is shown with a note but left out of the classes, so it cannot set the top class for the city
(issue 25: a top class "137,5 - 4.600,0 per 1.000" came from a buurt of 15 people)."""

from __future__ import annotations

from mik.data.store import connect
from mik.ingest.run import run_import
from mik.plan.config import load_config
from mik.plan.periods import parse_period
from mik.privacy.access import FULL
from mik.views import maps


def _layer(db, tmp_path, population_date: str):
    pop = tmp_path / "inwoners.csv"
    pop.write_text(
        f"code;inwoners;datum\nBU09359901;15;{population_date}\nBU09359902;2400;{population_date}\n", encoding="utf-8"
    )
    crime = tmp_path / "maandexport-2016-03.csv"
    crime.write_text(
        "maand;buurtcode;straat;x;y;categorie;aantal\n2016-03;BU09359901;;;;1.1.1;69\n2016-03;BU09359902;;;;1.1.1;30\n",
        encoding="utf-8",
    )
    run_import(db, "population", pop)
    run_import(db, "crime", crime)
    con = connect(db, read_only=True)
    try:
        return maps.choropleth(con, load_config(), "buurt", parse_period("2016-03"), None, "1.1.1", access=FULL)
    finally:
        con.close()


def test_a_buurt_of_fifteen_people_is_shown_but_not_classed(db, tmp_path):
    layer = _layer(db, tmp_path, "2016-01-01")
    assert layer.population_note == ""  # the period's own inhabitants: nothing to say
    frame = layer.frame.set_index("code")
    assert frame.loc["BU09359901", "value"] == 4600.0  # 69 among 15 people: shown as it is
    assert "minder dan 100 inwoners: niet ingedeeld" in frame.loc["BU09359901", "label"]
    assert frame.loc["BU09359901", "class"] == maps.SMALL_CLASS
    assert frame.loc["BU09359902", "class"] >= 0  # the other buurt is classed on its own
    labels = [label for _, label in layer.legend]
    assert "minder dan 100 inwoners: niet ingedeeld" in labels
    assert not any("4.600" in label for label in labels)  # the classes stop at the classed buurten


def test_inhabitants_of_another_year_are_said_under_the_map(db, tmp_path):
    layer = _layer(db, tmp_path, "2018-01-01")
    assert layer.population_note == (
        "Per 1.000 inwoners van 1 januari 2018: voor mrt 2016 zijn geen inwonertallen geladen, "
        "het dichtstbijzijnde jaar is gebruikt."
    )
