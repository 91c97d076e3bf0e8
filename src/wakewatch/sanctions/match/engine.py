"""The screening engine: candidate index + entity scorer, and the yente-shaped results.

:class:`Matcher` holds the listed entities in a :class:`.index.CandidateIndex`;
:meth:`Matcher.match` retrieves candidates for a query (identifiers first, then by shared
name keys), scores each with :func:`.entity.score_entity` and returns the best ``limit``
results with a score above zero, best first. :func:`match_queries` runs a batch (yente's
``POST /match/{dataset}`` body: ``{"queries": {key: query}}``) and :func:`result_to_json`
renders one result the way yente does (id, caption, schema, properties, datasets, score,
match, features, explanations) plus the algorithm's name and version.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from wakewatch.errors import InputError
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.match.entity import (
    ALGORITHM,
    DEFAULT_THRESHOLD,
    MatchResult,
    Query,
    prepare,
    score_entity,
)
from wakewatch.sanctions.match.index import CANDIDATES, CandidateIndex
from wakewatch.store.db import Store

__all__ = ["DEFAULT_LIMIT", "Matcher", "NoListsError", "match_queries", "result_to_json"]

DEFAULT_LIMIT = 5


class NoListsError(InputError):
    """The store holds no sanctions lists to screen against."""


class Matcher:
    """Screens queries against a fixed set of listed entities."""

    algorithm = ALGORITHM

    def __init__(self, entities: Sequence[Entity], index: CandidateIndex | None = None) -> None:
        self.index = index if index is not None else CandidateIndex(entities)
        self.cached = index is not None  # loaded from the on-disk cache (:mod:`.cache`)

    @classmethod
    def from_store(cls, store: Store, dataset: str | None = None, *,
                   cache: bool = True) -> Matcher:
        """Every stored entity (of ``dataset``); :class:`NoListsError` when there are none.

        With ``cache`` the index is read from / written to ``<db>.screen-index``
        (:mod:`.cache`: keyed by the algorithm, its source code, parameters and the loaded
        lists, so it cannot go stale)."""
        from wakewatch.sanctions.match import cache as _cache
        from wakewatch.store.entities import read_entities

        path = _cache.cache_path(store) if cache else None
        key = _cache.cache_key(store, dataset) if path is not None else ""
        if path is not None:
            index = _cache.load_index(path, key)
            if index is not None and len(index):
                return cls((), index)
        entities = read_entities(store, dataset)
        if not entities:
            raise NoListsError(f"{store.path or 'the database'} holds no sanctions lists: run "
                               "`wakewatch lists load FILE...` first")
        matcher = cls(entities)
        if path is not None:
            _cache.save_index(path, key, matcher.index)
        return matcher

    def __len__(self) -> int:
        return len(self.index)

    def match(self, query: Query, threshold: float = DEFAULT_THRESHOLD,
              limit: int = DEFAULT_LIMIT, candidates: int = CANDIDATES) -> list[MatchResult]:
        """The best ``limit`` results (score > 0) for ``query``, best first."""
        q = prepare(query)
        results: list[MatchResult] = []
        for i in self.index.candidates(q, max(candidates, limit)):
            r = score_entity(q, self.index.items[i], threshold)
            if r is not None and r.score > 0:
                results.append(r)
        results.sort(key=lambda r: (-r.score, r.entity.id))
        return results[:limit]

    def candidate_ids(self, query: Query, candidates: int = CANDIDATES) -> list[str]:
        """Ids of the entities the index hands to the scorer (for candidate recall)."""
        q = prepare(query)
        return [self.index.items[i].entity.id for i in self.index.candidates(q, candidates)]


def match_queries(matcher: Matcher, queries: Mapping[str, Query],
                  threshold: float = DEFAULT_THRESHOLD, limit: int = DEFAULT_LIMIT
                  ) -> dict[str, list[MatchResult]]:
    """Each query's results, keyed as the queries are."""
    return {key: matcher.match(q, threshold=threshold, limit=limit)
            for key, q in queries.items()}


def result_to_json(r: MatchResult) -> dict[str, Any]:
    """One result in yente's ``/match`` response shape (plus ``algorithm``)."""
    e = r.entity
    return {"id": e.id, "caption": e.caption, "schema": e.schema,
            "properties": {k: list(v) for k, v in e.properties.items()},
            "datasets": [e.dataset], "score": r.score, "match": r.match,
            "features": dict(r.features),
            "explanations": [x.to_json() for x in r.explanations],
            "algorithm": r.algorithm}
