"""destination_mismatch: declared port vs. next port call, route distance and unseen stops.

Named synthetic voyages between real gazetteer ports of the DPRK -> Russia case (Vostochny
RUVYP, Rajin/Najin KPRJN) and honest traffic of the background scenario's ports."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from port_cases import T0, end_of, frame, leg, offset, port_point, port_stop, stay

from wakewatch.detect import DetectInputs
from wakewatch.detect import destination_mismatch as dm
from wakewatch.events import Event

M = 273_000_001
V, R = "RUVYP", "KPRJN"


def statics(mmsi: int, start: datetime, end: datetime, text: str | None,
            every_h: float = 1.0) -> pl.DataFrame:
    n = int((end - start).total_seconds() // (every_h * 3600)) + 1
    ts = [start + timedelta(hours=every_h * i) for i in range(n)]
    return pl.DataFrame({"mmsi": [mmsi] * n, "ts": ts, "destination": [text] * n,
                         "line_no": list(range(10_000, 10_000 + n)), "source": "statics"},
                        schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"),
                                "destination": pl.String, "line_no": pl.Int64,
                                "source": pl.String})


def detect(positions: pl.DataFrame, st_: pl.DataFrame, **overrides: object) -> list[Event]:
    return dm.run(DetectInputs.from_frames(positions, st_), dm.PARAMS.resolve(overrides))


def sea_of(locode: str, east_m: float = 30_000.0) -> tuple[float, float]:
    return offset(*port_point(locode), 0.0, east_m)


def voyage(a: str, b: str, *, t: datetime = T0, kn: float = 11.0) -> list[dict[str, object]]:
    """In port at ``a`` for 8 h, out to sea, across, and a 10 h call at ``b``."""
    rows = stay(t, offset(*port_point(a), 0.0, 500.0), 8.0)
    rows += leg(end_of(rows, 180), offset(*port_point(a), 0.0, 500.0), sea_of(a), kn)
    rows += leg(end_of(rows), sea_of(a), sea_of(b), kn)
    rows += port_stop(M, b, end_of(rows), 10.0, kn=kn)
    return rows


def span(rows: list[dict[str, object]]) -> tuple[datetime, datetime]:
    first, last = rows[0]["ts"], rows[-1]["ts"]
    assert isinstance(first, datetime) and isinstance(last, datetime)
    return first, last


def test_honest_declaration_of_the_next_port_is_not_flagged() -> None:
    rows = voyage(V, R)
    t0, t1 = span(rows)
    for text in ("RAJIN", "KP NJN", "NAJIN>>", "FOR ORDERS", "TBA", None):
        assert detect(frame(M, rows), statics(M, t0, t1, text)) == [], text


def test_next_port_call_elsewhere_is_a_mismatch_at_the_declared_port() -> None:
    rows = voyage(V, R)
    t0, t1 = span(rows)
    [e] = detect(frame(M, rows), statics(M, t0, t1, "PT SAID"))
    ev = e.evidence
    assert (e.kind, e.mmsi, e.port) == ("destination_mismatch", M, "EGPSD")
    assert "next_port_call_elsewhere" in ev["reasons"]
    assert ev["next_port_call"]["locode"] == R and ev["declared_text"] == "PT SAID"
    assert ev["statics"]["count"] > 5 and ev["statics"]["first"]["line_no"] >= 10_000
    assert ev["distance_to_declared_m"]["first"] > 10_000_000  # Sea of Japan -> Suez
    assert e.start >= t0 + timedelta(hours=8) and e.end < t1 and 0.0 < e.score <= 1.0
    assert ev["thresholds"]["min_growth_m"] == dm.PARAMS.defaults()["min_growth_m"]


def test_a_dark_call_splits_the_voyage_in_two_legs() -> None:
    """Vostochny -> dark near Rajin for 30 h -> back to Vostochny, declaring Alexandria."""
    near_r = sea_of(R, 60_000.0)
    rows = stay(T0, offset(*port_point(V), 0.0, 500.0), 8.0)
    rows += leg(end_of(rows, 180), offset(*port_point(V), 0.0, 500.0), sea_of(V), 11.0)
    rows += leg(end_of(rows), sea_of(V), near_r, 11.0)
    back = end_of(rows) + timedelta(hours=30)
    rows += leg(back, near_r, sea_of(V), 11.0)
    rows += port_stop(M, V, end_of(rows), 10.0, kn=11.0)
    t0, t1 = span(rows)
    events = sorted(detect(frame(M, rows), statics(M, t0, t1, "ALEXANDRIA EGYPT")),
                    key=lambda e: e.start)
    assert [e.port for e in events] == ["EGALY", "EGALY"]
    first, second = events
    assert "dark_stop_not_on_the_way" in first.evidence["reasons"]
    assert first.evidence["unseen_stop"]["on_after_h"] >= 30.0
    assert first.end < back <= second.start
    assert "next_port_call_elsewhere" in second.evidence["reasons"]


def test_sailing_away_at_the_end_of_the_data_is_distance_growing() -> None:
    rows = stay(T0, offset(*port_point(R), 0.0, 500.0), 8.0)
    rows += leg(end_of(rows, 180), offset(*port_point(R), 0.0, 500.0), sea_of(R), 11.0)
    rows += leg(end_of(rows), sea_of(R), sea_of(V, 60_000.0), 11.0)  # no arrival
    t0, t1 = span(rows)
    [e] = detect(frame(M, rows), statics(M, t0, t1, "JEDDAH"))
    d = e.evidence["distance_to_declared_m"]
    assert e.evidence["reasons"] == ["distance_to_declared_growing"] and e.port == "SAJED"
    assert d["max_growth_m"] >= 50_000 and d["max_growth_h"] >= 6.0
    assert e.evidence["next_port_call"] is None


def test_sailing_toward_the_declared_port_without_arriving_is_not_flagged() -> None:
    rows = stay(T0, offset(*port_point(V), 0.0, 500.0), 8.0)
    rows += leg(end_of(rows, 180), offset(*port_point(V), 0.0, 500.0), sea_of(V), 11.0)
    rows += leg(end_of(rows), sea_of(V), sea_of(R, 80_000.0), 11.0)
    t0, t1 = span(rows)
    assert detect(frame(M, rows), statics(M, t0, t1, "RAJIN")) == []


def test_destination_changed_at_departure_is_honest() -> None:
    """Declares the port it is in until it leaves, then the next one (the simulator's
    background crews): the old declaration never covers the next arrival."""
    rows = voyage(V, R)
    t0, t1 = span(rows)
    dep = t0 + timedelta(hours=8)
    st_ = pl.concat([statics(M, t0, dep - timedelta(minutes=6), "VOSTOCHNY", 0.1),
                     statics(M, dep, t1, "RAJIN", 0.1)])
    assert detect(frame(M, rows), st_) == []


@settings(max_examples=8)
@given(st.sampled_from(["KRPUS", "KRUSN", "RUVVO", "RUNJK", "JPSMN"]),
       st.sampled_from(["KRPUS", "KRUSN", "RUVVO", "RUNJK", "JPSMN"]),
       st.sampled_from(["{name}", "{code}", "{cc} {loc}", "> {name}"]))
def test_honest_vessels_are_never_flagged(a: str, b: str, form: str) -> None:
    from wakewatch.geo.ports import port_by_locode

    if a == b:
        return
    row = port_by_locode(b)
    assert row is not None
    text = form.format(name=str(row["name"]).upper(), code=b, cc=b[:2], loc=b[2:])
    rows = voyage(a, b)
    t0, t1 = span(rows)
    assert detect(frame(M, rows), statics(M, t0, t1, text)) == []


def test_route_distances_lie_between_the_great_circle_and_searoute() -> None:
    from wakewatch.detect.destination_legs import RouteDistances
    from wakewatch.geo.routes import haversine_m, sea_distance_m

    dist = RouteDistances()
    for (lat, lon), code in (((42.5, 131.5), "EGPSD"), ((35.0, 129.5), "CNTAO"),
                             ((42.7, 133.0), "KPRJN"), ((1.2, 104.0), "NLRTM"),
                             ((40.6, 131.2), "RUVVO")):
        p = port_point(code)
        d = dist(lat, lon, code)
        assert float(haversine_m(lat, lon, *p)) <= d <= sea_distance_m((lat, lon), p) + 1.0


def test_a_new_destination_right_after_a_dark_stretch_flags_the_old_one() -> None:
    """Vostochny -> Rajin at 5 kn declaring Port Said, silent for 14 h at sea, heard again
    declaring Rajin, and arriving there."""
    rows = voyage(V, R, kn=5.0)
    t0, t1 = span(rows)
    off, on = t0 + timedelta(hours=14), t0 + timedelta(hours=28)
    kept = [x for x in rows if not off <= x["ts"] < on]  # type: ignore[operator]
    st_ = pl.concat([statics(M, t0, off - timedelta(minutes=1), "PORT SAID"),
                     statics(M, on, t1, "RAJIN")])
    [e] = detect(frame(M, kept), st_)
    assert e.port == "EGPSD" and "changed_after_dark" in e.evidence["reasons"]
    assert e.end < on


def test_several_far_apart_changes_in_one_voyage_are_suspicious() -> None:
    rows = voyage(V, R, kn=5.0)
    t0, t1 = span(rows)
    st_ = pl.concat([statics(M, t0, t0 + timedelta(hours=12), "PORT SAID"),
                     statics(M, t0 + timedelta(hours=13), t0 + timedelta(hours=20), "JEDDAH"),
                     statics(M, t0 + timedelta(hours=21), t1, "RAJIN")])
    events = detect(frame(M, rows), st_)
    assert sorted(e.port or "" for e in events) == ["EGPSD", "SAJED"]
    assert all("changed_repeatedly" in e.evidence["reasons"] for e in events)
    one_change = pl.concat([statics(M, t0, t0 + timedelta(hours=12), "BUSAN"),
                            statics(M, t0 + timedelta(hours=13), t1, "RAJIN")])
    assert detect(frame(M, rows), one_change) == []  # a single change of plan is not
