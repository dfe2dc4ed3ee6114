"""Police registrations: CBS/Politie open data and the documented monthly police export.

CBS/Politie tables (47018NED per buurt per year, 47022NED per buurt per month), as typed CSV
(cbsodataR / cbsodata: ``SoortMisdrijf``, ``WijkenEnBuurten``, ``Perioden``,
``GeregistreerdeMisdrijven_1``, optional ``*_label`` columns) or OData JSON (``{"value": [...]}``):

* keys padded with spaces are trimmed (``"0.0.0 "``, ``"GM0935    "``);
* ``Perioden`` ``2023JJ00`` is a yearly figure (stored with ``months = 12``: it counts for the year,
  never for one of its months), ``2023MM03`` a month;
* an empty cell means "not published" (suppressed), never zero: the row is left out and counted
  in the lineage note;
* categories keep their source codes (``0.0.0`` Totaal misdrijven); codes new to the database are
  added with the file's labels;
* buurt rows become registrations; wijk and gemeente rows are left out (MIK sums buurten) and the
  gemeente row is stored as the city's own published total in ``peer_figures``.

Monthly police export (documented CSV, ``;`` or ``,``), one row per month, place and category:

    maand;buurtcode;straat;x;y;categorie;aantal
    2016-09;BU09350000;;;;1.1.1;4
    2016-09;;Markt;176560;317930;1.2.3;2

``maand`` YYYY-MM; a place is a ``buurtcode``, or ``x``/``y`` (RD New metres, or WGS84 lon/lat)
assigned to the buurt that contains the point; ``straat`` is kept for street level. ``categorie``
must be a category already in the database.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import shapely

from mik.data import geometry, queries
from mik.ingest.common import (
    Batch,
    IngestError,
    cbs_period,
    check_area_code,
    check_month,
    clean_code,
    known_areas,
    nearest_boundary_year,
    other_gemeente,
    parse_count,
    read_table,
    read_text,
    records,
    shipped_categories,
)
from mik.plan.codes import belongs_to, gemeente_of
from mik.plan.periods import add_months


def _cbs_records(path: Path) -> list[tuple[int, dict]]:
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(read_text(path))
        except json.JSONDecodeError as exc:
            raise IngestError(path, f"not valid JSON ({exc.msg})", row=exc.lineno) from None
        if not isinstance(data, dict) or "value" not in data:
            raise IngestError(path, "expected an OData response with a 'value' list")
        return list(enumerate(data["value"], start=1))
    df, _ = read_table(
        path,
        [
            ("SoortMisdrijf",),
            ("WijkenEnBuurten", "RegioS"),
            ("Perioden",),
            ("GeregistreerdeMisdrijven_1", "GeregistreerdeMisdrijven"),
        ],
    )
    return list(records(df))


def read_cbs_crime(con, path: Path, gemeente: str, year: int | None = None) -> Batch:
    """Registrations from a CBS/Politie crime table (see module docstring)."""
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    areas = known_areas(con)
    table = next((t for t in ("47018NED", "47022NED", "47013NED") if t.lower() in path.name.lower()), None)
    source = f"Politie/CBS {table}" if table else "Politie/CBS"
    regs, peers, cats = [], [], {}
    seen: dict[tuple, int] = {}
    suppressed = 0
    flagged_years: set[int] = set()
    others: list[str] = []
    first_rows: dict[int, tuple[int, str]] = {}  # a year's first monthly row, for a refusal
    for row, rec in _cbs_records(path):
        cat = clean_code(str(rec.get("SoortMisdrijf", "")))
        region_field = "WijkenEnBuurten" if "WijkenEnBuurten" in rec else "RegioS"
        region = clean_code(str(rec.get(region_field, "")))
        if not cat:
            raise IngestError(path, "empty category", row=row, field="SoortMisdrijf")
        if region.startswith("NL") or not region:
            continue
        code = check_area_code(path, region, row, region_field)
        if not belongs_to(code, gemeente):
            others.append(gemeente_of(code))
            continue
        month, months = cbs_period(path, str(rec.get("Perioden", "")), row)
        count_field = (
            "GeregistreerdeMisdrijven_1" if "GeregistreerdeMisdrijven_1" in rec else "GeregistreerdeMisdrijven"
        )
        raw = rec.get(count_field)
        count = parse_count(path, "" if raw is None else str(raw), row, count_field)
        label = str(rec.get("SoortMisdrijf_label") or rec.get("SoortMisdrijf_Title") or cat).strip()
        cats.setdefault(cat, label.removeprefix(cat).strip() or label)
        if count is None:
            suppressed += 1
            continue
        key = (month, months, code, cat)
        if key in seen:
            raise IngestError(
                path,
                f"duplicate row for {code}, {cat}, {month:%Y-%m} (also row {seen[key]})",
                row=row,
                field=region_field,
            )
        seen[key] = row
        if code.startswith("GM"):
            if months == 12:
                peers.append(
                    {
                        "gemeente_code": code,
                        "gemeente_name": str(rec.get("WijkenEnBuurten_label") or code).strip(),
                        "year": month.year,
                        "measure": cat,
                        "value": float(count),
                        "source": source,
                    }
                )
            continue
        if not code.startswith("BU"):
            continue
        if code not in areas:
            raise IngestError(
                path, f"{code} matches no loaded boundary; import the boundaries first", row=row, field=region_field
            )
        by, flagged = nearest_boundary_year(areas[code], year or month.year)
        if flagged:
            flagged_years.add(by)
        if months == 1:
            first_rows.setdefault(month.year, (row, "Perioden"))
        regs.append(
            {
                "month": month,
                "area_code": code,
                "category_code": cat,
                "street": None,
                "count": count,
                "boundary_year": by,
                "source": source,
                "months": months,
            }
        )
    if not regs and not peers:
        raise other_gemeente(path, gemeente, others, "rows")
    notes = []
    if suppressed:
        notes.append(f"{suppressed} cells not published (empty), left out, not counted as zero")
    if flagged_years:
        notes.append(f"boundaries of {', '.join(map(str, sorted(flagged_years)))} used (nearest loaded year)")
    reg, removals, once = count_once(con, path, pd.DataFrame(regs), gemeente, first_rows)
    notes.extend(once)
    categories = pd.DataFrame(
        [
            {
                "code": c,
                "name_nl": n,
                "name_en": n,
                "kind": "misdrijf",
                "main_code": None if c == "0.0.0" else "0.0.0",
                "is_main": c == "0.0.0",
            }
            for c, n in cats.items()
        ]
    )
    start = reg.month.min() if len(reg) else None
    end = (
        max(add_months(m, k) for m, k in zip(reg.month, reg.months, strict=True)) - dt.timedelta(days=1)
        if len(reg)
        else None
    )
    return Batch(
        kind="crime",
        file=path,
        source=source,
        source_table=table,
        tables={"categories": categories, "registrations": reg, "peer_figures": pd.DataFrame(peers)},
        period_start=start,
        period_end=end,
        notes=notes,
        removals=removals,
    )


def read_police_export(con, path: Path, gemeente: str) -> Batch:
    """Registrations from the documented monthly police export (see module docstring)."""
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    df, _ = read_table(path, [("maand", "month"), ("categorie", "category"), ("aantal", "count")])
    known_cats = set(queries.category_list(con).code)
    shipped = shipped_categories().set_index("code")
    new_cats: set[str] = set()
    areas = known_areas(con)
    geo = queries.area_geometries(con, "buurt")
    shapes = [geometry.from_wkb(b) for b in geo.geometry]
    tree = shapely.STRtree(shapes) if shapes else None
    rows, seen, points = [], {}, []
    first_rows: dict[int, tuple[int, str]] = {}
    for row, r in records(df):
        try:
            month = dt.date.fromisoformat(r["maand"].strip() + "-01")
        except ValueError:
            raise IngestError(path, f"month {r['maand']!r} not understood (YYYY-MM)", row=row, field="maand") from None
        check_month(path, month, row, "maand")
        cat = clean_code(r["categorie"])
        if cat not in known_cats and cat not in shipped.index:
            raise IngestError(
                path,
                f"unknown category {cat!r}: not in the database and not a CBS/Politie code of data/categories.csv",
                row=row,
                field="categorie",
            )
        if cat not in known_cats:
            new_cats.add(cat)
        count = parse_count(path, r["aantal"], row, "aantal", allow_empty=False)
        street = (r.get("straat") or "").strip() or None
        code = clean_code(r.get("buurtcode") or "")
        point = None
        if (r.get("x") or "").strip() and (r.get("y") or "").strip():
            point = _point(path, r, row)
        if code:
            code = check_area_code(path, code, row, "buurtcode")
        elif point is not None:
            code = _point_to_buurt(path, point, r, row, tree, geo)
        else:
            raise IngestError(path, "no place: give a buurtcode or x and y", row=row, field="buurtcode")
        if code not in areas:
            raise IngestError(path, f"{code} matches no loaded boundary", row=row, field="buurtcode")
        if not belongs_to(code, gemeente):
            raise IngestError(
                path,
                f"{code} is not in {gemeente} (this installation's gemeente); for another gemeente use "
                f"--gemeente {gemeente_of(code)} or set up its own config with python -m mik init",
                row=row,
                field="buurtcode",
            )
        first_rows.setdefault(month.year, (row, "maand"))
        key = (month, code, cat, street)
        if key in seen:
            raise IngestError(path, f"duplicate row (also row {seen[key]})", row=row, field="maand")
        seen[key] = row
        rows.append(
            {
                "month": month,
                "area_code": code,
                "category_code": cat,
                "street": street,
                "count": count,
                "boundary_year": max(areas[code]),
                "source": "politie (maandexport)",
                "months": 1,
            }
        )
        if point is not None:
            points.append((month, code, cat, street, point.x, point.y, count))
    if not rows:
        raise IngestError(path, "no rows")
    out = pd.DataFrame(rows)
    # several points in one buurt, street and month add up
    out = out.groupby(
        ["month", "area_code", "category_code", "street", "boundary_year", "source", "months"],
        dropna=False,
        as_index=False,
    )["count"].sum()
    last = out.month.max()
    start = out.month.min()
    out, removals, notes = count_once(con, path, out, gemeente, first_rows)
    removals.append(_export_months_replaced(con, out, gemeente, known_cats, notes))
    return Batch(
        kind="crime",
        file=path,
        source="politie (maandexport)",
        source_table="maandexport",
        tables={
            "categories": shipped.loc[sorted(new_cats)].reset_index(),
            "registrations": out,
            "registration_points": _points_frame(points),
        },
        period_start=start,
        period_end=add_months(last, 1) - dt.timedelta(days=1),
        notes=notes,
        removals=removals,
    )


def _export_months_replaced(con, out: pd.DataFrame, gemeente: str, known_cats: set[str], notes: list[str]) -> dict:
    """A police export holds every category of its months: a corrected export replaces all that the
    export loaded before for those months (a row the wrong file had and the right one lacks goes
    too), not only the rows it brings. The removal, and a note when there was something to replace."""
    months = sorted(set(out.month))
    source = "politie (maandexport)"
    held = queries.registration_grains(con, sorted({m.year for m in months}), sorted(known_cats), gemeente)
    held = held[(held.source == source) & (held.months == 1)]
    again = sorted({pd.Timestamp(m).date() for ms in held.month_list for m in ms} & set(months))
    if again:
        notes.append(
            f"{len(again)} month(s) loaded before from this export ({again[0]:%Y-%m} - {again[-1]:%Y-%m}) "
            "replaced whole by this file"
        )
    return {"gemeente": gemeente, "categories": None, "grain": 1, "months": months, "source": source}


def _point(path, r, row) -> shapely.Point:
    """The row's x/y as a WGS84 point (RD New metres are converted)."""
    try:
        x, y = float(r["x"].replace(",", ".")), float(r["y"].replace(",", "."))
    except ValueError:
        raise IngestError(path, f"coordinates {r['x']!r}, {r['y']!r} are not numbers", row=row, field="x") from None
    point = shapely.Point(x, y)
    if x > 1000:  # RD New metres
        point = geometry.rd_to_wgs84(point)
    if not (-180 <= point.x <= 180 and -90 <= point.y <= 90):
        raise IngestError(path, f"coordinates {x}, {y} are neither RD New nor WGS84", row=row, field="x")
    return point


def _point_to_buurt(path, point, r, row, tree, geo) -> str:
    hits = tree.query(point, predicate="within") if tree is not None else []
    if len(hits) == 0:
        raise IngestError(path, f"point {r['x']}, {r['y']} lies in no loaded buurt", row=row, field="x")
    return geo.code.iloc[int(hits[0])]


def _points_frame(points: list[tuple]) -> pd.DataFrame:
    """The export's points (street level), several in one place, street, month and category summed."""
    cols = ["month", "area_code", "category_code", "street", "lon", "lat", "count"]
    df = pd.DataFrame(points, columns=cols)
    if df.empty:
        return df
    df["lon"], df["lat"] = df.lon.round(6), df.lat.round(6)  # 0.1 m: the same place reads the same
    df = df.groupby(cols[:-1], dropna=False, as_index=False)["count"].sum()
    df["source"] = "politie (maandexport)"
    return df


def count_once(
    con, path: Path, reg: pd.DataFrame, gemeente: str, first_rows: dict[int, tuple[int, str]]
) -> tuple[pd.DataFrame, list[dict], list[str]]:
    """A year of a category is counted once: at one grain (its months, or its yearly figure) and
    from one source. Returns the rows to write, what they replace in the database (keyword
    arguments of :func:`mik.data.writes.remove_registrations`) and the notes for the lineage.

    * The months win over a yearly figure when all twelve months of that year are loaded (in this
      file, or in this file and the database together; 47022NED beside 47018NED): the yearly
      figures of those categories and that year are left out of the file, or removed from the
      database, and the note gives both totals (a consolidated yearly figure can differ a little).
    * Months of a year that is loaded as a yearly figure, but not all twelve of them: refused,
      naming the file, the first row of that year and its field (part of the year would count twice).
    * The same months, or the same year's figure, of a category from another source (the police
      export beside 47022NED): this file replaces them, and says so.

    ``first_rows``: year -> (row, field) of the year's first row in the file, for the refusal.
    """
    if reg.empty:
        return reg, [], []
    years = reg.month.map(lambda m: m.year)
    source = reg.source.iloc[0]
    held = queries.registration_grains(con, sorted(set(years)), sorted(set(reg.category_code)), gemeente)
    keep = pd.Series(True, index=reg.index)
    removals: list[dict] = []
    notes: list[str] = []
    for year in sorted(set(years)):
        rows = reg[years == year]
        monthly, yearly = rows[rows.months == 1], rows[rows.months == 12]
        here = held[held.year == year]
        held_monthly, held_yearly = here[here.months == 1], here[here.months == 12]
        covered = set(monthly.month) | {pd.Timestamp(m).date() for ms in held_monthly.month_list for m in ms}
        full = len({m.month for m in covered}) == 12
        if len(monthly):
            cats = sorted(set(monthly.category_code))
            if len(yearly) or held_yearly.category_code.isin(cats).any():
                if not full:
                    row, field = first_rows[year]
                    loaded = "this file" if len(yearly) else ", ".join(sorted(set(held_yearly.source)))
                    raise IngestError(
                        path,
                        f"months of {year} ({len({m.month for m in covered})} of 12) while {year} is also a yearly "
                        f"figure ({loaded}): a year is counted once; import all twelve months of {year}, or "
                        f"leave {year} out of this file",
                        row=row,
                        field=field,
                    )
                if len(yearly):
                    keep[yearly.index] = False
                    notes.append(
                        f"{year}: the file's yearly figures left out, its twelve months used "
                        f"({_totals(yearly, monthly)})"
                    )
                replaced = held_yearly[held_yearly.category_code.isin(cats)]
                if len(replaced):
                    removals.append({"gemeente": gemeente, "categories": cats, "grain": 12, "year": int(year)})
                    notes.append(
                        f"{year}: the yearly figures loaded before ({', '.join(sorted(set(replaced.source)))}) "
                        f"replaced by the twelve months ({_totals(replaced, monthly)})"
                    )
            other = held_monthly[(held_monthly.source != source) & held_monthly.category_code.isin(cats)]
            for other_source in sorted(set(other.source)):
                removals.append(
                    {
                        "gemeente": gemeente,
                        "categories": cats,
                        "grain": 1,
                        "months": sorted(set(monthly.month)),
                        "source": other_source,
                    }
                )
                notes.append(f"{year}: the same months loaded before from {other_source} replaced by this file")
        elif len(yearly):
            with_months = set(held_monthly.category_code)
            drop = yearly[yearly.category_code.isin(with_months)]
            if len(drop):
                keep[drop.index] = False
                notes.append(
                    f"{year}: {len(drop)} yearly figures left out: the months of {year} are loaded "
                    f"({', '.join(sorted(set(held_monthly.source)))}); a year is counted once"
                )
            rest = sorted(set(yearly.category_code) - with_months)
            other = held_yearly[(held_yearly.source != source) & held_yearly.category_code.isin(rest)]
            for other_source in sorted(set(other.source)):
                removals.append(
                    {"gemeente": gemeente, "categories": rest, "grain": 12, "year": int(year), "source": other_source}
                )
                notes.append(f"{year}: the yearly figures loaded before from {other_source} replaced by this file")
    return reg[keep], removals, notes


def _totals(yearly: pd.DataFrame, monthly: pd.DataFrame) -> str:
    """'0.0.0: yearly 1965, months 1961' - the total's two figures (or those of the first kind)."""
    cat = "0.0.0" if (yearly.category_code == "0.0.0").any() else sorted(set(yearly.category_code))[0]
    y = int(yearly[yearly.category_code == cat]["count"].sum())
    m = int(monthly[monthly.category_code == cat]["count"].sum())
    return f"{cat}: yearly {y}, months {m}"
