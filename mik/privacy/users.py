"""Local users for a standalone install: a TOML file of argon2 hashes, and signed session tokens.

The users file (``$MIK_USERS``, default ``data/users.toml``, never committed) looks like::

    [users.analist-veiligheid]
    role = "analist"
    hash = "$argon2id$v=19$m=19456,t=2,p=1$..."
    disabled = true   # optional: no login, and open sessions end at their next step

Passwords are never stored or logged in clear: only argon2id hashes (OWASP's baseline parameters).
A successful login opens a session in the shared store (:class:`mik.data.audit.SessionStore`) that
names the user only: the role is read from this file at every step (:func:`role_of`), so removing,
disabling or changing a user takes effect at their next step, and editing a session cannot raise a
role.
"""

from __future__ import annotations

import functools
import os
import tomllib
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from mik.settings import DATA_DIR

TOKEN_SECONDS = 12 * 3600  # how long a login lasts
# argon2id at OWASP's baseline (Password Storage Cheat Sheet: m=19 MiB, t=2, p=1): about 45 ms of
# one core a login. argon2-cffi's default (m=64 MiB, t=3, p=4) took 0.34 s of CPU, so twenty people
# logging in at the start of a meeting held both cores for three seconds (README, Performance).
# Online guessing is slowed by mik.privacy.throttle; hashes made with other parameters still verify.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)
# A fixed hash to verify against when the user is unknown, so the answer takes as long either way.
_DUMMY_HASH = _HASHER.hash("mik-no-such-user")


def users_file() -> Path:
    return Path(os.environ.get("MIK_USERS") or DATA_DIR / "users.toml")


class UsersFileError(ValueError):
    """The users file exists but cannot be trusted (empty, not TOML, an entry without role or
    hash): logins and ``mik users add`` stop with this message rather than read it as "no users"
    and overwrite it."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path


def load_users(path: Path | None = None) -> dict[str, dict]:
    """name -> {"role", "hash"}. No file: no users. A file that exists but is empty, not valid
    TOML, or holds an entry without a text ``role`` and ``hash``: :class:`UsersFileError` naming
    the file and the entry (never its contents: a hash is no one's business)."""
    path = path or users_file()
    if not path.exists():
        return {}
    raw = path.read_bytes()
    if not raw.strip():
        raise UsersFileError(path, "the users file is empty; restore it from a backup, or remove it to start anew")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        where = f" (line {exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise UsersFileError(path, f"the users file is damaged{where}: not valid TOML") from None
    found = data.get("users")
    if not isinstance(found, dict):
        raise UsersFileError(path, "the users file has no [users] entries")
    for name, entry in found.items():
        for key in ("role", "hash"):
            if not isinstance(entry, dict) or not isinstance(entry.get(key), str) or not entry[key]:
                raise UsersFileError(path, f"user {name[:64]!r} has no {key}")
    return found


def add_user(name: str, role: str, password: str, path: Path | None = None) -> None:
    """Add or replace a user with an argon2id hash of ``password``. The file is read whole first (a
    damaged one raises :class:`UsersFileError` and stays as it is) and replaced in one step (a
    crash leaves the old file or the new one, never half of one)."""
    if not name or any(c in name for c in '|"\n[]'):
        raise ValueError('a user name may not be empty or contain | " [ ] or a newline')
    if len(password) < 10:
        raise ValueError("a password needs at least 10 characters")
    path = path or users_file()
    found = load_users(path)
    found[name] = {"role": role, "hash": _HASHER.hash(password)}
    _save(found, path)


def remove_user(name: str, path: Path | None = None) -> None:
    """Remove a user: their sessions end at their next step (:func:`role_of` finds no one)."""
    path = path or users_file()
    found = load_users(path)
    if name not in found:
        raise ValueError(f"no user {name[:64]!r} in {path}")
    del found[name]
    _save(found, path)


def set_disabled(name: str, disabled: bool, path: Path | None = None) -> None:
    """Disable (or enable again) a user: no login, and their sessions end at their next step."""
    path = path or users_file()
    found = load_users(path)
    if name not in found:
        raise ValueError(f"no user {name[:64]!r} in {path}")
    found[name] = {**found[name], "disabled": disabled}
    _save(found, path)


def role_of(name: str, path: Path | None = None) -> str | None:
    """The user's role in the users file now; None when removed or disabled. Read again when the
    file changes (every worker sees a change at its sessions' next step)."""
    path = path or users_file()
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    found = _cached(str(path), st.st_ino, st.st_mtime_ns, st.st_size)
    user = found.get(name)
    return None if user is None or user.get("disabled") else user["role"]


@functools.lru_cache(maxsize=4)
def _cached(path: str, inode: int, mtime: int, size: int) -> dict[str, dict]:
    return load_users(Path(path))


def _save(found: dict[str, dict], path: Path) -> None:
    lines = []
    for n, u in sorted(found.items()):
        lines += [f'[users."{n}"]', f'role = "{u["role"]}"', f'hash = "{u["hash"]}"']
        if u.get("disabled"):
            lines.append("disabled = true")
        lines.append("")
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        with open(fresh, "w", encoding="utf-8") as fh:
            os.fchmod(fh.fileno(), 0o600)
            fh.write("\n".join(lines))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(fresh, path)
    finally:
        fresh.unlink(missing_ok=True)
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


def verify_password(name: str, password: str, path: Path | None = None) -> str | None:
    """The user's role when the password is right, else None (never says which part was wrong)."""
    user = load_users(path).get(name)
    try:
        _HASHER.verify(user["hash"] if user else _DUMMY_HASH, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    return user["role"] if user and not user.get("disabled") else None
