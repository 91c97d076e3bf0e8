"""Reader for FollowTheMoney entities as JSON lines (e.g. an OpenSanctions export).

One entity per line: ``{"id": ..., "schema": ..., "properties": {prop: [str, ...]},
"datasets": [...]}``. Parties of the schemata wakewatch screens against (``Vessel``,
``Person``, ``Company``, ``Organization``, ``LegalEntity``) are kept with the property names
of :mod:`wakewatch.sanctions.entity` (``name``, ``alias``, ``imoNumber``, ``birthDate``, ...;
OpenSanctions' ``topics`` and ``sourceUrl`` etc. are dropped); other schemata (``Sanction``,
``Address``, ``Ownership``, ``Passport`` ...) are skipped. FtM ``program`` is kept as is; the
export's ``datasets`` are source lists, not programs, and are not mapped.

Ids are ``ftm:<the FtM id>``. A line that is not JSON, or an object without ``id``,
``schema`` or ``properties`` (a list of strings per property), is a FormatError naming the
line — also a last line cut off mid-object.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from wakewatch.errors import FormatError
from wakewatch.sanctions._listfile import Props
from wakewatch.sanctions.entity import SCHEMAS, Entity
from wakewatch.sanctions.source import ListInfo, file_sha256
from wakewatch.sanctions.textfile import read_bytes

__all__ = ["PROPERTIES", "read", "sniff"]

DATASET = "ftm"
FORMAT = "ftm_json"
#: The FollowTheMoney properties wakewatch keeps (entity.py's list).
PROPERTIES: tuple[str, ...] = (
    "name", "alias", "previousName", "weakAlias", "imoNumber", "mmsi", "flag", "pastFlags",
    "callSign", "birthDate", "nationality", "country", "program", "listingDate", "notes",
    "address", "idNumber", "type", "tonnage", "owner")


def sniff(head: bytes) -> bool:
    """True when the first bytes look like FtM JSON lines."""
    first = head.lstrip()[:4096].split(b"\n", 1)[0]
    return first.startswith(b"{") and b'"schema"' in first and b'"id"' in first


def _entity(obj: Any, where: str) -> Entity | None:
    if not isinstance(obj, dict) or not isinstance(obj.get("id"), str) or not obj["id"] \
            or not isinstance(obj.get("schema"), str):
        raise FormatError(f"{where}: not a FollowTheMoney entity (needs id and schema)")
    raw = obj.get("properties", {})
    if not isinstance(raw, dict) or any(
            not isinstance(v, list) or not all(isinstance(x, str) for x in v)
            for v in raw.values()):
        raise FormatError(f"{where}: properties must map names to lists of strings")
    if obj["schema"] not in SCHEMAS:
        return None
    props = Props()
    for prop in PROPERTIES:
        for value in raw.get(prop, ()):
            props.add(prop, value)
    return Entity(id=f"{DATASET}:{obj['id']}", schema=obj["schema"], dataset=DATASET,
                  properties=props.frozen())


def read(path: Path) -> tuple[ListInfo, list[Entity]]:
    """Read FtM JSON lines (``.json``/``.jsonl``, optionally gzipped); FormatError if corrupt."""
    data = read_bytes(path, "FollowTheMoney JSON lines")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"{path}: FollowTheMoney JSON lines must be UTF-8", path=path) from exc
    entities: dict[str, Entity] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path}: line {line_no}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise FormatError(f"{where}: not JSON ({exc.msg}; truncated?)", path=path) from exc
        try:
            entity = _entity(obj, where)
        except FormatError as exc:
            raise FormatError(exc.message, path=path) from exc
        if entity is not None:
            if entity.id in entities:
                raise FormatError(f"{where}: duplicate id {obj['id']!r}", path=path)
            entities[entity.id] = entity
    if not entities and not text.strip():
        raise FormatError(f"{path}: empty FollowTheMoney JSON lines file", path=path)
    info = ListInfo(dataset=DATASET, published=None, path=str(path),
                    sha256=file_sha256(path), format=FORMAT)
    return info, list(entities.values())
