"""The entities store on a read-only connection: readers work (and see no lists when none
were ever loaded) instead of failing on CREATE TABLE."""

from __future__ import annotations

from pathlib import Path

from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.source import ListInfo
from wakewatch.store.db import Store
from wakewatch.store.entities import (
    entities_by_imo,
    loaded_lists,
    read_entities,
    replace_list,
)


def _info() -> ListInfo:
    return ListInfo(dataset="test_list", published=None, path="x", sha256="0" * 64,
                    format="ftm_json")


def test_read_only_store_without_lists(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    Store.open(db).close()
    with Store.open(db, read_only=True) as store:
        assert loaded_lists(store) == []
        assert read_entities(store) == []
        assert entities_by_imo(store, "7937317") == []


def test_read_only_store_with_lists(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    vessel = Entity(id="v1", schema="Vessel", dataset="test_list",
                    properties={"name": ("CHONG CHON GANG",), "imoNumber": ("7937317",)})
    with Store.open(db) as store:
        replace_list(store, _info(), [vessel])
    with Store.open(db, read_only=True) as store:
        assert [x.dataset for x in loaded_lists(store)] == ["test_list"]
        assert [e.id for e in read_entities(store)] == ["v1"]
        assert [e.id for e in entities_by_imo(store, "7937317")] == ["v1"]
