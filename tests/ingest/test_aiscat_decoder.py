"""The numba-read aiscat decoder against its old implementation (DuckDB's NDJSON reader, the
oracle kept in aiscat_decoder_reference.py): the same frame, bit for bit, on every real
sample, on random reports whose text holds JSON escapes, and on hand-written JSON that the
kernel must leave to DuckDB."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from aiscat_decoder_reference import ReferenceAiscatDecoder
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from pyais import encode_dict

from wakewatch.ingest.decoders.aiscat_decoder import AiscatDecoder, _Columns, _duckdb_read
from wakewatch.ingest.decoders.aiscat_json import key_hash

REAL = ["dma_aislib_stream_2010-06-11.nmea.gz", "amsa_risky_australia_2012-01-27.nmea.gz",
        "libais_tagblock.nmea", "libais_uscg_typeexamples.nmea", "gpsd_sample.aivdm",
        "gpsd_aishub_global_3min.nmea.gz"]


def _frame(messages: list[tuple[str, int]]) -> pl.DataFrame:
    return pl.DataFrame({"msg_id": list(range(len(messages))),
                         "payload": [p for p, _ in messages],
                         "fill_bits": [f for _, f in messages]},
                        schema={"msg_id": pl.Int64, "payload": pl.String, "fill_bits": pl.Int64})


def _real_messages(path: Path) -> list[tuple[str, int]]:
    """(payload, fill bits) of every whole message of an AIS log (fragments joined)."""
    data = path.read_bytes()
    text = (gzip.decompress(data) if path.suffix == ".gz" else data).decode("ascii", "replace")
    out: list[tuple[str, int]] = []
    pending: dict[tuple[str, str], list[str]] = {}
    for line in text.splitlines():
        s = line.strip()
        start = s.find("!")
        star = s.find("*", start)
        if start < 0 or star < 0:
            continue
        f = s[start + 1: star].split(",")
        if len(f) != 7 or not f[1].isdigit() or not f[2].isdigit() or not f[6].isdigit():
            continue
        cnt, num, key = int(f[1]), int(f[2]), (f[3], f[4])
        if cnt == 1:
            out.append((f[5], int(f[6])))
        elif num == 1:
            pending[key] = [f[5]]
        elif key in pending and len(pending[key]) == num - 1:
            pending[key].append(f[5])
            if num == cnt:
                out.append(("".join(pending.pop(key)), int(f[6])))
    return out


def _same(frame: pl.DataFrame) -> pl.DataFrame:
    expected = ReferenceAiscatDecoder().decode(frame)
    actual = AiscatDecoder().decode(frame)
    assert_frame_equal(actual, expected, check_exact=True)
    return actual


@pytest.mark.parametrize("name", REAL)
def test_real_logs_decode_like_the_reference(ais_nmea_dir: Path, name: str) -> None:
    messages = _real_messages(ais_nmea_dir / name)
    assert len(messages) >= 4
    out = _same(_frame(messages))
    assert out.height > 0.5 * len(messages)


def _payload_of(fields: dict[str, Any]) -> tuple[str, int]:
    sentences = encode_dict(fields, talker_id="AI", sentence_type="VDM")
    parts = [s.split("*")[0].split(",") for s in sentences]
    return "".join(p[5] for p in parts), int(parts[-1][6])


# the whole 6-bit text alphabet, with the characters JSON escapes (" and \)
TEXT = st.text(alphabet='@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !"#$%&\'()*+,-./0123456789:;<=>?',
               max_size=20)
MMSI = st.one_of(st.integers(0, 2**30 - 1), st.just(0))  # MMSI 0: aiscat refuses some
POSITION = st.fixed_dictionaries({
    "msg_type": st.sampled_from([1, 2, 3, 18]), "mmsi": MMSI, "status": st.integers(0, 15),
    "speed": st.integers(0, 1023).map(lambda v: v / 10),
    "lat": st.integers(-(2**26), 2**26 - 1).map(lambda v: v / 600000),
    "lon": st.integers(-(2**27), 2**27 - 1).map(lambda v: v / 600000),
    "course": st.integers(0, 4095).map(lambda v: v / 10), "heading": st.integers(0, 511)})
STATIC = st.fixed_dictionaries({
    "msg_type": st.just(5), "mmsi": MMSI, "imo": st.integers(0, 2**30 - 1),
    "callsign": TEXT.map(lambda t: t[:7]), "shipname": TEXT, "ship_type": st.integers(0, 255),
    "to_bow": st.integers(0, 511), "to_stern": st.integers(0, 511),
    "to_port": st.integers(0, 63), "to_starboard": st.integers(0, 63),
    "month": st.integers(0, 15), "day": st.integers(0, 31), "hour": st.integers(0, 31),
    "minute": st.integers(0, 63), "draught": st.integers(0, 255).map(lambda v: v / 10),
    "destination": TEXT})
PART_A = st.fixed_dictionaries({"msg_type": st.just(24), "mmsi": MMSI, "partno": st.just(0),
                                "shipname": TEXT})
PART_B = st.fixed_dictionaries({"msg_type": st.just(24), "mmsi": MMSI, "partno": st.just(1),
                                "ship_type": st.integers(0, 255),
                                "callsign": TEXT.map(lambda t: t[:7])})
JUNK = st.sampled_from([("0", 0), ("w000", 0), ("", 0), ("15RTgt0PAso;90TKcjM8h6g208CQ", 0)])


@settings(max_examples=50)
@given(st.lists(st.one_of(POSITION.map(_payload_of), STATIC.map(_payload_of),
                          PART_A.map(_payload_of), PART_B.map(_payload_of), JUNK),
                min_size=1, max_size=40))
def test_random_reports_decode_like_the_reference(messages: list[tuple[str, int]]) -> None:
    _same(_frame(messages))


def test_text_with_json_escapes_is_read() -> None:
    fields = {"msg_type": 5, "mmsi": 211000001, "imo": 9000001, "callsign": '"\\A @',
              "shipname": 'SAY "HI" \\ BYE', "destination": "@@@"}
    out = _same(_frame([_payload_of(fields)]))
    assert out.get_column("shipname").to_list() == ['SAY "HI" \\ BYE']


def test_refused_messages_go_to_pyais() -> None:
    frame = _frame([_payload_of({"msg_type": 1, "mmsi": 0, "lat": 1.0, "lon": 2.0}),
                    _payload_of({"msg_type": 1, "mmsi": 211000001, "lat": 1.0, "lon": 2.0})])
    assert _same(frame).get_column("msg_id").to_list() == [0, 1]


def _joined(lines: list[bytes]) -> np.ndarray:
    return np.frombuffer(b"\n".join(lines), dtype=np.uint8)


def _kernel_vs_duckdb(objects: list[dict[str, Any] | str]) -> pl.DataFrame:
    """Hand-written JSON objects (dicts, or raw text with ``{nmea}`` for the echo) read by
    the kernel (with DuckDB for the odd ones) and by DuckDB alone: the same columns."""
    echoes = [f"!S{i}" for i in range(len(objects))]
    sentences = np.frombuffer("".join(e + "\n" for e in echoes).encode(), dtype=np.uint8)
    offsets = np.zeros(len(echoes) + 1, dtype=np.int64)
    offsets[1:] = np.cumsum([len(e) + 1 for e in echoes])
    lines = []
    for obj, echo in zip(objects, echoes, strict=True):
        if isinstance(obj, dict):
            lines.append(json.dumps({**obj, "nmea": [echo]}, separators=(",", ":")).encode())
        else:
            lines.append(obj.replace("{nmea}", json.dumps([echo])).encode())
    cols = _Columns(len(lines))
    assert cols.add(lines, _joined(lines), sentences, offsets)
    assert cols.pos[: len(lines)].tolist() == list(range(len(lines)))
    actual = cols.frame()
    expected = _duckdb_read(b"\n".join(lines)).drop("nmea")
    assert_frame_equal(actual, expected, check_exact=True)
    return actual


def test_kernel_numbers_match_duckdb() -> None:
    values = [0, 1, -1, 0.1, -0.0, 1e-7, 123456789.123456, 49.475578, -82.603508, 2**53,
              2**53 + 1, 1.7976931348623157e308, 5e-324, 0.30000000000000004, 1e22, 1e23]
    objs: list[dict[str, Any] | str] = [{"type": 1, "lat": v, "lon": v, "speed": v}
                                        for v in values]
    objs += ['{"type":1,"lat":1.5e2,"course":12.50,"mmsi":-0,"heading":7,"nmea":{nmea}}',
             '{"lat":123456789012345678901234.5,"nmea":{nmea},"type":3}',
             '{"lat":0.12345678901234567890123,"nmea":{nmea}}',
             '{"type":true,"mmsi":false,"heading":1.0,"imo":null,"nmea":{nmea}}',
             '{"type":"5","lat":"1.5","nmea":{nmea}}']
    _kernel_vs_duckdb(objs)


def test_kernel_strings_keys_and_structure_match_duckdb() -> None:
    objs: list[dict[str, Any] | str] = [
        {"callsign": 'A"B\\C/D', "shipname": "\b\f\n\r\t", "destination": "é€"},
        {"callsign": "😀", "shipname": "\u0001", "destination": None},
        {"nested": {"type": 9, "lat": [1, {"mmsi": 2}], "s": "}]\"["}, "type": 24},
        {"shipname": 12, "callsign": ["X"], "destination": {"a": 1}},
        {"type": 1, "Type": 2, "mmsi": 3},
        '{ "type" : 1 , "mmsi":2,"nmea" : {nmea} }',
        '{"typ\\u0065":7,"nmea":{nmea}}',
        '{"shipname":"\\u00e9\\u20ac\\/","callsign":"\\ud83d\\ude00","nmea":{nmea}}',
        '{"destination":"' + "X" * 5000 + '","nmea":{nmea}}',
    ]
    out = _kernel_vs_duckdb(objs)
    assert out.get_column("callsign").to_list()[0] == 'A"B\\C/D'


def test_key_table_has_no_collisions() -> None:
    from wakewatch.ingest.decoders.aiscat_decoder import _FIELDS
    assert len({key_hash(k.encode()) for k, _ in _FIELDS}) == len(_FIELDS)


def test_duplicate_keys_fail_as_duckdb_fails() -> None:
    """DuckDB refuses an object with a key twice; the kernel leaves it to DuckDB."""
    import duckdb

    with pytest.raises(duckdb.InvalidInputException, match="duplicate key"):
        _kernel_vs_duckdb(['{"type":1,"type":2,"nmea":{nmea}}'])


@pytest.mark.parametrize("line", ['{"type":1}', '{"type":1,"nmea":[]}', '{"nmea":["!S0"]} x',
                                  '{"nmea":["!nope"]}', '{"nmea":"!S0"}', '[1]',
                                  '{"a":,"nmea":["!S0"]}'])
def test_structures_the_kernel_does_not_follow(line: str) -> None:
    sentences = np.frombuffer(b"!S0\n", dtype=np.uint8)
    lines = [line.encode()]
    assert not _Columns(1).add(lines, _joined(lines), sentences,
                               np.array([0, 4], dtype=np.int64))


def test_whole_chunk_fallback_decodes_like_the_reference(
        monkeypatch: pytest.MonkeyPatch, ais_nmea_dir: Path) -> None:
    frame = _frame(_real_messages(ais_nmea_dir / "gpsd_sample.aivdm"))
    monkeypatch.setattr(_Columns, "add", lambda *_: False)
    _same(frame)


def test_small_batches_decode_like_the_reference(monkeypatch: pytest.MonkeyPatch,
                                                 ais_nmea_dir: Path) -> None:
    """Many batches (fed on the helper thread while the kernel reads the previous one)."""
    import wakewatch.ingest.decoders.aiscat_decoder as mod

    monkeypatch.setattr(mod, "_BATCH", 7)
    messages = _real_messages(ais_nmea_dir / "gpsd_sample.aivdm")
    messages.insert(3, _payload_of({"msg_type": 5, "mmsi": 211000001, "shipname": 'A"\\'}))
    _same(_frame(messages))


def test_decodes_on_a_worker_thread(monkeypatch: pytest.MonkeyPatch,
                                    ais_nmea_dir: Path) -> None:
    """The pipeline calls the decoder from its own thread: same frame as on the main one."""
    from concurrent.futures import ThreadPoolExecutor

    import wakewatch.ingest.decoders.aiscat_decoder as mod

    monkeypatch.setattr(mod, "_BATCH", 50)
    frame = _frame(_real_messages(ais_nmea_dir / "gpsd_sample.aivdm"))
    decoder = AiscatDecoder()
    with ThreadPoolExecutor(max_workers=1) as pool:
        on_thread = pool.submit(decoder.decode, frame).result()
    assert_frame_equal(on_thread, ReferenceAiscatDecoder().decode(frame), check_exact=True)
