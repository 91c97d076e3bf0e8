"""Candidate generation: an inverted index so a query scores a few dozen entities, not all.

Keys of an entity: the name keys of every name, alias, previousName and weakAlias
(:func:`.names.name_keys`: normalised tokens, phonetic and cross-script keys), plus
``imo:<n>`` for each listed IMO number and ``mmsi:<n>`` for each MMSI. A query's keys are
built the same way (with the query's schema) and every entity sharing a key gets the key's
weight, an inverse document frequency ``ln(1 + N / df)`` (N entities, df entities carrying
the key): a shared ``kim`` or ``trading`` counts little, a shared ``chongchongang`` a lot.
Keys carried by more than :data:`MAX_KEY_SHARE` of the entities are skipped when the query
has rarer ones (they would only add noise and time). Entities sharing an identifier key
always come first; the rest are ranked by summed weight and the top ``limit`` (default
:data:`CANDIDATES`, yente's 5 x 10) go to the scorer, minus those with less than
:data:`MIN_SHARE` (0.4) of the best candidate's weight: on 600 perturbed list names (seed 7,
not the benchmark's) that cut left candidate recall at 0.983 and top-1 recall at 0.872
(both unchanged from no cut) while scoring 10.6 instead of 38.1 entities per query, 3.5x
faster. Only schema-compatible entities are candidates.

Accumulation is vectorised: the posting lists of the query's keys are concatenated and
summed per entity with ``numpy.bincount``. Candidate recall (true matches reaching the
scorer) is measured in benchmarks/screening_lists.py.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from wakewatch.params import param_set
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.match import names as _names
from wakewatch.sanctions.match.entity import QUERY_SCHEMAS, Listed, Prepared, compatible, listed

__all__ = ["CANDIDATES", "MAX_KEY_SHARE", "MIN_SHARE", "PARAMS", "CandidateIndex", "entity_keys",
           "query_keys"]

PARAMS = param_set("screen")
CANDIDATES: int = PARAMS.add(
    "candidates", int, 50, "entities",
    "Most entities the index hands to the scorer per query (yente: limit 5 x 10)").default
MIN_SHARE: float = PARAMS.add(
    "min_candidate_share", float, 0.4, "ratio",
    "A candidate needs at least this share of the best candidate's key weight").default
MAX_KEY_SHARE: float = PARAMS.add(
    "max_key_share", float, 0.05, "ratio",
    "Name keys on more than this share of the entities are skipped when rarer keys exist"
).default
_NAME_PROPS = ("name", "alias", "previousName", "weakAlias")


def _name_keys(names: Iterable[str], schema: str) -> set[str]:
    keys: set[str] = set()
    for n in names:
        keys |= _names.name_keys(n, schema)
    return keys


def entity_keys(item: Listed) -> set[str]:
    """Every index key of one listed entity."""
    e = item.entity
    keys = _name_keys((n for p in _NAME_PROPS for n in e.get(p)), e.schema)
    keys |= {f"imo:{n}" for n in item.imos}
    keys |= {f"mmsi:{m}" for m in item.mmsis}
    return keys


def query_keys(q: Prepared, schema: str) -> tuple[set[str], set[str]]:
    """(name keys, identifier keys) of a prepared query, names analysed as ``schema``."""
    ids = {f"imo:{n}" for n in q.imos} | {f"mmsi:{m}" for m in q.mmsis}
    return _name_keys(q.strong_names, schema), ids


class CandidateIndex:
    """Inverted index over the keys of a fixed set of entities (see the module doc)."""

    def __init__(self, entities: Sequence[Entity]) -> None:
        items = [listed(e) for e in entities]
        postings: dict[str, list[int]] = defaultdict(list)
        for i, item in enumerate(items):
            for key in entity_keys(item):
                postings[key].append(i)
        self._finish(items, {k: np.asarray(v, dtype=np.int32) for k, v in postings.items()})

    def _finish(self, items: list[Listed], postings: dict[str, npt.NDArray[np.int32]]) -> None:
        self.items: list[Listed] = items
        n = max(1, len(self.items))
        self.size = len(self.items)
        self.postings: dict[str, npt.NDArray[np.int32]] = postings
        self.idf: dict[str, float] = {k: math.log(1.0 + n / len(v)) for k, v in postings.items()}
        self.max_df = max(1, int(MAX_KEY_SHARE * n))
        schemas = sorted({it.entity.schema for it in self.items})
        codes = {s: i for i, s in enumerate(schemas)}
        self._schema_code = np.asarray([codes[it.entity.schema] for it in self.items],
                                       dtype=np.int16)
        self._masks: dict[str, npt.NDArray[np.bool_]] = {}
        for qs in QUERY_SCHEMAS:
            allowed = [codes[s] for s in schemas if compatible(qs, s)]
            self._masks[qs] = np.isin(self._schema_code, np.asarray(allowed, dtype=np.int16))

    def __getstate__(self) -> dict[str, Any]:
        """Compact pickled form (:mod:`.cache`): the posting lists as one array + offsets."""
        keys = list(self.postings)
        lengths = np.fromiter((len(self.postings[k]) for k in keys), dtype=np.int64,
                              count=len(keys))
        flat = (np.concatenate([self.postings[k] for k in keys]) if keys
                else np.zeros(0, dtype=np.int32))
        return {"items": self.items, "keys": keys, "lengths": lengths, "flat": flat}

    def __setstate__(self, state: dict[str, Any]) -> None:
        flat, keys = state["flat"], state["keys"]
        ends = np.cumsum(state["lengths"]).tolist()
        starts = [0, *ends[:-1]]
        self._finish(state["items"],
                     {k: flat[a:b] for k, a, b in zip(keys, starts, ends, strict=True)})

    def __len__(self) -> int:
        return self.size

    def weights(self, name_keys: set[str], *, common: bool = False
                ) -> npt.NDArray[np.float64]:
        """Summed IDF weight of ``name_keys`` per entity (0 for entities sharing none);
        keys on more than :data:`MAX_KEY_SHARE` of the entities only if ``common`` or if
        there is no rarer key."""
        known = [k for k in name_keys if k in self.postings]
        rare = [k for k in known if len(self.postings[k]) <= self.max_df]
        use = known if common else (rare or known)
        if not use:
            return np.zeros(self.size, dtype=np.float64)
        ids = np.concatenate([self.postings[k] for k in use])
        w = np.concatenate([np.full(len(self.postings[k]), self.idf[k]) for k in use])
        summed = np.bincount(ids, weights=w, minlength=self.size).astype(np.float64, copy=False)
        return summed

    def candidates(self, q: Prepared, limit: int = CANDIDATES,
                   min_share: float = MIN_SHARE) -> list[int]:
        """Indices (into :attr:`items`) of at most ``limit`` entities to score, best first,
        each with at least ``min_share`` of the best one's weight; every entity sharing an
        identifier with the query is included beyond ``limit``."""
        if not self.size:
            return []
        mask = self._masks.get(q.query.schema)
        if mask is None:
            return []
        schema = q.query.schema
        names, ids = query_keys(q, "LegalEntity" if schema == "Thing" else schema)
        if schema == "Thing":
            names |= _name_keys(q.strong_names, "Vessel") | _name_keys(q.strong_names,
                                                                          "Person")
        first: list[int] = []
        for key in sorted(ids):
            first.extend(int(i) for i in self.postings.get(key, ()) if mask[i])
        first = list(dict.fromkeys(first))
        hits, w = self._ranked(names, mask, first, common=False)
        if not len(hits):  # the rare keys are all on other schemas: use the common ones too
            hits, w = self._ranked(names, mask, first, common=True)
        top = hits[np.argpartition(-w[hits], limit - 1)[:limit]] if len(hits) > limit else hits
        ranked = top[np.lexsort((top, -w[top]))]
        if len(ranked):
            ranked = ranked[w[ranked] >= min_share * w[ranked[0]]]
        return first + [int(i) for i in ranked]

    def _ranked(self, names: set[str], mask: npt.NDArray[np.bool_], first: list[int], *,
                common: bool) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.float64]]:
        w = self.weights(names, common=common)
        hits = np.flatnonzero(w > 0)
        hits = hits[mask[hits]]
        if first:
            hits = hits[~np.isin(hits, np.asarray(first, dtype=np.intp))]
        return hits, w
