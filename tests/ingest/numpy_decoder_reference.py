"""The numpy decoder as it was before the numba kernel (commit 362a8ee), kept verbatim as
the oracle of the differential tests (tests/ingest/test_sixbit_kernels.py) and of
benchmarks/decode.py: the new decoder must return exactly this frame."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.ingest.decoders.base import DECODED_SCHEMA
from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder

Int64Array = npt.NDArray[np.int64]


def _six_bit_table() -> npt.NDArray[np.uint8]:
    table = np.zeros(256, dtype=np.uint8)
    for c in range(48, 120):
        v = c - 48
        table[c] = v - 8 if v > 40 else v
    return table


SIX_BIT = _six_bit_table()

# (offset, width, signed) of the decoded columns after msg_type and mmsi, by layout;
# ITU-R M.1371-5 tables 48 (types 1-3), 67 (type 18) and 73 (types 4 and 11; the date
# fields land in the eta_* columns, as pyais's month/day/hour/minute do)
Field = tuple[int, int, bool]
CLASS_A: dict[str, Field] = {
    "status": (38, 4, False), "speed": (50, 10, False), "lon": (61, 28, True),
    "lat": (89, 27, True), "course": (116, 12, False), "heading": (128, 9, False)}
CLASS_B: dict[str, Field] = {
    "speed": (46, 10, False), "lon": (57, 28, True), "lat": (85, 27, True),
    "course": (112, 12, False), "heading": (124, 9, False)}
BASE_STATION: dict[str, Field] = {
    "eta_month": (52, 4, False), "eta_day": (56, 5, False), "eta_hour": (61, 5, False),
    "eta_minute": (66, 6, False), "lon": (79, 28, True), "lat": (107, 27, True)}
# ITU-R M.1371-5 table 52 (type 5, 424 bits); text fields are (offset, 6 × characters)
STATIC_VOYAGE: dict[str, Field] = {
    "imo": (40, 30, False), "ship_type": (232, 8, False), "to_bow": (240, 9, False),
    "to_stern": (249, 9, False), "to_port": (258, 6, False), "to_starboard": (264, 6, False),
    "eta_month": (274, 4, False), "eta_day": (278, 5, False), "eta_hour": (283, 5, False),
    "eta_minute": (288, 6, False), "draught": (294, 8, False)}
STATIC_VOYAGE_TEXT = {"callsign": (70, 7), "shipname": (112, 20), "destination": (302, 20)}
TEXT_COLUMNS = frozenset(STATIC_VOYAGE_TEXT)
TENTHS = frozenset({"speed", "course", "draught"})  # raw / 10.0


@dataclass(frozen=True)
class Group:
    """Messages decoded together: first payload characters, the first ``n_chars`` payload
    characters read, the field layout. ``exact``: only messages of exactly ``n_chars``
    characters and ``fill_bits`` fill bits; else any message of at least ``6 * n_chars``
    bits (the fields all lie in the first ``n_chars`` characters; pyais ignores the rest)."""

    first_chars: tuple[str, ...]
    n_chars: int
    fill_bits: int
    exact: bool
    layout: dict[str, Field]
    text: dict[str, tuple[int, int]]


GROUPS = (
    Group(("1", "2", "3"), 28, 0, False, CLASS_A, {}),
    Group(("B",), 28, 0, False, CLASS_B, {}),
    Group(("4", ";"), 28, 0, False, BASE_STATION, {}),
    Group(("5",), 71, 2, True, STATIC_VOYAGE, STATIC_VOYAGE_TEXT),
)
# the 6-bit text alphabet (ITU-R M.1371 table 47) as ASCII codes
SIX_BIT_ASCII = np.frombuffer(
    b"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?", dtype=np.uint8)


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


def text_field(six: npt.NDArray[np.uint8], offset: int, n_chars: int) -> pl.Series:
    """6-bit text, read as pyais does: '@' padding removed from the end, then blanks."""
    codes = np.stack([bit_field(six, offset + 6 * i, 6) for i in range(n_chars)], axis=1)
    ascii_ = np.ascontiguousarray(SIX_BIT_ASCII[codes])
    strings = ascii_.view(f"S{n_chars}").ravel().astype(f"U{n_chars}")
    return pl.Series(strings, dtype=pl.String).str.strip_chars_end("@").str.strip_chars()


def decode_layout(six: npt.NDArray[np.uint8], layout: dict[str, Field],
                  text: dict[str, tuple[int, int]] | None = None) -> dict[str, pl.Series]:
    """The decoded columns of messages of one layout, from ``(n, chars)`` 6-bit values."""
    cols = {"msg_type": pl.Series("msg_type", six[:, 0].astype(np.int64)),
            "mmsi": pl.Series("mmsi", bit_field(six, 8, 30))}
    for name, at in layout.items():
        raw = bit_field(six, *at)
        if name in ("lat", "lon"):
            cols[name] = pl.Series(name, lat_lon(raw))
        elif name in TENTHS:
            cols[name] = pl.Series(name, raw.astype(np.float64) / 10.0)
        else:
            cols[name] = pl.Series(name, raw)
    for name, (offset, n_chars) in (text or {}).items():
        cols[name] = text_field(six, offset, n_chars).alias(name)
    return cols


class ReferenceNumpyDecoder:
    """Columnar decoding of 168-bit position reports; pyais for the rest."""

    name = "numpy-reference"

    def __init__(self) -> None:
        self._fallback = PyaisDecoder()

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        if messages.height == 0:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        payload = pl.col("payload")
        split = messages.select("msg_id", "payload", "fill_bits", first=payload.str.slice(0, 1),
                                n_chars=payload.str.len_bytes())
        group_of = pl.lit(None, dtype=pl.Int32)
        for i, g in reversed(list(enumerate(GROUPS))):
            if g.exact:
                fits = (pl.col("n_chars") == g.n_chars) & (pl.col("fill_bits") == g.fill_bits)
            else:
                fits = 6 * pl.col("n_chars") - pl.col("fill_bits") >= 6 * g.n_chars
            group_of = pl.when(pl.col("first").is_in(g.first_chars) & fits).then(i).otherwise(
                group_of)
        split = split.with_columns(group=group_of)
        frames = []
        for i, g in enumerate(GROUPS):
            rows = split.filter(pl.col("group") == i)
            if rows.height:
                frames.append(_decode_group(rows, g))
        rest = split.filter(pl.col("group").is_null())
        if rest.height:
            frames.append(self._fallback.decode(rest.select("msg_id", "payload", "fill_bits")))
        if not frames:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        return (frames[0] if len(frames) == 1 else pl.concat(frames)).sort("msg_id")


def _decode_group(rows: pl.DataFrame, group: Group) -> pl.DataFrame:
    n = rows.height
    payloads = rows.get_column("payload")
    if not group.exact:
        payloads = payloads.str.slice(0, group.n_chars)
    joined = payloads.str.join("").item()
    raw = np.frombuffer(joined.encode("ascii"), dtype=np.uint8).reshape(n, group.n_chars)
    data = decode_layout(SIX_BIT[raw], group.layout, group.text)
    data["msg_id"] = rows.get_column("msg_id")
    return pl.DataFrame(data).select(
        [pl.col(c).cast(t) if c in data else pl.lit(None, dtype=t).alias(c)
         for c, t in DECODED_SCHEMA.items()])
