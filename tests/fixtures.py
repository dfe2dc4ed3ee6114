"""A tiny hand-made database whose every figure can be computed by hand.

Gemeente GM0001 with one wijk WK000101 and three buurten:
- BU00010101: 1,000 inhabitants (2015, 2016). Category A: 2 a month in January-June and 4 a month
  in July-December, every year 2013-2016 (so 36 a year and January-September is 24, a share of
  2/3); the running month October 2016 has 1 so far.
- BU00010102: 500 inhabitants in 2015 only (2016 missing: the nearest year is used). Category B:
  1 a month in 2015 only.
- BU00010103: 0 inhabitants (an industrial estate): no rate. Category A: 3 in March 2015.
Aandachtsgebied AG01 = BU00010102. Data 'stand per' 14 October 2016.
Survey indicator svy for GM0001: 2015 8.8 (7.9-9.7), 2016 6.5 (6.0-7.0).
Peer figures for svy in 2015: GM0002 10 (100 inh.), GM0003 20 (300 inh.).
"""

from __future__ import annotations

import datetime as dt

from mik.data.store import connect, transaction
from mik.plan.config import parse_config

STAND = dt.date(2016, 10, 14)

CONFIG = {
    "plan": {"name_nl": "Testplan", "name_en": "Test plan"},
    "gemeente": {"code": "GM0001", "name": "Teststad"},
    "themes": [{"id": "t", "kind": "prioriteit", "name_nl": "Thema", "name_en": "Theme"}],
    "indicators": [
        {
            "id": "pol",
            "theme": "t",
            "name_nl": "A per 1.000",
            "name_en": "A per 1,000",
            "source": "police",
            "unit": "per_1000",
            "direction": "lower",
            "categories": ["A"],
        },
        {
            "id": "both",
            "theme": "t",
            "name_nl": "A+B",
            "name_en": "A+B",
            "source": "police",
            "unit": "per_1000",
            "direction": "lower",
            "categories": ["A", "B"],
        },
        {
            "id": "svy",
            "theme": "t",
            "name_nl": "% overlast",
            "name_en": "% nuisance",
            "source": "survey",
            "unit": "percent",
            "direction": "lower",
            "question_nl": "q",
        },
        {
            "id": "score",
            "theme": "t",
            "name_nl": "Rapportcijfer",
            "name_en": "Score",
            "source": "survey",
            "unit": "score",
            "direction": "higher",
            "question_nl": "q",
            "peer_statistic": "weighted",
        },
    ],
    "targets": [
        {"indicator": "pol", "year": 2015, "kind": "UP", "comparator": "<=", "threshold": 36.0, "where": "t"},
        {"indicator": "pol", "year": 2016, "kind": "UP", "comparator": "<=", "threshold": 40.0, "where": "t"},
        {"indicator": "svy", "year": 2015, "kind": "UP", "comparator": "<", "threshold": 8.0, "where": "t"},
        {"indicator": "svy", "year": 2016, "kind": "UP", "comparator": "<=", "threshold": 7.5, "where": "t"},
        {"indicator": "svy", "year": 2018, "kind": "MJP", "comparator": "<=", "threshold_peer": "peers", "where": "t"},
        {
            "indicator": "score",
            "year": 2015,
            "kind": "MJP",
            "comparator": ">=",
            "threshold_peer": "peers",
            "where": "t",
        },
    ],
    "comparison": {
        "peer_groups": [
            {"id": "peers", "name_nl": "Peers", "name_en": "Peers", "members": ["GM0001", "GM0002", "GM0003"]}
        ],
        "references": {"GM0002": "Tweede", "GM0003": "Derde"},
    },
}


def tiny_config():
    return parse_config(CONFIG)


def _months(year_from: int, year_to: int):
    for y in range(year_from, year_to + 1):
        for m in range(1, 13):
            yield dt.date(y, m, 1)


def build_tiny(path) -> None:
    con = connect(path)
    with transaction(con):
        con.executemany(
            "INSERT INTO areas VALUES (?, ?, ?, ?, 'GM0001', 2016, NULL, NULL)",
            [
                ("GM0001", "Teststad", "gemeente", None),
                ("WK000101", "Wijk 01", "wijk", "GM0001"),
                ("BU00010101", "Noord", "buurt", "WK000101"),
                ("BU00010102", "Zuid", "buurt", "WK000101"),
                ("BU00010103", "Bedrijventerrein", "buurt", "WK000101"),
            ],
        )
        con.executemany(
            "INSERT INTO population VALUES (?, ?, ?, 'test')",
            [
                ("BU00010101", dt.date(2015, 1, 1), 1000),
                ("BU00010101", dt.date(2016, 1, 1), 1000),
                ("BU00010102", dt.date(2015, 1, 1), 500),
                ("BU00010103", dt.date(2015, 1, 1), 0),
                ("BU00010103", dt.date(2016, 1, 1), 0),
            ],
        )
        con.executemany(
            "INSERT INTO categories VALUES (?, ?, ?, 'misdrijf', ?, ?)",
            [
                ("M", "Hoofd", "Main", None, True),
                ("A", "Soort A", "Type A", "M", False),
                ("B", "Soort B", "Type B", "M", False),
            ],
        )
        rows = []
        for m in _months(2013, 2016):
            if m > dt.date(2016, 10, 1):
                break
            n = 1 if m == dt.date(2016, 10, 1) else (2 if m.month <= 6 else 4)
            rows.append((m, "BU00010101", "A", n))
        rows += [(m, "BU00010102", "B", 1) for m in _months(2015, 2015)]
        rows.append((dt.date(2015, 3, 1), "BU00010103", "A", 3))
        con.executemany(
            "INSERT INTO registrations (month, area_code, category_code, count, boundary_year, source) "
            "VALUES (?, ?, ?, ?, 2016, 'test')",
            rows,
        )
        con.execute("INSERT INTO attention_areas VALUES ('AG01', 'Aandachtsgebied Zuid', NULL)")
        con.execute("INSERT INTO attention_area_members VALUES ('AG01', 'BU00010102')")
        con.executemany(
            "INSERT INTO survey_results VALUES (?, 'GM0001', ?, ?, ?, ?, 1000, 'test')",
            [
                ("svy", 2015, 8.8, 7.9, 9.7),
                ("svy", 2016, 6.5, 6.0, 7.0),
            ],
        )
        con.executemany(
            "INSERT INTO peer_figures VALUES (?, ?, 2015, ?, ?, NULL, NULL, ?, 'test')",
            [
                ("GM0002", "Tweede", "svy", 10.0, 100),
                ("GM0003", "Derde", "svy", 20.0, 300),
                ("GM0002", "Tweede", "score", 6.0, 100),
                ("GM0003", "Derde", "score", 7.0, 300),
            ],
        )
        con.execute(
            "INSERT INTO lineage (loaded_at, kind, source, period_start, period_end, rows) "
            "VALUES (TIMESTAMP '2016-10-15 06:00', 'registrations', 'test', DATE '2013-01-01', ?, ?)",
            [STAND, len(rows)],
        )
    con.close()
