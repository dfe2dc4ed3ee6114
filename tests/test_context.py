"""Comparisons in context: extra denominators (import, rates per 1,000 inhabitants and visitors),
ranks as ranges, the verdict against the G32/G40 average, similar municipalities."""

import duckdb
import pandas as pd
import pytest

from mik.data import queries
from mik.figures import comparisons, stats
from mik.ingest import IngestError
from mik.ingest.run import run_import
from mik.plan.periods import parse_period
from mik.privacy.access import FULL
from mik.views import maps
from tests.test_ingest import digest, write

HEADER = "gebied;jaar;reeks;waarde\n"


def test_denominators_import_and_bad_rows_leave_the_database_as_it_was(db, tmp_path):
    good = HEADER + "GM0935;2015;overnachtingen;1350000\nBU09359901;2015;overnachtingen;420000\n"
    res = run_import(db, "denominators", write(tmp_path, "noemers.csv", good))
    assert res.applied and res.rows == 2
    before = digest(db)
    for text, row, field, words in [
        (HEADER + "GM0935;2015;hotelbedden;10\n", 2, "reeks", "unknown series 'hotelbedden'"),
        (HEADER + "GM0935;2015;overnachtingen;-3\n", 2, "waarde", "0 or more"),
        (
            HEADER + "GM0935;2015;overnachtingen;1\nBU09351234;2015;overnachtingen;1\n",
            3,
            "gebied",
            "no loaded boundary",
        ),
        (HEADER + "GM0935;2015;overnachtingen;1\nGM0935;2015;overnachtingen;2\n", 3, "gebied", "duplicate"),
        (HEADER + "GM0935;twintig;overnachtingen;1\n", 2, "jaar", "not a year"),
    ]:
        with pytest.raises(IngestError) as err:
            run_import(db, "denominators", write(tmp_path, "fout.csv", text))
        message = str(err.value)
        assert "fout.csv" in message and f"row {row}" in message and field in message and words in message
        assert digest(db) == before


def test_visitor_rates_keep_the_count_and_grow_the_denominator(con, cfg):
    period = parse_period("2015")
    plain, _ = maps.value_frame(con, cfg, "gemeente", period, "hic", gemeente=cfg.gemeente_code, access=FULL)
    adjusted, _ = maps.value_frame(
        con, cfg, "gemeente", period, "hic", gemeente=cfg.gemeente_code, visitors=True, access=FULL
    )
    row = adjusted.set_index("area_code").loc[cfg.gemeente_code]
    weights = {d.id: d.weight for d in cfg.denominators}
    stored = con.execute(
        "SELECT series, value FROM denominators WHERE area_code = ? AND year = 2015", [cfg.gemeente_code]
    ).fetchall()
    visitors = sum(weights[s] * v for s, v in stored)
    assert row.visitors == pytest.approx(visitors) and visitors > 0
    assert row.value == pytest.approx(row["count"] / (row.population + visitors) * 1000)
    assert row.value < plain.set_index("area_code").loc[cfg.gemeente_code, "value"]
    # buurten: only the series loaded per buurt, and the map's values follow
    layer = maps.choropleth(con, cfg, "buurt", period, "hic", gemeente=cfg.gemeente_code, visitors=True, access=FULL)
    assert layer.frame.value.notna().sum() == 45


def test_peer_comparison_with_visitors_and_rank_ranges(con, cfg):
    plain = comparisons.peer_comparison(con, cfg, "hic", 2015, access=FULL).set_index("gemeente_code")
    vis = comparisons.peer_comparison(con, cfg, "hic", 2015, visitors=True, access=FULL).set_index("gemeente_code")
    city = cfg.gemeente_code
    # the count is the same, the denominator holds inhabitants and visitors
    assert vis.loc[city, "value"] * vis.loc[city, "population"] == pytest.approx(
        plain.loc[city, "value"] * plain.loc[city, "population"]
    )
    towns = plain[plain.kind == "gemeente"]
    best, worst = stats.rank_ranges(towns.value, towns.lower, towns.upper)
    assert list(towns.rank_best) == list(best) and list(towns.rank_worst) == list(worst)
    assert (towns.rank_best <= towns["rank"]).all() and (towns["rank"] <= towns.rank_worst).all()
    assert set(towns.interval) == {"poisson"} and (towns.lower < towns.value).all()
    mean = plain.loc["g32:mean", "value"]
    for code, r in towns.iterrows():
        expected = "vs_worse" if r.lower > mean else "vs_better" if r.upper < mean else "vs_same"
        assert r.vs_group == expected, code
    survey = comparisons.peer_comparison(con, cfg, "onveilig_buurt", 2015, access=FULL)
    towns = survey[survey.kind == "gemeente"]
    assert set(towns.interval) == {"survey"}
    assert any("–" in r for r in towns.rank_range)  # overlapping survey intervals: ranks as ranges


def test_context_and_similar_municipalities(con, cfg):
    codes = [cfg.gemeente_code, *(c for c, _ in cfg.references)]
    ctx = comparisons.context_table(con, cfg, 2016, codes, access=FULL)  # 2016 has no peer figures: 2015 is used
    assert list(ctx.gemeente_code[:-1]) == codes and ctx.kind.iloc[-1] == "gemiddelde"
    city = ctx.iloc[0]
    nights = con.execute(
        "SELECT value FROM denominators WHERE area_code = ? AND year = 2015 AND series = 'overnachtingen'",
        [cfg.gemeente_code],
    ).fetchone()[0]
    assert city.overnachtingen_per_1000 == pytest.approx(nights / city.population * 1000)
    assert city.visitors_per_1000 > ctx.visitors_per_1000.iloc[1:].max()  # the demo city is the tourist city
    similar = comparisons.similar_gemeenten(con, cfg, 2015, access=FULL)
    assert len(similar) == 6 and cfg.gemeente_code not in set(similar.gemeente_code)
    assert similar.distance.is_monotonic_increasing and "size" in similar.features.iloc[0]


def test_no_denominators_no_visitor_option(tiny, tiny_cfg):
    assert queries.denominator_series(tiny).empty
    assert (
        comparisons.context_table(tiny, tiny_cfg, 2015, ["GM0001"], "peers", access=FULL).visitors_per_1000.isna().all()
    )
    df = pd.DataFrame({"area_code": ["X"], "count": [10], "population": [1000]})
    out = maps.with_visitors(tiny, tiny_cfg, df, "buurt", 2015)
    assert pd.isna(out.value.iloc[0])  # no series loaded: no visitor rate, never the plain rate under its name


def test_demo_denominators_are_in_the_lineage(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as c:
        kinds = {r[0] for r in c.execute("SELECT kind FROM lineage WHERE synthetic").fetchall()}
    assert {"denominators", "registration_points"} <= kinds
