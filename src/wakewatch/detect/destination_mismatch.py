"""The ``destination_mismatch`` detector: a declared AIS destination the track contradicts.

**Declared port.** Every static report's destination text is parsed once per distinct text
(:func:`wakewatch.geo.destinations.parse_destination`); consecutive reports naming one port
form a *declaration run* (:func:`.destination_legs.declaration_runs`). Texts naming no port
(``FOR ORDERS``, ``TBA``, unknown words) are never a mismatch.

**Stretches.** The vessel's time outside port visits (the ``port_call`` definition,
:mod:`.port_visits`) is cut into stretches ending at the next visit (or the end of the
data), and each stretch is intersected with each declaration run. A stretch is then split
at every *unseen stop*: a silence of at least ``dark_gap_h`` with the vessel under way
(>= ``underway_min_kn``) on both sides across which it came less than
``dark_progress_fraction`` of (silence x speed) closer to its declared port — it was dark
and went somewhere not on the way (the Rajin pattern: off before arrival, back on after
departure). Evidence, per piece:

* **(b) next port call elsewhere** — the run (declaration unchanged) lasts until the
  stretch's next port visit, and that visit is not at the declared port
  (:func:`wakewatch.geo.destinations.same_port`, or within ``near_declared_m``). A
  stretch that ends at the declared port is honest however it wandered;
* **(a) distance growing** — sampled under way every ``sample_h`` hours, the sea-route
  distance to the declared port (:class:`.destination_legs.RouteDistances`: one Dijkstra
  per declared port over searoute's network, never a searoute call per position) keeps
  growing from the piece's nearest sample to its end (no drop beyond
  ``growth_tolerance_m``) by at least ``min_growth_m`` over at least ``min_growth_h``,
  and the great-circle distance grows by half as much over the same time: the piece ends
  with the vessel sailing away. (A growth in the middle of a piece is not enough, and the
  great-circle check is needed: searoute's network is coarse — nodes 200-300 km apart in
  the open Sea of Japan — so the distance jumps by 100-200 km where the node a point joins
  changes, on tracks that do end at the declared port.)
* **(c) unseen stop** — the piece ends at an unseen stop (above), at least
  ``near_declared_m`` from the declared port.

A silence longer than ``max_silence_h`` (72 h) also cuts a stretch: the pieces before it
are not compared with the port call after it (one MMSI heard in 2010 and again in 2022 in
the real files is no voyage). A piece of at least ``min_stretch_h`` is an event when any of
them holds. ``start``/``end``
= the piece (first and last position of the stretch under that declaration), ``port`` = the
declared LOCODE, lat/lon = the piece's last position, ``score`` = min(1, 0.55 b + 0.35 a
+ 0.3 c) x (0.5 + 0.5 x parse confidence). Evidence: declared text, LOCODE, name, parse
confidence and method, reasons, sea-route distance to the declared port at the first and
last sample (with report references) and the growth, the next port call, the unseen stop,
the static reports carrying the destination (first, last, count) and the thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from itertools import pairwise
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from wakewatch.events import Event
from wakewatch.geo.destinations import same_port
from wakewatch.geo.routes import haversine_m

from .base import detector_params, make_event, register
from .destination_legs import RouteDistances, declaration_runs, stretches, vessel_bounds
from .destination_tracks import Slice, Statics, Tracks, epoch_us
from .destination_visits import port_visits_near_ports
from .evidence import report_ref, rounded
from .inputs import DetectInputs

__all__ = ["NAME", "PARAMS", "VERSION", "run"]

NAME = "destination_mismatch"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("min_stretch_h", float, 2.0, "h",
           "Shorter pieces of a stretch under one declaration are not reported.")
PARAMS.add("sample_h", float, 2.0, "h",
           "The track is sampled under way once per this many hours for route distances.")
PARAMS.add("underway_min_kn", float, 3.0, "kn",
           "A report at least this fast is under way (samples, unseen-stop flanks).")
PARAMS.add("min_growth_m", float, 50_000.0, "m",
           "(a) the sea-route distance to the declared port must grow by at least this ...")
PARAMS.add("min_growth_h", float, 6.0, "h",
           "(a) ... over at least this long.")
PARAMS.add("growth_tolerance_m", float, 50_000.0, "m",
           "(a) a drop of the distance smaller than this does not break a growing stretch "
           "(a point joins searoute's network at one of its nodes, tens to hundreds of km "
           "apart, so the distance jumps when that node changes).")
PARAMS.add("dark_gap_h", float, 12.0, "h",
           "(c) a silence under way at least this long may hide a port call (GFW: an "
           "intentional gap is >= 12 h).")
PARAMS.add("dark_progress_fraction", float, 0.25, "fraction",
           "(c) ... it is an unseen stop when the vessel came back less than this fraction "
           "of (silence x speed) closer to its declared port.")
PARAMS.add("max_silence_h", float, 72.0, "h",
           "A silence longer than this cuts a stretch: what the vessel declared before it "
           "is not compared with the track or the port call after it (port visits split "
           "there too).")
PARAMS.add("change_far_m", float, 500_000.0, "m",
           "(c) a destination change between ports this far apart (great circle) is a real "
           "change of plan, not a correction (Nakhodka -> Vostochny is 17 km).")
PARAMS.add("max_far_changes", int, 1, "count",
           "(c) more far-apart destination changes than this within one stretch at sea "
           "make every declaration of that stretch suspicious.")
PARAMS.add("near_declared_m", float, 30_000.0, "m",
           "A vessel this close to its declared port (a visit, an unseen stop) is where it "
           "said it would go.")

_POS = ("ts", "lat", "lon", "sog_kn", "cog_deg", "source", "file_sha256", "line_no")
_STATIC = ("ts", "destination", "source", "file_sha256", "line_no")
Arr = npt.NDArray[Any]


def _growth(t: Arr, d: Arr, tol: float) -> tuple[float, float]:
    """(growth_m, duration_h) from the piece's nearest point to the declared port to its
    end, when the distance never drops more than ``tol`` below its running maximum on the
    way (else no growth): the vessel ends the piece sailing away."""
    k = int(np.argmin(d))
    tail = d[k:]
    if len(tail) < 2 or np.any(tail < np.maximum.accumulate(tail) - tol):
        return 0.0, 0.0
    return float(tail[-1] - tail[0]), float(t[-1] - t[k]) / 3600.0


def _ref(pos: Slice, i: int) -> dict[str, Any]:
    return report_ref(pos.frame.row(i, named=True))


def _split(ts: Arr, lat: Arr, lon: Arr, sog: Arr, locode: str, dist: RouteDistances,
           p: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Unseen stops: (index before, index after, details) of qualifying silences."""
    out = []
    dt = np.diff(ts)
    uw = sog >= p["underway_min_kn"]
    speed = float(np.nanmedian(sog[uw])) if uw.any() else 0.0
    for g in np.flatnonzero(dt >= p["dark_gap_h"] * 3600.0):
        a, b = int(g), int(g) + 1
        if not (uw[a] and uw[b]):
            continue
        da, db = dist(lat[a], lon[a], locode), dist(lat[b], lon[b], locode)
        expected = dt[g] / 3600.0 * speed * 1852.0
        if da > p["near_declared_m"] and da - db < p["dark_progress_fraction"] * expected:
            out.append({"a": a, "b": b, "before_m": da, "after_m": db,
                        "progress_m": da - db, "expected_m": expected,
                        "duration_h": float(dt[g]) / 3600.0})
    return out


def _pieces(pos: Slice, locode: str, dist: RouteDistances, p: Mapping[str, Any]
            ) -> list[dict[str, Any]]:
    """The pieces of one stretch (positions ``pos``) under one declaration, with (a)/(c)."""
    ts, lat, lon, sog = pos.ts_s, pos.lat, pos.lon, pos.sog
    stops = _split(ts, lat, lon, sog, locode, dist, p)
    cuts = [{"a": int(g), "b": int(g) + 1, "cut": True}
            for g in np.flatnonzero(np.diff(ts) > p["max_silence_h"] * 3600.0)]
    splits = sorted([*stops, *[c for c in cuts if c["a"] not in {s["a"] for s in stops}]],
                    key=lambda s: s["a"])
    bounds = [0, *[s["b"] for s in splits]]
    ends = [*[s["a"] for s in splits], len(ts) - 1]
    last_cut = max((c["a"] for c in cuts), default=-1)
    out = []
    for k, (lo, hi) in enumerate(zip(bounds, ends, strict=True)):
        if ts[hi] - ts[lo] < p["min_stretch_h"] * 3600.0:
            continue
        stop = splits[k] if k < len(splits) and not splits[k].get("cut") else None
        idx = np.arange(lo, hi + 1)
        uw = idx[sog[lo:hi + 1] >= p["underway_min_kn"]]
        bins = np.floor(ts[uw] / (p["sample_h"] * 3600.0))
        first = uw[np.r_[True, bins[1:] != bins[:-1]]] if len(uw) else uw
        sample = np.unique(np.r_[lo, first, hi]).astype(np.int64)
        d = dist.distance_m(lat[sample], lon[sample], locode)
        growth_m, growth_h = _growth(ts[sample], d, p["growth_tolerance_m"])
        port = dist.port(locode)
        near = int(np.argmin(d))
        crow = haversine_m(lat[sample[[near, -1]]], lon[sample[[near, -1]]], port["lat"],
                           port["lon"]) if port is not None else np.zeros(2)
        crow_growth = float(crow[1] - crow[0])
        out.append({
            "lo": lo, "hi": hi, "stop": stop, "cut_after": hi <= last_cut,
            "growing": growth_m >= p["min_growth_m"] and growth_h >= p["min_growth_h"]
            and crow_growth >= 0.5 * p["min_growth_m"],
            "straight_growth_m": crow_growth,
            "growth_m": growth_m, "growth_h": growth_h,
            "first": (int(sample[0]), float(d[0])), "last": (int(sample[-1]), float(d[-1])),
        })
    return out


def _far(a: str | None, b: str | None, dist: RouteDistances, far_m: float) -> bool:
    """Two declared ports at least ``far_m`` apart (great circle)."""
    pa = None if a is None else dist.port(a)
    pb = None if b is None else dist.port(b)
    return pa is not None and pb is not None and float(haversine_m(
        pa["lat"], pa["lon"], pb["lat"], pb["lon"])) >= far_m


def _far_changes(vruns: Sequence[Mapping[str, Any]], s: Mapping[str, Any],
                 dist: RouteDistances, far_m: float) -> int:
    """How many times the vessel's declared port changed, during stretch ``s``, to a port
    at least ``far_m`` from the one declared before (runs naming no port skipped)."""
    codes = [v["locode"] for v in vruns
             if v["start"] < s["end"] and v["end"] > s["start"] and v["locode"] is not None]
    return sum(1 for x, y in pairwise(codes) if _far(x, y, dist, far_m))


def _arrival_ok(arrival: Mapping[str, Any], locode: str, dist: RouteDistances,
                near_m: float) -> bool:
    if same_port(arrival["locode"], locode):
        return True
    port = dist.port(locode)
    return port is not None and float(haversine_m(arrival["lat"], arrival["lon"], port["lat"],
                                                  port["lon"])) <= near_m


@register(NAME, kinds=("destination_mismatch",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every destination_mismatch event in ``inputs``."""
    positions = inputs.positions
    bounds = vessel_bounds(positions)
    runs, st = declaration_runs(inputs.statics, positions, bounds)
    if runs.is_empty():
        return []
    runs = runs.with_columns(next_locode=pl.col("locode").shift(-1).over("mmsi", "hull"))
    dist = RouteDistances()
    segs = stretches(port_visits_near_ports(positions), positions, bounds)
    every = runs  # with the runs naming no port, for the change count
    runs = runs.filter(pl.col("locode").is_not_null())
    if runs.is_empty():
        return []
    by_vessel: dict[tuple[int, int], list[dict[str, Any]]] = {}
    for v in every.iter_rows(named=True):
        by_vessel.setdefault((v["mmsi"], v["hull"]), []).append(v)
    cands = []
    for r in runs.iter_rows(named=True):
        for s in segs.get((r["mmsi"], r["hull"]), []):
            a, b = max(s["start"], r["start"]), min(s["end"], r["end"])
            if (b - a).total_seconds() < params["min_stretch_h"] * 3600.0:
                continue
            arr = s["arrival"]
            covers = arr is not None and r["end"] >= arr["start"]
            if covers and _arrival_ok(arr, r["locode"], dist, params["near_declared_m"]):
                continue
            changed = not covers and r["end"] < s["end"] and _far(
                r["locode"], r["next_locode"], dist, params["change_far_m"])
            n_far = _far_changes(by_vessel[(r["mmsi"], r["hull"])], s, dist,
                                 params["change_far_m"])
            cands.append((r, a, b, arr if covers else None, changed, n_far))
    if not cands:
        return []
    tracks = Tracks(positions, bounds)
    statics = Statics(st)
    gap_s = params["dark_gap_h"] * 3600.0
    events = []
    for r, a, b, arr, changed, n_far in cands:
        lo0, hi0 = tracks.span(r["mmsi"], r["hull"])
        us = tracks.ts_us[lo0:hi0]
        i0 = int(np.searchsorted(us, epoch_us(a), "left"))
        # a declaration replaced within the stretch ends before the report the new text
        # came with
        i1 = int(np.searchsorted(us, epoch_us(b), "left" if b == r["end"] else "right"))
        if i1 - i0 < 2:
            continue
        extra = []
        j = int(np.searchsorted(us, epoch_us(r["end"]), "left"))  # report with the new text
        if changed and 0 < j < len(us) and (us[j] - us[j - 1]) / 1e6 >= gap_s:
            extra.append("changed_after_dark")
        if n_far > params["max_far_changes"]:
            extra.append("changed_repeatedly")
        sub = tracks.slice(lo0 + i0, i1 - i0)
        pieces = _pieces(sub, r["locode"], dist, params)
        for n, pc in enumerate(pieces):
            more = extra if n == len(pieces) - 1 else []
            ev = _event(r, sub, {**pc, "extra": more}, arr, statics, params)
            if ev is not None:
                events.append(ev)
    return events


def _event(r: Mapping[str, Any], pos: Slice, pc: Mapping[str, Any],
           arr: Mapping[str, Any] | None, statics: Statics, params: Mapping[str, Any]
           ) -> Event | None:
    next_elsewhere = arr is not None and not pc["cut_after"]
    stop = pc["stop"]
    reasons = [name for name, on in (("next_port_call_elsewhere", next_elsewhere),
                                     ("distance_to_declared_growing", pc["growing"]),
                                     ("dark_stop_not_on_the_way", stop is not None)) if on]
    reasons += pc["extra"]
    if not reasons:
        return None
    ts = pos.frame.get_column("ts")
    start: datetime = ts[pc["lo"]]
    end: datetime = ts[pc["hi"]]
    raw = (0.55 * next_elsewhere + 0.35 * pc["growing"] + 0.3 * (stop is not None)
           + 0.3 * len(pc["extra"]))
    conf = float(r["confidence"])
    score = min(1.0, raw) * (0.5 + 0.5 * conf)
    n_carried, first_st, last_st = statics.carried(r["run"], start, end)
    (fi, fd), (li, ld) = pc["first"], pc["last"]
    last = pos.frame.row(pc["hi"], named=True)
    evidence = {
        "declared_text": r["text"], "declared_locode": r["locode"],
        "declared_name": r["port_name"], "parse_confidence": conf,
        "parse_method": r["method"], "reasons": reasons,
        "distance_to_declared_m": {
            "first": round(fd, 1), "first_report": _ref(pos, fi),
            "last": round(ld, 1), "last_report": _ref(pos, li),
            "max_growth_m": round(pc["growth_m"], 1),
            "straight_line_growth_m": round(pc["straight_growth_m"], 1),
            "max_growth_h": round(pc["growth_h"], 2)},
        "next_port_call": None if arr is None else {
            "locode": arr["locode"], "name": arr["port_name"], "start": rounded(arr["start"])},
        "unseen_stop": None if stop is None else {
            "off": _ref(pos, stop["a"]), "on_after_h": round(stop["duration_h"], 2),
            "distance_before_m": round(stop["before_m"], 1),
            "distance_after_m": round(stop["after_m"], 1),
            "expected_progress_m": round(stop["expected_m"], 1)},
        "statics": {"count": n_carried,
                    "first": report_ref(first_st) if first_st is not None else None,
                    "last": report_ref(last_st) if last_st is not None else None},
        "declared_since": rounded(r["start"]),
        "thresholds": {k: params[k] for k in PARAMS.defaults()},
    }
    return make_event("destination_mismatch", r["mmsi"], start.astimezone(UTC),
                      end.astimezone(UTC), detector=NAME, version=VERSION, params=params,
                      score=score, evidence=evidence, lat=last["lat"], lon=last["lon"],
                      port=r["locode"], key=f"{r['hull']}:{r['locode']}")
