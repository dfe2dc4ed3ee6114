"""Start the app: ``python -m ui.serve [streamlit options]`` (what ``python -m mik serve`` runs).

Streamlit treats a ``pages/`` folder next to the main script as an old-style multipage app until
the first ``st.navigation`` call. A fresh server's first request would then run the page file
without ``app.py`` (no login, no sidebar, every page file listed, ``audit`` too). MIK lists its
pages with ``st.navigation`` in ``app.py``, so that mode is switched off before the server starts.

The modules the pages need (pandas, geopandas, altair, pydeck, scipy through mapclassify: about
four seconds) are imported before the server answers its health check, so the first visitor does
not wait for them; then the interpreter's objects are frozen out of the garbage collector's scans
(``gc.freeze``), which keeps later automatic collections short (README, Performance).

With ``MIK_WARMUP=1`` (what ``mik serve`` sets) the first screens of every role (Overzicht and
Kaart) are computed once, too, through Streamlit's AppTest in this process: the figures and chart
specs land in the process-wide caches that the sessions share, so the first visitor of a role gets
a warm page. Warming is best effort: a failure is logged and the server starts anyway.
"""

from __future__ import annotations

import gc
import json
import logging
import os
import sys
import time

from mik.settings import APP


def preload() -> None:
    """Import what every page run uses, once, before the first session."""
    import altair  # noqa: F401
    import geopandas  # noqa: F401
    import pydeck  # noqa: F401

    import mik.output.render  # noqa: F401 - the Rapporten page (python-pptx, reportlab)
    import ui.auth
    import ui.cards
    import ui.data
    import ui.detail
    import ui.elements
    import ui.frame
    import ui.importer
    import ui.pickers
    import ui.police
    import ui.scenario
    import ui.style  # noqa: F401

    gc.collect()
    gc.freeze()


# the pages most people open first; Thema is made per role, so every role can warm it too
WARM_PAGES = ("kaart", "overzicht", "thema")


def warm_up() -> None:
    """Run the app once per role of config.toml, as a first visitor would, before the server starts."""
    from streamlit.testing.v1 import AppTest

    from ui.source import get_config

    log = logging.getLogger("mik.warmup")
    saved = {k: os.environ.get(k) for k in ("MIK_AUTH", "MIK_ROLE")}
    start = time.perf_counter()
    try:
        os.environ["MIK_AUTH"] = "off"  # this process only, before it serves anyone
        for role in get_config().roles:
            os.environ["MIK_ROLE"] = role.id
            try:
                at = AppTest.from_file(str(APP), default_timeout=300).run()
                for page in WARM_PAGES:
                    try:
                        at.switch_page(f"pages/{page}.py")
                    except ValueError:  # not a page of this role (publiek has no Kaart)
                        continue
                    at.run()
            except Exception as exc:  # never keep the app from starting
                log.warning("warm-up for role %s stopped: %s", role.id, exc)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    print(f"MIK: first screens of every role computed in {time.perf_counter() - start:.1f} s", flush=True)


def _admin_only(endpoint, runtime):
    """Streamlit's upload endpoint, answering admins only (:func:`ui.auth.may_upload`): any other
    request is refused (403) before its body is read."""
    from anyio import to_thread
    from starlette.responses import Response

    async def guarded(request):
        from ui.auth import COOKIE, may_upload

        session_id = request.path_params.get("session_id", "")
        info = runtime._session_mgr.get_active_session_info(session_id)  # None: no open session of that id
        try:
            allowed = await to_thread.run_sync(may_upload, request.cookies.get(COOKIE), info and info.session)
        except Exception:  # deny by default: a users file that cannot be read, a changed Streamlit
            logging.getLogger("mik.upload").exception("upload refused: the request could not be checked")
            allowed = False
        if not allowed:
            logging.getLogger("mik.upload").warning("upload refused: not an admin's login")
            return Response("uploads are for admins only", status_code=403)
        return await endpoint(request)

    return guarded


def _session_routes() -> list:
    """``POST /_mik/session``: the browser trades the one-time code of its login
    (:class:`mik.data.audit.SessionStore`) for an HttpOnly ``mik_session`` cookie."""
    from anyio import to_thread
    from starlette.responses import Response
    from starlette.routing import Route

    from mik.data import audit
    from mik.privacy.users import TOKEN_SECONDS
    from ui.auth import COOKIE, SESSION_ROUTE
    from ui.source import db_path

    async def session(request):
        origin = request.headers.get("origin", "")
        if origin.split("://", 1)[-1] != request.headers.get("host", ""):
            return Response(status_code=403)  # another site's page may not log this browser in
        body = await request.body()
        try:
            code = json.loads(body)["code"] if len(body) < 1000 else ""
        except (ValueError, KeyError, TypeError):
            code = ""
        cookie = await to_thread.run_sync(audit.SessionStore(db_path()).bind, str(code))
        if cookie is None:
            return Response(status_code=403)
        response = Response(status_code=204)
        response.set_cookie(
            COOKIE,
            cookie,
            max_age=TOKEN_SECONDS,
            path="/",
            httponly=True,
            samesite="strict",
            secure=os.environ.get("MIK_COOKIE_SECURE") == "1",  # set it behind HTTPS
        )
        return response

    return [Route(SESSION_ROUTE, session, methods=["POST"])]


def guard_routes() -> None:
    """MIK's own routes beside Streamlit's (the session cookie), and Streamlit's upload endpoint
    for admins only. Streamlit 1.67 builds its routes in ``create_streamlit_routes``; a Streamlit
    without it fails here, at start, not silently."""
    from starlette.routing import Route
    from streamlit.web.server.starlette import starlette_app

    original = starlette_app.create_streamlit_routes
    if getattr(original, "mik_guarded", False):
        return

    def create_streamlit_routes(runtime):
        routes = []
        for route in original(runtime):
            if isinstance(route, Route) and "upload_file" in route.path and "PUT" in (route.methods or ()):
                route = Route(route.path, _admin_only(route.endpoint, runtime), methods=sorted(route.methods))
            routes.append(route)
        return [*_session_routes(), *routes]

    create_streamlit_routes.mik_guarded = True
    starlette_app.create_streamlit_routes = create_streamlit_routes


def main(argv: list[str]) -> int:
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli as stcli

    preload()
    guard_routes()
    if os.environ.get("MIK_WARMUP") == "1":
        warm_up()
    PagesManager.uses_pages_directory = False  # after AppTest, which resets it
    sys.argv = ["streamlit", "run", str(APP), *argv]
    return stcli.main()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
