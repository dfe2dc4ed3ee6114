"""The plan's actions with status updates, from CSV or XLSX.

Columns: ``id``, ``theme`` (a theme id of config.toml), ``item``, ``description``, ``term``,
``parties``, ``lead``, and optionally ``status`` (gepland, lopend, gereed, vertraagd, vervallen)
with ``status_date`` (YYYY-MM-DD; default today). Roles and teams only, never people's names.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from mik.ingest import safety
from mik.ingest.common import Batch, IngestError, check_rows, read_table, records
from mik.plan.config import Config

STATUSES = ("gepland", "lopend", "gereed", "vertraagd", "vervallen")
COLUMNS = [
    ("id",),
    ("theme", "theme_id", "thema"),
    ("item", "actiepunt"),
    ("description", "omschrijving"),
    ("term", "termijn"),
    ("parties", "betrokken_partijen"),
    ("lead", "trekker"),
]


def _read_xlsx(path: Path) -> tuple[pd.DataFrame, int]:
    import zipfile

    if not zipfile.is_zipfile(path):
        raise IngestError(path, "not an Excel workbook (.xlsx is a zip file; this is not): save it as .xlsx or CSV")
    safety.check_zip(path, safety.MAX_WORKBOOK_BYTES)  # a zip bomb is refused before openpyxl unpacks it
    try:
        df = pd.read_excel(path, dtype=str, engine="openpyxl").fillna("")
    except Exception as exc:  # not quoted: openpyxl's words may carry the workbook's contents
        raise IngestError(path, f"not a readable Excel workbook ({type(exc).__name__})") from None
    check_rows(path, len(df))
    lower = {c.lower().strip(): c for c in df.columns}
    rename = {}
    for alternatives in [*COLUMNS, ("status",), ("status_date",)]:
        hit = next((lower[a] for a in alternatives if a in lower), None)
        if hit is None and alternatives[0] not in ("status", "status_date"):
            raise IngestError(
                path, f"missing column; expected one of {', '.join(alternatives)}", row=1, field=alternatives[0]
            )
        if hit is not None:
            rename[hit] = alternatives[0]
    df = df.rename(columns=rename)
    df.index = range(2, len(df) + 2)
    return df, 1


def read_activities(path: Path, cfg: Config, today: dt.date | None = None) -> Batch:
    path = Path(path)
    if not path.exists():
        raise IngestError(path, "file not found")
    df, _ = _read_xlsx(path) if path.suffix.lower() in (".xlsx", ".xlsm") else read_table(path, COLUMNS)
    themes = {t.id for t in cfg.themes}
    acts, statuses = [], []
    for line, r in records(df):
        if r["theme"].strip() not in themes:
            raise IngestError(path, f"unknown theme {r['theme']!r}", row=line, field="theme")
        if not r["id"].strip():
            raise IngestError(path, "empty id", row=line, field="id")
        acts.append(
            {k: r[k].strip() for k in ("id", "item", "description", "term", "parties", "lead")}
            | {"theme_id": r["theme"].strip()}
        )
        status = (r.get("status") or "").strip().lower()
        if status:
            if status not in STATUSES:
                raise IngestError(
                    path, f"unknown status {status!r}; use {', '.join(STATUSES)}", row=line, field="status"
                )
            raw = (r.get("status_date") or "").strip()
            try:
                date = dt.date.fromisoformat(raw) if raw else (today or dt.date.today())
            except ValueError:
                raise IngestError(
                    path, f"date {raw!r} not understood (YYYY-MM-DD)", row=line, field="status_date"
                ) from None
            statuses.append({"activity_id": r["id"].strip(), "date": date, "status": status, "note": None})
    out = pd.DataFrame(acts)
    dup = out.id.duplicated()
    if dup.any():
        raise IngestError(
            path, f"duplicate id {out.id[dup].iloc[0]!r}", row=int(df.index[dup.to_numpy()][0]), field="id"
        )
    return Batch(
        kind="activities",
        file=path,
        source="plan activities",
        tables={
            "activities": out[["id", "theme_id", "item", "description", "term", "parties", "lead"]],
            "activity_status": pd.DataFrame(statuses, columns=["activity_id", "date", "status", "note"]),
        },
    )
