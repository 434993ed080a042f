"""Bounds on the work one client can cause: new surface builds per minute, builds at once.

Only work that writes something new is counted (an IDW surface built and written as a
GeoTIFF); surfaces already on disk and tiles from the cache are free. The budget is kept
per worker process, keyed by the client address (``request.remote_addr``, which the
trusted-proxy middleware sets from ``X-Forwarded-For`` when the request came through a
configured proxy).
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from core.errors import OneMapError, TooManyRequests

WINDOW_SECONDS = 60.0
MAX_CLIENTS = 4096  # addresses remembered; the oldest are forgotten beyond this


class Busy(OneMapError):
    """Every build slot stayed busy; ``retry_after`` [s] goes into the Retry-After header."""

    status = 503
    code = "busy"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class BuildBudget:
    """At most ``per_minute`` builds per client in any 60 s (a sliding window).

    Parameters
    ----------
    per_minute
        Builds one client may start per minute [1/min].
    clock
        Monotonic seconds (injectable for tests).
    """

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self._clock = clock
        self._starts: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def charge(self, client: str) -> None:
        """Count one build for ``client``, or raise :class:`TooManyRequests`."""
        now = self._clock()
        with self._lock:
            starts = self._starts.setdefault(client, deque())
            self._starts.move_to_end(client)
            while starts and now - starts[0] >= WINDOW_SECONDS:
                starts.popleft()
            if len(starts) >= self.per_minute:
                wait = max(1, math.ceil(WINDOW_SECONDS - (now - starts[0])))
                raise TooManyRequests(
                    f"surface builds: at most {self.per_minute} new surfaces per minute per "
                    f"client; surfaces already built stay available. Retry in {wait} s.",
                    wait,
                )
            starts.append(now)
            while len(self._starts) > MAX_CLIENTS:
                self._starts.popitem(last=False)


class BuildSlots:
    """At most ``size`` builds run at once in this process; a caller waits up to ``wait`` s.

    Parameters
    ----------
    size
        Concurrent builds (the machine's cores are the natural bound).
    wait
        Seconds to wait for a free slot before answering 503 [s].
    """

    def __init__(self, size: int, wait: float) -> None:
        self.size = size
        self.wait = wait
        self._slots = threading.BoundedSemaphore(size)

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._slots.acquire(timeout=self.wait):
            raise Busy(
                f"surface builds: all {self.size} build slots are busy; retry shortly",
                max(1, math.ceil(self.wait)),
            )
        try:
            yield
        finally:
            self._slots.release()
