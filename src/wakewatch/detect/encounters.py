"""The ``encounter`` detector: two vessels side by side, slowly, away from ports.

**Definition** (GFW pipe-encounters, ``files/encounters.md``; Miller et al. 2018): two
vessels at most ``max_distance_m`` (500 m) apart for at least ``min_duration_h`` (2 h), the
median implied speed of *each* below ``max_median_sog_kn`` (2 kn; GFW filters the published
events on the median), the meeting point at least ``min_port_distance_km`` (10 km) from the
nearest port of :func:`wakewatch.geo.ports.nearest_ports` (GFW: 10 km from an anchorage).

**Track preparation** (:mod:`.resample`): every ``(mmsi, hull)`` track is put on a
``resample_min`` (10 min) grid, interpolating only across reports less than
``max_interp_gap_h`` (1 h) apart, longitude the short way round the antimeridian. Pairs
closer than ``max_distance_m`` at the same grid step come from a spatial grid join
(Earth-centred cubes of ~2 km, like GFW's S2 level-12 cells), never from all pairs. A pair's
close steps form one encounter until two of them are ``merge_gap_h`` (4 h) or more apart
(GFW merges raw encounters < 4 h apart): a reception hole of one vessel, or a satellite-only
area where both are heard once per pass, does not cut a meeting in pieces.

**Improvements on GFW.** No UTC-day partitioning: an encounter across midnight is one event
(GFW builds raw encounters per day and relies on merging). Both vessels' medians must be
slow, not their mix. An encounter starts and ends at a close step with both vessels below
``max_median_sog_kn``: two ships leaving an anchorage together and crossing tracks on the
same route for hours do not stretch it (merging alone would). Two ships behind one MMSI
(hulls) are kept apart.

**Event**: ``mmsi`` the smaller MMSI, ``other_mmsi`` the larger; start/end are the first and
last close grid steps; lat/lon the mean meeting point (circular mean of longitude).
``score`` = mean of four factors in [0, 1] — duration (``duration_h / (2 * min_duration_h)``,
capped), closeness (``1 - median_distance / (2 * max_distance_m)``), slowness
(``1 - max median speed / (2 * max_median_sog_kn)``) and distance from port
(``port_km / (3 * min_port_distance_km)``, capped) — all listed in the evidence with the
reports at start and end of each vessel, their point counts, min/median distance and the
thresholds. Partition ``cell``: the result depends only on the positions given.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np
import polars as pl

from wakewatch.events import Event
from wakewatch.geo.ports import nearest_ports

from .base import detector_params, make_event, register
from .evidence import report_ref
from .inputs import DetectInputs
from .resample import pair_runs, shared_pairs

NAME = "encounters"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("max_distance_m", float, 500.0, "m",
           "Two vessels at most this far apart are close (GFW: 0.5 km).")
PARAMS.add("min_duration_h", float, 2.0, "h",
           "An encounter lasts at least this long, first to last close step (GFW: 2 h).")
PARAMS.add("max_median_sog_kn", float, 2.0, "kn",
           "Each vessel's median implied speed over the encounter is below this (GFW: 2 kn).")
PARAMS.add("min_port_distance_km", float, 10.0, "km",
           "The meeting point is at least this far from the nearest port (GFW: 10 km).")
PARAMS.add("merge_gap_h", float, 4.0, "h",
           "Close steps of one pair less than this apart are one encounter (GFW: 4 h).")
PARAMS.add("resample_min", int, 10, "min",
           "Tracks are compared on a grid of this step (GFW: 10 min).")
PARAMS.add("max_interp_gap_h", float, 1.0, "h",
           "Grid points are interpolated only between reports less than this apart "
           "(GFW: 1 h).")

_PAIR = ["a_mmsi", "a_hull", "b_mmsi", "b_hull"]


def _circ(col: str) -> list[pl.Expr]:
    r = pl.col(col).radians()
    return [r.sin().mean().alias(f"_{col}_s"), r.cos().mean().alias(f"_{col}_c")]


def candidate_runs(positions: pl.DataFrame, params: Mapping[str, Any]) -> pl.DataFrame:
    """Every pair's merged close interval, before the duration, speed and port filters.

    One row per run: the pair, ``k_first``/``k_last`` grid steps, ``steps``, distances,
    each vessel's median speed, the mean meeting point, the raw rows (``*_i_first`` is the
    report before the first step, ``*_i_last + 1`` the one after the last).
    """
    step_s = int(params["resample_min"]) * 60
    pairs = shared_pairs(positions, step_s, float(params["max_interp_gap_h"]) * 3600.0,
                         float(params["max_distance_m"]))
    runs = pair_runs(pairs, step_s, float(params["merge_gap_h"]) * 3600.0)
    # an encounter starts and ends with both vessels slow: close steps of the two steaming
    # off together along one route are not part of it
    slow = ((pl.col("a_speed_kn") < params["max_median_sog_kn"])
            & (pl.col("b_speed_kn") < params["max_median_sog_kn"])).fill_null(False)
    runs = runs.filter((slow.cum_sum().over("run") > 0)
                       & (slow.cum_sum(reverse=True).over("run") > 0))
    mid_lon = pl.col("a_lon") + ((pl.col("b_lon") - pl.col("a_lon") + 180.0) % 360.0
                                 - 180.0) / 2.0
    runs = runs.with_columns(_mlat=(pl.col("a_lat") + pl.col("b_lat")) / 2.0, _mlon=mid_lon)
    agg = runs.group_by("run", maintain_order=True).agg(
        *[pl.col(c).first() for c in _PAIR], *_circ("_mlon"),
        k_first=pl.col("k").first(), k_last=pl.col("k").last(), steps=pl.len(),
        min_distance_m=pl.col("distance_m").min(),
        median_distance_m=pl.col("distance_m").median(),
        a_median_kn=pl.col("a_speed_kn").median(), b_median_kn=pl.col("b_speed_kn").median(),
        a_i_first=pl.col("a_i_prev").first(), a_i_last=pl.col("a_i_prev").last(),
        b_i_first=pl.col("b_i_prev").first(), b_i_last=pl.col("b_i_prev").last(),
        lat=pl.col("_mlat").mean())
    return agg.with_columns(
        duration_h=(pl.col("k_last") - pl.col("k_first")) * step_s / 3600.0,
        lon=pl.arctan2(pl.col("__mlon_s"), pl.col("__mlon_c")).degrees(),
    ).drop(["__mlon_s", "__mlon_c"])


def _ts(k: int, step_s: int) -> datetime:
    return datetime.fromtimestamp(k * step_s, UTC)


def _vessel(pos: pl.DataFrame, side: str, r: Mapping[str, Any]) -> dict[str, Any]:
    first, last = int(r[f"{side}_i_first"]), int(r[f"{side}_i_last"]) + 1
    return {"mmsi": int(r[f"{side}_mmsi"]), "hull": int(r[f"{side}_hull"]),
            "start_report": report_ref(pos.row(first, named=True)),
            "end_report": report_ref(pos.row(last, named=True)),
            "points": last - 1 - first,
            "median_speed_kn": round(float(r[f"{side}_median_kn"]), 2)}


def _score(r: Mapping[str, Any], port_km: float, p: Mapping[str, Any]) -> dict[str, float]:
    return {
        "duration": min(1.0, r["duration_h"] / (2.0 * p["min_duration_h"])),
        "closeness": 1.0 - r["median_distance_m"] / (2.0 * p["max_distance_m"]),
        "slowness": 1.0 - max(r["a_median_kn"], r["b_median_kn"])
        / (2.0 * p["max_median_sog_kn"]),
        "port_distance": min(1.0, port_km / (3.0 * max(p["min_port_distance_km"], 1e-9))),
    }


@register(NAME, kinds=("encounter",), version=VERSION, partition="cell")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every encounter event in ``inputs``."""
    pos = inputs.positions
    runs = candidate_runs(pos, params)
    runs = runs.filter(
        (pl.col("duration_h") >= params["min_duration_h"])
        & (pl.col("a_median_kn") < params["max_median_sog_kn"])
        & (pl.col("b_median_kn") < params["max_median_sog_kn"]))
    if runs.is_empty():
        return []
    near = nearest_ports(runs.get_column("lat").to_numpy(), runs.get_column("lon").to_numpy())
    port_m = np.full(runs.height, np.inf)
    locode: list[str | None] = [None] * runs.height
    name: list[str | None] = [None] * runs.height
    for q, d, lc, nm in near.select("query", "distance_m", "locode", "name").iter_rows():
        port_m[q], locode[q], name[q] = d, lc, nm
    step_s = int(params["resample_min"]) * 60
    thresholds = {k: params[k] for k in PARAMS.params}
    events = []
    for i, r in enumerate(runs.iter_rows(named=True)):
        port_km = float(port_m[i]) / 1000.0
        if port_km < params["min_port_distance_km"]:
            continue
        factors = _score(r, port_km, params)
        hulls = (int(r["a_hull"]), int(r["b_hull"]))
        evidence = {
            "duration_h": round(r["duration_h"], 3), "steps": int(r["steps"]),
            "min_distance_m": round(r["min_distance_m"], 1),
            "median_distance_m": round(r["median_distance_m"], 1),
            "vessels": [_vessel(pos, "a", r), _vessel(pos, "b", r)],
            "nearest_port": {"locode": locode[i], "name": name[i],
                             "distance_km": round(port_km, 2)},
            "score_factors": {k: round(v, 3) for k, v in factors.items()},
            "thresholds": thresholds,
        }
        events.append(make_event(
            "encounter", r["a_mmsi"], _ts(r["k_first"], step_s), _ts(r["k_last"], step_s),
            other_mmsi=r["b_mmsi"], detector=NAME, version=VERSION, params=params,
            score=sum(factors.values()) / len(factors), evidence=evidence, lat=r["lat"],
            lon=r["lon"], key="" if hulls == (0, 0) else f"hulls={hulls[0]},{hulls[1]}"))
    return events
