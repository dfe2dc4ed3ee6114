"""StatLine's own CSV download: title lines, ``;``, quoted fields, decimal commas, "Bron:" footer.

Two layouts are read:

* one topic, periods as columns (47013NED "Geregistreerde misdrijven"): header lines
  ``"Onderwerp";…``, ``"Perioden";"2022";"2023"``, ``"Regio's";"aantal";…``, then
  ``"Regio";"<value>";…``;
* population at the end of the year (37230ned): ``"Regio's";"Onderwerp";"";"2002";…`` then one
  row per region.

Region labels are StatLine titles ("Groningen (gemeente)", "Hengelo (O.)"); they are matched to
CBS codes through ``data/gemeenten.csv``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from mik.ingest.common import IngestError, parse_decimal, read_text
from mik.settings import DATA_DIR


@dataclass(frozen=True)
class StatlineTable:
    title: str
    topic: str
    unit: str
    subject_filter: str
    frame: pd.DataFrame  # region, year, value, line


def gemeente_codes() -> dict[str, str]:
    """Normalised gemeente name -> CBS code."""
    names = pd.read_csv(DATA_DIR / "gemeenten.csv", dtype=str)
    return {normalise_name(n): c for n, c in zip(names.name, names.code, strict=True)}


def normalise_name(name: str) -> str:
    n = name.strip().lower()
    n = re.sub(r"\s*\((gemeente|o\.|gem\.)\)\s*$", "", n)
    return n.replace("’", "'")


def read_statline(path: Path) -> StatlineTable:
    text = read_text(path)
    if ";" not in text:
        raise IngestError(path, "not a StatLine CSV download (expected ';' separated fields)", row=1)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    title = rows[0][0].strip() if rows and rows[0] else ""
    subject, topic, unit = "", "", ""
    years: list[tuple[int, int]] = []  # (column, year)
    data_start = None
    for i, r in enumerate(rows):
        cells = [c.strip() for c in r]
        if not any(cells):
            continue
        if cells[0].startswith("Soort misdrijf:") or (len(cells) == 1 and ":" in cells[0] and i < 5):
            subject = cells[0]
        if cells[0] == "Onderwerp":
            topic = cells[1] if len(cells) > 1 else ""
        if cells[0] == "Perioden":
            years = [(j, int(c)) for j, c in enumerate(cells) if re.fullmatch(r"\d{4}", c)]
        if cells[0] in ("Regio's", "Regio\u2019s") and len(cells) > 1:
            if any(re.fullmatch(r"\d{4}", c) for c in cells):  # 37230ned layout
                years = [(j, int(c)) for j, c in enumerate(cells) if re.fullmatch(r"\d{4}", c)]
                data_start = i + 1
            else:
                unit = cells[1]
                data_start = i + 1
            break
    if not years or data_start is None:
        raise IngestError(path, 'no periods header found (a line starting with "Perioden" or "Regio\'s")')
    out = []
    for line, r in enumerate(rows[data_start:], start=data_start + 1):
        cells = [c.strip() for c in r]
        if not any(cells) or cells[0].startswith("Bron:") or len(cells) == 1:
            continue
        if len(cells) < max(j for j, _ in years) + 1:
            raise IngestError(path, f"{len(cells)} fields, expected {max(j for j, _ in years) + 1}", row=line)
        if not topic and len(cells) > 2:
            topic, unit = cells[1], cells[2]
        for j, year in years:
            out.append(
                {
                    "region": cells[0],
                    "year": year,
                    "value": parse_decimal(path, cells[j], line, str(year)),
                    "line": line,
                }
            )
    return StatlineTable(title, topic, unit, subject, pd.DataFrame(out))
