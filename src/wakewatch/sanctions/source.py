"""The interface every sanctions-list reader implements.

A reader takes one file and returns what the file is (:class:`ListInfo`) and the parties it
lists (:class:`~wakewatch.sanctions.entity.Entity`). Readers raise
:class:`wakewatch.errors.FormatError` (one clear line) when the file is not theirs, is
truncated or is otherwise corrupt; they never return a partial list.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from wakewatch.sanctions.entity import Entity

__all__ = ["ListInfo", "Reader", "file_sha256"]


@dataclass(frozen=True)
class ListInfo:
    """One loaded list file.

    ``dataset`` is a key of :data:`wakewatch.sanctions.entity.DATASETS`; ``published`` the
    list's own publication date when the file states one (else ``None``); ``path`` the file
    as given; ``sha256`` the hex digest of the file's bytes (as stored, e.g. gzipped);
    ``format`` a short name such as ``ofac_csv``, ``ofac_xml``, ``un_xml``, ``eu_xml``,
    ``uk_csv``, ``ftm_json``.
    """

    dataset: str
    published: date | None
    path: str
    sha256: str
    format: str


Reader = Callable[[Path], tuple[ListInfo, list[Entity]]]


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
