"""The building blocks of ``destination_mismatch``: declaration runs, voyage stretches, and
sea-route distances to a declared port.

* :func:`declaration_runs` — per ``(mmsi, hull)``, consecutive static reports whose
  destination parses to the same port (or to no port: ``FOR ORDERS``, unknown text) form
  one *declaration run*, from its first report until the next run's first report (the
  hull's last position for the last run). Blank destinations carry no claim and are
  skipped. Static reports belong to the hull whose position report is nearest in time.
* :func:`stretches` — the vessel's time between port visits
  (:func:`wakewatch.detect.port_visits.port_visits`, the ``port_calls`` detector's
  definition), each with the visit that ends it, if any.
* :class:`RouteDistances` — sea-route distance from points to a port over searoute's
  network (the one :func:`wakewatch.geo.routes.sea_route` uses): one Dijkstra from the
  port over the whole network, then a vectorised nearest-node lookup per point — never a
  searoute call per position.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, lru_cache
from heapq import heappop, heappush
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from wakewatch.geo.destinations import parse_destinations
from wakewatch.geo.ports import port_by_locode
from wakewatch.geo.routes import EARTH_RADIUS_M, haversine_m, normalize_lon

__all__ = ["RouteDistances", "declaration_runs", "stretches", "vessel_bounds"]

_STATIC_REF = ("ts", "destination", "source", "file_sha256", "line_no")
_RESTRICTED = ("northwest",)
JOIN_FACTOR = 1.5
"""A point may join the network at any node up to this many times as far as the nearest..."""
JOIN_MARGIN_M = 150_000.0
"""... or this much farther than the nearest."""
FloatArray = npt.NDArray[np.float64]


def declaration_runs(statics: pl.DataFrame, positions: pl.DataFrame,
                     bounds: npt.NDArray[np.int64] | None = None
                     ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(runs, parsed statics). Runs: ``run``, ``mmsi``, ``hull``, ``locode``,
    ``port_name``, ``text`` (most frequent raw text), ``confidence``, ``method``,
    ``start``, ``last`` (last report), ``end`` (next run's start or the hull's last
    position), ``n_statics``. Parsed statics: the static rows with ``run`` and the parse.
    ``bounds``: :func:`vessel_bounds` of ``positions`` when already known."""
    st = statics.filter(pl.col("destination").is_not_null()).select(
        "mmsi", "ts", *[c for c in _STATIC_REF if c != "ts"])
    if st.is_empty() or positions.is_empty():
        return pl.DataFrame(), pl.DataFrame()
    parsed = parse_destinations(st.get_column("destination"))
    st = st.join(parsed, on="destination", how="left").filter(pl.col("method") != "empty")
    if bounds is None:
        bounds = vessel_bounds(positions)
    st, ordered = _with_hull(st.sort("mmsi", "ts", "line_no", nulls_last=True), positions,
                             bounds)
    st = st.with_columns(pl.col("hull").fill_null(0))
    if not ordered:  # (one hull per MMSI: sorted by mmsi, ts, line_no is sorted by hull too)
        st = st.sort("mmsi", "hull", "ts", "line_no", nulls_last=True)
    key = pl.coalesce(pl.col("port_locode"), pl.lit("-"))
    new = ((key != key.shift()) | (pl.col("mmsi") != pl.col("mmsi").shift())
           | (pl.col("hull") != pl.col("hull").shift())).fill_null(True)
    st = st.with_columns(run=new.cum_sum())
    last_pos = _hull_ends(positions, bounds)
    runs = (st.group_by("run").agg(
        pl.col("mmsi").first(), pl.col("hull").first(), locode=pl.col("port_locode").first(),
        port_name=pl.col("port_name").first(), text=pl.col("destination").mode().first(),
        confidence=pl.col("confidence").max(), method=pl.col("method").first(),
        start=pl.col("ts").first(), last=pl.col("ts").last(), n_statics=pl.len())
        .sort("mmsi", "hull", "start")
        .join(last_pos, on=["mmsi", "hull"], how="left")
        .with_columns(end=pl.col("start").shift(-1).over("mmsi", "hull"))
        .with_columns(end=pl.coalesce(pl.col("end"), pl.max_horizontal("hull_end", "last")))
        .drop("hull_end"))
    return runs, st


def vessel_bounds(positions: pl.DataFrame) -> npt.NDArray[np.int64] | None:
    """Row offsets where each ``(mmsi, hull)`` starts (plus the height) when ``positions``
    is sorted by ``mmsi, hull`` (the detector shape), else None."""
    m = positions.get_column("mmsi").to_numpy()
    h = positions.get_column("hull").to_numpy()
    if len(m) == 0 or positions.get_column("mmsi").null_count() \
            or positions.get_column("hull").null_count():
        return None
    dm, dh = np.diff(m), np.diff(h)
    if np.any(dm < 0) or np.any((dm == 0) & (dh < 0)):
        return None
    out: npt.NDArray[np.int64] = np.r_[0, np.flatnonzero((dm != 0) | (dh != 0)) + 1, len(m)
                                       ].astype(np.int64)
    return out


def _with_hull(st: pl.DataFrame, positions: pl.DataFrame,
               bounds: npt.NDArray[np.int64] | None) -> tuple[pl.DataFrame, bool]:
    """``st`` (sorted by mmsi, ts) with the ``hull`` of the position report nearest in
    time. An MMSI with a single hull needs no as-of join (the costly part: sorting every
    position by mmsi, ts), so only MMSIs with several hulls take it. The flag: ``st``'s
    row order is kept (every MMSI had a single hull)."""
    if bounds is None:
        return _asof_hull(st, positions), False
    first = bounds[:-1]
    vm = positions.get_column("mmsi").to_numpy()[first]
    vh = positions.get_column("hull").to_numpy()[first]
    dup = vm[1:] == vm[:-1]
    is_multi_vessel = np.r_[dup, False] | np.r_[False, dup]
    multi = pl.Series("mmsi", np.unique(vm[is_multi_vessel]), dtype=pl.Int64)
    single = pl.DataFrame({"mmsi": vm[~is_multi_vessel], "hull": vh[~is_multi_vessel]},
                          schema={"mmsi": pl.Int64, "hull": positions.schema["hull"]})
    if multi.is_empty():
        return st.join(single, on="mmsi", how="left", maintain_order="left"), True
    rows = np.concatenate([np.arange(lo, hi) for lo, hi in zip(
        bounds[:-1][is_multi_vessel], bounds[1:][is_multi_vessel], strict=True)])
    in_multi = pl.col("mmsi").is_in(multi.implode())
    return pl.concat([
        st.filter(~in_multi).join(single, on="mmsi", how="left", maintain_order="left"),
        _asof_hull(st.filter(in_multi), positions[rows])],
        how="vertical_relaxed").sort("mmsi", "ts", maintain_order=True), False


def _asof_hull(st: pl.DataFrame, positions: pl.DataFrame) -> pl.DataFrame:
    hulls = positions.select("mmsi", "ts", "hull").sort("mmsi", "ts")
    return st.join_asof(hulls, on="ts", by="mmsi", strategy="nearest",
                        check_sortedness=False)


def _hull_ends(positions: pl.DataFrame, bounds: npt.NDArray[np.int64] | None
               ) -> pl.DataFrame:
    """``mmsi``, ``hull``, ``hull_end`` (its last report's time)."""
    ts = positions.get_column("ts")
    if bounds is None or ts.null_count():
        return positions.group_by("mmsi", "hull").agg(hull_end=pl.col("ts").max())
    first = bounds[:-1]
    end = np.maximum.reduceat(ts.to_physical().to_numpy(), first)
    return pl.DataFrame({
        "mmsi": positions.get_column("mmsi").gather(first),
        "hull": positions.get_column("hull").gather(first),
        "hull_end": pl.Series(end, dtype=pl.Int64).cast(ts.dtype)})


def _spans(positions: pl.DataFrame, bounds: npt.NDArray[np.int64] | None
           ) -> pl.DataFrame:
    """``mmsi``, ``hull``, ``first``, ``last`` (first and last report time) per hull."""
    ts = positions.get_column("ts")
    if bounds is None or ts.null_count() or positions.is_empty():
        return positions.group_by("mmsi", "hull").agg(first=pl.col("ts").min(),
                                                      last=pl.col("ts").max())
    first = bounds[:-1]
    phys = ts.to_physical().to_numpy()
    return pl.DataFrame({
        "mmsi": positions.get_column("mmsi").gather(first),
        "hull": positions.get_column("hull").gather(first),
        "first": pl.Series(np.minimum.reduceat(phys, first), dtype=pl.Int64).cast(ts.dtype),
        "last": pl.Series(np.maximum.reduceat(phys, first), dtype=pl.Int64).cast(ts.dtype)})


def stretches(visits: pl.DataFrame, positions: pl.DataFrame,
              bounds: npt.NDArray[np.int64] | None = None
              ) -> dict[tuple[int, int], list[dict[str, Any]]]:
    """Per (mmsi, hull): its stretches outside port, in time order: ``start``, ``end`` and
    ``arrival`` (the visit row that ends it, or None at the end of the data)."""
    span = _spans(positions, bounds)
    vis: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for v in visits.sort("mmsi", "hull", "start").iter_rows(named=True):
        vis.setdefault((v["mmsi"], v["hull"]), []).append(v)
    out: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for mmsi, hull, first, last in span.iter_rows():
        prev: datetime = first
        segs = []
        for v in vis.get((mmsi, hull), []):
            if v["start"] > prev:
                segs.append({"start": prev, "end": v["start"], "arrival": v})
            prev = max(prev, v["end"])
        if last > prev:
            segs.append({"start": prev, "end": last, "arrival": None})
        out[(mmsi, hull)] = segs
    return out


@cache
def _network() -> tuple[Any, list[Any], shapely.STRtree, FloatArray, FloatArray]:
    """searoute's maritime network (the graph :func:`wakewatch.geo.routes.sea_route` uses)
    without its restricted passages: the graph, its nodes, an STRtree over them in degrees
    (searoute snaps to the nearest node in degree space too) and the node coordinates."""
    import networkx as nx  # type: ignore[import-untyped]
    from searoute.searoute import setup_M  # deferred: loads the network (~0.5 s)

    marnet = setup_M()
    graph = nx.Graph()
    graph.add_weighted_edges_from(
        (u, v, float(d["weight"])) for u, v, d in marnet.edges(data=True)
        if d.get("passage") not in _RESTRICTED and d.get("weight") is not None)
    nodes = list(graph.nodes)
    lon = np.array([float(n[0]) for n in nodes])
    lat = np.array([float(n[1]) for n in nodes])
    return graph, nodes, shapely.STRtree(shapely.points(lon, lat)), lat, lon


@cache
def _adjacency() -> tuple[list[list[int]], list[list[float]]]:
    """The network as neighbour index and weight lists per node (in ``_network`` order)."""
    graph, nodes, _, _, _ = _network()
    at = {n: i for i, n in enumerate(nodes)}
    idx = [[at[v] for v in graph.adj[n]] for n in nodes]
    wts = [[float(d["weight"]) for d in graph.adj[n].values()] for n in nodes]
    return idx, wts


def _dijkstra(src: int) -> list[float]:
    """Network distance (km) from node ``src`` to every node (inf if unreachable): the
    single-source Dijkstra of ``networkx`` (a node's distance is the least ``dist[u] + w``
    over its settled neighbours, so the floats are the same), on plain lists — twice as
    fast as on the graph's dicts."""
    idx, wts = _adjacency()
    dist = [math.inf] * len(idx)
    best = dist.copy()
    done = [False] * len(idx)
    best[src] = 0.0
    heap = [(0.0, src)]
    while heap:
        d, u = heappop(heap)
        if done[u]:
            continue
        done[u] = True
        dist[u] = d
        for v, w in zip(idx[u], wts[u], strict=True):
            nd = d + w
            if not done[v] and nd < best[v]:
                best[v] = nd
                heappush(heap, (nd, v))
    return dist


@lru_cache(maxsize=512)
def _port_field(lat: float, lon: float) -> FloatArray:
    """Metres by sea from every network node to the point (lat, lon): one Dijkstra."""
    _, _, tree, nlat, nlon = _network()
    src = int(tree.query_nearest(shapely.points(lon, lat))[0])
    km = np.array(_dijkstra(src))
    return np.asarray(km * 1000.0 + float(haversine_m(nlat[src], nlon[src], lat, lon)),
                      dtype=np.float64)


@dataclass
class RouteDistances:
    """Sea-route distance from points to ports over searoute's network: one single-source
    Dijkstra from each port (cached per process, ~0.1 s), then a point costs a few
    node lookups (:meth:`distance_m`) — the path :func:`wakewatch.geo.routes.sea_route`
    takes (point -> node -> network -> port's node -> port), without a searoute call per
    position. The Northwest passage is excluded, as in ``sea_route``."""

    port_rows: dict[str, Mapping[str, Any] | None] = field(default_factory=dict)

    def port(self, locode: str) -> Mapping[str, Any] | None:
        if locode not in self.port_rows:
            self.port_rows[locode] = port_by_locode(locode)
        return self.port_rows[locode]

    def _field(self, locode: str) -> FloatArray | None:
        p = self.port(locode)
        return None if p is None else _port_field(float(p["lat"]), float(p["lon"]))

    def distance_m(self, lat: npt.ArrayLike, lon: npt.ArrayLike, locode: str) -> FloatArray:
        """Metres by sea from each point to the port (NaN for an unknown port): the least
        of (straight line to a node + network distance from that node) over the nodes
        within :data:`JOIN_FACTOR` x the nearest node's distance (and at least
        :data:`JOIN_MARGIN_M` farther) — not searoute's nearest node alone, which in open
        seas (nodes 200-300 km apart in the Sea of Japan) can lie behind a ship sailing
        toward the port, so that the distance grows while it approaches."""
        la = np.atleast_1d(np.asarray(lat, dtype=np.float64))
        lo = normalize_lon(np.atleast_1d(np.asarray(lon, dtype=np.float64)))
        f = self._field(locode)
        if f is None:
            return np.full(la.shape, math.nan)
        _, _, tree, nlat, nlon = _network()
        pts = shapely.points(lo, la)
        pi, ni = tree.query_nearest(pts, all_matches=False)
        d0 = np.empty(len(la))
        node = np.empty(len(la), dtype=np.int64)
        node[pi] = ni
        d0[pi] = haversine_m(la[pi], lo[pi], nlat[ni], nlon[ni])
        out = f[node] + d0
        radius = np.maximum(JOIN_FACTOR * d0, d0 + JOIN_MARGIN_M)
        ang = np.degrees(radius / EARTH_RADIUS_M)
        deg = ang / np.maximum(np.cos(np.radians(np.minimum(np.abs(la) + ang, 89.0))), 1e-3)
        qi, nj = tree.query(pts, predicate="dwithin", distance=deg)
        join = haversine_m(la[qi], lo[qi], nlat[nj], nlon[nj])
        ok = join <= radius[qi]
        np.minimum.at(out, qi[ok], join[ok] + f[nj[ok]])
        return np.asarray(out, dtype=np.float64)

    def __call__(self, lat: float, lon: float, locode: str) -> float:
        return float(self.distance_m(lat, lon, locode)[0])
