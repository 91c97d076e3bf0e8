"""The numpy decoder equals the pyais decoder: on the real samples, in the store, and on
random position reports encoded by pyais's own encoder."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from pyais import encode_dict

from wakewatch.ingest.decoders import get_decoder
from wakewatch.ingest.decoders.numpy_decoder import SIX_BIT, NumpyDecoder
from wakewatch.ingest.fields import positions_from_decoded
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

TS = datetime(2012, 1, 1, tzinfo=UTC)
SAMPLES = ["gpsd_aishub_global_3min.nmea.gz", "amsa_risky_australia_2012-01-27.nmea.gz",
           "dma_aislib_stream_2010-06-11.nmea.gz", "gpsd_sample.aivdm",
           "libais_uscg_typeexamples.nmea", "libais_tagblock.nmea"]


def _frame(rows: list[tuple[str, int]]) -> pl.DataFrame:
    return pl.DataFrame({"msg_id": list(range(len(rows))), "ts": [TS] * len(rows),
                         "payload": [p for p, _ in rows], "fill_bits": [f for _, f in rows]},
                        schema_overrides={"ts": pl.Datetime("us", "UTC")})


def _payloads(path: Path) -> list[tuple[str, int]]:
    """(payload, fill bits) of every whole message of an NMEA file (fragments joined)."""
    opener: Any = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        lines = f.read().splitlines()
    out: list[tuple[str, int]] = []
    pending: dict[tuple[str, str], list[str]] = {}
    for line in lines:
        start, star = line.find("!"), line.rfind("*")
        if start < 0 or star < start:
            continue
        fields = line[start + 1:star].split(",")
        if len(fields) != 7 or not fields[1].isdigit() or not fields[2].isdigit():
            continue
        if not fields[6].isdigit():
            continue
        cnt, num = int(fields[1]), int(fields[2])
        key = (fields[3], fields[4])
        if num == 1:
            pending[key] = []
        if key not in pending:
            continue
        pending[key].append(fields[5])
        if num == cnt:
            out.append(("".join(pending.pop(key)), int(fields[6])))
    return out


@pytest.mark.parametrize("name", SAMPLES)
def test_equals_pyais_on_real_samples(ais_nmea_dir: Path, name: str) -> None:
    frame = _frame(_payloads(ais_nmea_dir / name))
    assert frame.height > 0
    expected = get_decoder("pyais").decode(frame)
    actual = get_decoder("numpy").decode(frame)
    assert_frame_equal(actual, expected)


def test_fast_path_covers_the_common_reports(ais_nmea_dir: Path) -> None:
    """Types 1/2/3/18/4/11 of 168 bits or more and type 5 of 424 bits never reach the
    fallback."""
    frame = _frame(_payloads(ais_nmea_dir / "gpsd_aishub_global_3min.nmea.gz"))
    dec = NumpyDecoder()
    seen: list[int] = []

    class Spy:
        def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
            seen.extend(messages.get_column("msg_id").to_list())
            return get_decoder("pyais").decode(messages)

    dec._fallback = Spy()  # type: ignore[assignment]
    out = dec.decode(frame)
    n_chars, first = pl.col("payload").str.len_bytes(), pl.col("payload").str.slice(0, 1)
    fast = frame.filter(((6 * n_chars - pl.col("fill_bits") >= 168)
                         & first.is_in(["1", "2", "3", "B", "4", ";"]))
                        | ((n_chars == 71) & (pl.col("fill_bits") == 2) & (first == "5")))
    assert not set(seen) & set(fast.get_column("msg_id").to_list())
    assert fast.height > 0.9 * frame.height
    assert out.height <= frame.height


@pytest.mark.parametrize("name", SAMPLES)
def test_store_identical_rows_and_counts(ais_nmea_dir: Path, tmp_path: Path,
                                         name: str) -> None:
    assume = datetime(2012, 3, 14, 11, 30, tzinfo=UTC) if name.startswith("gpsd") else None
    out = []
    for dec in ("pyais", "numpy"):
        with Store.open(tmp_path / f"{dec}.duckdb") as store:
            report = ingest_path(store, ais_nmea_dir / name, decoder=dec, assume_time=assume)
            tables = [store.con.sql(f"SELECT * EXCLUDE (source) FROM {t} ORDER BY {o}").pl()
                      for t, o in (("positions", "line_no"),
                                   ("statics", "line_no, msg_type"),
                                   ("rejects", "line_no"))]
            out.append((report.counts, tables))
    assert out[0][0] == out[1][0]
    for a, b in zip(out[0][1], out[1][1], strict=True):
        assert_frame_equal(a, b)


def test_fields_match_python_int() -> None:
    """Every Class A field of random 28-character payloads equals the bits read with
    Python integers."""
    rng = np.random.default_rng(7)
    armour = np.array([c for c in range(48, 120) if not 88 <= c <= 95], dtype=np.uint8)
    raw = armour[rng.integers(0, 64, size=(200, 28))]
    raw[:, 0] = ord("1")
    payloads = [bytes(row).decode("ascii") for row in raw]
    out = NumpyDecoder().decode(_frame([(p, 0) for p in payloads]))
    fields = {"mmsi": (8, 30, False), "status": (38, 4, False), "heading": (128, 9, False),
              "speed": (50, 10, False), "lon": (61, 28, True), "lat": (89, 27, True)}
    for payload, row in zip(payloads, out.iter_rows(named=True), strict=True):
        bits = int("".join(f"{SIX_BIT[ord(c)]:06b}" for c in payload), 2)
        for name, (offset, width, signed) in fields.items():
            value = (bits >> (168 - offset - width)) & ((1 << width) - 1)
            if signed and value >= 1 << (width - 1):
                value -= 1 << width
            if name == "speed":
                assert row[name] == value / 10.0
            elif name in ("lat", "lon"):
                assert row[name] == round(value / 600000, 6)
            else:
                assert row[name] == value


def test_six_bit_table() -> None:
    assert SIX_BIT[ord("0")] == 0 and SIX_BIT[ord("W")] == 39
    assert SIX_BIT[ord("`")] == 40 and SIX_BIT[ord("w")] == 63


def _payload_of(fields: dict[str, Any]) -> tuple[str, int]:
    sentences = encode_dict(fields, talker_id="AI", sentence_type="VDM")
    parts = [s.split("*")[0].split(",") for s in sentences]
    return "".join(p[5] for p in parts), int(parts[-1][6])


lat_raw = st.one_of(st.integers(-(2**26), 2**26 - 1), st.sampled_from([91 * 600000, 0]))
lon_raw = st.one_of(st.integers(-(2**27), 2**27 - 1), st.sampled_from([181 * 600000, 0]))
position = st.fixed_dictionaries({
    "msg_type": st.sampled_from([1, 2, 3, 18]),
    "mmsi": st.integers(0, 2**30 - 1),
    "status": st.integers(0, 15),
    "speed": st.integers(0, 1023),
    "lat": lat_raw, "lon": lon_raw,
    "course": st.integers(0, 4095),
    "heading": st.one_of(st.integers(0, 511), st.just(511)),
    "second": st.integers(0, 63),
    "accuracy": st.booleans(),
})
base_station = st.fixed_dictionaries({
    "msg_type": st.sampled_from([4, 11]), "mmsi": st.integers(0, 2**30 - 1),
    "year": st.integers(0, 2**14 - 1), "month": st.integers(0, 15), "day": st.integers(0, 31),
    "hour": st.integers(0, 31), "minute": st.integers(0, 63), "second": st.integers(0, 63),
    "lat": lat_raw, "lon": lon_raw,
})

text = st.text(alphabet="@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_ !#$%&'()*+,-./0123456789:;<=>?",
               max_size=20)
static_voyage = st.fixed_dictionaries({
    "msg_type": st.just(5), "mmsi": st.integers(0, 2**30 - 1),
    "ais_version": st.integers(0, 3), "imo": st.integers(0, 2**30 - 1),
    "callsign": text.map(lambda t: t[:7]), "shipname": text, "ship_type": st.integers(0, 255),
    "to_bow": st.integers(0, 511), "to_stern": st.integers(0, 511),
    "to_port": st.integers(0, 63), "to_starboard": st.integers(0, 63),
    "month": st.integers(0, 15), "day": st.integers(0, 31), "hour": st.integers(0, 31),
    "minute": st.integers(0, 63), "draught": st.integers(0, 255), "destination": text,
    "dte": st.booleans(),
})


def _as_encoder_input(d: dict[str, Any]) -> dict[str, Any]:
    out = dict(d)
    if d["msg_type"] == 5:
        out["draught"] = d["draught"] / 10
        return out
    out["lat"] = d["lat"] / 600000
    out["lon"] = d["lon"] / 600000
    if "speed" in d:
        out["speed"] = d["speed"] / 10
        out["course"] = d["course"] / 10
    if d["msg_type"] == 18:
        out.pop("status")
    return out


@given(st.lists(st.one_of(position, base_station, static_voyage), min_size=1, max_size=30))
def test_random_reports_decode_like_pyais(reports: list[dict[str, Any]]) -> None:
    frame = _frame([_payload_of(_as_encoder_input(r)) for r in reports])
    expected = get_decoder("pyais").decode(frame)
    actual = get_decoder("numpy").decode(frame)
    assert_frame_equal(actual, expected)
    assert_frame_equal(positions_from_decoded(actual), positions_from_decoded(expected))
    # and the raw values are the ones encoded
    raw = actual.filter(pl.col("msg_type").is_in([1, 2, 3, 18]))
    pos = [r for r in reports if r["msg_type"] in (1, 2, 3, 18)]
    assert raw.get_column("mmsi").to_list() == [r["mmsi"] for r in pos]
    assert raw.get_column("heading").to_list() == [r["heading"] for r in pos]
    static = actual.filter(pl.col("msg_type") == 5)
    assert static.get_column("imo").to_list() == [r["imo"] for r in reports if r["msg_type"] == 5]


def test_random_type5_takes_the_fast_path() -> None:
    payload, fill = _payload_of({"msg_type": 5, "mmsi": 1, "shipname": "A B@", "draught": 1.2})
    assert (len(payload), fill) == (71, 2)
    dec = NumpyDecoder()
    dec._fallback = None  # type: ignore[assignment]
    out = dec.decode(_frame([(payload, fill)]))
    assert out.get_column("shipname").to_list() == ["A B"]
    assert out.get_column("draught").to_list() == [1.2]
