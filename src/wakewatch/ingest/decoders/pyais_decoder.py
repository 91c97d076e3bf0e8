"""pyais (MIT) as the default decoder: payload bits → message classes, no sentence objects.

Messages are grouped by pyais message class; each class's fields are read with one
``attrgetter`` call per message and turned into columns once per batch, so the per-message
Python work is pyais's own decoding and little else.
"""

from __future__ import annotations

from operator import attrgetter
from typing import Any

import polars as pl
from pyais.bit_vector import bit_vector
from pyais.exceptions import AISBaseException
from pyais.messages import MSG_CLASS

from wakewatch.ingest.decoders.base import DECODED_SCHEMA

# pyais attribute → our column
_RENAME = {"msg_type": "msg_type", "mmsi": "mmsi", "lat": "lat", "lon": "lon",
           "speed": "speed", "course": "course", "heading": "heading", "status": "status",
           "imo": "imo", "callsign": "callsign", "shipname": "shipname",
           "ship_type": "ship_type", "to_bow": "to_bow", "to_stern": "to_stern",
           "to_port": "to_port", "to_starboard": "to_starboard", "draught": "draught",
           "destination": "destination", "month": "eta_month", "day": "eta_day",
           "hour": "eta_hour", "minute": "eta_minute", "partno": "part_no"}

# bit offset of the 8-bit "type of ship and cargo" (24: part B only); pyais maps reserved
# codes to others (86 → 85, 39 → 0), so the raw code is read from the bits
_SHIP_TYPE_BIT = {5: 232, 19: 263, 24: 40}


class _Layout:
    """How to read one pyais message class."""

    def __init__(self, cls: type) -> None:
        fields = {f.name for f in cls.fields()}  # type: ignore[attr-defined]
        self.attrs = [a for a in _RENAME if a in fields]
        self.columns = [_RENAME[a] for a in self.attrs]
        self.get = attrgetter(*self.attrs)
        self.ship_type_bit = _SHIP_TYPE_BIT.get(_msg_type_of(cls))
        self.ids: list[int] = []
        self.values: list[tuple[Any, ...]] = []
        self.ship_types: list[int | None] = []


def _msg_type_of(cls: type) -> int:
    for mtype, mcls in MSG_CLASS.items():
        if mcls is cls:
            return int(mtype)
    return -1


class PyaisDecoder:
    name = "pyais"

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        layouts: dict[type, _Layout] = {}
        ids = messages.get_column("msg_id").to_list()
        payloads = messages.get_column("payload").to_list()
        fills = messages.get_column("fill_bits").to_list()
        for msg_id, payload, fill in zip(ids, payloads, fills, strict=True):
            try:
                bv = bit_vector(payload.encode("ascii"), fill)
                if len(bv) < 38:
                    continue
                cls = MSG_CLASS.get(bv.get_num(0, 6, False))
                if cls is None:
                    continue
                msg = cls.from_vector(bv)
            except (AISBaseException, ValueError, IndexError, TypeError):
                continue
            mcls = type(msg)
            layout = layouts.get(mcls)
            if layout is None:
                layout = layouts[mcls] = _Layout(mcls)
            layout.ids.append(msg_id)
            layout.values.append(layout.get(msg))
            if layout.ship_type_bit is not None:
                at = layout.ship_type_bit
                if at == 40 and getattr(msg, "partno", 0) != 1:
                    layout.ship_types.append(None)
                else:
                    layout.ship_types.append(bv.get_num(at, 8, False) if len(bv) >= at + 8
                                             else None)
        frames = [_frame(layout) for layout in layouts.values() if layout.ids]
        if not frames:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        combined = pl.concat(frames, how="diagonal_relaxed")
        return combined.select(
            [pl.col(c).cast(t) if c in combined.columns else pl.lit(None, dtype=t).alias(c)
             for c, t in DECODED_SCHEMA.items()]).sort("msg_id")


def _frame(layout: _Layout) -> pl.DataFrame:
    """One class's messages as columns (values transposed in C by ``zip``)."""
    values = layout.values
    columns = list(zip(*values, strict=True)) if len(layout.attrs) > 1 else [
        tuple(values)]
    data: dict[str, pl.Series] = {"msg_id": pl.Series("msg_id", layout.ids, dtype=pl.Int64)}
    for name, col in zip(layout.columns, columns, strict=True):
        data[name] = pl.Series(name, col, dtype=DECODED_SCHEMA[name], strict=False)
    if layout.ship_type_bit is not None:
        data["ship_type"] = pl.Series("ship_type", layout.ship_types, dtype=pl.Int64)
    return pl.DataFrame(data)
