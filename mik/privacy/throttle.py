"""Login throttling: an increasing delay after repeated failures, per user name and per client.

After ``free`` failed attempts within ``window`` seconds for the same user name (or from the same
client address), the next attempt must wait ``base * 2 ** (failures - free)`` seconds, at most
``cap``. An attempt during the wait is refused without checking the password. A successful login
clears the user's and the client's record; failures older than ``window`` are forgotten. So the
real user is never locked out for good: at most ``cap`` seconds after the last failure.

Failures are kept in a store: in memory (one process), or :class:`mik.data.audit.FailureStore` beside
the database, which every app process of ``mik serve --workers K`` shares (README, Performance).

Checking and counting are one step (:meth:`Throttle.begin`): an attempt that may go ahead is
counted as a failure *before* its password is checked, in the same lock or transaction as the
check of the count, and taken back (:meth:`Throttle.cancel`) only when it succeeds. Twelve guesses
sent at the same moment therefore get exactly ``free`` password checks, not one each.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


class MemoryStore:
    """Failures per key in this process."""

    def __init__(self):
        self._failures: dict[str, list[float]] = {}
        self._lock = threading.Lock()

    def recent(self, key: str, since: float) -> list[float]:
        with self._lock:
            times = [t for t in self._failures.get(key, []) if t >= since]
            self._failures[key] = times
            return list(times)

    def add(self, key: str, at: float) -> None:
        with self._lock:
            self._failures.setdefault(key, []).append(at)

    def clear(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def reserve(self, keys: tuple[str, ...], now: float, since: float, delay: Callable[[list[float]], float]):
        """Atomically: the wait for ``keys`` (``delay`` of each key's recent failures); when it is
        0, one failure for each key at ``now``."""
        with self._lock:
            wait = max((delay([t for t in self._failures.get(k, []) if t >= since]) for k in keys), default=0.0)
            if wait <= 0:
                for k in keys:
                    self._failures.setdefault(k, []).append(now)
            return wait

    def cancel(self, key: str, at: float) -> None:
        with self._lock:
            times = self._failures.get(key, [])
            if at in times:
                times.remove(at)


@dataclass
class Throttle:
    free: int = 3
    base: float = 1.0
    cap: float = 60.0
    window: float = 900.0
    clock: Callable[[], float] = time.monotonic
    store: MemoryStore = field(default_factory=MemoryStore)  # or mik.data.audit.FailureStore (same methods)

    def wait(self, *keys: str) -> float:
        """Seconds to wait before the next attempt for any of ``keys`` is checked (0: go ahead)."""
        since = self.clock() - self.window
        return max((self._delay(self.store.recent(key, since)) for key in keys), default=0.0)

    def _delay(self, times: list[float]) -> float:
        if len(times) < self.free:
            return 0.0
        return max(0.0, max(times) + min(self.cap, self.base * 2 ** (len(times) - self.free)) - self.clock())

    def begin(self, *keys: str) -> tuple[float, float]:
        """One attempt for ``keys``, checked and counted in one step: ``(wait, at)``. With ``wait``
        0 the attempt may check its password and already counts as a failure at ``at``; call
        :meth:`cancel` with ``at`` when it succeeds. With ``wait`` above 0 nothing is counted."""
        now = self.clock()
        return self.store.reserve(keys, now, now - self.window, self._delay), now

    def cancel(self, at: float, *keys: str) -> None:
        """Take back the failure :meth:`begin` counted at ``at`` (the attempt succeeded, or another
        throttle refused it)."""
        for key in keys:
            self.store.cancel(key, at)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        for key in keys:
            self.store.add(key, now)

    def succeeded(self, *keys: str) -> None:
        for key in keys:
            self.store.clear(key)


@dataclass
class Ticket:
    """One login attempt that may check its password: the failures it counted in advance."""

    name: str
    address: str
    counted: list[tuple[Throttle, str, float]]


class LoginThrottle:
    """The three counts a login attempt passes (issue 22):

    * the user name *from this client* (``pair``): 3 free failures, then 1, 2, 4 … 60 s;
    * the client address (``client``): 20 free failures (a town hall's proxy is shared);
    * the user name from *any* client (``name``): 50 free failures within the window, a slower
      bound against guessing from many addresses.

    So someone guessing one name from one address (a wrong password every 3 s) is slowed at once,
    while its owner, logging in from another address, is not blocked: the guesser's own waits keep
    it below the name's bound (about 23 failures in 15 minutes)."""

    def __init__(self, store=None, clock: Callable[[], float] = time.monotonic, window: float = 900.0):
        store = store if store is not None else MemoryStore()
        self.pair = Throttle(free=3, clock=clock, store=store, window=window)
        self.client = Throttle(free=20, clock=clock, store=store, window=window)
        self.name = Throttle(free=50, clock=clock, store=store, window=window)

    def _keys(self, name: str, address: str) -> list[tuple[Throttle, str]]:
        name = name.strip().lower()
        return [(self.pair, f"pair:{name}|{address}"), (self.client, f"client:{address}"), (self.name, f"user:{name}")]

    def begin(self, name: str, address: str) -> tuple[float, Ticket | None]:
        """``(wait, ticket)``: with wait 0 the password may be checked and the attempt already counts
        as a failure for each key; above 0 nothing is counted and the ticket is None."""
        counted = []
        for throttle, key in self._keys(name, address):
            wait, at = throttle.begin(key)
            if wait > 0:
                for t, k, a in counted:  # refused by a later count: the earlier ones are taken back
                    t.cancel(a, k)
                return wait, None
            counted.append((throttle, key, at))
        return 0.0, Ticket(name, address, counted)

    def succeeded(self, ticket: Ticket) -> None:
        """The password was right: this attempt is no failure, and this client's record for the name
        is cleared (other clients' failures for the name stay counted)."""
        for throttle, key, at in ticket.counted:
            throttle.cancel(at, key)
        self.pair.succeeded(ticket.counted[0][1])

    def not_checked(self, ticket: Ticket) -> None:
        """The password could not be checked (the users file unreadable): nothing counts."""
        for throttle, key, at in ticket.counted:
            throttle.cancel(at, key)
