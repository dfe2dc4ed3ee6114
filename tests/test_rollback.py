"""Versions and rollback (issue 27, part 2), on the second city's real-format files through the
command line, the way an operator meets the case of the issue: a "corrected" police export whose
counts were wrong (x100) and which had an extra row.

Before: the previous database was discarded at each publish; re-importing the original said
"already imported (same checksum)" and the total stayed at the wrong figure; a one-byte-changed
copy of the original left the extra row in."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from mik.data import audit, duiding
from mik.ingest import versions
from mik.ingest.run import run_import
from mik.privacy.access import Access
from tests.secondcity import export_file, mik

pytestmark = pytest.mark.xdist_group("shape-grenzen")  # shares the boundaries-only installation


@pytest.fixture(scope="module")
def city(tmp_path_factory, shape_install):
    folder = tmp_path_factory.mktemp("rollback")
    inst = shape_install("grenzen")  # the second city's boundaries, through the command line
    good = export_file(inst["city"], folder)
    lines = good.read_text(encoding="utf-8").splitlines()
    bad = [lines[0]]
    for line in lines[1:]:
        *rest, n = line.split(";")
        bad.append(";".join([*rest, str(int(n) * 100)]))
    code = inst["city"].buurten[0][0]
    bad.append(f"2024-03;{code};;;;1.2.1;7")  # a row the right export does not have
    wrong = folder / "maandexport_gecorrigeerd.csv"
    wrong.write_text("\n".join(bad) + "\n", encoding="utf-8")
    return {**inst, "good": good, "wrong": wrong}


def _total(db) -> tuple[int, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT sum(count)::BIGINT, count(*) FROM registrations").fetchone()


def _last_note(db) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT note FROM lineage ORDER BY id DESC LIMIT 1").fetchone()[0] or ""


def _fresh(city, tmp_path, monkeypatch) -> dict:
    """A copy of the installation (its database, no versions yet) for one test; its config and
    database also for imports made in this process (faster than a command each)."""
    db = tmp_path / "mik.duckdb"
    shutil.copyfile(city["db"], db)
    env = {**city["env"], "MIK_DB": str(db)}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return env


def _import(db, path) -> str:
    return run_import(db, "crime", path).message


def test_rollback_undoes_a_wrong_correction_and_can_itself_be_undone(city, tmp_path, monkeypatch):
    env = _fresh(city, tmp_path, monkeypatch)
    db = tmp_path / "mik.duckdb"
    _import(db, city["good"])
    right = _total(db)
    analist = Access("analist-1", "analist", "straat", True, duiding="write")
    duiding.save(db, analist, "c", "2024-05", "Geschreven tussen de imports.", base=0)
    done = mik("import", "crime", str(city["wrong"]), env=env)
    assert done.returncode == 0, done.stderr
    wrong = _total(db)
    assert wrong[0] > 50 * right[0] and wrong[1] == right[1] + 1

    listed = mik("versions", env=env)
    assert listed.returncode == 0, listed.stderr
    # two publishes kept two versions: the boundaries-only database and the one with the right export
    assert [v.number for v in versions.list_versions(db)] == [2, 1]
    assert "import crime: maandexport_gecorrigeerd.csv" in listed.stdout  # what replaced version 2
    assert "maandexport_2024-01_2024-06.csv" in listed.stdout  # the newest import version 2 holds

    back = mik("rollback", env=env)
    assert back.returncode == 0, back.stderr
    assert "version 2 published again" in back.stdout and "kept as version 3" in back.stdout
    assert _total(db) == right
    line = audit.read(db).iloc[0]
    assert (line.action, line.user_name) == ("rollback", line.user_name) and "version 2" in line.detail

    again = mik("rollback", "3", env=env)  # the rollback undone: the wrong figures are back
    assert again.returncode == 0, again.stderr
    assert _total(db) == wrong
    assert not [p for p in tmp_path.iterdir() if "building" in p.name]  # no copy left beside it
    # the duiding written between the imports outlived both publishes and both rollbacks (issue 26)
    (kept,) = duiding.of_month(db, analist, "c", ("2024-05",))
    assert kept.text.body == "Geschreven tussen de imports." and audit.verify(db)[0] >= 4


def test_an_unknown_version_is_refused_and_nothing_changes(city, tmp_path, monkeypatch):
    env = _fresh(city, tmp_path, monkeypatch)
    db = tmp_path / "mik.duckdb"
    before = db.read_bytes()
    done = mik("rollback", env=env)
    assert done.returncode == 1 and "no earlier versions are kept" in done.stderr
    _import(db, city["good"])
    published = db.read_bytes()
    done = mik("rollback", "9", env=env)
    assert done.returncode == 1 and "no version 9; kept: 1" in done.stderr, done.stderr
    assert db.read_bytes() == published != before
    assert audit.read(db).iloc[0].detail.startswith("refused: ")


def test_the_original_imported_again_after_a_wrong_correction_restores_its_figures(city, tmp_path, monkeypatch):
    env = _fresh(city, tmp_path, monkeypatch)
    db = tmp_path / "mik.duckdb"
    _import(db, city["good"])
    right = _total(db)
    _import(db, city["wrong"])
    same = mik("import", "crime", str(city["good"]), env=env)  # the same bytes as the first import
    assert same.returncode == 0, same.stderr
    assert "already imported" not in same.stdout
    assert "6 month(s) loaded before from this export (2024-01 - 2024-06) replaced whole" in _last_note(db)
    assert _total(db) == right  # counts and the extra row both gone
    assert "already imported" in _import(db, city["good"])  # now it is what the database holds
    edited = tmp_path / "maandexport_kopie.csv"  # a one-byte-changed copy (a trailing newline)
    edited.write_text(city["good"].read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _import(db, city["wrong"])
    _import(db, edited)
    assert _total(db) == right


def test_only_the_newest_versions_within_the_budget_are_kept(city, tmp_path, monkeypatch):
    _fresh(city, tmp_path, monkeypatch)
    monkeypatch.setenv("MIK_KEEP_VERSIONS", "2")
    db = tmp_path / "mik.duckdb"
    for path in (city["good"], city["wrong"], city["good"], city["wrong"]):
        _import(db, path)
    assert [v.number for v in versions.list_versions(db)] == [4, 3]
    size = db.stat().st_size
    monkeypatch.setenv("MIK_KEEP_VERSIONS", "5")
    monkeypatch.setenv("MIK_VERSIONS_MB", str(size * 1.5 / 2**20))
    _import(db, city["good"])
    assert [v.number for v in versions.list_versions(db)] == [5]  # the newest even beyond the budget
    assert sorted(p.name for p in versions.versions_dir(db).iterdir()) == ["0005.duckdb", "0005.json"]
