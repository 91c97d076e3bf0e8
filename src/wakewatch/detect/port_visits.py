"""Port visits of every vessel: the shared core of ``port_call`` and ``draught_change``.

**Where is a port?** GFW (``../shared/domain/maritime-anchors.md`` §1.1, pipe-anchorages)
builds ports from *anchorages*: S2 cells where >= 20 vessels stopped, several per port, and
a port visit starts within 3 km of any of them. wakewatch has no anchorage layer, only one
gazetteer point per port (:mod:`wakewatch.geo.ports`: WPI + searoute, UN/LOCODEs), and
that point is often the town centre, on land, kilometres from the berths (Vostochnyy's WPI
point lies 3.5 km from the nearest water 300 m off the coast). So a position is *in port*:

* **core** — within ``entry_radius_km`` (3 km) of a port: PORT_ENTRY, as GFW; or
* **anchorage** — stopped (SOG < ``stop_max_sog_kn``) within ``anchorage_radius_km``
  (8 km) of a port: the stand-in for GFW's ring of anchorages around the port (under GFW's
  10 km encounter exclusion, so such a stop could never be an encounter either);

and it stays in port (hysteresis, no flapping on the ring) until PORT_EXIT: beyond
``exit_radius_km`` (4 km) while moving at >= ``anchorage_exit_sog_kn`` (2 kn, GFW's
"slow" threshold), or beyond ``anchorage_radius_km`` plus the same 1 km margin. A gap
between two in-port positions is an *in-port gap* and does not end the visit (GFW).

**A visit** is a run of in-port positions of one ``(mmsi, hull)``. Its port is the one
nearest to most of its stopped positions (all positions when it never stopped); ``start``
and ``end`` are its first and last report in port. Like GFW it carries a confidence:
1 = entry/exit only; 2 = stop/gap only; 3 = entry or exit plus stop/gap; 4 = both plus
stop/gap, where *entry* means a position outside precedes the visit, *exit* one follows,
*stop* = consecutive positions under ``stop_max_sog_kn`` and *gap* = in-port silence
longer than ``in_port_gap_h`` (GFW: 4 h). Visits shorter than ``min_visit_h`` (3 h, GFW
Carrier Vessel Portal) or under ``min_confidence`` (2, GFW products) are dropped — except
that a visit cut by the edge of the data (no report of the vessel before or after it) is
only *known* to be at least that long: it is kept once it shows ``min_cut_stop_min``
(5 min: two stopped reports that GFW's 5-minute thinning would keep) of stop. An in-port
silence longer than ``max_in_port_gap_h`` (72 h) splits the visit in two, each cut there
(the ship may have sailed and come back unheard).

Vectorised: ports are spread over a 0.1° grid once (each port into the cells its
search radius touches, longitudes wrapped, so the antimeridian needs nothing special),
positions join their cell, and the distances are Polars expressions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
import polars as pl

from wakewatch.geo.ports import ports
from wakewatch.geo.routes import EARTH_RADIUS_M, normalize_lon

from .base import detector_params

__all__ = ["PARAMS", "VISIT_COLUMNS", "port_visits"]

PARAMS = detector_params("port_calls")
PARAMS.add("entry_radius_km", float, 3.0, "km",
           "PORT_ENTRY: a report this close to a port's gazetteer point is in port "
           "(GFW: 3 km of an anchorage).")
PARAMS.add("exit_radius_km", float, 4.0, "km",
           "PORT_EXIT: beyond this (and moving) the vessel has left (GFW: 4 km; the 1 km "
           "over the entry radius is the hysteresis that stops flapping).")
PARAMS.add("stop_max_sog_kn", float, 0.5, "kn",
           "A report slower than this is stopped (GFW stop ends above 0.5 kn).")
PARAMS.add("anchorage_radius_km", float, 8.0, "km",
           "A stop this close to a port is in port too (stand-in for GFW's anchorages "
           "around a port; below GFW's 10 km encounter exclusion).")
PARAMS.add("anchorage_exit_sog_kn", float, 2.0, "kn",
           "Beyond exit_radius_km a vessel this fast has left the port (GFW slow: 2 kn).")
PARAMS.add("in_port_gap_h", float, 4.0, "h",
           "Silence longer than this between in-port reports is an in-port gap (GFW: 4 h).")
PARAMS.add("max_in_port_gap_h", float, 72.0, "h",
           "A longer silence in port splits the visit: the vessel may have left and come "
           "back unheard.")
PARAMS.add("min_visit_h", float, 3.0, "h",
           "Shorter visits are dropped (GFW Carrier Vessel Portal: >= 3 h).")
PARAMS.add("min_cut_stop_min", float, 5.0, "min",
           "A visit cut by the edge of the data (no report before or after it) is kept, "
           "however short, once it shows this much stop time (GFW thins reports to 5 min).")
PARAMS.add("min_confidence", int, 2, "level",
           "Visits with a lower GFW confidence (1 entry/exit only .. 4) are dropped "
           "(GFW products use >= 2).")

_CELL_DEG = 0.1
_NLON = round(360 / _CELL_DEG)
_M_PER_CELL = EARTH_RADIUS_M * math.radians(_CELL_DEG)

VISIT_COLUMNS = (
    "mmsi", "hull", "start", "end", "n_positions", "lat", "lon", "port_id", "locode",
    "port_name", "country", "distance_m", "min_distance_m", "stop_h", "max_silence_h",
    "entry", "exit", "confidence", "first", "last", "before", "after",
)
"""Columns of :func:`port_visits` (``first``/``last``/``before``/``after`` are row structs)."""

_REF = ("ts", "lat", "lon", "sog_kn", "source", "file_sha256", "line_no")


@cache
def _port_cells(radius_m: float) -> pl.DataFrame:
    """cell -> every port whose ``radius_m`` circle may touch that cell."""
    g = ports()
    lat = g["lat"].to_numpy()
    lon = (g["lon"].to_numpy() + 180.0) % 360.0 - 180.0
    idx = np.arange(len(g))
    k_lat = math.ceil(radius_m / _M_PER_CELL) + 1
    coslat = np.cos(np.radians(np.minimum(np.abs(lat) + (k_lat + 1) * _CELL_DEG, 89.0)))
    k_lon = np.minimum(np.ceil(radius_m / (_M_PER_CELL * coslat)).astype(np.int64) + 1,
                       _NLON // 2)
    clat0 = np.floor(lat / _CELL_DEG).astype(np.int64)
    clon0 = np.floor((lon + 180.0) / _CELL_DEG).astype(np.int64)
    parts = []
    for dl in range(-k_lat, k_lat + 1):
        n = 2 * k_lon + 1
        rep = np.repeat(idx, n)
        off = np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n) - np.repeat(k_lon, n)
        parts.append(pl.DataFrame({
            "cell": (clat0[rep] + dl) * _NLON + (clon0[rep] + off) % _NLON,
            "port_idx": rep.astype(np.int32)}))
    info = g.select(port_lat="lat", port_lon="lon").with_row_index("port_idx").with_columns(
        pl.col("port_idx").cast(pl.Int32), pl.col("port_lon").map_batches(normalize_lon))
    cells = pl.concat(parts).unique().join(info, on="port_idx")
    # keep a cell only if its nearest point to the port lies within the radius
    c_lat0 = (pl.col("cell") // _NLON) * _CELL_DEG
    c_lon0 = (pl.col("cell") % _NLON) * _CELL_DEG - 180.0
    d_lon = (pl.col("port_lon") - c_lon0 + 180.0) % 360.0 - 180.0  # port east of cell edge
    near_lat = pl.col("port_lat").clip(c_lat0, c_lat0 + _CELL_DEG)
    near_lon = c_lon0 + d_lon.clip(0.0, _CELL_DEG)
    near = _haversine(near_lat, near_lon, pl.col("port_lat"), pl.col("port_lon"))
    return cells.filter(near <= radius_m)


def _haversine(lat1: pl.Expr, lon1: pl.Expr, lat2: pl.Expr, lon2: pl.Expr) -> pl.Expr:
    p1, p2 = lat1.radians(), lat2.radians()
    a = ((p2 - p1) / 2).sin() ** 2 + p1.cos() * p2.cos() * ((lon2 - lon1).radians() / 2).sin() ** 2
    return 2 * EARTH_RADIUS_M * a.sqrt().clip(0.0, 1.0).arcsin()


def nearest_port_within(lat: pl.Series, lon: pl.Series, radius_m: float
                        ) -> tuple[pl.Series, pl.Series]:
    """``port_idx`` (row of :func:`wakewatch.geo.ports.ports`) and ``port_dist_m`` of the
    nearest port within ``radius_m`` of each point, null where there is none."""
    n = len(lat)
    cell = ((pl.col("lat") / _CELL_DEG).floor().cast(pl.Int64) * _NLON
            + ((pl.col("lon") + 180.0) / _CELL_DEG).floor().cast(pl.Int64) % _NLON)
    pos = pl.DataFrame({"lat": lat, "lon": lon}).with_row_index("_row").with_columns(
        cell=cell)
    cand = (pos.join(_port_cells(radius_m), on="cell")
            .with_columns(port_dist_m=_haversine(pl.col("lat"), pl.col("lon"),
                                                 pl.col("port_lat"), pl.col("port_lon")))
            .filter(pl.col("port_dist_m") <= radius_m)
            .sort(["_row", "port_dist_m", "port_idx"])
            .unique("_row", keep="first", maintain_order=True))
    rows = cand.get_column("_row").cast(pl.Int64)
    idx = pl.repeat(None, n, dtype=pl.Int32, eager=True).alias("port_idx").scatter(
        rows, cand.get_column("port_idx"))
    dist = pl.repeat(None, n, dtype=pl.Float64, eager=True).alias("port_dist_m").scatter(
        rows, cand.get_column("port_dist_m"))
    return idx, dist


def _in_port(positions: pl.DataFrame, p: Mapping[str, Any]) -> pl.DataFrame:
    """Per position: nearest port, ``stopped``, ``new_vessel`` and the state ``inside``."""
    entry, exit_ = p["entry_radius_km"] * 1e3, p["exit_radius_km"] * 1e3
    anch = p["anchorage_radius_km"] * 1e3
    outer = max(exit_, anch + exit_ - entry)
    idx, dist = nearest_port_within(positions.get_column("lat"),
                                    positions.get_column("lon"), outer)
    d = pl.col("port_dist_m")
    stopped = pl.col("sog_kn") < p["stop_max_sog_kn"]
    slow = pl.col("sog_kn") < p["anchorage_exit_sog_kn"]
    enter = (d <= entry) | ((d <= anch) & stopped.fill_null(False))
    leave = d.is_null() | (d > outer) | ((d > exit_) & ~slow.fill_null(True))
    new_vessel = (pl.col("mmsi").ne(pl.col("mmsi").shift())
                  | pl.col("hull").ne(pl.col("hull").shift())).fill_null(True)
    state = (pl.when(enter).then(True).when(leave | pl.col("new_vessel")).then(False)
             .otherwise(None))
    return (positions.select("mmsi", "hull", "ts", "lat", "lon", "sog_kn")
            .with_columns(idx, dist)
            .with_columns(stopped=stopped.fill_null(False), new_vessel=new_vessel)
            .with_columns(inside=state.forward_fill()))


def _refs(positions: pl.DataFrame, rows: pl.Series) -> pl.Series:
    """Report-reference structs of ``positions`` at ``rows`` (null rows give null)."""
    got = positions.select(_REF)[rows.fill_null(0).cast(pl.Int64).to_list()]
    return got.with_columns(_null=rows.is_null()).select(
        pl.when(pl.col("_null")).then(None).otherwise(pl.struct([pl.col(c) for c in _REF]))
    ).to_series()


def port_visits(positions: pl.DataFrame, params: Mapping[str, Any] | None = None
                ) -> pl.DataFrame:
    """Every port visit in ``positions`` (detector shape: sorted by mmsi, hull, ts), one row
    each with :data:`VISIT_COLUMNS`; parameters default to the ``port_calls`` detector's."""
    p = PARAMS.resolve(params)
    df = _in_port(positions, p)
    nxt_vessel = pl.col("new_vessel").shift(-1).fill_null(True)
    dt_h = (pl.col("ts").shift(-1) - pl.col("ts")).dt.total_seconds() / 3600.0
    df = df.with_columns(dt_h=dt_h).with_columns(
        split=pl.col("inside") & pl.col("inside").shift().fill_null(False)
        & ~pl.col("new_vessel") & (pl.col("dt_h").shift() > p["max_in_port_gap_h"]))
    nxt_split = pl.col("split").shift(-1).fill_null(False)
    start = pl.col("inside") & (pl.col("new_vessel") | pl.col("split")
                                | ~pl.col("inside").shift().fill_null(False))
    df = df.with_row_index("_row").with_columns(
        visit=start.cum_sum(),
        has_before=~pl.col("new_vessel") & ~pl.col("split"),
        has_after=~nxt_vessel & ~nxt_split,
        next_in=pl.col("inside").shift(-1).fill_null(False) & ~nxt_vessel & ~nxt_split,
        next_stopped=pl.col("stopped").shift(-1).fill_null(False),
    ).filter(pl.col("inside"))
    if df.is_empty():
        return _empty()
    gap_h = p["in_port_gap_h"]
    inner = pl.col("next_in") & pl.col("dt_h").is_not_null()
    stop_pair = inner & pl.col("stopped") & pl.col("next_stopped") & (pl.col("dt_h") <= gap_h)
    port = (df.group_by("visit", "port_idx")
            .agg(n_stop=pl.col("stopped").sum(), n=pl.len(), dist=pl.col("port_dist_m").mean())
            .sort(["visit", "n_stop", "n", "dist"], descending=[False, True, True, False])
            .unique("visit", keep="first").select("visit", "port_idx"))
    rad = pl.col("lon").radians()
    v = df.group_by("visit").agg(
        pl.col("mmsi").first(), pl.col("hull").first(),
        start=pl.col("ts").first(), end=pl.col("ts").last(), n_positions=pl.len(),
        lat=pl.col("lat").mean(),
        lon=pl.arctan2(rad.sin().sum(), rad.cos().sum()).degrees(),
        min_distance_m=pl.col("port_dist_m").min(),
        stop_h=pl.when(stop_pair).then(pl.col("dt_h")).otherwise(0.0).sum(),
        max_silence_h=pl.when(inner).then(pl.col("dt_h")).otherwise(0.0).max(),
        first_row=pl.col("_row").first(), last_row=pl.col("_row").last(),
        entry=pl.col("has_before").first(), exit=pl.col("has_after").last(),
    ).join(port, on="visit")
    info = ports().select(port_id="port_id", locode=pl.coalesce(
        pl.col("locode"), pl.col("locode_aliases").list.first()), port_name="name",
        country="country", port_lat="lat", port_lon="lon").with_row_index("port_idx")
    v = v.join(info.with_columns(pl.col("port_idx").cast(pl.Int32)), on="port_idx")
    stop_or_gap = (pl.col("stop_h") > 0) | (pl.col("max_silence_h") > gap_h)
    entry, exit_ = pl.col("entry"), pl.col("exit")
    conf = (pl.when(~stop_or_gap).then(1)
            .when(entry & exit_).then(4).when(entry | exit_).then(3).otherwise(2))
    dur_h = (pl.col("end") - pl.col("start")).dt.total_seconds() / 3600.0
    v = v.with_columns(
        lon=(pl.col("lon") + 180.0) % 360.0 - 180.0, confidence=conf.cast(pl.Int8),
        distance_m=_haversine(pl.col("lat"), pl.col("lon"), pl.col("port_lat"),
                              pl.col("port_lon")),
    ).filter(((dur_h >= p["min_visit_h"])
               | (~(entry & exit_) & (pl.col("stop_h") * 60.0 >= p["min_cut_stop_min"])))
             & (pl.col("confidence") >= p["min_confidence"])).sort(["mmsi", "hull", "start"])
    first, last = v.get_column("first_row"), v.get_column("last_row")
    before = pl.when(v.get_column("entry")).then(first - 1).otherwise(None)
    after = pl.when(v.get_column("exit")).then(last + 1).otherwise(None)
    return v.with_columns(
        first=_refs(positions, first), last=_refs(positions, last),
        before=_refs(positions, v.select(before).to_series()),
        after=_refs(positions, v.select(after).to_series()),
    ).select(VISIT_COLUMNS)


def _empty() -> pl.DataFrame:
    return pl.DataFrame(schema={"mmsi": pl.Int64, "hull": pl.Int32}).select(
        pl.col("mmsi"), pl.col("hull"),
        *[pl.lit(None).alias(c) for c in VISIT_COLUMNS[2:]])
