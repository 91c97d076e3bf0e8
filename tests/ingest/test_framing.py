"""Framing of hostile lines: impossible dates in time sentences never abort a chunk; the
literal line split gives LINE_RE's groups."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

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


def _split_both(lines: list[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    from wakewatch.ingest.nmea.framing import LINE_RE, _split_lines

    df = pl.DataFrame({"text": pl.Series(lines, dtype=pl.String)}).with_columns(
        line_no=pl.int_range(1, len(lines) + 1, dtype=pl.Int64),
        s=pl.col("text").str.strip_chars())
    regex = df.with_columns(parts=pl.col("s").str.extract_groups(LINE_RE)).unnest("parts")
    return _split_lines(df), regex


EDGE_LINES = ["", "#c", "\\", "\\abc", "\\abc\\", "\\s:x*12\\!AIVDM,1,1,,A,1,0*ZZ",
              "\\s:x\\!AIVDM*1", "!AIVDM*12tail", "!AIVDM*1", "$GPZDA,1*AB",
              "\\é\\!AIVDM,1,1,,A,1,0*12", "!é*12", "2020-01-01T00:00:00Z !AIVDM,1,1,,A,1,0*12",
              "1600000000 \\c:1\\!A*00", "!a*b*12", "\\a*b\\c\\!x*00", "!x*0g", " \\s:a\\!x*00 ",
              "\\\\!x*00", "!*00", "\\s\\$*00x\\y", "\\c:1*55\\!AIVDM,1,1,,B,1,0*5C,x,1600000000"]


def test_literal_split_equals_line_regex_on_edge_cases() -> None:
    fast, regex = _split_both(EDGE_LINES)
    assert fast.equals(regex)


@pytest.mark.parametrize("name", ["gpsd_aishub_global_3min.nmea.gz",
                                  "amsa_risky_australia_2012-01-27.nmea.gz",
                                  "dma_aislib_stream_2010-06-11.nmea.gz", "gpsd_sample.aivdm",
                                  "libais_tagblock.nmea", "libais_uscg_typeexamples.nmea"])
def test_literal_split_equals_line_regex_on_real_logs(ais_nmea_dir: Path, name: str) -> None:
    import gzip

    path = ais_nmea_dir / name
    opener: Any = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        lines = f.read().splitlines()
    fast, regex = _split_both(lines)
    assert fast.equals(regex)


@given(st.lists(st.text(alphabet="\\!$*,:0123456789ABCFabcé sg-.", max_size=24), max_size=40))
def test_literal_split_equals_line_regex_on_random_lines(lines: list[str]) -> None:
    fast, regex = _split_both(lines)
    assert fast.equals(regex)
