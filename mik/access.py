"""Who may see what: the finest level per role, and small-count suppression (no Streamlit).

Rules (config.toml ``[[roles]]`` and ``[privacy] small_count_threshold``, default 5):

* A role sees areas down to its ``finest_level`` (gemeente < wijk < buurt < straat). An
  aandachtsgebied is made of buurten and counts as buurt level. Asking for a finer level raises
  :class:`AccessDenied`; no page, link or export gets around it because every area figure of the
  app comes through functions that take an :class:`Access`.
* Roles without ``unsuppressed`` see counts from 1 up to the threshold as "<5" at every level
  below the gemeente (primary suppression), and rates from such counts are suppressed too.
* Secondary suppression stops a hidden count being derived by subtraction: within every group
  whose total is shown (the buurten of a wijk, the wijken of the city, the months of a year, the
  categories of an area), suppressed cells take the smallest other cells with them until at least
  two are hidden and together hold at least the threshold. An aandachtsgebied is hidden when any
  of its buurten is hidden (primary or secondary). :mod:`mik.disclosure` checks all of it with
  linear programming.
* Restricted roles below gemeente level get whole calendar years only: months, quarters and
  overlapping windows (year-to-date, rolling 12 months) could be subtracted from the year or from
  each other; the plan's targets are yearly anyway. Below gemeente level they also get the plan's
  indicators and the total ``0.0.0`` only, not single categories (parts could be subtracted from
  composites), and no breakdown by type.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mik.config import Config

LEVEL_RANK = {"gemeente": 0, "wijk": 1, "buurt": 2, "aandachtsgebied": 2, "straat": 3}
RESTRICTED_PERIOD_KINDS = ("year",)


class AccessDenied(PermissionError):
    """The role may not see this level or period; the message says why, without figures."""


@dataclass(frozen=True)
class Access:
    user: str
    role: str
    finest_level: str
    unsuppressed: bool
    threshold: int = 5
    admin: bool = False

    def may_see(self, level: str) -> bool:
        return LEVEL_RANK[level] <= LEVEL_RANK[self.finest_level]

    def suppresses(self, level: str) -> bool:
        return not self.unsuppressed and level != "gemeente"

    @property
    def label(self) -> str:
        return f"<{self.threshold}"


def access_for(cfg: Config, user: str, role: str) -> Access:
    """The Access of a role from config.toml. Unknown roles get nothing finer than the gemeente."""
    for r in cfg.roles:
        if r.id == role:
            return Access(user, r.id, r.finest_level, r.unsuppressed, cfg.small_count_threshold, r.admin)
    return Access(user, "publiek", "gemeente", False, cfg.small_count_threshold)


FULL = Access("cli", "analist", "straat", True)  # the command line: whoever holds the database file


def check_level(access: Access | None, level: str) -> None:
    if access is not None and not access.may_see(level):
        raise AccessDenied(f"de rol {access.role} mag niet verder kijken dan {access.finest_level} (gevraagd: {level})")


def check_period(access: Access | None, level: str, period_kind: str) -> None:
    if access is not None and access.suppresses(level) and period_kind not in RESTRICTED_PERIOD_KINDS:
        raise AccessDenied(
            f"de rol {access.role} ziet onder gemeenteniveau alleen hele jaren (gevraagd: {period_kind})"
        )


def _is_small(counts: pd.Series, threshold: int) -> pd.Series:
    return counts.notna() & (counts >= 1) & (counts < threshold)


def secondary(hidden: pd.Series, counts: pd.Series, groups: pd.Series | None, threshold: int = 5) -> pd.Series:
    """Extend ``hidden`` so that, in every group with a hidden cell, at least two cells are hidden
    and together hold at least ``threshold`` (else the group's visible total minus the visible
    cells would give one hidden count, or a small sum of them).

    Extra cells are the smallest visible non-zero ones of the group (ties: first in order): a
    hidden zero adds no uncertainty. ``groups`` None means all rows form one group.
    """
    hidden = hidden.copy()
    keys = groups if groups is not None else pd.Series(0, index=counts.index)
    for _, idx in keys.groupby(keys, sort=False).groups.items():
        group_counts = counts.loc[idx]
        while True:
            cells = hidden.loc[idx]
            if cells.sum() == 0 or (cells.sum() >= 2 and group_counts[cells].sum() >= threshold):
                break
            visible = group_counts[~cells & group_counts.notna() & (group_counts > 0)]
            if visible.empty:
                break
            hidden.loc[visible.sort_values(kind="stable").index[0]] = True
    return hidden


def suppress(
    df: pd.DataFrame,
    access: Access | None,
    level: str,
    group: str | None = None,
    count: str = "count",
    derived: tuple[str, ...] = ("value",),
) -> pd.DataFrame:
    """Apply primary and secondary suppression to ``df`` for ``access`` at ``level``.

    ``count`` is the column of counts; ``derived`` columns computed from it (rates, changes) are
    hidden with it. ``group`` names the column whose groups have visible totals. Adds a boolean
    ``suppressed`` column. With full access (or at gemeente level) nothing changes but that column.
    """
    out = df.copy()
    out["suppressed"] = False
    if access is None or not access.suppresses(level) or out.empty:
        return out
    counts = pd.to_numeric(out[count], errors="coerce")
    hidden = _is_small(counts, access.threshold)
    if hidden.any():
        hidden = secondary(hidden, counts, out[group] if group else None, access.threshold)
    out["suppressed"] = hidden
    out[count] = counts.astype("Float64").mask(hidden)
    for col in derived:
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").mask(hidden)
    return out


def suppress_columns(
    df: pd.DataFrame, access: Access | None, level: str, columns: tuple[str, ...], group: str | None = None
) -> pd.DataFrame:
    """Suppress several count columns of the same rows (e.g. this year and last year), each with
    its own secondary suppression; derived columns must be recomputed by the caller."""
    out = df.copy()
    flags = pd.Series(False, index=out.index)
    for col in columns:
        part = suppress(out, access, level, group, count=col, derived=())
        out[col] = part[col]
        flags |= part["suppressed"]
    out["suppressed"] = flags
    return out
