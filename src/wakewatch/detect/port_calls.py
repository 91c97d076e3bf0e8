"""The ``port_call`` detector: a vessel stopping in a port, named by the port's UN/LOCODE.

**Definition** (GFW port visits, ``../shared/domain/maritime-anchors.md`` §1.1;
``pipe-anchorages`` ``anchorage_cfg.yaml``, ``files/anchorages-voyages-port-visits.md``):
PORT_ENTRY within ``entry_radius_km`` (3 km), PORT_EXIT beyond ``exit_radius_km`` (4 km) —
the 1 km of hysteresis keeps a ship drifting on the ring from flapping in and out — and a
stop inside (SOG < ``stop_max_sog_kn``, 0.5 kn) or an in-port gap (> 4 h silent). Visits of
at least ``min_visit_h`` (3 h, GFW Carrier Vessel Portal) and GFW confidence >= 2 (as GFW's
products) are reported. The visit itself is computed by :mod:`.port_visits`, shared with
the ``draught_change`` detector; all parameters are declared there.

**Where wakewatch departs from GFW.** GFW measures 3 km from *anchorages* (where ships
actually stopped); wakewatch has one gazetteer point per port (WPI + searoute), often on
land km from the quays, so a stop within ``anchorage_radius_km`` (8 km) of a port also
counts as in port (see :mod:`.port_visits`). GFW stamps an in-port gap's begin 4 h after
the last message; wakewatch keeps the visit's reports as they are (start = first report in
port, end = last report in port before the exit) and reports the longest silence.

**Event**: ``port`` = UN/LOCODE (an alias code when the gazetteer row has only one; null
for a port without one, its name still in the evidence); lat/lon = mean of the in-port
positions (circular mean for longitude); ``score`` = confidence / 4 (1 entry/exit only,
2 stop/gap only, 3 entry or exit plus stop/gap, 4 entry and exit plus stop/gap).
Evidence: the first and last in-port reports, the reports just outside before and after
(entry/exit), stop duration, longest silence, number of positions, port name, id and
country, distance from the visit's mean position (and the closest report) to the port,
confidence and the thresholds used.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from wakewatch.events import Event
from wakewatch.geo.ports import nearest_ports

from .base import make_event, register
from .evidence import report_ref, rounded
from .inputs import DetectInputs
from .port_visits import PARAMS, port_visits

__all__ = ["NAME", "PARAMS", "VERSION", "run", "visit_evidence"]

NAME = "port_calls"
VERSION = "1"


def visit_evidence(v: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """The plain-JSON evidence of one visit row of :func:`port_visits`."""
    return {
        "other_ports": v.get("other_ports") or [],
        "port": v["locode"], "port_name": v["port_name"], "port_id": v["port_id"],
        "country": v["country"],
        "start": rounded(v["start"]), "end": rounded(v["end"]),
        "duration_h": round((v["end"] - v["start"]).total_seconds() / 3600.0, 3),
        "first": report_ref(v["first"]), "last": report_ref(v["last"]),
        "entry": None if v["before"] is None else report_ref(v["before"]),
        "exit": None if v["after"] is None else report_ref(v["after"]),
        "stop_h": round(float(v["stop_h"]), 3),
        "max_silence_h": round(float(v["max_silence_h"]), 3),
        "positions": int(v["n_positions"]),
        "distance_to_port_m": round(float(v["distance_m"]), 1),
        "min_distance_to_port_m": round(float(v["min_distance_m"]), 1),
        "confidence": int(v["confidence"]),
        "thresholds": {k: params[k] for k in PARAMS.defaults()},
    }


def _other_ports(visits: pl.DataFrame, radius_km: float) -> pl.Series:
    """Per visit, the other gazetteer ports within ``radius_km`` of its mean position (one
    harbour can hold several entries: WPI's Sakai Ko and Sakaiminato are one place)."""
    near = nearest_ports(visits.get_column("lat").to_numpy(),
                         visits.get_column("lon").to_numpy(), k=5,
                         max_distance_m=radius_km * 1e3)
    near = near.join(visits.select(pl.col("port_id").alias("own")).with_row_index("query")
                     .with_columns(pl.col("query").cast(pl.Int64)), on="query")
    lists = (near.filter(pl.col("port_id") != pl.col("own"))
             .group_by("query").agg(pl.struct(
                 port=pl.coalesce(pl.col("locode"), pl.col("locode_aliases").list.first()),
                 name="name", distance_m=pl.col("distance_m").round(1)).alias("o")))
    full = pl.DataFrame({"query": range(visits.height)}, schema={"query": pl.Int64})
    return full.join(lists, on="query", how="left").sort("query").get_column("o")


@register(NAME, kinds=("port_call",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every port_call event in ``inputs``."""
    visits = port_visits(inputs.positions, params)
    visits = visits.with_columns(other_ports=_other_ports(visits, params["exit_radius_km"]))
    return [make_event("port_call", v["mmsi"], v["start"], v["end"], detector=NAME,
                       version=VERSION, params=params, score=int(v["confidence"]) / 4.0,
                       evidence=visit_evidence(v, params), lat=v["lat"], lon=v["lon"],
                       port=v["locode"], key=str(v["hull"]))
            for v in visits.iter_rows(named=True)]
