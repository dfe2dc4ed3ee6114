"""Start the app: ``python -m ui.serve [streamlit options]`` (what ``python -m mik serve`` runs).

Streamlit treats a ``pages/`` folder next to the main script as an old-style multipage app until
the first ``st.navigation`` call. A fresh server's first request would then run the page file
without ``app.py`` (no login, no sidebar, every page file listed, ``audit`` too). MIK lists its
pages with ``st.navigation`` in ``app.py``, so that mode is switched off before the server starts.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def main(argv: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as stcli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return stcli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
