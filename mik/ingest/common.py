"""What every importer shares: errors that name file, row and field; reading CBS/StatLine text;
and applying a batch of rows in one transaction with its lineage record.

Idempotence: rows replace rows with the same key (e.g. month, buurt, category and source for
registrations), so importing the same file twice changes nothing and a new month adds to what is
there. A file whose checksum was already imported for the same kind is not applied again.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from mik.data import queries, writes
from mik.data.store import transaction
from mik.settings import DATA_DIR


class IngestError(ValueError):
    """A problem in an input file, naming the file, the row (1-based, as a spreadsheet shows it)
    and the field."""

    def __init__(self, file: str | Path, message: str, row: int | None = None, field: str | None = None):
        self.file, self.row, self.field = str(file), row, field
        where = Path(file).name
        if row is not None:
            where += f", row {row}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {message}")


def other_gemeente(path: str | Path, gemeente: str, found: Sequence[str], what: str = "areas") -> IngestError:
    """The refusal of a file that holds no rows of ``gemeente``, saying how to go on.

    ``found`` holds the gemeente code of every row of another gemeente; the most frequent is
    suggested first.
    """
    if not found:
        return IngestError(path, f"no {what} of {gemeente} in the file (and no area codes of another gemeente)")
    codes = [c for c, _ in Counter(found).most_common()]
    shown = ", ".join(codes[:5]) + (f" and {len(codes) - 5} more" if len(codes) > 5 else "")
    one = codes[0]
    return IngestError(
        path,
        f"no {what} of {gemeente} (this installation's gemeente) in the file; it holds {shown}. "
        f"To set up MIK for {one}: python -m mik init --gemeente {one} --name NAME -o {one.lower()}.toml, "
        f"then export MIK_CONFIG={one.lower()}.toml and import again; or import into another database with "
        f"--gemeente {one}",
    )


@dataclass
class Batch:
    """Rows for one or more tables from one file, with what the lineage record needs."""

    kind: str
    file: Path
    source: str
    source_table: str | None = None
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    notes: list[str] = field(default_factory=list)
    keep_existing_categories: bool = True
    #: rows of the database this file replaces: keyword arguments of
    #: :func:`mik.data.writes.remove_registrations`, applied first, in the same transaction
    removals: list[dict] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(df) for df in self.tables.values())


@dataclass(frozen=True)
class ImportResult:
    kind: str
    file: str
    rows: int
    applied: bool
    message: str  # English, as the command line prints it and the audit log keeps it
    message_nl: str = ""  # the same for the app's Dutch pages

    def text(self, lang: str) -> str:
        return self.message_nl if lang != "en" and self.message_nl else self.message


def year_span(years) -> tuple[dt.date, dt.date]:
    """The period a batch of yearly figures covers: 1 January of the first to 31 December of the last."""
    return dt.date(int(min(years)), 1, 1), dt.date(int(max(years)), 12, 31)


def checksum(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def apply_batch(con: duckdb.DuckDBPyConnection, batch: Batch) -> ImportResult:
    """Write ``batch`` in one transaction (all or nothing) and record it in the lineage table."""
    digest = checksum(batch.file)
    if queries.already_loaded(con, batch.kind, digest):
        return ImportResult(
            batch.kind,
            batch.file.name,
            0,
            False,
            f"{batch.file.name}: already imported (same checksum); nothing changed",
            f"{batch.file.name}: al geïmporteerd (zelfde controlesom); er is niets veranderd",
        )
    written: dict[str, int] = {}
    with transaction(con):
        for removal in batch.removals:
            writes.remove_registrations(con, **removal)
        for table, df in batch.tables.items():
            if df.empty:
                continue
            if table == "categories" and batch.keep_existing_categories:
                df = df[~df.code.isin(queries.category_codes(con))]
                if df.empty:
                    continue
            writes.upsert(con, table, df)
            written[table] = len(df)
        writes.record_load(
            con,
            batch.kind,
            batch.source,
            batch.file.name,
            digest,
            batch.source_table,
            batch.period_start,
            batch.period_end,
            batch.rows,
            "; ".join(batch.notes) or None,
        )
    return ImportResult(
        batch.kind,
        batch.file.name,
        batch.rows,
        True,
        f"{batch.file.name}: imported as {batch.kind}: {summary(batch, written)}"
        + (f" ({'; '.join(batch.notes)})" if batch.notes else ""),
        f"{batch.file.name}: geïmporteerd als {KIND_NL.get(batch.kind, batch.kind)}: {summary(batch, written, 'nl')}"
        + (f" ({'; '.join(batch.notes)})" if batch.notes else ""),
    )


def _span(start: dt.date | None, end: dt.date | None) -> str:
    if start is None or end is None:
        return ""
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        return f"{start.year}" if start.year == end.year else f"{start.year}-{end.year}"
    return f"{start:%Y-%m} to {end:%Y-%m}"


KIND_NL = {"crime": "misdrijven", "boundaries": "grenzen", "population": "bevolking", "survey": "enquête"}
#: the words of :func:`summary` in Dutch
WORDS_NL = {
    "registration row": "registratierij",
    "registration rows": "registratierijen",
    "area": "gebied",
    "areas": "gebieden",
    "category": "categorie",
    "categories": "categorieën",
    "new category": "nieuwe categorie",
    "new categories": "nieuwe categorieën",
    "population figure": "inwonertal",
    "population figures": "inwonertallen",
    "1 January": "1 januari",
    " to ": " tot ",
    "nothing new": "niets nieuws",
}


def summary(batch: Batch, written: dict[str, int], lang: str = "en") -> str:
    """What an import wrote, counted per kind of thing: rows, areas and categories apart, e.g.
    ``"1 new category; 44 registration rows (44 areas, 1 category, 2023)"`` (``lang="nl"``:
    ``"1 nieuwe categorie; 44 registratierijen (44 gebieden, 1 categorie, 2023)"``)."""

    def w(word: str) -> str:
        return WORDS_NL.get(word, word) if lang == "nl" else word

    def n(count: int, one: str, many: str) -> str:
        return f"{count} {w(one) if count == 1 else w(many)}"

    parts = []
    for table, df in batch.tables.items():
        if df.empty:
            continue
        if table == "registrations":
            span = _span(batch.period_start, batch.period_end).replace(" to ", w(" to "))
            parts.append(
                f"{n(len(df), 'registration row', 'registration rows')} ({n(df.area_code.nunique(), 'area', 'areas')}, "
                f"{n(df.category_code.nunique(), 'category', 'categories')}{', ' + span if span else ''})"
            )
        elif table == "categories":
            if written.get(table):
                parts.append(n(written[table], "new category", "new categories"))
        elif table == "areas":
            levels = df.level.value_counts()
            plural = {"gemeente": "gemeenten", "wijk": "wijken", "buurt": "buurten"}
            parts.append(", ".join(n(int(levels[lv]), lv, plural[lv]) for lv in plural if lv in levels))
        elif table == "population":
            years = sorted({d.year for d in pd.to_datetime(df["date"])})
            parts.append(
                f"{n(len(df), 'population figure', 'population figures')} "
                f"({n(df.area_code.nunique(), 'area', 'areas')}, {w('1 January')} {', '.join(map(str, years))})"
            )
        else:
            parts.append(n(len(df), f"{table.replace('_', ' ')} row", f"{table.replace('_', ' ')} rows"))
    return "; ".join(parts) or w("nothing new")


# --- reading text files -----------------------------------------------------------------------


def records(df: pd.DataFrame):
    """(row number, {column: text}) for each row: plain dicts, twenty times faster than iterrows
    on a police export of 200,000 rows."""
    return zip((int(i) for i in df.index), df.to_dict("records"), strict=True)


def env_limit(name: str, default: int) -> int:
    """A bound from the environment (a positive whole number), else ``default``."""
    value = os.environ.get(name, "")
    return int(value) if value.isdigit() and int(value) > 0 else default


def max_unpacked() -> int:
    """The most bytes MIK reads from one file, or unpacks from one zip (``MIK_MAX_UNPACKED_MB``)."""
    return env_limit("MIK_MAX_UNPACKED_MB", 1024) << 20


def max_rows() -> int:
    """The most rows MIK reads from one table (``MIK_MAX_ROWS``)."""
    return env_limit("MIK_MAX_ROWS", 5_000_000)


def check_size(path: Path) -> None:
    """Refuse a file larger than ``MIK_MAX_UNPACKED_MB`` (:mod:`mik.ingest.safety`)."""
    size = path.stat().st_size
    if size > max_unpacked():
        raise IngestError(path, f"{size >> 20} MB; MIK reads files of at most {max_unpacked() >> 20} MB")


def check_rows(path: Path, rows: int) -> None:
    if rows > max_rows():
        raise IngestError(path, f"{rows} rows; MIK reads at most {max_rows()} (MIK_MAX_ROWS)")


def read_text(path: Path) -> str:
    """The file as text: UTF-8 (with or without BOM), else a clear encoding error. Files larger
    than ``MIK_MAX_UNPACKED_MB`` are refused unread."""
    check_size(path)
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise IngestError(path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8 CSV", row=line) from None


def sniff_delimiter(path: Path, text: str, expected: Sequence[str] = (";", ",", "\t")) -> str:
    sample = "\n".join(line for line in text.splitlines()[:20] if line.strip())
    if not sample:
        raise IngestError(path, "the file is empty")
    counts = {d: sample.count(d) for d in expected}
    best = max(counts, key=counts.get)
    if counts[best] == 0:
        raise IngestError(path, f"no delimiter found; expected one of {' '.join(expected)}", row=1)
    return best


def read_table(path: Path, required: Sequence[Sequence[str]], delimiter: str | None = None) -> tuple[pd.DataFrame, int]:
    """A CSV with a header row, all cells as text. ``required`` lists, per needed field, the
    accepted column names (first match wins). Returns the frame (columns renamed to the first
    name of each alternative) and the line number of the header.

    Raises IngestError naming the missing column, or the delimiter when the file has another.
    """
    text = read_text(path)
    delim = delimiter or sniff_delimiter(path, text)
    reader = csv.reader(io.StringIO(text), delimiter=delim)
    rows = [r for r in reader]
    header_idx = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_idx is None:
        raise IngestError(path, "the file is empty")
    header = [c.strip() for c in rows[header_idx]]
    if len(header) == 1 and any(d in header[0] for d in (";", ",", "\t")):
        raise IngestError(path, f"wrong delimiter: the header is one field ({header[0][:40]!r})", row=header_idx + 1)
    lower = {h.lower(): i for i, h in enumerate(header)}
    rename = {}
    for alternatives in required:
        hit = next((lower[a.lower()] for a in alternatives if a.lower() in lower), None)
        if hit is None:
            raise IngestError(
                path,
                f"missing column; expected one of {', '.join(alternatives)}",
                row=header_idx + 1,
                field=alternatives[0],
            )
        rename[header[hit]] = alternatives[0]
    body = rows[header_idx + 1 :]
    check_rows(path, len(body))
    width = len(header)
    for n, r in enumerate(body, start=header_idx + 2):
        if r and len(r) != width and any(c.strip() for c in r):
            raise IngestError(path, f"{len(r)} fields where the header has {width}", row=n)
    df = pd.DataFrame([r for r in body if any(c.strip() for c in r)], columns=header, dtype=str)
    df = df.rename(columns=rename)
    df.index = [n for n, r in enumerate(body, start=header_idx + 2) if any(c.strip() for c in r)]
    return df, header_idx + 1


#: No count or population of one area is larger (the Netherlands has about 18 million inhabitants).
MAX_COUNT = 20_000_000
#: The first year MIK accepts figures for (CBS buurt tables start in the 1990s).
FIRST_YEAR = 1990


def parse_count(path: Path, value: str, row: int, field: str, allow_empty: bool = True) -> int | None:
    """A non-negative whole number up to :data:`MAX_COUNT`; empty means "not published" (None),
    never zero. NaN, infinity and absurd sizes are refused, never stored."""
    v = (value or "").strip().replace("\u00a0", "")
    if v in ("", ".", "x", "-") and allow_empty:
        return None
    try:
        number = (
            float(v.replace(".", "").replace(",", "."))
            if re.fullmatch(r"\d{1,3}(\.\d{3})+", v)
            else float(v.replace(",", "."))
        )
    except ValueError:
        raise IngestError(path, f"not a number: {value!r}", row=row, field=field) from None
    if not math.isfinite(number):
        raise IngestError(path, f"not a number: {value!r}", row=row, field=field)
    if number > MAX_COUNT:
        raise IngestError(path, f"implausibly large: {value!r} (more than {MAX_COUNT:,})", row=row, field=field)
    if number < 0:
        raise IngestError(path, f"negative count {value!r}", row=row, field=field)
    if number != int(number):
        raise IngestError(path, f"not a whole number: {value!r}", row=row, field=field)
    return int(number)


def parse_decimal(path: Path, value: str, row: int, field: str) -> float | None:
    """A number with a decimal comma or point; empty gives None."""
    v = (value or "").strip()
    if v in ("", ".", "x", "-"):
        return None
    try:
        number = float(v.replace(",", "."))
    except ValueError:
        raise IngestError(path, f"not a number: {value!r}", row=row, field=field) from None
    if not math.isfinite(number):
        raise IngestError(path, f"not a finite number: {value!r}", row=row, field=field)
    return number


def check_year(path: Path, value, row: int, field: str) -> int:
    """A year from :data:`FIRST_YEAR` up to this year (figures of the future do not exist)."""
    try:
        year = int(str(value).strip())
    except ValueError:
        raise IngestError(path, f"year {value!r} is not a year", row=row, field=field) from None
    if not FIRST_YEAR <= year <= dt.date.today().year:
        raise IngestError(path, f"year {year} outside {FIRST_YEAR}-{dt.date.today().year}", row=row, field=field)
    return year


def check_month(path: Path, month: dt.date, row: int, field: str) -> dt.date:
    """A month no later than the current calendar month, and not before :data:`FIRST_YEAR`."""
    today = dt.date.today()
    if month > dt.date(today.year, today.month, 1):
        raise IngestError(path, f"{month:%Y-%m} is in the future (after {today:%Y-%m})", row=row, field=field)
    if month.year < FIRST_YEAR:
        raise IngestError(path, f"{month:%Y-%m} is before {FIRST_YEAR}", row=row, field=field)
    return month


def cbs_period(path: Path, code: str, row: int, field: str = "Perioden") -> tuple[dt.date, int]:
    """CBS period code to (first month, months covered): 2023JJ00 -> (2023-01-01, 12);
    2023MM03 -> (2023-03-01, 1); also plain 2023 and 2023-03."""
    c = (code or "").strip()
    m = re.fullmatch(r"(\d{4})JJ00", c) or re.fullmatch(r"(\d{4})", c)
    if m:
        return check_month(path, dt.date(int(m.group(1)), 1, 1), row, field), 12
    m = re.fullmatch(r"(\d{4})MM(\d{2})", c) or re.fullmatch(r"(\d{4})-(\d{2})", c)
    if m and 1 <= int(m.group(2)) <= 12:
        return check_month(path, dt.date(int(m.group(1)), int(m.group(2)), 1), row, field), 1
    raise IngestError(
        path, f"period {code!r} not understood (expected e.g. 2023JJ00, 2023MM03 or 2023-03)", row=row, field=field
    )


AREA_CODE = re.compile(r"^(GM\d{4}|WK\d{4}[0-9A-Z]{2}|BU\d{4}[0-9A-Z]{4})$")


def clean_code(value: str) -> str:
    """Trim CBS keys ("GM0935    ", "1.1.1 ") and upper-case area codes ("gm0935")."""
    v = (value or "").strip()
    return v.upper() if v[:2].lower() in ("gm", "wk", "bu") else v


def check_area_code(path: Path, code: str, row: int, field: str) -> str:
    code = clean_code(code)
    if not AREA_CODE.match(code):
        raise IngestError(path, f"{code!r} is not a CBS area code (GMnnnn, WKnnnnww, BUnnnnwwbb)", row=row, field=field)
    return code


def known_areas(con) -> dict[str, set[int]]:
    """Area code -> the boundary years loaded for it."""
    return queries.known_boundary_years(con)


def nearest_boundary_year(years: set[int], wanted: int | None) -> tuple[int, bool]:
    """The loaded boundary year to use for data coded in ``wanted``; flag when it is another."""
    if wanted in years or wanted is None:
        return (wanted if wanted is not None else max(years)), False
    return min(years, key=lambda y: (abs(y - wanted), -y)), True


def shipped_categories() -> pd.DataFrame:
    """The CBS/Politie category codes MIK ships (``data/categories.csv``: code, names, kind,
    main_code, is_main), as the categories table holds them: the demo and the benchmarks load them,
    and a police export may use any of them in a database that holds none yet."""
    df = pd.read_csv(DATA_DIR / "categories.csv", dtype={"code": str, "main_code": str}, keep_default_na=False)
    df["main_code"] = df.main_code.replace("", None)
    df["is_main"] = df.is_main.astype(str).str.lower() == "true"
    return df
