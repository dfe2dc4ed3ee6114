"""CBS area codes: the level of a code and the gemeente it belongs to.

A CBS code names its gemeente in digits 3-6: ``GM0935`` (the gemeente), ``WK093580`` (a wijk of it),
``BU09358001`` (a buurt of that wijk). MIK's aandachtsgebieden use ``AG`` codes of their own.

>>> level_of("BU09358001"), gemeente_of("BU09358001")
('buurt', 'GM0935')
>>> belongs_to("WK093580", "GM0935"), belongs_to("BU00140000", "GM0935")
(True, False)
"""

from __future__ import annotations

import pandas as pd

LEVEL_OF_PREFIX = {"GM": "gemeente", "WK": "wijk", "BU": "buurt", "AG": "aandachtsgebied"}


def level_of(code: str) -> str:
    """The area level of a code: GM -> gemeente, WK -> wijk, BU -> buurt, AG -> aandachtsgebied.

    Raises ValueError for anything else.
    """
    level = LEVEL_OF_PREFIX.get(str(code)[:2].upper())
    if level is None:
        raise ValueError(f"area code {code!r} not understood (expected GM..., WK..., BU... or AG...)")
    return level


def gemeente_of(code: str) -> str:
    """The gemeente code of a gemeente, wijk or buurt code (``BU09358001`` -> ``GM0935``)."""
    return "GM" + str(code)[2:6]


def belongs_to(code: str, gemeente: str) -> bool:
    """Whether a gemeente, wijk or buurt code lies in ``gemeente`` (a GM code)."""
    return str(code)[2:6] == gemeente[2:6]


def in_gemeente(codes: pd.Series, gemeente: str) -> pd.Series:
    """:func:`belongs_to` for a column of codes at once (a boolean mask)."""
    return codes.astype(str).str[2:6] == gemeente[2:6]
