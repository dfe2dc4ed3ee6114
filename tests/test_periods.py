import datetime as dt

import pytest

from mik.plan.periods import parse_period


@pytest.mark.parametrize(
    "text,start,end,months,pop_year",
    [
        ("2016", dt.date(2016, 1, 1), dt.date(2017, 1, 1), 12, 2016),
        ("2016-03", dt.date(2016, 3, 1), dt.date(2016, 4, 1), 1, 2016),
        ("2016-Q4", dt.date(2016, 10, 1), dt.date(2017, 1, 1), 3, 2016),
        ("2016-09-YTD", dt.date(2016, 1, 1), dt.date(2016, 10, 1), 9, 2016),
        ("2016-03-R12", dt.date(2015, 4, 1), dt.date(2016, 4, 1), 12, 2016),
        ("2016-12-r12", dt.date(2016, 1, 1), dt.date(2017, 1, 1), 12, 2016),
    ],
)
def test_parse(text, start, end, months, pop_year):
    p = parse_period(text)
    assert (p.start, p.end, p.months, p.population_year) == (start, end, months, pop_year)
    assert parse_period(p.code) == p


@pytest.mark.parametrize("bad", ["16", "2016-13", "2016-Q5", "2016-YTD", "last year"])
def test_bad_periods_say_what_is_accepted(bad):
    with pytest.raises(ValueError, match="YYYY-MM-R12"):
        parse_period(bad)


def test_same_period_last_year():
    assert parse_period("2016-09-YTD").shifted_years(-1) == parse_period("2015-09-YTD")
    assert parse_period("2016-02").shifted_years(-1).code == "2015-02"


def test_labels():
    assert parse_period("2016-09-YTD").label("nl") == "jan - sep 2016"
    assert parse_period("2016-Q1").label("nl") == "2016 K1"
    assert parse_period("2016-03").label("en") == "Mar 2016"
