"""The shared session store (mik.data.audit.SessionStore): what a browser's login cookie stands for
(issue 22, sessions that behave)."""

from __future__ import annotations

import multiprocessing

from mik.data import audit


def _user_in_another_process(db, cookie, out):
    out.put(audit.SessionStore(db).user(cookie))


def test_a_login_is_traded_once_for_a_cookie_that_every_process_reads(tmp_path):
    db = tmp_path / "mik.duckdb"
    store = audit.SessionStore(db)
    sid, code = store.create("secretaris-driehoek", 3600)
    cookie = store.bind(code)
    assert cookie and cookie.startswith(f"{sid}.")
    assert store.bind(code) is None  # the code works once
    assert store.user(cookie) == (sid, "secretaris-driehoek")
    # fork, not spawn: a spawned child imports the parent's __main__, which an AppTest run in the same
    # pytest worker may have left as app.py, and that built the demo in data/ (test_readme saw it)
    ctx = multiprocessing.get_context("fork")
    out = ctx.Queue()
    p = ctx.Process(target=_user_in_another_process, args=(db, cookie, out))
    p.start()
    p.join(60)
    assert out.get(timeout=5) == (sid, "secretaris-driehoek")  # another worker finds the login
    # the file keeps a digest only: a copy of it opens no session
    assert cookie.split(".", 1)[1].encode() not in audit.audit_path(db).read_bytes()


def test_what_opens_nothing(tmp_path):
    store = audit.SessionStore(tmp_path / "mik.duckdb")
    sid, code = store.create("raadsgriffie", 3600, now=1000.0)
    assert store.bind(code, now=1000.0 + store.BIND_SECONDS + 1) is None  # a code a minute old
    sid, code = store.create("raadsgriffie", 3600)
    cookie = store.bind(code)
    assert store.user(f"{sid}.not-the-secret") is None
    assert store.user(sid) is None and store.user("") is None and store.user(None) is None
    assert store.user(cookie, now=10**12) is None  # expired
    store.end(sid)
    assert store.user(cookie) is None and store.user_of(sid) is None  # logged out: every tab, every worker


def test_a_code_for_an_ended_session_binds_nothing(tmp_path):
    store = audit.SessionStore(tmp_path / "mik.duckdb")
    sid, code = store.create("beheerder", 3600)
    store.end(sid)
    assert store.bind(code) is None
