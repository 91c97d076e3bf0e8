"""Opening the embedded DuckDB store and creating its schema."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb

from wakewatch.errors import StoreError
from wakewatch.store.schema import DDL, SCHEMA_VERSION

DEFAULT_DB = "wakewatch.duckdb"
ENV_DB = "WAKEWATCH_DB"


def fetch_one(con: duckdb.DuckDBPyConnection, sql: str,
              params: list[object] | None = None) -> tuple[Any, ...] | None:
    """The first row of a query, with the result consumed: DuckDB 2.0 refuses further work
    on a connection while an ``execute()`` result is only partly fetched."""
    rows = con.execute(sql, params).fetchall() if params is not None else con.execute(
        sql).fetchall()
    return rows[0] if rows else None


def default_db_path() -> Path:
    """``$WAKEWATCH_DB`` if set, else ``./wakewatch.duckdb``."""
    return Path(os.environ.get(ENV_DB) or DEFAULT_DB)


class Store:
    """A wakewatch database: one DuckDB file holding positions, statics and the ingest log."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: Path | None) -> None:
        self.con = con
        self.path = path

    @classmethod
    def open(cls, path: str | Path | None = None, *, read_only: bool = False) -> Store:
        """Open (creating if needed) the store at ``path``; ``":memory:"`` for a scratch one."""
        target = default_db_path() if path is None else Path(path)
        try:
            if str(target) == ":memory:":
                con = duckdb.connect(":memory:")
                resolved: Path | None = None
            else:
                if read_only and not target.exists():
                    raise StoreError(
                        f"no wakewatch database at {target}: run `wakewatch ingest` first "
                        "or pass --db", path=target)
                con = duckdb.connect(str(target), read_only=read_only)
                resolved = target
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            raise StoreError(f"cannot open database {target}: {first}", path=target) from exc
        store = cls(con, resolved)
        if not read_only:
            store.ensure_schema()
        return store

    def ensure_schema(self) -> None:
        for ddl in DDL:
            self.con.execute(ddl)
        self.con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [SCHEMA_VERSION])

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A transaction that commits on success and rolls back on any exception."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
