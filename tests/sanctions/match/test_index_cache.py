"""The on-disk index cache (``<db>.screen-index``): reused, keyed, never stale, optional."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.match import cache as _cache
from wakewatch.sanctions.match.engine import Matcher
from wakewatch.sanctions.match.entity import Query
from wakewatch.sanctions.match.index import CandidateIndex
from wakewatch.sanctions.source import ListInfo
from wakewatch.store.db import Store
from wakewatch.store.entities import replace_list

PEOPLE = [
    Entity("t:1", "Person", "t", {"name": ("KIM Jong Un",), "alias": ("Kim Chong-un",)}),
    Entity("t:2", "Person", "t", {"name": ("PUTIN, Vladimir Vladimirovich",)}),
    Entity("t:3", "Vessel", "t", {"name": ("CHONG CHON GANG",), "imoNumber": ("7937317",)}),
]


def _load(store: Store, entities: list[Entity], when: datetime) -> None:
    info = ListInfo(dataset="t", published=when.date(), path="t.csv", sha256="ab" * 32,
                    format="test")
    replace_list(store, info, entities)


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "c.duckdb")
    _load(store, PEOPLE, datetime(2026, 1, 1, tzinfo=UTC))
    return store


def _ids(m: Matcher, name: str) -> list[str]:
    return [r.entity.id for r in m.match(Query.build("Thing", name=name))]


def test_second_open_uses_the_cache_with_the_same_results(tmp_path: Path) -> None:
    store = _store(tmp_path)
    first = Matcher.from_store(store)
    path = _cache.cache_path(store)
    assert not first.cached and path is not None and path.exists()
    second = Matcher.from_store(store)
    assert second.cached and len(second) == len(first) == 3
    for name in ("Kim Jong Un", "Vladimir Putin", "CHONG CHON GANG"):
        assert _ids(first, name) == _ids(second, name)
    assert set(first.index.postings) == set(second.index.postings)
    assert all(np.array_equal(first.index.postings[k], second.index.postings[k])
               for k in first.index.postings)
    store.close()


def test_reloading_a_list_changes_the_key(tmp_path: Path) -> None:
    store = _store(tmp_path)
    key = _cache.cache_key(store)
    Matcher.from_store(store)
    extra = Entity("t:4", "Person", "t", {"name": ("LAVROV, Sergei",)})
    _load(store, [*PEOPLE, extra], datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=1))
    assert _cache.cache_key(store) != key
    m = Matcher.from_store(store)
    assert not m.cached and len(m) == 4
    assert _ids(m, "Sergei Lavrov")[:1] == ["t:4"]
    store.close()


def test_a_foreign_or_broken_cache_is_rebuilt(tmp_path: Path) -> None:
    store = _store(tmp_path)
    path = _cache.cache_path(store)
    assert path is not None
    path.write_bytes(b"not-the-key\n" + pickle.dumps(CandidateIndex([])))
    assert not Matcher.from_store(store).cached
    key = _cache.cache_key(store)
    path.write_bytes(key.encode() + b"\ngarbage")
    m = Matcher.from_store(store)
    assert not m.cached and len(m) == 3
    assert Matcher.from_store(store).cached
    store.close()


def test_no_cache_for_memory_store_or_when_disabled(tmp_path: Path) -> None:
    mem = Store.open(":memory:")
    _load(mem, PEOPLE, datetime(2026, 1, 1, tzinfo=UTC))
    assert _cache.cache_path(mem) is None
    assert not Matcher.from_store(mem).cached
    mem.close()
    store = _store(tmp_path)
    Matcher.from_store(store, cache=False)
    path = _cache.cache_path(store)
    assert path is not None and not path.exists()
    store.close()
