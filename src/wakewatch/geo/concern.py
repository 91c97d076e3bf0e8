"""Ports of concern: the places a dark port call is looked for (``dark_port_call`` detector).

The shipped list (``geo/data/ports_of_concern.csv``, documented entry by entry in
``docs/ports-of-concern.md``) holds every DPRK port of the gazetteer (all DPRK trade falls
under the UN 1718 sanctions regime) and the Russian Far East ports and naval pier of the
2023-24 DPRK → Russia munitions run (``../shared/domain/maritime-anchors.md`` §3: Rajin →
Dunay, then Vostochny; Nakhodka, Vladivostok, Vanino). Coordinates are the World Port
Index's (the gazetteer's, :mod:`wakewatch.geo.ports`), Dunay's those of the settlement by
the naval facility (it has no UN/LOCODE: id ``RU-DUNAY``).

Columns (the shipped file and a user's ``--watch-ports FILE`` alike): ``locode`` (a
UN/LOCODE, or any id without spaces for a place without one), ``name``, ``lat``, ``lon``
(degrees), ``country`` (ISO 3166 alpha-2), ``category`` (``dprk_port`` |
``ru_far_east_arms`` | ``naval_pier`` | ``user`` ...; empty means ``user``), ``reason``,
``source`` (URL or citation). A user file adds its ports to the shipped ones; a row with a
shipped id replaces that entry. A malformed file is an :class:`~wakewatch.errors.InputError`
naming the file and line.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.errors import InputError, InputNotFoundError

__all__ = ["COLUMNS", "SHIPPED_FILE", "WatchPorts", "parse_watch_ports", "shipped_ports",
           "watch_ports"]

SHIPPED_FILE = "ports_of_concern.csv"
COLUMNS = ("locode", "name", "lat", "lon", "country", "category", "reason", "source")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:-]{1,31}$")
_CATEGORY = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_SCHEMA = {"locode": pl.String, "name": pl.String, "lat": pl.Float64, "lon": pl.Float64,
           "country": pl.String, "category": pl.String, "reason": pl.String,
           "source": pl.String}


@dataclass(frozen=True)
class WatchPorts:
    """The ports a run watches: one row per port (:data:`COLUMNS`), ids unique."""

    table: pl.DataFrame

    def __len__(self) -> int:
        return self.table.height

    @property
    def lat(self) -> npt.NDArray[np.float64]:
        return self.table.get_column("lat").to_numpy()

    @property
    def lon(self) -> npt.NDArray[np.float64]:
        return self.table.get_column("lon").to_numpy()

    def row(self, i: int) -> dict[str, Any]:
        """Port ``i`` as a dict of the columns."""
        return self.table.row(i, named=True)

    def merged(self, extra: WatchPorts) -> WatchPorts:
        """These ports plus ``extra`` (whose rows replace ours with the same id)."""
        keep = self.table.filter(~pl.col("locode").is_in(extra.table["locode"].implode()))
        return WatchPorts(pl.concat([keep, extra.table]))


def _fail(where: str, line_no: int, what: str) -> InputError:
    return InputError(f"{where} line {line_no}: {what} (columns: {', '.join(COLUMNS)})",
                      path=where)


def parse_watch_ports(text: str, where: str = "<ports of concern>") -> WatchPorts:
    """Parse a ports-of-concern CSV (header line with at least :data:`COLUMNS`)."""
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if header is None:
        raise _fail(where, 1, "empty file, expected a header")
    names = [h.strip().lower() for h in header]
    missing = [c for c in ("locode", "name", "lat", "lon") if c not in names]
    if missing:
        raise _fail(where, 1, f"header lacks {', '.join(missing)}")
    col = {c: names.index(c) for c in COLUMNS if c in names}
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for fields in reader:
        line_no = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if len(fields) != len(names):
            raise _fail(where, line_no, f"{len(fields)} fields, header has {len(names)}")
        v = {c: fields[i].strip() for c, i in col.items()}
        pid = v["locode"].upper() if re.match(r"^[A-Za-z]{2}[A-Za-z2-9]{3}$", v["locode"]) \
            else v["locode"]
        if not _ID.match(pid):
            raise _fail(where, line_no, f"locode {v['locode']!r} is not a UN/LOCODE or an "
                        "id of 2-32 letters, digits, '-', '_', '.', ':'")
        if pid in seen:
            raise _fail(where, line_no, f"locode {pid} repeated")
        try:
            lat, lon = float(v["lat"]), float(v["lon"])
        except ValueError:
            raise _fail(where, line_no, f"lat/lon {v['lat']!r}, {v['lon']!r} not numbers"
                        ) from None
        if not (math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0
                and -180.0 <= lon <= 180.0):
            raise _fail(where, line_no, f"lat/lon {lat}, {lon} outside [-90, 90] x [-180, 180]")
        category = v.get("category") or "user"
        if not _CATEGORY.match(category):
            raise _fail(where, line_no, f"category {category!r} is not a lower_case word")
        seen.add(pid)
        rows.append({"locode": pid, "name": v["name"] or pid, "lat": lat,
                     "lon": (lon + 180.0) % 360.0 - 180.0,
                     "country": (v.get("country") or pid[:2]).upper()[:2],
                     "category": category, "reason": v.get("reason") or "",
                     "source": v.get("source") or ""})
    return WatchPorts(pl.DataFrame(rows, schema=_SCHEMA))


@cache
def shipped_ports() -> WatchPorts:
    """The shipped list of ports of concern (cached)."""
    ref = resources.files("wakewatch.geo").joinpath("data", SHIPPED_FILE)
    return parse_watch_ports(ref.read_text(encoding="utf-8"), SHIPPED_FILE)


def watch_ports(extra_file: Path | None = None) -> WatchPorts:
    """The shipped ports of concern, plus those of ``extra_file`` (``--watch-ports``)."""
    base = shipped_ports()
    if extra_file is None:
        return base
    try:
        text = Path(extra_file).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputNotFoundError(f"{extra_file}: no such watch-ports file",
                                 path=extra_file) from None
    except UnicodeDecodeError:
        raise InputError(f"{extra_file}: not a UTF-8 CSV file", path=extra_file) from None
    return base.merged(parse_watch_ports(text, str(extra_file)))
