"""The databases a publish replaced, kept for a way back: ``mik versions`` and ``mik rollback``.

Each publish (an import, a rollback) keeps the file it replaces as a numbered version in
``<db>.versies/`` beside it (``0007.duckdb`` and ``0007.json``: when it was replaced, by what, its
size and rows per table). The file is kept by a hard link made just before the rename, so keeping
it costs no copy and no time; the disk holds it until it is pruned. The newest
:data:`KEEP` versions are kept (``$MIK_KEEP_VERSIONS``), and older ones also go while all of them
together take more than :data:`BUDGET_MB` (``$MIK_VERSIONS_MB``); the newest is kept even then, so
the last publish can always be undone.

:func:`rollback` publishes a copy of a version again, in the same way as an import (under the
publish lock, verified, renamed atomically, the folder flushed), and keeps the database it
replaces as a new version: a rollback can itself be undone. A corrected file whose rows were
wrong is undone by rolling back to the version before it.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mik.data import queries, writes

KEEP = 5
BUDGET_MB = 4096


def keep_count() -> int:
    return max(0, int(os.environ.get("MIK_KEEP_VERSIONS") or KEEP))


def budget_bytes() -> int:
    return int(float(os.environ.get("MIK_VERSIONS_MB") or BUDGET_MB) * 1024 * 1024)


def versions_dir(db: Path) -> Path:
    return db.with_name(db.name + ".versies")


@dataclass(frozen=True)
class Version:
    """A database that was published once and then replaced."""

    number: int
    path: Path
    replaced_at: str  # ISO time, local
    # what replaced it: "import" (of ``subject``, "crime: export.csv") or "rollback" (to version ``subject``)
    action: str
    subject: str
    size: int
    tables: dict[str, int]

    @property
    def replaced_by(self) -> str:
        """What replaced it, in English (the command line, the audit log)."""
        return f"rollback to version {self.subject}" if self.action == "rollback" else f"import {self.subject}"

    def loads(self, last: int = 3) -> list[dict]:
        """The newest imports this version holds (its own lineage): what a reader recognises it by."""
        con = duckdb.connect(str(self.path), read_only=True)
        try:
            return queries.newest_loads(con, last)
        finally:
            con.close()


def list_versions(db: Path) -> list[Version]:
    """Every kept version, newest first."""
    out = []
    folder = versions_dir(Path(db))
    for meta in sorted(folder.glob("[0-9][0-9][0-9][0-9].json"), reverse=True):
        path = meta.with_suffix(".duckdb")
        if not path.exists():
            continue
        info = json.loads(meta.read_text(encoding="utf-8"))
        out.append(
            Version(
                int(meta.stem),
                path,
                info["replaced_at"],
                info["action"],
                info["subject"],
                path.stat().st_size,
                info.get("tables", {}),
            )
        )
    return out


def keep(db: Path, action: str, subject: str, tables: dict[str, int] | None = None) -> Version | None:
    """Keep the published ``db`` as the next version, before a publish replaces it (call under the
    publish lock): replaced by ``action`` "import" (``subject`` "kind: file") or "rollback"
    (``subject`` the version number). None when there is nothing published yet or no version is
    to be kept."""
    if not db.exists() or keep_count() == 0:
        return None
    folder = versions_dir(db)
    folder.mkdir(exist_ok=True)
    for half in folder.glob("[0-9][0-9][0-9][0-9].*"):  # a publish killed between its two files
        if not half.with_suffix(".json" if half.suffix == ".duckdb" else ".duckdb").exists():
            half.unlink(missing_ok=True)
    numbers = [int(p.stem) for p in folder.glob("[0-9][0-9][0-9][0-9].json")]
    number = max(numbers, default=0) + 1
    path = folder / f"{number:04d}.duckdb"
    try:
        os.link(db, path)  # the same file: no copy; it stays when the rename replaces the name
    except OSError as exc:
        if exc.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
            raise
        shutil.copyfile(db, path)  # a file system without hard links
    if tables is None:
        con = duckdb.connect(str(path), read_only=True)
        try:
            tables = writes.table_counts(con)
        finally:
            con.close()
    info = {
        "replaced_at": dt.datetime.now().isoformat(timespec="seconds"),
        "action": action,
        "subject": subject,
        "tables": tables,
    }
    fresh = folder / f".{number:04d}.json.new"
    fresh.write_text(json.dumps(info, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(fresh, folder / f"{number:04d}.json")
    prune(db)
    return Version(number, path, info["replaced_at"], action, subject, path.stat().st_size, tables)


def prune(db: Path) -> list[int]:
    """Drop the oldest versions beyond :func:`keep_count`, and while all together exceed
    :func:`budget_bytes` (never the newest). Returns the numbers dropped."""
    versions = list_versions(db)
    dropped = []
    total = sum(v.size for v in versions)
    for i, v in reversed(list(enumerate(versions))):  # oldest first
        if i == 0:
            break
        if i < keep_count() and total <= budget_bytes():
            break
        v.path.unlink(missing_ok=True)
        v.path.with_suffix(".json").unlink(missing_ok=True)
        total -= v.size
        dropped.append(v.number)
    return dropped


def find(db: Path, number: int | None) -> Version:
    """The version ``number`` (the newest when None); LookupError saying which exist."""
    versions = list_versions(db)
    if not versions:
        raise LookupError(f"{db}: no earlier versions are kept ({versions_dir(db)} is empty)")
    if number is None:
        return versions[0]
    for v in versions:
        if v.number == number:
            return v
    raise LookupError(f"{db}: no version {number}; kept: {', '.join(str(v.number) for v in versions)}")
