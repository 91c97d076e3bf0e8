"""The decoder interface and the raw decoded columns every decoder returns."""

from __future__ import annotations

from typing import Protocol

import polars as pl

# Raw decoded values in the units of the AIS specification (sentinels such as lat 91 may
# still be present; ``wakewatch.ingest.fields`` turns them into nulls).
DECODED_SCHEMA: dict[str, pl.DataType] = {
    "msg_id": pl.Int64(),
    "msg_type": pl.Int64(),
    "mmsi": pl.Int64(),
    "lat": pl.Float64(),
    "lon": pl.Float64(),
    "speed": pl.Float64(),
    "course": pl.Float64(),
    "heading": pl.Int64(),
    "status": pl.Int64(),
    "imo": pl.Int64(),
    "callsign": pl.String(),
    "shipname": pl.String(),
    "ship_type": pl.Int64(),
    "to_bow": pl.Int64(),
    "to_stern": pl.Int64(),
    "to_port": pl.Int64(),
    "to_starboard": pl.Int64(),
    "draught": pl.Float64(),
    "destination": pl.String(),
    "eta_month": pl.Int64(),
    "eta_day": pl.Int64(),
    "eta_hour": pl.Int64(),
    "eta_minute": pl.Int64(),
    "part_no": pl.Int64(),
}


class Decoder(Protocol):
    """Decodes whole AIS messages (already reassembled and checksum-verified)."""

    name: str

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        """``messages`` has msg_id, payload, fill_bits and sentences; the result has one
        row per message that decoded, in :data:`DECODED_SCHEMA`. Messages that fail to
        decode are simply absent (they are counted as unparseable)."""
        ...
