"""Per-request access to the store, shared by every router.

DuckDB connections are not thread-safe and FastAPI runs sync routes on a thread pool, so
each request opens its own read-only connection (DuckDB shares the database instance within
the process; opening costs well under a millisecond once it is open) and closes it after the
response. Not holding a connection between requests also lets the CLI write to the same file
(``wakewatch detect``) while the server is idle. Writes (uploads) take the write side of a
readers-writer lock: DuckDB refuses a read-write connection to a file that the same process
has open read-only, so a write waits for the readers in flight and blocks new ones.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from wakewatch.store import Store

__all__ = ["StoreAccess"]


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
    """Opens the configured database for one request (read) or one upload (write)."""

    def __init__(self, db: object) -> None:
        self.db = db
        self._lock = _RWLock()

    @contextmanager
    def reader(self) -> Iterator[Store]:
        with self._lock.read():
            store = Store.open(str(self.db), read_only=True)
            try:
                yield store
            finally:
                store.close()

    @contextmanager
    def writer(self) -> Iterator[Store]:
        with self._lock.write():
            store = Store.open(str(self.db), read_only=False)
            try:
                yield store
            finally:
                store.close()
