"""What a file given to MIK may make it do: be read, in a format MIK supports, within bounds.

An admin's upload is untrusted input to GDAL, openpyxl and the CSV readers (issue 22). GDAL picks
its driver from a file's contents, not its name, and some drivers reach beyond the file: a GDAL VRT
(XML) named ``buurt.geojson`` makes it fetch a URL or read ``/proc/self/environ``. So:

* :func:`boundary_file` opens only the formats MIK supports, recognised by their first bytes:
  GeoJSON/TopoJSON (JSON text), GeoPackage (SQLite with the GPKG application id) and a shapefile
  (its file code), the last also inside a zip, which is unpacked here (shapefile parts only, no
  paths) into a private folder. Anything else is refused before GDAL sees it; GDAL is handed a plain
  local path, never a ``/vsi…`` one, and runs with :data:`GDAL_OPTIONS`.
* :func:`check_zip` bounds what a zip (a shapefile zip, an .xlsx) unpacks to, in all and per part
  (a 1 MB workbook that unpacks to 244 MB is refused, not opened).
* :func:`mik.ingest.common.check_rows`, :func:`check_features` and :func:`check_vertices` bound the rest.
* Refusals name the file, the part or row and the bound, and never quote the file's contents.

Bounds are environment settings (``MIK_MAX_UNPACKED_MB`` 1024, ``MIK_MAX_ROWS`` 5,000,000,
``MIK_MAX_FEATURES`` 100,000, ``MIK_MAX_VERTICES`` 20,000,000): a national 47018NED CSV of five
years and the national CBS wijk- en buurtkaart (about 14,500 buurten) fit within them.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from mik.ingest.common import IngestError, check_size, env_limit, max_unpacked

#: GDAL settings while MIK reads a boundary file: no network, no external files from SQL.
GDAL_OPTIONS = {
    "CPL_VSIL_CURL_ALLOWED_EXTENSIONS": ".mik-never",  # /vsicurl/ fetches no file of any extension
    "GDAL_HTTP_TIMEOUT": "1",
    "GDAL_HTTP_MAX_RETRY": "0",
    "OGR_SQLITE_ALLOW_EXTERNAL_ACCESS": "NO",  # a GeoPackage's SQL may not open other files
}

#: the parts of a shapefile MIK reads from a zip (others, e.g. .xml metadata, are left packed)
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
#: a part smaller than this may compress as well as it likes (headers, empty sheets)
_RATIO_FREE_BYTES = 1 << 20
MAX_RATIO = 100  # XML and DBF compress 5-20 times; a zip bomb hundreds or thousands of times


#: a workbook MIK reads (the plan's activities) is a list of a few hundred rows
MAX_WORKBOOK_BYTES = 64 << 20


def max_features() -> int:
    return env_limit("MIK_MAX_FEATURES", 100_000)


def max_vertices() -> int:
    return env_limit("MIK_MAX_VERTICES", 20_000_000)


def sniff(path: Path) -> str:
    """What the first bytes of ``path`` say it is: json, geopackage, sqlite, zip, shapefile, other."""
    with open(path, "rb") as fh:
        head = fh.read(100)
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "json"
    if head.startswith(b"SQLite format 3\x00"):
        return "geopackage" if head[68:72] in (b"GPKG", b"GP10", b"GP11") else "sqlite"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head[:4] == b"\x00\x00\x27\x0a":
        return "shapefile"
    return "other"


def check_zip(path: Path, limit: int | None = None) -> list[zipfile.ZipInfo]:
    """The members of zip ``path``, refused when it unpacks to more than ``limit`` bytes (default
    ``MIK_MAX_UNPACKED_MB``) or a part unpacks to more than :data:`MAX_RATIO` times its packed size
    (a zip bomb)."""
    limit = limit or max_unpacked()
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise IngestError(path, f"not a readable zip file ({type(exc).__name__})") from None
    total = 0
    for m in members:
        total += m.file_size
        if m.file_size > _RATIO_FREE_BYTES and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise IngestError(
                path,
                f"part {_safe_name(m.filename)} unpacks to {m.file_size >> 20} MB from "
                f"{max(m.compress_size >> 10, 1)} kB (more than {MAX_RATIO} times): refused as a zip bomb",
            )
    if total > limit:
        raise IngestError(path, f"unpacks to {total >> 20} MB; MIK reads at most {limit >> 20} MB")
    return members


def _safe_name(name: str) -> str:
    """A member name as it may appear in a message: printable, at most 60 characters."""
    shown = "".join(c if c.isprintable() else "?" for c in name)
    return repr(shown[:60] + ("…" if len(shown) > 60 else ""))


def boundary_file(path: Path, folder: Path) -> tuple[Path, str]:
    """The local file GDAL may open for boundary file ``path``, and its format. A zip's shapefile
    is unpacked into ``folder`` (the caller removes it). Raises IngestError for anything else."""
    path = Path(path)
    check_size(path)
    kind = sniff(path)
    if kind == "json":
        return path, "GeoJSON"
    if kind == "geopackage":
        return path, "GeoPackage"
    if kind == "shapefile" and path.suffix.lower() == ".shp":  # from the command line, beside its parts
        return path, "shapefile"
    if kind == "zip":
        return _unpack_shapefile(path, folder), "shapefile"
    raise IngestError(
        path,
        "not a GeoJSON, GeoPackage or zipped shapefile (its first bytes are none of these); "
        "MIK opens boundary files of these formats only",
    )


def _unpack_shapefile(path: Path, folder: Path) -> Path:
    members = check_zip(path)
    parts = [m for m in members if not m.is_dir() and Path(m.filename).suffix.lower() in SHAPEFILE_PARTS]
    shps = [m for m in parts if m.filename.lower().endswith(".shp")]
    if len(shps) != 1:
        raise IngestError(path, f"{len(shps)} shapefiles (.shp) in the zip; MIK reads a zip with exactly one")
    stem = Path(shps[0].filename).stem
    folder.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path) as zf:
        for m in parts:
            if Path(m.filename).stem != stem:
                continue
            # flat names of our own: no path in the zip can place a file elsewhere
            target = folder / f"boundaries{Path(m.filename).suffix.lower()}"
            with zf.open(m) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst)
    shp = folder / "boundaries.shp"
    if sniff(shp) != "shapefile":
        raise IngestError(
            path, f"part {_safe_name(shps[0].filename)} is not a shapefile (its first bytes say otherwise)"
        )
    return shp


def check_features(path: Path, features: int) -> None:
    if features > max_features():
        raise IngestError(path, f"{features} features; MIK reads at most {max_features()} (MIK_MAX_FEATURES)")


def check_vertices(path: Path, vertices: int) -> None:
    if vertices > max_vertices():
        raise IngestError(
            path, f"{vertices} vertices; MIK reads at most {max_vertices()} (MIK_MAX_VERTICES)", field="geometry"
        )
