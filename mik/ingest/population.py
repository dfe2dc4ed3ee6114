"""Population: CBS Kerncijfers wijken en buurten (e.g. 85984NED) and plain CSV.

Accepted:

* CBS kerncijfers as typed CSV or OData JSON (``{"value": [...]}``): ``WijkenEnBuurten`` (or
  ``Codering_3``) and ``AantalInwoners_5``; other kerncijfers a buurt profile needs (density, age
  groups, households, WOZ, income, area) are kept in ``area_context``. The suffix numbers change
  per vintage, so columns are matched on their name before the suffix.
* a JSON object keyed by region code: ``{"GM0935": {"AantalInwoners_5": 125285, ...}}``;
* plain CSV: an area code column (``code``, ``area_code``, ``regiocode``, ``nhood_id``) and an
  inhabitants column (``inhabitants``, ``inwoners``, ``population``, ``aantal_inwoners``), with a
  ``date``/``datum`` column or the date given by ``--year`` (1 January of that year).

The year of a CBS kerncijfers table is known from its id (85984NED = 1 January 2024) or --year.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
    read_text,
    records,
)
from mik.plan.codes import belongs_to

KWB_TABLES = {"85984NED": 2024, "85618NED": 2023, "86165NED": 2025, "85318NED": 2022, "85039NED": 2021}
CONTEXT_KEYS = {
    "Bevolkingsdichtheid": ("bevolkingsdichtheid", "inw/km2"),
    "Mannen": ("mannen", "aantal"),
    "Vrouwen": ("vrouwen", "aantal"),
    "k_0Tot15Jaar": ("leeftijd_0_15", "aantal"),
    "k_15Tot25Jaar": ("leeftijd_15_25", "aantal"),
    "k_25Tot45Jaar": ("leeftijd_25_45", "aantal"),
    "k_45Tot65Jaar": ("leeftijd_45_65", "aantal"),
    "k_65JaarOfOuder": ("leeftijd_65_plus", "aantal"),
    "HuishoudensTotaal": ("huishoudens", "aantal"),
    "Woningvoorraad": ("woningvoorraad", "aantal"),
    "GemiddeldeWOZWaardeVanWoningen": ("woz_gemiddeld", "x 1000 euro"),
    "GemiddeldInkomenPerInwoner": ("inkomen_per_inwoner", "x 1000 euro"),
    "OppervlakteTotaal": ("oppervlakte_totaal", "ha"),
    "OppervlakteLand": ("oppervlakte_land", "ha"),
}


def _base(key: str) -> str:
    return re.sub(r"_\d+$", "", key)


def _year(path: Path, year: int | None) -> int:
    if year:
        return check_year(path, year, None, "--year")
    for table, y in KWB_TABLES.items():
        if table.lower() in path.name.lower():
            return y
    raise IngestError(path, "population date unknown: give --year (1 January of that year is used)")


def _known(path: Path, code: str, row: int, field: str, areas: set[str] | None, gemeente: str | None) -> bool:
    """Whether to keep a figure: gemeenten always; the installation's wijken and buurten only when
    their boundaries are loaded (else refused: a typo or a wrong file); other gemeenten's wijken
    and buurten are left out (a national kerncijfers file holds them all)."""
    if areas is None or code.startswith("GM"):
        return True
    if gemeente and not belongs_to(code, gemeente):
        return False
    if code not in areas:
        raise IngestError(path, f"{code} matches no loaded boundary; import the boundaries first", row=row, field=field)
    return True


def _rows_to_batch(
    path: Path,
    records: list[tuple[int, dict]],
    year: int,
    code_keys,
    source: str,
    areas: set[str] | None = None,
    gemeente: str | None = None,
) -> Batch:
    pop, context = [], []
    for row, rec in records:
        code_key = next((k for k in code_keys if k in rec), None)
        if code_key is None:
            raise IngestError(path, "missing area code", row=row, field=code_keys[0])
        raw_code = str(rec[code_key]).strip()
        if raw_code.upper().startswith("NL"):
            continue
        code = check_area_code(path, raw_code, row, code_key)
        if not _known(path, code, row, code_key, areas, gemeente):
            continue
        by_base = {_base(k): (k, v) for k, v in rec.items()}
        if "AantalInwoners" not in by_base:
            raise IngestError(path, "missing inhabitants", row=row, field="AantalInwoners_5")
        key, value = by_base["AantalInwoners"]
        n = parse_count(path, str(value) if value is not None else "", row, key)
        if n is not None:
            pop.append({"area_code": code, "date": dt.date(year, 1, 1), "inhabitants": n, "source": source})
        for base, (ctx_key, unit) in CONTEXT_KEYS.items():
            if base in by_base and by_base[base][1] not in (None, ""):
                v = parse_decimal(path, str(by_base[base][1]), row, by_base[base][0])
                if v is not None:
                    context.append(
                        {"area_code": code, "year": year, "key": ctx_key, "value": v, "unit": unit, "source": source}
                    )
    if not pop:
        raise IngestError(path, "no population figures found")
    return Batch(
        kind="population",
        file=path,
        source=source,
        source_table=source.split()[-1],
        tables={"population": pd.DataFrame(pop), "area_context": pd.DataFrame(context)},
        period_start=dt.date(year, 1, 1),
        period_end=dt.date(year, 1, 1),
    )


def read_population(
    path: Path, year: int | None = None, areas: set[str] | None = None, gemeente: str | None = None
) -> Batch:
    """Population figures (see module docstring). With ``areas`` (the loaded area codes) and
    ``gemeente``, a wijk or buurt of the gemeente without boundaries is refused and other
    gemeenten's wijken and buurten are left out."""
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    table = next((t for t in KWB_TABLES if t.lower() in path.name.lower()), None)
    source = f"CBS Kerncijfers wijken en buurten {table}" if table else "bevolking (CSV)"
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(read_text(path))
        except json.JSONDecodeError as exc:
            raise IngestError(path, f"not valid JSON ({exc.msg})", row=exc.lineno) from None
        y = _year(path, year)
        if isinstance(data, dict) and "value" in data:
            rows_in = list(enumerate(data["value"], start=1))
        elif isinstance(data, dict):
            rows_in = [(i, {"code": k, **v}) for i, (k, v) in enumerate(data.items(), start=1)]
        else:
            raise IngestError(path, "expected an OData object with 'value' or an object keyed by region code")
        return _rows_to_batch(path, rows_in, y, ("WijkenEnBuurten", "Codering_3", "code"), source, areas, gemeente)
    df, _ = read_table(
        path,
        [
            ("code", "area_code", "regiocode", "nhood_id", "WijkenEnBuurten", "Codering_3"),
            ("inhabitants", "inwoners", "population", "aantal_inwoners", "AantalInwoners_5"),
        ],
    )
    dates = next((c for c in ("date", "datum", "peildatum") if c in df.columns), None)
    rows = []
    for row, r in records(df):
        if r["code"].strip().upper().startswith("NL"):
            continue
        code = check_area_code(path, r["code"], row, "code")
        if not _known(path, code, row, "code", areas, gemeente):
            continue
        n = parse_count(path, r["inhabitants"], row, "inhabitants")
        if dates:
            try:
                date = dt.date.fromisoformat(r[dates].strip())
            except ValueError:
                raise IngestError(
                    path, f"date {r[dates]!r} not understood (YYYY-MM-DD)", row=row, field=dates
                ) from None
            check_year(path, date.year, row, dates)
        else:
            date = dt.date(_year(path, year), 1, 1)
        if n is not None:
            rows.append({"area_code": code, "date": date, "inhabitants": n, "source": source, "_line": row})
    if not rows:
        raise IngestError(path, "no population figures found (no rows, or every count empty)")
    out = pd.DataFrame(rows)
    dup = out.duplicated(["area_code", "date"])
    if dup.any():
        first = out[dup].iloc[0]
        raise IngestError(
            path, f"duplicate row for {first.area_code} on {first.date}", row=int(first._line), field="code"
        )
    out = out.drop(columns="_line")
    return Batch(
        kind="population",
        file=path,
        source=source,
        source_table=table,
        tables={"population": out},
        period_start=out.date.min(),
        period_end=out.date.max(),
    )
