"""The project's corpus of malformed input files: every import kind, each file with the message it
must be refused with. Imported into the small database of ``tests/conftest.py`` (``db``: two buurten
BU09359901/BU09359902 of GM0935 and the demo's categories).

A case is (name, kind, file name, content, words the refusal must contain[, extra CLI args]).
"""

from __future__ import annotations

import io
import json
import zipfile

EXPORT = "maand;buurtcode;straat;x;y;categorie;aantal\n"
CBS_HEADER = (
    '"","SoortMisdrijf","SoortMisdrijf_label","WijkenEnBuurten","WijkenEnBuurten_label","Perioden",'
    '"Perioden_Date","Perioden_freq","Perioden_label","GeregistreerdeMisdrijven_1","Gemeentenaam_2","SoortRegio_3"\n'
)
POP = "code;inwoners\n"
PEERS = "gemeente_code;year;measure;value\n"
SURVEY = "indicator;area_code;year;value;lower;upper\n"
ACTS = "id;theme;item;description;term;parties;lead\n"


def cbs(*rows: tuple[str, str, str, str]) -> str:
    """47018NED lines from (category, region, period, count)."""
    out = [CBS_HEADER]
    for i, (cat, region, period, count) in enumerate(rows, start=1):
        year = period[:4]
        out.append(
            f'"{i}","{cat} ","Soort","{region}","Buurt","{period}",{year}-01-01,"Y","{year}",{count},'
            '"Maastricht                    ","Buurt   "\n'
        )
    return "".join(out)


def geojson(ring: list[list[float]], crs: str | None = None, code: str = "BU09359903") -> str:
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"statcode": code, "statnaam": "Nieuw", "rubriek": "buurt", "jrstatcode": f"2023{code}"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        ],
    }
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc)


def square(x: float, y: float, d: float) -> list[list[float]]:
    return [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]


def zip_bytes() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("readme.txt", "geen werkmap")
    return buf.getvalue()


def huge_csv() -> bytes:
    """200,000 good rows and then one bad one: the error is found at its row, nothing is written."""
    rows = "".join(f"2016-0{1 + i % 9};BU09359901;straat {i};;;1.1.1;1\n" for i in range(200_000))
    return (EXPORT + rows + "2016-09;BU09359901;laatste;;;1.1.1;-1\n").encode()


CASES: list[tuple] = [
    # --- crime: the monthly police export ---
    ("export count 1e20", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;1e20\n", "row 2, field 'aantal': implausibly large"),
    ("export count 3 billion", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;3000000000\n", "implausibly large"),
    ("export count NaN", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;NaN\n", "field 'aantal': not a number"),
    ("export count infinity", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;inf\n", "not a number"),
    ("export negative count", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;-3\n", "negative count"),
    ("export fraction", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;2,5\n", "not a whole number"),
    ("export empty count", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;\n", "field 'aantal'"),
    ("export month in the future", "crime", "export.csv", EXPORT + "2090-01;BU09359901;;;;1.1.1;4\n", "2090-01 is in the future"),
    ("export year 99999", "crime", "export.csv", EXPORT + "99999-01;BU09359901;;;;1.1.1;4\n", "not understood"),
    ("export month 13", "crime", "export.csv", EXPORT + "2016-13;BU09359901;;;;1.1.1;4\n", "not understood"),
    ("export month before 1990", "crime", "export.csv", EXPORT + "1899-01;BU09359901;;;;1.1.1;4\n", "before 1990"),
    ("export unknown category", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;9.9.9;4\n", "unknown category"),
    ("export unknown buurt", "crime", "export.csv", EXPORT + "2016-09;BU09359999;;;;1.1.1;4\n", "matches no loaded boundary"),
    ("export malformed code", "crime", "export.csv", EXPORT + "2016-09;Binnenstad;;;;1.1.1;4\n", "is not a CBS area code"),
    ("export duplicate key", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;;1.1.1;4\n2016-09;BU09359901;;;;1.1.1;5\n", "duplicate row"),
    ("export no place", "crime", "export.csv", EXPORT + "2016-09;;;;;1.1.1;4\n", "no place"),
    ("export point outside", "crime", "export.csv", EXPORT + "2016-09;;Markt;4.0;52.0;1.1.1;1\n", "no loaded buurt"),
    ("export point not a number", "crime", "export.csv", EXPORT + "2016-09;;Markt;oost;noord;1.1.1;1\n", "row 2"),
    ("export wrong delimiter", "crime", "export.csv", EXPORT.replace(";", "|") + "2016-09|BU09359901||||1.1.1|4\n", "row 1: no delimiter found"),
    ("export missing column", "crime", "export.csv", "maand;buurtcode;categorie\n2016-09;BU09359901;1.1.1\n", "missing column"),
    ("export ragged row", "crime", "export.csv", EXPORT + "2016-09;BU09359901;;;1.1.1;4\n", "fields where the header has"),
    ("export empty file", "crime", "export.csv", "", "the file is empty"),
    ("export latin-1", "crime", "export.csv", (EXPORT + "2016-09;BU09359901;Caf\u00e9plein;;;1.1.1;4\n").encode("latin-1"), "not UTF-8"),
    ("export zip garbage", "crime", "export.csv", zip_bytes(), "not UTF-8"),
    ("export huge file, bad last row", "crime", "export.csv", huge_csv(), "row 200002, field 'aantal': negative count"),
    # --- crime: CBS/Politie 47018NED ---
    ("cbs count 1e20", "crime", "47018NED.csv", cbs(("0.0.0", "BU09359901", "2016JJ00", "1e20")), "field 'GeregistreerdeMisdrijven_1': implausibly large"),
    ("cbs count NaN", "crime", "47018NED.csv", cbs(("0.0.0", "BU09359901", "2016JJ00", "NaN")), "not a number"),
    ("cbs year 99999", "crime", "47018NED.csv", cbs(("0.0.0", "BU09359901", "99999JJ00", "4")), "not understood"),
    ("cbs year in the future", "crime", "47018NED.csv", cbs(("0.0.0", "BU09359901", "2090JJ00", "4")), "2090-01 is in the future"),
    ("cbs other gemeente only", "crime", "47018NED.csv", cbs(("0.0.0", "BU07580101", "2016JJ00", "4")), "python -m mik init --gemeente GM0758"),
    ("cbs duplicate", "crime", "47018NED.csv", cbs(("0.0.0", "BU09359901", "2016JJ00", "4"), ("0.0.0", "BU09359901", "2016JJ00", "5")), "duplicate row"),
    ("cbs empty category", "crime", "47018NED.csv", cbs(("", "BU09359901", "2016JJ00", "4")), "empty category"),
    ("cbs unknown buurt", "crime", "47018NED.csv", cbs(("0.0.0", "BU09359999", "2016JJ00", "4")), "matches no loaded boundary"),
    # --- population ---
    ("population header only", "population", "bevolking.csv", POP, "no population figures"),
    ("population only empty counts", "population", "bevolking.csv", POP + "BU09359901;\nBU09359902;\n", "no population figures", ["--year", "2016"]),
    ("population unknown buurt", "population", "bevolking.csv", POP + "BU09359999;100\n", "BU09359999 matches no loaded boundary"),
    ("population 1e20", "population", "bevolking.csv", POP + "BU09359901;1e20\n", "implausibly large"),
    ("population NaN", "population", "bevolking.csv", POP + "BU09359901;NaN\n", "not a number"),
    ("population negative", "population", "bevolking.csv", POP + "BU09359901;-100\n", "negative count"),
    ("population year 99999", "population", "bevolking.csv", "code;inwoners;datum\nBU09359901;100;9999-01-01\n", "year 9999 outside"),
    ("population --year 99999", "population", "bevolking.csv", POP + "BU09359901;100\n", "year 99999 outside", ["--year", "99999"]),
    ("population duplicate", "population", "bevolking.csv", POP + "BU09359901;100\nBU09359901;120\n", "duplicate row", ["--year", "2016"]),
    ("population invalid JSON", "population", "85984NED.json", '{"value": [', "not valid JSON"),
    ("population JSON list", "population", "85984NED.json", "[1, 2, 3]", "expected an OData object"),
    ("population utf-16", "population", "bevolking.csv", (POP + "BU09359901;100\n").encode("utf-16"), "not UTF-8"),
    # --- peers ---
    ("peers header only", "peers", "peers.csv", PEERS, "no peer figures"),
    ("peers only empty values", "peers", "peers.csv", PEERS + "GM0758;2015;0.0.0;\n", "no peer figures"),
    ("peers value NaN", "peers", "peers.csv", PEERS + "GM0758;2015;0.0.0;NaN\n", "field 'value': not a finite number"),
    ("peers value infinity", "peers", "peers.csv", PEERS + "GM0758;2015;0.0.0;-inf\n", "not a finite number"),
    ("peers unknown gemeente", "peers", "peers.csv", PEERS + "GM9999;2015;0.0.0;5\n", "GM9999 is not a gemeente of the comparison set"),
    ("peers buurt code", "peers", "peers.csv", PEERS + "BU09359901;2015;0.0.0;5\n", "is not a gemeente of the comparison set"),
    ("peers name for code", "peers", "peers.csv", PEERS + "Breda;2015;0.0.0;5\n", "is not a CBS area code"),
    ("peers year 99999", "peers", "peers.csv", PEERS + "GM0758;99999;0.0.0;5\n", "year 99999 outside"),
    ("peers year text", "peers", "peers.csv", PEERS + "GM0758;vorig jaar;0.0.0;5\n", "is not a year"),
    # --- survey ---
    ("survey value NaN", "survey", "vm.csv", SURVEY + "onveilig_buurt;GM0935;2015;NaN;;\n", "not a finite number"),
    ("survey value infinity", "survey", "vm.csv", SURVEY + "onveilig_buurt;GM0935;2015;inf;;\n", "not a finite number"),
    ("survey year 99999", "survey", "vm.csv", SURVEY + "onveilig_buurt;GM0935;99999;30;;\n", "year 99999 outside"),
    ("survey unknown indicator", "survey", "vm.csv", SURVEY + "nope;GM0935;2015;3;;\n", "unknown survey indicator"),
    ("survey outside interval", "survey", "vm.csv", SURVEY + "onveilig_buurt;GM0935;2015;40;20;30\n", "outside its interval"),
    # --- activities ---
    ("activities text as xlsx", "activities", "acties.xlsx", ACTS + "x1;a;Item;Omschrijving;2015;team;team\n", "not an Excel workbook"),
    ("activities zip without workbook", "activities", "acties.xlsx", zip_bytes(), "not a readable Excel workbook"),
    ("activities unknown theme", "activities", "acties.csv", ACTS + "x1;zz;Item;Omschrijving;2015;team;team\n", "unknown theme"),
    # --- boundaries ---
    ("boundaries RD metres without a CRS", "boundaries", "buurt_2023.geojson", geojson(square(176000, 317000, 500)), "look like RD New metres"),
    ("boundaries degrees declared as RD", "boundaries", "buurt_2023.geojson", geojson(square(5.68, 50.84, 0.01), "urn:ogc:def:crs:EPSG::28992"), "look like WGS84 degrees"),
    ("boundaries outside the Netherlands", "boundaries", "buurt_2023.geojson", geojson(square(2.35, 48.85, 0.01)), "outside the Netherlands"),
    ("boundaries invalid JSON", "boundaries", "buurt_2023.geojson", '{"type": "FeatureCollection", "features": [', "cannot be read as a GeoJSON boundary file"),
    ("boundaries empty collection", "boundaries", "buurt_2023.geojson", '{"type": "FeatureCollection", "features": []}', "no features"),
    ("boundaries partial set of a loaded year", "boundaries", "buurt_2022.geojson", geojson(square(5.68, 50.84, 0.01), code="BU09359901").replace("2023BU", "2022BU"), "1 loaded ones are missing (BU09359902)"),
    ("boundaries mixed years", "boundaries", "buurten.geojson", geojson(square(5.68, 50.84, 0.01)).replace('"features": [', '"features": [' + json.dumps({"type": "Feature", "properties": {"statcode": "BU09359904", "statnaam": "Ander", "rubriek": "buurt", "jrstatcode": "2022BU09359904"}, "geometry": {"type": "Polygon", "coordinates": [square(5.70, 50.84, 0.01)]}}) + ", "), "mixed boundary years in one file (2022, 2023)"),
    ("boundaries other gemeente", "boundaries", "buurt_2023.geojson", geojson(square(5.68, 50.84, 0.01), code="BU07580101"), "python -m mik init --gemeente GM0758"),
]  # fmt: skip
