"""port_call: GFW port visits on the gazetteer — named scenarios and properties."""

from __future__ import annotations

import math
from datetime import timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from port_cases import T0, end_of, frame, leg, offset, port_point, port_stop, stay

from wakewatch.detect import DetectInputs
from wakewatch.detect import port_calls as pc
from wakewatch.detect.port_visits import nearest_port_within, port_visits
from wakewatch.events import Event
from wakewatch.geo.routes import haversine_m


def detect(df: pl.DataFrame, **overrides: object) -> list[Event]:
    return pc.run(DetectInputs.from_frames(df), pc.PARAMS.resolve(overrides))


def first_inside(df: pl.DataFrame, locode: str, radius_m: float) -> object:
    la, lo = port_point(locode)
    d = haversine_m(df["lat"].to_numpy(), df["lon"].to_numpy(), la, lo)
    return df.filter(pl.Series(d <= radius_m))["ts"].min()


def test_vessel_at_a_pier_for_days_is_one_call() -> None:
    df = frame(1, port_stop(1, "KRPUS", T0, 72.0))
    [e] = detect(df)
    assert (e.kind, e.mmsi, e.port) == ("port_call", 1, "KRPUS")
    assert e.start == first_inside(df, "KRPUS", 3000.0)  # the first report within 3 km
    assert timedelta(hours=72) <= e.end - e.start <= timedelta(hours=73)
    ev = e.evidence
    assert ev["confidence"] == 4 and e.score == 1.0
    assert ev["entry"]["sog_kn"] == 10.0 and ev["exit"]["sog_kn"] == 10.0
    assert ev["stop_h"] > 71.0 and ev["positions"] > 72 * 20
    assert ev["port_name"] == "Busan" and ev["distance_to_port_m"] < 1500.0
    assert ev["first"]["line_no"] < ev["last"]["line_no"]
    berth = offset(*port_point("KRPUS"), 0.0, 500.0)
    assert abs(e.lat - berth[0]) < 1e-3 and abs(e.lon - berth[1]) < 5e-3  # mean position


def test_drifting_across_the_3_4_km_ring_does_not_flap() -> None:
    p = port_point("KRPUS")
    rows = port_stop(2, "KRPUS", T0, 6.0)
    t = end_of(rows[: -len(leg(T0, offset(*p, 0, 500), offset(*p, 0, 30_000), 10.0))], 180)
    rows = [r for r in rows if r["ts"] < t]
    for k in range(24):  # at anchor swinging between 2.8 and 3.9 km, SOG up to 1.5 kn
        east = 2_800.0 if k % 2 == 0 else 3_900.0
        rows += stay(t, offset(*p, 0.0, east), 1.0, sog_kn=1.5 if k % 3 else 0.2)
        t = end_of(rows, 180)
    rows += leg(t, offset(*p, 0.0, 3_900.0), offset(*p, 0.0, 30_000.0), 10.0)
    [e] = detect(frame(2, rows))
    assert e.port == "KRPUS" and e.end - e.start > timedelta(hours=29)


def test_passing_through_at_speed_is_no_call() -> None:
    p = port_point("KRPUS")
    rows = leg(T0, offset(*p, 0.0, -30_000.0), offset(*p, 0.0, 30_000.0), 12.0)
    assert detect(frame(3, rows)) == []
    # ... even with a long stop far out at sea, or drifting slowly in the anchorage zone
    far = stay(end_of(rows), offset(*p, -20_000.0, 30_000.0), 10.0)
    slow = leg(end_of(far, 180), offset(*p, 0, 6_000.0), offset(*p, 5_000.0, 6_000.0), 1.0)
    assert detect(frame(3, rows + far + slow)) == []


def test_port_call_across_utc_midnight_is_one_event() -> None:
    t = T0.replace(hour=20)
    [e] = detect(frame(4, port_stop(4, "KRPUS", t, 12.0)))
    assert e.start.date() != e.end.date()
    assert e.start < T0.replace(day=2) < e.end


def test_dateline_port_approached_across_the_antimeridian() -> None:
    p = port_point("FJSVU")  # Savusavu Bay, Fiji, 179.33 E
    east = offset(*p, 0.0, 90_000.0)  # east of the port: beyond 180, i.e. -179.x
    assert east[1] < -179.0
    rows = leg(T0, east, offset(*p, 0.0, 300.0), 10.0)
    rows += stay(end_of(rows), offset(*p, 0.0, 300.0), 10.0)
    rows += leg(end_of(rows, 180), offset(*p, 0.0, 300.0), east, 10.0)
    df = frame(5, rows)
    [e] = detect(df)
    assert e.port == "FJSVU" and abs(e.lon - p[1]) < 0.01
    [s] = detect(df.with_columns(lon=pl.col("lon") + 360.0))
    assert s == e


def test_stop_in_the_anchorage_zone_counts_slow_drift_does_not() -> None:
    p = port_point("RUVYP")  # Vostochnyy: WPI point ashore, terminals km away
    anch = offset(*p, -6_000.0, 0.0)
    rows = leg(T0, offset(*p, -30_000.0, 0.0), anch, 10.0)
    rows += stay(end_of(rows), anch, 8.0)
    rows += leg(end_of(rows, 180), anch, offset(*p, -30_000.0, 0.0), 10.0)
    [e] = detect(frame(6, rows))
    assert e.port == "RUVYP" and e.evidence["min_distance_to_port_m"] > 5_000.0
    assert e.start == rows[len(leg(T0, offset(*p, -30_000.0, 0.0), anch, 10.0))]["ts"]
    assert detect(frame(6, rows), anchorage_radius_km=3.0) == []


def test_short_stops_are_dropped_unless_cut_by_the_data() -> None:
    rows = port_stop(7, "KRPUS", T0, 2.0)
    assert detect(frame(7, rows)) == []
    assert len(detect(frame(7, rows), min_visit_h=1.0)) == 1
    berth = offset(*port_point("KRPUS"), 0.0, 500.0)
    first = stay(T0, berth, 1.0)  # in port when the data starts: only known to be >= 1 h
    first += leg(end_of(first, 180), berth, offset(*port_point("KRPUS"), 0, 30_000), 10.0)
    [e] = detect(frame(7, first))
    assert e.start == T0 and e.evidence["entry"] is None and e.evidence["confidence"] == 3


def test_in_port_gap_keeps_one_visit() -> None:
    p = port_point("KRPUS")
    berth = offset(*p, 0.0, 500.0)
    rows = port_stop(8, "KRPUS", T0, 2.0)
    arrive = [r for r in rows if r["sog_kn"] != 10.0 or r["ts"] < T0 + timedelta(hours=2)]
    t = end_of(arrive, 180) + timedelta(hours=20)  # silent 20 h at the berth
    back = stay(t, berth, 2.0)
    back += leg(end_of(back, 180), berth, offset(*p, 0.0, 30_000.0), 10.0)
    [e] = detect(frame(8, arrive + back))
    assert e.evidence["max_silence_h"] > 19.0 and e.evidence["confidence"] == 4


def test_two_vessels_and_two_ports_stay_apart() -> None:
    a = port_stop(10, "KRPUS", T0, 10.0)
    b = port_stop(11, "KRUSN", T0, 10.0)
    b2 = port_stop(11, "KRPUS", end_of(b) + timedelta(hours=5), 5.0)
    ev = detect(pl.concat([frame(10, a), frame(11, b + b2)]))
    assert [(e.mmsi, e.port) for e in ev] == [(10, "KRPUS"), (11, "KRUSN"), (11, "KRPUS")]


def test_nearest_port_within_matches_brute_force() -> None:
    p = port_point("KRPUS")
    pts = [offset(*p, n, e) for n in (-9e3, -2e3, 0.0, 4e3) for e in (-8e3, 0.0, 2.5e3)]
    lat = pl.Series([x[0] for x in pts])
    lon = pl.Series([x[1] for x in pts])
    idx, dist = nearest_port_within(lat, lon, 9_000.0)
    from wakewatch.geo.ports import nearest_ports
    ref = nearest_ports(lat.to_numpy(), lon.to_numpy(), k=1, max_distance_m=9_000.0)
    got = {i: d for i, d in enumerate(dist.to_list()) if d is not None}
    want = dict(zip(ref["query"].to_list(), ref["distance_m"].to_list(), strict=True))
    assert got.keys() == want.keys()
    assert all(math.isclose(got[i], want[i], rel_tol=1e-6) for i in got)
    assert idx.null_count() == dist.null_count()


def test_no_positions_no_visits() -> None:
    empty = DetectInputs.from_frames(frame(1, [])).positions
    assert port_visits(empty).is_empty()


@st.composite
def wander(draw: st.DrawFn) -> pl.DataFrame:
    """A random walk around a port: legs of random bearing, length and speed, stops."""
    locode = draw(st.sampled_from(["KRPUS", "FJSVU", "RUVYP"]))
    here = offset(*port_point(locode), draw(st.floats(-6e3, 6e3)), draw(st.floats(-6e3, 6e3)))
    rows: list[dict[str, object]] = []
    t = T0 + timedelta(hours=draw(st.integers(0, 48)))
    for _ in range(draw(st.integers(1, 6))):
        if draw(st.booleans()):
            rows += stay(t, here, draw(st.floats(0.2, 12.0)), sog_kn=draw(st.floats(0.0, 3.0)))
            t = end_of(rows, 180) if rows else t
        else:
            b = math.radians(draw(st.floats(0.0, 360.0)))
            dist = draw(st.floats(500.0, 15_000.0))
            to = offset(*here, dist * math.cos(b), dist * math.sin(b))
            rows += leg(t, here, to, draw(st.floats(1.0, 14.0)), step_s=300)
            here, t = to, end_of(rows, 300)
    return frame(9, rows)


@settings(max_examples=40)
@given(wander())
def test_properties(df: pl.DataFrame) -> None:
    events = detect(df)
    if df.is_empty():
        assert events == []
        return
    lo, hi = df["ts"].min(), df["ts"].max()
    last_end = None
    for e in events:
        assert lo <= e.start <= e.end <= hi
        assert 0.0 <= e.score <= 1.0 and e.evidence["confidence"] >= 2
        assert e.end - e.start >= timedelta(hours=3) or e.evidence["entry"] is None \
            or e.evidence["exit"] is None
        assert last_end is None or e.start > last_end  # visits never overlap
        last_end = e.end
    shifted = detect(df.with_columns(lon=pl.col("lon") - 360.0))
    assert shifted == events


def test_a_silence_of_days_in_port_splits_the_visit() -> None:
    p = port_point("KRPUS")
    berth = offset(*p, 0.0, 500.0)
    sea = offset(*p, 0.0, 30_000.0)
    rows = leg(T0, sea, berth, 10.0)
    rows += stay(end_of(rows), berth, 5.0)
    t = end_of(rows, 180) + timedelta(days=10)  # unheard for ten days: left and came back?
    back = stay(t, berth, 5.0)
    back += leg(end_of(back, 180), berth, sea, 10.0)
    first, second = detect(frame(12, rows + back))
    assert first.evidence["exit"] is None and second.evidence["entry"] is None
    assert [e.evidence["confidence"] for e in (first, second)] == [3, 3]
    assert len(detect(frame(12, rows + back), max_in_port_gap_h=300.0)) == 1


def test_a_moment_stopped_at_the_edge_of_the_data_is_no_call() -> None:
    berth = offset(*port_point("KRPUS"), 0.0, 500.0)
    rows = stay(T0, berth, 0.05, step_s=60)  # stopped for two minutes, then away
    rows += leg(end_of(rows), berth, offset(*port_point("KRPUS"), 0.0, 30_000.0), 10.0)
    assert detect(frame(13, rows)) == []
    assert len(detect(frame(13, rows), min_cut_stop_min=1.0)) == 1


def test_one_harbour_under_two_gazetteer_entries_names_the_other() -> None:
    # WPI lists Sakaiminato twice (Sakai Ko carries its code as an alias): named JPSMN,
    # the other entry in the evidence
    [e] = detect(frame(14, port_stop(14, "JPSMN", T0, 10.0, berth_m=1_000.0)))
    assert e.port == "JPSMN"
    assert "Sakai Ko" in [o["name"] for o in e.evidence["other_ports"]]
    # Sakai by Osaka (searoute JPSAK) and WPI's Sakai-Senboku (JPSBK) are one harbour too
    [o] = detect(frame(16, port_stop(16, "JPSAK", T0, 10.0, berth_m=1_000.0)))
    assert o.port == "JPSAK" and "JPSBK" in [x["port"] for x in o.evidence["other_ports"]]
    [b] = detect(frame(15, port_stop(15, "KRPUS", T0, 10.0)))
    assert b.evidence["other_ports"] == []
