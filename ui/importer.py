"""The admin's monthly update in the app: upload a file, check it on a copy, preview, publish."""

from __future__ import annotations

import datetime as dt
import logging
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from mik.data import audit
from mik.ingest import IngestError, versions
from mik.ingest.publish import Prepared, attempt, commit, discard, rollback
from mik.ingest.run import prepare_import
from mik.plan.formatting import fmt_number
from mik.plan.i18n import TEXTS, t
from ui import auth, source

PREPARED = "bijwerken_prepared"
LOG = logging.getLogger("mik.import")


def check(kind: str, upload, lang: str) -> None:
    """Apply the uploaded file to a copy of the published database; keep it for the preview.
    The file keeps its own name (it tells the table: 47018NED, 85984NED, .xlsx)."""
    access = auth.require("admin")
    drop()
    db = source.db_path()
    folder = upload_folder(db)
    path = folder / safe_upload_name(upload.name)
    try:
        path.write_bytes(upload.getvalue())
        st.session_state[PREPARED] = prepare_import(db, kind, path)
        audit.record(db, access.user, access.role, "import", f"checked: {path.name} ({kind}), not yet published")
    except IngestError as exc:
        audit.record(db, access.user, access.role, "import", f"refused: {exc}")
        st.error(f"{t('import_refused', lang)}: {exc}")
    except Exception as exc:  # a reader's bug or a library's crash: said and logged, never its words
        LOG.exception("import of %s (%s) failed", path.name, kind)
        audit.record(db, access.user, access.role, "import", f"failed: {path.name}: {type(exc).__name__}")
        st.error(t("import_crashed", lang, file=path.name, error=type(exc).__name__))
    finally:  # the file is read into the copy: the upload is not kept on disk
        shutil.rmtree(folder, ignore_errors=True)


def upload_folder(db: Path) -> Path:
    """A private folder for one upload beside the database (``<db>.uploads/<pid>-…``): removed when
    the check ends, and by :func:`mik.ingest.publish.remove_leftovers` when its process was killed."""
    parent = db.parent / f"{db.name}.uploads"
    parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=parent))


def safe_upload_name(name: str) -> str:
    """The upload's own name (it tells the table: 47018NED, 85984NED, .xlsx), without any path,
    in printable characters, at most 120 long."""
    base = "".join(c if c.isprintable() and c not in "/\\" else "_" for c in Path(name or "upload").name)
    return base[-120:].lstrip(".") or "upload"


def preview(lang: str) -> Prepared | None:
    """What the checked import changes, table by table; None when nothing is checked."""
    prepared: Prepared | None = st.session_state.get(PREPARED)
    if prepared is None:
        return None
    st.success(t("checked", lang, file=prepared.result.file))
    rows = [
        {
            t("table", lang): t(f"table_{table}", lang) if f"table_{table}" in TEXTS else table,
            t("before", lang): fmt_number(before, 0, lang),
            t("after", lang): fmt_number(after, 0, lang),
            t("difference", lang): fmt_number(after - before, 0, lang, signed=True),
        }
        for table, (before, after) in sorted(prepared.changes.items())
    ]
    st.table(pd.DataFrame(rows).set_index(t("table", lang)))
    st.caption(prepared.result.text(lang))  # the importer's own count, as the command line prints it
    return prepared


def publish(prepared: Prepared, lang: str) -> None:
    access = auth.require("admin")
    st.session_state.pop(PREPARED, None)
    with attempt(source.db_path(), access.user, access.role, prepared.result.file):
        try:
            result = commit(prepared)
        except IngestError as exc:  # another import was published meanwhile: said, and logged
            audit.record(source.db_path(), access.user, access.role, "import", f"refused at publishing: {exc}")
            st.error(f"{t('import_refused', lang)}: {exc}")
            return
        audit.record(source.db_path(), access.user, access.role, "import", result.message)
    st.success(t("published", lang))


def drop() -> None:
    """Forget a checked import that was not published (its copy is removed)."""
    prepared = st.session_state.pop(PREPARED, None)
    if prepared is not None:
        discard(prepared)


def replaced_words(v: versions.Version, lang: str) -> str:
    if v.action == "rollback":
        return t("version_replaced_rollback", lang, number=v.subject)
    kind, _, name = v.subject.partition(": ")
    return f"{t(f'kind_{kind}', lang) if f'kind_{kind}' in TEXTS else kind}: {name}"


def earlier_versions(lang: str) -> None:
    """The databases earlier publishes replaced, and a way back to one (audited)."""
    auth.require("admin")
    db = source.db_path()
    st.subheader(t("versions_title", lang))
    said = st.session_state.pop(ROLLED_BACK, None)  # the outcome of the click, said above the new list
    if said is not None:
        (st.success if said[0] else st.error)(said[1])
    kept = versions.list_versions(db)
    if not kept:
        st.caption(t("versions_none", lang))
        return
    st.caption(t("versions_how", lang, keep=versions.keep_count()))
    rows = []
    for v in kept:
        newest = v.loads(1)
        rows.append(
            {
                t("version", lang): str(v.number),
                t("version_replaced_at", lang): dt.datetime.fromisoformat(v.replaced_at).strftime("%d-%m-%Y %H:%M"),
                t("version_replaced_by", lang): replaced_words(v, lang),
                t("version_newest_import", lang): newest[0]["file_name"] if newest else "–",
                t("table_registrations", lang): fmt_number(v.tables.get("registrations", 0), 0, lang),
            }
        )
    st.table(pd.DataFrame(rows), hide_index=True, border="horizontal")
    number = st.selectbox(t("version_choose", lang), [v.number for v in kept], key="bijwerken_version")
    st.button(
        t("version_restore", lang, number=number), key="bijwerken_rollback", on_click=_rollback, args=(number, lang)
    )


ROLLED_BACK = "bijwerken_rolled_back"


def _rollback(number: int, lang: str) -> None:
    """Run before the page is drawn again, so the list below shows the outcome."""
    access = auth.require("admin")
    db = source.db_path()
    with attempt(db, access.user, access.role, f"version {number}", "rollback"):
        try:
            target, saved = rollback(db, number)
        except (LookupError, IngestError) as exc:
            audit.record(db, access.user, access.role, "rollback", f"refused: {exc}")
            st.session_state[ROLLED_BACK] = (False, f"{t('import_refused', lang)}: {exc}")
            return
        kept = saved.number if saved else "–"
        detail = f"version {target.number} published again; the database it replaced is version {kept}"
        audit.record(db, access.user, access.role, "rollback", detail)
    st.session_state[ROLLED_BACK] = (True, t("version_restored", lang, number=target.number, saved=kept))
