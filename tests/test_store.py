import duckdb
import pytest

from mik.data.store import (
    MIGRATIONS,
    SCHEMA_VERSION,
    TABLE_DOCS,
    connect,
    migrate,
    schema_version,
    table_names,
    transaction,
)


def test_schema_created_from_an_empty_file(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()  # an existing, empty DuckDB file
    con = connect(path)
    assert schema_version(con) == SCHEMA_VERSION
    assert set(TABLE_DOCS) == set(table_names(con))
    applied = con.execute("SELECT version FROM schema_version ORDER BY 1").fetchall()
    assert [v for (v,) in applied] == [m[0] for m in MIGRATIONS]


def test_migration_from_version_1_keeps_data(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=1)
    assert schema_version(con) == 1 and "area_context" not in table_names(con)
    con.execute("INSERT INTO categories VALUES ('1.1.1', 'Woninginbraak', 'Burglary', 'misdrijf', NULL, false)")
    con.close()
    con = connect(path)  # a newer MIK opens the old file
    assert schema_version(con) == SCHEMA_VERSION
    assert "area_context" in table_names(con)
    assert con.execute("SELECT name_nl FROM categories").fetchone()[0] == "Woninginbraak"
    assert migrate(con) == SCHEMA_VERSION  # idempotent


def test_database_newer_than_the_code_is_refused(tmp_path):
    con = connect(tmp_path / "new.duckdb")
    con.execute("INSERT INTO schema_version VALUES (?, current_timestamp, 'future')", [SCHEMA_VERSION + 1])
    with pytest.raises(RuntimeError, match="newer than this MIK"):
        migrate(con)


def test_transaction_rolls_back_everything(tmp_path):
    con = connect(tmp_path / "tx.duckdb")
    with pytest.raises(duckdb.ConstraintException), transaction(con):
        con.execute("INSERT INTO categories VALUES ('A', 'a', 'a', 'misdrijf', NULL, false)")
        con.execute("INSERT INTO categories VALUES ('A', 'dup', 'dup', 'misdrijf', NULL, false)")
    assert con.execute("SELECT count(*) FROM categories").fetchone()[0] == 0


def test_checks_refuse_bad_rows(tmp_path):
    con = connect(tmp_path / "chk.duckdb")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO registrations VALUES ('2016-01-01', 'BU1', '1.1.1', NULL, -1, 2016, 'x', 1)")
    with pytest.raises(duckdb.ConstraintException):
        con.execute("INSERT INTO areas VALUES ('X', 'x', 'straatje', NULL, 'GM1', 2016, NULL, NULL)")


def test_readme_documents_every_table():
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for table in TABLE_DOCS:
        assert f"| `{table}` |" in readme, table


def test_an_old_database_opened_read_only_is_upgraded_first(tmp_path):
    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    migrate(con, target=1)
    con.close()
    ro = connect(path, read_only=True)
    assert schema_version(ro) == SCHEMA_VERSION
    assert "months" in [r[0] for r in ro.execute("DESCRIBE registrations").fetchall()]
