"""Versions of the installation's plan: every save a new numbered version, any one restorable.

The plan is the config file (``config.toml``, or ``$MIK_CONFIG``); the app reads it and nothing
else. Its versions live beside it in ``<name>.versies/``: ``0003.toml`` (the text exactly as saved)
and ``0003.json`` (when, by whom, what changed, its sha256). Rules:

* A save is checked first (:func:`mik.plan.editor.validate`, the config file's own checks): a plan
  the app would refuse is never written.
* A save names the version it was made from (``base``, the sha256 of the text the person saw).
  When the file changed since (someone else saved, or it was edited by hand), the save is
  refused with :class:`PlanConflict`, and nothing is written: no change is silently lost.
* The file as it was before the first save, or after an edit by hand, is kept as a version of its
  own first ("bewerkt buiten MIK"), so a restore can always go back to it.
* The new text is written to a temporary file beside the config, flushed to disk and put in
  place by ``os.replace`` (atomic): a reader sees the old plan or the new one, never half of one;
  a crash mid-save leaves the old plan. One save at a time per plan (a lock file).
* Restoring version N saves N's text as a new version: history only grows.

For example (the plan's file; a save names the version it was made from)::

    store = PlanStore("config.toml")
    store.save(new_text, base=store.current().sha, user="u1", role="admin", summary=["..."])
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mik.plan.editor import describe, validate

OUTSIDE = "bewerkt buiten MIK"


class PlanConflict(RuntimeError):
    """The plan changed since the person began: ``newest`` is the version saved since (None: the
    file was edited by hand)."""

    def __init__(self, newest: Version | None):
        self.newest = newest
        who = f"versie {newest.number}, {newest.user}, {newest.saved_at[:16]} UTC" if newest else "buiten MIK bewerkt"
        super().__init__(f"het plan is gewijzigd sinds u begon ({who}); uw wijziging is niet opgeslagen")


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Version:
    number: int
    saved_at: str  # ISO time, UTC
    user: str
    role: str
    summary: tuple[str, ...]
    summary_en: tuple[str, ...]
    sha: str
    restored_from: int | None = None

    def words(self, lang: str = "nl") -> str:
        lines = self.summary_en if lang == "en" else self.summary
        return "; ".join(lines) if lines else ("no change" if lang == "en" else "geen wijziging")


@dataclass(frozen=True)
class Current:
    """The plan as it is now: its text, hash and the version it is (None: not saved by MIK)."""

    text: str
    sha: str
    version: Version | None = None


class PlanStore:
    """The versions of one config file."""

    def __init__(self, config: str | Path):
        self.config = Path(config)
        self.folder = self.config.with_name(f"{self.config.stem}.versies")

    # --- reading ---------------------------------------------------------------------------

    def versions(self) -> list[Version]:
        """Every saved version, newest first."""
        if not self.folder.exists():
            return []
        out = []
        for meta in sorted(self.folder.glob("[0-9][0-9][0-9][0-9].json"), reverse=True):
            d = json.loads(meta.read_text(encoding="utf-8"))
            out.append(
                Version(
                    d["number"],
                    d["saved_at"],
                    d["user"],
                    d["role"],
                    tuple(d["summary"]),
                    tuple(d.get("summary_en", d["summary"])),
                    d["sha"],
                    d.get("restored_from"),
                )
            )
        return out

    def text(self, number: int) -> str:
        """The text of version ``number``; KeyError when there is none."""
        path = self.folder / f"{number:04d}.toml"
        if not path.exists():
            raise KeyError(f"plan version {number} does not exist")
        return path.read_text(encoding="utf-8")

    def current(self) -> Current:
        text = self.config.read_text(encoding="utf-8")
        h = sha(text)
        newest = next(iter(self.versions()), None)
        return Current(text, h, newest if newest and newest.sha == h else None)

    # --- writing ---------------------------------------------------------------------------

    def save(self, text: str, *, base: str, user: str, role: str, restored_from: int | None = None) -> Version:
        """Check ``text`` and make it the plan, as a new version. ``base``: the sha256 of the text
        the change was made on. ConfigError (the plan's own message) or PlanConflict; on either,
        nothing is written."""
        new_cfg = validate(text)
        with self._lock():
            now = self.current()
            if now.sha != base:
                raise PlanConflict(now.version)
            if now.version is None:  # the file as it is (first save, or edited by hand): kept first
                self._write_version(now.text, OUTSIDE, "", ([OUTSIDE], ["edited outside MIK"]), None)
            try:
                old_cfg = validate(now.text)
                summary = (describe(old_cfg, new_cfg, "nl"), describe(old_cfg, new_cfg, "en"))
            except ValueError:  # the file was broken by hand: everything is new
                summary = (["het plan vervangt een onleesbaar bestand"], ["the plan replaces an unreadable file"])
            version = self._write_version(text, user, role, summary, restored_from)
            _replace(self.config, text)
            return version

    def restore(self, number: int, *, base: str, user: str, role: str) -> Version:
        """Make version ``number`` the plan again, as a new version."""
        return self.save(self.text(number), base=base, user=user, role=role, restored_from=number)

    def _write_version(self, text, user, role, summary, restored_from) -> Version:
        self.folder.mkdir(parents=True, exist_ok=True)
        numbers = [int(p.stem) for p in self.folder.glob("[0-9][0-9][0-9][0-9].json")]
        n = max(numbers, default=0) + 1
        nl, en = summary
        if restored_from is not None:
            nl = [f"versie {restored_from} teruggezet", *nl]
            en = [f"version {restored_from} restored", *en]
        version = Version(n, _now(), user, role, tuple(nl), tuple(en), sha(text), restored_from)
        _replace(self.folder / f"{n:04d}.toml", text)
        meta = {
            "number": n,
            "saved_at": version.saved_at,
            "user": user,
            "role": role,
            "summary": nl,
            "summary_en": en,
            "sha": version.sha,
            "restored_from": restored_from,
        }
        _replace(self.folder / f"{n:04d}.json", json.dumps(meta, ensure_ascii=False, indent=1))
        return version

    @contextmanager
    def _lock(self) -> Iterator[None]:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _replace(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a temporary file beside it, flushed, renamed."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_version(path: str | Path) -> str:
    """The identity of the config file (inode, mtime, size): a new value after every save."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "0"
    return f"{st.st_ino}-{st.st_mtime_ns}-{st.st_size}"
