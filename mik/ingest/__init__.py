"""Importers: one module per source format, each turning a file into validated rows.

Every import goes through :func:`mik.ingest.common.apply_batch`: one transaction that lands whole
or leaves the database exactly as it was, recorded in the lineage table.
"""

from mik.ingest.common import Batch, IngestError, apply_batch

__all__ = ["Batch", "IngestError", "apply_batch"]
