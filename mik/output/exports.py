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


def to_xlsx(df: pd.DataFrame, sheet: str = "MIK", note: str = "", formats: pd.DataFrame | None = None) -> bytes:
    """The table as an .xlsx file (bytes); ``note`` (e.g. the demo notice, source and period) on
    the first row. ``formats`` (the shape of ``df``) gives each cell its number format
    (:func:`mik.views.tables.for_excel`); missing values are empty cells, dates are dates, the
    header is bold and stays in view, and each column is as wide as its widest text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    if note:
        ws.append([neutralise(note)])
    ws.append([neutralise(str(c)) for c in df.columns])
    header = ws.max_row
    for cell in ws[header]:
        cell.font = Font(bold=True)
    widths = [len(str(c)) for c in df.columns]
    for i, row in enumerate(df.itertuples(index=False)):
        values = [_cell(v) for v in row]
        ws.append(values)
        for j, value in enumerate(values):
            fmt = None if formats is None else formats.iat[i, j]
            if fmt and value is not None:
                ws.cell(row=ws.max_row, column=j + 1).number_format = fmt
            widths[j] = max(widths[j], _shown_width(value))
    for j, width in enumerate(widths):
        ws.column_dimensions[get_column_letter(j + 1)].width = min(60, width + 2)
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    wb.properties.creator = "MIK"
    buf = io.BytesIO()
    wb.save(buf)
    return normalise_zip(buf.getvalue())


def _shown_width(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.datetime):
        return 16
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, float):
        return len(f"{value:,.1f}") + 2
    return len(str(value))


def _cell(value):
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, str) and value.strip().lower() in ("nan", "nat", "none"):
        return None
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
