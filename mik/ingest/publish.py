"""Import while the app serves: into a copy, published by an atomic rename.

DuckDB lets one process write a file, and a reader in another process (the app) blocks a writer.
So an import never writes the published database itself:

1. :func:`prepare` copies the published file to ``<db>.building-<pid>-<n>`` beside it, reads and
   validates the input file, and applies it there in one transaction. The copy knows what it
   changes (rows per table before and after): the preview.
2. :func:`commit` replaces the published file by the copy with ``os.replace``, an atomic rename
   on the same file system, provided nobody published another version since the copy was made.
   :func:`discard` removes the copy (a refused or abandoned import). :func:`publish` does both
   under one lock, so imports started at the same time queue instead of overwriting each other.

The copy is complete on disk before it is published, and checked: it is checkpointed
(its write-ahead log folded into the file: DuckDB keeps committed rows in ``<copy>.wal`` when a
checkpoint fails, e.g. on a full disk, and a rename of the main file alone would publish the file
without them), flushed to disk, and (:func:`_verify`) opened again read-only to read every row of
every table (DuckDB checks each block's checksum: a damaged block of the published file is not
carried into the next one) and count them against what the import wrote. Only then is it
renamed, and the folder flushed, so a power loss
after "imported" cannot take the rename back. An import that could not be written whole (no
space, a file-size limit) is refused with that reason, its copy removed, the published file
untouched: it never says "imported" for rows that did not land. Copies left by a process that
died mid-import (``<db>.building-<pid>-<n>``, its WAL) are removed by the next import.

Readers see either the old file or the new one, never a mix: a connection that is open keeps the
old file (its inode) until it is closed; the app opens the new file on its next run because it
keys its connection by the file's identity (``ui.data.db_key``). A failed import leaves the
published file byte-identical. The cost is one copy of the database per import (the demo: a few
MB, milliseconds; the national benchmark file: 462 MB, about a second).
"""

from __future__ import annotations

import fcntl
import itertools
import json
import os
import shutil
import signal
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mik.data import queries, writes
from mik.data.store import connect, read_whole
from mik.ingest import versions
from mik.ingest.common import Batch, ImportResult, IngestError, apply_batch

_counter = itertools.count()


def _fault(point: str) -> None:
    """Fault injection for the tests (``MIK_FAULT=<point>``): the process dies here, as by kill -9."""
    if os.environ.get("MIK_FAULT") == point:
        os.kill(os.getpid(), signal.SIGKILL)


@contextmanager
def attempt(db: str | Path, who: str, role: str, what: str, action: str = "import") -> Iterator[None]:
    """Mark a publish as under way (``<db>.publishing-<pid>``: who, what, the version it started
    from) until the block ends, the caller's audit line written. A process killed inside it
    leaves its mark, and the next import, rollback or start logs what happened
    (:func:`reconcile`): no import is dropped or published without a line in the audit log."""
    db = Path(db)
    reconcile(db)
    mark = db.with_name(f"{db.name}.publishing-{os.getpid()}")
    info = {"who": who, "role": role, "what": what, "action": action, "base": version(db)}
    mark.write_text(json.dumps(info), encoding="utf-8")
    try:
        yield
    finally:
        mark.unlink(missing_ok=True)


def reconcile(db: str | Path) -> list[str]:
    """After a process died during a publish: say in the audit log whether its file was published
    (the database is no longer the version it started from, and its newest load is that file; a
    rollback: the database moved) or not, and remove its mark. Returns the lines written."""
    from mik.data import audit

    db = Path(db)
    said = []
    for mark in sorted(db.parent.glob(f"{db.name}.publishing-*")):
        pid = mark.name.rsplit("-", 1)[1]
        if not pid.isdigit() or alive(int(pid)):
            continue  # still at work
        try:
            info = json.loads(mark.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # killed while writing its mark: nothing had started
            mark.unlink(missing_ok=True)
            continue
        now = version(db)
        moved = now is not None and list(now) != info.get("base")
        landed = moved and (info["action"] == "rollback" or _newest_file(db) == Path(info["what"]).name)
        outcome = "published" if landed else "not published"
        line = f"{info['what']}: {outcome}; its process ended (killed) before it could say so"
        audit.record(db, info["who"], info["role"], info["action"], line)
        mark.unlink(missing_ok=True)
        said.append(line)
    return said


def _newest_file(db: Path) -> str | None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        loads = queries.newest_loads(con, 1)
    finally:
        con.close()
    return loads[0]["file_name"] if loads else None


def version(db: Path) -> tuple[int, int, int] | None:
    """The identity of the published file (inode, mtime, size); None when there is none yet."""
    try:
        st = os.stat(db)
    except FileNotFoundError:
        return None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


@dataclass(frozen=True)
class Prepared:
    """An import applied to a copy of the published database, not yet published."""

    db: Path
    copy: Path
    base: tuple[int, int, int] | None  # the published version the copy was made from
    result: ImportResult
    changes: dict[str, tuple[int, int]]  # table -> (rows before, rows after)
    before: dict[str, int] | None = None  # rows per table of the published version (kept as a version)


class Stale(IngestError):
    """Another import was published between :func:`prepare` and :func:`commit`."""


@contextmanager
def _publish_lock(db: Path) -> Iterator[None]:
    """One publisher at a time per database (two imports at once queue here)."""
    lock = db.parent / f"{db.name}.publish-lock"
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def prepare(db: str | Path, read: Callable[[object], Batch]) -> Prepared:
    """Apply the batch that ``read(con)`` returns to a copy of ``db``. Raises IngestError (the
    copy is removed then; ``db`` is never touched)."""
    db = Path(db)
    with _publish_lock(db):
        copy, base = _copy(db)
    return _apply(db, copy, base, read)


def _copy(db: Path) -> tuple[Path, tuple[int, int, int] | None]:
    remove_leftovers(db)
    copy = db.parent / f"{db.name}.building-{os.getpid()}-{next(_counter)}"
    base = version(db)
    if base is not None:
        try:
            shutil.copyfile(db, copy)
            _fault("copy")
        except OSError as exc:  # no room for the copy: nothing is left behind, nothing changes
            discard_path(copy)
            raise IngestError(db, f"not imported: the working copy could not be written ({_reason(exc)})") from None
    return copy, base


def _apply(db: Path, copy: Path, base, read: Callable[[object], Batch]) -> Prepared:
    # no space, a size limit, a bad read-back: refused as such; any other error (a reader's) as it is
    before, result, after = _written(
        db,
        copy,
        lambda con: apply_batch(con, read(con)),
        "not imported: the new database could not be written",
        (OSError, duckdb.IOException, duckdb.FatalException),
    )
    changes = {t: (before.get(t, 0), n) for t, n in after.items() if before.get(t, 0) != n}
    return Prepared(db, copy, base, result, changes, before if base is not None else None)


def _written(db: Path, copy: Path, work: Callable[[object], object], refusal: str, catch: tuple):
    """Run ``work(con)`` on the copy (its schema brought up to date), fold its write-ahead log into
    the file and read it back whole (:func:`_verify`). Returns (rows per table before, what ``work``
    returned, rows per table after). An error of a kind in ``catch`` is refused as IngestError
    ``refusal (why)``; the copy is removed on every error."""
    try:
        con = connect(copy)
        try:
            before = writes.table_counts(con)
            result = work(con)
            after = writes.table_counts(con)
            con.execute("FORCE CHECKPOINT")  # the rows into the file itself, not left in its WAL
            _fault("apply")
        finally:
            con.close()
        _verify(copy, after)
    except catch as exc:
        discard_path(copy)
        why = _reason(exc) if isinstance(exc, OSError) else str(exc).splitlines()[0]
        raise IngestError(db, f"{refusal} ({why})") from None
    except BaseException:
        discard_path(copy)
        raise
    return before, result, after


def _verify(copy: Path, expected: dict[str, int]) -> None:
    """After the copy is closed: no write-ahead log left beside it (a failed checkpoint), its bytes
    on disk, and every table readable with the rows the import counted."""
    wal = copy.with_name(copy.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise OSError(28, "the import's rows stayed in the write-ahead log: the checkpoint did not complete")
    _fsync(copy)
    check = duckdb.connect(str(copy), read_only=True)
    try:
        found = read_whole(check)  # every block read back: a damaged one is not carried into the new file
    except duckdb.Error as exc:
        raise OSError(5, f"the database has a damaged block ({str(exc).splitlines()[0][:200]})") from None
    finally:
        check.close()
    if found != expected:
        wrong = {t: (expected.get(t), n) for t, n in found.items() if expected.get(t) != n}
        raise OSError(5, f"the written database does not read back as written: {wrong}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _reason(exc: OSError) -> str:
    return {28: "no space left on the disk", 27: "the file would exceed the size allowed"}.get(exc.errno, str(exc))


STALE_HOURS = 6  # a checked import nobody published (a browser closed) is dropped after this


def remove_leftovers(db: Path) -> list[Path]:
    """Remove copies (and their WAL) beside ``db`` that a process which no longer runs left, or that
    a running app checked more than :data:`STALE_HOURS` ago and nobody published; and uploaded
    files a killed process left in ``<db>.uploads``."""
    removed = []
    for path in db.parent.glob(f"{db.name}.building-*"):
        parts = path.name.removeprefix(f"{db.name}.building-").split("-")
        if not parts[0].isdigit():
            continue
        old = time.time() - path.stat().st_mtime > STALE_HOURS * 3600
        if alive(int(parts[0])) and not old:
            continue
        path.unlink(missing_ok=True)
        removed.append(path)
    for folder in db.parent.glob(f"{db.name}.uploads/*-*"):  # uploads of a killed check
        pid = folder.name.split("-")[0]
        if pid.isdigit() and not alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs (one of another user counts as running)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def commit(prepared: Prepared) -> ImportResult:
    """Publish the copy (atomic rename). Refused when another version was published meanwhile."""
    with _publish_lock(prepared.db):
        return _commit(prepared)


def _commit(prepared: Prepared) -> ImportResult:
    if version(prepared.db) != prepared.base:
        discard(prepared)
        raise Stale(
            prepared.db,
            "the database changed since this import was checked (another import was published); "
            "check and publish it again",
        )
    versions.keep(prepared.db, "import", f"{prepared.result.kind}: {prepared.result.file}", prepared.before)
    _fault("keep")
    os.replace(prepared.copy, prepared.db)
    _fsync(prepared.db.parent)  # the rename itself on disk: "imported" survives a power loss
    _fault("rename")
    return prepared.result


def rollback(db: str | Path, number: int | None = None) -> tuple[versions.Version, versions.Version | None]:
    """Publish a copy of kept version ``number`` (the newest when None) again, the way an import
    publishes (verified, atomic, flushed); the database it replaces is kept as a new version.
    Returns (the version published again, the version the replaced database became). Raises
    LookupError for an unknown version, IngestError when the copy cannot be written (nothing changes)."""
    db = Path(db)
    with _publish_lock(db):
        remove_leftovers(db)
        target = versions.find(db, number)
        copy = db.parent / f"{db.name}.building-{os.getpid()}-{next(_counter)}"
        refusal = f"not rolled back: version {target.number} could not be copied"
        try:
            shutil.copyfile(target.path, copy)
        except OSError as exc:
            discard_path(copy)
            raise IngestError(db, f"{refusal} ({_reason(exc)})") from None
        _written(db, copy, lambda con: None, refusal, (OSError, duckdb.Error))
        kept = versions.keep(db, "rollback", str(target.number))
        os.replace(copy, db)
        _fsync(db.parent)
    return target, kept


def discard(prepared: Prepared) -> None:
    """Drop a prepared import; the published database stays as it is."""
    discard_path(prepared.copy)


def discard_path(path: Path) -> None:
    for p in (path, path.with_name(path.name + ".wal")):
        p.unlink(missing_ok=True)


def publish(db: str | Path, read: Callable[[object], Batch]) -> ImportResult:
    """Copy, apply and publish in one go, holding the publish lock throughout (the CLI's import):
    imports started at the same time queue and each lands on the one before."""
    db = Path(db)
    with _publish_lock(db):
        prepared = _apply(db, *_copy(db), read)
        if not prepared.result.applied:
            discard(prepared)
            return prepared.result
        return _commit(prepared)
