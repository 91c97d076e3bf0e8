"""destination_mismatch's speed paths give what the plain computations give: port visits
over positions near ports only, the near-port grid mask, hull assignment and spans from
sorted row bounds, and the per-run static slices."""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from port_cases import T0, end_of, frame, leg, offset, port_point, port_stop, stay

from wakewatch.detect import DetectInputs
from wakewatch.detect.destination_legs import declaration_runs, vessel_bounds
from wakewatch.detect.destination_tracks import Statics
from wakewatch.detect.destination_visits import (
    near_port_mask,
    outer_radius_m,
    port_visits_near_ports,
)
from wakewatch.detect.port_visits import nearest_port_within, port_visits

PORTS = ("RUVYP", "KPRJN", "KRPUS", "JPMOJ", "CNSHA")


def fleet(seed: int, n: int = 4) -> pl.DataFrame:
    """``n`` vessels, each calling at a few ports with legs and silences between."""
    rng = np.random.default_rng(seed)
    parts = []
    for k in range(n):
        t = T0 + timedelta(hours=float(rng.uniform(0, 48)))
        seq = [PORTS[int(i)] for i in rng.integers(0, len(PORTS), size=3)]
        rows = stay(t, offset(*port_point(seq[0]), 0.0, 500.0), float(rng.uniform(2, 12)))
        for a, b in pairwise(seq):
            start = offset(*port_point(a), 0.0, 30_000.0)
            rows += leg(end_of(rows, 180), offset(*port_point(a), 0.0, 500.0), start, 10.0)
            gap = float(rng.choice([0.0, 5.0, 80.0]))
            rows += port_stop(0, b, end_of(rows) + timedelta(hours=gap),
                              float(rng.uniform(1, 20)), from_east_m=float(
                                  rng.choice([9_000.0, 30_000.0, 200_000.0])))
        parts.append(frame(273_000_000 + k, rows))
    return DetectInputs.from_frames(pl.concat(parts)).positions


@settings(max_examples=25)
@given(st.integers(0, 10_000))
def test_visits_near_ports_equal_visits_over_every_position(seed: int) -> None:
    pos = fleet(seed)
    assert port_visits_near_ports(pos).equals(port_visits(pos))


@settings(max_examples=50)
@given(st.lists(st.tuples(st.floats(-89.9, 89.9), st.floats(-180.0, 180.0)),
                min_size=1, max_size=50), st.sampled_from(PORTS),
       st.floats(0.0, 20_000.0), st.floats(0.0, 360.0))
def test_near_port_mask_keeps_every_point_with_a_port_within_the_radius(
        pts: list[tuple[float, float]], locode: str, dist_m: float, bearing: float) -> None:
    la0, lo0 = port_point(locode)
    b = np.radians(bearing)
    pts = [*pts, offset(la0, lo0, dist_m * np.cos(b), dist_m * np.sin(b))]
    lat = np.array([p[0] for p in pts])
    lon = np.array([p[1] for p in pts])
    radius = outer_radius_m()
    idx, _ = nearest_port_within(pl.Series(lat), pl.Series(lon), radius)
    mask = near_port_mask(lat, lon, radius)
    assert not np.any(idx.is_not_null().to_numpy() & ~mask)


def test_near_port_mask_keeps_invalid_coordinates_and_drops_open_sea() -> None:
    lat = np.array([np.nan, 0.0, 95.0, -30.0])
    lon = np.array([0.0, np.nan, 0.0, -140.0])  # the last: the open South Pacific
    assert near_port_mask(lat, lon, outer_radius_m()).tolist() == [True, True, True, False]


def test_hull_assignment_and_ends_equal_the_as_of_join() -> None:
    pos = fleet(7, n=3)
    # a second hull for one MMSI: the as-of path for it, the direct join for the others
    two = pos.with_columns(hull=pl.when((pl.col("mmsi") == 273_000_001)
                                        & (pl.col("ts") > pl.col("ts").median()))
                           .then(1).otherwise(pl.col("hull")).cast(pl.Int32)
                           ).sort("mmsi", "hull", "ts")
    every = two.select("mmsi", "ts").gather_every(97)
    sta = every.with_columns(destination=pl.when(pl.int_range(pl.len()) % 3 == 0)
                             .then(pl.lit("VOSTOCHNY")).otherwise(pl.lit("RAJIN")),
                             source=pl.lit("s"), file_sha256=pl.lit("x"),
                             line_no=pl.int_range(pl.len(), dtype=pl.Int64))
    assert vessel_bounds(two) is not None
    assert vessel_bounds(two.reverse()) is None
    fast_runs, fast_st = declaration_runs(sta, two)
    slow_runs, slow_st = declaration_runs(sta, two.reverse())  # unsorted: the plain path
    assert fast_runs.equals(slow_runs)
    assert fast_st.equals(slow_st)
    assert set(fast_st.get_column("hull").unique().to_list()) == {0, 1}


def test_statics_slices_equal_filters() -> None:
    pos = fleet(3, n=2)
    sta = pos.select("mmsi", "ts").gather_every(13).with_columns(
        destination=pl.lit("RAJIN"), source=pl.lit("s"), file_sha256=pl.lit("x"),
        line_no=pl.int_range(pl.len(), dtype=pl.Int64))
    _, parsed = declaration_runs(sta, pos)
    s = Statics(parsed)
    for run in parsed.get_column("run").unique().to_list():
        rows = parsed.filter(pl.col("run") == run)
        t = rows.get_column("ts")
        for start, end in ((t[0], t[-1]), (t[1], t[1]), (t[-1] + timedelta(hours=1),
                                                          t[-1] + timedelta(hours=2)),
                           (t[0] - timedelta(hours=2), t[0] - timedelta(hours=1))):
            carried = rows.filter(pl.col("ts").is_between(start, end))
            if carried.is_empty():
                carried = rows.filter(pl.col("ts") <= end).tail(1)
            n, first, last = s.carried(run, start, end)
            assert n == carried.height
            assert first == (carried.row(0, named=True) if n else None)
            assert last == (carried.row(-1, named=True) if n else None)


def test_own_dijkstra_equals_networkx() -> None:
    import math

    import networkx as nx  # type: ignore[import-untyped]

    from wakewatch.detect.destination_legs import _dijkstra, _network

    graph, nodes, _, _, _ = _network()
    for src in range(0, len(nodes), max(1, len(nodes) // 12)):
        ref = nx.single_source_dijkstra_path_length(graph, nodes[src], weight="weight")
        assert _dijkstra(src) == [ref.get(n, math.inf) for n in nodes]
