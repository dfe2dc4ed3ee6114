"""Imports while the app serves: into a copy, published by an atomic rename (mik.ingest.publish)."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading

import duckdb
import pytest

from mik.ingest import IngestError
from mik.ingest.publish import Stale, commit, prepare
from mik.ingest.run import reader, run_import
from tests.conftest import ROOT

EXPORT = "maand;buurtcode;straat;x;y;categorie;aantal\n"

READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
print(con.execute("SELECT count(*) FROM registrations").fetchone()[0], flush=True)
sys.stdin.readline()  # hold the file open, as the app does, until told to read again
print(con.execute("SELECT count(*) FROM registrations").fetchone()[0], flush=True)
"""


def export(tmp_path, name: str, month: str, count: int = 4):
    path = tmp_path / name
    path.write_text(EXPORT + f"{month};BU09359901;;;;1.1.1;{count}\n", encoding="utf-8")
    return path


def registrations(db) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM registrations").fetchone()[0]


def test_an_import_lands_while_another_process_reads_the_database(db, tmp_path):
    app = subprocess.Popen(
        [sys.executable, "-c", READER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert app.stdout.readline().strip() == "0"
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "mik",
                "import",
                "crime",
                str(export(tmp_path, "m.csv", "2016-09")),
                "--db",
                str(db),
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr  # no "Conflicting lock"
        app.stdin.write("\n")
        app.stdin.flush()
        assert app.stdout.readline().strip() == "0"  # the open reader still sees the old file, whole
    finally:
        app.kill()
    assert registrations(db) == 1  # a new reader sees the new file
    assert not list(tmp_path.glob("*.building-*"))


def test_a_refused_import_leaves_the_published_file_byte_identical(db, tmp_path):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    with pytest.raises(IngestError):
        run_import(db, "crime", export(tmp_path, "bad.csv", "2016-09", count=-1))
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert not list(db.parent.glob("*.building-*"))


def test_a_prepared_import_is_refused_when_another_was_published_meanwhile(db, tmp_path):
    first = prepare(db, reader("crime", export(tmp_path, "a.csv", "2016-08")))
    second = prepare(db, reader("crime", export(tmp_path, "b.csv", "2016-09")))
    assert first.changes["registrations"] == (0, 1) and first.changes["lineage"][1] == first.changes["lineage"][0] + 1
    commit(first)
    with pytest.raises(Stale, match="changed since this import was checked"):
        commit(second)
    assert registrations(db) == 1 and not second.copy.exists()


def test_two_imports_at_once_both_land(db, tmp_path):
    files = [export(tmp_path, f"{m}.csv", f"2016-0{m}") for m in (5, 6, 7, 8)]
    errors = []

    def work(path):
        try:
            run_import(db, "crime", path)
        except Exception as exc:  # collected: the assertion below says which
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f,)) for f in files]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert registrations(db) == 4
