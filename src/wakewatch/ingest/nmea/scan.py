"""The fast path's first pass: what each line of a chunk is, from its bytes, in one scan.

A line is claimed here only when it has exactly the shape the vectorised framing
(``framing.py``) would accept as a valid AIS sentence, so both agree by construction
(differential tests check it):

* after stripping ASCII whitespace (what Polars' ``strip_chars`` strips from such lines),
  only printable ASCII;
* an optional NMEA 4.0 tag block ``\\...\\`` with an optional ``*hh`` checksum that
  matches; at most one ``c:`` field, of 1–16 digits; at most one ``s:`` and one ``g:``
  field (``g:`` exactly ``digits-digits-digits``); other fields are ignored;
* then ``!`` + a body of seven comma-separated fields ``..VDM|..VDO``, fragment count
  1–9, fragment number 1..count, sequential id, channel, a non-empty payload in the
  6-bit armouring alphabet, fill bits 0–5 (each number one digit), ``*hh`` matching the
  body's checksum;
* then optionally printable text (USCG N-AIS metadata): when it ends with ``,`` + 10
  digits, that UNIX time is the line's time unless the tag block gives one (outside
  1990–2100 the line is flagged, as the framing does).

Blank lines and ``#`` comments are classified too. Every other line is ``ODD``: it goes
through the vectorised framing on its own (it is then usually a rejected line).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.ingest.nmea.timestamps import EARLIEST, LATEST, MS_THRESHOLD
from wakewatch.jit import kernel

AIS, BLANK, COMMENT, ODD = 0, 1, 2, 3
NO_TIME = np.iinfo(np.int64).min  # the null time (µs since the epoch)

EARLIEST_S = float(EARLIEST.timestamp())
LATEST_S = float(LATEST.timestamp())

# per-line int64 columns of the scan result
COLUMNS = ("kind", "line_us", "time_bad", "src_start", "src_end", "gid_start", "gid_end",
           "frag_cnt", "frag_num", "seq_start", "seq_end", "chan_start", "chan_end",
           "pay_start", "pay_end", "fill", "s_start", "s_end")
COL = {name: i for i, name in enumerate(COLUMNS)}


@kernel
def _hex(c: int) -> int:
    if 48 <= c <= 57:
        return c - 48
    if 65 <= c <= 70:
        return c - 55
    if 97 <= c <= 102:
        return c - 87
    return -1


@kernel
def _tag_time(c: int, earliest_s: float, latest_s: float, ms_threshold: int) -> int:
    """``c:`` (seconds, or ms above 10^11) → µs, as ``framing._epoch_to_ts`` computes it."""
    secs = c / 1000.0 if c > ms_threshold else float(c)
    if not (earliest_s <= secs < latest_s):
        return NO_TIME
    return int(np.rint(secs * 1_000_000.0))


@kernel
def _parse_tag(buf: npt.NDArray[np.uint8], a: int, b: int, out: npt.NDArray[np.int64],
               earliest_s: float, latest_s: float, ms_threshold: int) -> bool:
    """Fields of a tag block body buf[a:b] into ``out``; False when not claimed."""
    seen_c = seen_s = seen_g = False
    f = a
    while f <= b:
        e = f
        while e < b and buf[e] != 44:  # ','
            e += 1
        if e - f >= 2 and buf[f + 1] == 58:  # 'x:'
            key = buf[f]
            if key == 99:  # c
                if seen_c or e - f - 2 < 1 or e - f - 2 > 16:
                    return False
                seen_c = True
                v = 0
                for i in range(f + 2, e):
                    d = buf[i] - 48
                    if d < 0 or d > 9:
                        return False
                    v = v * 10 + d
                t = _tag_time(v, earliest_s, latest_s, ms_threshold)
                out[1] = t
                out[2] = 1 if t == NO_TIME else 0
            elif key == 115:  # s
                if seen_s:
                    return False
                seen_s = True
                out[3], out[4] = f + 2, e
            elif key == 103:  # g: digits-digits-digits
                if seen_g:
                    return False
                seen_g = True
                part, digits, i = 0, 0, f + 2
                gid = i
                while i < e:
                    c = buf[i]
                    if 48 <= c <= 57:
                        digits += 1
                    elif c == 45 and digits > 0 and part < 2:  # '-'
                        part += 1
                        digits = 0
                        gid = i + 1
                    else:
                        return False
                    i += 1
                if part != 2 or digits == 0:
                    return False
                out[5], out[6] = gid, e
        f = e + 1
    return True


@kernel
def _trailer(buf: npt.NDArray[np.uint8], a: int, e: int, out: npt.NDArray[np.int64],
             earliest_s: float, latest_s: float, ms_threshold: int) -> bool:
    """Text after the checksum (USCG N-AIS metadata): printable; when it ends with
    ``,`` + 10 digits, that UNIX time is the line's time unless the tag block gave one.
    False when not claimed."""
    for j in range(a, e):
        if buf[j] < 32 or buf[j] > 126:
            return False
    if e - a < 11 or buf[e - 11] != 44:
        return True
    v = 0
    for j in range(e - 10, e):
        d = buf[j] - 48
        if d < 0 or d > 9:
            return True
        v = v * 10 + d
    t = _tag_time(v, earliest_s, latest_s, ms_threshold)
    if t == NO_TIME:
        out[2] = 1
    elif out[1] == NO_TIME:
        out[1] = t
    return True


@kernel
def _hex_pair(buf: npt.NDArray[np.uint8], at: int) -> int:
    """The two hex digits at ``at`` as a number; -1 when they are not hex digits."""
    hi, lo = _hex(buf[at]), _hex(buf[at + 1])
    return -1 if hi < 0 or lo < 0 else hi * 16 + lo


@kernel
def _scan_line(buf: npt.NDArray[np.uint8], start: int, end: int,
               out: npt.NDArray[np.int64], bounds: npt.NDArray[np.int64], earliest_s: float,
               latest_s: float, ms_threshold: int) -> None:
    """One forward pass over the line: printable check, checksums and field bounds
    together."""
    out[:] = -1
    out[1] = NO_TIME
    out[2] = 0
    s, e = start, end
    while s < e and (buf[s] == 32 or 9 <= buf[s] <= 13):
        s += 1
    while e > s and (buf[e - 1] == 32 or 9 <= buf[e - 1] <= 13):
        e -= 1
    out[16], out[17] = s, e
    if s == e:
        out[0] = BLANK
        return
    if buf[s] == 35:  # '#'
        out[0] = COMMENT
        return
    out[0] = ODD
    p = s
    if buf[p] == 92:  # '\' tag block: up to the next '\', '*hh' optional at its end
        q, star, x = p + 1, -1, 0
        while q < e:
            c = buf[q]
            if c == 92:
                break
            if c < 32 or c > 126:
                return
            if c == 42 and star < 0:
                star = q
            elif star < 0:
                x ^= c
            q += 1
        if q >= e:
            return
        if star >= 0:
            if star + 3 != q or _hex_pair(buf, star + 1) != x:
                return
        else:
            star = q
        if not _parse_tag(buf, p + 1, star, out, earliest_s, latest_s, ms_threshold):
            return
        p = q + 1
    if p >= e or buf[p] != 33:  # '!'
        return
    # the body up to '*': seven comma-separated fields, XOR, payload alphabet
    bounds[0] = p + 1
    k, x, i = 1, 0, p + 1
    while i < e:
        c = buf[i]
        if c == 42:
            break
        if c < 32 or c > 126:
            return
        x ^= c
        if c == 44:
            if k == 7:
                return
            bounds[k] = i + 1
            k += 1
        elif k == 6 and not (48 <= c <= 87 or 96 <= c <= 119):
            return  # payload outside the 6-bit armouring alphabet
        i += 1
    if k != 7 or i + 3 > e or _hex_pair(buf, i + 1) != x:
        return
    if i + 3 < e and not _trailer(buf, i + 3, e, out, earliest_s, latest_s, ms_threshold):
        return
    bounds[7] = i + 1
    f0 = bounds[0]
    if bounds[1] - 1 - f0 != 5 or buf[f0 + 2] != 86 or buf[f0 + 3] != 68 or not (
            buf[f0 + 4] == 77 or buf[f0 + 4] == 79):
        return
    if bounds[2] - bounds[1] != 2 or bounds[3] - bounds[2] != 2 or bounds[7] - bounds[6] != 2:
        return
    cnt, num, fill = buf[bounds[1]] - 48, buf[bounds[2]] - 48, buf[bounds[6]] - 48
    if not (1 <= cnt <= 9 and 1 <= num <= cnt and 0 <= fill <= 5):
        return
    if bounds[6] - 1 <= bounds[5]:
        return  # empty payload
    out[7], out[8] = cnt, num
    out[9], out[10] = bounds[3], bounds[4] - 1
    out[11], out[12] = bounds[4], bounds[5] - 1
    out[13], out[14] = bounds[5], bounds[6] - 1
    out[15] = fill
    out[0] = AIS


@kernel
def _scan(buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64],
          ends: npt.NDArray[np.int64], out: npt.NDArray[np.int64], earliest_s: float,
          latest_s: float, ms_threshold: int) -> None:
    bounds = np.empty(8, dtype=np.int64)
    for i in range(starts.shape[0]):
        _scan_line(buf, starts[i], ends[i], out[i], bounds, earliest_s, latest_s,
                   ms_threshold)


def scan_lines(buf: npt.NDArray[np.uint8], starts: npt.NDArray[np.int64],
               ends: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """One row per line, the :data:`COLUMNS` (offsets are into ``buf``; -1 = absent)."""
    out = np.empty((starts.shape[0], len(COLUMNS)), dtype=np.int64)
    _scan(buf, starts, ends, out, EARLIEST_S, LATEST_S, MS_THRESHOLD)
    return out
