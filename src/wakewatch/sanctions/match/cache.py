"""On-disk cache of the candidate index, so that ``wakewatch screen`` does not rebuild it.

Building the index of OFAC 2024 + UN (15,592 entities) analyses every listed name (~2.5 s on
an idle core); loading the cached index takes ~0.5 s. The cache is one file next to the
database, ``<db>.screen-index``: a first line with the cache key, then the pickled
:class:`.index.CandidateIndex` (posting lists as one array + offsets, and the listed
entities).

The key is the SHA-256 of everything the index depends on, so a cached index cannot go
stale:

- the algorithm name with :data:`.names.MATCHER_VERSION`;
- the bytes of every source file of ``wakewatch/sanctions`` and ``wakewatch/identity``
  (any change of a rule, reader or key builder, with or without a version bump);
- the ``screen`` parameters' values;
- per loaded list (the store's ``lists`` table): dataset, sha256 of the file, load time
  (a reload replaces the entities, so it changes the key).

A file whose key differs is rebuilt and overwritten (atomically: a temporary file then
``os.replace``); an unreadable or unwritable cache is ignored (the index is built in
memory as before). The pickle is as trusted as the database next to it: whoever can write
one can write the other. An in-memory store has no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path

from wakewatch.sanctions.match.entity import ALGORITHM
from wakewatch.sanctions.match.index import PARAMS, CandidateIndex
from wakewatch.store.db import Store

__all__ = ["cache_key", "cache_path", "load_index", "save_index"]

_PACKAGE = Path(__file__).resolve().parents[2]  # .../wakewatch
_SOURCES = ("sanctions", "identity")
_source_digest: str | None = None


def _sources() -> str:
    global _source_digest
    if _source_digest is None:
        h = hashlib.sha256()
        for sub in _SOURCES:
            for path in sorted((_PACKAGE / sub).rglob("*.py")):
                h.update(str(path.relative_to(_PACKAGE)).encode())
                h.update(path.read_bytes())
        _source_digest = h.hexdigest()
    return _source_digest


def cache_key(store: Store, dataset: str | None = None) -> str:
    """The SHA-256 key of the index of ``store``'s lists (module doc)."""
    from wakewatch.store.entities import loaded_lists

    lists = [(x.dataset, x.sha256, x.loaded_at.isoformat()) for x in loaded_lists(store)
             if dataset is None or x.dataset == dataset]
    params = PARAMS.defaults()
    blob = json.dumps({"algorithm": ALGORITHM, "sources": _sources(), "params": params,
                       "lists": lists, "dataset": dataset}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def cache_path(store: Store) -> Path | None:
    """``<db>.screen-index`` next to an on-disk database, else ``None``."""
    if store.path is None or str(store.path) == ":memory:":
        return None
    return store.path.with_name(store.path.name + ".screen-index")


def load_index(path: Path, key: str) -> CandidateIndex | None:
    """The cached index when ``path`` holds one for ``key``; ``None`` otherwise."""
    try:
        with path.open("rb") as fh:
            if fh.readline().rstrip(b"\n").decode("ascii", "replace") != key:
                return None
            index = pickle.load(fh)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError,
            TypeError, ValueError, KeyError):
        return None
    return index if isinstance(index, CandidateIndex) else None


def save_index(path: Path, key: str, index: CandidateIndex) -> bool:
    """Write the cache atomically; ``False`` when the directory is not writable."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=path.name + ".", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(key.encode("ascii") + b"\n")
                pickle.dump(index, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True
