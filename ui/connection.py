"""The read-only DuckDB connections of this process, one per published version of the database.
Only :mod:`ui.data`, :mod:`ui.source` and the admin's importer use it; pages never do
(import-linter contract).

An import publishes a new file by rename (:mod:`mik.ingest.publish`). A connection keeps the
version it opened (its inode) until it is closed, so this process can serve the old version while
the new one is made ready:

- **Warm before switching** (``MIK_WARM_SWITCH=1``; off by default): a watcher thread notices a
  new version within a second, opens it, recomputes for it every figure the sessions of this
  process asked for (:func:`ui.cache.replay`, newest first, within a time budget), and only then
  makes it the version the sessions read (:meth:`Published.served`); a new file that cannot be
  opened is not switched to (the old one goes on serving; readiness, :mod:`mik.ops.health`,
  reports the damage). Measured on the demo under ten sessions (``scripts/operations_bench.py
  publish``), switching at once was faster: the figure cache computes each cold figure once for
  everyone who asks (0.18 s median in the 15 s after a publish, 1.14 times the quiet minute),
  while recomputing every recent figure in the background competed with the sessions for the two
  cores (0.27 s). It is for databases whose figures take seconds to compute.
- **Closed only when unused**: a version that is no longer served is closed
  :data:`RETIRE_SECONDS` later, not at once, so a page run that started on it finishes on it (the
  old cache of two connections closed one that a run still used: "Connection already closed!").

Without the watcher the sessions read the file as it is on disk: a publish is seen on the next run.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import streamlit as st

from mik.data.store import open_snapshot
from mik.ingest.publish import version
from mik.plan.i18n import t
from mik.settings import ROOT
from ui.cache import forget

RETIRE_SECONDS = 120.0
WARM_BUDGET_SECONDS = 60.0  # replaying figures for a new version stops after this; the rest on demand
log = logging.getLogger("mik.connection")


def version_key(path: Path, v: tuple | None) -> str:
    """The key of one version of the database: its path and identity (inode, mtime, size)."""
    return f"{path}?v={'-'.join(map(str, v))}" if v else str(path)


def parse_key(key: str) -> tuple[Path, tuple | None]:
    base = key.split("&plan=", 1)[0].split("?plan=", 1)[0]
    path, _, v = base.partition("?v=")
    return Path(path), tuple(int(x) for x in v.split("-")) if v else None


class Published:
    """The versions of the published database this process has open, and which one it serves."""

    def __init__(self):
        self.lock = threading.Lock()
        self.open: dict[tuple[str, tuple | None], object] = {}  # (path, version) -> connection
        self.serving: dict[str, tuple] = {}  # path -> the version sessions read (with a watcher)
        self.retired: list[tuple[float, object, str]] = []  # (close after, connection, version key)
        self.watchers: set[str] = set()

    def served(self, path: Path) -> tuple | None:
        """The version the sessions of this process read: the newest warm one under a watcher,
        else the file as it is now."""
        with self.lock:
            kept = self.serving.get(str(path))
        return kept if kept is not None else version(path)

    def connection(self, path: Path, v: tuple | None):
        """The connection to version ``v`` of ``path`` (opened now when it is the file on disk)."""
        with self.lock:
            if self.retired:
                self._close_due()
            con = self.open.get((str(path), v))
            if con is not None:
                return con
        on_disk = version(path)  # a version no longer on disk cannot be opened: the one that is
        con = open_snapshot(path)
        with self.lock:
            kept = self.open.setdefault((str(path), on_disk), con)
            if kept is not con:  # opened twice at once: one is enough (its figures are the kept one's)
                self.retired.append((time.monotonic() + RETIRE_SECONDS, con, ""))
            if str(path) not in self.serving:  # no watcher: the newest opened version is the one read
                self._retire(path, keep=on_disk)
            self._close_due()
        return kept

    def _retire(self, path: Path, keep: tuple | None) -> None:
        """(Under the lock) every other open version of ``path`` is closed :data:`RETIRE_SECONDS` from now."""
        for (p, v), con in list(self.open.items()):
            if p == str(path) and v != keep:
                del self.open[(p, v)]
                self.retired.append((time.monotonic() + RETIRE_SECONDS, con, version_key(Path(p), v)))

    def _close_due(self) -> None:
        """Close the retired connections that are due, and drop the cached figures of their versions
        (a replaced version's figures would otherwise stay in memory until they expire)."""
        now = time.monotonic()
        due = [(con, key) for when, con, key in self.retired if when <= now]
        self.retired = [r for r in self.retired if r[0] > now]
        for con, key in due:
            try:
                con.close()
            except Exception as exc:  # closing an old version must never break a run
                log.warning("closing an old database version: %s", exc)
            if key and not any(version_key(Path(p), v) == key for p, v in self.open):
                forget(key)

    def switch(self, path: Path, v: tuple) -> None:
        """Serve version ``v`` from now on; the others retire."""
        with self.lock:
            self.serving[str(path)] = v
            self._retire(path, keep=v)
            self._close_due()

    def watch(self, path: Path, warm) -> None:
        """Start (once per path) the thread that warms and switches to each new version."""
        with self.lock:
            if str(path) in self.watchers:
                return
            self.watchers.add(str(path))
            self.serving[str(path)] = version(path)
        if self.serving[str(path)] is not None:  # held open: served until the next version is warm
            self.connection(path, self.serving[str(path)])
        threading.Thread(target=self._watch, args=(path, warm), daemon=True, name="mik-publish-watch").start()

    def _watch(self, path: Path, warm) -> None:
        while True:
            time.sleep(1.0)
            with self.lock:
                self._close_due()
                old = self.serving.get(str(path))
            new = version(path)
            if new is None or new == old:
                continue
            try:
                self.connection(path, new)
            except Exception as exc:  # a file that cannot be opened is not switched to
                log.error("the new database version cannot be opened; still serving the old one: %s", exc)
                time.sleep(4.0)
                continue
            start = time.perf_counter()
            done = warm(version_key(path, old), version_key(path, new), WARM_BUDGET_SECONDS)
            self.switch(path, new)
            print(
                f"MIK: new database version served after computing {done} figures for it in "
                f"{time.perf_counter() - start:.1f} s",
                flush=True,
            )


@st.cache_resource(show_spinner=False)
def published() -> Published:
    return Published()


def get_connection(key: str):
    """The read-only connection of the version in ``key`` (``ui.source.db_key``); the demo is built
    first when there is no database. The plan's part of the key (``&plan=``) opens nothing new."""
    path, v = parse_key(key)
    if not path.exists():
        if os.environ.get("MIK_DB"):
            st.error(t("no_database", "nl", path=path))
            st.stop()
        with st.spinner(t("building_demo")):
            _build_demo(path)
        v = version(path)
    return published().connection(path, v)


def _build_demo(path: Path) -> None:
    """The demo database, built by ``python -m mik demo`` in a process of its own: the app never
    loads the generators (mik.tools), and the writer's lock on the file ends with that process."""
    done = subprocess.run(
        [sys.executable, "-m", "mik", "demo", "--db", str(path)], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"python -m mik demo failed: {done.stderr[-2000:]}")
