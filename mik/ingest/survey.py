"""Survey results (Veiligheidsmonitor, buurtpeiling) as CSV.

Columns (``;`` or ``,``, decimal comma or point): ``indicator`` (an indicator id of config.toml),
``area_code`` (GM/WK/BU code), ``year``, ``value`` and optional ``lower``, ``upper`` (the 95%
interval), ``n`` (respondents) and ``source`` (e.g. "Veiligheidsmonitor 2015", "buurtpeiling").
For CBS 85146NED-style files, ``MW00000`` is the value and ``MOG0095`` / ``MBG0095`` the bounds:
give them as value / lower / upper.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mik.ingest.common import (
    Batch,
    IngestError,
    check_area_code,
    check_year,
    parse_count,
    parse_decimal,
    read_table,
    records,
    year_span,
)
from mik.plan.config import Config


def read_survey(path: Path, cfg: Config) -> Batch:
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    df, _ = read_table(
        path,
        [
            ("indicator", "indicator_id"),
            ("area_code", "code", "regiocode"),
            ("year", "jaar"),
            ("value", "waarde", "MW00000"),
        ],
    )
    survey_ids = {i.id for i in cfg.indicators if i.source == "survey"}
    rows, seen = [], {}
    for line, r in records(df):
        ind = r["indicator"].strip()
        if ind not in survey_ids:
            raise IngestError(
                path,
                f"unknown survey indicator {ind!r}; known: {', '.join(sorted(survey_ids))}",
                row=line,
                field="indicator",
            )
        code = check_area_code(path, r["area_code"], line, "area_code")
        year = check_year(path, r["year"], line, "year")
        value = parse_decimal(path, r["value"], line, "value")
        if value is None:
            continue
        lower = parse_decimal(path, r.get("lower", r.get("MOG0095", "")), line, "lower")
        upper = parse_decimal(path, r.get("upper", r.get("MBG0095", "")), line, "upper")
        if lower is not None and upper is not None and not lower <= value <= upper:
            raise IngestError(path, f"value {value} lies outside its interval {lower}-{upper}", row=line, field="value")
        source = (r.get("source") or "Veiligheidsmonitor").strip()
        key = (ind, code, year, source)
        if key in seen:
            raise IngestError(path, f"duplicate row (also row {seen[key]})", row=line, field="indicator")
        seen[key] = line
        n = parse_count(path, r.get("n", ""), line, "n")
        rows.append(
            {
                "indicator_id": ind,
                "area_code": code,
                "year": year,
                "value": value,
                "lower": lower,
                "upper": upper,
                "n": n,
                "source": source,
            }
        )
    out = pd.DataFrame(rows)
    if out.empty:
        raise IngestError(path, "no survey values")
    return Batch(
        kind="survey",
        file=path,
        source="survey (CSV)",
        tables={"survey_results": out},
        period_start=year_span(out.year)[0],
        period_end=year_span(out.year)[1],
    )
