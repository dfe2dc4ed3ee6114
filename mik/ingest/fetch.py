"""``python -m mik fetch cbs``: download CBS OData tables and PDOK boundaries, then import them.

What is fetched for one gemeente, from a year on:

* police registrations per buurt per year, Politie/CBS **47018NED** (``dataderden.cbs.nl``),
  ``TypedDataSet`` filtered on the gemeente's buurt codes and the periods wanted;
* the same per month, Politie/CBS **47022NED**: one request per year, its twelve month codes named
  (``2023MM01`` ...; the table mixes month and year codes, so a range would take the year's own
  ``JJ00`` row too). Imported after 47018NED: a year with all twelve months is then counted from its
  months, once (:func:`mik.ingest.crime.count_once`); a running year is its months so far;
* population and kerncijfers per buurt, CBS **Kerncijfers wijken en buurten** (``opendata.cbs.nl``),
  one table per year (see :data:`mik.ingest.population.KWB_TABLES`);
* buurt boundaries from PDOK's OGC API Features (``api.pdok.nl/cbs/wijken-en-buurten-<jaar>``).

OData v3 JSON pages are followed through ``odata.nextLink``. Every response is saved under
``--out`` (default ``data/downloads/``) before it is imported, so a fetch can be audited and
replayed. The hosts can be pointed elsewhere (``MIK_CBS_OPENDATA``, ``MIK_CBS_DATADERDEN``,
``MIK_PDOK``) - the tests serve recorded responses from 127.0.0.1 that way and never reach the
internet.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from mik.ingest.population import KWB_TABLES

OPENDATA = "https://opendata.cbs.nl"
DATADERDEN = "https://dataderden.cbs.nl"
PDOK = "https://api.pdok.nl"
TIMEOUT = 60


@dataclass(frozen=True)
class Download:
    kind: str  # the import kind: crime, population, boundaries
    path: Path
    year: int | None
    rows: int


def _get_json(url: str) -> dict:
    req = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": "MIK"})
    with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:
        return json.loads(resp.read().decode("utf-8"))


def odata_rows(base: str, table: str, filter_: str, select: list[str] | None = None) -> list[dict]:
    """All rows of an OData v3 ``TypedDataSet`` matching ``filter_``, following next links."""
    query = {"$filter": filter_, "$format": "json"}
    if select:
        query["$select"] = ",".join(select)
    url = f"{base}/ODataApi/odata/{table}/TypedDataSet?" + urllib.parse.urlencode(query, safe="$',()")
    rows: list[dict] = []
    while url:
        page = _get_json(url)
        rows.extend(page.get("value", []))
        url = page.get("odata.nextLink")
    return rows


def fetch_cbs(gemeente: str, since: int, until: int, out: Path) -> list[Download]:
    """Download crime (yearly and monthly), population and boundaries for ``gemeente`` and years
    ``since..until``."""
    opendata = os.environ.get("MIK_CBS_OPENDATA", OPENDATA)
    dataderden = os.environ.get("MIK_CBS_DATADERDEN", DATADERDEN)
    pdok = os.environ.get("MIK_PDOK", PDOK)
    out.mkdir(parents=True, exist_ok=True)
    number = gemeente[2:]
    downloads = []

    periods = " or ".join(f"Perioden eq '{y}JJ00'" for y in range(since, until + 1))
    crime = odata_rows(dataderden, "47018NED", f"startswith(WijkenEnBuurten,'BU{number}') and ({periods})")
    downloads.append(_save(out / f"47018NED_{gemeente}_{since}_{until}.json", {"value": crime}, "crime", None))
    monthly: list[dict] = []
    for y in range(since, until + 1):
        months = " or ".join(f"Perioden eq '{y}MM{m:02d}'" for m in range(1, 13))
        try:
            monthly.extend(
                odata_rows(dataderden, "47022NED", f"startswith(WijkenEnBuurten,'BU{number}') and ({months})")
            )
        except urllib.error.HTTPError as exc:
            if exc.code == 404:  # the monthly table is not on this host: the yearly figures stand
                break
            raise
    downloads.append(_save(out / f"47022NED_{gemeente}_{since}_{until}.json", {"value": monthly}, "crime", None))

    for table, year in sorted(KWB_TABLES.items(), key=lambda kv: kv[1]):
        if not since <= year <= until:
            continue
        try:
            rows = odata_rows(
                opendata,
                table,
                f"startswith(WijkenEnBuurten,'BU{number}') or "
                f"startswith(WijkenEnBuurten,'WK{number}') or "
                f"startswith(WijkenEnBuurten,'GM{number}')",
            )
        except urllib.error.HTTPError as exc:
            if exc.code == 404:  # that year's table is not (or no longer) on this host
                continue
            raise
        downloads.append(_save(out / f"{table}_{gemeente}.json", {"value": rows}, "population", year))

    for year in range(until, since - 1, -1):
        url = f"{pdok}/cbs/wijken-en-buurten-{year}/ogc/v1/collections/buurten/items?" + urllib.parse.urlencode(
            {"gemeentecode": gemeente, "f": "json", "limit": 1000}
        )
        try:
            features = _get_json(url)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:  # that year's collection is not published (yet)
                continue
            raise
        downloads.append(_save(out / f"buurten_{year}_{gemeente}.geojson", features, "boundaries", year))
        break
    return downloads


def _save(path: Path, data: dict, kind: str, year: int | None) -> Download:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    rows = len(data.get("value", data.get("features", [])))
    return Download(kind, path, year, rows)
