"""The ``spoofing`` detector: positions no honest ship can have produced.

One event (kind ``spoofing``) per episode; ``evidence.reason`` says which rule made it:

* ``impossible_speed`` — a teleport: consecutive reports of one hull (or of two hulls of one
  MMSI that take turns rather than overlap) more than ``noise_m`` apart at an implied speed
  above ``max_implied_speed_kn`` (50 kn: no merchant hull does that; GFW's segmenter already
  distrusts anything above 30 kn). A jump away and the jump back make one episode, whose
  start and end are the displaced reports; a lone jump (away for good) spans its two
  reports. At least ``min_displaced_reports`` reports must sit at the false place (on each
  side of a lone jump): a single bad fix is noise, and MarineCadastre's daily files start
  many vessels with a stale 00:00:00 row far from the next (46 of 54 teleports on one day).
  Hull splitting (:mod:`wakewatch.detect.hulls`) keeps a short displaced run on the real
  hull, so the jump out and back show here;
* ``on_land`` — consecutive reports of one hull on Natural Earth 50m land at least
  ``min_inland_m`` from its coast, reached or left by a teleport (the GNSS-interference
  pattern: a ship's position thrown onto an airfield inland). Natural Earth's coast is coarse
  and its land holds every river and lake: Hamburg's berths lie 10 km, Rotterdam 22 km,
  Duisburg 170 km and Chicago 950 km "inland", and on one day of MarineCadastre data 409
  honest runs on the Mississippi and the Great Lakes were "on land". So a run on land that
  no teleport leads into or out of counts only ``on_land_alone_min_m`` inland (default:
  never), and reports within ``port_exclusion_m`` of a gazetteer port never count;
* ``two_places`` — one MMSI, two hulls heard in turn (each heard inside the other's time
  span) a median ``min_separation_m`` or more apart: two ships on one MMSI; the episode is
  the time both are heard.

Episodes of one MMSI that touch or lie within ``merge_gap_h`` of each other become one
event (a teleport onto land is one episode, not two); its reason is the most specific one
(two_places, then on_land, then impossible_speed) and ``evidence.reasons`` lists them all.
Score in [0, 1]: 0.5 at a threshold, growing to 1 at ten times the speed or separation
limit, or five times the inland limit.

Where this improves on GFW: GFW's segmenter drops the infeasible pieces as noise and its
gap events only flag ``is_multi_vessel_gap``; here the pieces become hulls and the
impossible motion is itself reported, with the reports behind it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np

from wakewatch.events import Event

from .base import detector_params, make_event, register
from .evidence import report_ref, rounded
from .inputs import DetectInputs
from .spoofing_checks import Columns, Episode, impossible_speed, on_land_runs, two_places

NAME = "spoofing"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("max_implied_speed_kn", float, 50.0, "kn",
           "A step between two reports implying more than this is a teleport.")
PARAMS.add("noise_m", float, 500.0, "m",
           "Steps no longer than this are never teleports (GPS noise, duplicates).")
PARAMS.add("max_outlier_reports", int, 5, "reports",
           "A jump away and a jump back inside one hull make one episode when at most this "
           "many reports lie between them.")
PARAMS.add("min_displaced_reports", int, 2, "reports",
           "A teleport needs at least this many reports at the false place (one is a bad "
           "GPS fix or a stale first report, not spoofing).")
PARAMS.add("min_inland_m", float, 5_000.0, "m",
           "A report on Natural Earth land counts only this far from the coast or further.")
PARAMS.add("port_exclusion_m", float, 3_000.0, "m",
           "Reports this close to a gazetteer port never count as on land (berths in "
           "estuaries the coarse coastline fills; GFW's port entry radius).")
PARAMS.add("on_land_alone_min_m", float, 0.0, "m",
           "A run on land that no teleport leads into or out of counts only this far "
           "inland; 0: never (rivers and lakes are land for Natural Earth 50m).")
PARAMS.add("min_separation_m", float, 50_000.0, "m",
           "Two hulls of one MMSI heard in turn are 'two places' from this median distance.")
PARAMS.add("merge_gap_h", float, 0.5, "h",
           "Episodes of one MMSI this close in time become one event.")

_PRIORITY = ("two_places", "on_land", "impossible_speed")


def _columns(inputs: DetectInputs) -> Columns:
    pos = inputs.positions
    return Columns(
        mmsi=pos.get_column("mmsi").to_numpy().astype(np.int64),
        hull=pos.get_column("hull").to_numpy().astype(np.int64),
        ts_s=pos.get_column("ts").dt.epoch("us").to_numpy() / 1e6,
        lat=pos.get_column("lat").to_numpy().astype(np.float64),
        lon=pos.get_column("lon").to_numpy().astype(np.float64))


def _merge(episodes: list[Episode], gap_s: float) -> list[list[Episode]]:
    out: list[list[Episode]] = []
    end = -np.inf
    for e in sorted(episodes, key=lambda e: (e.mmsi, e.start_s, e.end_s)):
        if out and out[-1][0].mmsi == e.mmsi and e.start_s <= end + gap_s:
            out[-1].append(e)
            end = max(end, e.end_s)
        else:
            out.append([e])
            end = e.end_s
    return out


def _credible(group: list[Episode], p: Mapping[str, Any]) -> bool:
    """False for runs on land alone (no teleport in or out) shallower than the limit."""
    if any(e.reason != "on_land" for e in group):
        return True
    alone = p["on_land_alone_min_m"]
    return bool(alone > 0 and max(e.detail["max_inland_m"] for e in group) >= alone)


def _ts(s: float) -> datetime:
    return datetime.fromtimestamp(round(s * 1e6) / 1e6, UTC)


@register(NAME, kinds=("spoofing",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every spoofing event in ``inputs``."""
    p = PARAMS.resolve(params)
    if inputs.positions.is_empty():
        return []
    c = _columns(inputs)
    episodes = impossible_speed(c, p) + on_land_runs(c, p) + two_places(c, p)
    pos = inputs.positions
    thresholds = {k: p[k] for k in ("max_implied_speed_kn", "noise_m", "min_inland_m",
                                    "port_exclusion_m", "on_land_alone_min_m",
                                    "min_separation_m", "merge_gap_h")}
    events = []
    for group in _merge(episodes, p["merge_gap_h"] * 3600.0):
        if not _credible(group, p):
            continue
        reasons = sorted({e.reason for e in group}, key=_PRIORITY.index)
        main = next(e for e in group if e.reason == reasons[0])
        rows = sorted({r for e in group for r in e.rows}, key=lambda r: (c.ts_s[r], r))
        first = main.rows[0] if main.reason != "two_places" else main.rows[1]
        evidence = {
            "reason": reasons[0], "reasons": reasons,
            "episodes": [{"reason": e.reason, "start": rounded(_ts(e.start_s)),
                          "end": rounded(_ts(e.end_s)), **e.detail} for e in group],
            "reports": [report_ref(pos.row(r, named=True)) for r in rows[:20]],
            "report_count": len(rows), "thresholds": thresholds}
        events.append(make_event(
            "spoofing", group[0].mmsi, _ts(min(e.start_s for e in group)),
            _ts(max(e.end_s for e in group)), detector=NAME, version=VERSION, params=p,
            score=max(e.score for e in group), evidence=evidence,
            lat=float(c.lat[first]), lon=float(c.lon[first]), key=reasons[0]))
    return events
