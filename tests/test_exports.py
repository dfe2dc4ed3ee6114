"""Excel exports (mik.output.exports, mik.views.tables.for_excel) as a spreadsheet reads them:
opened with openpyxl, every table the app shows holds numbers as numbers, dates as dates, shares as
percentages, empty cells where a value is missing, never the text "NaT", "nan" or "None"."""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from mik.output.exports import to_xlsx
from mik.views import tables
from mik.views.tables import TABLES

SAMPLE = {  # kind -> three values, the last one missing
    "text": ["Binnenstad", "=SOM(A1)", None],
    "count": [12, 1234, np.nan],
    "rate": [5.64, 0.0, np.nan],
    "percent": [6.8, 12.25, None],
    "score": [7.1, 6.0, np.nan],
    "change": [-3, 41, np.nan],
    "change_pct": [74.5, -12.0, np.nan],
    "decimal": [1.25, 3.0, np.nan],
    "date": [dt.date(2016, 9, 1), pd.Timestamp("2015-01-31"), pd.NaT],
    "datetime": [pd.Timestamp("2016-10-14 09:30"), dt.datetime(2015, 1, 1, 8, 0), pd.NaT],
    "bool": [True, False, None],
    "label": ["sig_rise", "sig_chance", None],
    "pvalue": [0.0004, 0.0312, np.nan],
    "index": [127.3, 68.0, np.nan],
}
UNITS = ["percent", "per_1000", "score"]
NUMERIC = {"count", "rate", "percent", "score", "change", "change_pct", "decimal", "pvalue", "index"}


def sample(columns) -> pd.DataFrame:
    data = {}
    for col in columns:
        if col.kind.startswith("unit:"):
            data[col.key] = [6.8, 12.3, np.nan]
            data[col.kind.removeprefix("unit:")] = UNITS
        else:
            data.setdefault(col.key, SAMPLE[col.kind])
    return pd.DataFrame(data)


def workbook(df, columns, lang="nl"):
    values, formats = tables.for_excel(df, columns, lang)
    ws = load_workbook(io.BytesIO(to_xlsx(values, "test", "LET OP: demo", formats))).active
    # a row of only empty cells is not stored: read the rows the frame has
    return ws, [list(r) for r in ws.iter_rows(min_row=3, max_row=2 + len(df), max_col=len(columns))]


@pytest.mark.parametrize("name", sorted(TABLES))
def test_every_table_exports_numbers_dates_and_empty_cells(name):
    columns = TABLES[name]
    ws, rows = workbook(sample(columns), columns)
    assert [c.value for c in ws[2]] == [c.title("nl") for c in columns]
    assert ws.freeze_panes == "A3" and ws[2][0].font.bold
    for j, col in enumerate(columns):
        cells = [row[j] for row in rows]
        kind = col.kind if not col.kind.startswith("unit:") else "unit"
        for cell in cells:
            assert not (isinstance(cell.value, str) and cell.value.strip().lower() in ("nan", "nat", "none", "–"))
        assert cells[-1].value is None, f"{name}.{col.key}: a missing value is an empty cell"
        if kind in NUMERIC or kind == "unit":
            assert all(isinstance(c.value, int | float) for c in cells[:2]), f"{name}.{col.key}: numbers"
        if kind in ("date", "datetime"):
            assert all(isinstance(c.value, dt.datetime) for c in cells[:2]), f"{name}.{col.key}: dates"
            assert cells[0].number_format.startswith("dd-mm-yyyy")
        width = ws.column_dimensions[cells[0].column_letter].width
        assert width >= len(col.title("nl")) + 1


def test_shares_are_percentages_and_small_p_values_read_as_on_screen():
    columns = TABLES["peers"]
    _, rows = workbook(sample(columns), columns)
    value = [c.title("nl") for c in columns].index("Waarde")
    share, rate, missing = (row[value] for row in rows)
    assert share.value == pytest.approx(0.068) and share.number_format == "0.0%"  # 6,8% on screen
    assert rate.value == pytest.approx(12.3) and rate.number_format == '#,##0.0" per 1.000"'
    assert missing.value is None
    columns = TABLES["changes"]
    _, rows = workbook(sample(columns), columns)
    labels = [c.title("nl") for c in columns]
    q = rows[0][labels.index("q-waarde")]
    assert q.value == pytest.approx(0.0004)  # the number itself, not 0 and not text
    assert q.number_format == '[<0.001]"< 0,001";0.000'
    change = rows[0][labels.index("Verandering")]
    assert change.value == pytest.approx(0.745) and change.number_format.startswith("+0.0%")
    _, rows_en = workbook(sample(columns), columns, "en")
    assert rows_en[0][labels.index("q-waarde")].number_format == '[<0.001]"< 0.001";0.000'


def test_a_real_table_from_the_demo(con, cfg):
    lineage = con.execute("SELECT * FROM lineage").df().rename(columns={"kind": "table"})
    _, rows = workbook(lineage, TABLES["lineage"])
    labels = [c.title("nl") for c in TABLES["lineage"]]
    loaded = [r[labels.index("Geladen op")].value for r in rows]
    assert len(rows) == len(lineage) and all(isinstance(v, dt.datetime) for v in loaded)
    counts = [r[labels.index("Rijen")].value for r in rows]
    assert all(isinstance(v, int | float) for v in counts) and sum(counts) == lineage["rows"].sum()
