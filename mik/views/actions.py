"""The plan's actions for the Uitvoering page: counts per theme and status, and the filters."""

from __future__ import annotations

import pandas as pd


def activity_counts(acts: pd.DataFrame) -> pd.DataFrame:
    """Number of actions per theme and status (for the Uitvoering page)."""
    return acts.pivot_table(
        index="theme_id", columns="status", values="id", aggfunc="count", fill_value=0
    ).reset_index()


def filter_activities(acts: pd.DataFrame, themes=(), leads=(), terms=(), statuses=()) -> pd.DataFrame:
    """The actions matching every non-empty filter (an empty filter keeps all)."""
    mask = pd.Series(True, index=acts.index)
    for column, chosen in (("theme_id", themes), ("lead", leads), ("term", terms), ("status", statuses)):
        if chosen:
            mask &= acts[column].isin(list(chosen))
    return acts[mask]
