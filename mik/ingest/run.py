"""One import, from a file to a published database: pick the reader for the kind of file, apply
its batch to a copy and publish it (:mod:`mik.ingest.publish`)."""

from __future__ import annotations

from pathlib import Path

from mik.ingest import activities, boundaries, crime, denominators, peers, population, survey
from mik.ingest.common import Batch, ImportResult, known_areas
from mik.ingest.publish import Prepared, prepare, publish
from mik.plan.config import Config, load_config

IMPORT_KINDS = ("boundaries", "population", "crime", "survey", "peers", "activities", "denominators")


def reader(kind: str, file: Path, gemeente: str | None = None, year: int | None = None, cfg: Config | None = None):
    """The function that reads ``file`` as ``kind`` into a Batch, given a connection to the copy
    it will be applied to. ``gemeente`` defaults to the config's."""
    cfg = cfg or load_config()
    gemeente = (gemeente or cfg.gemeente_code).upper()
    file = Path(file)

    def read(con) -> Batch:
        if kind == "boundaries":
            name = cfg.gemeente_name if gemeente == cfg.gemeente_code else None
            return boundaries.read_boundaries(file, gemeente, year, name, known_areas(con))
        if kind == "population":
            return population.read_population(file, year, set(known_areas(con)), gemeente)
        if kind == "crime":
            head = file.read_bytes()[:400].decode("utf-8", "replace").lower()
            if "maand" in head.split("\n")[0]:
                return crime.read_police_export(con, file, gemeente)
            return crime.read_cbs_crime(con, file, gemeente, year)
        if kind == "survey":
            return survey.read_survey(file, cfg)
        if kind == "peers":
            known = {gemeente, cfg.gemeente_code, *dict(cfg.references)}
            known |= {m for g in cfg.peer_groups for m in g.members}
            return peers.read_peers(con, file, known)
        if kind == "activities":
            return activities.read_activities(file, cfg)
        if kind == "denominators":
            return denominators.read_denominators(file, cfg, set(known_areas(con)))
        raise ValueError(f"unknown import kind {kind!r}; one of {', '.join(IMPORT_KINDS)}")

    return read


def run_import(db: Path, kind: str, file: Path, gemeente: str | None = None, year: int | None = None) -> ImportResult:
    """Import one file into ``db`` (created if missing) and publish it; returns the ImportResult.
    Raises IngestError, with ``db`` untouched."""
    return publish(db, reader(kind, file, gemeente, year))


def prepare_import(db: Path, kind: str, file: Path, gemeente: str | None = None, year: int | None = None) -> Prepared:
    """Check an import on a copy without publishing it (the app's preview before 'publish')."""
    return prepare(db, reader(kind, file, gemeente, year))
