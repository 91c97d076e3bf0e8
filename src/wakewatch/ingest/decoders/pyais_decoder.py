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
            rows.append(row)
        return pl.DataFrame(rows, schema=DECODED_SCHEMA, orient="row", strict=False)
