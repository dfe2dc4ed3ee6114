"""A second installation in the real public file formats: a fictional gemeente that is not Maastricht.

"Noorderhaven" (GM1999) is tall and narrow (about 45 km north-south, 5 km east-west), has 4 wijken
and 16 buurten, and has what public data gives a new installation: PDOK generalised buurt
boundaries (GeoJSON with ``statcode``/``statnaam``/``jrstatcode``/``gmCode``/``rubriek``, as in
``../shared/realdata/maastricht_buurten_2022_wgs84.geojson``, with two buurten of a neighbouring
gemeente in the same file, as PDOK's national file has), CBS kerncijfers 85984NED (typed CSV) and
CBS/Politie 47018NED yearly buurt figures (the total ``0.0.0`` and two kinds, 2022 and 2023, one
unpublished buurt), in
the column layout of ``../shared/realdata/crime_47018NED_buurt_maastricht_2023.csv``. No monthly
figures, no survey, no peers.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from mik.settings import ROOT

CODE = "GM1999"
NAME = "Noorderhaven"
NEIGHBOUR = "GM1998"
WIJKEN = 4
PER_WIJK = 4
WEST, EAST = 5.80, 5.87  # about 5 km
SOUTH, NORTH = 52.00, 52.40  # about 45 km
UNPUBLISHED = ("BU19990301", "2022")  # empty cells in the CBS file: not published, never zero
#: (code, label, share of the total in percent): the total and two kinds, as 47018NED publishes them
CATEGORIES = (
    ("0.0.0", "Totaal misdrijven", 100),
    ("1.1.1", "Diefstal/inbraak woning", 12),
    ("1.2.1", "Diefstal uit/vanaf motorvoertuigen", 9),
)


@dataclass(frozen=True)
class SecondCity:
    folder: Path
    boundaries: Path
    population: Path
    crime: Path
    buurten: tuple[tuple[str, str], ...]  # (code, name)
    crimes: dict[tuple[str, str, str], int]  # (buurt code, year, category) -> count, as in the crime file


def _buurten() -> list[tuple[str, str, list]]:
    """(code, name, ring) of every buurt: a 2-column grid of 8 rows, wijken stacked north-south."""
    rows = WIJKEN * PER_WIJK // 2
    dy = (NORTH - SOUTH) / rows
    dx = (EAST - WEST) / 2
    out = []
    for w in range(WIJKEN):
        for b in range(PER_WIJK):
            r, c = w * (PER_WIJK // 2) + b // 2, b % 2
            x0, y0 = round(WEST + c * dx, 4), round(SOUTH + r * dy, 4)
            x1, y1 = round(x0 + dx, 4), round(y0 + dy, 4)
            ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
            out.append((f"BU1999{w:02d}{b:02d}", f"Noorderhaven wijk {w + 1} buurt {b + 1}", ring))
    return out


def _count(code: str, year: str) -> int:
    """A deterministic, uneven count per buurt and year (the northern buurten have more)."""
    w, b = int(code[6:8]), int(code[8:10])
    return 40 + 37 * w + 11 * b + (9 if year == "2023" else 0) + (w * b) % 7


def build_second_city(folder: Path) -> SecondCity:
    """Write the three public files of the second city into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    buurten = _buurten()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Polygon", "coordinates": [ring]},
            "properties": {
                "id": 20000 + i,
                "statcode": code,
                "jrstatcode": f"2022{code}",
                "statnaam": name,
                "gmCode": CODE,
                "rubriek": "buurt",
            },
            "id": code,
        }
        for i, (code, name, ring) in enumerate(buurten)
    ]
    for j in range(2):  # the neighbour, east of the city: left out by the import
        x0, y0 = EAST, SOUTH + j * 0.05
        ring = [[x0, y0], [x0 + 0.05, y0], [x0 + 0.05, y0 + 0.05], [x0, y0 + 0.05], [x0, y0]]
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": [ring]},
                "properties": {
                    "id": 30000 + j,
                    "statcode": f"BU199800{j:02d}",
                    "jrstatcode": f"2022BU199800{j:02d}",
                    "statnaam": f"Buurgemeente buurt {j + 1}",
                    "gmCode": NEIGHBOUR,
                    "rubriek": "buurt",
                },
                "id": f"BU199800{j:02d}",
            }
        )
    boundaries = folder / "buurt_2022.geojson"
    boundaries.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")

    population = folder / "85984NED_TypedDataSet_GM1999.csv"
    with open(population, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, quoting=csv.QUOTE_NONNUMERIC)
        w.writerow(["ID", "WijkenEnBuurten", "Gemeentenaam_1", "SoortRegio_2", "Codering_3", "AantalInwoners_5"])
        total = 0
        for i, (code, _, _) in enumerate(buurten):
            n = 900 + 150 * int(code[6:8]) + 35 * int(code[8:10])
            total += n
            w.writerow([i + 2, f"{code}  ", f"{NAME:<30}", "Buurt   ", f"{code}  ", n])
        w.writerow([1, f"{CODE}    ", f"{NAME:<30}", "Gemeente", f"{CODE}    ", total])

    crime = folder / "47018NED_buurt_GM1999_2022_2023.csv"
    crimes: dict[tuple[str, str], int] = {}
    header = [
        "",
        "SoortMisdrijf",
        "SoortMisdrijf_label",
        "WijkenEnBuurten",
        "WijkenEnBuurten_label",
        "Perioden",
        "Perioden_Date",
        "Perioden_freq",
        "Perioden_label",
        "GeregistreerdeMisdrijven_1",
        "Gemeentenaam_2",
        "SoortRegio_3",
    ]
    lines = [",".join(f'"{h}"' for h in header)]
    n = 9000
    for year in ("2022", "2023"):
        for cat, label, share in CATEGORIES:
            for code, name, _ in buurten:
                n += 1
                count = "" if (code, year) == UNPUBLISHED else _count(code, year) * share // 100
                if count != "":
                    crimes[(code, year, cat)] = count
                lines.append(
                    f'"{n}","{cat} ","{label}","{code}","{name}","{year}JJ00",{year}-01-01,"Y","{year}",'
                    f'{count},"{NAME:<30}","Buurt   "'
                )
    crime.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return SecondCity(folder, boundaries, population, crime, tuple((c, n) for c, n, _ in buurten), crimes)


def mik(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m mik ARGS`` as a user types it, in a clean environment plus ``env``."""
    base = {k: v for k, v in os.environ.items() if k not in ("MIK_CONFIG", "MIK_DB")}
    return subprocess.run(
        [sys.executable, "-m", "mik", *args], cwd=ROOT, env={**base, **(env or {})}, capture_output=True, text=True
    )


def install_second_city(
    folder: Path, kinds: tuple[str, ...] = ("boundaries", "population", "crime"), plan: str | None = None
) -> dict:
    """The README recipe, each step through the command line as a new gemeente types it: ``mik
    init`` (the basic monitor, or with ``plan`` a copy of that plan file), then the boundaries,
    population and crime files (``kinds``: leave population out for a sparse installation). Returns
    the files, the plan, the database, the environment that points MIK at them and each import's
    message."""
    city = build_second_city(folder / "files")
    config, db = folder / "noorderhaven.toml", folder / "noorderhaven.duckdb"
    init = mik("init", "--gemeente", CODE, "--name", NAME, "-o", str(config), *(("--plan", plan) if plan else ()))
    assert init.returncode == 0, init.stderr
    env = {"MIK_CONFIG": str(config), "MIK_DB": str(db)}
    messages = {}
    for kind, path in (("boundaries", city.boundaries), ("population", city.population), ("crime", city.crime)):
        if kind not in kinds:
            continue
        done = mik("import", kind, str(path), env=env)
        assert done.returncode == 0, done.stderr
        messages[kind] = done.stdout
    return {"city": city, "config": config, "db": db, "env": env, "messages": messages}


#: 47022NED's kinds in the monthly file: the yearly file's and the rest of the plan's HIC sum
MONTHLY_CATEGORIES = (
    *CATEGORIES,
    ("1.2.3", "Diefstal van brom-, snor-, fietsen", 10),
    ("1.2.2", "Diefstal van motorvoertuigen", 2),
    ("2.5.1", "Diefstal/inbraak bedrijven en instellingen", 4),
    ("1.4.6", "Straatroof", 1),
    ("1.4.7", "Overval", 1),
)
MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)


def monthly_crime_file(city: SecondCity, folder: Path, year: str = "2023", months: int = 12, yearly_rows=True) -> Path:
    """A CBS/Politie **47022NED** file for the second city: the same layout as 47018NED, with
    ``Perioden`` ``2023MM01`` ... per month and, as the real monthly tables do, the year's own
    ``2023JJ00`` row beside its months (``yearly_rows``). The months of a kind in a buurt follow a
    season (more in autumn and winter) and add up to about the yearly figure: the consolidated
    yearly figure differs from the sum of its months by a few, as CBS's do. ``months`` < 12 gives
    a running year (January up to that month, no yearly row). Returns the path; the counts per
    (buurt, month, kind) are in the file only."""
    season = [1.1, 1.0, 1.0, 0.9, 0.9, 0.85, 0.85, 0.9, 1.0, 1.1, 1.15, 1.25]
    header = (
        '"","SoortMisdrijf","SoortMisdrijf_label","WijkenEnBuurten","WijkenEnBuurten_label","Perioden",'
        '"Perioden_Date","Perioden_freq","Perioden_label","GeregistreerdeMisdrijven_1","Gemeentenaam_2","SoortRegio_3"'
    )
    lines, n = [header], 50000
    for cat, label, share in MONTHLY_CATEGORIES:
        for code, name in city.buurten:
            total = _count(code, year) * share // 100
            weights = [s * (1 + 0.15 * ((int(code[-2:]) + m) % 3 - 1)) for m, s in enumerate(season)]
            counts = [round(total * w / sum(weights)) for w in weights]
            for m in range(months):
                n += 1
                lines.append(
                    f'"{n}","{cat} ","{label}","{code}","{name}","{year}MM{m + 1:02d}",{year}-{m + 1:02d}-01,"M",'
                    f'"{year} {MONTHS_NL[m]}",{counts[m]},"{NAME:<30}","Buurt   "'
                )
            if yearly_rows and months == 12:
                n += 1
                lines.append(
                    f'"{n}","{cat} ","{label}","{code}","{name}","{year}JJ00",{year}-01-01,"Y","{year}",'
                    f'{total},"{NAME:<30}","Buurt   "'
                )
    path = Path(folder) / f"47022NED_buurt_GM1999_{year}{'' if months == 12 else f'_{months}m'}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
