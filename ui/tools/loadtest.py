"""Load test: concurrent sessions speaking Streamlit's websocket protocol, no browser.

Each session does what a person does: open the app (the login form), log in, land on the
Overzicht, then open Kaart and Overzicht in turn. Every step is one script run on the server; a
step is timed from sending the request until the server reports the run finished. Browser
rendering is not in these times (it runs on the reader's machine, not the server's).

    python -m ui.tools.loadtest --url http://127.0.0.1:8501 --users 20 --user bench --password ... [--json]

``python -m mik bench --users N`` starts a server and drives this for 1 and N sessions.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
import statistics
import sys
import time
from dataclasses import asdict, dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FINISHED = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR)
STEP_TIMEOUT = 120.0  # seconds for one script run before the session gives up


@dataclass
class Run:
    """What one script run sent back."""

    seconds: float
    pages: dict[str, str] = field(default_factory=dict)  # url path -> page script hash
    text_inputs: dict[int, str] = field(default_factory=dict)  # TextInput.type -> widget id
    submit: str | None = None
    errors: list[str] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)
    form_seconds: float = 0.0  # of a login: the run that showed the form
    bind_code: str = ""  # of a login: the one-time code a browser trades for its session cookie


@dataclass
class Step:
    session: int
    step: str  # "login" (open + log in + first page), or a page's url path
    seconds: float
    error: str = ""
    at: float = 0.0  # when the step ended (time.time(): benchmarks relate steps to a publish)


class Session:
    """One Streamlit session over one websocket."""

    def __init__(self, url: str, headers: dict[str, str] | None = None, resume: str | None = None):
        self.ws_url = url.rstrip("/").replace("http", "ws", 1) + "/_stcore/stream"
        self.headers = headers or {}
        self.ws = None
        self.pages: dict[str, str] = {}
        self.session_id = ""  # Streamlit's id of this session (its first NewSession message says it)
        self.resume = resume  # a session id to present, as Streamlit's frontend does when it reconnects

    async def __aenter__(self) -> Session:
        self.ws = await websockets.connect(
            self.ws_url,
            subprotocols=["streamlit", "xsrf", self.resume] if self.resume else ["streamlit"],
            max_size=None,
            open_timeout=STEP_TIMEOUT,
            additional_headers=self.headers,
        )
        return self

    async def __aexit__(self, *exc) -> None:
        await self.ws.close()

    async def run(self, page: str | None = None, widgets: list | None = None) -> Run:
        """Ask for a script run (of ``page``, with ``widgets`` states) and wait until it is done;
        a run that ends early for a rerun (``st.rerun``) is followed into the next."""
        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = ""
        if page is not None:
            state.page_script_hash = self.pages[page]
        for w in widgets or []:
            state.widget_states.widgets.append(w)
        start = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        out = Run(seconds=0.0)
        async with asyncio.timeout(STEP_TIMEOUT):
            while True:
                fwd = ForwardMsg.FromString(await self.ws.recv())
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    _element(fwd.delta.new_element, out)
                elif kind == "new_session" and fwd.new_session.initialize.session_id:
                    self.session_id = fwd.new_session.initialize.session_id
                elif kind == "navigation":
                    pages = fwd.navigation.app_pages
                    out.pages = {p.url_pathname or p.page_name.lower(): p.page_script_hash for p in pages}
                    self.pages.update(out.pages)
                elif kind == "page_not_found":
                    out.errors.append(f"page not found: {fwd.page_not_found.page_name}")
                elif kind == "script_finished" and fwd.script_finished in FINISHED:
                    if fwd.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                        out.errors.append("compile error")
                    break
        out.seconds = time.perf_counter() - start
        return out

    def session_cookie(self, url: str, code: str) -> str | None:
        """Trade a login's one-time code for the ``mik_session`` cookie, as the page's script does
        (``POST /_mik/session``); the cookie's value, or None when refused."""
        import urllib.error
        import urllib.request

        request = urllib.request.Request(
            url.rstrip("/") + "/_mik/session",
            data=json.dumps({"code": code}).encode(),
            method="POST",
            headers={"Origin": url.rstrip("/"), "Content-Type": "application/json", **self.headers},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as r:
                cookies = r.headers.get_all("Set-Cookie") or []
        except urllib.error.HTTPError:
            return None
        return next((c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("mik_session=")), None)

    async def login(self, user: str, password: str) -> Run:
        """Open the app, fill in the login form and submit it: the run that follows shows the
        first page. The returned time covers both runs."""
        form = await self.run()
        if form.submit is None or len(form.text_inputs) < 2:
            form.errors.append("no login form")
            return form
        from streamlit.proto.TextInput_pb2 import TextInput
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        states = [
            WidgetState(id=form.text_inputs[TextInput.DEFAULT], string_value=user),
            WidgetState(id=form.text_inputs[TextInput.PASSWORD], string_value=password),
            WidgetState(id=form.submit, trigger_value=True),
        ]
        first = await self.run(widgets=states)
        first.form_seconds = form.seconds
        first.seconds += form.seconds
        first.errors += form.errors
        if not first.pages:
            first.errors.append("login refused (no pages after login)")
        return first


def _element(el, out: Run) -> None:
    kind = el.WhichOneof("type")
    if kind == "exception":
        out.errors.append(f"{el.exception.type}: {el.exception.message}"[:200])
    elif kind == "text_input":
        out.text_inputs[el.text_input.type] = el.text_input.id
    elif kind == "button" and el.button.is_form_submitter:
        out.submit = el.button.id
    elif kind == "heading":
        out.titles.append(el.heading.body)
    elif kind == "html" and (found := re.search(r'\\"code\\": \\"([^\\"]+)', el.html.body)):
        out.bind_code = found.group(1)


async def one_session(
    url: str,
    index: int,
    user: str,
    password: str,
    pages: tuple[str, ...],
    rounds: int,
    start: asyncio.Event,
    until: float | None = None,
) -> list[Step]:
    """One person's session; with ``until`` (a time.time()), again and again (a new login each
    time, as people come and go) until then."""
    await start.wait()
    steps = await _session(url, index, user, password, pages, rounds)
    while until is not None and time.time() < until:
        steps += await _session(url, index, user, password, pages, rounds)
    for s in steps:
        s.at = s.at or time.time()
    return steps


async def _session(url: str, index: int, user: str, password: str, pages: tuple[str, ...], rounds: int) -> list[Step]:
    steps: list[Step] = []
    t0 = time.perf_counter()
    try:
        async with Session(url) as s:
            connected = time.perf_counter() - t0
            run = await s.login(user, password)
            steps.append(Step(index, "login", time.perf_counter() - t0, "; ".join(run.errors)))
            if run.errors:
                return steps
            # the parts: opening the app (connect, form shown) and pressing Inloggen (first page shown)
            steps.append(Step(index, "open", connected + run.form_seconds))
            steps.append(Step(index, "submit", run.seconds - run.form_seconds))
            for _ in range(rounds):
                for page in pages:
                    if page not in s.pages:
                        steps.append(Step(index, page, 0.0, f"no page {page!r} for this role"))
                        return steps
                    run = await s.run(page)
                    steps.append(Step(index, page, run.seconds, "; ".join(run.errors), time.time()))
    except Exception as exc:  # a failed session is a result, reported with its cause
        steps.append(Step(index, "connection", time.perf_counter() - t0, f"{type(exc).__name__}: {exc}"[:200]))
    return steps


async def load(
    url: str,
    users: int,
    user: str,
    password: str,
    pages: tuple[str, ...] = ("kaart", "overzicht"),
    rounds: int = 3,
    seconds: float | None = None,
) -> tuple[list[Step], float]:
    """``users`` sessions started at the same moment; user names ``{user}`` with ``{i}`` replaced by
    the session number when the users file
    holds one per session (``{user}`` alone otherwise, see :func:`main`). Returns the steps and the
    wall time in seconds."""
    start = asyncio.Event()
    until = time.time() + seconds if seconds else None
    tasks = [
        asyncio.create_task(one_session(url, i, user.format(i=i), password, pages, rounds, start, until))
        for i in range(users)
    ]
    await asyncio.sleep(0)
    t0 = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    return [s for steps in results for s in steps], time.perf_counter() - t0


def summary(steps: list[Step], wall: float) -> dict:
    """Median and p90 per step, page runs per second, errors."""
    errors = [f"session {s.session} {s.step}: {s.error}" for s in steps if s.error]
    out: dict = {"wall_s": round(wall, 3), "errors": errors}
    for name in dict.fromkeys(s.step for s in steps if not s.error):
        times = sorted(s.seconds for s in steps if s.step == name and not s.error)
        out[name] = {"n": len(times), "median": statistics.median(times), "p90": percentile(times, 90)}
    runs = sum(1 for s in steps if not s.error and s.step not in ("connection", "open", "submit"))
    out["pages_per_s"] = runs / wall if wall else 0.0
    return out


def percentile(sorted_times: list[float], q: float) -> float:
    """Nearest-rank percentile (p90 of 20 values is the 18th)."""
    if not sorted_times:
        return float("nan")
    rank = max(1, -(-len(sorted_times) * q // 100))
    return sorted_times[int(rank) - 1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.tools.loadtest", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--users", type=int, default=1)
    parser.add_argument("--user", required=True, help="user name; '{i}' is replaced by the session number")
    parser.add_argument("--password", required=True)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pages", default="kaart,overzicht", help="url paths visited in turn")
    parser.add_argument("--seconds", type=float, help="sessions log in again and again until then")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    pages = tuple(p for p in args.pages.split(",") if p)
    steps, wall = asyncio.run(
        load(args.url, args.users, args.user, args.password, pages, rounds=args.rounds, seconds=args.seconds)
    )
    result = summary(steps, wall)
    if args.json:
        print(json.dumps({"summary": result, "steps": [asdict(s) for s in steps]}))
    else:
        print(json.dumps(result, indent=1))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
