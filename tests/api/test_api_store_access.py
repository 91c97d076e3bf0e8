"""StoreAccess: cursors of one read-only connection, released when idle so that another
writer (the CLI) can take the file; uploads close it and write through their own."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import duckdb

from wakewatch.api.deps import StoreAccess
from wakewatch.store import Store


def test_idle_release_lets_a_writer_in(api_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(api_db.read_bytes())
    access = StoreAccess(db, idle_release_s=0.2)
    with access.reader() as store:
        assert store.con.sql("SELECT count(*) FROM positions").fetchall()[0][0] > 0
    assert access.is_open
    deadline = time.monotonic() + 10
    while access.is_open and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not access.is_open
    con = duckdb.connect(str(db))  # what `wakewatch detect` does in another process
    con.execute("DELETE FROM events")
    con.close()
    with access.reader() as store:  # reopened: sees the write
        assert store.con.sql("SELECT count(*) FROM events").fetchall()[0][0] == 0
    access.close()


def test_concurrent_readers_and_a_writer(api_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(api_db.read_bytes())
    access = StoreAccess(db)
    counts: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(5):
                with access.reader() as store:
                    counts.append(store.con.sql("SELECT count(*) FROM positions")
                                  .fetchall()[0][0])
        except BaseException as exc:  # collected for the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    with access.writer() as store:
        assert isinstance(store, Store)
        store.con.execute("CREATE TABLE IF NOT EXISTS scratch (x INTEGER)")
    for t in threads:
        t.join()
    assert not errors and len(counts) == 20 and len(set(counts)) == 1
    access.close()


def test_memo_lasts_until_the_connection_is_reopened(api_db: Path) -> None:
    access = StoreAccess(api_db, idle_release_s=0.2)
    calls: list[int] = []

    def compute(store: Store) -> int:
        calls.append(1)
        return int(store.con.sql("SELECT count(*) FROM positions").fetchall()[0][0])

    with access.reader():  # keep the connection open across both calls
        first = access.memo("n", compute)
        assert access.memo("n", compute) == first and len(calls) == 1
    deadline = time.monotonic() + 10
    while access.is_open and time.monotonic() < deadline:
        time.sleep(0.05)
    assert access.memo("n", compute) == first and len(calls) == 2  # recomputed after reopen
    access.close()
