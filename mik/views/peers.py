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
    lang: str = "nl",
    *,
    access: Access,
) -> pd.DataFrame:
    """Peer comparison for several years stacked (for the trend chart and the rank table); the
    averages named in the reader's language."""
    frames = [
        comparisons.peer_comparison(con, cfg, indicator_id, y, group_id, visitors, refs, access=access) for y in years
    ]
    frames = [f for f in frames if not f.empty and f.value.notna().any()]
    if not frames:
        return pd.DataFrame()
    out = pd.concat(frames, ignore_index=True)
    name = cfg.peer_group(group_id).name(lang)
    weighted = f"{name} ({'weighted' if lang == 'en' else 'gewogen'})"
    out.loc[out.gemeente_code == f"{group_id}:mean", "gemeente_name"] = name
    out.loc[out.gemeente_code == f"{group_id}:weighted", "gemeente_name"] = weighted
    return out
