"""The peer comparison of several years stacked (Vergelijking's trend chart and rank table)."""

from __future__ import annotations

import pandas as pd

from mik.figures import comparisons
from mik.plan.config import Config
from mik.privacy.access import Access


def peer_table(
    con,
    cfg: Config,
    indicator_id: str,
    years: list[int],
    group_id: str = "g32",
    visitors: bool = False,
    refs: list[str] | None = None,
    *,
    access: Access,
) -> pd.DataFrame:
    """Peer comparison for several years stacked (for the trend chart and the rank table)."""
    frames = [
        comparisons.peer_comparison(con, cfg, indicator_id, y, group_id, visitors, refs, access=access) for y in years
    ]
    frames = [f for f in frames if not f.empty and f.value.notna().any()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
