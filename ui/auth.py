"""Who is looking: login (local users file or OIDC via st.login), the verified Access, logout.

Login is on by default outside demo mode (``MIK_AUTH=on|off`` overrides; demo data is synthetic,
so the demo opens without login, as ``MIK_ROLE`` or ``analist``). The session holds only a signed
token; :func:`current_access` checks it on every run.

OIDC: when Streamlit's ``[auth]`` secrets are configured (see README), ``st.login()`` signs the
user in at the municipal identity provider and the role is read from the claim named in
config.toml ``[auth] role_claim`` (default ``mik_role``); an unknown role gets ``publiek``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hmac
import json
import os
import secrets
import threading
import time

import streamlit as st

from mik.data import audit
from mik.plan.i18n import t
from mik.privacy import users
from mik.privacy.access import Access, access_for, ensure, permits
from mik.privacy.throttle import LoginThrottle
from ui import source
from ui.cache import replay, shared

TOKEN_KEY = "mik_token"  # (session id, connection) of a login made in this connection
COOKIE = "mik_session"  # HttpOnly: the login of this browser (mik.data.audit.SessionStore)
SESSION_ROUTE = "/_mik/session"


def auth_enabled() -> bool:
    setting = os.environ.get("MIK_AUTH", "auto").lower()
    if setting in ("on", "off"):
        return setting == "on"
    return not source.data_status(source.db_key())["synthetic"]


@st.cache_resource(show_spinner=False)
def _oidc_configured() -> bool:
    """Read once per process: asking ``st.secrets`` on every run re-reads the secrets files under
    a lock when there are none (a restart picks up a new identity provider, as for Streamlit)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all
        return False


_ACTING = threading.local()


@contextlib.contextmanager
def acting_as(access: Access | None):
    """For the thread that warms a new database version (``ui.connection``), which serves no
    session: the gate lets it compute figures as ``access`` (a cached figure's own role), or as
    the first role of the plan for figures that are the same for every role. A session's run is
    another thread and never sees this."""
    _ACTING.access = access or access_for(source.get_config(), "", source.get_config().roles[0].id)
    try:
        yield
    finally:
        _ACTING.access = None


def warm(old: str, new: str, budget: float) -> int:
    """Compute for a new database version the figures this process computed for the old one."""
    return replay(old, new, budget, acting_as)


def current_access() -> Access | None:
    """The verified Access of this session, or None when nobody is logged in."""
    acting = getattr(_ACTING, "access", None)
    if acting is not None:  # the warm-up thread (acting_as), never a session
        return acting
    return _session_access()


def _demo_access(cfg) -> Access:
    """Without logins (the demo): the role of ``MIK_ROLE``, default analist."""
    return access_for(cfg, "demo", os.environ.get("MIK_ROLE", "analist"))


def _oidc_access(cfg, user) -> Access | None:
    """The Access of a login at the identity provider (``user``: its claims), the role from the
    claim config.toml names; None without such a login."""
    if not (_oidc_configured() and user is not None and user.get("is_logged_in")):
        return None
    return access_for(cfg, str(user.get("email") or user.get("sub")), str(user.get(cfg.auth_role_claim, "publiek")))


def _session_access() -> Access | None:
    cfg = source.get_config()
    if not auth_enabled():
        return _demo_access(cfg)
    found = _oidc_access(cfg, st.user)
    if found is not None:
        return found
    login = _login()
    if login is None:
        return None
    role = users.role_of(login[1])  # removed, disabled or another role: from this step on
    if role is None:  # removed or disabled: this login is over, also if the user comes back
        audit.SessionStore(source.db_path()).end(login[0])
        _lookup.cache_clear()
        return None
    return access_for(cfg, login[1], role)


def _login() -> tuple[str, str] | None:
    """(session id, user) of this browser's login: its ``mik_session`` cookie (sent with the
    websocket of every tab, after a reload, to any worker), or the login made in this very
    connection before its cookie was set. A Streamlit session id presented on another connection
    carries neither: no access."""
    cookie = _cookie()
    marker = st.session_state.get(TOKEN_KEY)
    sid = marker[0] if isinstance(marker, tuple) and len(marker) == 2 and marker[1] == _connection() else None
    return _lookup(str(source.db_path()), cookie, sid, int(time.monotonic()))


@functools.lru_cache(maxsize=256)
def _lookup(db: str, cookie: str | None, sid: str | None, second: int) -> tuple[str, str] | None:
    """The shared session store, asked at most once a second per login and process (a page run
    asks the gate dozens of times)."""
    store = audit.SessionStore(db)
    found = store.user(cookie) if cookie else None
    if found is None and sid:
        user = store.user_of(sid)
        found = (sid, user) if user else None
    return found


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(COOKIE)
    except Exception:  # no browser context (AppTest)
        return None
    return value if isinstance(value, str) and 0 < len(value) < 200 else None


def _connection() -> str | None:
    """A mark of this session's current websocket connection (a reconnect gets a new one); None
    where there is no server runtime (AppTest)."""
    try:
        from streamlit.runtime import Runtime
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        info = Runtime.instance()._session_mgr.get_active_session_info(get_script_run_ctx().session_id)
        client = info.client
    except Exception:
        return None
    mark = getattr(client, "_mik_connection", None)
    if mark is None:
        mark = secrets.token_hex(8)
        client._mik_connection = mark
    return mark


def may_upload(cookie: str | None, session) -> bool:
    """Whether an upload request comes from a logged-in admin: its ``mik_session`` cookie opens an
    admin's session (or, with the identity provider, the Streamlit session it names is an admin's).
    Streamlit itself accepts an upload for any open session, even one that only saw the login form
    (issue 22). Asked by the upload endpoint, outside any script run."""
    cfg = source.get_config()
    if not auth_enabled():
        return permits(_demo_access(cfg), "admin")
    login = audit.SessionStore(source.db_path()).user(cookie) if cookie else None
    role = users.role_of(login[1]) if login else None
    if role is not None:
        return permits(access_for(cfg, login[1], role), "admin")
    return permits(_oidc_access(cfg, getattr(session, "_user_info", None)), "admin")


def login_form(lang: str) -> Access | None:
    """The login screen: local users file, and the identity provider when configured. Returns the
    Access when the login succeeds in this run: the form is then cleared and the app goes on in
    the same run (no second run: at the start of a meeting twenty people log in at once)."""
    db = source.db_path()
    box = st.empty()
    with box.container():
        st.title(t("app_title", lang, name=source.get_config().gemeente_name))
        st.subheader(t("login", lang))
        if _oidc_configured() and st.button(t("login_oidc", lang), key="login_oidc"):
            st.login()
        with st.form("login_form"):
            name = st.text_input(t("user", lang), key="login_user")
            password = st.text_input(t("password", lang), type="password", key="login_password")
            submitted = st.form_submit_button(t("login", lang))
        if not submitted:
            return None
        try:
            role = _check(name, password, db, lang)
            if role is None:
                return None
            audit.record(db, name, role, "login")  # no login goes unlogged
        except audit.AuditStoreError:  # the log cannot be written: say so, and leave it as it is
            st.error(t("login_audit_store", lang))
            return None
    sid, code = audit.SessionStore(db).create(name, users.TOKEN_SECONDS)
    st.session_state[TOKEN_KEY] = (sid, _connection())
    st.session_state.pop("login_password", None)  # the password leaves the session at once
    box.empty()
    _bind(code)
    return current_access()


def _bind(code: str) -> None:
    """Let the browser trade the one-time code for its HttpOnly session cookie (``ui/serve.py``
    answers ``POST /_mik/session``): a reload, a new tab and another worker then find the login.
    The code is in the page this once (never in an address) and works once, for a minute."""
    payload = json.dumps({"code": code})
    st.html(
        f"<script>fetch({json.dumps(SESSION_ROUTE)}, {{method: 'POST', credentials: 'same-origin', "
        f"headers: {{'Content-Type': 'application/json'}}, body: {json.dumps(payload)}}});</script>",
        unsafe_allow_javascript=True,
    )


def _check(name: str, password: str, db, lang: str) -> str | None:
    """One login attempt of the form, throttled and audited: the role, or None with the reason shown.
    The attempt is counted before its password is checked (mik.privacy.throttle), so guesses sent
    at the same moment get no more checks than the throttle allows."""
    address = _client()
    if address is None:  # not through the proxy: no password is checked
        audit.record(db, name or "-", "", "denied", "login sent straight to a worker's port, not through the proxy")
        st.error(t("login_direct", lang))
        return None
    wait, ticket = throttle().begin(name or "-", address)
    if ticket is None:
        audit.record_throttled(db, name or "-", address, wait)  # one line a minute per name and client
        st.error(t("login_throttled", lang, seconds=max(1, round(wait))))
        return None
    try:
        role = users.verify_password(name, password)
    except users.UsersFileError as exc:  # every login would fail: say so, and keep the file as it is
        throttle().not_checked(ticket)
        audit.record(db, name or "-", "", "login_failed", f"users file unreadable: {exc}"[:300])
        st.error(t("login_users_file", lang))
        return None
    if role is None:  # the failures counted in advance stay
        audit.record(db, name or "-", "", "login_failed", f"wrong user name or password ({address})")
        st.error(t("login_failed", lang))
        return None
    throttle().succeeded(ticket)
    return role


@st.cache_resource(show_spinner=False)
def throttle() -> LoginThrottle:
    """Per name and client, per client, and per name from any client (:class:`LoginThrottle`). The
    failures are kept beside the database, so every app process of the machine counts them together."""
    return LoginThrottle(audit.FailureStore(source.db_path()), clock=audit.wall_clock)


def _client() -> str | None:
    """The client's address; None for a request that should have come through our HAProxy but did
    not. Behind ``mik serve --workers`` the direct peer is our own HAProxy, which adds the secret
    ``X-MIK-Proxy`` header and appends the browser's address to X-Forwarded-For (the last entry:
    earlier ones come from the browser and are not trusted). Behind a further proxy of the
    municipality: that proxy's."""
    try:
        if os.environ.get("MIK_BEHIND_PROXY") == "1":
            secret = os.environ.get("MIK_PROXY_SECRET", "")
            if secret and not hmac.compare_digest(st.context.headers.get("X-MIK-Proxy") or "", secret):
                return None  # straight to a worker's port: its X-Forwarded-For could say anything
            # HAProxy adds its own header line after any the browser sent: the last entry counts
            forwarded = ",".join(st.context.headers.get_all("X-Forwarded-For"))
            if forwarded.strip():
                return forwarded.split(",")[-1].strip()
        address = st.context.ip_address
        return address if isinstance(address, str) and address else "-"
    except Exception:  # no browser context (tests without one)
        return "-"


def logout_button(access: Access, lang: str) -> None:
    if access.user == "demo":
        st.caption(f"{t('role', lang)}: {access.role} (demo)")
        return
    st.caption(f"{access.user} · {t('role', lang)}: {access.role}")
    if st.button(t("logout", lang), key="app_logout"):
        audit.record(source.db_path(), access.user, access.role, "logout")
        login = _login()
        if login is not None:  # every tab and worker of this login, at its next step
            audit.SessionStore(source.db_path()).end(login[0])
            _lookup.cache_clear()
        st.session_state.pop(TOKEN_KEY, None)
        if _oidc_configured() and st.user.get("is_logged_in"):
            st.logout()
        st.rerun()


def record_export(what: str) -> None:
    """Audit an export (download) by the current user."""
    access = current_access()
    if access is not None:
        audit.record(source.db_path(), access.user, access.role, "export", what)


def require(permission: str) -> Access:
    """The top line of every page: the session's Access when it has ``permission`` (a key of
    :data:`mik.privacy.access.PERMISSIONS`), else :class:`AccessDenied` (the frame shows the refusal
    and audits it). Reaching a page by its address gets no further than its role allows."""
    return ensure(current_access(), permission=permission)


def may(permission: str) -> bool:
    """Whether this session has ``permission`` (for the navigation: a page is listed only then)."""
    return permits(current_access(), permission)


def secured(max_entries: int = 64):
    """Cache a figure function per role, behind the gate: the verified Access of the session is added
    as the ``access`` argument here, never by a page, so no page can ask for more than its role may
    see; without a logged-in role it raises before anything is read. The user name is left out of
    the key: figures depend on the role only, so everyone of a role shares them."""

    def wrap(fn):
        cached = shared(ttl=600, max_entries=max_entries)(fn)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            access = ensure(current_access())
            return cached(*args, access=dataclasses.replace(access, user=""), **kwargs)

        call.__mik_gate__ = "secured"
        return call

    return wrap


def gated(max_entries: int = 8):
    """Cache a function whose result is the same for every role (the plan's actions, the lineage,
    the categories), behind the gate all the same: nobody who is not logged in gets it."""

    def wrap(fn):
        cached = shared(ttl=600, max_entries=max_entries)(fn)

        @functools.wraps(fn)
        def call(*args, **kwargs):
            ensure(current_access())
            return cached(*args, **kwargs)

        call.__mik_gate__ = "gated"
        return call

    return wrap
