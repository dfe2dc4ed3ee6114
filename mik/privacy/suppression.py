"""Small-count suppression: primary (counts 1 up to the threshold hidden below the gemeente) and
secondary (hidden cells take others with them, so that no hidden count can be derived by
subtraction from a visible total). :mod:`mik.figures.disclosure` checks the result with linear
programming.

>>> import pandas as pd
>>> df = pd.DataFrame({"count": [2, 7, 9, 30], "wijk": ["a", "a", "a", "a"]})
>>> list(suppress(df, Access("r", "raad", "wijk", False), "wijk", group="wijk").suppressed)
[True, True, False, False]
"""

from __future__ import annotations

import pandas as pd

from mik.privacy.access import Access, ensure


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
    access: Access,
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
    if not ensure(access).suppresses(level) or out.empty:
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
    df: pd.DataFrame, access: Access, level: str, columns: tuple[str, ...], group: str | None = None
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
