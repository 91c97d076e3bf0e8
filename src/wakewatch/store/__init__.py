"""The embedded store: DuckDB tables for positions, statics, the ingest log and rejects."""

from wakewatch.store.db import Store, default_db_path

__all__ = ["Store", "default_db_path"]
