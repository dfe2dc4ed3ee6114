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

Readers see either the old file or the new one, never a mix: a connection that is open keeps the
old file (its inode) until it is closed; the app opens the new file on its next run because it
keys its connection by the file's identity (``ui.data.db_key``). A failed import leaves the
published file byte-identical. The cost is one copy of the database per import (the demo: a few
MB, milliseconds; the national benchmark file: 462 MB, about a second).
"""

from __future__ import annotations

import fcntl
import itertools
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mik.data import writes
from mik.data.store import connect
from mik.ingest.common import Batch, ImportResult, IngestError, apply_batch

_counter = itertools.count()


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
    copy = db.parent / f"{db.name}.building-{os.getpid()}-{next(_counter)}"
    base = version(db)
    if base is not None:
        shutil.copyfile(db, copy)
    return copy, base


def _apply(db: Path, copy: Path, base, read: Callable[[object], Batch]) -> Prepared:
    try:
        con = connect(copy)
        try:
            before = writes.table_counts(con)
            result = apply_batch(con, read(con))
            after = writes.table_counts(con)
        finally:
            con.close()
    except BaseException:
        discard_path(copy)
        raise
    changes = {t: (before.get(t, 0), n) for t, n in after.items() if before.get(t, 0) != n}
    return Prepared(db, copy, base, result, changes)


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
    os.replace(prepared.copy, prepared.db)
    return prepared.result


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
