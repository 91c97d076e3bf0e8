"""draught_change: consecutive static draughts, tied to the port call or gap around them."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import pairwise

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from port_cases import T0, end_of, frame, leg, offset, port_point, port_stop

from wakewatch.detect import DetectInputs
from wakewatch.detect import draught as dr
from wakewatch.events import Event


def statics(mmsi: int, reports: list[tuple[datetime, float | None]]) -> pl.DataFrame:
    return pl.DataFrame({"mmsi": [mmsi] * len(reports), "ts": [t for t, _ in reports],
                         "draught_m": [d for _, d in reports],
                         "line_no": list(range(len(reports)))},
                        schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"),
                                "draught_m": pl.Float64, "line_no": pl.Int64})


def detect(positions: pl.DataFrame, st_: pl.DataFrame, **overrides: object) -> list[Event]:
    return dr.run(DetectInputs.from_frames(positions, st_), dr.PARAMS.resolve(overrides))


def h(x: float) -> datetime:
    return T0 + timedelta(hours=x)


def test_loaded_in_port_names_the_port_call() -> None:
    pos = frame(1, port_stop(1, "KRPUS", T0, 24.0))  # arrives ~2 h after T0
    [e] = detect(pos, statics(1, [(h(1), 5.0), (h(10), 5.0), (h(16), 9.4), (h(30), 9.4)]))
    assert (e.kind, e.start, e.end, e.port) == ("draught_change", h(10), h(16), "KRPUS")
    ev = e.evidence
    assert (ev["draught_before_m"], ev["draught_after_m"], ev["direction"]) == (5.0, 9.4, "up")
    assert ev["change_m"] == 4.4 and e.score == 1.0 and ev["gap"] is None
    assert ev["port_call"]["port"] == "KRPUS" and ev["port_call"]["confidence"] == 4
    assert ev["before"]["line_no"] == 1 and ev["after"]["line_no"] == 2
    berth = offset(*port_point("KRPUS"), 0.0, 500.0)
    assert abs(e.lat - berth[0]) < 1e-3


def test_dark_loading_points_at_the_gap() -> None:
    p = port_point("KRPUS")
    sea, far = offset(*p, -60_000.0, 60_000.0), offset(*p, -60_000.0, 200_000.0)
    out = leg(T0, sea, far, 10.0)
    back = leg(end_of(out) + timedelta(hours=30), far, sea, 10.0)  # dark 30 h at sea
    pos = frame(2, out + back)
    t_off = out[-1]["ts"]
    assert isinstance(t_off, datetime)
    [e] = detect(pos, statics(2, [(h(1), 6.1), (t_off + timedelta(hours=40), 11.0)]))
    assert e.port is None and e.evidence["port_call"] is None
    gap = e.evidence["gap"]
    assert gap["off"]["ts"] == t_off.isoformat().replace("+00:00", "Z")
    assert gap["duration_h"] > 29.0 and e.evidence["direction"] == "up"
    assert e.lat is not None  # the last position before the change


def test_null_draught_is_not_reported_and_small_edits_are_not_changes() -> None:
    pos = frame(3, port_stop(3, "KRPUS", T0, 24.0))
    none = statics(3, [(h(1), 5.0), (h(2), None), (h(3), 5.0), (h(4), 5.1), (h(5), 5.0)])
    assert detect(pos, none) == []
    [e] = detect(pos, statics(3, [(h(1), 5.0), (h(2), None), (h(3), 7.0)]))
    assert (e.start, e.end) == (h(1), h(3))
    [e] = detect(pos, statics(3, [(h(1), 5.0), (h(3), 5.3)]))  # 0.3 m: 5.3 - 5.0 < 0.3 in floats
    assert e.evidence["change_m"] == 0.3 and e.score == 0.3
    assert detect(pos, statics(3, [(h(1), 5.0), (h(3), 5.3)]), min_change_m=0.5) == []


def test_discharge_at_sea_without_positions_has_no_place() -> None:
    empty = frame(4, [])
    [e] = detect(empty, statics(4, [(h(1), 12.0), (h(9), 7.5)]))
    assert e.evidence["direction"] == "down" and e.lat is None and e.port is None


def test_vessels_do_not_mix() -> None:
    st_ = pl.concat([statics(5, [(h(1), 5.0)]), statics(6, [(h(2), 9.0)])])
    assert detect(frame(5, []), st_) == []


@settings(max_examples=50)
@given(st.lists(st.one_of(st.none(), st.integers(1, 255).map(lambda x: x / 10.0)),
                min_size=0, max_size=12))
def test_properties(draughts: list[float | None]) -> None:
    reports = [(h(3.0 * i), d) for i, d in enumerate(draughts)]
    pos = frame(7, port_stop(7, "KRPUS", T0, 20.0))
    events = detect(pos, statics(7, reports))
    seen = [d for d in draughts if d is not None]
    changes = sum(1 for a, b in pairwise(seen) if abs(b - a) >= 0.3 - 1e-9)
    assert len(events) == changes
    for e in events:
        ev = e.evidence
        assert ev["draught_before_m"] != ev["draught_after_m"]
        assert abs(ev["change_m"]) >= 0.3 - 1e-9 and 0.0 <= e.score <= 1.0
        assert e.start < e.end and h(0) <= e.start
        assert ev["direction"] == ("up" if ev["change_m"] > 0 else "down")
    shifted = detect(pos.with_columns(lon=pl.col("lon") + 360.0), statics(7, reports))
    assert shifted == events
