"""dark_port_call: reachability within the gap, corroboration, evidence, antimeridian."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.detect.dark_port_call import PARAMS, run
from wakewatch.detect.inputs import DetectInputs
from wakewatch.events import Event
from wakewatch.geo.concern import WatchPorts, parse_watch_ports, shipped_ports
from wakewatch.geo.routes import haversine_m

T0 = datetime(2024, 1, 1, tzinfo=UTC)
MMSI = 273000001
SPEED_KN = 10.0


def one_port(lat: float, lon: float, locode: str = "XXTST") -> WatchPorts:
    return parse_watch_ports(f"locode,name,lat,lon,country,category,reason,source\n"
                             f"{locode},Test,{lat},{lon},XX,user,test,test\n")


def track(off: tuple[float, float], on: tuple[float, float], gap_h: float,
          n: int = 20) -> pl.DataFrame:
    """n reports every 10 min at OFF (10 kn), silence of gap_h, n reports at ON."""
    rows: list[dict[str, Any]] = []
    for i in range(n):
        rows.append({"ts": T0 + timedelta(minutes=10 * i), "lat": off[0], "lon": off[1]})
    t_on = rows[-1]["ts"] + timedelta(hours=gap_h)
    for i in range(n):
        rows.append({"ts": t_on + timedelta(minutes=10 * i), "lat": on[0], "lon": on[1]})
    return pl.DataFrame(rows).with_columns(mmsi=pl.lit(MMSI, pl.Int64),
                                           sog_kn=pl.lit(SPEED_KN), line_no=pl.int_range(
                                               pl.len(), dtype=pl.Int64))


def detect(pos: pl.DataFrame, wp: WatchPorts, statics: pl.DataFrame | None = None,
           **params: Any) -> list[Event]:
    inputs = DetectInputs.from_frames(pos, statics)
    return run(DetectInputs(inputs.positions, inputs.statics, watch_ports=wp), params)


def required_h(off: tuple[float, float], on: tuple[float, float],
               port: tuple[float, float]) -> float:
    d = float(haversine_m(*off, *port) + haversine_m(*port, *on))
    return d / (SPEED_KN * 1852.0) + PARAMS.defaults()["min_stay_h"]


# open water in the equatorial Pacific: straight legs, no land
PORT = (0.0, -150.0)
OFF, ON = (0.0, -151.0), (0.5, -150.8)


@pytest.mark.parametrize(("delta_h", "expected"), [(-0.02, 0), (0.02, 1)])
def test_just_out_of_reach_is_not_reported(delta_h: float, expected: int) -> None:
    gap_h = required_h(OFF, ON, PORT) + delta_h
    events = detect(track(OFF, ON, gap_h), one_port(*PORT))
    assert len(events) == expected
    if expected:
        ev = events[0].evidence
        assert ev["route"] == "straight"
        assert ev["possible_stay_h"] == pytest.approx(3.0 + delta_h, abs=1e-3)


def test_a_silence_of_years_is_no_dark_call() -> None:
    """Real logs of different years share MMSIs (demo: 2010 DMA, 2012 AMSA, 2023 NOAA): a
    gap of years reaches every port and is not one dark call; 14 days still is."""
    assert len(detect(track(OFF, ON, 24.0 * 14), one_port(*PORT))) == 1
    assert detect(track(OFF, ON, 24.0 * 365 * 2), one_port(*PORT)) == []
    assert len(detect(track(OFF, ON, 24.0 * 365 * 2), one_port(*PORT),
                      max_gap_h=24.0 * 800)) == 1


def test_evidence_contents() -> None:
    gap_h = 30.0
    (e,) = detect(track(OFF, ON, gap_h), one_port(*PORT))
    assert e.kind == "dark_port_call" and e.mmsi == MMSI and e.port == "XXTST"
    assert (e.lat, e.lon) == PORT
    assert e.end - e.start == timedelta(hours=gap_h)
    ev = e.evidence
    assert ev["gap"]["duration_h"] == pytest.approx(gap_h)
    assert ev["gap"]["before"]["lat"] == OFF[0] and ev["gap"]["after"]["lat"] == ON[0]
    assert ev["port"]["locode"] == "XXTST" and ev["port"]["category"] == "user"
    assert ev["distance_out_m"] == pytest.approx(float(haversine_m(*OFF, *PORT)), abs=0.1)
    assert ev["distance_back_m"] == pytest.approx(float(haversine_m(*PORT, *ON)), abs=0.1)
    assert ev["plausible_speed_kn"] == SPEED_KN
    assert ev["speed_derivation"]["underway_reports"] == 40
    travel = (ev["distance_out_m"] + ev["distance_back_m"]) / (SPEED_KN * 1852.0)
    assert ev["travel_h"] == pytest.approx(travel, abs=1e-3)
    assert ev["possible_stay_h"] == pytest.approx(gap_h - travel, abs=1e-3)
    reach = ev["reachability"]
    assert reach["budget_m"] == pytest.approx(SPEED_KN * 1852.0 * gap_h, abs=0.1)
    assert reach["foci"] == [[OFF[1], OFF[0]], [ON[1], ON[0]]]
    poly = reach["polygon"]
    assert len(poly) == 73 and poly[0] == poly[-1]
    for lon, lat in poly[:-1]:  # on the ellipse: string length == budget
        s = haversine_m(lat, lon, *OFF) + haversine_m(lat, lon, *ON)
        assert float(s) == pytest.approx(reach["budget_m"], rel=1e-3)
    assert ev["other_reachable_ports"] == [] and ev["prior_calls"] == []
    assert 0.3 <= e.score <= 0.6  # reachable only: low/moderate
    assert ev["draught_changed"] is False and ev["destination_changed"] is False


def _statics(before: float, after: float, dest_after: str = "PORT SAID") -> pl.DataFrame:
    return pl.DataFrame({
        "mmsi": [MMSI, MMSI], "ts": [T0 + timedelta(hours=1), T0 + timedelta(hours=40)],
        "draught_m": [before, after], "destination": ["PORT SAID", dest_after],
        "line_no": [1000, 1001]})


def test_draught_and_destination_change_raise_the_score() -> None:
    pos = track(OFF, ON, 35.0)
    (plain,) = detect(pos, one_port(*PORT), _statics(5.0, 5.0))
    (loaded,) = detect(pos, one_port(*PORT), _statics(5.0, 9.0))
    (both,) = detect(pos, one_port(*PORT), _statics(5.0, 9.0, "VOSTOCHNY"))
    assert plain.score < loaded.score < both.score
    assert loaded.score - plain.score == pytest.approx(PARAMS.defaults()["w_draught"])
    ev = loaded.evidence
    assert (ev["draught_before_m"], ev["draught_after_m"]) == (5.0, 9.0)
    assert ev["draught_direction"] == "up" and ev["draught_after"]["line_no"] == 1001
    assert both.evidence["destination_after"] == "VOSTOCHNY"


def test_antimeridian() -> None:
    port = (10.0, 179.9)
    off, on = (10.0, 179.0), (10.3, -179.3)
    gap_h = required_h(off, on, port) + 1.0
    (e,) = detect(track(off, on, gap_h), one_port(*port))
    assert e.evidence["distance_out_m"] == pytest.approx(float(haversine_m(*off, *port)),
                                                         abs=0.1)
    assert e.evidence["distance_out_m"] < 100_000  # not the long way round
    assert e.evidence["possible_stay_h"] == pytest.approx(4.0, abs=1e-3)
    poly = e.evidence["reachability"]["polygon"]
    lons = [p[0] for p in poly]
    assert max(lons) - min(lons) < 10  # one ring across the antimeridian
    shifted = detect(track(off, on, gap_h).with_columns(lon=pl.col("lon") + 360.0),
                     one_port(*port))
    assert [x.evidence["travel_h"] for x in shifted] == [e.evidence["travel_h"]]
    assert required_h(off, on, port) - 1.0 > 6.0
    assert detect(track(off, on, required_h(off, on, port) - 0.05), one_port(*port)) == []


def test_heard_in_port_is_not_a_dark_call() -> None:
    near = (PORT[0] + 0.03, PORT[1])  # 3.3 km: the silence is at the berth
    assert detect(track(near, ON, 30.0), one_port(*PORT)) == []


def test_best_port_is_the_one_the_gap_fits() -> None:
    wp = parse_watch_ports("locode,name,lat,lon\nXXNEA,Near,0,-150\nXXFAR,Far,0,-149\n")
    (e,) = detect(track(OFF, ON, 40.0), wp)
    assert e.port == "XXNEA"
    (other,) = e.evidence["other_reachable_ports"]
    assert other["locode"] == "XXFAR"
    assert other["travel_h"] > e.evidence["travel_h"]


def test_real_geography_rajin_open_water_leg() -> None:
    """Off Rajin east of the port, back 30 h later further east: Najin fits best; the
    legs cross no land so they are measured straight (searoute's nearest node to Rajin is
    140 km away and would triple them)."""
    off, on = (42.246, 130.946), (42.270, 131.420)
    (e,) = detect(track(off, on, 30.0), shipped_ports())
    assert e.port == "KPRJN" and e.evidence["route"] == "straight"
    assert e.evidence["travel_h"] < 8.0
    assert {o["locode"] for o in e.evidence["other_reachable_ports"]} >= {"RUVVO", "KPCHO"}


def test_land_in_between_takes_the_sea_route() -> None:
    """East of Korea to Nampo on the west coast: around the peninsula, not across it."""
    off = (42.246, 130.946)
    nampo = shipped_ports().table.filter(pl.col("locode") == "KPNAM")
    wp = WatchPorts(nampo)
    (e,) = detect(track(off, off, 400.0), wp, max_gap_h=500.0)
    straight = float(haversine_m(*off, nampo["lat"][0], nampo["lon"][0]))
    assert e.evidence["route"] == "sea"
    assert e.evidence["distance_out_m"] > 2.0 * straight


@settings(max_examples=30)
@given(dlat=st.floats(-2.0, 2.0), dlon=st.floats(-2.0, 2.0), gap_h=st.floats(6.5, 80.0),
       base_lon=st.floats(-180.0, 180.0))
def test_properties(dlat: float, dlon: float, gap_h: float, base_lon: float) -> None:
    """Scores in [0, 1]; a reported call leaves at least min_stay_h; a 360 degree shift
    changes nothing. Open water along the equator in the central Pacific."""
    lon0 = -150.0 + 20.0 * (base_lon / 180.0)
    port = (0.0, lon0)
    off, on = (dlat, lon0 + dlon), (-dlat / 2.0, lon0 - dlon / 2.0)
    events = detect(track(off, on, gap_h), one_port(*port))
    shifted = detect(track(off, on, gap_h).with_columns(lon=pl.col("lon") - 360.0),
                     one_port(*port))
    assert [(x.port, x.score) for x in events] == [(x.port, x.score) for x in shifted]
    for e in events:
        assert e.score is not None and 0.0 <= e.score <= 1.0
        assert e.evidence["possible_stay_h"] >= PARAMS.defaults()["min_stay_h"] - 1e-6
