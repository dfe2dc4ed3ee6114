"""Peer figures: gemeente-level numbers for the comparison set.

* StatLine CSV of 47013NED (registered crimes per gemeente): stored as measure ``0.0.0`` (or the
  category named in the file's "Soort misdrijf:" line), value = count;
* StatLine CSV of 37230ned (population at the end of the year): the population column of every
  gemeente's rows; the end of year Y is 1 January of Y+1;
* plain CSV: ``gemeente_code;year;measure;value`` with optional ``lower``, ``upper``,
  ``population``, ``gemeente_name`` (survey indicators of the peers, per 1,000 figures, …).

Rows for gemeenten outside the comparison set are kept too (they cost nothing and show in tables).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd

from mik.data import queries
from mik.ingest.common import (
    Batch,
    IngestError,
    check_area_code,
    check_year,
    parse_decimal,
    read_table,
    read_text,
    records,
    year_span,
)
from mik.ingest.statline import gemeente_codes, normalise_name, read_statline

CATEGORY_BY_SUBJECT = {"totaal misdrijven": "0.0.0"}


def _codes(path: Path, table) -> tuple[pd.DataFrame, list[str]]:
    """Regions matched to CBS codes; regions outside the comparison set (data/gemeenten.csv) are
    left out and named in the returned list."""
    codes = gemeente_codes()
    df = table.frame.copy()
    df = df[~df.region.str.lower().isin(["nederland"])]
    df["gemeente_code"] = [codes.get(normalise_name(r)) for r in df.region]
    unknown = sorted(df[df.gemeente_code.isna()].region.unique())
    df = df.dropna(subset=["gemeente_code"])
    if df.empty:
        raise IngestError(path, "no gemeente of the comparison set (data/gemeenten.csv) in the file", field="Regio's")
    return df, unknown


def read_peers(con, path: Path, known: set[str] | None = None) -> Batch:
    """Peer figures (see module docstring). ``known``: the gemeente codes a plain CSV may name
    (the comparison set and the installation's gemeente); other codes are refused."""
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    lines = read_text(path).splitlines()
    first = next(csv.reader([lines[0]], delimiter=";")) if lines else []
    if len(first) == 1 and lines[0].startswith('"'):  # StatLine downloads start with a quoted title line
        table = read_statline(path)
        df, outside = _codes(path, table)
        notes = (
            [f"{len(outside)} regions outside the comparison set left out ({', '.join(outside[:5])}…)"]
            if outside
            else []
        )
        if "bevolking" in table.title.lower():
            batch = _population(con, path, df)
            batch.notes.extend(notes)
            return batch
        existing = queries.peer_population_pairs(con)
        subject = table.subject_filter.split(":", 1)[-1].strip().lower()
        measure = CATEGORY_BY_SUBJECT.get(subject, subject or "0.0.0")
        out = pd.DataFrame(
            {
                "gemeente_code": df.gemeente_code,
                "gemeente_name": df.region.str.replace(r" \(gemeente\)$", "", regex=True),
                "year": df.year,
                "measure": measure,
                "value": df.value,
                "population": [existing.get(f"{c}|{y}") for c, y in zip(df.gemeente_code, df.year, strict=True)],
                "source": f"Politie/CBS 47013NED ({table.title})",
            }
        )
        out = out.dropna(subset=["value"])
        return Batch(
            kind="peers",
            file=path,
            source="Politie/CBS 47013NED",
            source_table="47013NED",
            tables={"peer_figures": out},
            period_start=year_span(out.year)[0],
            period_end=year_span(out.year)[1],
            notes=notes,
        )
    df, _ = read_table(path, [("gemeente_code", "code"), ("year", "jaar"), ("measure", "maat"), ("value", "waarde")])
    rows = []
    for line, r in records(df):
        code = check_area_code(path, r["gemeente_code"], line, "gemeente_code")
        if not code.startswith("GM") or (known is not None and code not in known):
            raise IngestError(
                path, f"{code} is not a gemeente of the comparison set (config.toml)", row=line, field="gemeente_code"
            )
        year = check_year(path, r["year"], line, "year")
        rows.append(
            {
                "gemeente_code": code,
                "gemeente_name": (r.get("gemeente_name") or code).strip(),
                "year": year,
                "measure": r["measure"].strip(),
                "value": parse_decimal(path, r["value"], line, "value"),
                "lower": parse_decimal(path, r.get("lower", ""), line, "lower"),
                "upper": parse_decimal(path, r.get("upper", ""), line, "upper"),
                "population": parse_decimal(path, r.get("population", ""), line, "population"),
                "source": (r.get("source") or "peers (CSV)").strip(),
            }
        )
    out = pd.DataFrame(rows)
    if out.empty or out.value.isna().all():
        raise IngestError(path, "no peer figures in the file (no rows, or every value empty)")
    return Batch(
        kind="peers",
        file=path,
        source="peers (CSV)",
        tables={"peer_figures": out},
        period_start=year_span(out.year)[0],
        period_end=year_span(out.year)[1],
    )


def _population(con, path: Path, df: pd.DataFrame) -> Batch:
    """37230ned: population at the end of year Y = 1 January Y+1; fills ``population`` of the
    peer rows and stores the gemeente population for the configured city too."""
    df = df.dropna(subset=["value"]).assign(jan1=lambda d: d.year + 1)
    updates = queries.peer_rows(con)
    pop = dict(zip(zip(df.gemeente_code, df.jan1, strict=True), df.value, strict=True))
    updates["population"] = [pop.get((c, y)) for c, y in zip(updates.gemeente_code, updates.year, strict=True)]
    updates = updates.dropna(subset=["population"])
    population = pd.DataFrame(
        {
            "area_code": df.gemeente_code,
            "date": [dt.date(int(y), 1, 1) for y in df.jan1],
            "inhabitants": df.value.astype(int),
            "source": "CBS 37230ned (bevolking einde jaar)",
        }
    )
    return Batch(
        kind="peers",
        file=path,
        source="CBS 37230ned",
        source_table="37230ned",
        tables={"peer_figures": updates, "population": population},
        period_start=dt.date(int(df.jan1.min()), 1, 1),
        period_end=dt.date(int(df.jan1.max()), 1, 1),
        notes=["bevolking einde jaar Y opgeslagen als 1 januari Y+1"],
    )
