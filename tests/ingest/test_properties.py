"""Property tests: tag blocks, timestamp parsers vs vectorised framing, XOR checksums."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.ingest.nmea.checksum import nmea_checksum, xor_checksums
from wakewatch.ingest.nmea.framing import frame_chunk
from wakewatch.ingest.nmea.tagblock import parse_tag_block
from wakewatch.ingest.nmea.timestamps import from_unix, split_prefix

SENTENCE = "!AIVDM,1,1,,A,15RTgt0PAso;90TKcjM8h6g208CQ,0*4A"


def xor(text: str) -> int:
    v = 0
    for ch in text:
        v ^= ord(ch)
    return v


ascii_text = st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=127), max_size=80)
secs = st.integers(min_value=946_684_800, max_value=4_102_444_799)  # 2000 .. 2099
source = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
                 min_size=1, max_size=12)


@given(st.lists(ascii_text, max_size=20))
def test_xor_checksums_equal_scalar(bodies: list[str]) -> None:
    got = xor_checksums(pl.Series(bodies, dtype=pl.String))
    assert [int(x) for x in got] == [nmea_checksum(b) for b in bodies] == [xor(b) for b in bodies]


@given(st.lists(st.none() | ascii_text, max_size=10))
def test_xor_checksums_null_is_zero(bodies: list[str | None]) -> None:
    got = xor_checksums(pl.Series(bodies, dtype=pl.String))
    assert [int(x) for x in got] == [0 if b is None else xor(b) for b in bodies]


@given(c=st.none() | secs, s=st.none() | source,
       g=st.none() | st.tuples(st.integers(1, 9), st.integers(1, 9), st.integers(0, 9999)),
       ms=st.booleans())
def test_tag_block_round_trip(c: int | None, s: str | None,
                              g: tuple[int, int, int] | None, ms: bool) -> None:
    items = []
    if c is not None:
        items.append(f"c:{c * 1000 if ms else c}")
    if s is not None:
        items.append(f"s:{s}")
    if g is not None:
        items.append(f"g:{g[0]}-{g[1]}-{g[2]}")
    body = ",".join(items)
    tb = parse_tag_block(f"{body}*{xor(body):02X}")
    assert tb.checksum_ok is True
    assert tb.time == (None if c is None else datetime.fromtimestamp(c, UTC))
    assert tb.source == s
    assert tb.group == g


@given(c=secs, s=source, pos=st.integers(min_value=0), new=st.sampled_from("0123456789abcXYZ:,"))
def test_changed_character_flips_checksum(c: int, s: str, pos: int, new: str) -> None:
    body = f"c:{c},s:{s}"
    i = pos % len(body)
    if body[i] == new:
        return
    changed = body[:i] + new + body[i + 1:]
    assert parse_tag_block(f"{changed}*{xor(body):02X}").checksum_ok is False


aware = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1),
                     timezones=st.just(UTC)).map(lambda d: d.replace(microsecond=0))
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(lambda m: m - m % 15)


@given(aware)
def test_from_unix_seconds_and_ms(when: datetime) -> None:
    t = when.timestamp()
    assert from_unix(t) == when
    assert from_unix(t * 1000) == when


@given(when=aware, off=offsets, sep=st.sampled_from([",", " ", ";", "\t"]),
       form=st.sampled_from(["iso_z", "iso_off", "unix"]))
def test_split_prefix_round_trip_and_framing_agree(when: datetime, off: int, sep: str,
                                                   form: str) -> None:
    if form == "iso_z":
        token = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    elif form == "iso_off":
        token = when.astimezone(timezone(timedelta(minutes=off))).isoformat()
    else:
        token = str(int(when.timestamp()))
    line = f"{token}{sep}{SENTENCE}"
    ts, rest, present = split_prefix(line)
    assert present and rest == SENTENCE and ts == when
    framed, _ = frame_chunk([line], 1, None)
    assert framed.get_column("ts").to_list() == [when]
    assert framed.get_column("outcome").to_list() == [None]


@settings(max_examples=50)
@given(st.lists(st.tuples(aware, st.sampled_from(["tag", "prefix", "none"])), max_size=15))
def test_framing_ts_matches_scalar_parsers(items: list[tuple[datetime, str]]) -> None:
    lines, want = [], []
    for when, kind in items:
        if kind == "tag":
            body = f"c:{int(when.timestamp())}"
            lines.append(f"\\{body}*{xor(body):02X}\\{SENTENCE}")
            want.append(parse_tag_block(f"{body}*{xor(body):02X}").time)
        elif kind == "prefix":
            line = f"{when.isoformat()},{SENTENCE}"
            lines.append(line)
            want.append(split_prefix(line)[0])
        else:
            lines.append(SENTENCE)
            want.append(None)
    framed, carry = frame_chunk(lines, 1, None)
    assert framed.get_column("ts").to_list() == want
    assert carry is None
