"""Readiness: can people log in and see pages? ``python -m mik health`` and ``/_mik/ready``.

Streamlit's ``/_stcore/health`` says a worker process answers; it stays "ok" while a damaged
database gives every page an error and a damaged users file stops every login. Readiness checks
what every page and login needs:

- **the database**: it exists, opens read-only, and every table answers a count; once per
  published version (its identity: inode, mtime, size) every row of every table is read, so a
  damaged block in a rarely read table is found before someone opens that page;
- **the audit store** (``<db>.audit.sqlite``; a login and an export are not done without their
  audit line): not empty, and SQLite's own ``quick_check`` passes;
- **the users file** (local logins): it reads as users (:func:`mik.privacy.users.load_users`
  refuses an empty or damaged file, and never lets it be overwritten).

:func:`check` returns the problems, each a sentence naming the file and what to do; none means
ready. ``mik serve`` answers ``/_mik/ready`` with them (503 and the sentences, or 200 ``ok``) and
HAProxy takes a worker out while it fails; ``python -m mik health`` prints them and exits 1.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mik.data import audit
from mik.data.store import count_rows, read_whole, table_names
from mik.ingest.publish import version
from mik.privacy import users


@dataclass(frozen=True)
class Problem:
    part: str  # "database", "audit", "users"
    message: str

    def __str__(self) -> str:
        return f"{self.part}: {self.message}"


_READ_WHOLE: dict[str, tuple] = {}  # database path -> the version whose every row was read


def check_database(db: Path) -> list[Problem]:
    if not db.exists():
        return [Problem("database", f"{db} does not exist; build it (python -m mik demo) or import into it")]
    try:
        current = version(db)
        whole = _READ_WHOLE.get(str(db)) == current
        con = duckdb.connect(str(db), read_only=True)
        try:
            names = table_names(con)
            if not names:
                return [Problem("database", f"{db} holds no tables; it is not a MIK database")]
            if whole:  # read whole before: every table answers
                count_rows(con)
            else:  # a new version: every row of every column once (a damaged block fails its checksum)
                read_whole(con)
        finally:
            con.close()
    except (duckdb.Error, OSError) as exc:
        reason = str(exc).splitlines()[0][:300]
        return [
            Problem(
                "database",
                f"{db} cannot be read ({reason}); publish an earlier version: python -m mik rollback",
            )
        ]
    _READ_WHOLE[str(db)] = current
    return []


def check_audit(db: Path) -> list[Problem]:
    why = audit.damage(db)
    return [Problem("audit", f"{audit.audit_path(db)} is {why}")] if why else []


def local_logins() -> bool:
    """Whether people log in with the users file (not with login off, as in the demo)."""
    return os.environ.get("MIK_AUTH", "auto").lower() != "off"


def check_users() -> list[Problem]:
    if not local_logins():
        return []
    try:
        users.load_users()
    except users.UsersFileError as exc:
        return [Problem("users", str(exc))]
    except OSError as exc:
        return [Problem("users", f"{users.users_file()} cannot be read ({exc.strerror})")]
    return []


def check(db: str | Path) -> list[Problem]:
    """Every problem that keeps people from logging in or seeing pages; [] when ready."""
    db = Path(db)
    return [*check_database(db), *check_audit(db), *check_users()]
