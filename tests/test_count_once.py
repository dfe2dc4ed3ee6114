"""A year is counted once: CBS/Politie's monthly 47022NED beside the yearly 47018NED (and the
police's own export beside either), imported in any order, on the second city's real-format files.

The monthly tables carry the year's own ``JJ00`` row beside its months, and a consolidated yearly
figure differs from the sum of its months by a few; a year query that added both would count the
year twice. The months win when all twelve are there; a year with only some of its months beside
its yearly figure is refused.
"""

from __future__ import annotations

import csv
import shutil

import duckdb
import pytest

from mik.data import queries
from mik.plan.periods import year as year_period
from tests.secondcity import CODE, install_second_city, mik, monthly_crime_file


def _city_total(db, year: int, category: str = "0.0.0") -> int:
    p = year_period(year)
    with duckdb.connect(str(db), read_only=True) as con:
        counts = queries.counts_by_area(con, [category], p.start, p.end, "gemeente", CODE)
    return int(counts["count"].sum())


def _file_counts(path, period_kind: str) -> dict[tuple[str, str], int]:
    """(Perioden, kind) -> the file's sum over buurten, for periods of one kind (MM or JJ)."""
    out: dict[tuple[str, str], int] = {}
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if period_kind in row["Perioden"] and row["GeregistreerdeMisdrijven_1"]:
                key = (row["Perioden"], row["SoortMisdrijf"].strip())
                out[key] = out.get(key, 0) + int(row["GeregistreerdeMisdrijven_1"])
    return out


def _grains(db, year: int) -> set[tuple[str, int]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return set(
            con.execute("SELECT DISTINCT source, months FROM registrations WHERE year(month) = ?", [year]).fetchall()
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The second city set up once per kind of start (through the command line): with its yearly
    47018NED file, and without crime figures; each test works on a copy of the database."""
    return {
        kinds: install_second_city(tmp_path_factory.mktemp("count-once"), kinds=kinds)
        for kinds in (("boundaries", "population", "crime"), ("boundaries", "population"))
    }


def _copy(installed, kinds, folder) -> dict:
    """A database of its own for one test, from the installation of ``kinds``."""
    inst = installed[kinds]
    db = folder / inst["db"].name
    shutil.copyfile(inst["db"], db)
    return {**inst, "db": db, "env": {**inst["env"], "MIK_DB": str(db)}}


@pytest.fixture()
def city(installed, tmp_path):
    return _copy(installed, ("boundaries", "population", "crime"), tmp_path)


def test_the_months_replace_the_yearly_figure_and_the_year_is_counted_once(city, tmp_path):
    yearly_2023 = _city_total(city["db"], 2023)
    monthly = monthly_crime_file(city["city"], tmp_path)  # its months and its own 2023JJ00 rows
    months = _file_counts(monthly, "MM")
    months_total = sum(n for (_, cat), n in months.items() if cat == "0.0.0")
    assert months_total != yearly_2023  # a consolidated yearly figure is not the sum of its months
    done = mik("import", "crime", str(monthly), env=city["env"])
    assert done.returncode == 0, done.stderr
    assert _city_total(city["db"], 2023) == months_total  # not months + yearly, not months + JJ00
    assert _grains(city["db"], 2023) == {("Politie/CBS 47022NED", 1)}
    assert _grains(city["db"], 2022) == {("Politie/CBS 47018NED", 12)}  # a year without months stays
    assert _city_total(city["db"], 2022) == sum(
        n for (b, y, c), n in city["city"].crimes.items() if y == "2022" and c == "0.0.0"
    )
    assert "the file's yearly figures left out, its twelve months used" in done.stdout
    assert f"replaced by the twelve months (0.0.0: yearly {yearly_2023}, months {months_total})" in done.stdout
    with duckdb.connect(str(city["db"]), read_only=True) as con:  # a month is a month: Thema's monthly trend
        n_march = con.execute(
            "SELECT sum(count) FROM registrations WHERE month = DATE '2023-03-01' AND category_code = '0.0.0'"
        ).fetchone()[0]
    assert n_march == months[("2023MM03", "0.0.0")]


def test_a_yearly_file_after_the_months_leaves_their_year_alone(installed, tmp_path):
    city = _copy(installed, ("boundaries", "population"), tmp_path)
    monthly = monthly_crime_file(city["city"], tmp_path, yearly_rows=False)
    assert mik("import", "crime", str(monthly), env=city["env"]).returncode == 0
    months_total = _city_total(city["db"], 2023)
    done = mik("import", "crime", str(city["city"].crime), env=city["env"])
    assert done.returncode == 0, done.stderr
    assert _city_total(city["db"], 2023) == months_total
    assert "yearly figures left out: the months of 2023 are loaded (Politie/CBS 47022NED)" in done.stdout
    assert _grains(city["db"], 2022) == {("Politie/CBS 47018NED", 12)}  # the other year is added


def test_some_months_beside_a_yearly_figure_are_refused_and_nothing_changes(city, tmp_path):
    running = monthly_crime_file(city["city"], tmp_path, months=6)
    before = city["db"].read_bytes()
    done = mik("import", "crime", str(running), env=city["env"])
    assert done.returncode != 0
    assert running.name in done.stderr and "row 2" in done.stderr and "Perioden" in done.stderr
    assert "months of 2023 (6 of 12) while 2023 is also a yearly figure (Politie/CBS 47018NED)" in done.stderr
    assert city["db"].read_bytes() == before  # the import landed whole or not at all
    # a running year that has no yearly figure yet is simply its months
    running_2024 = monthly_crime_file(city["city"], tmp_path, year="2024", months=6)
    ok = mik("import", "crime", str(running_2024), env=city["env"])
    assert ok.returncode == 0, ok.stderr


def test_the_police_export_and_47022ned_do_not_count_the_same_month_twice(installed, tmp_path):
    city = _copy(installed, ("boundaries", "population"), tmp_path)
    buurt = city["city"].buurten[0][0]
    export = tmp_path / "maandexport_2023-01.csv"
    export.write_text(f"maand;buurtcode;straat;x;y;categorie;aantal\n2023-01;{buurt};Dorpsstraat;;;0.0.0;999\n")
    assert mik("import", "crime", str(city["city"].crime), env=city["env"]).returncode == 0  # the categories
    refused = mik("import", "crime", str(export), env=city["env"])
    assert refused.returncode != 0 and "months of 2023 (1 of 12) while 2023 is also a yearly figure" in refused.stderr
    monthly = monthly_crime_file(city["city"], tmp_path)
    assert mik("import", "crime", str(monthly), env=city["env"]).returncode == 0
    ok = mik("import", "crime", str(export), env=city["env"])
    assert ok.returncode == 0, ok.stderr
    assert "the same months loaded before from Politie/CBS 47022NED replaced by this file" in ok.stdout
    with duckdb.connect(str(city["db"]), read_only=True) as con:
        jan = con.execute(
            "SELECT source, sum(count) FROM registrations WHERE month = DATE '2023-01-01' AND category_code = '0.0.0' "
            "GROUP BY source"
        ).fetchall()
    assert jan == [("politie (maandexport)", 999)]  # the export's month, once


def test_the_plans_police_indicators_compute_from_public_data_alone(tmp_path):
    """Maastricht's plan on the second city's public files: HIC sums seven 47022NED kinds."""
    from mik.figures import indicators
    from mik.plan.config import load_config
    from mik.privacy.access import FULL

    city = install_second_city(tmp_path, kinds=("boundaries", "population", "crime"), plan="config.toml")
    monthly = monthly_crime_file(city["city"], tmp_path)
    assert mik("import", "crime", str(monthly), env=city["env"]).returncode == 0
    cfg = load_config(city["config"])
    months = _file_counts(monthly, "MM")
    hic = cfg.indicator("hic")
    count = sum(n for (_, cat), n in months.items() if cat in hic.categories)
    with duckdb.connect(str(city["db"]), read_only=True) as con:
        value = indicators.indicator_value(con, cfg, "hic", CODE, "gemeente", year_period(2023), access=FULL)
    assert value.has_value and value.count == count and value.population > 0
    assert value.value == pytest.approx(count / value.population * 1000)
