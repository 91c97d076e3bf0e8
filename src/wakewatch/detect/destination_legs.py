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
* :class:`RouteDistances` — sea-route distance (:func:`wakewatch.geo.routes.sea_route`)
  from a point to a port, with the point snapped to a ``grid_deg`` grid and cached per
  (cell, port): a track costs one searoute call per cell it crosses, never one per
  position.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import polars as pl

from wakewatch.geo.destinations import parse_destinations
from wakewatch.geo.ports import port_by_locode
from wakewatch.geo.routes import sea_route

__all__ = ["RouteDistances", "declaration_runs", "stretches"]

_STATIC_REF = ("ts", "destination", "source", "file_sha256", "line_no")


def declaration_runs(statics: pl.DataFrame, positions: pl.DataFrame
                     ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(runs, parsed statics). Runs: ``run``, ``mmsi``, ``hull``, ``locode``,
    ``port_name``, ``text`` (most frequent raw text), ``confidence``, ``method``,
    ``start``, ``last`` (last report), ``end`` (next run's start or the hull's last
    position), ``n_statics``. Parsed statics: the static rows with ``run`` and the parse."""
    st = statics.filter(pl.col("destination").is_not_null()).select(
        "mmsi", "ts", *[c for c in _STATIC_REF if c != "ts"])
    if st.is_empty() or positions.is_empty():
        return pl.DataFrame(), pl.DataFrame()
    parsed = parse_destinations(st.get_column("destination"))
    st = st.join(parsed, on="destination", how="left").filter(pl.col("method") != "empty")
    hulls = positions.select("mmsi", "ts", "hull").sort("mmsi", "ts")
    st = (st.sort("mmsi", "ts").join_asof(hulls, on="ts", by="mmsi", strategy="nearest",
                                          check_sortedness=False)
          .with_columns(pl.col("hull").fill_null(0)).sort("mmsi", "hull", "ts", "line_no",
                                                          nulls_last=True))
    key = pl.coalesce(pl.col("port_locode"), pl.lit("-"))
    new = ((key != key.shift()) | (pl.col("mmsi") != pl.col("mmsi").shift())
           | (pl.col("hull") != pl.col("hull").shift())).fill_null(True)
    st = st.with_columns(run=new.cum_sum())
    last_pos = positions.group_by("mmsi", "hull").agg(hull_end=pl.col("ts").max())
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


def stretches(visits: pl.DataFrame, positions: pl.DataFrame) -> dict[tuple[int, int],
                                                                     list[dict[str, Any]]]:
    """Per (mmsi, hull): its stretches outside port, in time order: ``start``, ``end`` and
    ``arrival`` (the visit row that ends it, or None at the end of the data)."""
    span = positions.group_by("mmsi", "hull").agg(first=pl.col("ts").min(),
                                                  last=pl.col("ts").max())
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


@dataclass
class RouteDistances:
    """Sea-route distance from points to ports, cached per (grid cell, port)."""

    grid_deg: float
    cache: dict[tuple[int, int, str], float] = field(default_factory=dict)
    ports: dict[str, Mapping[str, Any] | None] = field(default_factory=dict)

    def port(self, locode: str) -> Mapping[str, Any] | None:
        if locode not in self.ports:
            self.ports[locode] = port_by_locode(locode)
        return self.ports[locode]

    def __call__(self, lat: float, lon: float, locode: str) -> float:
        """Metres by sea from (lat, lon) to the port (NaN for an unknown port)."""
        p = self.port(locode)
        if p is None:
            return math.nan
        i = math.floor(lat / self.grid_deg)
        j = math.floor(((lon + 180.0) % 360.0 - 180.0) / self.grid_deg)
        key = (i, j, locode)
        d = self.cache.get(key)
        if d is None:
            clat = min(89.9, (i + 0.5) * self.grid_deg)
            clon = (j + 0.5) * self.grid_deg
            d = sea_route((clat, clon), (float(p["lat"]), float(p["lon"]))).distance_m
            self.cache[key] = d
        return d
