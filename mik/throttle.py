"""Login throttling: an increasing delay after repeated failures, per user name and per client.

After ``free`` failed attempts within ``window`` seconds for the same user name (or from the same
client address), the next attempt must wait ``base * 2 ** (failures - free)`` seconds, at most
``cap``. An attempt during the wait is refused without checking the password. A successful login
clears the user's and the client's record; failures older than ``window`` are forgotten. So the
real user is never locked out for good: at most ``cap`` seconds after the last failure. State is
kept per app process (a replica behind a load balancer throttles on its own; see README).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Throttle:
    free: int = 3
    base: float = 1.0
    cap: float = 60.0
    window: float = 900.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, list[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: float) -> list[float]:
        times = [t for t in self._failures.get(key, []) if now - t < self.window]
        self._failures[key] = times
        return times

    def wait(self, *keys: str) -> float:
        """Seconds to wait before the next attempt for any of ``keys`` is checked (0: go ahead)."""
        now = self.clock()
        with self._lock:
            longest = 0.0
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.free:
                    delay = min(self.cap, self.base * 2 ** (len(times) - self.free))
                    longest = max(longest, times[-1] + delay - now)
            return max(0.0, longest)

    def failed(self, *keys: str) -> None:
        now = self.clock()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)

    def succeeded(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)
