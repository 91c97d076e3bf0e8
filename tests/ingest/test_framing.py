"""Framing of hostile lines: impossible dates in time sentences never abort a chunk."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl

from wakewatch.ingest.nmea.checksum import nmea_checksum
from wakewatch.ingest.nmea.framing import frame_chunk


def sentence(body: str, start: str = "$") -> str:
    return f"{start}{body}*{nmea_checksum(body):02X}"


AIS = sentence("AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0", "!")


def test_impossible_dates_in_time_sentences_are_unparseable_not_fatal() -> None:
    lines = [
        sentence("PGHP,1,2010,6,11,11,46,11,390,231,45,992190934,1,2B"),
        AIS,
        sentence("PGHP,1,2010,2,30,11,46,11,390,231,45,992190934,1,2B"),   # Feb 30
        sentence("GPZDA,114702.51,27,13,2012,,"),                          # month 13
        sentence("XXABC,1,2020,2,30,99,99"),              # date-shaped numbers, not time
        AIS,
    ]
    framed, carry = frame_chunk(lines, 1, None)
    rows = framed.select("line_no", "outcome", "reason", "ts").rows()
    assert rows[2][1:3] == ("unparseable", "invalid time sentence")
    assert rows[3][1:3] == ("unparseable", "invalid time sentence")
    assert rows[4][1] == "non_ais"
    stamp = datetime(2010, 6, 11, 11, 46, 11, 390_000, tzinfo=UTC)
    # the AIS lines keep the last valid time; the carried time is the valid one too
    assert framed.filter(pl.col("outcome").is_null()).get_column("ts").to_list() == [
        stamp, stamp]
    assert carry == stamp


def test_zda_fractional_seconds() -> None:
    framed, _ = frame_chunk([sentence("GPZDA,114702.51,27,01,2012,,"), AIS], 1, None)
    assert framed.get_column("ts").to_list()[1] == datetime(
        2012, 1, 27, 11, 47, 2, 510_000, tzinfo=UTC)


def _tagged(tag: str) -> str:
    return f"\\{tag}*{nmea_checksum(tag):02X}\\{AIS}"


def test_receive_times_outside_1990_2100_are_invalid_not_fatal() -> None:
    lines = [_tagged("c:9999999999999999"), _tagged("c:99999999999"), _tagged("c:0"),
             _tagged("c:1418169601"), _tagged("c:1418169601000"),
             "2999-01-01T00:00:00Z," + AIS, "9999999999 " + AIS]
    framed, _ = frame_chunk(lines, 1, None)
    ok = datetime(2014, 12, 10, 0, 0, 1, tzinfo=UTC)
    assert framed.get_column("ts").to_list() == [None, None, None, ok, ok, None, None]
    assert framed.get_column("bad_time").to_list() == [True, True, True, False, False,
                                                        True, True]


def test_scalar_parsers_use_the_same_window() -> None:
    from wakewatch.ingest.nmea.timestamps import from_unix, parse_iso, parse_zda

    assert from_unix(0) is None
    assert from_unix(9_999_999_999_999_999) is None
    assert from_unix(1_418_169_601) == datetime(2014, 12, 10, 0, 0, 1, tzinfo=UTC)
    assert parse_iso("2999-01-01T00:00:00Z") is None
    assert parse_zda(["GPZDA", "114702.51", "27", "13", "2012"]) is None
