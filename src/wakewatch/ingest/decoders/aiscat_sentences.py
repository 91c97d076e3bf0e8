"""numba kernel writing the canonical single sentences the aiscat decoder is fed.

Message ``i`` becomes ``!AIVDM,1,1,,A,<payload>,<fill_bits>*HH`` and a newline, where ``HH``
is the NMEA checksum (XOR of the characters between ``!`` and ``*``) in two upper-case hex
digits and ``fill_bits`` is written in decimal. The offsets returned delimit each sentence
without its newline: they are what aiscat echoes back in its ``nmea`` field.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.jit import kernel

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]

HEAD = np.frombuffer(b"!AIVDM,1,1,,A,", dtype=np.uint8).copy()
HEX = np.frombuffer(b"0123456789ABCDEF", dtype=np.uint8).copy()


@kernel
def canonical_sentences(p_off: I64, p_data: U8, fill: I64, head: U8, hexd: U8
                        ) -> tuple[U8, I64]:
    """(bytes, offsets (n + 1)): sentence ``i`` is ``bytes[offsets[i]:offsets[i + 1] - 1]``
    (the byte after it is its newline). ``p_off``/``p_data`` are the payloads' Arrow offsets
    and bytes."""
    n = fill.shape[0]
    cap = (p_off[n] - p_off[0]) + n * (head.shape[0] + 25)
    out = np.empty(cap, dtype=np.uint8)
    offsets = np.empty(n + 1, dtype=np.int64)
    digits = np.empty(20, dtype=np.uint8)
    o = 0
    for i in range(n):
        offsets[i] = o
        out[o] = head[0]
        x = 0
        for k in range(1, head.shape[0]):
            out[o + k] = head[k]
            x ^= head[k]
        o += head.shape[0]
        for q in range(p_off[i], p_off[i + 1]):
            b = p_data[q]
            out[o] = b
            x ^= b
            o += 1
        out[o] = 44  # ','
        x ^= 44
        o += 1
        v = fill[i]
        if v < 0:
            out[o] = 45  # '-'
            x ^= 45
            o += 1
            v = -v
        nd = 0
        while True:
            digits[nd] = 48 + v % 10
            nd += 1
            v //= 10
            if v == 0:
                break
        for k in range(nd - 1, -1, -1):
            out[o] = digits[k]
            x ^= digits[k]
            o += 1
        out[o] = 42  # '*'
        out[o + 1] = hexd[x >> 4]
        out[o + 2] = hexd[x & 15]
        out[o + 3] = 10  # '\n'
        o += 4
    offsets[n] = o
    return out[:o], offsets
