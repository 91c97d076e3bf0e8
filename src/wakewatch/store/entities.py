"""Stored sanctions lists: the ``lists`` and ``entities`` tables.

    lists     dataset (one row per dataset: the version loaded last), published, path,
              sha256, format, loaded_at, counts (JSON: entities, by schema, by program,
              imo, mmsi)
    entities  id, schema, dataset, caption, properties (JSON, FollowTheMoney shape),
              imo VARCHAR[] and mmsi VARCHAR[] (copies of imoNumber / mmsi for exact lookup)

:func:`replace_list` deletes the dataset's previous entities and ``lists`` row and inserts
the new ones in one transaction: reloading a newer version replaces the old one, and a
failure leaves what was loaded before. Readers validate a file completely before anything
is written, so a damaged file never reaches the store.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import polars as pl

from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.source import ListInfo

from .db import Store

__all__ = ["LoadedList", "entities_by_imo", "list_counts", "loaded_lists", "read_entities",
           "replace_list"]

DDL = (
    """CREATE TABLE IF NOT EXISTS lists (
        dataset VARCHAR PRIMARY KEY, published DATE, path VARCHAR, sha256 VARCHAR,
        format VARCHAR, loaded_at TIMESTAMPTZ, counts VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS entities (
        id VARCHAR, schema VARCHAR, dataset VARCHAR, caption VARCHAR, properties VARCHAR,
        imo VARCHAR[], mmsi VARCHAR[])""",
)


@dataclass(frozen=True)
class LoadedList:
    """One row of ``lists``."""

    dataset: str
    published: date | None
    path: str
    sha256: str
    format: str
    loaded_at: datetime
    counts: dict[str, Any]


def _tables_exist(store: Store) -> bool:
    n = store.con.sql("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' "
                      "AND table_name IN ('lists', 'entities')").fetchall()[0][0]
    return bool(n == 2)


def ensure_tables(store: Store) -> bool:
    """Create the tables unless they exist; False when they are missing and cannot be made
    (a read-only store without lists): readers then see no lists."""
    if _tables_exist(store):
        return True
    try:
        for ddl in DDL:
            store.con.execute(ddl)
    except duckdb.InvalidInputException:  # read-only connection
        return False
    return True


def list_counts(entities: Sequence[Entity]) -> dict[str, Any]:
    """Entities, by schema, by program, and entities with an IMO / MMSI."""
    programs: Counter[str] = Counter(p for e in entities for p in e.get("program"))
    return {
        "entities": len(entities),
        "schema": dict(sorted(Counter(e.schema for e in entities).items())),
        "program": dict(sorted(programs.items(), key=lambda kv: (-kv[1], kv[0]))),
        "imo": len({i for e in entities for i in e.get("imoNumber")}),
        "mmsi": len({m for e in entities for m in e.get("mmsi")}),
    }


def _frame(entities: Sequence[Entity]) -> pl.DataFrame:
    rows = [{"id": e.id, "schema": e.schema, "dataset": e.dataset, "caption": e.caption,
             "properties": json.dumps({k: list(v) for k, v in e.properties.items()},
                                      ensure_ascii=False),
             "imo": list(e.get("imoNumber")), "mmsi": list(e.get("mmsi"))} for e in entities]
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "id": pl.String, "schema": pl.String, "dataset": pl.String, "caption": pl.String,
        "properties": pl.String, "imo": pl.List(pl.String), "mmsi": pl.List(pl.String)}
    return pl.DataFrame(rows, schema=schema)


def replace_list(store: Store, info: ListInfo, entities: Sequence[Entity]) -> dict[str, Any]:
    """Replace ``info.dataset``'s entities by ``entities`` in one transaction; the counts."""
    ensure_tables(store)
    counts = list_counts(entities)
    frame = _frame(entities)
    with store.transaction() as con:
        con.execute("DELETE FROM entities WHERE dataset = ?", [info.dataset])
        con.execute("DELETE FROM lists WHERE dataset = ?", [info.dataset])
        if frame.height:
            con.register("_new_entities", frame.to_arrow())
            con.execute("INSERT INTO entities SELECT * FROM _new_entities")
            con.unregister("_new_entities")
        con.execute("INSERT INTO lists VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [info.dataset, info.published, info.path, info.sha256, info.format,
                     datetime.now(UTC), json.dumps(counts)])
    return counts


def loaded_lists(store: Store) -> list[LoadedList]:
    """What is loaded, by dataset."""
    if not ensure_tables(store):
        return []
    rows = store.con.execute("SELECT dataset, published, path, sha256, format, loaded_at, "
                             "counts FROM lists ORDER BY dataset").fetchall()
    return [LoadedList(r[0], r[1], r[2], r[3], r[4], r[5].astimezone(UTC), json.loads(r[6]))
            for r in rows]


def _entity(row: tuple[Any, ...]) -> Entity:
    props = {k: tuple(v) for k, v in json.loads(row[3]).items()}
    return Entity(id=row[0], schema=row[1], dataset=row[2], properties=props)


def read_entities(store: Store, dataset: str | None = None) -> list[Entity]:
    """Stored entities (of one dataset), by id."""
    if not ensure_tables(store):
        return []
    if dataset is None:
        rows = store.con.execute("SELECT id, schema, dataset, properties FROM entities "
                                 "ORDER BY dataset, id").fetchall()
    else:
        rows = store.con.execute("SELECT id, schema, dataset, properties FROM entities "
                                 "WHERE dataset = ? ORDER BY id", [dataset]).fetchall()
    return [_entity(r) for r in rows]


def entities_by_imo(store: Store, imo: str) -> list[Entity]:
    """Stored entities listing IMO number ``imo`` (exact)."""
    if not ensure_tables(store):
        return []
    rows = store.con.execute("SELECT id, schema, dataset, properties FROM entities "
                             "WHERE list_contains(imo, ?) ORDER BY id", [imo]).fetchall()
    return [_entity(r) for r in rows]
