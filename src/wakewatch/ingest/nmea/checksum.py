"""NMEA checksums: XOR of the characters between the start delimiter and ``*``."""

from __future__ import annotations

import numpy as np
import polars as pl
import pyarrow as pa


def nmea_checksum(body: str) -> int:
    """XOR of all characters of ``body`` (the text between ``!``/``$``/``\\`` and ``*``)."""
    value = 0
    for ch in body.encode("ascii", "replace"):
        value ^= ch
    return value


def xor_checksums(bodies: pl.Series) -> np.ndarray:
    """Vectorised :func:`nmea_checksum` of every string in ``bodies`` (null → 0)."""
    arrow = bodies.fill_null("").to_arrow(compat_level=pl.CompatLevel.oldest())
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    arrow = arrow.cast(pa.large_string())
    n = len(arrow)
    if n == 0:
        return np.zeros(0, dtype=np.uint8)
    _, off_buf, data_buf = arrow.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64)[arrow.offset: arrow.offset + n + 1]
    if data_buf is None or offsets[-1] == offsets[0]:
        return np.zeros(n, dtype=np.uint8)
    data = np.frombuffer(data_buf, dtype=np.uint8)
    # one spare byte so that an end offset equal to len(data) is a valid reduceat index
    data = np.concatenate([data[: offsets[-1]], np.zeros(1, dtype=np.uint8)])
    starts = offsets[:-1]
    ends = offsets[1:]
    idx = np.empty(2 * n, dtype=np.int64)
    idx[0::2] = starts
    idx[1::2] = ends
    xor = np.bitwise_xor.reduceat(data, idx)[0::2]
    xor[ends == starts] = 0
    return xor.astype(np.uint8)
