"""Loading NMEA into the store: synthetic scenarios, resumption after a kill, idempotence."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pyais
import pytest

from wakewatch.ingest.report import IngestReport
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)


def xor(text: str) -> int:
    v = 0
    for ch in text:
        v ^= ord(ch)
    return v


def tag(body: str) -> str:
    return f"\\{body}*{xor(body):02X}\\"


def pos(mmsi: int, **kw: object) -> str:
    return pyais.encode_dict({"type": 1, "mmsi": mmsi, "lat": 50.0, "lon": 1.0, **kw},
                             talker_id="AI")[0]


def static(mmsi: int) -> list[str]:
    return pyais.encode_dict({"type": 5, "mmsi": mmsi, "shipname": "TEST SHIP",
                              "callsign": "ABCD", "imo": 9074729, "destination": "PORT"},
                             talker_id="AI", seq_id=3)


def unix(t: datetime) -> int:
    return int(t.timestamp())


def write(tmp_path: Path, lines: list[str], name: str = "x.nmea") -> Path:
    p = tmp_path / name
    p.write_text("\n".join(lines) + "\n")
    return p


def rows(store: Store, sql: str) -> list[tuple[object, ...]]:
    return store.con.execute(sql).fetchall()


def nonzero(r: IngestReport) -> dict[str, int]:
    return {k: v for k, v in r.counts.items() if v}


def test_tag_block_seconds_and_milliseconds(tmp_path: Path, store: Store) -> None:
    p = write(tmp_path, [tag(f"c:{unix(T0)}") + pos(1), tag(f"c:{unix(T0) * 1000 + 250}")
                         + pos(2)])
    r = ingest_path(store, p, decoder="pyais")
    assert nonzero(r) == {"accepted": 2}
    got = rows(store, "SELECT mmsi, epoch_us(ts) FROM positions ORDER BY mmsi")
    assert got == [(1, unix(T0) * 10**6), (2, unix(T0) * 10**6 + 250_000)]


def test_tag_block_bad_checksum_and_bad_time(tmp_path: Path, store: Store) -> None:
    good = tag(f"c:{unix(T0)}")
    bad = good[:-3] + ("00" if not good.endswith("00\\") else "01") + "\\"
    p = write(tmp_path, [bad + pos(1), tag("c:abc") + pos(2)])
    r = ingest_path(store, p, decoder="pyais", parser_options={"time_probe_lines": 0})
    assert r.counts["bad_checksum"] == 1
    assert r.counts["no_timestamp"] == 1
    assert rows(store, "SELECT reason FROM rejects ORDER BY line_no") == [
        ("tag block checksum mismatch",), ("invalid or naive timestamp",)]


@pytest.mark.parametrize(("prefix", "expected"), [
    ("2024-05-01T12:00:00Z,", T0),
    ("2024-05-01T14:00:00+02:00 ", T0),
    (f"{unix(T0)},", T0),
    (f"{unix(T0)} ", T0),
    (f"{unix(T0)}.5;", T0 + timedelta(milliseconds=500)),
])
def test_timestamp_prefixes(tmp_path: Path, store: Store, prefix: str,
                            expected: datetime) -> None:
    p = write(tmp_path, [prefix + pos(7)])
    r = ingest_path(store, p, decoder="pyais")
    assert nonzero(r) == {"accepted": 1}
    assert rows(store, "SELECT epoch_us(ts) FROM positions") == [
        (int(expected.timestamp() * 10**6),)]


def test_naive_iso_prefix_is_no_timestamp(tmp_path: Path, store: Store) -> None:
    p = write(tmp_path, [tag(f"c:{unix(T0)}") + pos(1), "2024-05-01T12:00:00," + pos(2)])
    r = ingest_path(store, p, decoder="pyais")
    assert nonzero(r) == {"accepted": 1, "no_timestamp": 1}
    assert rows(store, "SELECT line_no, reason FROM rejects") == [
        (2, "invalid or naive timestamp")]


def test_pghp_and_zda_stamp_following_lines(tmp_path: Path, store: Store) -> None:
    pghp = "PGHP,1,2024,5,1,12,0,0,0,219,,2190073,1,71"
    zda = "GPZDA,120500.50,01,05,2024,,"
    p = write(tmp_path, [pos(1), f"${pghp}*{xor(pghp):02X}", pos(2), pos(3),
                         f"${zda}*{xor(zda):02X}", pos(4)])
    r = ingest_path(store, p, decoder="pyais")
    assert nonzero(r) == {"accepted": 3, "non_ais": 2, "no_timestamp": 1}
    got = rows(store, "SELECT mmsi, epoch_us(ts) FROM positions ORDER BY mmsi")
    t0 = unix(T0) * 10**6
    assert got == [(2, t0), (3, t0), (4, t0 + 300_500_000)]


def test_multipart_by_seq_id_and_by_group(tmp_path: Path, store: Store) -> None:
    a, b = static(111)
    c, d = static(222)
    ts = unix(T0)
    p = write(tmp_path, [tag(f"c:{ts}") + a, tag(f"c:{ts}") + b,
                         tag(f"g:1-2-77,c:{ts + 1}") + c, pos(9, lat=1.0),
                         tag("g:2-2-77") + d])
    r = ingest_path(store, p, decoder="pyais", parser_options={"time_probe_lines": 0})
    assert r.counts["accepted"] == 4
    assert r.counts["no_timestamp"] == 1  # the bare single sentence
    got = rows(store, "SELECT mmsi, name, line_no FROM statics ORDER BY mmsi")
    assert got == [(111, "TEST SHIP", 2), (222, "TEST SHIP", 5)]


def test_orphans(tmp_path: Path, store: Store) -> None:
    _, b = static(111)
    c, _ = static(222)
    t = tag(f"c:{unix(T0)}")
    p = write(tmp_path, [t + b, t + pos(1), t + c])
    r = ingest_path(store, p, decoder="pyais")
    assert nonzero(r) == {"accepted": 1, "orphan_fragment": 2}
    assert sorted(rows(store, "SELECT line_no FROM rejects")) == [(1,), (3,)]
    assert sum(r.counts.values()) == 3


def test_message_split_across_chunks(tmp_path: Path, store: Store) -> None:
    a, b = static(333)
    t = tag(f"c:{unix(T0)}")
    p = write(tmp_path, [t + pos(1), t + pos(2), t + a, t + b, t + pos(3)])
    r = ingest_path(store, p, decoder="pyais", parser_options={"lines_per_chunk": 3})
    assert nonzero(r) == {"accepted": 5}
    assert rows(store, "SELECT mmsi, line_no FROM statics") == [(333, 4)]


def test_duplicates_within_window(tmp_path: Path, store: Store) -> None:
    s = pos(5, speed=3.0)
    ts = unix(T0)
    p = write(tmp_path, [tag(f"s:A,c:{ts}") + s, tag(f"s:B,c:{ts + 2}") + s,
                         tag(f"s:B,c:{ts + 600}") + s])
    r = ingest_path(store, p, decoder="pyais")
    assert nonzero(r) == {"accepted": 2, "duplicate": 1}
    assert rows(store, "SELECT station, line_no FROM positions ORDER BY line_no") == [
        ("A", 1), ("B", 3)]


@pytest.mark.parametrize("line", [
    "\x00\x01\x02garbage\xff",
    "\x7f\x1b\x02garbage\xff\xfe\x80",
    "!AIVDM,1,1,,A,15RTgt0PAso;9",
    "!AIVDM,1,1,A,15RTgt0PAso;90TKcjM8h6g208CQ,0",
])
def test_unparseable_lines(tmp_path: Path, store: Store, line: str) -> None:
    if line.startswith("!AIVDM,1,1,A"):
        line = f"{line}*{xor(line[1:]):02X}"
    t = tag(f"c:{unix(T0)}")
    p = tmp_path / "x.nmea"
    good = "".join(t + pos(i, speed=float(i)) + "\n" for i in range(1, 21))
    p.write_bytes(good.encode() + line.encode("latin-1") + b"\n")
    r = ingest_path(store, p, decoder="pyais")
    assert nonzero(r) == {"accepted": 20, "unparseable": 1}
    assert rows(store, "SELECT line_no FROM rejects") == [(21,)]


@pytest.mark.parametrize("decoder", ["pyais", "aiscat", "numpy"])
def test_not_available_becomes_null(tmp_path: Path, store: Store, decoder: str) -> None:
    s = pos(9, lat=91, lon=181, speed=102.3, course=360, heading=511)
    p = write(tmp_path, [tag(f"c:{unix(T0)}") + s])
    ingest_path(store, p, decoder=decoder)
    assert rows(store, "SELECT lat, lon, sog_kn, cog_deg, heading_deg FROM positions") == [
        (None, None, None, None, None)]


# -- kill and resume ----------------------------------------------------------------------


def _big(tmp_path: Path) -> Path:
    lines = []
    for i in range(400):
        t = tag(f"s:r{i % 3},c:{unix(T0) + i * 7}")
        if i % 9 == 4:
            a, b = static(100 + i)
            lines += [t + a, t + b]
        else:
            lines.append(t + pos(200 + i % 17, speed=float(i % 50)))
    return write(tmp_path, lines, "big.nmea")


def _positions(store: Store) -> list[tuple[object, ...]]:
    return rows(store, "SELECT line_no, mmsi, epoch_us(ts) FROM positions ORDER BY line_no")


def test_kill_and_resume(tmp_path: Path) -> None:
    path = _big(tmp_path)
    opts: dict[str, int | float] = {"lines_per_chunk": 50}
    with Store.open(tmp_path / "ref.duckdb") as ref:
        full = ingest_path(ref, path, decoder="pyais", parser_options=opts)
        want = _positions(ref)
    calls = []

    def boom(report: IngestReport, line: int) -> None:
        calls.append(line)
        if len(calls) == 3:
            raise KeyboardInterrupt

    with Store.open(tmp_path / "t.duckdb") as store:
        with pytest.raises(KeyboardInterrupt):
            ingest_path(store, path, decoder="pyais", progress=boom, parser_options=opts)
        assert rows(store, "SELECT status, chunks_done FROM ingest_log") == [("running", 3)]
        again = ingest_path(store, path, decoder="pyais", parser_options=opts)
        assert again.resumed
        assert again.counts == full.counts
        got = _positions(store)
        assert got == want
        assert len(set(got)) == len(got)
        assert rows(store, "SELECT status FROM ingest_log") == [("done",)]
        log = rows(store, "SELECT accepted, duplicate, positions FROM ingest_log")
        assert log == [(full.counts["accepted"], full.counts["duplicate"], full.positions)]
        third = ingest_path(store, path, decoder="pyais", parser_options=opts)
        assert third.skipped
        assert _positions(store) == want
