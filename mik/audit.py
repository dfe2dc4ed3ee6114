"""The audit log: logins, failed logins, exports and imports (who, when, what).

It lives in its own DuckDB file beside the database (``<db>.audit.duckdb``): the app opens the
figures read-only (so an import job can publish a new database file), while the log must stay
writable and must survive such a swap. Only the admin role reads it (the Audit page, or
``python -m mik audit`` on the server). Passwords never reach it.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

ACTIONS = ("login", "login_failed", "login_throttled", "logout", "export", "import", "denied")


def audit_path(db: str | Path) -> Path:
    db = Path(db)
    return db.with_name(db.name + ".audit.duckdb")


def record(db: str | Path, user: str, role: str, action: str, detail: str = "") -> None:
    """Append one event. ``action`` is one of :data:`ACTIONS`."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    con = duckdb.connect(str(audit_path(db)))
    try:
        con.execute(
            "CREATE TABLE IF NOT EXISTS audit_log (logged_at TIMESTAMP NOT NULL, user_name VARCHAR NOT NULL, "
            "role VARCHAR, action VARCHAR NOT NULL, detail VARCHAR)"
        )
        con.execute("INSERT INTO audit_log VALUES (current_timestamp, ?, ?, ?, ?)", [user, role, action, detail])
    finally:
        con.close()


def read(db: str | Path, limit: int = 1000) -> pd.DataFrame:
    path = audit_path(db)
    if not path.exists():
        return pd.DataFrame(columns=["logged_at", "user_name", "role", "action", "detail"])
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute("SELECT * FROM audit_log ORDER BY logged_at DESC LIMIT ?", [limit]).df()
    finally:
        con.close()
