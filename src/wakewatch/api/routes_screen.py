"""Screening: yente's ``POST /match/{dataset}`` and ``GET /algorithms``, and a search-box
convenience ``GET /api/screen?q=NAME``.

The matcher (:mod:`wakewatch.sanctions.match`) is built from the store's loaded lists once
and kept until the lists change (the fingerprint is every loaded list's dataset, sha256 and
load time), so a request only pays for scoring. ``dataset`` ``default`` means every loaded
list; any other value must be a loaded dataset name (``us_ofac_sdn``, ``un_sc_sanctions``
...), else 404. Query parameters as yente's: ``algorithm`` (``best`` / ``default`` / ours),
``threshold`` (``match`` = score ≥ threshold), ``limit`` (≤ 500), ``include_dataset`` /
``exclude_dataset``, ``exclude_schema``, ``exclude_entity_ids`` (≤ 50); ``topics`` and
``changed_since`` are accepted for compatibility and ignored (list entities here carry no
topics or change dates). At most :data:`MAX_QUERIES` queries per batch.
"""

from __future__ import annotations

import importlib
import json
import threading
from types import ModuleType
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request

from wakewatch.api.common import access
from wakewatch.api.deps import StoreAccess
from wakewatch.api.settings import MAX_LIMIT, MAX_QUERIES
from wakewatch.api.yente import (
    Algorithm,
    AlgorithmResponse,
    EntityExample,
    EntityMatches,
    EntityMatchQuery,
    EntityMatchResponse,
    ErrorResponse,
    FeatureDoc,
    ScoredEntityResponse,
    TotalSpec,
)
from wakewatch.errors import InputNotFoundError
from wakewatch.sanctions.entity import Entity
from wakewatch.store import Store

__all__ = ["MatcherCache", "router"]

router = APIRouter(tags=["screening"])
Access = Annotated[StoreAccess, Depends(access)]

MAX_EXCLUDED_IDS = 50
_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorResponse}, 404: {"model": ErrorResponse},
    422: {"model": ErrorResponse}, 503: {"model": ErrorResponse}}


class _Screening:
    """The screening layer's entry points, imported on first use (the API starts, and
    answers 503 on these routes, in a build without it)."""

    def __init__(self) -> None:
        try:
            engine = importlib.import_module("wakewatch.sanctions.match.engine")
            entity = importlib.import_module("wakewatch.sanctions.match.entity")
        except ImportError as exc:
            raise HTTPException(503, f"screening is not available in this build ({exc})"
                                ) from None
        self.engine: ModuleType = engine
        self.Matcher = engine.Matcher
        self.match_queries = engine.match_queries
        self.result_to_json = engine.result_to_json
        self.Query = entity.Query
        self.ALGORITHM = str(entity.ALGORITHM)
        self.DEFAULT_THRESHOLD = float(entity.DEFAULT_THRESHOLD)


def _match_module() -> _Screening:
    return _Screening()


def _has_table(store: Store, name: str) -> bool:
    rows = store.con.sql("SELECT count(*) FROM information_schema.tables WHERE "
                         "table_schema = 'main' AND table_name = ?", params=[name]).fetchall()
    return bool(rows[0][0])


def _loaded(store: Store) -> list[tuple[Any, ...]]:
    """(dataset, sha256, loaded_at) of each loaded list — read without
    :func:`wakewatch.store.entities.loaded_lists`, whose ``CREATE TABLE IF NOT EXISTS``
    a read-only connection refuses."""
    if not _has_table(store, "lists"):
        return []
    return store.con.sql("SELECT dataset, sha256, loaded_at FROM lists ORDER BY dataset"
                         ).fetchall()


def _read_entities(store: Store) -> list[Entity]:
    if not _has_table(store, "entities"):
        rows: list[tuple[Any, ...]] = []
    else:
        rows = store.con.sql("SELECT id, schema, dataset, properties FROM entities "
                             "ORDER BY dataset, id").fetchall()
    if not rows:
        raise NoListsLoaded(f"{store.path or 'the database'} holds no sanctions lists: "
                            "load one with `wakewatch lists load FILE` or POST /api/lists")
    return [Entity(id=r[0], schema=r[1], dataset=r[2],
                   properties={k: tuple(v) for k, v in json.loads(r[3]).items()})
            for r in rows]


class NoListsLoaded(InputNotFoundError):
    """Screening was asked for but no list is loaded (404)."""


class MatcherCache:
    """One matcher per set of loaded lists, rebuilt when the lists change."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[Any, ...] | None = None
        self._matcher: Any = None

    def get(self, store: Store) -> tuple[Any, list[str]]:
        """The matcher for ``store``'s lists and the loaded dataset names."""
        lists = _loaded(store)
        key = tuple(lists)
        with self._lock:
            if self._matcher is None or key != self._key:
                self._matcher = _match_module().Matcher(_read_entities(store))
                self._key = key
            return self._matcher, [x[0] for x in lists]


def _cache(request: Request) -> MatcherCache:
    cache = request.app.state.matchers
    assert isinstance(cache, MatcherCache)
    return cache


def _algorithm() -> Algorithm:
    mod = _match_module()
    doc = (mod.engine.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    features = getattr(mod.engine, "FEATURES", {})
    return Algorithm(name=str(mod.ALGORITHM), description=doc or None,
                     features={k: FeatureDoc.model_validate(
                         v if isinstance(v, dict) else {"description": str(v)})
                         for k, v in features.items()})


@router.get("/algorithms", response_model=AlgorithmResponse, summary="Matching algorithms")
def algorithms() -> AlgorithmResponse:
    algo = _algorithm()
    return AlgorithmResponse(algorithms=[algo], default=algo.name, best=algo.name)


def _keep(result: dict[str, Any], include: list[str], exclude: list[str],
          exclude_schema: list[str], exclude_ids: set[str]) -> bool:
    datasets = set(result.get("datasets") or [])
    if include and not datasets & set(include):
        return False
    if exclude and datasets and datasets <= set(exclude):
        return False
    return result.get("schema") not in exclude_schema and result.get("id") not in exclude_ids


def run_match(store: Store, cache: MatcherCache, dataset: str,
              queries: dict[str, EntityExample], *, threshold: float | None, limit: int,
              include: list[str], exclude: list[str], exclude_schema: list[str],
              exclude_ids: list[str]) -> dict[str, tuple[list[dict[str, Any]], int]]:
    """Scored results (yente result dicts) and their total per query key."""
    mod = _match_module()
    matcher, datasets = cache.get(store)
    if dataset != "default":
        if dataset not in datasets:
            raise HTTPException(404, f"dataset {dataset!r} is not loaded (loaded: "
                                     f"{', '.join(datasets) or 'none'}; or use 'default')")
        include = [*include, dataset] if not include else [d for d in include if d == dataset]
        if not include:
            include = ["\0none"]
    wanted = {key: mod.Query(q.schema_, {k: tuple(v) for k, v in q.values().items()})
              for key, q in queries.items()}
    thr = mod.DEFAULT_THRESHOLD if threshold is None else threshold
    filtering = bool(include or exclude or exclude_schema or exclude_ids)
    fetch = min(MAX_LIMIT * 4, limit * 4 + len(exclude_ids)) if filtering else limit
    found = mod.match_queries(matcher, wanted, thr, fetch)
    ids = set(exclude_ids)
    out: dict[str, tuple[list[dict[str, Any]], int]] = {}
    for key in queries:
        results = [mod.result_to_json(r) for r in found.get(key, [])]
        results = [r for r in results if _keep(r, include, exclude, exclude_schema, ids)]
        out[key] = (results[:limit], len(results))
    return out


@router.post("/match/{dataset}", response_model=EntityMatchResponse, responses=_ERRORS,
             response_model_exclude_none=True, summary="Match entities (yente-compatible)")
def match(request: Request, acc: Access, body: EntityMatchQuery,
          dataset: Annotated[str, Path(max_length=100)],
          algorithm: str = "best",
          threshold: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
          cutoff: Annotated[float, Query(ge=0.0, le=1.0)] = 0.0,
          limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 5,
          topics: Annotated[list[str] | None, Query()] = None,
          include_dataset: Annotated[list[str] | None, Query()] = None,
          exclude_dataset: Annotated[list[str] | None, Query()] = None,
          exclude_schema: Annotated[list[str] | None, Query()] = None,
          exclude_entity_ids: Annotated[list[str] | None, Query()] = None,
          changed_since: str | None = None) -> EntityMatchResponse:
    """Score each query entity against the loaded lists; ``responses`` is keyed like
    ``queries``."""
    if len(body.queries) > MAX_QUERIES:
        raise HTTPException(400, f"too many queries: {len(body.queries)} (at most "
                                 f"{MAX_QUERIES} per request)")
    if len(exclude_entity_ids or []) > MAX_EXCLUDED_IDS:
        raise HTTPException(400, f"exclude_entity_ids: at most {MAX_EXCLUDED_IDS} ids")
    algo = _algorithm()
    if algorithm not in ("best", "default", algo.name):
        raise HTTPException(400, f"algorithm {algorithm!r} is not available "
                                 f"(use best, default or {algo.name})")
    with acc.reader() as store:
        found = run_match(store, _cache(request), dataset, body.queries,
                          threshold=threshold, limit=limit,
                          include=include_dataset or [], exclude=exclude_dataset or [],
                          exclude_schema=exclude_schema or [],
                          exclude_ids=exclude_entity_ids or [])
    responses = {
        key: EntityMatches(status=200, query=body.queries[key],
                           results=[ScoredEntityResponse.model_validate(r) for r in results],
                           total=TotalSpec(value=total, relation="eq"))
        for key, (results, total) in found.items()}
    return EntityMatchResponse(responses=responses, matcher=algo, limit=limit)


@router.get("/api/screen", summary="Screen one name (search box)")
def screen(request: Request, acc: Access,
           q: Annotated[str, Query(min_length=1, max_length=300)],
           schema: Annotated[str, Query(max_length=40)] = "Thing",
           imo: Annotated[str | None, Query(pattern=r"^\d{7}$")] = None,
           threshold: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
           limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 10) -> list[dict[str, Any]]:
    """The best list entries for one name (and IMO number), scored; ``match`` marks those
    at or above the threshold."""
    props: dict[str, str | list[Any]] = {"name": [q]}
    if imo:
        props["imoNumber"] = [imo]
    example = EntityExample.model_validate({"schema": schema, "properties": props})
    with acc.reader() as store:
        found = run_match(store, _cache(request), "default", {"q": example},
                          threshold=threshold, limit=limit, include=[], exclude=[],
                          exclude_schema=[], exclude_ids=[])
    return found["q"][0]
