"""Where MIK's files are: the project root, the data folder, the plan and the default database.

One place for the paths every part needs (the command line, the app, the server, the importers),
each overridable by an environment variable where an installation keeps its files elsewhere.

>>> DEFAULT_DB.relative_to(ROOT).as_posix()
'data/mik.duckdb'
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
DEFAULT_CONFIG = ROOT / "config.toml"
DEFAULT_DB = DATA_DIR / "mik.duckdb"
APP = ROOT / "app.py"


def default_db() -> Path:
    """``$MIK_DB`` when set, else ``data/mik.duckdb`` in the project."""
    return Path(os.environ.get("MIK_DB") or DEFAULT_DB)
