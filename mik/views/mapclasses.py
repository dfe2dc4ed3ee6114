"""Map classes and colours: class breaks (mapclassify) and colour-blind-safe palettes (viridis),
grey for no data and for suppressed areas."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

with warnings.catch_warnings():  # mapclassify warns that the optional numba is missing
    warnings.simplefilter("ignore")
    import mapclassify  # imported here, once per process: it takes about a second (scipy, sklearn)

#: Sequential, colour-blind-safe (viridis, light to dark) for 3 to 7 classes; no-data is grey.
SEQUENTIAL = (
    "#FDE725",
    "#B5DE2B",
    "#6ECE58",
    "#35B779",
    "#1F9E89",
    "#26828E",
    "#31688E",
    "#3E4989",
    "#482878",
    "#440154",
)


NO_DATA_COLOUR = "#D9D9D9"


SUPPRESSED_COLOUR = "#8C8C8C"


SMALL_POPULATION_COLOUR = "#F2F2F2"  # a rate of very few inhabitants: shown, not classed (and said so)


SCHEMES = ("quantiles", "natural_breaks", "equal_interval")


def palette(k: int) -> list[str]:
    """``k`` colours spread over the sequential palette, light (low) to dark (high)."""
    if k <= 0:
        return []
    if k == 1:
        return [SEQUENTIAL[4]]
    idx = np.linspace(0, len(SEQUENTIAL) - 1, k).round().astype(int)
    return [SEQUENTIAL[i] for i in idx]


def classify(values: pd.Series, scheme: str = "quantiles", k: int = 5) -> tuple[list[int], list[float]]:
    """Class index per value (-1 for missing) and the upper bounds of the classes.

    ``scheme``: ``quantiles``, ``natural_breaks`` (Fisher-Jenks) or ``equal_interval``, computed
    with mapclassify on the values that exist. Fewer distinct values than ``k`` give fewer
    classes.
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown classification {scheme!r}; use one of {', '.join(SCHEMES)}")
    present = values.dropna().astype(float)
    if present.empty:
        return [-1] * len(values), []
    k = max(1, min(k, present.nunique()))
    if k == 1:
        return [0 if pd.notna(v) else -1 for v in values], [float(present.max())]
    cls = {
        "quantiles": mapclassify.Quantiles,
        "natural_breaks": mapclassify.FisherJenks,
        "equal_interval": mapclassify.EqualInterval,
    }[scheme](present.to_numpy(), k=k)
    bins = [float(b) for b in cls.bins]
    labels = iter(cls.yb.tolist())
    return [int(next(labels)) if pd.notna(v) else -1 for v in values], bins


def hex_to_rgba(colour: str, alpha: int = 200) -> list[int]:
    colour = colour.lstrip("#")
    return [int(colour[i : i + 2], 16) for i in (0, 2, 4)] + [alpha]
