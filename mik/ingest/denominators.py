"""Extra denominators: named series per area and year (overnight stays of tourists, students, jobs,
day visits), for rates "per 1.000 inwoners en bezoekers".

Plain CSV (``;`` or ``,``), one row per area, year and series::

    gebied;jaar;reeks;waarde
    GM0935;2015;overnachtingen;1350000
    BU09350000;2015;overnachtingen;420000

``gebied`` a CBS code (a gemeente, also a reference municipality, or a loaded wijk or buurt);
``reeks`` a series configured in config.toml ``[[denominators]]`` (its weight turns the value into
person-years present); ``waarde`` a number of 0 or more (decimal comma or point). Optional ``bron``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mik.ingest.common import (
    Batch,
    IngestError,
    check_area_code,
    check_year,
    parse_decimal,
    read_table,
    records,
    year_span,
)
from mik.plan.config import Config

SOURCE = "extra noemers (CSV)"


def read_denominators(path: Path, cfg: Config, areas: set[str]) -> Batch:
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    df, _ = read_table(
        path,
        [("gebied", "area_code", "code"), ("jaar", "year"), ("reeks", "series"), ("waarde", "value")],
    )
    configured = {d.id for d in cfg.denominators}
    rows, seen = [], {}
    for row, r in records(df):
        code = check_area_code(path, r["gebied"], row, "gebied")
        if not code.startswith("GM") and code not in areas:
            raise IngestError(
                path, f"{code} matches no loaded boundary; import the boundaries first", row=row, field="gebied"
            )
        year = check_year(path, r["jaar"], row, "jaar")
        series = (r["reeks"] or "").strip()
        if series not in configured:
            raise IngestError(
                path,
                f"unknown series {series!r}; configured in config.toml [[denominators]]: "
                f"{', '.join(sorted(configured)) or 'none'}",
                row=row,
                field="reeks",
            )
        value = parse_decimal(path, r["waarde"], row, "waarde")
        if value is None or value < 0:
            raise IngestError(path, f"value {r['waarde']!r}: a number of 0 or more is needed", row=row, field="waarde")
        key = (code, year, series)
        if key in seen:
            raise IngestError(
                path, f"duplicate row for {code}, {year}, {series} (also row {seen[key]})", row=row, field="gebied"
            )
        seen[key] = row
        source = (r.get("bron") or "").strip() or SOURCE
        rows.append({"area_code": code, "year": year, "series": series, "value": value, "source": source})
    if not rows:
        raise IngestError(path, "no rows")
    out = pd.DataFrame(rows)
    start, end = year_span(out.year)
    return Batch(
        kind="denominators",
        file=path,
        source=SOURCE,
        tables={"denominators": out},
        period_start=start,
        period_end=end,
    )
