"""pyais (MIT) as the default decoder: payload bits → message classes, no sentence objects."""

from __future__ import annotations

from typing import Any

import polars as pl
from pyais.bit_vector import bit_vector
from pyais.exceptions import UnknownMessageException
from pyais.messages import MSG_CLASS

from wakewatch.ingest.decoders.base import DECODED_SCHEMA

_FIELDS = ("msg_type", "mmsi", "lat", "lon", "speed", "course", "heading", "status", "imo",
           "callsign", "shipname", "ship_type", "to_bow", "to_stern", "to_port", "to_starboard",
           "draught", "destination", "month", "day", "hour", "minute", "partno")
_OUT = ("msg_type", "mmsi", "lat", "lon", "speed", "course", "heading", "status", "imo",
        "callsign", "shipname", "ship_type", "to_bow", "to_stern", "to_port", "to_starboard",
        "draught", "destination", "eta_month", "eta_day", "eta_hour", "eta_minute", "part_no")


# bit offset of the 8-bit "type of ship and cargo" per message type (24: part B only)
_SHIP_TYPE_BIT = {5: 232, 19: 263}
_SHIP_TYPE_COL = 1 + _OUT.index("ship_type")


_STATIC_TYPES = frozenset({5, 19, 24})
_PART_NO_COL = 1 + _OUT.index("part_no")


def _raw_ship_type(row: list[Any], bv: Any) -> None:
    """Store the raw 8-bit ship type: pyais maps reserved codes (e.g. 86 → 85) to others."""
    at = 40 if row[1] == 24 and row[_PART_NO_COL] == 1 else _SHIP_TYPE_BIT.get(row[1])
    if at is not None and len(bv) >= at + 8:
        row[_SHIP_TYPE_COL] = bv.get_num(at, 8, False)


def _present(cls: type) -> list[tuple[int, str]]:
    """(output column, attribute) pairs that a pyais message class carries."""
    names = {f.name for f in cls.fields()} if hasattr(cls, "fields") else set()
    return [(i, name) for i, name in enumerate(_FIELDS) if name in names]


class PyaisDecoder:
    name = "pyais"

    def __init__(self) -> None:
        self._layout: dict[type, list[tuple[int, str]]] = {}

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        rows: list[list[Any]] = []
        width = len(_OUT)
        layout = self._layout
        for msg_id, payload, fill in messages.select(
                "msg_id", "payload", "fill_bits").iter_rows():
            try:
                bv = bit_vector(payload.encode("ascii"), fill)
                if len(bv) < 38:
                    continue
                cls = MSG_CLASS.get(bv.get_num(0, 6, False))
                if cls is None:
                    continue
                msg = cls.from_vector(bv)
            except (UnknownMessageException, ValueError, IndexError, TypeError):
                continue
            mcls = type(msg)
            present = layout.get(mcls)
            if present is None:
                present = layout[mcls] = _present(mcls)
            row: list[Any] = [None] * (width + 1)
            row[0] = msg_id
            for i, name in present:
                value = getattr(msg, name)
                # IntEnum members (status, ship_type ...) become plain ints
                row[i + 1] = int(value) if isinstance(value, int) else value
            if row[1] in _STATIC_TYPES:
                _raw_ship_type(row, bv)
            rows.append(row)
        if not rows:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        # transpose in C (zip) and build each column once: much faster than orient="row"
        columns = zip(*rows, strict=True)
        return pl.DataFrame({name: pl.Series(name, values, dtype=dtype, strict=False)
                             for (name, dtype), values in zip(DECODED_SCHEMA.items(), columns,
                                                              strict=True)})
