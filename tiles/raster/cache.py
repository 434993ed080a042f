"""Bounded, thread-safe caches: rendered tiles (LRU) and a pool of opened readers."""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

V = TypeVar("V")


class LRUCache(Generic[V]):
    """A least-recently-used mapping with a fixed capacity, safe across threads.

    Parameters
    ----------
    maxsize
        Number of entries kept; ``0`` disables the cache.
    """

    def __init__(self, maxsize: int) -> None:
        self.maxsize = maxsize
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: V) -> None:
        if self.maxsize <= 0:
            return
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.maxsize:
                self._data.popitem(last=False)

    def get_or_create(self, key: Hashable, factory: Callable[[], V]) -> V:
        """The cached value, or ``factory()`` stored (computed outside the lock)."""
        value = self.get(key)
        if value is None:
            value = factory()
            self.put(key, value)
        return value

    def clear(self) -> None:
        with self._lock:
            self._data.clear()

    def __len__(self) -> int:
        return len(self._data)


class ObjectPool(Generic[V]):
    """Idle objects (opened readers) per key, checked out by one thread at a time.

    GDAL dataset handles must not be used by two threads at once, but may move between
    threads; so a request borrows an opened reader and gives it back, and the next request
    (in any thread) reuses it instead of re-opening the file.

    Parameters
    ----------
    max_keys
        Keys (files) kept; the least recently used key's idle objects are closed.
    max_idle
        Idle objects kept per key.
    """

    def __init__(self, max_keys: int = 64, max_idle: int = 8) -> None:
        self.max_keys = max_keys
        self.max_idle = max_idle
        self._idle: OrderedDict[Hashable, deque[V]] = OrderedDict()
        self._lock = threading.Lock()

    @contextmanager
    def borrow(
        self, key: Hashable, factory: Callable[[], V], close: Callable[[V], None]
    ) -> Iterator[V]:
        with self._lock:
            queue = self._idle.get(key)
            item = queue.popleft() if queue else None
        if item is None:
            item = factory()
        try:
            yield item
        except BaseException:
            close(item)  # a failed read may leave the handle in a bad state
            raise
        evicted: list[V] = []
        with self._lock:
            queue = self._idle.setdefault(key, deque())
            self._idle.move_to_end(key)
            if len(queue) < self.max_idle:
                queue.append(item)
            else:
                evicted.append(item)
            while len(self._idle) > self.max_keys:
                _, old = self._idle.popitem(last=False)
                evicted.extend(old)
        for old_item in evicted:
            close(old_item)

    def discard(self, predicate: Callable[[Hashable], bool], close: Callable[[V], None]) -> None:
        """Close the idle objects of every key matching ``predicate``."""
        with self._lock:
            keys = [k for k in self._idle if predicate(k)]
            queues = [self._idle.pop(k) for k in keys]
        for queue in queues:
            for item in queue:
                close(item)
