"""numba kernels of the columnar AIS decoder: classify and decode in one pass over the Arrow
buffers of the payload column (offsets + bytes), no per-message Python.

Groups (``group_of``; -1 = not handled here, left to pyais):

* 0: types 1, 2, 3 (first character ``1``/``2``/``3``), at least 168 bits;
* 1: type 18 (``B``), at least 168 bits;
* 2: types 4 and 11 (``4``/``;``), at least 168 bits;
* 3: type 5 (``5``), exactly 71 characters and 2 fill bits (424 bits);
* 4: messages of which pyais gives no column of ours but msg_type and mmsi, and which it
  never fails to decode: fill bits 0 to 5, all characters ASCII, and either types 7, 10,
  12, 13, 14, 15, 20 (``7 : < = > ? D``) of at least 38 bits (pyais's generic field plan:
  integers, bytes, text; nothing that raises), or binary messages of types 6 (at least 88
  bits) and 8 (at least 56 bits) whose (DAC, FID) pyais decodes with its default class
  (``variants``: the pairs it has a class for, ``pyais.messages._MSG6_VARIANTS`` /
  ``_MSG8_VARIANTS``). Only msg_type and mmsi are decoded;
* 5: type 17 (``A``, DGNSS broadcast), at least 75 bits, fill 0-5, ASCII: lon and lat as
  pyais reads them (unsigned 18 and 17 bits at 40 and 58, raw / 10.0);
* 6: type 21 (``E``, aid to navigation), at least 249 bits, fill 0-5, ASCII: lon, lat
  (ITU-R M.1371-5 table 82, as types 1-3) and the four dimensions. pyais's other fields
  of types 17 and 21 (bytes, text, enums that accept any value) never raise;
* 7: type 8 with DAC 200, FID 10 (inland ship static and voyage data, pyais's
  ``MessageType8Dac200Fid10``), at least 155 bits, fill 0-5, ASCII: draught (11 bits at
  144, raw / 100.0, pyais's only column of ours besides msg_type and mmsi);
* 8 and 9: type 24 (``H``) part A (part number 0, at least 160 bits: shipname) and part B
  (part number 1, at least 162 bits, not an auxiliary craft — MMSI 98XXXYYYY, whose part B
  pyais reads differently: ship_type, callsign, the four dimensions), fill 0-5, ASCII;
* 10: type 9 (``9``, SAR aircraft), at least 128 bits, fill 0-5, ASCII: speed (pyais:
  raw knots, no /10), lon, lat, course (raw / 10.0);
* 11: type 19 (``C``, extended Class B), at least 301 bits, fill 0-5, ASCII: speed, lon,
  lat, course, heading, shipname, raw ship type, the four dimensions (ITU-R M.1371-5
  table 70; pyais's enums ShipType and EpfdType accept any value).

"At least 168 bits" is ``6 * n_chars - fill_bits >= 168`` (fields past bit 168 are ignored,
as pyais ignores them) and 28 characters at least (only the first 28 are read). A message
of groups 0-3 whose read characters are not all ASCII is left to pyais too (it rejects
non-ASCII payloads).

Field positions are ITU-R M.1371-5 tables 48 (types 1-3), 67 (type 18), 73 (types 4/11)
and 52 (type 5); see ``numpy_decoder`` for the value conventions (pyais bit-compatible).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.jit import kernel

U8 = npt.NDArray[np.uint8]
I8 = npt.NDArray[np.int8]
I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]
B = npt.NDArray[np.bool_]

# integer output columns (rows of ``ints``) and float output columns (rows of ``floats``)
INT_COLUMNS = ("msg_type", "mmsi", "heading", "status", "imo", "ship_type", "to_bow",
               "to_stern", "to_port", "to_starboard", "eta_month", "eta_day", "eta_hour",
               "eta_minute", "part_no")
FLOAT_COLUMNS = ("lat", "lon", "speed", "course", "draught")
# text columns of type 5, in the order of the ``text`` arenas (bits 70, 112 and 302;
# 7, 20 and 20 characters)
TEXT_COLUMNS = ("callsign", "shipname", "destination")
TEXT_CHARS = 20  # arena bytes per type 5 message and text column (the longest field)


def six_bit_table() -> U8:
    """Armouring character → 6-bit value (ITU-R M.1371 §8.2.4: ``c - 48``, minus 8 more
    above 87); other bytes → 0."""
    table = np.zeros(256, dtype=np.uint8)
    for c in range(48, 120):
        v = c - 48
        table[c] = v - 8 if v > 40 else v
    return table


@kernel
def classify(offsets: I64, data: U8, fill: I64, valid: B, table: U8, variants: B,
             all_ascii: bool) -> I8:
    """The group of each message (-1: pyais's), from the payload buffers and fill bits;
    ``variants[t == 8, dac, fid]``: pyais has a class of its own for that binary message;
    ``all_ascii``: every payload byte is known to be ASCII (no check per message)."""
    n = offsets.shape[0] - 1
    group = np.full(n, -1, dtype=np.int8)
    for i in range(n):
        if not valid[i]:
            continue
        start = offsets[i]
        n_chars = offsets[i + 1] - start
        if n_chars == 0:
            continue
        c = data[start]
        g = -1
        if c == 49 or c == 50 or c == 51:  # '1' '2' '3'
            g = 0
        elif c == 66:  # 'B'
            g = 1
        elif c == 52 or c == 59:  # '4' ';'
            g = 2
        elif c == 53:  # '5'
            g = 3
        elif c == 54 or c == 56:  # '6' '8'
            g = 4
        elif c == 55 or c == 58 or (60 <= c <= 63) or c == 68:  # '7' ':' '<'-'?' 'D'
            g = 7
        elif c == 65:  # 'A'
            g = 5
        elif c == 69:  # 'E'
            g = 6
        elif c == 72:  # 'H'
            g = 8
        elif c == 57:  # '9'
            g = 10
        elif c == 67:  # 'C'
            g = 11
        if g < 0:
            continue
        if g == 8:
            if fill[i] < 0 or fill[i] > 5 or 6 * n_chars - fill[i] < 160:
                continue
            # part number: bits 38-39 (character 6); MMSI: bits 8-37 (characters 1-6)
            v6 = np.int64(table[data[start + 6]])
            part = (v6 >> 2) & 3
            mmsi = 0
            for k in range(1, 7):
                mmsi = (mmsi << 6) | int(table[data[start + k]])
            mmsi = (mmsi >> 4) & 0x3FFFFFFF
            if part == 1 and not 980_000_000 <= mmsi <= 989_999_999:
                if 6 * n_chars - fill[i] < 162:
                    continue
                g = 9
            elif part != 0:
                continue
            read = n_chars
        elif g >= 5:
            least = (38 if g == 7 else 75 if g == 5 else 249 if g == 6 else 128 if g == 10
                     else 301)
            if fill[i] < 0 or fill[i] > 5 or 6 * n_chars - fill[i] < least:
                continue
            if g == 7:
                g = 4
            read = n_chars
        elif g == 4:
            n_bits = 6 * n_chars - fill[i]
            t8 = c == 56
            if fill[i] < 0 or fill[i] > 5 or n_bits < (56 if t8 else 88):
                continue
            read = n_chars
            # DAC (10 bits) and FID (6) at bit 40 (type 8: characters 6-9 = bits 36-59)
            # or 72 (type 6: characters 12-14 = bits 72-89)
            acc = 0
            for k in range(6, 10) if t8 else range(12, 15):
                acc = (acc << 6) | int(table[data[start + k]])
            acc = (acc >> (4 if t8 else 2)) & 0xFFFF
            if t8 and acc == (200 << 6 | 10):
                if n_bits < 155:
                    continue
                g = 7
            elif variants[1 if t8 else 0, (acc >> 6) & 1023, acc & 63]:
                continue
        elif g == 3:
            if n_chars != 71 or fill[i] != 2:
                continue
            read = 71
        else:
            if n_chars < 28 or 6 * n_chars - fill[i] < 168:
                continue
            read = 28
        bits = 0
        if not all_ascii:
            for k in range(read):
                bits |= data[start + k]
        if bits < 128:
            group[i] = g
    return group


@kernel
def decode_rows(offsets: I64, data: U8, table: U8, rows: I64, group: I8, at: I64, ids: I64,
                ints: I64, floats: F64, text: U8, text_offsets: I64, kind: I8,
                msg_id: I64) -> None:
    """Decode message ``rows[j]`` (of group ``group[rows[j]]``, msg_id ``ids[j]``) into
    column ``at[j]`` of ``ints`` (INT_COLUMNS × rows) and ``floats`` (FLOAT_COLUMNS × rows),
    its group into ``kind[at[j]]``, its msg_id into ``msg_id[at[j]]``; other cells are
    left as they are. Type 5's text fields go to the arenas ``text[t]`` (TEXT_COLUMNS order,
    ``TEXT_CHARS`` bytes per type 5 message at least), message ``j``'s string between
    ``text_offsets[t, j]`` and ``text_offsets[t, j + 1]`` (empty for the other groups).

    The field readers are inner functions: numba inlines them, so with constant offsets
    and widths each field compiles to a few shifts (about 3x faster than calls)."""
    six = np.zeros(72, dtype=np.int64)  # the message's 6-bit values
    end = np.zeros(3, dtype=np.int64)  # the arenas' ends

    def bits(offset: int, width: int) -> int:
        first = offset // 6
        last = (offset + width - 1) // 6
        acc = 0
        for k in range(first, last + 1):
            acc = (acc << 6) | six[k]
        acc >>= 6 * (last + 1) - (offset + width)
        return acc & ((1 << width) - 1)

    def degrees(offset: int, width: int) -> float:
        """Signed 1/10000 minutes → degrees, as pyais: round(raw / 600000, 6) with
        integers, ``((10 * raw + 3) // 6) / 1e6``."""
        raw = bits(offset, width)
        if raw >= 1 << (width - 1):
            raw -= 1 << width
        return ((10 * raw + 3) // 6) / 1e6

    def string(t: int, offset: int, n_chars: int) -> None:
        """6-bit text as ASCII (ITU-R M.1371 table 47), '@' padding removed from the end,
        then blanks from both ends (Polars ``strip_chars_end("@").strip_chars()``: the
        alphabet's only whitespace is the blank)."""
        arena = text[t]
        start = end[t]
        for k in range(n_chars):
            code = bits(offset + 6 * k, 6)
            arena[start + k] = code + 64 if code < 32 else code
        stop = start + n_chars
        while stop > start and arena[stop - 1] == 64:  # '@'
            stop -= 1
        while stop > start and arena[stop - 1] == 32:
            stop -= 1
        lead = start
        while lead < stop and arena[lead] == 32:
            lead += 1
        for k in range(stop - lead):
            arena[start + k] = arena[lead + k]
        end[t] = start + stop - lead

    text_offsets[:, 0] = 0
    for jj in range(rows.shape[0]):
        i = rows[jj]
        j = at[jj]
        s = offsets[i]
        g = group[i]
        kind[j] = g
        msg_id[j] = ids[jj]
        for k in range(71 if g == 3 else 7 if g == 4 else 13 if g == 5 else 42 if g == 6
                       else 26 if g == 7 else 27 if g == 8 or g == 9 else 22 if g == 10
                       else 51 if g == 11 else 28):
            six[k] = table[data[s + k]]
        ints[0, j] = six[0]
        ints[1, j] = bits(8, 30)
        if g == 0:  # ITU-R M.1371-5 table 48
            ints[3, j] = bits(38, 4)
            floats[2, j] = bits(50, 10) / 10.0
            floats[1, j] = degrees(61, 28)
            floats[0, j] = degrees(89, 27)
            floats[3, j] = bits(116, 12) / 10.0
            ints[2, j] = bits(128, 9)
        elif g == 1:  # table 67
            floats[2, j] = bits(46, 10) / 10.0
            floats[1, j] = degrees(57, 28)
            floats[0, j] = degrees(85, 27)
            floats[3, j] = bits(112, 12) / 10.0
            ints[2, j] = bits(124, 9)
        elif g == 2:  # table 73; the date lands in the eta_* columns, as pyais's does
            ints[10, j] = bits(52, 4)
            ints[11, j] = bits(56, 5)
            ints[12, j] = bits(61, 5)
            ints[13, j] = bits(66, 6)
            floats[1, j] = degrees(79, 28)
            floats[0, j] = degrees(107, 27)
        elif g == 5:  # pyais's type 17: unsigned, raw / 10.0
            floats[1, j] = bits(40, 18) / 10.0
            floats[0, j] = bits(58, 17) / 10.0
        elif g == 6:  # table 82
            floats[1, j] = degrees(164, 28)
            floats[0, j] = degrees(192, 27)
            ints[6, j] = bits(219, 9)
            ints[7, j] = bits(228, 9)
            ints[8, j] = bits(237, 6)
            ints[9, j] = bits(243, 6)
        elif g == 7:  # pyais's MessageType8Dac200Fid10: raw / 100.0
            floats[4, j] = bits(144, 11) / 100.0
        elif g == 8:  # table 84, part A
            ints[14, j] = 0
            string(1, 40, 20)
        elif g == 9:  # table 84, part B
            ints[14, j] = 1
            ints[5, j] = bits(40, 8)
            string(0, 90, 7)
            ints[6, j] = bits(132, 9)
            ints[7, j] = bits(141, 9)
            ints[8, j] = bits(150, 6)
            ints[9, j] = bits(156, 6)
        elif g == 10:  # pyais's type 9: speed in knots, not tenths
            floats[2, j] = float(bits(50, 10))
            floats[1, j] = degrees(61, 28)
            floats[0, j] = degrees(89, 27)
            floats[3, j] = bits(116, 12) / 10.0
        elif g == 11:  # table 70
            floats[2, j] = bits(46, 10) / 10.0
            floats[1, j] = degrees(57, 28)
            floats[0, j] = degrees(85, 27)
            floats[3, j] = bits(112, 12) / 10.0
            ints[2, j] = bits(124, 9)
            string(1, 143, 20)
            ints[5, j] = bits(263, 8)
            ints[6, j] = bits(271, 9)
            ints[7, j] = bits(280, 9)
            ints[8, j] = bits(289, 6)
            ints[9, j] = bits(295, 6)
        elif g == 3:  # table 52
            ints[4, j] = bits(40, 30)
            ints[5, j] = bits(232, 8)
            ints[6, j] = bits(240, 9)
            ints[7, j] = bits(249, 9)
            ints[8, j] = bits(258, 6)
            ints[9, j] = bits(264, 6)
            ints[10, j] = bits(274, 4)
            ints[11, j] = bits(278, 5)
            ints[12, j] = bits(283, 5)
            ints[13, j] = bits(288, 6)
            floats[4, j] = bits(294, 8) / 10.0
            string(0, 70, 7)
            string(1, 112, 20)
            string(2, 302, 20)
        for t in range(3):
            text_offsets[t, jj + 1] = end[t]
