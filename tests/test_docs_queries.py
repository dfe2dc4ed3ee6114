"""docs/queries.md is checked against the code: every SQL block runs on the demo database and
returns rows, the figures it gives by hand are the ones the code gives, the constants it copies
(category lists, visitor weights) are config.toml's, and every function and command it names exists."""

from __future__ import annotations

import datetime as dt
import importlib
import re
import shlex

import pytest

from mik.cli.main import build_parser
from mik.data.queries.population import population_by_area
from mik.data.queries.registrations import counts_by_area
from mik.figures.comparisons import peer_comparison
from mik.privacy.access import FULL
from mik.settings import ROOT

DOC = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
SQL_BLOCKS = re.findall(r"```sql\n(.*?)```", DOC, re.S)
BASH_BLOCKS = re.findall(r"```bash\n(.*?)```", DOC, re.S)


def block(fragment: str) -> str:
    """The one SQL block of the page holding ``fragment``."""
    found = [b for b in SQL_BLOCKS if fragment in b]
    assert len(found) == 1, f"docs/queries.md: {len(found)} SQL blocks hold {fragment!r}"
    return found[0]


def runnable(sql: str, cfg) -> str:
    """A block as a shell user would run it: the peer-group placeholder filled in with the G32 members."""
    members = ", ".join(f"'{m}'" for m in cfg.peer_group("g32").members)
    return sql.replace("/* members */", members)


def test_the_page_has_its_blocks():
    assert len(SQL_BLOCKS) >= 9 and BASH_BLOCKS


@pytest.mark.parametrize("i", range(len(SQL_BLOCKS)), ids=lambda i: SQL_BLOCKS[i].splitlines()[0][:40])
def test_every_sql_block_runs_on_the_demo_and_returns_rows(con, cfg, i):
    rows = con.execute(runnable(SQL_BLOCKS[i], cfg)).fetchall()
    assert rows, f"docs/queries.md block {i + 1} returned no rows on the demo"
    assert any(v is not None for v in rows[0]), f"docs/queries.md block {i + 1} returned only NULLs"


def in_list(sql: str) -> set[str]:
    """The codes of the first ``category_code IN (...)`` of a block."""
    m = re.search(r"category_code IN \(([^)]*)\)", sql)
    assert m, "no category_code IN (...) in the block"
    return set(re.findall(r"'([^']+)'", m.group(1)))


def test_the_documented_hic_codes_are_the_plans(cfg):
    hic = set(cfg.indicator("hic").categories)
    assert in_list(block("-- HIC (the six types")) == hic
    assert in_list(block("FROM registration_points")) == hic


def test_the_documented_visitor_weights_are_the_plans(cfg):
    sql = block("person-years present")
    documented = {s: float(w) for s, w in re.findall(r"WHEN '(\w+)' THEN ([0-9.]+)", sql)}
    assert documented == cfg.denominator_weights


def test_the_count_by_hand_is_the_codes(con, cfg):
    (by_hand,) = con.execute(block("-- HIC (the six types")).fetchone()
    code = counts_by_area(con, cfg.indicator("hic").categories, dt.date(2016, 1, 1), dt.date(2017, 1, 1), "wijk")
    assert by_hand == int(code.set_index("area_code").loc["WK093580", "count"]) > 0


def test_the_population_by_hand_is_the_codes(con):
    area, inhabitants, year = con.execute(block("FROM population")).fetchone()
    code = population_by_area(con, "wijk", 2016).set_index("area_code").loc[area]
    assert (inhabitants, year) == (int(code["inhabitants"]), int(code["population_year"]))


def test_every_function_the_page_names_exists():
    names = set(re.findall(r"`(mik(?:\.\w+)+)`", DOC))
    assert names, "the page names no function"
    for name in names:
        module, _, attr = name.rpartition(".")
        assert callable(getattr(importlib.import_module(module), attr)), name


def test_every_command_the_page_shows_parses():
    lines = [line.split("#")[0] for b in BASH_BLOCKS for line in b.splitlines()]
    lines += re.findall(r"`python -m mik ([^`]+)`", DOC)
    commands = [shlex.split(line.replace("python -m mik", "")) for line in lines if line.strip()]
    assert len(commands) >= 4
    parser = build_parser()
    for argv in commands:
        parser.parse_args(argv)  # argparse exits (SystemExit) on a command or option it does not know


def test_the_peer_averages_by_hand_are_the_codes(con, cfg):
    plain, weighted = con.execute(runnable(block("FROM peer_figures"), cfg)).fetchone()
    code = peer_comparison(con, cfg, "onveilig_buurt", 2015, access=FULL).set_index("gemeente_code").value
    assert plain == pytest.approx(code["g32:mean"]) and weighted == pytest.approx(code["g32:weighted"])
    assert plain != pytest.approx(weighted)  # the two are told apart: a swap would fail


def test_the_signals_block_gives_the_codes_expectation(con, cfg):
    from mik.figures import signals

    rows = con.execute(block("sum of its 36 months of history")).df().set_index("area_code")
    res = signals.month_signals(con, dt.date(2016, 9, 1), "buurt", ["1.1.1"], access=FULL, gemeente=cfg.gemeente_code)
    table = res.table.set_index("area_code")
    shared = table.index.intersection(rows.index)
    assert len(shared) > 30
    assert table.loc[shared, "baseline"].tolist() == rows.loc[shared, "baseline"].astype(float).tolist()
    assert (table.loc[shared, "expected"] * table.loc[shared, "relative"]).round(6).tolist() == rows.loc[
        shared, "baseline"
    ].astype(float).round(6).tolist()
    assert (table.loc[shared, "observed"] == rows.loc[shared, "observed"].fillna(0)).all()
    # the months the block sums are the code's history
    months = signals.baseline_months(dt.date(2016, 9, 1))
    assert (min(months), max(months)) == (dt.date(2013, 6, 1), dt.date(2016, 5, 1))
    assert float(res.fits.relative.iloc[0]) == pytest.approx(table.relative.iloc[0])
