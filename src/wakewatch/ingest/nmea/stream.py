"""The fast path's second pass: times, multi-part reassembly and de-duplication, in order.

The same rules as ``framing.py`` (times), ``assemble.py`` (reassembly) and ``dedup.py``
(duplicates), over the lines the first pass (``scan.py``) claimed as AIS sentences:

* a line's time is its tag block's ``c:`` time, else its USCG trailer's time, else the
  last time sentence's time (the *stamp*, carried across chunks), else ``--assume-time``;
* multi-part fragments are keyed by the tag-block group (``g:`` id, source) when present,
  else by (sequential id, channel, fragment count, source); a first fragment replaces
  (orphans) an unfinished message of the same key; a fragment that does not continue its
  key's message orphans it and itself; the message takes the first fragment time found and
  the first fragment's source, and the last fragment's fill bits;
* a timed message is a duplicate when the previous copy of the same payload (in line
  order, possibly from earlier chunks) was heard within the window.

Keys and payloads are compared by two independent 64-bit hashes (FNV-1a with different
primes, then a splitmix64 finaliser): equal 128-bit digests stand for equal bytes.
Fragments still waiting at the end of a chunk are handed back to the caller, which puts
their lines in front of the next chunk (with their times) so that the state is rebuilt by
replaying them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np
import numpy.typing as npt
from numba import types
from numba.typed import Dict

from wakewatch.ingest.nmea.scan import AIS, NO_TIME
from wakewatch.jit import kernel

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]

# line states
OTHER, IN_MESSAGE, ORPHAN, PENDING = 0, 1, 2, 3

_KEY = types.UniTuple(types.uint64, 2)  # type: ignore[no-untyped-call]
_P1 = np.uint64(0x100000001B3)
_P2 = np.uint64(0x9E3779B97F4A7C15)
_B1 = np.uint64(0xCBF29CE484222325)
_B2 = np.uint64(0x84222325CBF29CE4)


@kernel
def _mix(h: np.uint64) -> np.uint64:
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    return h


@kernel
def _feed(h1: np.uint64, h2: np.uint64, buf: npt.NDArray[np.uint8], a: int, b: int
          ) -> tuple[np.uint64, np.uint64]:
    for i in range(a, b):
        c = np.uint64(buf[i])
        h1 = (h1 ^ c) * _P1
        h2 = (h2 ^ c) * _P2
    return h1, h2


@kernel
def _feed_byte(h1: np.uint64, h2: np.uint64, c: int) -> tuple[np.uint64, np.uint64]:
    v = np.uint64(c)
    return (h1 ^ v) * _P1, (h2 ^ v) * _P2


@kernel
def _fragment_key(buf: npt.NDArray[np.uint8], row: I64) -> tuple[np.uint64, np.uint64]:
    """("g", group id, source) or ("s", seq id, channel, count, source); 0xFF separates
    fields (never in a claimed line), 0xFE marks an absent source."""
    h1, h2 = _B1, _B2
    if row[5] >= 0:
        h1, h2 = _feed_byte(h1, h2, 103)
        h1, h2 = _feed(h1, h2, buf, row[5], row[6])
    else:
        h1, h2 = _feed_byte(h1, h2, 115)
        h1, h2 = _feed(h1, h2, buf, row[9], row[10])
        h1, h2 = _feed_byte(h1, h2, 255)
        h1, h2 = _feed(h1, h2, buf, row[11], row[12])
        h1, h2 = _feed_byte(h1, h2, 255)
        h1, h2 = _feed_byte(h1, h2, row[7])
    h1, h2 = _feed_byte(h1, h2, 255)
    if row[3] >= 0:
        h1, h2 = _feed(h1, h2, buf, row[3], row[4])
    else:
        h1, h2 = _feed_byte(h1, h2, 254)
    return _mix(h1), _mix(h2)


_EMPTY = np.uint64(1 << 63)  # NO_TIME as uint64


@kernel
def _table(n: int) -> tuple[U64, np.uint64]:
    """An empty open-addressing table for ``n`` keys (load ≤ 0.5): rows (h1, h2, time as
    uint64), an EMPTY time marking a free row; and its index mask."""
    cap = 16
    while cap < 2 * n:
        cap *= 2
    table = np.empty((cap, 3), dtype=np.uint64)
    table[:, 2] = _EMPTY
    return table, np.uint64(cap - 1)


@kernel
def _put(table: U64, mask: np.uint64, h1: np.uint64, h2: np.uint64, ts: int) -> int:
    """Store ``ts`` under (h1, h2); the time stored there before, or NO_TIME."""
    slot = h1 & mask
    while True:
        row = table[slot]
        if row[2] == _EMPTY:
            row[0], row[1], row[2] = h1, h2, np.uint64(ts)
            return NO_TIME
        if row[0] == h1 and row[1] == h2:
            prev = np.int64(row[2])
            row[2] = np.uint64(ts)
            return int(prev)
        slot = (slot + np.uint64(1)) & mask


@kernel
def _process(buf: npt.NDArray[np.uint8], sc: I64, line_no: I64, stamp_in: I64,
             ts_override: I64, n_virtual: int, carry: int, assume: int, window_us: int,
             r_h1: U64, r_h2: U64, r_msg: I64, r_ts: I64,
             line_ts: I64, line_state: npt.NDArray[np.int8], line_msg: I64,
             m_id: I64, m_ts: I64, m_src: I64, m_fill: I64, m_dup: npt.NDArray[np.bool_],
             m_h1: U64, m_h2: U64, m_pay: I64, arena: npt.NDArray[np.uint8],
             ) -> tuple[int, int, int]:
    """Fill the line and message arrays; returns (messages, arena bytes, new carry)."""
    n = sc.shape[0]
    # de-duplication table: open addressing over the recent copies and this chunk's messages
    table, mask = _table(r_h1.shape[0] + n)
    for j in range(r_h1.shape[0]):
        _put(table, mask, r_h1[j], r_h2[j], r_ts[j])
    partial = Dict.empty(key_type=_KEY, value_type=types.int64)
    p_lines = np.empty((n + 1, 9), dtype=np.int64)
    p_count = np.zeros(n + 1, dtype=np.int64)
    p_exp = np.zeros(n + 1, dtype=np.int64)
    p_ts = np.empty(n + 1, dtype=np.int64)
    n_slots = 0
    n_msg = 0
    pay_at = 0
    m_pay[0] = 0
    stamp = carry
    for i in range(n):
        line_state[i] = OTHER
        line_msg[i] = -1
        line_ts[i] = NO_TIME
        if i >= n_virtual and stamp_in[i] != NO_TIME:
            stamp = stamp_in[i]
        row = sc[i]
        if row[0] != AIS:
            continue
        if i < n_virtual:
            ts = ts_override[i]
        else:
            ts = row[1] if row[1] != NO_TIME else stamp
            if ts == NO_TIME:
                ts = assume
        line_ts[i] = ts
        cnt, num = row[7], row[8]
        first = i  # the message's first fragment (for its source)
        if cnt > 1:
            key = _fragment_key(buf, row)
            slot = partial[key] if key in partial else -1  # noqa: SIM401 (typed dict)
            if num == 1:
                if slot >= 0:
                    for k in range(p_count[slot]):
                        line_state[p_lines[slot, k]] = ORPHAN
                slot = n_slots
                n_slots += 1
                partial[key] = slot
                p_lines[slot, 0] = i
                p_count[slot] = 1
                p_exp[slot] = cnt
                p_ts[slot] = ts
                line_state[i] = PENDING
                continue
            if slot < 0 or p_exp[slot] != cnt or p_count[slot] != num - 1:
                line_state[i] = ORPHAN
                if slot >= 0:
                    for k in range(p_count[slot]):
                        line_state[p_lines[slot, k]] = ORPHAN
                    del partial[key]
                continue
            p_lines[slot, p_count[slot]] = i
            p_count[slot] += 1
            if p_ts[slot] == NO_TIME:
                p_ts[slot] = ts
            line_state[i] = PENDING
            if num != cnt:
                continue
            del partial[key]
            ts = p_ts[slot]
            first = p_lines[slot, 0]
            for k in range(cnt):
                li = p_lines[slot, k]
                a, b = sc[li, 13], sc[li, 14]
                arena[pay_at:pay_at + b - a] = buf[a:b]
                pay_at += b - a
                line_state[li] = IN_MESSAGE
                line_msg[li] = n_msg
        else:
            a, b = row[13], row[14]
            arena[pay_at:pay_at + b - a] = buf[a:b]
            pay_at += b - a
            line_state[i] = IN_MESSAGE
            line_msg[i] = n_msg
        m = n_msg
        n_msg += 1
        m_pay[m + 1] = pay_at
        m_id[m] = line_no[i]
        m_ts[m] = ts
        m_src[m] = first
        m_fill[m] = row[15]
        m_dup[m] = False
        h1, h2 = _feed(_B1, _B2, arena, m_pay[m], pay_at)
        h1, h2 = _mix(h1), _mix(h2)
        m_h1[m], m_h2[m] = h1, h2
        if ts == NO_TIME:
            continue
        prev = _put(table, mask, h1, h2, ts)
        if prev != NO_TIME:
            m_dup[m] = abs(ts - prev) <= window_us
    for slot in partial.values():
        for k in range(p_count[slot]):
            line_state[p_lines[slot, k]] = PENDING
    return n_msg, pay_at, stamp


@kernel
def _recent(m_h1: U64, m_h2: U64, m_id: I64, m_ts: I64, r_h1: U64, r_h2: U64, r_msg: I64,
            r_ts: I64, keep_from: int) -> tuple[U64, U64, I64, I64]:
    """Per payload, the last copy (in line order) heard at or after ``keep_from``."""
    n = m_h1.shape[0] + r_h1.shape[0]
    table, mask = _table(n)
    o_h1 = np.empty(n, dtype=np.uint64)
    o_h2 = np.empty(n, dtype=np.uint64)
    o_msg = np.empty(n, dtype=np.int64)
    o_ts = np.empty(n, dtype=np.int64)
    k = 0
    for j in range(n - 1, -1, -1):
        if j >= r_h1.shape[0]:
            jj = j - r_h1.shape[0]
            h1, h2, mid, ts = m_h1[jj], m_h2[jj], m_id[jj], m_ts[jj]
        else:
            h1, h2, mid, ts = r_h1[j], r_h2[j], r_msg[j], r_ts[j]
        if ts == NO_TIME or ts < keep_from or _put(table, mask, h1, h2, ts) != NO_TIME:
            continue  # untimed, too old, or a later copy of this payload is kept
        o_h1[k], o_h2[k], o_msg[k], o_ts[k] = h1, h2, mid, ts
        k += 1
    # back to line order
    order = np.argsort(o_msg[:k])
    return o_h1[:k][order], o_h2[:k][order], o_msg[:k][order], o_ts[:k][order]


@dataclass
class Result:
    """What :func:`process` found: per line (time µs, state, message index) and per
    message (id = line of its last fragment, time, first fragment's line index, fill
    bits, duplicate flag, payload digests, payload offsets into ``arena``)."""

    line_ts: I64
    line_state: npt.NDArray[np.int8]
    line_msg: I64
    m_id: I64
    m_ts: I64
    m_src: I64
    m_fill: I64
    m_dup: npt.NDArray[np.bool_]
    m_h1: U64
    m_h2: U64
    m_pay: I64
    arena: npt.NDArray[np.uint8]
    carry: int


class RecentCopies(Protocol):
    h1: U64
    h2: U64
    msg: I64
    ts: I64


def process(buf: npt.NDArray[np.uint8], sc: I64, line_no: I64, stamp_in: I64,
            ts_override: I64, n_virtual: int, carry: int, assume: int, window_us: int,
            recent: RecentCopies) -> Result:
    """Run the second pass over the scanned lines ``sc`` (see the module docstring)."""
    n = sc.shape[0]
    line_ts = np.empty(n, dtype=np.int64)
    line_state = np.empty(n, dtype=np.int8)
    line_msg = np.empty(n, dtype=np.int64)
    m_id, m_ts, m_src, m_fill = (np.empty(n, dtype=np.int64) for _ in range(4))
    m_dup = np.empty(n, dtype=np.bool_)
    m_h1, m_h2 = np.empty(n, dtype=np.uint64), np.empty(n, dtype=np.uint64)
    m_pay = np.empty(n + 1, dtype=np.int64)
    arena = np.empty(int((sc[:, 14] - sc[:, 13]).clip(0).sum()), dtype=np.uint8)
    n_msg, n_bytes, new_carry = _process(
        buf, sc, line_no, stamp_in, ts_override, n_virtual, carry, assume, window_us,
        recent.h1, recent.h2, recent.msg, recent.ts, line_ts, line_state, line_msg,
        m_id, m_ts, m_src, m_fill, m_dup, m_h1, m_h2, m_pay, arena)
    return Result(line_ts, line_state, line_msg, m_id[:n_msg], m_ts[:n_msg], m_src[:n_msg],
                  m_fill[:n_msg], m_dup[:n_msg], m_h1[:n_msg], m_h2[:n_msg],
                  m_pay[:n_msg + 1], arena[:n_bytes], int(new_carry))


def recent_copies(h1: U64, h2: U64, msg: I64, ts: I64, recent: RecentCopies,
                  keep_from: int) -> tuple[U64, U64, I64, I64]:
    """The de-duplication state after a chunk: per payload, the last copy heard at or
    after ``keep_from`` among the earlier state and this chunk's timed messages."""
    return _recent(h1, h2, msg, ts, recent.h1, recent.h2, recent.msg, recent.ts, keep_from)
