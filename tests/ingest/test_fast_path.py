"""The compiled fast path (scan + stream) against the general Polars parser: same chunks,
same counts, same rejects, same stored rows — on the real logs and on generated logs that
mix every line shape, at many chunk sizes (so that multi-part messages, duplicates and time
stamps cross chunk boundaries)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from wakewatch.ingest.decoders import get_decoder
from wakewatch.ingest.nmea import chunk as chunk_module
from wakewatch.ingest.nmea.pipeline import NmeaParser, ParsedChunk
from wakewatch.ingest.nmea.scan import AIS, BLANK, COL, COMMENT, NO_TIME, ODD, scan_lines
from wakewatch.ingest.sources import decode_line, iter_byte_chunks, iter_line_chunks

REAL = ["gpsd_aishub_global_3min.nmea.gz", "amsa_risky_australia_2012-01-27.nmea.gz",
        "dma_aislib_stream_2010-06-11.nmea.gz", "gpsd_sample.aivdm", "libais_tagblock.nmea",
        "libais_uscg_typeexamples.nmea"]
ASSUME = datetime(2024, 1, 1, tzinfo=UTC)


def xor(text: str) -> int:
    v = 0
    for ch in text:
        v ^= ord(ch)
    return v


def parse(path: Path, *, fast: bool, lines_per_chunk: int,
          assume: datetime | None = None) -> list[ParsedChunk]:
    parser = NmeaParser(get_decoder("numpy"), assume_time=assume, fast=fast,
                        params={"lines_per_chunk": lines_per_chunk})
    return list(parser.parse(path))


def _sorted(df: pl.DataFrame) -> pl.DataFrame:
    return df.sort("line_no") if df.height else df


def assert_same(general: list[ParsedChunk], fast: list[ParsedChunk]) -> None:
    assert len(general) == len(fast)
    for a, b in zip(general, fast, strict=True):
        assert (a.index, a.first_line_no, a.n_lines) == (b.index, b.first_line_no, b.n_lines)
        assert a.counts == b.counts
        assert_frame_equal(a.rejects, b.rejects)
        for x, y in ((a.positions, b.positions), (a.statics, b.statics)):
            if x.height or y.height:
                assert_frame_equal(_sorted(x), _sorted(y))


@pytest.mark.parametrize("name", REAL)
@pytest.mark.parametrize("lines_per_chunk", [250_000, 997])
def test_real_logs_parse_the_same(ais_nmea_dir: Path, name: str, lines_per_chunk: int,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = ais_nmea_dir / name
    assume = None if name.startswith(("dma", "libais_tag")) else ASSUME
    general = parse(path, fast=False, lines_per_chunk=lines_per_chunk, assume=assume)
    _no_general_parser(monkeypatch)  # every real log stays on the fast path
    assert_same(general, parse(path, fast=True, lines_per_chunk=lines_per_chunk,
                               assume=assume))


# --- generated logs -----------------------------------------------------------------------

PAYLOADS = [  # real single-sentence payloads (types 1, 3, 18, 4) and a type 5 in two parts
    ("15RTgt0PAso;90TKcjM8h6g208CQ", 0), ("13HOI:0P0000VOHLCnHQKwvL05Ip", 0),
    ("B52K>;h00Fc>jpUlNV@ikwpUoP06", 0), ("402=481uaUcf;OQ55JS9ITi025Jp", 0),
    ("35Mk33gOkSG?bLtEM<9PmPF<0000", 0), ("1P000Oh1IT1svTP2r:43grwb0Eq4", 0),
]
TYPE5 = ("55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp888888888880", 2)


def tagged(body: str, *, c: int | None, s: str | None, g: str | None, star: bool) -> str:
    items = [f"{k}:{v}" for k, v in (("c", c), ("s", s), ("g", g)) if v is not None]
    tag = ",".join(items)
    if star:
        tag = f"{tag}*{xor(tag):02X}"
    return f"\\{tag}\\{body}"


def sentence(cnt: int, num: int, seq: str, chan: str, payload: str, fill: int) -> str:
    body = f"AIVDM,{cnt},{num},{seq},{chan},{payload},{fill}"
    return f"!{body}*{xor(body):02X}"


@st.composite
def log_lines(draw: st.DrawFn) -> list[str]:
    t = 1_700_000_000
    lines: list[str] = []
    kinds = ["single", "single", "single", "multi", "multi_broken", "dup", "plain", "pghp",
             "zda", "blank", "comment", "bad_sum", "bad_tag_sum", "bad_time", "garbage",
             "nonascii", "ms_time", "uscg", "uscg", "uscg_bad", "uscg_other"]
    if draw(st.booleans()):  # AIS sentences only the general parser reads: it takes over
        kinds += ["prefixed", "odd_number"]
    for _ in range(draw(st.integers(1, 40))):
        t += draw(st.sampled_from([0, 1, 5, 61, 3600]))
        kind = draw(st.sampled_from(kinds))
        src = draw(st.sampled_from([None, "", "rA", "rB"]))
        star = draw(st.booleans())
        if kind.startswith("uscg"):
            payload, fill = draw(st.sampled_from(PAYLOADS))
            trailer = {"uscg": f",d-109,S2105,r003669946,{t}", "uscg_bad": ",r1,9999999999",
                       "uscg_other": ",d-109,t050056.00"}[kind]
            body = sentence(1, 1, "", "A", payload, fill) + trailer
            lines.append(body if draw(st.booleans()) else tagged(
                body, c=draw(st.sampled_from([None, t, 1])), s=src, g=None, star=star))
        elif kind in ("single", "dup", "bad_sum", "bad_tag_sum", "bad_time", "ms_time",
                      "plain", "odd_number"):
            payload, fill = draw(st.sampled_from(PAYLOADS))
            body = sentence(1, 1, "", draw(st.sampled_from(["A", "B", ""])), payload, fill)
            c = {"bad_time": 1, "ms_time": t * 1000}.get(kind, t)
            if kind == "plain":
                lines.append(body)
                continue
            if kind == "odd_number":
                body = body.replace("AIVDM,1,1", "AIVDM,01,1")
                body = body[:-2] + f"{xor(body[1:-3]):02X}"
            line = tagged(body, c=c, s=src, g=None, star=star or kind == "bad_tag_sum")
            if kind == "bad_sum":
                line = line[:-1] + ("0" if line[-1] != "0" else "1")
            if kind == "bad_tag_sum":
                at = line.index("*")
                line = line[:at + 1] + ("00" if line[at + 1:at + 3] != "00" else "11") \
                    + line[at + 3:]
            lines.append(line)
            if kind == "dup":
                lines.append(tagged(body, c=t + draw(st.sampled_from([0, 2, 60, 61])),
                                    s="rZ", g=None, star=star))
        elif kind in ("multi", "multi_broken"):
            payload, fill = TYPE5
            gid = draw(st.sampled_from(["7", "07", None]))
            seq = draw(st.sampled_from(["1", "2"]))
            parts = [sentence(2, 1, seq, "A", payload[:60], 0),
                     sentence(2, 2, seq, "A", payload[60:], fill)]
            if kind == "multi_broken":
                parts = draw(st.sampled_from([parts[:1], parts[1:], parts[::-1]]))
            for i, part in enumerate(parts):
                g = None if gid is None else f"{i + 1}-2-{gid}"
                lines.append(tagged(part, c=t if i == 0 else None, s=src, g=g, star=star))
        elif kind == "pghp":
            d = datetime.fromtimestamp(t, UTC)
            body = f"PGHP,1,{d.year},{d.month},{d.day},{d.hour},{d.minute},{d.second},0,1,2,3,1,2"
            lines.append(f"${body}*{xor(body):02X}")
        elif kind == "zda":
            d = datetime.fromtimestamp(t, UTC)
            body = f"GPZDA,{d:%H%M%S}.00,{d.day:02d},{d.month:02d},{d.year},,"
            lines.append(f"${body}*{xor(body):02X}")
        elif kind == "blank":
            lines.append(draw(st.sampled_from(["", "  ", "\r", "\t"])))
        elif kind == "comment":
            lines.append("# a comment, é")
        elif kind == "prefixed":
            payload, fill = draw(st.sampled_from(PAYLOADS))
            lines.append(f"{t},{sentence(1, 1, '', 'A', payload, fill)}")
        elif kind == "garbage":
            lines.append(draw(st.sampled_from(["!AIVDM,1,1,,A,15RT", "xyz", "\\c:1,s:x",
                                               "!AIVDM,1,1,,A,1~~~,0*00"])))
        else:
            lines.append(tagged(sentence(1, 1, "", "A", PAYLOADS[0][0], 0), c=t, s="ré",
                                g=None, star=False))
    return lines


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=log_lines(), lines_per_chunk=st.sampled_from([2, 3, 7, 1000]),
       assume=st.booleans(), crlf=st.booleans())
def test_generated_logs_parse_the_same(tmp_path: Path, lines: list[str], lines_per_chunk: int,
                                       assume: bool, crlf: bool) -> None:
    path = tmp_path / "log.nmea"
    path.write_bytes(("\r\n" if crlf else "\n").join(lines).encode())
    when = ASSUME if assume else None
    try:
        general = parse(path, fast=False, lines_per_chunk=lines_per_chunk, assume=when)
    except Exception as exc:  # a log without time is refused by both, with the same error
        with pytest.raises(type(exc), match="no usable time"):
            parse(path, fast=True, lines_per_chunk=lines_per_chunk, assume=when)
        return
    assert_same(general, parse(path, fast=True, lines_per_chunk=lines_per_chunk, assume=when))


def _no_general_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the general parser was used")
    monkeypatch.setattr(chunk_module.ChunkParser, "feed", refuse)


def _log(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "log.nmea"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_tagged_log_with_damaged_and_time_lines_stays_on_the_fast_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    body = sentence(1, 1, "", "A", PAYLOADS[0][0], 0)
    p1 = sentence(2, 1, "3", "B", TYPE5[0][:60], 0)
    p2 = sentence(2, 2, "3", "B", TYPE5[0][60:], 2)
    lines = [tagged(body, c=1_700_000_000, s="r1", g=None, star=True),
             tagged(body, c=1_700_000_002, s="r2", g=None, star=True),   # duplicate
             tagged(p1, c=1_700_000_003, s="r1", g="1-2-9", star=True),
             "$GPZDA,120000.00,14,11,2023,,*" + f"{xor('GPZDA,120000.00,14,11,2023,,'):02X}",
             tagged(p2, c=None, s="r1", g="2-2-9", star=True),
             body[:-1] + "0",                                              # bad checksum
             "", "# comment", "$BSALR,,006,V,V,general failure*62", body]
    path = _log(tmp_path, lines)
    general = parse(path, fast=False, lines_per_chunk=4)
    _no_general_parser(monkeypatch)
    fast = parse(path, fast=True, lines_per_chunk=4)
    assert_same(general, fast)
    counts = {k: sum(c.counts[k] for c in fast) for k in fast[0].counts}
    assert counts == {"accepted": 4, "duplicate": 1, "bad_checksum": 1, "unparseable": 0,
                      "orphan_fragment": 0, "no_timestamp": 0, "non_ais": 4}
    # the untagged last line takes its time from the $GPZDA line
    last = pl.concat([c.positions for c in fast if c.positions.height]).filter(
        pl.col("line_no") == 10)
    assert last.get_column("ts").to_list() == [datetime(2023, 11, 14, 12, tzinfo=UTC)]


def test_general_parser_takes_over_at_the_first_chunk_it_must_handle(
        tmp_path: Path) -> None:
    body = sentence(1, 1, "", "A", PAYLOADS[0][0], 0)
    lines = [tagged(body, c=1_700_000_000 + 100 * i, s="r1", g=None, star=False)
             for i in range(9)]  # 100 s apart: no duplicates
    lines[7] = f"1700000700,{body}"  # a timestamp prefix: only the general parser reads it
    path = _log(tmp_path, lines)
    general = parse(path, fast=False, lines_per_chunk=3)
    fast = parse(path, fast=True, lines_per_chunk=3)
    assert_same(general, fast)
    assert sum(c.counts["accepted"] for c in fast) == 9


# --- the scan, line by line ---------------------------------------------------------------

def _scan(lines: list[bytes]) -> np.ndarray:
    data = b"\n".join(lines)
    ends = np.cumsum([len(x) + 1 for x in lines]) - 1
    starts = ends - np.array([len(x) for x in lines])
    return scan_lines(np.frombuffer(data, dtype=np.uint8), starts.astype(np.int64),
                      ends.astype(np.int64))


def test_scan_claims_only_well_formed_sentences() -> None:
    ok = sentence(1, 1, "", "A", PAYLOADS[0][0], 0)
    cases = {
        ok: AIS,
        f"  {ok}\r": AIS,
        tagged(ok, c=1_700_000_000, s="x", g="1-1-5", star=True): AIS,
        "": BLANK, " \t\r": BLANK, "#x": COMMENT,
        ok[:-1] + "0" if ok[-1] != "0" else ok[:-1] + "1": ODD,  # checksum
        ok + ",d-109,S2105,r003669946,1700000000": AIS,          # USCG trailer
        ok + ",caf\u00e9": ODD,                                      # non-ASCII trailer
        ok.replace("AIVDM", "GPVTG"): ODD,
        tagged(ok, c=None, s="a", g="1-2", star=False): ODD,      # malformed group
        tagged(ok, c=None, s="a", g=None, star=False).replace("s:a", "s:a,s:b"): ODD,
        "\\c:1700000000" + ok: ODD,                               # unclosed tag block
        "$GPZDA,120000.00,14,11,2023,,*" + f"{xor('GPZDA,120000.00,14,11,2023,,'):02X}": ODD,
    }
    got = _scan([k.encode() for k in cases])
    assert got[:, COL["kind"]].tolist() == list(cases.values())


def test_scan_reads_tag_times_as_the_framing_does() -> None:
    ok = sentence(1, 1, "", "A", PAYLOADS[0][0], 0)
    rows = _scan([tagged(ok, c=c, s=None, g=None, star=False).encode()
                  for c in (1_700_000_000, 1_700_000_000_123, 5, None)])
    assert rows[:, COL["line_us"]].tolist() == [
        1_700_000_000_000_000, 1_700_000_000_123_000, NO_TIME, NO_TIME]
    assert rows[:, COL["time_bad"]].tolist() == [0, 0, 1, 0]
    # the USCG trailer's time when the tag block gives none; out of range: flagged
    rows = _scan([(ok + t).encode() for t in (",r1,1325394060", ",x", ",9999999999")]
                 + [tagged(ok, c=1_700_000_000, s=None, g=None, star=False).encode()
                    + b",r1,1325394060"])
    assert rows[:, COL["line_us"]].tolist() == [
        1_325_394_060_000_000, NO_TIME, NO_TIME, 1_700_000_000_000_000]
    assert rows[:, COL["time_bad"]].tolist() == [0, 0, 1, 0]


# --- byte chunks are the line chunks ------------------------------------------------------

def _chunks_as_text(path: Path, n: int) -> Iterator[list[str]]:
    for data, starts, ends in iter_byte_chunks(path, n):
        yield [decode_line(data[a:b]) for a, b in zip(starts, ends, strict=True)]


@settings(max_examples=80, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200).filter(lambda b: not b.startswith(b"\x1f\x8b"))
       | st.lists(
    st.sampled_from([b"a", b"\n", b"\r\n", b"\xc3\xa9", b"\xff", b" "]), max_size=60).map(
    b"".join), n=st.integers(1, 9))
def test_byte_chunks_split_like_line_chunks(tmp_path: Path, content: bytes, n: int) -> None:
    path = tmp_path / "x.nmea"
    path.write_bytes(content)
    assert list(_chunks_as_text(path, n)) == list(iter_line_chunks(path, n))
