"""Duiding: what the analyst, with the partners, concluded about a theme or one signal in a month.

The plan's annex on MIK: "kwantitatieve data → kwalitatieve beoordeling in afstemming met (interne
en externe) partners → rapportage". A duiding is a short text per theme and month (or per signal of
that month), written by a role with ``duiding = "write"`` (the analist), remarked on by roles with
``duiding = "remark"`` (the partners), and marked final by a writer. Final duidingen go into
presentation mode, the driehoek deck of their month and the council report of their quarter.

Rules:

* **Versioned, never overwritten.** Every save, remark and "final" is a new row; the newest text is
  the duiding, the older ones its history. A save names the version it was made from (``base``);
  when someone saved in between, it is refused (:class:`DuidingConflict`) and nothing is lost. A
  save after "final" makes a new concept; until it is marked final in turn, presentation mode and
  the reports keep the last final version (:func:`final`).
* **Seen at its level only.** The writer says which level the text speaks about (gemeente, wijk,
  buurt, straat; a signal's is its area's). A role sees a duiding, its remarks and its versions only
  where it may see that level (:meth:`mik.privacy.access.Access.may_see`); an older version at a
  finer level than the current one stays hidden from roles that may not see that level. A role of
  some wijken (a buurtteam) sees below the gemeente only the duidingen of signals in its own areas:
  a theme's text at wijk or buurt level may speak of any area of the city.
* **No small numbers unchecked.** Roles that see small counts hidden read these texts too. A text
  or remark that names a whole number from 1 up to the small-count threshold (digits standing
  alone, or a number word: "3", "drie") is refused until its writer confirms it counts no people or
  offences (``checked=True``): "3 wijken" may stay, "3 inbraken in Reigerpark" may not
  (:func:`small_numbers`).
* **Audited in the same transaction.** Each row is written with its line in the audit log
  (action ``duiding``), in one SQLite transaction: no duiding without its audit line.
* **Kept beside the figures.** The rows live in the database's SQLite side file (``<db>.audit.sqlite``,
  :mod:`mik.data.audit`), not in the published DuckDB file: an import or a rollback publishes a
  new figures file, and a judgement written since must not be lost with the file it was read
  from. Every app process writes to it at once (SQLite's locking), as with logins.

Authors are kept by user name (the audit log needs it); screens and documents show their role
and the date only.

For example (the database, a writer's Access, the theme, the month, the text and the version it was
written on; it returns the version saved)::

    save("data/mik.duckdb", access_for(cfg, "a", "analist"), "c", "2016-11", "Minder inbraken.", base=0)
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from mik.data import audit
from mik.plan.config import LEVELS
from mik.plan.i18n import t
from mik.plan.periods import add_months, parse_period

MAX_CHARS = 2000  # a short interpretation, read aloud in a meeting
THEME = ""  # the subject of a duiding of the whole theme (else a signal's key, :func:`signal_subject`)
LOCAL = ZoneInfo("Europe/Amsterdam")


class Access(Protocol):
    """What the rules read of a :class:`mik.privacy.access.Access` (the data layer sits beside the
    privacy package, not on it)."""

    user: str
    role: str
    duiding: str
    areas: tuple[str, ...]
    threshold: int

    def may_see(self, level: str) -> bool: ...

    def within(self, code: str) -> bool: ...


class DuidingError(ValueError):
    """A save, remark or final that may not be made: ``key`` (a text of :mod:`mik.plan.i18n`) and its
    ``values`` say why, in the reader's language (:meth:`words`); str() is the Dutch."""

    def __init__(self, key: str, **values):
        super().__init__(t(key, "nl", **values))
        self.key, self.values = key, values

    def words(self, lang: str) -> str:
        return t(self.key, lang, **self.values)


class DuidingConflict(DuidingError):
    """Someone saved a newer version since the one the text was written on."""


@dataclass(frozen=True)
class Entry:
    """One row as a reader sees it: who (role), when (local date), what."""

    role: str
    at: dt.datetime
    body: str
    version: int
    level: str

    @property
    def date(self) -> str:
        return f"{self.at:%d-%m-%Y}"


@dataclass(frozen=True)
class Duiding:
    """The newest text of a theme (or signal) and month, with its remarks and visible history."""

    theme: str
    month: str
    subject: str
    label: str  # what it is about, in words: the theme, or "area: category" for a signal
    level: str
    text: Entry
    final: Entry | None  # the "final" mark of this very version, None while a concept
    remarks: tuple[Entry, ...]  # on any version, oldest first
    history: tuple[Entry, ...]  # earlier texts this reader may see, newest first

    @property
    def version(self) -> int:
        return self.text.version


def may_write(access: Access) -> bool:
    return access.duiding == "write"


def may_remark(access: Access) -> bool:
    return access.duiding in ("write", "remark")


def signal_subject(level: str, area_code: str, category: str) -> str:
    """The subject key of a duiding of one signal: the area and category it flags."""
    return f"signaal:{level}:{area_code}:{category}"


def _month(month: str) -> str:
    try:
        dt.datetime.strptime(month, "%Y-%m")
    except ValueError:
        raise DuidingError("duiding_err_month", month=month) from None
    return month


def _body(text: str) -> str:
    body = (text or "").strip()
    if not body:
        raise DuidingError("duiding_err_empty")
    if len(body) > MAX_CHARS:
        raise DuidingError("duiding_err_long", n=len(body), most=MAX_CHARS)
    return body


def sees(access: Access, level: str, subject: str = THEME) -> bool:
    """Whether ``access`` may read a text at ``level`` about ``subject`` (see the rules above)."""
    if not access.may_see(level):
        return False
    if not access.areas or level == "gemeente":
        return True
    return subject != THEME and access.within(subject.split(":")[2])


_WORDS = {
    **dict.fromkeys(("één", "eén"), 1),
    **{w: n for n, w in enumerate(("twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen"), start=2)},
    **{w: n for n, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine"), start=1)},
}
#: a whole number standing alone: not part of a date, code, decimal, range or percentage
_DIGITS = re.compile(r"(?<![\w.,/:+\-–])(\d+)(?![\w%/:]|[.,\-–]\d|\s*%)")


def small_numbers(text: str, threshold: int) -> list[str]:
    """The whole numbers from 1 below ``threshold`` that ``text`` names, as written, once each.

    >>> small_numbers("In Reigerpark 3 inbraken, drie meer dan in 2015 (+4%, 2016-09, Q3, 3,5).", 5)
    ['3', 'drie']
    >>> small_numbers("Een daling van 12 naar 9 per 1.000 inwoners.", 5)
    []
    """
    found = [m.group(1) for m in _DIGITS.finditer(text) if 1 <= int(m.group(1)) < threshold]
    found += [w for w in re.findall(r"[^\W\d_]+", text) if 1 <= _WORDS.get(w.lower(), 0) < threshold]
    return list(dict.fromkeys(found))


def _checked(body: str, access: Access, checked: bool) -> str:
    small = small_numbers(body, access.threshold)
    if small and not checked:
        raise DuidingError("duiding_err_small", numbers=", ".join(small), threshold=access.threshold)
    return body


def _level(level: str, access: Access, subject: str) -> str:
    if level not in LEVELS:
        raise DuidingError("duiding_err_level", level=level)
    if not sees(access, level, subject):
        raise DuidingError("duiding_err_unseen", role=access.role, level=level)
    return level


def _newest(con, theme: str, month: str, subject: str):
    return con.execute(
        "SELECT version, kind, level, label FROM duiding WHERE theme = ? AND month = ? AND subject = ? "
        "AND kind != 'remark' ORDER BY id DESC LIMIT 1",
        [theme, month, subject],
    ).fetchone()


def _insert(con, access: Access, key: tuple, label: str, level: str, kind: str, version: int, body: str) -> None:
    at = dt.datetime.now(dt.UTC).replace(tzinfo=None).isoformat(sep=" ", timespec="seconds")
    con.execute(
        "INSERT INTO duiding (theme, month, subject, label, level, kind, version, body, user_name, role, at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [*key, label, level, kind, version, body, access.user or "-", access.role, at],
    )
    theme, month, subject = key
    about = f"{theme} {month}" + (f" {subject}" if subject else "")
    small = small_numbers(body, access.threshold)  # there only when its writer checked them (_checked)
    noted = f"; kleine getallen gecontroleerd: {', '.join(small)}" if small else ""
    audit.append(con, access.user or "-", access.role, "duiding", f"{kind} v{version}: {about} ({level}){noted}")


def save(
    db: str | Path,
    access: Access,
    theme: str,
    month: str,
    text: str,
    *,
    base: int,
    level: str = "gemeente",
    subject: str = THEME,
    label: str = "",
    checked: bool = False,
) -> int:
    """Save ``text`` as the next version of the duiding of ``theme`` in ``month`` (about
    ``subject``, at ``level``); ``base`` is the version the writer saw (0: none yet). Returns the new
    version number. Raises :class:`DuidingError` (not a writer, a level the role may not see, empty
    or too long) or :class:`DuidingConflict` (a newer version was saved since ``base``)."""
    if not may_write(access):
        raise DuidingError("duiding_err_write", role=access.role)
    key, level = (theme, _month(month), subject), _level(level, access, subject)
    body = _checked(_body(text), access, checked)
    with audit.writing(db) as con:
        newest = _newest(con, *key)
        current = newest[0] if newest else 0
        if current != base:
            raise DuidingConflict("duiding_err_conflict", current=current, base=base)
        _insert(con, access, key, label or theme, level, "text", current + 1, body)
    return current + 1


def remark(
    db: str | Path, access: Access, theme: str, month: str, text: str, *, subject: str = THEME, checked: bool = False
) -> None:
    """Add a remark to the current version (a partner's, or a writer's own)."""
    if not may_remark(access):
        raise DuidingError("duiding_err_remark", role=access.role)
    key, body = (theme, _month(month), subject), _checked(_body(text), access, checked)
    with audit.writing(db) as con:
        newest = _newest(con, *key)
        if newest is None:
            raise DuidingError("duiding_err_nothing")
        version, _, level, label = newest
        _level(level, access, subject)
        _insert(con, access, key, label, level, "remark", version, body)


def finalize(db: str | Path, access: Access, theme: str, month: str, *, version: int, subject: str = THEME) -> None:
    """Mark ``version`` final: it is then what presentation mode and the reports carry. Refused when
    a newer version was saved since (the writer would finalize a text they have not read)."""
    if not may_write(access):
        raise DuidingError("duiding_err_final", role=access.role)
    key = (theme, _month(month), subject)
    with audit.writing(db) as con:
        newest = _newest(con, *key)
        if newest is None:
            raise DuidingError("duiding_err_nothing")
        current, kind, level, label = newest
        if current != version:
            raise DuidingConflict("duiding_err_newer", current=current)
        if kind == "final":
            raise DuidingError("duiding_err_already", current=current)
        _level(level, access, subject)
        _insert(con, access, key, label, level, "final", current, "")


def _entry(row: dict) -> Entry:
    when = dt.datetime.fromisoformat(row["at"]).replace(tzinfo=dt.UTC).astimezone(LOCAL)
    return Entry(row["role"], when, row["body"], row["version"], row["level"])


def of_month(
    db: str | Path, access: Access, theme: str | None, months: tuple[str, ...], final_only: bool = False
) -> list[Duiding]:
    """Every duiding of ``theme`` (None: all themes) in ``months`` that ``access`` may see, the
    theme's own first, then its signals by label. ``final_only``: each as its newest final version
    (a concept written after it does not take it out of the reports), and none without one."""
    if not audit.audit_path(db).exists() or not months:
        return []
    where = f"month IN ({', '.join('?' * len(months))})" + (" AND theme = ?" if theme is not None else "")
    with audit.reading(db) as con:
        cursor = con.execute(
            "SELECT theme, month, subject, label, level, kind, role, at, body, version FROM duiding "
            f"WHERE {where} ORDER BY id",
            [*months, *([theme] if theme is not None else [])],
        )
        names = [c[0] for c in cursor.description]
        rows = [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]
    grouped: dict[tuple, list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["theme"], row["month"], row["subject"]), []).append(row)
    out = []
    for key, group in grouped.items():
        texts = [r for r in group if r["kind"] == "text"]
        marks = {r["version"]: r for r in group if r["kind"] == "final"}
        if final_only:
            texts = [r for r in texts if r["version"] in marks]
        subject = key[2]
        if not texts or not sees(access, texts[-1]["level"], subject):
            continue
        newest = texts[-1]
        out.append(
            Duiding(
                *key,
                label=newest["label"],
                level=newest["level"],
                text=_entry(newest),
                final=_entry(marks[newest["version"]]) if newest["version"] in marks else None,
                remarks=tuple(_entry(r) for r in group if r["kind"] == "remark" and sees(access, r["level"], subject)),
                history=tuple(_entry(r) for r in reversed(texts[:-1]) if sees(access, r["level"], subject)),
            )
        )
    return sorted(out, key=lambda d: (d.theme, d.month, d.subject != THEME, d.label))


def final(db: str | Path, access: Access, months: tuple[str, ...]) -> tuple[Duiding, ...]:
    """The final duidingen of ``months`` that ``access`` may see (for presentation mode and the
    reports): hashable, so a cached report is made anew when one changes."""
    return tuple(of_month(db, access, None, months, final_only=True))


def for_report(db: str | Path, access: Access, period: str) -> tuple[Duiding, ...]:
    """The final duidingen of a report's period, a month (YYYY-MM: the driehoek deck) or a quarter
    (YYYY-Qn: the council report), as ``access`` may see them."""
    p = parse_period(period)
    months = tuple(f"{add_months(p.start, i):%Y-%m}" for i in range(p.months))
    return final(db, access, months)
