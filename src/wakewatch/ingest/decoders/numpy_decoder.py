"""A columnar decoder (numba kernels) for the common AIS messages, pyais for the rest.

Handled here, all at once per chunk, with no per-message Python (groups and exact
conditions: ``sixbit_kernels``): types 1, 2, 3, 18, 4, 11 of at least 168 bits; type 5 of
exactly 424 bits (71 characters, 2 fill bits); and messages whose pyais decoding gives few
of our columns and cannot fail — types 7, 10, 12-15, 20 and binary types 6/8 of pyais's
default (DAC, FID) (msg_type, mmsi), type 8 DAC 200 FID 10 (draught), 9, 17, 19, 21, 24
parts A/B (not auxiliary craft), each from the bit where its last decoded field ends.
99.8 % of the ingest benchmark's messages. Every other message
(other types, lengths or fill bits, other DAC/FID, non-ASCII) goes to the pyais decoder, so
the result is the pyais decoder's, message for message.

How: two numba kernels (``sixbit_kernels``) read the Arrow buffers of the payload column
in place (offsets + bytes, no copy): ``classify`` puts each message in its group (or leaves
it to pyais), ``decode_rows`` decodes every field of the handled messages into preallocated
numpy arrays in one pass — a lookup table turns the armouring characters into 6-bit values
(ITU-R M.1371 §8.2.4: ``c - 48``, minus 8 more above 87); each field (bit offset and width
from ITU-R M.1371-5 tables 48, 52, 67, 70, 73, 82 and 84) is assembled from the 6-bit values
that cover it, sign-extended where signed. Text fields are written to byte arenas, stripped
there, and become Arrow large-string arrays; nulls are Arrow validity bitmaps. Every row is
written at its final (msg_id-sorted) place, pyais's rows included (``interleave_strings``
for their text), so the frame is built once, with no concat, sort or gather.

Values are exactly pyais's: speed, course and draught = raw / 10.0 (type 8 DAC 200 FID 10
draught: raw / 100.0; type 17 lon/lat: unsigned raw / 10.0, as pyais reads them); lat/lon =
signed raw in 1/10000 minute, converted as pyais does (``((10 * raw + 3) // 6) / 1e6``,
i.e. ``round(raw / 600000, 6)`` computed with integers; 0 → 0.0). Sentinels (lat 91,
lon 181, speed 102.3, heading 511) are kept raw and normalised later in
``wakewatch.ingest.fields``, as for every decoder.
Text fields (callsign, shipname, destination) lose their '@' padding at the end, then blanks
at both ends, as pyais's strings do (an all-padding field is "", not null).

The result equals the pre-numba columnar decoder's frame (kept as the oracle in
``tests/ingest/numpy_decoder_reference.py``; it was pyais's for all but the first four
groups) — columns, dtypes, rows, values, nulls — except that a message of types 1-5 with a
non-ASCII byte in its read characters goes to pyais (which rejects it) where the old
decoder raised.

This module is wakewatch's own code (Apache-2.0): the fast path needs no GPL component.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from wakewatch.ingest.decoders.base import DECODED_SCHEMA
from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder
from wakewatch.ingest.decoders.sixbit_kernels import (
    FLOAT_COLUMNS,
    INT_COLUMNS,
    TEXT_CHARS,
    TEXT_COLUMNS,
    classify,
    decode_rows,
    six_bit_table,
)
from wakewatch.ingest.decoders.string_kernels import interleave_strings

SIX_BIT = six_bit_table()


def _variants() -> npt.NDArray[np.bool_]:
    """``[t == 8, dac, fid]``: pyais decodes binary messages of type ``t`` with that
    application identifier with a class of its own (not handled here)."""
    from pyais.messages import _MSG6_VARIANTS, _MSG8_VARIANTS

    table = np.zeros((2, 1024, 64), dtype=np.bool_)
    for t, pairs in enumerate((_MSG6_VARIANTS, _MSG8_VARIANTS)):
        for dac, fid in pairs:
            table[t, dac, fid] = True
    return table


BINARY_VARIANTS = _variants()

# the groups (see ``sixbit_kernels``) in which each column has a value; null elsewhere
_GROUPS_OF: dict[str, tuple[int, ...]] = {
    "msg_type": tuple(range(12)), "mmsi": tuple(range(12)),
    "lat": (0, 1, 2, 5, 6, 10, 11), "lon": (0, 1, 2, 5, 6, 10, 11),
    "speed": (0, 1, 10, 11), "course": (0, 1, 10, 11), "heading": (0, 1, 11), "status": (0,),
    "eta_month": (2, 3), "eta_day": (2, 3), "eta_hour": (2, 3), "eta_minute": (2, 3),
    **{c: (3, 6, 9, 11) for c in ("to_bow", "to_stern", "to_port", "to_starboard")},
    "imo": (3,), "destination": (3,), "draught": (3, 7), "ship_type": (3, 9, 11),
    "callsign": (3, 9), "shipname": (3, 8, 11), "part_no": (8, 9),
}
_N_GROUPS = 12
_TEXT_GROUPS = (3, 8, 9, 11)  # the groups with text columns
_FLOATS = frozenset(c for c, t in DECODED_SCHEMA.items() if t == pl.Float64)
Ints = npt.NDArray[np.int64]


def payload_buffers(payload: pl.Series) -> tuple[Ints, npt.NDArray[np.uint8]]:
    """The Arrow offsets (n + 1, int64) and bytes of a string column, without copying
    (nulls read as empty strings); both read-only, always (numba compiles one
    specialisation per array writability: keep the kernels' signatures stable)."""
    arrow = payload.fill_null("").to_arrow(compat_level=pl.CompatLevel.oldest())
    if isinstance(arrow, pa.ChunkedArray):
        arrow = arrow.combine_chunks()
    arrow = arrow.cast(pa.large_string())
    n = len(arrow)
    _, off_buf, data_buf = arrow.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64)[arrow.offset: arrow.offset + n + 1]
    data = np.frombuffer(data_buf if data_buf is not None else b"", dtype=np.uint8)
    return offsets, data


def warm_kernels() -> None:
    """Load (or compile) the kernels with the exact signatures of real use, by decoding a
    few messages (one per text path, one for pyais): numba's first call in a process costs
    ~0.5 s, which a caller can overlap with other work by running this in a thread."""
    NumpyDecoder().decode(pl.DataFrame(
        {"msg_id": [1, 2, 3, 4],
         "payload": ["13u?etPv2;0n:dDPwUM1U1Cb069D", "H42O55i18tMET00000000000000",
                     "C5N3SRgPEnJGEBT>NhWAwwo862PaLELTBJ:V00000000S0D:R220", "F" * 30],
         "fill_bits": [0, 2, 0, 0]},
        schema={"msg_id": pl.Int64, "payload": pl.String, "fill_bits": pl.Int64}))


class NumpyDecoder:
    """Columnar decoding of the common reports (numba kernels); pyais for the rest."""

    name = "numpy"

    def __init__(self) -> None:
        self._fallback = PyaisDecoder()

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        if messages.height == 0:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        payload = messages.get_column("payload")
        fill = messages.get_column("fill_bits")
        # fresh writable arrays whatever Polars hands out (stable kernel signatures)
        valid = np.array((payload.is_not_null() & fill.is_not_null()).to_numpy(),
                         dtype=np.bool_)
        fill_np = np.array(fill.fill_null(0).cast(pl.Int64).to_numpy(), dtype=np.int64)
        offsets, data = payload_buffers(payload)
        used = data[offsets[0]:offsets[-1]]
        all_ascii = used.shape[0] == 0 or int(used.max()) < 128
        group = classify(offsets, data, fill_np, valid, SIX_BIT, BINARY_VARIANTS, all_ascii)
        handled = group >= 0
        rest = pl.DataFrame(schema=DECODED_SCHEMA)
        if not handled.all():
            rest = self._fallback.decode(
                messages.select("msg_id", "payload", "fill_bits").filter(~handled))
        rows = np.flatnonzero(handled)
        if rows.shape[0] == 0:
            return rest
        ids = messages.get_column("msg_id").cast(pl.Int64).to_numpy()[rows]
        return _merged(offsets, data, group, rows, ids, rest)


def _theirs(col: pa.ChunkedArray) -> tuple[npt.NDArray[np.bool_], npt.NDArray[Any] | None]:
    """Validity and values (None: all null, or text) of one of pyais's columns."""
    arr = col.combine_chunks()
    n = len(arr)
    if arr.null_count == n:
        return np.zeros(n, dtype=np.bool_), None
    valid = (np.ones(n, dtype=np.bool_) if arr.null_count == 0
             else np.asarray(arr.is_valid(), dtype=np.bool_))
    if not (pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type)):
        return valid, None
    return valid, np.asarray(arr.fill_null(0).to_numpy(zero_copy_only=False))


def _string_buffers(col: pa.ChunkedArray) -> tuple[Ints, npt.NDArray[np.uint8]]:
    """:func:`payload_buffers` of a string column of pyais's frame, already in Arrow."""
    arr = col.combine_chunks().cast(pa.large_string()).fill_null("")
    _, off_buf, data_buf = arr.buffers()
    offsets = np.frombuffer(off_buf, dtype=np.int64)[arr.offset: arr.offset + len(arr) + 1]
    return offsets, np.frombuffer(data_buf if data_buf is not None else b"", dtype=np.uint8)


def _merged(offsets: Ints, data: npt.NDArray[np.uint8], group: npt.NDArray[np.int8],
            rows: Ints, ids: Ints, rest: pl.DataFrame) -> pl.DataFrame:
    """The handled messages ``rows`` (msg_id ``ids``) decoded, and ``rest`` (pyais's rows),
    as one frame sorted by msg_id: each row is written at its final place, no sort."""
    m, k = rows.shape[0], rest.height
    n = m + k
    rest_ids = rest.get_column("msg_id").to_numpy()
    in_order = k == 0 and bool(np.all(ids[1:] > ids[:-1]))  # row j goes to row j
    if in_order:
        at, at_rest = np.arange(m, dtype=np.int64), np.zeros(0, dtype=np.int64)
    else:
        place = np.empty(n, dtype=np.int64)
        place[np.argsort(np.concatenate([ids, rest_ids]), kind="stable")] = np.arange(n)
        at, at_rest = place[:m], place[m:]
    n_text = sum(int(np.count_nonzero(group == t)) for t in _TEXT_GROUPS)
    ints = np.zeros((len(INT_COLUMNS), n), dtype=np.int64)
    floats = np.zeros((len(FLOAT_COLUMNS), n), dtype=np.float64)
    text = np.zeros((len(TEXT_COLUMNS), max(TEXT_CHARS * n_text, 1)), dtype=np.uint8)
    text_offsets = np.zeros((len(TEXT_COLUMNS), m + 1), dtype=np.int64)
    kind = np.full(n, _N_GROUPS, dtype=np.int8)  # _N_GROUPS: a row of pyais's
    msg_id = np.empty(n, dtype=np.int64)
    msg_id[at_rest] = rest_ids
    decode_rows(offsets, data, SIX_BIT, rows, group, at, ids, ints, floats, text, text_offsets,
                kind, msg_id)
    theirs = rest.to_arrow()
    bitmaps: dict[tuple[tuple[int, ...], bytes], pa.Buffer | None] = {}
    arrays: dict[str, pa.Array] = {"msg_id": pa.array(msg_id)}
    for name in DECODED_SCHEMA:
        if name == "msg_id":
            continue
        groups = _GROUPS_OF.get(name, ())
        their_valid, their_values = _theirs(theirs.column(name))
        key = (groups, np.packbits(their_valid).tobytes() if k else b"")
        if key not in bitmaps:  # many columns share their validity
            lut = np.zeros(_N_GROUPS + 1, dtype=np.bool_)
            lut[list(groups)] = True
            mask = lut[kind]
            mask[at_rest] = their_valid
            bitmaps[key] = (None if bool(mask.all())
                            else pa.py_buffer(np.packbits(mask, bitorder="little")))
        bitmap = bitmaps[key]
        if name in TEXT_COLUMNS:
            t = TEXT_COLUMNS.index(name)
            str_offsets, str_data = text_offsets[t], text[t]
            if not in_order:  # the arena is in handled-row order
                their_offsets, their_data = _string_buffers(theirs.column(name))
                str_offsets, str_data = interleave_strings(
                    n, at, text_offsets[t], text[t], at_rest, their_offsets, their_data)
            arrays[name] = pa.LargeStringArray.from_buffers(
                n, pa.py_buffer(str_offsets), pa.py_buffer(str_data), bitmap)
            continue
        if name in _FLOATS:
            values, arrow_type = floats[FLOAT_COLUMNS.index(name)], pa.float64()
        else:
            values, arrow_type = ints[INT_COLUMNS.index(name)], pa.int64()
        if their_values is not None:
            values[at_rest] = their_values
        arrays[name] = pa.Array.from_buffers(arrow_type, n, [bitmap, pa.py_buffer(values)])
    frame = pl.from_arrow(pa.table(arrays))
    assert isinstance(frame, pl.DataFrame)
    return frame
