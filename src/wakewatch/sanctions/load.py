"""Which list a file is, and reading it with the right reader.

:func:`detect_format` looks at the first 64 KiB of the (gunzipped) content:

    <sdnList ...>                           ofac_xml   (wakewatch.sanctions.ofac_xml)
    <CONSOLIDATED_LIST ...>                 un_xml     (wakewatch.sanctions.un_xml)
    <export xmlns=".../fpi/fsd/export">     eu_xml     (wakewatch.sanctions.eu_xml)
    "Last Updated" line / "Name 6,Name 1"   uk_csv     (wakewatch.sanctions.uk_csv)
    a JSON object with "schema" per line    ftm_json   (wakewatch.sanctions.ftm_json)
    ent_num,"name","individual|vessel|..."  ofac_csv   (wakewatch.sanctions.ofac_csv)
    an OFAC add/alt/sdn_comments companion  ofac_companion (read with its sdn.csv)

Each reader module exposes ``read(path) -> (ListInfo, list[Entity])`` (see
:mod:`wakewatch.sanctions.source`); it is imported when needed, so a format whose module is
not installed is a clear error rather than an import failure at start-up.
"""

from __future__ import annotations

import csv
import gzip
import importlib
import io
import json
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wakewatch.errors import FormatError, InputNotFoundError
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.ofac_csv import companion_paths
from wakewatch.sanctions.source import ListInfo, Reader
from wakewatch.sanctions.textfile import GZIP_MAGIC
from wakewatch.store.db import Store
from wakewatch.store.entities import replace_list

__all__ = ["READERS", "Loaded", "detect_format", "load_lists", "read_list"]

READERS: dict[str, str] = {
    "ofac_csv": "wakewatch.sanctions.ofac_csv",
    "ofac_xml": "wakewatch.sanctions.ofac_xml",
    "un_xml": "wakewatch.sanctions.un_xml",
    "eu_xml": "wakewatch.sanctions.eu_xml",
    "uk_csv": "wakewatch.sanctions.uk_csv",
    "ftm_json": "wakewatch.sanctions.ftm_json",
}
_HEAD = 65536
_OFAC_TYPES = {"individual", "vessel", "aircraft", "-0-", ""}


@dataclass(frozen=True)
class Loaded:
    """One list written to the store."""

    info: ListInfo
    counts: dict[str, Any]


def _head(path: Path) -> str:
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file", path=path)
    with path.open("rb") as handle:
        raw = handle.read(_HEAD)
    if raw.startswith(GZIP_MAGIC):
        try:
            with gzip.open(path, "rb") as handle:
                raw = handle.read(_HEAD)
        except (EOFError, OSError, zlib.error) as exc:
            raise FormatError(f"{path}: damaged or truncated gzip ({exc})", path=path) from exc
    return raw.decode("utf-8", errors="replace").lstrip("\ufeff")


def _is_companion(path: Path) -> bool:
    name = path.name.lower()
    for kind in ("sdn_comments", "add", "alt"):
        at = name.rfind(kind)
        if at >= 0:
            sdn = path.with_name(path.name[:at] + "sdn" + path.name[at + len(kind):])
            if companion_paths(sdn).get(kind) == path:
                return True
    return False


def detect_format(path: Path) -> str:
    """The format name of a list file (a key of :data:`READERS`, or ``ofac_companion``)."""
    head = _head(path)
    text = head.lstrip()
    if text.startswith("<"):
        root = re.search(r"<([A-Za-z_][\w.-]*)[\s>]", re.sub(r"<[?!][^>]*>", "", text))
        tag = root.group(1) if root else ""
        if tag == "sdnList":
            return "ofac_xml"
        if tag == "CONSOLIDATED_LIST":
            return "un_xml"
        if tag == "export" and "fsd/export" in text[:2000]:
            return "eu_xml"
        raise FormatError(f"{path}: XML with root <{tag}> is not a known sanctions list",
                          path=path)
    if text.startswith("{"):
        try:
            first = json.loads(text.splitlines()[0])
        except (ValueError, IndexError):
            first = None
        if isinstance(first, dict) and "schema" in first:
            return "ftm_json"
    lines = text.splitlines()
    if lines and (lines[0].startswith("Last Updated") or lines[0].startswith("Name 6,")):
        return "uk_csv"
    if lines:
        row = next(csv.reader(io.StringIO(lines[0])), [])
        if row and row[0].strip().isdigit():
            if len(row) == 12 and row[2].strip().lower() in _OFAC_TYPES:
                return "ofac_csv"
            if len(row) in (2, 5, 6) and _is_companion(path):
                return "ofac_companion"
    raise FormatError(f"{path}: not a sanctions list format wakewatch knows (OFAC CSV/XML, "
                      "UN XML, EU XML, UK CSV, FollowTheMoney JSON)", path=path)


def reader_for(fmt: str) -> Reader:
    """The ``read`` function of the module for ``fmt``."""
    module_name = READERS.get(fmt)
    if module_name is None:
        raise FormatError(f"no reader for format {fmt!r}")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
        raise FormatError(f"the {fmt} reader ({module_name}) is not available yet") from exc
    read: Reader = module.read
    return read


def read_list(path: Path) -> tuple[ListInfo, list[Entity]]:
    """Detect the format of ``path`` and read it completely."""
    fmt = detect_format(path)
    if fmt == "ofac_companion":
        raise FormatError(f"{path}: an OFAC companion file (add/alt/comments); load its "
                          "sdn.csv, which reads the companions beside it", path=path)
    return reader_for(fmt)(path)


def load_lists(store: Store, paths: list[Path]) -> list[Loaded]:
    """Read every file, then write each list (one transaction per list). Companion files
    named together with their ``sdn.csv`` are skipped; nothing is written unless every file
    reads cleanly."""
    given = {p.resolve() for p in paths}
    wanted: list[Path] = []
    for path in paths:
        if detect_format(path) == "ofac_companion" and any(
                s.resolve() in given for s in _sdn_candidates(path)):
            continue
        wanted.append(path)
    results = [read_list(p) for p in wanted]
    return [Loaded(info, replace_list(store, info, ents)) for info, ents in results]


def _sdn_candidates(path: Path) -> list[Path]:
    name = path.name
    out = []
    for kind in ("sdn_comments", "add", "alt"):
        at = name.lower().rfind(kind)
        if at >= 0:
            out.append(path.with_name(name[:at] + "sdn" + name[at + len(kind):]))
    return out
