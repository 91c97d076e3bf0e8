"""Per-request access to the store, shared by every router.

DuckDB connections are not thread-safe and FastAPI runs sync routes on a thread pool, so
each request gets its own cursor (``con.cursor()``: a separate connection to the same
database instance, ~0.01 ms) of one shared read-only *anchor* connection. Opening the file
costs 50-80 ms, so the anchor is kept open while requests come — and closed after
:data:`IDLE_RELEASE_S` without one, because a read-only connection holds the file's lock:
releasing it lets the CLI write to the same file (``wakewatch detect``) while the map is
idle; the next request reopens it and sees the new data.

Writes (uploads) take the write side of a readers-writer lock: DuckDB refuses a read-write
connection to a file the same process has open read-only, so a write waits for the readers
in flight, closes the anchor, writes through its own connection and closes it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar, cast

from wakewatch.store import Store

__all__ = ["IDLE_RELEASE_S", "StoreAccess"]

T = TypeVar("T")

IDLE_RELEASE_S = 2.0
"""Seconds without a request after which the read-only connection is closed."""


class _RWLock:
    """Many readers or one writer; a waiting writer stops new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writing = False
        self._writers_waiting = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            self._writers_waiting += 1
            while self._writing or self._readers:
                self._cond.wait()
            self._writers_waiting -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


class StoreAccess:
    """Hands out the configured database for one request (read) or one upload (write)."""

    def __init__(self, db: object, idle_release_s: float = IDLE_RELEASE_S) -> None:
        self.db = db
        self.idle_release_s = idle_release_s
        self._lock = _RWLock()
        self._anchor_lock = threading.Lock()
        self._anchor: Store | None = None
        self._active = 0
        self._last_used = 0.0
        self.generation = 0
        """Counts openings of the read-only connection. While it stays open nobody else
        can write the file, so anything computed under one generation stays valid."""
        self._memo: dict[str, tuple[int, Any]] = {}
        self._memo_lock = threading.Lock()

    def _cursor(self) -> Store:
        with self._anchor_lock:
            if self._anchor is None:
                self._anchor = Store.open(str(self.db), read_only=True)
                self.generation += 1
            self._active += 1
            return Store(self._anchor.con.cursor(), self._anchor.path)

    def _done(self, store: Store) -> None:
        store.close()
        with self._anchor_lock:
            self._active -= 1
            self._last_used = time.monotonic()
            if self._active == 0:
                timer = threading.Timer(self.idle_release_s, self._release_if_idle)
                timer.daemon = True
                timer.start()

    def _release_if_idle(self) -> None:
        with self._anchor_lock:
            idle = time.monotonic() - self._last_used >= self.idle_release_s * 0.99
            if self._anchor is not None and self._active == 0 and idle:
                self._anchor.close()
                self._anchor = None

    def close(self) -> None:
        """Close the read-only connection now (no request may be in flight)."""
        with self._anchor_lock:
            if self._anchor is not None:
                self._anchor.close()
                self._anchor = None

    @property
    def is_open(self) -> bool:
        return self._anchor is not None

    @contextmanager
    def reader(self) -> Iterator[Store]:
        with self._lock.read():
            store = self._cursor()
            try:
                yield store
            finally:
                self._done(store)

    def memo(self, key: str, compute: Callable[[Store], T]) -> T:
        """``compute(store)``, kept until the read-only connection is next reopened (any
        write since can only have happened while it was closed)."""
        with self.reader() as store:
            generation = self.generation
            with self._memo_lock:
                hit = self._memo.get(key)
            if hit is not None and hit[0] == generation:
                return cast(T, hit[1])
            value = compute(store)
            with self._memo_lock:
                self._memo[key] = (generation, value)
            return value

    @contextmanager
    def writer(self) -> Iterator[Store]:
        with self._lock.write():
            self.close()
            store = Store.open(str(self.db), read_only=False)
            try:
                yield store
            finally:
                store.close()
