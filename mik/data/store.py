"""The DuckDB store: schema, migrations, connections and transactions.

The schema is created and upgraded by code. ``schema_version`` records every migration applied;
``migrate`` applies the missing ones in order, each in its own transaction, so an empty file and a
file from an older MIK both end at :data:`SCHEMA_VERSION`.

Geometry is stored as WKB (WGS84) in BLOB columns: no DuckDB extension is needed, which matters on
machines that cannot download extensions.
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from pathlib import Path

import duckdb

# Each migration is (version, description, statements). Never edit a released migration: add one.
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (
        1,
        "core schema: areas, population, categories, registrations, surveys, peers, plan, lineage",
        (
            """CREATE TABLE areas (
                code VARCHAR NOT NULL,
                name VARCHAR NOT NULL,
                level VARCHAR NOT NULL CHECK (level IN ('gemeente', 'wijk', 'buurt')),
                parent_code VARCHAR,
                gemeente_code VARCHAR NOT NULL,
                boundary_year INTEGER NOT NULL,
                geometry BLOB,
                area_km2 DOUBLE,
                PRIMARY KEY (code, boundary_year))""",
            """CREATE TABLE population (
                area_code VARCHAR NOT NULL,
                date DATE NOT NULL,
                inhabitants INTEGER CHECK (inhabitants >= 0),
                source VARCHAR NOT NULL,
                PRIMARY KEY (area_code, date))""",
            """CREATE TABLE categories (
                code VARCHAR PRIMARY KEY,
                name_nl VARCHAR NOT NULL,
                name_en VARCHAR NOT NULL,
                kind VARCHAR NOT NULL CHECK (kind IN ('misdrijf', 'incident')),
                main_code VARCHAR,
                is_main BOOLEAN NOT NULL DEFAULT false)""",
            """CREATE TABLE registrations (
                month DATE NOT NULL,
                area_code VARCHAR NOT NULL,
                category_code VARCHAR NOT NULL,
                street VARCHAR,
                count INTEGER NOT NULL CHECK (count >= 0),
                boundary_year INTEGER,
                source VARCHAR NOT NULL)""",
            """CREATE TABLE survey_results (
                indicator_id VARCHAR NOT NULL,
                area_code VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                value DOUBLE NOT NULL,
                lower DOUBLE,
                upper DOUBLE,
                n INTEGER,
                source VARCHAR NOT NULL,
                PRIMARY KEY (indicator_id, area_code, year, source))""",
            """CREATE TABLE peer_figures (
                gemeente_code VARCHAR NOT NULL,
                gemeente_name VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                measure VARCHAR NOT NULL,
                value DOUBLE,
                lower DOUBLE,
                upper DOUBLE,
                population INTEGER,
                source VARCHAR NOT NULL,
                PRIMARY KEY (gemeente_code, year, measure))""",
            """CREATE TABLE activities (
                id VARCHAR PRIMARY KEY,
                theme_id VARCHAR NOT NULL,
                item VARCHAR NOT NULL,
                description VARCHAR NOT NULL,
                term VARCHAR NOT NULL,
                parties VARCHAR,
                lead VARCHAR)""",
            """CREATE TABLE activity_status (
                activity_id VARCHAR NOT NULL,
                date DATE NOT NULL,
                status VARCHAR NOT NULL
                    CHECK (status IN ('gepland', 'lopend', 'gereed', 'vertraagd', 'vervallen')),
                note VARCHAR,
                PRIMARY KEY (activity_id, date))""",
            """CREATE TABLE attention_areas (
                code VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                description VARCHAR)""",
            """CREATE TABLE attention_area_members (
                attention_code VARCHAR NOT NULL,
                area_code VARCHAR NOT NULL,
                PRIMARY KEY (attention_code, area_code))""",
            "CREATE SEQUENCE lineage_id START 1",
            """CREATE TABLE lineage (
                id INTEGER PRIMARY KEY DEFAULT nextval('lineage_id'),
                loaded_at TIMESTAMP NOT NULL,
                kind VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                file_name VARCHAR,
                checksum VARCHAR,
                source_table VARCHAR,
                period_start DATE,
                period_end DATE,
                rows INTEGER NOT NULL,
                synthetic BOOLEAN NOT NULL DEFAULT false,
                note VARCHAR)""",
        ),
    ),
    (
        2,
        "area context (kerncijfers) and registration lookup index",
        (
            """CREATE TABLE area_context (
                area_code VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                key VARCHAR NOT NULL,
                value DOUBLE,
                unit VARCHAR,
                source VARCHAR NOT NULL,
                PRIMARY KEY (area_code, year, key))""",
            "CREATE INDEX registrations_area ON registrations (area_code, category_code)",
        ),
    ),
    (
        3,
        "yearly registrations (CBS publishes buurt crime per year): months covered per row",
        ("ALTER TABLE registrations ADD COLUMN months INTEGER DEFAULT 1",),
    ),
    (
        4,
        "drop the registrations index: DuckDB's zone maps and hash joins do without it, and keeping it "
        "slowed bulk loads and deletes on national data",
        ("DROP INDEX IF EXISTS registrations_area",),
    ),
    (
        5,
        "street level: the police export's points (WGS84) per month and category; extra denominators per area "
        "and year (visitors, students, jobs) for rates per 1,000 inhabitants and visitors",
        (
            """CREATE TABLE registration_points (
                month DATE NOT NULL,
                area_code VARCHAR NOT NULL,
                category_code VARCHAR NOT NULL,
                street VARCHAR,
                lon DOUBLE NOT NULL,
                lat DOUBLE NOT NULL,
                count INTEGER NOT NULL CHECK (count >= 0),
                source VARCHAR NOT NULL)""",
            """CREATE TABLE denominators (
                area_code VARCHAR NOT NULL,
                year INTEGER NOT NULL,
                series VARCHAR NOT NULL,
                value DOUBLE NOT NULL CHECK (value >= 0),
                source VARCHAR NOT NULL,
                PRIMARY KEY (area_code, year, series))""",
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1][0]

#: One line per table, for the README and the Data page.
TABLE_DOCS: dict[str, str] = {
    "schema_version": "Migrations applied (version, when, what).",
    "areas": "Gemeente, wijk and buurt per boundary year: CBS code, name, parent, WKB geometry (WGS84), km2.",
    "population": "Inhabitants per area per date (1 January by default), with source.",
    "area_context": "Other kerncijfers per area and year (density, age groups, households, income).",
    "categories": "Crime (misdrijf) and incident categories: source code, names, main category.",
    "registrations": "Police registrations per month (or year: months = 12), buurt (or street), category: count.",
    "registration_points": "Street level: the police export's points (lon/lat WGS84), street, month, category: count.",
    "denominators": "Extra denominators per area and year, by named series (overnight stays, students, jobs).",
    "survey_results": "Survey value per indicator, area and year with 95% bounds, n and source.",
    "peer_figures": "Gemeente-level figures for the comparison set (indicator or category per year).",
    "activities": "The plan's actions: theme, item, description, term, parties, lead (trekker).",
    "activity_status": "Status history per action (gepland, lopend, gereed, vertraagd, vervallen).",
    "attention_areas": "Special attention areas (aandachtsgebieden).",
    "attention_area_members": "Which buurten form each attention area.",
    "lineage": "Every load: what, from which source/file (checksum), period, rows, synthetic or not.",
}


def connect(path: str | Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (and, unless read-only, create and migrate) the database at ``path``."""
    path = Path(path)
    if read_only:
        if not path.exists():
            raise FileNotFoundError(f"database {path} does not exist")
        con = duckdb.connect(str(path), read_only=True)
        if schema_version(con) < SCHEMA_VERSION:
            # a database from an older MIK: upgrade it once, then reopen read-only
            con.close()
            writer = duckdb.connect(str(path))
            try:
                migrate(writer)
            finally:
                writer.close()
            con = duckdb.connect(str(path), read_only=True)
        return con
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    migrate(con)
    return con


_snapshots = itertools.count()


def open_snapshot(path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the published database read-only as it is now, even when this process still has an
    older version of the same path open.

    DuckDB shares one database instance per path within a process, so after an import replaced
    the file (:mod:`mik.ingest.publish`) a plain ``connect`` would return the old instance. The file
    is opened through a hard link with a name of its own, removed again at once (the connection
    keeps the file). Where no link can be made (a read-only folder), the path is opened as it is.
    """
    path = Path(path)
    link = path.with_name(f".{path.name}.open-{os.getpid()}-{next(_snapshots)}")
    try:
        os.link(path, link)
    except OSError:
        return connect(path, read_only=True)
    try:
        return connect(link, read_only=True)
    finally:
        link.unlink(missing_ok=True)


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The highest migration applied, 0 for an empty database."""
    exists = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
    ).fetchone()[0]
    if not exists:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]


def migrate(con: duckdb.DuckDBPyConnection, target: int = SCHEMA_VERSION) -> int:
    """Apply the migrations missing from ``con`` up to ``target``; return the new version."""
    current = schema_version(con)
    if current > SCHEMA_VERSION:
        raise RuntimeError(f"database schema version {current} is newer than this MIK ({SCHEMA_VERSION})")
    if current == 0:
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, applied_at TIMESTAMP NOT NULL, description VARCHAR)"
        )
    for version, description, statements in MIGRATIONS:
        if current < version <= target:
            with transaction(con):
                for sql in statements:
                    con.execute(sql)
                con.execute(
                    "INSERT INTO schema_version VALUES (?, current_timestamp, ?)",
                    [version, description],
                )
            current = version
    return current


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: commit when the block ends, roll back on any exception."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def table_names(con: duckdb.DuckDBPyConnection) -> list[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY table_name"
    ).fetchall()
    return [r[0] for r in rows]


def count_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows per table (every table answers: the quick check of a file read whole before)."""
    return {name: con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in table_names(con)}


def read_whole(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Read every row of every column of every table once (DuckDB checks each block's checksum as it
    reads it, so a damaged block in a table nobody opens is found here); rows per table."""
    out = {}
    for name in table_names(con):
        out[name] = con.execute(f'SELECT count(*), sum(hash(t)) FROM "{name}" t').fetchone()[0]
    return out


def content_digest(con: duckdb.DuckDBPyConnection, exclude: tuple[str, ...] = ("schema_version",)) -> str:
    """A SHA-256 over every table's rows in a fixed order: equal digests mean equal content."""
    import hashlib

    h = hashlib.sha256()
    for table in table_names(con):
        if table in exclude:
            continue
        cur = con.cursor()
        cols = [r[0] for r in cur.execute(f'DESCRIBE "{table}"').fetchall()]
        order = ", ".join(f'"{c}"' for c in cols)
        h.update(table.encode())
        for row in cur.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall():
            h.update(repr(row).encode())
    return h.hexdigest()
