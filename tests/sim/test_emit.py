"""Simulated reports written as NMEA and MarineCadastre CSV ingest back to the same values."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wakewatch.ingest.nmea.checksum import nmea_checksum
from wakewatch.ingest.report import IngestReport
from wakewatch.sim.emit import (
    MARINECADASTRE_HEADER,
    emit_nmea,
    marinecadastre_rows,
    nmea_lines,
    write_marinecadastre,
    write_nmea,
)
from wakewatch.sim.identities import destination_text, vessel_identity
from wakewatch.sim.records import (
    PositionReport,
    Reception,
    Report,
    SimulationError,
    StaticReport,
)
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

DECODERS = ["pyais", "aiscat", "numpy"]
T0 = datetime(2024, 3, 1, 6, 0, tzinfo=UTC)

# AIS resolution: lat/lon 1/10000 minute, sog/cog 0.1
LATS = st.integers(-90 * 600_000, 90 * 600_000).map(lambda u: u / 600_000)
LONS = st.integers(-180 * 600_000, 180 * 600_000).map(lambda u: u / 600_000)
SOGS = st.integers(0, 1022).map(lambda u: u / 10)
COGS = st.integers(0, 3599).map(lambda u: u / 10)
TIMES = st.integers(0, 10 * 365 * 86_400).map(
    lambda s: datetime(2020, 1, 1, tzinfo=UTC) + timedelta(seconds=s))


@st.composite
def position_reports(draw: st.DrawFn, mmsi: int) -> PositionReport:
    msg_type: Literal[1, 18] = 18 if draw(st.booleans()) else 1
    return PositionReport(
        mmsi=mmsi, ts=draw(TIMES), lat=draw(LATS), lon=draw(LONS),
        sog_kn=draw(st.none() | SOGS), cog_deg=draw(st.none() | COGS),
        heading_deg=draw(st.none() | st.integers(0, 359)),
        nav_status=None if msg_type == 18 else draw(st.integers(0, 15)),
        msg_type=msg_type)


@st.composite
def report_lists(draw: st.DrawFn) -> list[PositionReport]:
    mmsis = draw(st.lists(st.integers(201_000_001, 775_999_999), min_size=1, max_size=12,
                          unique=True))
    return [draw(position_reports(m)) for m in mmsis]


def once(reports: Sequence[Report], station: str = "SIM") -> list[tuple[int, Reception]]:
    """Each report heard once, at its own time."""
    return [(i, Reception(station, r.ts)) for i, r in enumerate(reports)]


def ingest(path: Path, db: Path, decoder: str | None = None
           ) -> tuple[IngestReport, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    store = Store.open(db)
    try:
        report = ingest_path(store, path, decoder=decoder)
        positions = store.con.execute(
            "SELECT mmsi, ts, lat, lon, sog_kn, cog_deg, heading_deg, nav_status, msg_type, "
            "station FROM positions ORDER BY line_no").fetchall()
        statics = store.con.execute(
            "SELECT mmsi, ts, imo, callsign, name, ship_type, to_bow_m, to_stern_m, "
            "to_port_m, to_starboard_m, length_m, beam_m, draught_m, destination, eta "
            "FROM statics ORDER BY line_no").fetchall()
    finally:
        store.con.close()
    return report, positions, statics


def assert_position(row: tuple[Any, ...], r: PositionReport, *, station: str | None,
                    tol_deg: float = 2e-5) -> None:
    # aiscat computes coordinates in float32: up to one float32 step (1.5e-5 deg near
    # lon 180) from the exact value; pyais is exact to 1e-6

    mmsi, ts, lat, lon, sog, cog, heading, nav, msg_type, st_ = row
    assert mmsi == r.mmsi
    assert ts == r.ts.replace(microsecond=0)
    assert abs(lat - r.lat) < tol_deg and abs(lon - r.lon) < tol_deg
    assert sog == r.sog_kn and cog == r.cog_deg and heading == r.heading_deg
    assert nav == r.nav_status
    assert msg_type in (None, r.msg_type)
    assert st_ == station


def static_report(seed: int, ts: datetime = T0) -> StaticReport:
    rng = random.Random(seed)
    v = vessel_identity(rng.choice(["KP", "RU", "CN", "PA", "SL"]), rng)
    return StaticReport(
        mmsi=v.mmsi, ts=ts, imo=v.imo, callsign=v.callsign, name=v.name,
        ship_type=v.ship_type, to_bow_m=v.to_bow_m, to_stern_m=v.to_stern_m,
        to_port_m=v.to_port_m, to_starboard_m=v.to_starboard_m,
        draught_m=v.draught_loaded_m[1],
        destination=destination_text(rng.choice(["EGPSD", "EGALY", "SAJED", "FOR ORDERS"]),
                                     rng),
        eta=(ts + timedelta(days=rng.randrange(1, 20))).replace(
            minute=rng.randrange(60), second=0))


# --- NMEA ---------------------------------------------------------------------------------

@pytest.mark.parametrize("decoder", DECODERS)
@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(reports=report_lists(), seed=st.integers(0, 2**32 - 1))
def test_positions_round_trip_through_ingest(decoder: str, reports: list[PositionReport],
                                             seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "sim.nmea"
        write_nmea(path, reports, once(reports), random.Random(seed))
        report, rows, _ = ingest(path, Path(tmp) / "db.duckdb", decoder)
    assert report.counts["accepted"] == len(reports)
    assert len(rows) == len(reports)
    for row, r in zip(rows, reports, strict=True):
        assert_position(row, r, station="SIM")


@pytest.mark.parametrize("decoder", DECODERS)
def test_long_range_reports_round_trip_at_their_resolution(decoder: str,
                                                           tmp_path: Path) -> None:
    rng = random.Random(27)
    reports = [PositionReport(
        mmsi=273_000_100 + i, ts=T0 + timedelta(minutes=i),
        lat=rng.randrange(-54000, 54000) / 600,
        lon=rng.randrange(-108000, 108000) / 600, sog_kn=float(rng.randrange(0, 63)),
        cog_deg=float(rng.randrange(0, 360)), heading_deg=None,
        nav_status=rng.randrange(0, 16), msg_type=27) for i in range(30)]
    path = tmp_path / "lr.nmea"
    write_nmea(path, reports, once(reports, "SAT"), rng)
    _, rows, _ = ingest(path, tmp_path / "db.duckdb", decoder)
    assert len(rows) == len(reports)
    for row, r in zip(rows, reports, strict=True):
        # aiscat computes type 27 coordinates in float32: up to ~1.5e-5 degrees off
        assert_position(row, r, station="SAT", tol_deg=2e-5)


@pytest.mark.parametrize("decoder", DECODERS)
def test_statics_round_trip_through_ingest(decoder: str, tmp_path: Path) -> None:
    statics = [static_report(seed, T0 + timedelta(minutes=seed)) for seed in range(40)]
    statics.append(StaticReport(
        mmsi=445_123_456, ts=T0, imo=None, callsign=None, name=None, ship_type=None,
        to_bow_m=0, to_stern_m=0, to_port_m=0, to_starboard_m=0, draught_m=None,
        destination=None, eta=None))
    path = tmp_path / "statics.nmea"
    lines = write_nmea(path, statics, once(statics), random.Random(1))
    assert len(lines) == 2 * len(statics)
    report, _, rows = ingest(path, tmp_path / "db.duckdb", decoder)
    assert report.counts["accepted"] == 2 * len(statics)
    assert report.counts["orphan_fragment"] == 0
    assert len(rows) == len(statics)
    for row, s in zip(rows, statics, strict=True):
        (mmsi, ts, imo, call, name, stype, bow, stern, port, stbd, length, beam, draught,
         dest, eta) = row
        assert (mmsi, ts, imo, call, name, stype) == (
            s.mmsi, s.ts, s.imo, s.callsign, s.name, s.ship_type)
        assert (bow, stern, port, stbd) == tuple(
            v or None for v in (s.to_bow_m, s.to_stern_m, s.to_port_m, s.to_starboard_m))
        if s.length_m:
            assert (length, beam) == (s.length_m, s.beam_m)
        assert draught == s.draught_m
        assert dest == s.destination
        assert eta == s.eta


def test_multipart_lines_carry_groups_and_valid_tag_checksums() -> None:
    s = static_report(7)
    lines = list(nmea_lines([s, s], [(0, Reception("A", T0)), (1, Reception("B", T0))],
                            random.Random(0)))
    assert len(lines) == 4
    assert lines[0].startswith("\\s:A,c:") and ",g:1-2-1*" in lines[0]
    assert lines[1].startswith("\\s:A,g:2-2-1*")
    assert ",g:1-2-2*" in lines[2] and lines[3].startswith("\\s:B,g:2-2-2*")
    for line in lines:
        tag, sentence = line[1:].split("\\", 1)
        body, cs = tag.rsplit("*", 1)
        assert int(cs, 16) == nmea_checksum(body)
        body, cs = sentence[1:].rsplit("*", 1)
        assert int(cs, 16) == nmea_checksum(body)
        assert sentence.startswith("!AIVDM,2,")


@pytest.mark.parametrize("decoder", DECODERS)
def test_two_receptions_within_60_s_are_stored_once(decoder: str, tmp_path: Path) -> None:
    reports = [PositionReport(273_111_222, T0, 42.5, 131.2, 11.4, 40.2, 41, 0),
               PositionReport(273_111_222, T0 + timedelta(seconds=30), 42.51, 131.21, 11.4,
                              40.2, 41, 0)]
    receptions = [(0, Reception("VLAD", T0)), (0, Reception("NAKH", T0 + timedelta(seconds=4))),
                  # out of order: the first report arrives again late, by a third station
                  (1, Reception("VLAD", reports[1].ts)),
                  (0, Reception("SAT1", T0 + timedelta(seconds=50)))]
    path = tmp_path / "dups.nmea"
    write_nmea(path, reports, receptions, random.Random(0))
    report, rows, _ = ingest(path, tmp_path / "db.duckdb", decoder)
    assert report.counts["duplicate"] == 2
    assert report.counts["accepted"] == 2
    assert len(rows) == 2
    assert_position(rows[0], reports[0], station="VLAD")
    assert_position(rows[1], reports[1], station="VLAD")


@pytest.mark.parametrize("decoder", DECODERS)
def test_corrupted_lines_are_counted_bad_checksum(decoder: str, tmp_path: Path) -> None:
    rng = random.Random(99)
    reports = [PositionReport(412_000_001 + i, T0 + timedelta(seconds=10 * i),
                              30 + i / 1000, 122 + i / 1000, 10.0, 90.0, 90, 0)
               for i in range(200)]
    path = tmp_path / "bad.nmea"
    lines = write_nmea(path, reports, once(reports), rng, corrupt_fraction=0.1)
    bad = [i for i, line in enumerate(lines) if line.corrupted]
    assert 5 < len(bad) < 40
    report, rows, _ = ingest(path, tmp_path / "db.duckdb", decoder)
    assert report.counts["bad_checksum"] == len(bad)
    assert len(rows) == len(reports) - len(bad)
    kept = [r for i, r in enumerate(reports) if i not in set(bad)]
    for row, r in zip(rows, kept, strict=True):
        assert_position(row, r, station="SIM")


@pytest.mark.parametrize("decoder", DECODERS)
def test_a_vessel_at_rest_reporting_every_60_s_is_not_a_duplicate(decoder: str,
                                                                  tmp_path: Path) -> None:
    reports = [PositionReport(273_111_333, T0 + timedelta(seconds=60 * i), 42.8, 132.9, 0.0,
                              None, 200, 5) for i in range(12)]
    path = tmp_path / "moored.nmea"
    write_nmea(path, reports, once(reports), random.Random(0))
    report, rows, _ = ingest(path, tmp_path / "db.duckdb", decoder)
    assert report.counts["duplicate"] == 0
    assert len(rows) == len(reports)


@pytest.mark.parametrize("decoder", DECODERS)
def test_every_cargo_and_tanker_ship_type_survives_the_encoder(decoder: str,
                                                              tmp_path: Path) -> None:
    base = static_report(3)
    statics = [StaticReport(**{**{f: getattr(base, f) for f in base.__dataclass_fields__},
                               "mmsi": base.mmsi + t, "ship_type": t})
               for t in range(70, 90)]
    path = tmp_path / "types.nmea"
    write_nmea(path, statics, once(statics), random.Random(0))
    _, _, rows = ingest(path, tmp_path / "db.duckdb", decoder)
    assert [row[5] for row in rows] == list(range(70, 90))


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    reports: list[Report] = [static_report(s, T0 + timedelta(minutes=s)) for s in range(5)]
    reports += [PositionReport(273_000_001 + i, T0 + timedelta(seconds=i), 40.0, 130.0,
                               5.0, 10.0, None, 1) for i in range(50)]
    receptions = once(reports) + once(reports, "B")

    def run(seed: int, name: str) -> bytes:
        path = tmp_path / name
        write_nmea(path, reports, receptions, random.Random(seed), corrupt_fraction=0.2)
        return path.read_bytes()

    assert run(1, "a.nmea") == run(1, "b.nmea")
    assert run(1, "a.nmea") != run(2, "c.nmea")
    write_marinecadastre(tmp_path / "a.csv", reports)
    write_marinecadastre(tmp_path / "b.csv", reports)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_emit_nmea_reports_its_sources() -> None:
    r = PositionReport(273_000_001, T0, 1.0, 2.0, None, None, None, None)
    (line,) = emit_nmea([r], [(0, Reception("X", T0))], random.Random(0))
    assert (line.report_index, line.station, line.corrupted) == (0, "X", False)
    with pytest.raises(ValueError, match="corrupt_fraction"):
        list(emit_nmea([r], [], random.Random(0), corrupt_fraction=2.0))


def test_records_refuse_naive_times_and_bad_stations() -> None:
    with pytest.raises(SimulationError, match="UTC"):
        PositionReport(273_000_001, datetime(2024, 1, 1), 1.0, 2.0, None, None, None, None)
    with pytest.raises(SimulationError, match="tag block"):
        Reception("A,B", T0)
    with pytest.raises(SimulationError, match="out of range"):
        PositionReport(273_000_001, T0, 91.0, 2.0, None, None, None, None)


# --- MarineCadastre CSV -------------------------------------------------------------------

def test_marinecadastre_rows_format() -> None:
    s = StaticReport(367_379_190, T0, 8207721, "WTD4583", "EAGLE", 31, 20, 8, 5, 6, 3.3,
                     "HOUSTON", None)
    before = PositionReport(367_379_190, T0 - timedelta(seconds=1), 30.3706, -88.56408, 0.0,
                            336.2, None, 0)
    after = PositionReport(367_379_190, T0, 30.3706, -88.56408, 0.0, 336.2, None, None,
                           msg_type=18)
    rows = list(marinecadastre_rows([before, after], [s]))
    assert rows == [
        ["367379190", "2024-03-01T05:59:59", "30.37060", "-88.56408", "0.0", "336.2", "511",
         "", "", "", "", "0", "", "", "", "", "A"],
        ["367379190", "2024-03-01T06:00:00", "30.37060", "-88.56408", "0.0", "336.2", "511",
         "EAGLE", "IMO8207721", "WTD4583", "31", "", "28", "11", "3.3", "", "B"],
    ]
    assert len(MARINECADASTRE_HEADER) == len(rows[0])


@settings(max_examples=10, deadline=None)
@given(reports=report_lists())
def test_marinecadastre_csv_round_trips_through_ingest(reports: list[PositionReport]) -> None:
    statics = [static_report(i, r.ts) for i, r in enumerate(reports)]
    statics = [StaticReport(**{**{f: getattr(s, f) for f in s.__dataclass_fields__},
                               "mmsi": r.mmsi}) for s, r in zip(statics, reports, strict=True)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "AIS_sim.csv"
        assert write_marinecadastre(path, reports, statics) == len(reports)
        report, rows, stored = ingest(path, Path(tmp) / "db.duckdb")
    assert report.format != "nmea"
    assert len(rows) == len(reports)
    by_key = {(row[0], row[1]): row for row in rows}
    for r in reports:
        assert_position(by_key[(r.mmsi, r.ts)], r, station=None)
    static_by_mmsi = {row[0]: row for row in stored}
    for s in statics:
        (_, _, imo, call, name, stype, *_dims, length, beam, draught, _dest, _eta
         ) = static_by_mmsi[s.mmsi]
        assert (imo, call, name, stype, length, beam, draught) == (
            s.imo, s.callsign, s.name, s.ship_type, s.length_m, s.beam_m, s.draught_m)
