"""End-to-end NMEA ingest of the real logs, checked against an independent reference model.

The reference model below uses only plain Python and pyais (no wakewatch code): it frames
each line, checks checksums with its own XOR, follows $PGHP/$--ZDA time sentences, tag-block
``c:`` times and the USCG trailer, reassembles multi-part messages, suppresses copies of the
same payload heard within 60 s of the previous copy, and decodes with ``pyais.decode``.
"""

from __future__ import annotations

import gzip
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import polars as pl
import pyais
import pytest

from wakewatch.errors import NoTimestampError
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

POSITION_TYPES = {1, 2, 3, 18, 19, 27}
STATIC_TYPES = {5, 19, 24}
WINDOW = timedelta(seconds=60)
ASSUME = datetime(2012, 3, 14, 11, 30, tzinfo=UTC)

REAL_FILES = [
    "dma_aislib_stream_2010-06-11.nmea.gz",
    "amsa_risky_australia_2012-01-27.nmea.gz",
    "libais_tagblock.nmea",
    "libais_uscg_typeexamples.nmea",
    "gpsd_sample.aivdm",
]


# -- the independent reference model ------------------------------------------------------


def xor(text: str) -> int:
    value = 0
    for ch in text:
        value ^= ord(ch)
    return value


def read_lines(path: Path) -> list[str]:
    if path.suffix == ".gz":
        with gzip.open(path, "rb") as f:
            raw = f.read()
    else:
        raw = path.read_bytes()
    text = raw.decode("ascii", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


SENTENCE = re.compile(r"^([!$])([^*]*)\*([0-9A-Fa-f]{2})(.*)$")
PAYLOAD = re.compile(r"^[0-W`-w]+$")


@dataclass
class Expected:
    lines: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    types: Counter[int] = field(default_factory=Counter)  # decoded, not duplicate
    positions: int = 0
    statics: int = 0
    ais_lines: int = 0


def reference(path: Path, assume: datetime | None = None) -> Expected:
    exp = Expected()
    lines = read_lines(path)
    exp.lines = len(lines)
    stamp: datetime | None = None
    partial: dict[tuple[object, ...], list[tuple[str, datetime | None]]] = {}
    last_seen: dict[str, datetime] = {}
    out = exp.outcomes

    def finish(parts: list[tuple[str, datetime | None]], payload: str) -> None:
        n = len(parts)
        ts = next((t for _, t in parts if t is not None), None)
        if ts is None:
            out["no_timestamp"] += n
            return
        prev = last_seen.get(payload)
        last_seen[payload] = ts
        if prev is not None and abs(ts - prev) <= WINDOW:
            out["duplicate"] += n
            return
        try:
            msg = pyais.decode(*[s for s, _ in parts])
        except Exception:
            out["unparseable"] += n
            return
        out["accepted"] += n
        t = msg.msg_type
        exp.types[t] += 1
        exp.positions += t in POSITION_TYPES
        exp.statics += t in STATIC_TYPES

    for line in lines:
        s = line.strip()
        if s == "" or s.startswith("#"):
            out["non_ais"] += 1
            continue
        tag_ts: datetime | None = None
        tag_src = group = None
        tag_ok = True
        if s.startswith("\\") and s.find("\\", 1) > 0:
            end = s.find("\\", 1)
            tag, s = s[1:end], s[end + 1:]
            body, star, hexsum = tag.partition("*")
            if star:
                tag_ok = len(hexsum) == 2 and int(hexsum, 16) == xor(body)
            for item in body.split(","):
                k, _, v = item.partition(":")
                if k == "c" and v.isdigit():
                    tag_ts = datetime.fromtimestamp(int(v), UTC)
                elif k == "s":
                    tag_src = v
                elif k == "g":
                    group = v.split("-")[2]
        m = SENTENCE.match(s)
        if m is None:
            out["unparseable"] += 1
            continue
        delim, body, hexsum, trailer = m.groups()
        if int(hexsum, 16) != xor(body) or not tag_ok:
            out["bad_checksum"] += 1
            continue
        f = body.split(",")
        if f[0] == "PGHP":
            y, mo, d, h, mi, sec, ms = (int(x) for x in f[2:9])
            stamp = datetime(y, mo, d, h, mi, sec, ms * 1000, tzinfo=UTC)
            out["non_ais"] += 1
            continue
        if f[0].endswith("ZDA"):
            hms = f[1]
            stamp = datetime(int(f[4]), int(f[3]), int(f[2]), int(hms[:2]), int(hms[2:4]),
                             tzinfo=UTC) + timedelta(seconds=float(hms[4:]))
            out["non_ais"] += 1
            continue
        if not (len(f[0]) == 5 and f[0][2:4] == "VD" and f[0][4] in "MO"):
            out["non_ais"] += 1
            continue
        exp.ais_lines += 1
        if (len(f) != 7 or not f[1].isdigit() or not f[2].isdigit() or not f[6].isdigit()
                or not 1 <= int(f[2]) <= int(f[1]) <= 9 or not 0 <= int(f[6]) <= 5
                or not PAYLOAD.match(f[5])):
            out["unparseable"] += 1
            continue
        trailer_ts = None
        tm = re.search(r",(\d{10})$", trailer)
        if trailer.startswith(",") and tm and trailer.count(",") >= 2:
            trailer_ts = datetime.fromtimestamp(int(tm.group(1)), UTC)
        ts = tag_ts or trailer_ts or stamp or assume
        bare = f"{delim}{body}*{hexsum}"
        cnt, num = int(f[1]), int(f[2])
        if cnt == 1:
            finish([(bare, ts)], f[5])
            continue
        key = ("g", group, tag_src) if group else ("s", f[3], f[4], cnt, tag_src)
        part = partial.get(key)
        if num == 1:
            if part is not None:
                out["orphan_fragment"] += len(part)
            partial[key] = [(bare, ts)]
            continue
        if part is None or len(part) != num - 1:
            out["orphan_fragment"] += 1
            if part is not None:
                out["orphan_fragment"] += len(part)
                del partial[key]
            continue
        part.append((bare, ts))
        payloads = [p[0].split(",")[5] for p in part]
        if num == cnt:
            del partial[key]
            finish(part, "".join(payloads))
    out["orphan_fragment"] += sum(len(p) for p in partial.values())
    return exp


@cache
def _reference(path: Path, assume: datetime | None) -> Expected:
    return reference(path, assume)


def table(store: Store, sql: str) -> pl.DataFrame:
    return pl.from_arrow(store.con.sql(sql).to_arrow_table())  # type: ignore[return-value]


def log_counts(store: Store) -> dict[str, int]:
    cols = ("accepted", "duplicate", "bad_checksum", "unparseable", "orphan_fragment",
            "no_timestamp", "non_ais")
    row = store.con.execute(
        f"SELECT {', '.join(cols)}, status, positions, statics FROM ingest_log").fetchall()
    assert len(row) == 1
    counts = dict(zip(cols, row[0][: len(cols)], strict=True))
    counts["status"], counts["positions"], counts["statics"] = row[0][len(cols):]
    return counts


# -- real files ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", REAL_FILES)
def test_real_file_matches_reference(ais_nmea_dir: Path, tmp_path: Path, name: str) -> None:
    path = ais_nmea_dir / name
    assume = ASSUME if name == "gpsd_sample.aivdm" else None
    exp = _reference(path, assume)
    with Store.open(tmp_path / "t.duckdb") as store:
        report = ingest_path(store, path, decoder="pyais", assume_time=assume)
        got = {k: v for k, v in report.counts.items() if v}
        assert got == {k: v for k, v in exp.outcomes.items() if v}
        assert sum(report.counts.values()) == exp.lines
        assert report.counts["accepted"] + report.counts["duplicate"] == (
            exp.outcomes["accepted"] + exp.outcomes["duplicate"])
        n_pos = store.con.execute("SELECT count(*) FROM positions").fetchone()
        n_st = store.con.execute("SELECT count(*) FROM statics").fetchone()
        assert n_pos == (exp.positions,)
        assert n_st == (exp.statics,)
        assert report.positions == exp.positions
        log = log_counts(store)
        assert log["status"] == "done"
        assert log["positions"] == exp.positions
        assert {k: log[k] for k in exp.outcomes} == dict(exp.outcomes)
        by_type = table(store, "SELECT msg_type, count(*) AS n FROM positions GROUP BY 1")
        assert dict(by_type.iter_rows()) == {
            t: n for t, n in exp.types.items() if t in POSITION_TYPES}
        # every rejected line is kept verbatim
        n_rej = store.con.execute("SELECT count(*) FROM rejects").fetchone()
        assert n_rej == (sum(exp.outcomes[o] for o in (
            "bad_checksum", "unparseable", "orphan_fragment", "no_timestamp")),)


def test_reference_counts_pyais_messages(ais_nmea_dir: Path) -> None:
    """The reference model itself against pyais's own stream reader (no time, no dedup)."""
    path = ais_nmea_dir / "libais_uscg_typeexamples.nmea"
    with pyais.stream.FileReaderStream(str(path)) as stream:
        decoded = [m.decode() for m in stream]
    exp = _reference(path, None)
    assert sum(exp.types.values()) == len(decoded)
    assert exp.types == Counter(m.msg_type for m in decoded)


def test_dma_pghp_times(ais_nmea_dir: Path, store: Store) -> None:
    ingest_path(store, ais_nmea_dir / "dma_aislib_stream_2010-06-11.nmea.gz", decoder="pyais")
    lo, hi = store.con.execute(
        "SELECT min(epoch_us(ts)), max(epoch_us(ts)) FROM positions").fetchone()  # type: ignore[misc]
    start = datetime(2010, 6, 11, tzinfo=UTC)
    assert start <= datetime.fromtimestamp(lo / 1e6, UTC) <= datetime.fromtimestamp(
        hi / 1e6, UTC) < start + timedelta(days=1)


def test_amsa_lines_before_first_zda_have_no_timestamp(ais_nmea_dir: Path,
                                                       store: Store) -> None:
    path = ais_nmea_dir / "amsa_risky_australia_2012-01-27.nmea.gz"
    lines = read_lines(path)
    first_zda = next(i for i, line in enumerate(lines, 1) if "ZDA" in line)
    ingest_path(store, path, decoder="pyais")
    rej = table(store, "SELECT line_no, reason FROM rejects WHERE reason = "
                       "'no time for this message'")
    assert rej.height > 0
    assert rej.get_column("line_no").max() < first_zda  # type: ignore[operator]
    first_pos = store.con.execute("SELECT min(line_no) FROM positions").fetchone()
    assert first_pos is not None and first_pos[0] > first_zda


def test_aishub_without_time_is_refused(ais_nmea_dir: Path, store: Store) -> None:
    path = ais_nmea_dir / "gpsd_aishub_global_3min.nmea.gz"
    with pytest.raises(NoTimestampError) as info:
        ingest_path(store, path, decoder="pyais")
    assert "--assume-time" in str(info.value)
    assert "2012-03-14" in str(info.value)
    assert info.value.hint_time is not None and info.value.hint_time.startswith("2012-03-14")
    # nothing left behind by the refused attempt
    assert store.con.execute("SELECT count(*) FROM ingest_log").fetchone() == (0,)
    assert store.con.execute("SELECT count(*) FROM positions").fetchone() == (0,)


def test_aishub_with_assume_time(ais_nmea_dir: Path, store: Store) -> None:
    path = ais_nmea_dir / "gpsd_aishub_global_3min.nmea.gz"
    exp = _reference(path, ASSUME)
    report = ingest_path(store, path, decoder="pyais", assume_time=ASSUME)
    assert {k: v for k, v in report.counts.items() if v} == {
        k: v for k, v in exp.outcomes.items() if v}
    assert sum(report.counts.values()) == exp.lines
    assert store.con.execute("SELECT count(*) FROM positions").fetchone() == (exp.positions,)
    assert store.con.execute(
        "SELECT count(DISTINCT epoch_us(ts)) FROM positions").fetchone() == (1,)
