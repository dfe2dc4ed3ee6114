"""Exports: Excel files of any table, safe to open in a spreadsheet.

Cells whose text starts with ``=``, ``+``, ``-``, ``@`` (or a tab or carriage return) would be
read as formulas by Excel or LibreOffice; they are neutralised by a leading apostrophe, which the
spreadsheet shows as text. Numbers stay numbers. The workbook is deterministic for the same data
(fixed document dates), and says on its first row when the data is synthetic.
"""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FIXED_DATE = dt.datetime(2000, 1, 1)


def neutralise(value):
    """A cell value that no spreadsheet will execute: ``'=1+1`` stays the text ``=1+1``."""
    if isinstance(value, str) and value.startswith(DANGEROUS):
        return "'" + value
    return value


def to_csv(df: pd.DataFrame, out) -> None:
    """Write the table as CSV to ``out`` with every text cell neutralised (:func:`neutralise`):
    a user name or area name like ``=HYPERLINK(…)`` is never a formula in a spreadsheet."""
    df.map(neutralise).to_csv(out, index=False)


def to_xlsx(df: pd.DataFrame, sheet: str = "MIK", note: str = "") -> bytes:
    """The table as an .xlsx file (bytes); ``note`` (e.g. the demo notice, source and period) on
    the first row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    if note:
        ws.append([neutralise(note)])
    ws.append([neutralise(str(c)) for c in df.columns])
    for row in df.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    wb.properties.creator = "MIK"
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


def _cell(value):
    if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
        return None
    if isinstance(value, (pd.Timestamp, dt.datetime, dt.date)):
        return value.isoformat() if not isinstance(value, pd.Timestamp) else value.to_pydatetime().isoformat()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    return neutralise(value) if isinstance(value, str) else value


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip (xlsx, pptx) with fixed entry dates so equal content gives equal bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
