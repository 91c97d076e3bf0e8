"""The ``dark_port_call`` detector: a gap during which a port of concern was within reach.

**Definition** (DESIGN.md event table; the dark calls at Rajin of the 2023-24 DPRK → Russia
run, ``../shared/domain/maritime-anchors.md`` §3). For every gap of a vessel — found by the
``gap`` detector's own functions (:func:`.gaps.find_gaps`, its parameters), so the gap,
its intentional score and its evidence are the gap event's — and every port of concern
(:mod:`wakewatch.geo.concern`: the shipped list or ``--watch-ports``):

* **plausible speed** ``v`` — the vessel's own p90 under-way SOG, within a floor and a cap
  (:func:`.dark_evidence.plausible_speeds`);
* **reachable and back** — sea-route distance OFF → port (``d_out``) plus port → ON
  (``d_back``) at ``v``: ``travel_h = (d_out + d_back) / v``, and the time that could have
  been spent in port ``possible_stay_h = duration_h − travel_h >= min_stay_h`` (3 h: GFW's
  shortest port visit). Straight-line distances prefilter the pairs first (the
  reachability ellipse, :mod:`.reachability`), so only a few get a sea route;
* the port is not the one the vessel was heard in at OFF or ON (within ``in_port_km``):
  a silence at the berth is a heard port call (``port_call``), not a dark one.

**One event per gap**, at the reachable port the gap fits best: the least travel (the most
possible stay). The other reachable ports are listed in the evidence with their figures.
The port is chosen by fit alone: prior calls are corroboration, not a pull — a ship that
calls openly at Vostochny and goes dark on the way to Rajin must not have its dark call
placed at Vostochny because it was heard there before.

**Score** (weights are declared parameters, summing to 1):
``w_reachable`` + ``w_fit`` · possible_stay_h / duration_h + ``w_draught`` · [draught changed
by >= ``draught_min_change_m`` across the gap] + ``w_destination`` · [declared destination
changed] + ``w_prior_calls`` · [earlier heard calls at that port] + ``w_gap`` · the gap's
intentional score. Reachable only: 0.3-0.6 (low/moderate); with a draught change up to 0.8;
with history or a new destination up to 1. Events scoring under ``min_score`` are dropped.

Evidence: the gap (times, duration, OFF/ON report references, intentional score, gap event
id), the port (id, name, category, reason), ``distance_out_m``/``distance_back_m`` and how
measured (``route``: sea/straight), ``plausible_speed_kn`` and its derivation,
``travel_h``, ``possible_stay_h``, draught and destination before/after with their static
report references, ``prior_calls``, ``reachability`` (foci, ``budget_m`` = v · duration,
and a 72-vertex ``polygon`` of the straight-line ellipse), ``other_reachable_ports`` and the
thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl

from wakewatch.events import Event, event_id
from wakewatch.geo.concern import WatchPorts, shipped_ports

from . import gaps as gap_detector
from .base import detector_params, make_event, register
from .dark_evidence import (
    normalize_destination,
    plausible_speeds,
    prior_calls,
    prior_json,
    static_ref,
    statics_across,
)
from .evidence import report_ref, rounded
from .inputs import DetectInputs
from .reachability import KN_M_PER_H, ellipse_polygons, sea_distances, straight_candidates

__all__ = ["NAME", "PARAMS", "VERSION", "run"]

NAME = "dark_port_call"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("speed_quantile", float, 0.9, "quantile",
           "Plausible speed = this quantile of the vessel's own under-way SOG (p90).")
PARAMS.add("underway_min_sog_kn", float, 3.0, "kn",
           "Reports at least this fast are under way (count towards the speed quantile).")
PARAMS.add("min_underway_reports", int, 10, "reports",
           "With fewer under-way reports the vessel's speed is min_speed_kn.")
PARAMS.add("min_speed_kn", float, 8.0, "kn",
           "Floor of the plausible speed (a slow-reporting ship may still have sailed).")
PARAMS.add("max_speed_kn", float, 20.0, "kn",
           "Cap of the plausible speed (cargo ships rarely sustain more).")
PARAMS.add("min_stay_h", float, 3.0, "h",
           "A port is reported only if at least this long could have been spent in it "
           "(GFW's shortest port visit: 3 h).")
PARAMS.add("in_port_km", float, 9.0, "km",
           "OFF or ON this close to a port means the vessel was heard in it (port_call "
           "anchorage radius 8 km + 1 km exit margin): not a dark call there.")
PARAMS.add("statics_window_h", float, 24.0, "h",
           "Draught / destination before (after) the gap: the last (first) static report "
           "within this long of OFF (ON).")
PARAMS.add("draught_min_change_m", float, 0.3, "m",
           "A draught change across the gap at least this large corroborates a call "
           "(draught_change detector: 0.3 m).")
PARAMS.add("prior_call_radius_km", float, 10.0, "km",
           "An earlier port visit whose position is this close to the port counts as a "
           "call there (ports of concern without a UN/LOCODE).")
PARAMS.add("w_reachable", float, 0.3, "score", "Score for a reachable port.")
PARAMS.add("w_fit", float, 0.2, "score", "Score weight of possible_stay_h / duration_h.")
PARAMS.add("w_draught", float, 0.2, "score", "Score for a draught change across the gap.")
PARAMS.add("w_destination", float, 0.1, "score",
           "Score for a declared destination that changed across the gap.")
PARAMS.add("w_prior_calls", float, 0.1, "score",
           "Score for earlier heard calls of the vessel at that port.")
PARAMS.add("w_gap", float, 0.1, "score", "Score weight of the gap's intentional score.")
PARAMS.add("min_score", float, 0.0, "score", "Events scoring less are not reported.")
PARAMS.add("max_gap_h", float, 336.0, "h",
           "Gaps longer than this are not read as one dark call: a silence of weeks to years "
           "is another stretch of the vessel's history (logs of different years, a reused "
           "MMSI), within reach of every port. 14 days covers the 2023-24 Rajin round trips.")


def _candidates(gaps: pl.DataFrame, wp: WatchPorts, p: Mapping[str, Any]) -> pl.DataFrame:
    """Reachable (gap, port) pairs: ``_g``, ``_p``, distances, route, travel and stay."""
    f = {c: gaps[c].to_numpy() for c in ("lat", "lon", "on_lat", "on_lon", "duration_h",
                                         "speed_kn")}
    g, pi, so, sb = straight_candidates(f["lat"], f["lon"], f["on_lat"], f["on_lon"],
                                        f["duration_h"], f["speed_kn"], wp.lat, wp.lon,
                                        p["min_stay_h"], p["in_port_km"] * 1e3)
    if len(g) == 0:
        return pl.DataFrame()
    d_out, d_back, how = sea_distances(f["lat"][g], f["lon"][g], f["on_lat"][g],
                                       f["on_lon"][g], wp.lat[pi], wp.lon[pi], so, sb,
                                       p["in_port_km"] * 1e3)
    travel = (d_out + d_back) / (f["speed_kn"][g] * KN_M_PER_H)
    stay = f["duration_h"][g] - travel
    ok = stay >= p["min_stay_h"]
    return pl.DataFrame({
        "_g": g[ok].astype(np.int64), "_p": pi[ok].astype(np.int64),
        "d_out": d_out[ok], "d_back": d_back[ok], "route": np.asarray(how)[ok],
        "travel_h": travel[ok], "stay_h": stay[ok]})


def _gap_scores(inputs: DetectInputs, gaps: pl.DataFrame, gp: Mapping[str, Any]
                ) -> pl.DataFrame:
    """The gap detector's intentional score of these gaps (``_g``, ``gap_score``,
    ``intentional``)."""
    shared = gap_detector._reception(inputs, gp)
    rec = gap_detector.reception_during(inputs.positions, gaps, gp, shared)
    scored = gap_detector.score_gaps(pl.concat([gaps, rec], how="horizontal"), gp)
    return scored.select("_g", gap_score="score", intentional="intentional")


@register(NAME, kinds=("dark_port_call",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every dark_port_call event in ``inputs`` (see the module doc)."""
    p = PARAMS.resolve(params)
    gp = gap_detector.PARAMS.resolve(None)
    wp = getattr(inputs, "watch_ports", None) or shipped_ports()
    pos = inputs.positions
    gaps = gap_detector.find_gaps(pos, gp["min_gap_h"], gp["before_h"])
    if gaps.is_empty() or len(wp) == 0:
        return []
    gaps = gaps.with_columns(
        duration_h=(pl.col("on_ts") - pl.col("ts")).dt.total_microseconds() / 3.6e9,
        speed_kn=pl.lit(float(p["max_speed_kn"]))).filter(pl.col("duration_h") <= p["max_gap_h"])
    if gaps.is_empty():
        return []
    # at the cap speed first: only gaps that could reach a port at all need the vessel's own
    f = {c: gaps[c].to_numpy() for c in ("lat", "lon", "on_lat", "on_lon", "duration_h",
                                         "speed_kn")}
    g_any, _, _, _ = straight_candidates(f["lat"], f["lon"], f["on_lat"], f["on_lon"],
                                         f["duration_h"], f["speed_kn"], wp.lat, wp.lon,
                                         p["min_stay_h"], p["in_port_km"] * 1e3)
    if len(g_any) == 0:
        return []
    gaps = gaps[np.unique(g_any)].drop("speed_kn").with_row_index("_g").with_columns(
        _g=pl.col("_g").cast(pl.Int64))
    mmsis = gaps.get_column("mmsi").unique().implode()
    speeds = plausible_speeds(pos.filter(pl.col("mmsi").is_in(mmsis)), p)
    gaps = gaps.join(speeds, on=["mmsi", "hull"], how="left").sort("_g")
    pairs = _candidates(gaps, wp, p)
    if pairs.is_empty():
        return []
    ports = wp.table.with_row_index("_p").with_columns(_p=pl.col("_p").cast(pl.Int64))
    pairs = (pairs.join(ports.select("_p", port="locode", port_lat="lat", port_lon="lon"),
                        on="_p")
             .join(gaps.select("_g", "mmsi", "hull", "ts"), on="_g")
             .sort("_g", "travel_h", "_p").with_row_index("_c")
             .with_columns(_c=pl.col("_c").cast(pl.Int64)))
    pairs = pairs.join(prior_calls(pos, pairs, p["prior_call_radius_km"]), on="_c").sort("_c")
    sub = gaps.filter(pl.col("_g").is_in(pairs["_g"].unique().implode()))
    sub = (sub.join(_gap_scores(inputs, sub.drop("speed_kn", "observed_kn",
                                                  "underway_reports", "duration_h"), gp),
                    on="_g")
           .join(statics_across(sub, inputs.statics, p["statics_window_h"]), on="_g"))
    by_gap: dict[int, list[dict[str, Any]]] = {}
    for c in pairs.select("_g", "_p", "d_out", "d_back", "route", "travel_h", "stay_h",
                          "prior_calls", "prior_list").to_dicts():  # sorted by travel
        by_gap.setdefault(c["_g"], []).append(c)
    port_rows = ports.to_dicts()
    budget = sub["speed_kn"].to_numpy() * KN_M_PER_H * sub["duration_h"].to_numpy()
    rings = ellipse_polygons(sub["lat"].to_numpy(), sub["lon"].to_numpy(),
                             sub["on_lat"].to_numpy(), sub["on_lon"].to_numpy(), budget)
    out = []
    for g, ring in zip(sub.to_dicts(), rings, strict=True):
        ev = _event(g, by_gap[g["_g"]], port_rows, ring, p)
        if ev is not None:
            out.append(ev)
    return out


def _corroboration(g: Mapping[str, Any], p: Mapping[str, Any]) -> dict[str, Any]:
    db, da = g["draught_before"], g["draught_after"]
    change = (None if db is None or da is None
              else round(float(da["draught_m"]) - float(db["draught_m"]), 1))
    xb, xa = g["dest_before"], g["dest_after"]
    nb = normalize_destination(None if xb is None else xb["destination"])
    na = normalize_destination(None if xa is None else xa["destination"])
    return {
        "draught_before_m": None if db is None else round(float(db["draught_m"]), 1),
        "draught_after_m": None if da is None else round(float(da["draught_m"]), 1),
        "draught_change_m": change,
        "draught_changed": change is not None
        and abs(change) >= p["draught_min_change_m"] - 1e-9,
        "draught_direction": None if not change else ("up" if change > 0 else "down"),
        "draught_before": static_ref(db), "draught_after": static_ref(da),
        "destination_before": None if xb is None else xb["destination"],
        "destination_after": None if xa is None else xa["destination"],
        "destination_changed": nb is not None and na is not None and nb != na,
        "destination_before_ref": static_ref(xb), "destination_after_ref": static_ref(xa),
    }


def _event(g: Mapping[str, Any], rows: list[dict[str, Any]], ports: list[dict[str, Any]],
           ring: list[list[float]], p: Mapping[str, Any]) -> Event | None:
    best = rows[0]
    port = ports[int(best["_p"])]
    dur = float(g["duration_h"])
    corr = _corroboration(g, p)
    gap_score = float(g["gap_score"])
    factors = {
        "reachable": p["w_reachable"],
        "fit": p["w_fit"] * max(0.0, min(1.0, float(best["stay_h"]) / dur)),
        "draught": p["w_draught"] * float(corr["draught_changed"]),
        "destination": p["w_destination"] * float(corr["destination_changed"]),
        "prior_calls": p["w_prior_calls"] * float(best["prior_calls"] > 0),
        "gap": p["w_gap"] * gap_score}
    score = sum(factors.values())
    if score < p["min_score"]:
        return None
    speed = float(g["speed_kn"])
    budget = speed * KN_M_PER_H * dur
    f1, f2 = (g["lat"], g["lon"]), (g["on_lat"], g["on_lon"])
    off = {c: g[c] for c in gap_detector._GAP_COLS}
    on = {c: g[f"on_{c}"] for c in gap_detector._GAP_COLS}
    evidence = {
        "gap": {"start": rounded(g["ts"]), "end": rounded(g["on_ts"]),
                "duration_h": round(dur, 3), "before": report_ref(off),
                "after": report_ref(on), "intentional_score": round(gap_score, 4),
                "intentional": bool(g["intentional"]),
                "gap_event_id": event_id("gap", int(g["mmsi"]), g["ts"],
                                         detector=gap_detector.NAME, key=str(g["hull"]))},
        "port": {"locode": port["locode"], "name": port["name"],
                 "category": port["category"], "country": port["country"],
                 "reason": port["reason"], "source": port["source"]},
        "distance_out_m": round(float(best["d_out"]), 1),
        "distance_back_m": round(float(best["d_back"]), 1),
        "route": best["route"],
        "plausible_speed_kn": round(speed, 2),
        "speed_derivation": {
            "quantile": p["speed_quantile"], "underway_min_sog_kn": p["underway_min_sog_kn"],
            "underway_reports": int(g["underway_reports"]),
            "observed_kn": None if g["observed_kn"] is None
            else round(float(g["observed_kn"]), 2),
            "floor_kn": p["min_speed_kn"], "cap_kn": p["max_speed_kn"]},
        "travel_h": round(float(best["travel_h"]), 3),
        "possible_stay_h": round(float(best["stay_h"]), 3),
        **corr,
        "prior_calls": prior_json(best["prior_list"]),
        "reachability": {"foci": [[round(float(f1[1]), 5), round(float(f1[0]), 5)],
                                  [round(float(f2[1]), 5), round(float(f2[0]), 5)]],
                         "budget_m": round(budget, 1),
                         "polygon": ring},
        "other_reachable_ports": [_other(r, ports) for r in rows[1:]],
        "score_factors": {k: round(v, 4) for k, v in factors.items()},
        "thresholds": dict(p),
    }
    return make_event("dark_port_call", g["mmsi"], g["ts"], g["on_ts"], detector=NAME,
                      version=VERSION, params=p, score=score, evidence=evidence,
                      lat=port["lat"], lon=port["lon"], port=port["locode"],
                      key=str(g["hull"]))


def _other(r: Mapping[str, Any], ports: list[dict[str, Any]]) -> dict[str, Any]:
    port = ports[int(r["_p"])]
    return {"locode": port["locode"], "name": port["name"], "category": port["category"],
            "distance_out_m": round(float(r["d_out"]), 1),
            "distance_back_m": round(float(r["d_back"]), 1), "route": r["route"],
            "travel_h": round(float(r["travel_h"]), 3),
            "possible_stay_h": round(float(r["stay_h"]), 3),
            "prior_calls": int(r["prior_calls"])}
