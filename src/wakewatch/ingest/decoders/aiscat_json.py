"""numba kernel reading aiscat's JSON lines into typed columns, as DuckDB's NDJSON reader did.

Input: the ``n`` JSON objects aiscat returned, joined by newlines, and the table of the
top-level keys to read (``_FIELDS`` of the aiscat decoder): each is a BIGINT, a DOUBLE, a
VARCHAR or the ``nmea`` list of strings. Per object, a key absent or ``null`` is a null;
other keys are skipped whatever their value (nested objects and arrays included).

Exactness (the values must be the bits DuckDB produced):

* BIGINT: a JSON integer of at most 18 digits.
* DOUBLE: a JSON number without exponent whose decimal mantissa is below 2**53 and has at
  most 22 digits after the point: the integer mantissa divided by the exact power of ten,
  one correctly rounded IEEE division, i.e. the correctly rounded value of the decimal
  (what a correct JSON parser returns). ``-0`` is left to DuckDB (integer or real zero).
* VARCHAR: the JSON escapes ``\\" \\\\ \\/ \\b \\f \\n \\r \\t`` and ``\\uXXXX`` outside the
  surrogates (written as UTF-8), ASCII characters otherwise.

Anything else in a field that is read (an exponent, a long mantissa, a boolean or string
where a number is expected, a number where a string is expected, raw non-ASCII bytes, a
surrogate, a key read twice, a key with escapes) marks the object ``odd``: the caller has
DuckDB read those few lines, so DuckDB's own rules apply to them.

The last sentence of each object's ``nmea`` list is matched against the expected sentences
(the input order, as aiscat keeps it) by the subsequence walk of the old ``_align``: object
``r`` is the first expected sentence at or after the previous match that equals its echo.
A structure the kernel does not follow (not one object per line, a missing or odd ``nmea``
list, an echo with no match) returns a non-zero status and the caller falls back to the
old whole-chunk path.

Speed: keys are found by their closing quote and looked up by a hash of their first,
middle and last byte and length (no per-byte arithmetic); aiscat's constant envelope
(``{"class":"AIS",...,"rxtime":"``) is compared rather than parsed; the hot path is one
function (a call to another kernel costs reference counting on each array argument). About
2.5-3 ms per 4096 objects (2.1 MB), i.e. ~0.7-0.8 GB/s, bound by branch mispredictions
(~30 keys of varying length per object), not by memory.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.ingest.decoders.json_tokens import DELIM, skip_value, string_end, unescape
from wakewatch.jit import kernel

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

KIND = {"BIGINT": 0, "DOUBLE": 1, "VARCHAR": 2, "VARCHAR[]": 3}
TABLE_SIZE = 4096
POW10 = np.array([float(10 ** k) for k in range(23)], dtype=np.float64)  # all exact
_MAX_EXACT = 2 ** 53
# aiscat's envelope, the same at the start of every object: none of its keys is read, so
# an object that starts with it resumes right after it (inside the rxtime string)
ENVELOPE = np.frombuffer(b'{"class":"AIS","device":"AIS-catcher","version":70,"driver":0,'
                         b'"hardware":"","rxtime":"', dtype=np.uint8).copy()
_WS = np.zeros(256, dtype=np.bool_)  # whitespace within a line
_WS[[32, 9, 13]] = True


def key_hash(key: bytes) -> int:
    """The kernel's hash of a key's bytes (first, middle and last byte and the length: no
    per-byte work beyond finding the closing quote)."""
    if not key:
        return 0
    n = len(key)
    return (key[0] * 961 + key[n - 1] * 31 + key[n // 2] + n * 977) & (TABLE_SIZE - 1)


def key_table(fields: tuple[tuple[str, str], ...]
              ) -> tuple[I64, U8, I64, I64, I64, tuple[int, int, int]]:
    """(hash table → field or -1, key bytes, key offsets, kind, slot, counts per kind)."""
    table = np.full(TABLE_SIZE, -1, dtype=np.int64)
    names = [k.encode("ascii") for k, _ in fields]
    for f, name in enumerate(names):
        h = key_hash(name)
        assert table[h] < 0, f"key hash collision: {name!r}"
        table[h] = f
    data = np.frombuffer(b"".join(names), dtype=np.uint8).copy()
    off = np.zeros(len(names) + 1, dtype=np.int64)
    off[1:] = np.cumsum([len(x) for x in names])
    kind = np.array([KIND[t] for _, t in fields], dtype=np.int64)
    slot = np.zeros(len(fields), dtype=np.int64)
    counts = [0, 0, 0, 0]
    for f, k in enumerate(kind):
        slot[f] = counts[k]
        counts[k] += 1
    assert counts[3] == 1, "exactly one list-of-strings field (nmea)"
    return table, data, off, kind, slot, (counts[0], counts[1], counts[2])


@kernel
def parse_batch(buf: U8, n: int, table: I64, kdata: U8, koff: I64, kind: I64, slot: I64,
                exp_off: I64, exp_data: U8, ints: I64, ival: B, dbls: F64, dval: B,
                soff: I64, sdata: U8, sval: B, odd: B, pos: I64, state: I64) -> int:
    """Read the ``n`` objects of ``buf`` (joined by newlines) into rows ``state[0]`` on of
    the outputs: ints / doubles (column, row) and their validity, string offsets (column,
    row + 1) into ``sdata`` (column, byte) and validity, ``odd`` and ``pos`` (the index of
    each object among the expected sentences ``exp_data[exp_off[i]:exp_off[i + 1] - 1]``,
    each followed by a newline, as they were fed). ``state`` = (next row, next expected
    sentence to try, the string columns' next free bytes...) carries over from one batch
    to the next. Returns 0 when read, 1 when the structure is not followed, 2 when an echo
    has no match, 3 when the outputs are full."""
    end = buf.shape[0]
    n_str = sdata.shape[0]
    echo = np.empty(max(end, 1), dtype=np.uint8)
    so = state[2:2 + n_str]
    if state[0] + n > odd.shape[0]:
        return 3
    n_exp = exp_off.shape[0] - 1
    at = state[1]
    p = 0
    # The hot path (keys, skipped values, numbers) is written inline: a call to another
    # kernel costs reference counting on every array it is handed.
    for r in range(state[0], state[0] + n):
        seen = 0
        elen = -1
        while p < end and _WS[buf[p]]:
            p += 1
        if p >= end or buf[p] != 123:
            return 1
        n_env = ENVELOPE.shape[0]
        k = 1
        if p + n_env < end:
            while k < n_env and buf[p + k] == ENVELOPE[k]:
                k += 1
        if k == n_env:  # resume inside the rxtime string: skip its end
            p += n_env
            while p < end and buf[p] != 34 and buf[p] != 92:
                p += 1
            if p >= end or buf[p] != 34 or p + 1 >= end or buf[p + 1] != 44:
                return 1
            p += 1
        p += 1
        while p < end and _WS[buf[p]]:
            p += 1
        while True:
            if p >= end or buf[p] != 34:
                return 1
            # the key: found, hashed as key_hash, then looked up
            q = p + 1
            esc = False
            while q < end:
                c = buf[q]
                if c == 34:
                    break
                if c == 92:
                    esc = True
                    q += 1
                q += 1
            if q >= end:
                return 1
            f = -1
            klen = q - p - 1
            if esc:
                odd[r] = True
            elif klen > 0:
                f = table[(buf[p + 1] * 961 + buf[q - 1] * 31 + buf[p + 1 + klen // 2]
                           + klen * 977) & (TABLE_SIZE - 1)]
                if f >= 0:
                    ko = koff[f]
                    if koff[f + 1] - ko != klen:
                        f = -1
                    else:
                        for k in range(klen):
                            if kdata[ko + k] != buf[p + 1 + k]:
                                f = -1
                                break
            p = q + 1
            while p < end and _WS[buf[p]]:
                p += 1
            if p >= end or buf[p] != 58:
                return 1
            p += 1
            while p < end and _WS[buf[p]]:
                p += 1
            if p >= end:
                return 1
            c = buf[p]
            k = -1
            if f >= 0:
                k = kind[f]
                bit = 1 << f
                if seen & bit:
                    odd[r] = True
                seen |= bit
            if f < 0 or (c == 110 and k != 3):  # a value not read, or null
                if c == 110 and f >= 0 and (p + 4 > end or buf[p + 1] != 117
                                            or buf[p + 2] != 108 or buf[p + 3] != 108):
                    odd[r] = True  # not a null: DuckDB tells
                if c == 34:
                    q = p + 1
                    while q < end:
                        c = buf[q]
                        if c == 34:
                            break
                        if c == 92:
                            q += 1
                        q += 1
                    if q >= end:
                        return 1
                    p = q + 1
                elif c == 123 or c == 91:
                    p = skip_value(buf, p, end)
                    if p < 0:
                        return 1
                else:
                    q = p
                    while q < end and not DELIM[buf[q]]:
                        q += 1
                    if q == p:
                        return 1
                    p = q
            elif k == 3:
                if c != 91 or elen >= 0:
                    return 1
                p += 1
                while p < end and _WS[buf[p]]:
                    p += 1
                while p < end and buf[p] == 34:
                    p, elen = unescape(buf, p + 1, end, echo, 0)
                    if p < 0:
                        return 1
                    while p < end and _WS[buf[p]]:
                        p += 1
                    if p < end and buf[p] == 44:
                        p += 1
                        while p < end and _WS[buf[p]]:
                            p += 1
                if p >= end or buf[p] != 93 or elen < 0:
                    return 1
                p += 1
            elif k == 2:
                sl = slot[f]
                if c != 34:
                    odd[r] = True
                    p = skip_value(buf, p, end)
                else:
                    q, o = unescape(buf, p + 1, end, sdata[sl], so[sl])
                    if q < 0:
                        odd[r] = True
                        p = string_end(buf, p + 1, end)
                    else:
                        p = q
                        so[sl] = o
                        sval[sl, r] = True
                if p < 0:
                    return 1
            else:
                # a number: [-]digits[.digits], at most 18 digits (see the module doc)
                q = p
                neg = c == 45
                if neg:
                    q += 1
                m = 0
                nd = 0
                scale = 0
                d0 = q
                while q < end and 48 <= buf[q] <= 57:
                    if nd < 18:
                        m = m * 10 + (buf[q] - 48)
                    nd += 1
                    q += 1
                ok = q > d0 and not (buf[d0] == 48 and q - d0 > 1)
                if ok and q < end and buf[q] == 46:
                    q += 1
                    d1 = q
                    while q < end and 48 <= buf[q] <= 57:
                        if nd < 18:
                            m = m * 10 + (buf[q] - 48)
                        nd += 1
                        scale += 1
                        q += 1
                    ok = k == 1 and q > d1
                if not ok or nd > 18 or (q < end and not DELIM[buf[q]]):
                    odd[r] = True
                    q = p
                    while q < end and not DELIM[buf[q]]:
                        q += 1
                    if q == p:
                        return 1
                elif k == 0:
                    ints[slot[f], r] = -m if neg else m
                    ival[slot[f], r] = True
                elif m >= _MAX_EXACT or scale > 22 or (neg and m == 0):
                    odd[r] = True
                else:
                    v = float(m) if scale == 0 else float(m) / POW10[scale]
                    dbls[slot[f], r] = -v if neg else v
                    dval[slot[f], r] = True
                p = q
            while p < end and _WS[buf[p]]:
                p += 1
            if p < end and buf[p] == 44:
                p += 1
                while p < end and _WS[buf[p]]:
                    p += 1
                continue
            if p < end and buf[p] == 125:
                p += 1
                break
            return 1
        for sl in range(n_str):
            soff[sl, r + 1] = so[sl]
        if elen < 0:
            return 1
        while p < end and _WS[buf[p]]:
            p += 1
        if p < end:
            if buf[p] != 10:
                return 1
            p += 1
        # the subsequence walk: the first expected sentence from ``at`` equal to the echo
        while at < n_exp:
            a = exp_off[at]
            if exp_off[at + 1] - a - 1 == elen:  # each is followed by its newline
                same = True
                for q in range(elen):
                    if exp_data[a + q] != echo[q]:
                        same = False
                        break
                if same:
                    break
            at += 1
        if at >= n_exp:
            return 2
        pos[r] = at
        at += 1
        state[1] = at
        state[0] = r + 1
    while p < end and (_WS[buf[p]] or buf[p] == 10):
        p += 1
    return 1 if p < end else 0
