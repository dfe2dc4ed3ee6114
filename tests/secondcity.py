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


# --- Data shapes: what a gemeente may have loaded ------------------------------------------------


@dataclass(frozen=True)
class Shape:
    """One combination of what an installation has loaded. ``crime``: 47018NED yearly, ``none``,
    ``total`` (the total 0.0.0 only) or ``all`` (every kind in the file); ``monthly``: 47022NED
    for 2023 (its months and its own JJ00 rows); ``export``: the police's monthly export for
    January-June 2024 (a running year, with street points); ``population``: 85984NED; ``survey``
    and ``peers``: the plan's survey indicators and the comparison set's figures (need the full
    plan); ``plan``: None for the basic monitor, or a plan file copied with ``mik init --plan``."""

    name: str
    crime: str = "all"
    monthly: bool = False
    export: bool = False
    population: bool = True
    survey: bool = False
    peers: bool = False
    plan: str | None = None


#: Every factor at both values, and every pair of the four sources of police figures, population
#: and plan met at least once (a covering set, not all 2^7: each installation costs a full sweep).
SHAPES = (
    Shape("grenzen", crime="none", population=False),
    Shape("totaal", crime="total", population=False),
    Shape("soorten", crime="all"),
    Shape("maanden", crime="none", monthly=True),
    Shape("volledig", crime="all", monthly=True, export=True, survey=True, peers=True, plan="config.toml"),
    Shape("plan-totaal", crime="total", survey=True, peers=True, population=False, plan="config.toml"),
    Shape("export", crime="none", export=True, survey=True, plan="config.toml"),
)


def _centre(code: str) -> tuple[float, float]:
    ring = next(r for c, _, r in _buurten() if c == code)
    xs, ys = [p[0] for p in ring[:-1]], [p[1] for p in ring[:-1]]
    return sum(xs) / len(xs), sum(ys) / len(ys)


def export_file(city: SecondCity, folder: Path) -> Path:
    """The police's monthly export for January-June 2024: per buurt and kind a count by buurt code,
    and in every other buurt one row as a point (WGS84 x/y) on a named street."""
    lines = ["maand;buurtcode;straat;x;y;categorie;aantal"]
    for m in range(1, 7):
        for i, (code, _) in enumerate(city.buurten):
            for cat, share in (("1.1.1", 12), ("1.2.1", 9), ("1.2.3", 10)):
                n = max(0, (_count(code, "2023") * share // 100 + (i + m) % 3 - 1) // 12)
                if n == 0:
                    continue
                if i % 2:
                    x, y = _centre(code)
                    lines.append(f"2024-{m:02d};;Kerkstraat;{x:.6f};{y:.6f};{cat};{n}")
                else:
                    lines.append(f"2024-{m:02d};{code};;;;{cat};{n}")
    path = Path(folder) / "maandexport_2024-01_2024-06.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def total_only_file(city: SecondCity, folder: Path) -> Path:
    """The 47018NED file with the total 0.0.0 only, as a gemeente downloads the headline table."""
    lines = city.crime.read_text(encoding="utf-8").splitlines()
    path = Path(folder) / "47018NED_totaal_GM1999_2022_2023.csv"
    path.write_text("\n".join([lines[0], *(x for x in lines[1:] if '"0.0.0 "' in x)]) + "\n", encoding="utf-8")
    return path


SURVEY = (("overlast_buurtbewoners", 7.1), ("onveilig_buurt", 29.0), ("rapportcijfer_buurt", 6.9))


def survey_file(city: SecondCity, folder: Path) -> Path:
    """Veiligheidsmonitor-style results for the city and its wijken, 2022 and 2023."""
    lines = ["indicator;area_code;year;value;lower;upper;n;source"]
    wijken = sorted({f"WK{code[2:8]}" for code, _ in city.buurten})
    for ind, base in SURVEY:
        for year in (2022, 2023):
            for k, area in enumerate([CODE, *wijken]):
                v = base + (0.4 if year == 2023 else 0) + 0.3 * k
                half = 1.2 if area == CODE else 3.0
                n = 1800 if area == CODE else 350
                lines.append(f"{ind};{area};{year};{v:.1f};{v - half:.1f};{v + half:.1f};{n};Veiligheidsmonitor {year}")
    path = Path(folder) / "veiligheidsmonitor_GM1999.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def peers_file(folder: Path, config: Path) -> Path:
    """Figures of the comparison set (the plan's peer groups and references): crimes with the
    population, and one survey indicator with its interval, 2022 and 2023."""
    import tomllib

    cfg = tomllib.loads(Path(config).read_text(encoding="utf-8"))
    codes = sorted(
        {c for g in cfg["comparison"]["peer_groups"] for c in g["members"]} | set(cfg["comparison"]["references"])
    )
    lines = ["gemeente_code;year;measure;value;lower;upper;population"]
    for k, code in enumerate(codes):
        people = 90000 + 7919 * k % 250000
        for year in (2022, 2023):
            crimes = people * (45 + k % 17) // 1000
            lines.append(f"{code};{year};0.0.0;{crimes};;;{people}")
            v = 24 + k % 9
            lines.append(f"{code};{year};onveilig_buurt;{v:.1f};{v - 2:.1f};{v + 2:.1f};{people}")
    path = Path(folder) / "vergelijking_G32_referenties.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def install_shape(folder: Path, shape: Shape) -> dict:
    """An installation of ``shape`` through the command line, as a gemeente's IT person types it."""
    kinds = (
        ("boundaries",) + (("population",) if shape.population else ()) + (("crime",) if shape.crime == "all" else ())
    )
    inst = install_second_city(folder, kinds=kinds, plan=shape.plan)
    city, env = inst["city"], inst["env"]
    files = []
    if shape.crime == "total":
        files.append(("crime", total_only_file(city, folder)))
    if shape.monthly:
        files.append(("crime", monthly_crime_file(city, folder)))
    if shape.export:
        files.append(("crime", export_file(city, folder)))
    if shape.survey:
        files.append(("survey", survey_file(city, folder)))
    if shape.peers:
        files.append(("peers", peers_file(folder, inst["config"])))
    for kind, path in files:
        done = mik("import", kind, str(path), env=env)
        assert done.returncode == 0, (shape.name, path.name, done.stderr)
        inst["messages"][f"{kind}:{path.name}"] = done.stdout
    return {**inst, "shape": shape}
