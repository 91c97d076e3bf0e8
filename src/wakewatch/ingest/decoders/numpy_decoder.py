"""A columnar numpy decoder for the common position reports, pyais for everything else.

Handled here, all at once per chunk, with no per-message Python: single-slot 168-bit
messages (28 payload characters, 0 fill bits) of type 1, 2, 3 (Class A position report)
and 18 (Class B position report) — about nine in ten messages of a real feed. Every other
message (other types, other lengths or fill bits, multi-part) goes to the pyais decoder, so
the result is the pyais decoder's, message for message.

How: the payloads of the handled messages are joined into one ASCII buffer viewed as an
``(n, 28)`` uint8 array; a lookup table turns the armouring characters into 6-bit values
(ITU-R M.1371 §8.2.4: ``c - 48``, minus 8 more above 87); each field (bit offset and width
from ITU-R M.1371 tables 48 and 67) is assembled from the few 6-bit values that cover it
with vectorised shifts, masks and a sign extension.

Values are exactly pyais's: speed and course = raw / 10.0; lat/lon = signed raw in 1/10000
minute, converted as pyais does (``((10 * raw + 3) // 6) / 1e6``, i.e. ``round(raw / 600000,
6)`` computed with integers; 0 → 0.0). Sentinels (lat 91, lon 181, speed 102.3, heading 511)
are kept raw and normalised later in ``wakewatch.ingest.fields``, as for every decoder.

This module is wakewatch's own code (Apache-2.0): the fast path needs no GPL component.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.ingest.decoders.base import DECODED_SCHEMA
from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder

PAYLOAD_CHARS = 28  # 168 bits: one slot
Int64Array = npt.NDArray[np.int64]


def _six_bit_table() -> npt.NDArray[np.uint8]:
    table = np.zeros(256, dtype=np.uint8)
    for c in range(48, 120):
        v = c - 48
        table[c] = v - 8 if v > 40 else v
    return table


SIX_BIT = _six_bit_table()
# first payload character of the handled types: '1', '2', '3' (types 1-3), 'B' (type 18)
CLASS_A_FIRST = (ord("1"), ord("2"), ord("3"))
CLASS_B_FIRST = ord("B")

# (offset, width, signed) of the fields after mmsi; ITU-R M.1371-5 tables 48 (type 1-3)
# and 67 (type 18)
CLASS_A = {"status": (38, 4, False), "speed": (50, 10, False), "lon": (61, 28, True),
           "lat": (89, 27, True), "course": (116, 12, False), "heading": (128, 9, False)}
CLASS_B = {"speed": (46, 10, False), "lon": (57, 28, True), "lat": (85, 27, True),
           "course": (112, 12, False), "heading": (124, 9, False)}


def bit_field(six: npt.NDArray[np.uint8], offset: int, width: int,
              signed: bool = False) -> Int64Array:
    """Bits ``offset .. offset + width`` of each row of 6-bit values, as int64."""
    first, last = offset // 6, (offset + width - 1) // 6
    acc = np.zeros(six.shape[0], dtype=np.int64)
    for c in range(first, last + 1):
        acc = (acc << 6) | six[:, c].astype(np.int64)
    acc >>= 6 * (last + 1) - (offset + width)
    acc &= (1 << width) - 1
    if signed:
        acc = np.where(acc >= 1 << (width - 1), acc - (1 << width), acc)
    return acc


def lat_lon(raw: Int64Array) -> npt.NDArray[np.float64]:
    """Signed 1/10000 minutes → degrees, bit-identical to pyais's ``to_lat_lon``."""
    return ((10 * raw + 3) // 6) / 1e6


def decode_positions(six: npt.NDArray[np.uint8]) -> dict[str, npt.NDArray[np.generic]]:
    """Fields of 168-bit type 1/2/3/18 messages given as ``(n, 28)`` 6-bit values."""
    n = six.shape[0]
    msg_type = six[:, 0].astype(np.int64)
    class_b = msg_type == 18
    out: dict[str, npt.NDArray[np.generic]] = {
        "msg_type": msg_type, "mmsi": bit_field(six, 8, 30)}
    fields: dict[str, Int64Array] = {}
    for name in ("speed", "lon", "lat", "course", "heading"):
        a_at, b_at = CLASS_A[name], CLASS_B[name]
        fields[name] = np.where(class_b, bit_field(six, *b_at), bit_field(six, *a_at))
    status = bit_field(six, *CLASS_A["status"])
    out["lat"] = lat_lon(fields["lat"])
    out["lon"] = lat_lon(fields["lon"])
    out["speed"] = fields["speed"].astype(np.float64) / 10.0
    out["course"] = fields["course"].astype(np.float64) / 10.0
    out["heading"] = fields["heading"]
    out["status"] = status
    out["status_valid"] = ~class_b
    assert all(len(v) == n for v in out.values())
    return out


class NumpyDecoder:
    """Columnar decoding of 168-bit position reports; pyais for the rest."""

    name = "numpy"

    def __init__(self) -> None:
        self._fallback = PyaisDecoder()

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        if messages.height == 0:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        payload = pl.col("payload")
        first = payload.str.slice(0, 1)
        fast_mask = ((payload.str.len_bytes() == PAYLOAD_CHARS) & (pl.col("fill_bits") == 0)
                     & first.is_in(["1", "2", "3", "B"])).fill_null(False)
        split = messages.select("msg_id", "payload", "fill_bits", fast=fast_mask)
        fast = split.filter(pl.col("fast"))
        rest = split.filter(~pl.col("fast"))
        frames = []
        if fast.height:
            frames.append(self._decode_fast(fast))
        if rest.height:
            frames.append(self._fallback.decode(rest.drop("fast")))
        return (frames[0] if len(frames) == 1 else pl.concat(frames)).sort("msg_id")

    def _decode_fast(self, fast: pl.DataFrame) -> pl.DataFrame:
        n = fast.height
        joined = fast.get_column("payload").str.join("").item()
        raw = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(n, PAYLOAD_CHARS)
        f = decode_positions(SIX_BIT[raw])
        status = pl.Series("status", f["status"], dtype=pl.Int64)
        status = pl.select(pl.when(pl.Series(f["status_valid"])).then(status)
                           .otherwise(None)).to_series()
        data = {
            "msg_id": fast.get_column("msg_id"),
            "msg_type": pl.Series("msg_type", f["msg_type"], dtype=pl.Int64),
            "mmsi": pl.Series("mmsi", f["mmsi"], dtype=pl.Int64),
            "lat": pl.Series("lat", f["lat"], dtype=pl.Float64),
            "lon": pl.Series("lon", f["lon"], dtype=pl.Float64),
            "speed": pl.Series("speed", f["speed"], dtype=pl.Float64),
            "course": pl.Series("course", f["course"], dtype=pl.Float64),
            "heading": pl.Series("heading", f["heading"], dtype=pl.Int64),
            "status": status.alias("status"),
        }
        return pl.DataFrame(data).select(
            [pl.col(c) if c in data else pl.lit(None, dtype=t).alias(c)
             for c, t in DECODED_SCHEMA.items()])
