"""numba helpers over JSON text held in a uint8 array: where a string or a value ends, and
a string's content with its escapes resolved (RFC 8259 section 7: ``\\" \\\\ \\/ \\b
\\f \\n \\r \\t`` and ``\\uXXXX``, the latter written as UTF-8).

:func:`unescape` is deliberately narrow: it refuses (returns -1) what a caller should leave to
a full JSON reader: raw control or non-ASCII bytes, ``\\u0000``, surrogates (halves or pairs)
and unknown escapes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.jit import kernel

U8 = npt.NDArray[np.uint8]
DELIM = np.zeros(256, dtype=np.bool_)  # the bytes that end a number or a literal
DELIM[[44, 125, 93, 32, 9, 13, 10]] = True


@kernel
def string_end(buf: U8, p: int, end: int) -> int:
    """Index after the closing quote of the string whose content starts at ``p`` (-1)."""
    while p < end:
        c = buf[p]
        if c == 34:
            return p + 1
        if c == 92:
            p += 1
        p += 1
    return -1


@kernel
def skip_value(buf: U8, p: int, end: int) -> int:
    """Index after the JSON value at ``p`` (-1 if it does not end)."""
    c = buf[p]
    if c == 34:
        return string_end(buf, p + 1, end)
    if c == 123 or c == 91:
        depth = 0
        while p < end:
            c = buf[p]
            if c == 34:
                p = string_end(buf, p + 1, end)
                if p < 0:
                    return -1
                continue
            if c == 123 or c == 91:
                depth += 1
            elif c == 125 or c == 93:
                depth -= 1
                if depth == 0:
                    return p + 1
            p += 1
        return -1
    while p < end and not DELIM[buf[p]]:
        p += 1
    return p


@kernel
def _hex4(buf: U8, p: int, end: int) -> int:
    if p + 4 > end:
        return -1
    v = 0
    for q in range(p, p + 4):
        c = buf[q]
        if 48 <= c <= 57:
            d = c - 48
        elif 65 <= c <= 70:
            d = c - 55
        elif 97 <= c <= 102:
            d = c - 87
        else:
            return -1
        v = v * 16 + d
    return v


@kernel
def unescape(buf: U8, p: int, end: int, out: U8, o: int) -> tuple[int, int]:
    """Write the content of the string starting at ``p`` to ``out[o:]``: (index after the
    closing quote, new ``o``); (-1, o) if the string is one the kernel leaves to DuckDB or
    does not fit in ``out``."""
    cap = out.shape[0] - 3
    while p < end:
        if o >= cap:
            return -1, o
        c = buf[p]
        if c == 34:
            return p + 1, o
        if c < 32 or c >= 128:
            return -1, o
        if c != 92:
            out[o] = c
            o += 1
            p += 1
            continue
        if p + 1 >= end:
            return -1, o
        e = buf[p + 1]
        p += 2
        if e == 34 or e == 92 or e == 47:
            out[o] = e
        elif e == 98:
            out[o] = 8
        elif e == 102:
            out[o] = 12
        elif e == 110:
            out[o] = 10
        elif e == 114:
            out[o] = 13
        elif e == 116:
            out[o] = 9
        elif e == 117:
            cp = _hex4(buf, p, end)
            if cp <= 0 or 0xD800 <= cp <= 0xDFFF:
                return -1, o
            p += 4
            if cp < 0x80:
                out[o] = cp
            elif cp < 0x800:
                out[o] = 0xC0 | (cp >> 6)
                out[o + 1] = 0x80 | (cp & 63)
                o += 1
            else:
                out[o] = 0xE0 | (cp >> 12)
                out[o + 1] = 0x80 | ((cp >> 6) & 63)
                out[o + 2] = 0x80 | (cp & 63)
                o += 2
        else:
            return -1, o
        o += 1
    return -1, o
