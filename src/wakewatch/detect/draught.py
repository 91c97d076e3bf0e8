"""The ``draught_change`` detector: a vessel's reported draught going up (loaded) or down.

**Definition.** Between two consecutive static reports of one MMSI that both carry a
draught (AIS type 5; a null draught — ingest turns AIS's 0 "not available" into null — is
*not reported* and neither starts nor ends a change) whose draughts differ by at least
``min_change_m``. AIS carries the draught in 0.1 m steps and the crew types it in, so
corrections of one or two steps are common; a real cargo operation moves a merchant ship by
metres (a partial 1,000 t parcel on a Handysize, ~30 t/cm immersion, is ~0.3 m), hence the
0.3 m default. The event runs from the last report with the old draught to the first with
the new one. GFW publishes no draught event; this is wakewatch's own, built for the
dark-loading pattern (RUSI on Angara / Lady R: off near Rajin, back on low in the water).

**Where it happened.** The port visits of the vessel are computed with the same function as
the ``port_call`` detector (:func:`.port_visits.port_visits`, its default parameters). If a
visit overlaps [start, end] (the longest overlap wins), ``port`` is its UN/LOCODE, lat/lon
its position and ``evidence.port_call`` its details. Else, if a gap — consecutive positions
more than ``gap_min_h`` (6 h, GFW naive gap) apart — overlaps it, ``evidence.gap`` gives its
OFF/ON times and positions: the vessel went dark and came back with another draught. Else
lat/lon is the vessel's last position at or before ``start`` (a change at sea: a
ship-to-ship transfer, or a correction).

**Score** = min(1, |change| / ``full_change_m``): how clearly the change is a cargo
operation rather than an edit; evidence: ``draught_before_m``, ``draught_after_m``,
``change_m``, ``direction`` (``up`` loaded / ``down`` discharged), both static reports,
the port call or gap, thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from wakewatch.events import Event

from .base import detector_params, make_event, register
from .evidence import report_ref, rounded
from .inputs import DetectInputs
from .port_calls import visit_evidence
from .port_visits import PARAMS as VISIT_PARAMS
from .port_visits import port_visits

__all__ = ["NAME", "PARAMS", "VERSION", "draught_changes", "run"]

NAME = "draught"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("min_change_m", float, 0.3, "m",
           "Consecutive draughts of one MMSI differing by at least this are a change (AIS "
           "steps 0.1 m; smaller edits are corrections).")
PARAMS.add("full_change_m", float, 1.0, "m",
           "A change this large or larger scores 1 (score = change / this).")
PARAMS.add("gap_min_h", float, 6.0, "h",
           "Consecutive positions more than this apart are a gap the change may fall in "
           "(GFW naive gap: 6 h).")

_STATIC_REF = ("ts", "draught_m", "source", "file_sha256", "line_no")


def draught_changes(statics: pl.DataFrame, min_change_m: float) -> pl.DataFrame:
    """One row per change: mmsi, start, end, before_m, after_m, before/after report structs."""
    ref = pl.struct([pl.col(c) for c in _STATIC_REF])
    s = statics.filter(pl.col("draught_m").is_not_null() & (pl.col("draught_m") > 0))
    s = s.with_columns(draught_m=pl.col("draught_m").round(1), ref=ref)
    prev = pl.col("draught_m").shift().over("mmsi")
    return (s.with_columns(before_m=prev, before=pl.col("ref").shift().over("mmsi"),
                           start=pl.col("ts").shift().over("mmsi"))
            .filter((pl.col("draught_m") - pl.col("before_m")).abs() >= min_change_m - 1e-9)
            .select("mmsi", "start", end="ts", before_m="before_m", after_m="draught_m",
                    before="before", after="ref"))


def _best_overlap(changes: pl.DataFrame, spans: pl.DataFrame) -> pl.DataFrame:
    """For each change (``_i``), the span (``s_start``, ``s_end``) overlapping it most."""
    ov = (pl.min_horizontal("end", "s_end") - pl.max_horizontal("start", "s_start"))
    return (changes.select("_i", "mmsi", "start", "end").join(spans, on="mmsi")
            .filter((pl.col("s_start") <= pl.col("end")) & (pl.col("s_end") >= pl.col("start")))
            .with_columns(_ov=ov).sort(["_i", "_ov", "s_start"], descending=[False, True, False])
            .unique("_i", keep="first").drop("mmsi", "start", "end", "_ov"))


def _gaps(positions: pl.DataFrame, min_gap_h: float) -> pl.DataFrame:
    """Consecutive positions of one (mmsi, hull) more than ``min_gap_h`` apart."""
    cols = ("ts", "lat", "lon", "sog_kn", "source", "file_sha256", "line_no")
    same = ((pl.col("mmsi") == pl.col("mmsi").shift(-1))
            & (pl.col("hull") == pl.col("hull").shift(-1)))
    dt_s = (pl.col("ts").shift(-1) - pl.col("ts")).dt.total_seconds()
    rows = (positions.select("mmsi", "hull", "ts").with_row_index("_r")
            .filter(same & (dt_s > min_gap_h * 3600.0)).get_column("_r"))
    ref = pl.struct([pl.col(c) for c in cols])
    off = positions[rows.to_list()]
    on = positions[(rows + 1).to_list()]
    return pl.DataFrame({"mmsi": off.get_column("mmsi"), "s_start": off.get_column("ts"),
                         "s_end": on.get_column("ts"),
                         "off": off.select(ref).to_series(), "on": on.select(ref).to_series()})


@register(NAME, kinds=("draught_change",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every draught_change event in ``inputs``."""
    changes = draught_changes(inputs.statics, params["min_change_m"]).with_row_index("_i")
    if changes.is_empty():
        return []
    vp = VISIT_PARAMS.resolve(None)
    pos = inputs.positions
    mm = changes.get_column("mmsi").unique().implode()
    pos = pos.filter(pl.col("mmsi").is_in(mm))
    visits = port_visits(pos, vp).rename({"start": "s_start", "end": "s_end"})
    visits = visits.select("mmsi", "s_start", "s_end", visit=pl.struct(visits.columns))
    by_visit = _best_overlap(changes, visits).select("_i", "visit")
    by_gap = _best_overlap(changes, _gaps(pos, params["gap_min_h"])).select(
        "_i", gap=pl.struct("s_start", "s_end", "off", "on"))
    last_pos = (changes.select("_i", "mmsi", "start").sort("mmsi", "start")
                .join_asof(pos.select("mmsi", ts="ts", plat="lat", plon="lon")
                           .sort("mmsi", "ts"), left_on="start", right_on="ts", by="mmsi",
                           strategy="backward", check_sortedness=False)
                .select("_i", "plat", "plon"))
    rows = (changes.join(by_visit, on="_i", how="left").join(by_gap, on="_i", how="left")
            .join(last_pos, on="_i", how="left").sort("_i"))
    out = []
    for r in rows.iter_rows(named=True):
        change = round(r["after_m"] - r["before_m"], 1)
        ev: dict[str, Any] = {
            "draught_before_m": r["before_m"], "draught_after_m": r["after_m"],
            "change_m": change, "direction": "up" if change > 0 else "down",
            "before": report_ref(r["before"]), "after": report_ref(r["after"]),
            "port_call": None, "gap": None,
            "thresholds": {"min_change_m": params["min_change_m"],
                           "full_change_m": params["full_change_m"],
                           "gap_min_h": params["gap_min_h"]}}
        lat, lon, port = r["plat"], r["plon"], None
        v, g = r["visit"], r["gap"]
        if v is not None:
            v = {**v, "start": v["s_start"], "end": v["s_end"]}
            ev["port_call"] = visit_evidence(v, vp)
            lat, lon, port = v["lat"], v["lon"], v["locode"]
        elif g is not None:
            ev["gap"] = {"off": report_ref(g["off"]), "on": report_ref(g["on"]),
                         "start": rounded(g["s_start"]), "end": rounded(g["s_end"]),
                         "duration_h": round((g["s_end"] - g["s_start"]).total_seconds()
                                             / 3600.0, 3)}
        out.append(make_event("draught_change", r["mmsi"], r["start"], r["end"],
                              detector=NAME, version=VERSION, params=params,
                              score=abs(change) / params["full_change_m"], evidence=ev,
                              lat=lat, lon=lon, port=port))
    return out
