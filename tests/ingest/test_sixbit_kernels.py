"""Differential tests: the numba NumpyDecoder returns exactly the frame of the pre-numba
columnar decoder (``numpy_decoder_reference``, the oracle) — on the messages the ingest
pipeline hands the decoder for every real sample, on random payloads around the group
boundaries (length, fill bits, first character), in any msg_id order."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy_decoder_reference import ReferenceNumpyDecoder
from polars.testing import assert_frame_equal

from wakewatch.ingest.decoders.base import DECODED_SCHEMA
from wakewatch.ingest.decoders.numpy_decoder import NumpyDecoder, warm_kernels
from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder
from wakewatch.ingest.decoders.string_kernels import interleave_strings
from wakewatch.ingest.nmea.pipeline import NmeaParser

SAMPLES = ["gpsd_aishub_global_3min.nmea.gz", "amsa_risky_australia_2012-01-27.nmea.gz",
           "dma_aislib_stream_2010-06-11.nmea.gz", "gpsd_sample.aivdm",
           "libais_uscg_typeexamples.nmea", "libais_tagblock.nmea"]
ARMOUR = "".join(chr(c) for c in range(48, 120) if not 88 <= c <= 95)  # ITU-R M.1371 §8.2.4


class _Recorder:
    """A decoder that keeps what the pipeline asks it to decode."""

    name = "recorder"

    def __init__(self) -> None:
        self.frames: list[pl.DataFrame] = []

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        self.frames.append(messages)
        return pl.DataFrame(schema=DECODED_SCHEMA)


class _Spy:
    """pyais, counting the messages it gets."""

    def __init__(self) -> None:
        self.seen = 0

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        self.seen += messages.height
        return PyaisDecoder().decode(messages)


def _same(frame: pl.DataFrame) -> pl.DataFrame:
    actual = NumpyDecoder().decode(frame)
    assert_frame_equal(actual, ReferenceNumpyDecoder().decode(frame))
    return actual


def _frame(rows: list[tuple[str, int]], ids: list[int] | None = None) -> pl.DataFrame:
    return pl.DataFrame({"msg_id": ids if ids is not None else list(range(len(rows))),
                         "payload": [p for p, _ in rows], "fill_bits": [f for _, f in rows]},
                        schema={"msg_id": pl.Int64, "payload": pl.String,
                                "fill_bits": pl.Int64})


@pytest.mark.parametrize("name", SAMPLES)
def test_pipeline_messages_of_real_samples(ais_nmea_dir: Path, name: str) -> None:
    rec = _Recorder()
    assume = datetime(2012, 3, 14, 11, 30, tzinfo=UTC)
    parser = NmeaParser(rec, assume_time=assume, params={"lines_per_chunk": 5_000})
    for _ in parser.parse(ais_nmea_dir / name):
        pass
    assert rec.frames
    for frame in rec.frames:
        _same(frame)
    everything = pl.concat(rec.frames)
    assert everything.height > 0
    _same(everything)


payload_len = st.one_of(st.integers(0, 80), st.sampled_from([27, 28, 29, 70, 71, 72]))
first_char = st.sampled_from(list("123B4;5") + list(ARMOUR))
message = st.tuples(first_char, payload_len, st.integers(0, 5), st.randoms(use_true_random=False))


def _payload(first: str, n: int, rnd: random.Random) -> str:
    return (first + "".join(rnd.choice(ARMOUR) for _ in range(n - 1)))[:n]


@given(st.lists(message, min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_random_payloads_equal_the_reference(
        messages: list[tuple[str, int, int, random.Random]], order: random.Random) -> None:
    rows = [(_payload(first, n, rnd), fill) for first, n, fill, rnd in messages]
    ids = list(range(0, 3 * len(rows), 3))
    order.shuffle(ids)
    _same(_frame(rows, ids))


@pytest.mark.parametrize(("first", "n_chars", "fill", "fast"), [
    ("1", 28, 0, True), ("1", 28, 1, False), ("1", 27, 0, False), ("1", 29, 5, True),
    ("B", 28, 0, True), ("B", 29, 5, True), ("B", 27, 0, False),
    ("4", 28, 0, True), (";", 28, 1, False), (";", 30, 5, True),
    ("5", 71, 2, True), ("5", 71, 0, False), ("5", 72, 2, False), ("5", 70, 2, False),
    ("C", 28, 0, False), ("0", 28, 0, False), ("8", 28, 0, True), ("8", 9, 0, False),
])
def test_group_boundaries(first: str, n_chars: int, fill: int, fast: bool) -> None:
    rows = [(_payload(first, n_chars, random.Random(i)), fill) for i in range(5)]
    frame = _frame(rows)
    dec = NumpyDecoder()
    spy = _Spy()
    dec._fallback = spy  # type: ignore[assignment]
    assert_frame_equal(dec.decode(frame), ReferenceNumpyDecoder().decode(frame))
    assert spy.seen == (0 if fast else len(rows))


def _armoured(bits: str) -> tuple[str, int]:
    """A bit string as payload characters and fill bits."""
    fill = -len(bits) % 6
    bits += "0" * fill
    chars = [int(bits[i:i + 6], 2) for i in range(0, len(bits), 6)]
    return "".join(chr(v + 48) if v < 40 else chr(v + 56) for v in chars), fill


def _binary(msg_type: int, dac: int, fid: int, n_bits: int, seed: int) -> tuple[str, int]:
    rnd = random.Random(seed)
    bits = [str(rnd.randint(0, 1)) for _ in range(max(n_bits, 96))]
    head = f"{msg_type:06b}"
    at = 40 if msg_type == 8 else 72
    bits[0:6] = head
    bits[at:at + 16] = f"{dac:010b}{fid:06b}"
    return _armoured("".join(bits[:n_bits]))


@pytest.mark.parametrize("msg_type", [6, 8])
@pytest.mark.parametrize("dac_fid", [(1, 31), (1, 16), (1, 0), (200, 10), (367, 33), (1, 1),
                                     (0, 0), (235, 10), (1023, 63), (367, 32)])
@pytest.mark.parametrize("n_bits", [38, 55, 56, 57, 71, 72, 73, 87, 88, 89, 96, 168, 300])
def test_binary_messages(msg_type: int, dac_fid: tuple[int, int], n_bits: int) -> None:
    """Types 6 and 8 of every pyais variant / default (DAC, FID) and lengths around the
    group's bounds decode as the reference (pyais) does."""
    from pyais.messages import _MSG6_VARIANTS, _MSG8_VARIANTS

    rows = [_binary(msg_type, *dac_fid, n_bits, seed) for seed in range(3)]
    frame = _frame(rows + [(p, f + 1) for p, f in rows if f < 5])
    dec = NumpyDecoder()
    spy = _Spy()
    dec._fallback = spy  # type: ignore[assignment]
    assert_frame_equal(dec.decode(frame), ReferenceNumpyDecoder().decode(frame))
    variants = _MSG8_VARIANTS if msg_type == 8 else _MSG6_VARIANTS
    inland = msg_type == 8 and dac_fid == (200, 10)  # its own group, from 155 bits
    least = 155 if inland else 56 if msg_type == 8 else 88
    n_fast = sum(6 * len(p) - f >= least
                 for p, f in frame.select("payload", "fill_bits").iter_rows())
    assert spy.seen == frame.height - (0 if dac_fid in variants and not inland else n_fast)


@pytest.mark.parametrize("msg_type", [7, 10, 12, 13, 14, 15, 20, 16, 22, 23, 25, 26, 27])
@pytest.mark.parametrize("n_bits", [37, 38, 39, 40, 72, 168, 200])
def test_id_only_messages(msg_type: int, n_bits: int) -> None:
    """Messages of which pyais gives only msg_type and mmsi (types 7, 10, 12-15, 20) take
    the fast path from 38 bits on; their neighbours stay pyais's; both as the reference."""
    rows = [_binary(msg_type, seed, seed, n_bits, seed) for seed in range(3)]
    frame = _frame(rows + [(p, f + 1) for p, f in rows if f < 5])
    dec = NumpyDecoder()
    spy = _Spy()
    dec._fallback = spy  # type: ignore[assignment]
    assert_frame_equal(dec.decode(frame), ReferenceNumpyDecoder().decode(frame))
    n_fast = sum(6 * len(p) - f >= 38 for p, f in frame.select("payload", "fill_bits").iter_rows())
    fast = msg_type in (7, 10, 12, 13, 14, 15, 20)
    assert spy.seen == frame.height - (n_fast if fast else 0)


@pytest.mark.parametrize(("msg_type", "least"), [(17, 75), (21, 249), (9, 128), (19, 301)])
@pytest.mark.parametrize("extra", [-40, -2, -1, 0, 1, 2, 23, 100])
def test_bounded_types(msg_type: int, least: int, extra: int) -> None:
    """Types 9, 17, 19 and 21 take the fast path from their last field's end on, as the
    reference (pyais) decodes them; shorter ones stay pyais's."""
    rows = [_binary(msg_type, seed, seed, least + extra, seed) for seed in range(4)]
    frame = _frame(rows + [(p, f + 1) for p, f in rows if f < 5])
    dec = NumpyDecoder()
    spy = _Spy()
    dec._fallback = spy  # type: ignore[assignment]
    out = dec.decode(frame)
    assert_frame_equal(out, ReferenceNumpyDecoder().decode(frame))
    n_fast = sum(6 * len(p) - f >= least
                 for p, f in frame.select("payload", "fill_bits").iter_rows())
    assert spy.seen == frame.height - n_fast
    if extra >= 0:
        assert out.get_column("lat").null_count() == 0


@pytest.mark.parametrize("part", [0, 1, 2, 3])
@pytest.mark.parametrize("mmsi", [235_000_001, 980_000_000, 989_999_999, 979_999_999, 990_000_000])
@pytest.mark.parametrize("n_bits", [150, 159, 160, 161, 162, 163, 168, 200])
def test_class_b_static(part: int, mmsi: int, n_bits: int) -> None:
    """Type 24 parts A and B (not of auxiliary craft) from 160 / 162 bits take the fast
    path; the rest (auxiliary craft, part numbers 2-3, short) stays pyais's."""
    rows = []
    for seed in range(4):
        rnd = random.Random(seed)
        bits = [str(rnd.randint(0, 1)) for _ in range(n_bits)]
        bits[0:6], bits[8:38], bits[38:40] = "011000", f"{mmsi:030b}", f"{part:02b}"
        if seed == 0:  # '@' padding and blanks to strip
            name = "".join(f"{v:06b}" for v in [32, 1, 32, 2] + [0] * 16)
            bits[40:160] = name[:len(bits[40:160])]
        rows.append(_armoured("".join(bits)))
    frame = _frame(rows + [(p, f + 1) for p, f in rows if f < 5])
    dec = NumpyDecoder()
    spy = _Spy()
    dec._fallback = spy  # type: ignore[assignment]
    out = dec.decode(frame)
    assert_frame_equal(out, ReferenceNumpyDecoder().decode(frame))
    least = 160 if part == 0 else 162
    auxiliary = 980_000_000 <= mmsi <= 989_999_999
    n_fast = 0 if part > 1 or (part == 1 and auxiliary) else sum(
        6 * len(p) - f >= least for p, f in frame.select("payload", "fill_bits").iter_rows())
    assert spy.seen == frame.height - n_fast


@pytest.mark.parametrize(("dac", "fid"), [(200, 10), (200, 11), (201, 10)])
@pytest.mark.parametrize("n_bits", [150, 154, 155, 156, 168])
def test_inland_static(dac: int, fid: int, n_bits: int) -> None:
    rows = [_binary(8, dac, fid, n_bits, seed) for seed in range(4)]
    frame = _frame(rows + [(p, f + 1) for p, f in rows if f < 5])
    dec = NumpyDecoder()
    spy = _Spy()
    dec._fallback = spy  # type: ignore[assignment]
    out = dec.decode(frame)
    assert_frame_equal(out, ReferenceNumpyDecoder().decode(frame))
    fast = [6 * len(p) - f >= (155 if (dac, fid) == (200, 10) else 56)
            for p, f in frame.select("payload", "fill_bits").iter_rows()]
    assert spy.seen == len(fast) - sum(fast)
    if (dac, fid) == (200, 10) and n_bits >= 155:
        assert out.get_column("draught").null_count() == 0


def test_text_of_unsorted_ids_without_fallback() -> None:
    """Regression (Hypothesis): with msg_ids out of order and nothing for pyais, the text
    columns follow their rows (the arena is in input order, the frame in msg_id order)."""
    name = "".join(f"{v:06b}" for v in [1, 2, 3] + [32] * 17)
    rows = []
    for i in range(4):
        bits = list(f"{19:06b}" + "0" * 300)
        bits[143:263] = name[6 * i:] + "0" * (6 * i)
        rows.append(_armoured("".join(bits)))
    frame = _frame([*rows, ("1" * 28, 0)], ids=[7, 3, 9, 1, 5])
    out = _same(frame)
    assert out.get_column("msg_id").to_list() == [1, 3, 5, 7, 9]
    assert out.get_column("shipname").to_list() == ["", "BC", None, "ABC", "C"]


def test_non_ascii_goes_to_pyais() -> None:
    """A handled message with a non-ASCII byte in its read characters is pyais's (which
    drops it); the old decoder raised UnicodeEncodeError on it."""
    good = _payload("1", 28, random.Random(1))
    frame = _frame([(good, 0), (good[:10] + "é" + good[11:], 0), ("1" * 28 + "é", 0)])
    out = NumpyDecoder().decode(frame)
    assert out.get_column("msg_id").to_list() == [0, 2]
    assert_frame_equal(out.filter(pl.col("msg_id") == 0),
                       ReferenceNumpyDecoder().decode(frame.head(1)))


def test_warm_kernels_keeps_one_signature_per_kernel() -> None:
    from wakewatch.ingest.decoders import sixbit_kernels, string_kernels

    warm_kernels()
    _same(_frame([("13u?etPv2;0n:dDPwUM1U1Cb069D", 0), ("F" * 30, 0)], ids=[2, 1]))
    for fn in (sixbit_kernels.classify, sixbit_kernels.decode_rows,
               string_kernels.interleave_strings):
        assert len(fn.signatures) == 1  # type: ignore[attr-defined]


def test_empty_and_all_fallback() -> None:
    assert_frame_equal(NumpyDecoder().decode(_frame([])), pl.DataFrame(schema=DECODED_SCHEMA))
    _same(_frame([("", 0), ("H" + "0" * 40, 0), ("1" * 10, 0)]))


@given(st.lists(st.text(alphabet="ab@ ", max_size=6), max_size=12),
       st.lists(st.one_of(st.none(), st.text(alphabet="xyz", max_size=4)), max_size=12),
       st.randoms(use_true_random=False))
def test_interleave_strings(a: list[str], b: list[str | None], rnd: random.Random) -> None:
    n = len(a) + len(b)
    place = list(range(n))
    rnd.shuffle(place)
    at_a, at_b = np.array(place[:len(a)], dtype=np.int64), np.array(place[len(a):],
                                                                     dtype=np.int64)

    def buffers(strings: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
        encoded = [(s or "").encode() for s in strings]
        offsets = np.concatenate([[0], np.cumsum([len(e) for e in encoded])]).astype(np.int64)
        return offsets, np.frombuffer(b"".join(encoded) + b"\0", dtype=np.uint8)

    offsets, data = interleave_strings(n, at_a, *buffers(list(a)), at_b, *buffers(b))
    expected = [""] * n
    for strings, at in ((a, at_a), (b, at_b)):
        for s, row in zip(strings, at, strict=True):
            expected[row] = s or ""
    got = [bytes(data[offsets[r]:offsets[r + 1]]).decode() for r in range(n)]
    assert got == expected
