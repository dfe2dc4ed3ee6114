"""Small-count suppression: primary (counts 1 up to the threshold hidden below the gemeente) and
secondary (hidden cells take others with them, so that no hidden count can be derived by
subtraction from a visible total). :mod:`mik.figures.disclosure` checks the result with linear
integer programming, modelling an attacker who knows these rules.

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


def interval(counts, smallest_visible: float) -> tuple[int, int]:
    """What an attacker who knows this module can infer of each hidden cell of one group:
    ``(low, high)`` for hidden cells ``counts`` whose sum is known (the parent's total minus the
    visible cells) and ``smallest_visible``, the group's smallest non-zero count left visible.

    Every hidden cell is at least 1 (zeros are shown) and at most ``smallest_visible`` (primary
    cells are below the threshold, extra cells are the smallest visible ones), so each lies in
    ``[max(1, S - (k-1)·M), min(M, S - (k-1))]`` for k hidden cells of sum S.

    >>> interval([4, 7], 7)  # the leak of issue 22: exactly {4, 7}
    (4, 7)
    >>> interval([4, 7], 9)
    (2, 9)
    """
    k, total = len(counts), int(sum(counts))
    if smallest_visible == float("inf"):
        return 1, total - (k - 1)
    m = int(smallest_visible)
    return max(1, total - (k - 1) * m), min(m, total - (k - 1))


def _protected(hidden: list[float], visible: list[float], threshold: int) -> bool:
    """Whether each of the ``hidden`` counts of a group spans ``threshold`` values, beside the
    group's non-zero ``visible`` counts."""
    low, high = interval(hidden, min(visible, default=float("inf")))
    return high - low >= threshold


def _groups(groups: pd.Series | None, n: int) -> list[list[int]]:
    """Positions per group, in order of first appearance (None: one group)."""
    if groups is None:
        return [list(range(n))]
    out: dict = {}
    for pos, key in enumerate(groups.tolist()):
        out.setdefault("\0na" if pd.isna(key) else key, []).append(pos)
    return list(out.values())


def _split(pos: list[int], cells: list[bool], values: list[float]) -> tuple[list[float], list[float]]:
    hidden = [values[p] for p in pos if cells[p] and values[p] == values[p]]
    visible = [values[p] for p in pos if not cells[p] and values[p] == values[p] and values[p] > 0]
    return hidden, visible


def secondary(hidden: pd.Series, counts: pd.Series, groups: pd.Series | None, threshold: int = 5) -> pd.Series:
    """Extend ``hidden`` until, in every group with a hidden cell, each hidden cell's
    :func:`interval` spans at least ``threshold`` (the protection interval): else the group's
    visible total, the visible cells and this rule itself would narrow a hidden count down.

    Extra cells are the smallest visible non-zero ones of the group (ties: first in order): the
    least information lost, and a hidden zero adds no uncertainty. A group whose cells are all
    hidden and still too narrow is left as it is: :func:`unprotected` names it, and its parent must
    be hidden one level up. ``groups`` None means all rows form one group.
    """
    cells = [bool(c) for c in hidden.tolist()]
    values = [float("nan") if pd.isna(v) else float(v) for v in counts.tolist()]
    for pos in _groups(groups, len(cells)):
        while any(cells[p] for p in pos) and not _protected(*_split(pos, cells, values), threshold):
            shown = [p for p in pos if not cells[p] and values[p] == values[p] and values[p] > 0]
            if not shown:
                break
            cells[min(shown, key=lambda p: (values[p], p))] = True
    return pd.Series(cells, index=hidden.index)


def unprotected(hidden: pd.Series, counts: pd.Series, groups: pd.Series, threshold: int = 5) -> set:
    """The groups whose hidden cells :func:`secondary` could not protect (every non-zero cell
    hidden, and their sum too small): their total must be hidden too."""
    cells = [bool(c) for c in hidden.tolist()]
    values = [float("nan") if pd.isna(v) else float(v) for v in counts.tolist()]
    keys = groups.tolist()
    return {
        keys[pos[0]]
        for pos in _groups(groups, len(cells))
        if any(cells[p] for p in pos) and not _protected(*_split(pos, cells, values), threshold)
    }


def hidden(counts: pd.Series, groups: pd.Series | None, threshold: int) -> pd.Series:
    """Which cells the rule hides: the small ones (primary) and the extra ones :func:`secondary`
    chooses."""
    small = _is_small(counts, threshold)
    return secondary(small, counts, groups, threshold) if small.any() else small


def nested(
    buurten: pd.Series, wijk_of: pd.Series, wijken: pd.Series, gemeente_of: pd.Series, threshold: int
) -> tuple[pd.Series, pd.Series]:
    """Hidden buurten and hidden wijken for a role that sees both (counts indexed by area code;
    ``wijk_of`` and ``gemeente_of`` give each one's parent): the two maps together protect.

    1. Buurten per wijk (:func:`hidden`). A wijk whose buurten cannot be protected
       (:func:`unprotected`) is hidden itself, beside the small wijken, with partners per gemeente.
    2. A hidden wijk whose buurten are all shown is their sum: hiding it would protect nothing. So
       its smallest non-zero buurt is hidden too, and that wijk's buurten are protected as in 1.

    >>> b = pd.Series([2, 3, 0, 40, 45, 60, 70], index=["b1", "b2", "b3", "b4", "b5", "b6", "b7"], dtype=float)
    >>> wijk_of = pd.Series(["w1", "w1", "w1", "w2", "w2", "w3", "w3"], index=b.index)
    >>> w = pd.Series([5, 85, 130], index=["w1", "w2", "w3"], dtype=float)
    >>> hb, hw = nested(b, wijk_of, w, pd.Series("g", index=w.index), 5)
    >>> list(hb[hb].index), list(hw[hw].index)
    (['b1', 'b2', 'b4', 'b5'], ['w1', 'w2'])
    """
    hb = hidden(buurten, wijk_of, threshold)
    forced = wijken.index.isin(list(unprotected(hb, buurten, wijk_of, threshold))) & (wijken > 0)
    hw = secondary(_is_small(wijken, threshold) | forced, wijken, gemeente_of, threshold)
    for w in hw[hw].index:
        members = wijk_of == w
        if not (hb & members).any():
            shown = buurten[members & ~hb & buurten.notna() & (buurten > 0)]
            if len(shown):
                hb.loc[shown.sort_values(kind="stable").index[0]] = True
    return secondary(hb, buurten, wijk_of, threshold), hw


def suppress(
    df: pd.DataFrame,
    access: Access,
    level: str,
    group: str | None = None,
    count: str = "count",
    derived: tuple[str, ...] = ("value",),
    hide: pd.Series | None = None,
) -> pd.DataFrame:
    """Apply primary and secondary suppression to ``df`` for ``access`` at ``level``.

    ``count`` is the column of counts; ``derived`` columns computed from it (rates, changes) are
    hidden with it. ``group`` names the column whose groups have visible totals. Adds a boolean
    ``suppressed`` column. ``hide`` (booleans on ``df``'s index) is the choice made already, for
    levels chosen together (:func:`nested`). With full access (or at gemeente level) nothing changes
    but that column.
    """
    out = df.copy()
    out["suppressed"] = False
    if not ensure(access).suppresses(level) or out.empty:
        return out
    counts = pd.to_numeric(out[count], errors="coerce")
    if hide is not None:
        hidden = hide.reindex(out.index, fill_value=False).astype(bool)
    else:
        hidden = _is_small(counts, access.threshold)
        if hidden.any():
            hidden = secondary(hidden, counts, out[group] if group else None, access.threshold)
    out["suppressed"] = hidden
    out[count] = counts.astype("Float64").mask(hidden)
    for col in derived:
        if col in out.columns:
            out[col] = pd.to_numeric(out[col], errors="coerce").mask(hidden)
    return out
