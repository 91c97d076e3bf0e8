"""Deliveries: were the shipments received?

A **delivery** is a load at a port of concern followed by a discharge at a seen port call:

* **load** — a call (seen or dark, :mod:`.voyages`) at a port of concern
  (:mod:`.concern`) after which the draught is at least ``min_change_m`` higher than before
  it (``draught_after_m - draught_before_m``). A dark call (the vessel silent next to Rajin)
  counts: that is how the 2023–24 shuttles loaded (RUSI on Angara and Lady R: off near
  Rajin, back on low in the water).
* **discharge** — the vessel's next *seen* port call (``port_call``) at another port after
  which the draught is at least ``min_change_m`` lower than it was on leaving the load port.
  Between the two, another load at a port of concern replaces the first (the draught went
  up again: a new cargo).

The default ``min_change_m`` is the ``draught_change`` detector's (0.3 m: a partial 1,000 t
parcel on a Handysize; AIS carries draught in 0.1 m steps). ``event_ids`` are the two calls
and the vessel's draught_change events within those calls (± ``settle_h``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from wakewatch.events import Event, iso_utc
from wakewatch.params import param_set

from .concern import concern_level, concern_ports
from .voyages import PARAMS as VOYAGE_PARAMS
from .voyages import Call

__all__ = ["PARAMS", "Delivery", "deliveries", "delivery_to_json"]

PARAMS = param_set("receipt")
PARAMS.add("min_change_m", float, 0.3, "m",
           "Draught rise at a port of concern (load) and fall at a later port call "
           "(discharge) that counts as cargo; the draught_change detector's threshold.")


@dataclass(frozen=True)
class Delivery:
    """A cargo loaded at a port of concern and discharged at a later seen port call."""

    mmsi: int
    load_port: str | None
    load_time: datetime
    discharge_port: str | None
    discharge_time: datetime
    draught_up_m: float
    draught_down_m: float
    dark_load: bool
    event_ids: tuple[str, ...]
    load_draught_before_m: float
    load_draught_after_m: float
    discharge_draught_after_m: float


def _draught_events(events: Sequence[Event], mmsi: int, t0: datetime, t1: datetime
                    ) -> list[str]:
    return [e.event_id for e in events if e.kind == "draught_change" and e.mmsi == mmsi
            and e.event_id and e.start <= t1 and e.end >= t0]


def deliveries(calls: Sequence[Call], events: Sequence[Event] = (),
               params: dict[str, Any] | None = None) -> list[Delivery]:
    """Every delivery in ``calls`` (from :func:`.voyages.build_calls`), in time order."""
    p = PARAMS.resolve(params)
    settle = timedelta(hours=VOYAGE_PARAMS.defaults()["settle_h"])
    step = p["min_change_m"] - 1e-9
    concern = concern_ports()
    out: list[Delivery] = []
    loaded: Call | None = None
    for i, c in enumerate(calls):
        if i and calls[i - 1].mmsi != c.mmsi:
            loaded = None
        before, after = c.draught_before_m, c.draught_after_m
        if before is None or after is None:
            continue
        is_concern = c.port in concern or concern_level(c.port) > 0
        if is_concern and after - before >= step:
            loaded = c
            continue
        if (loaded is not None and c.kind == "port_call" and c.port != loaded.port
                and loaded.draught_after_m is not None
                and loaded.draught_before_m is not None
                and loaded.draught_after_m - after >= step):
            ids = [x for x in (loaded.event_id, c.event_id) if x]
            ids += _draught_events(events, c.mmsi, loaded.start, loaded.end + settle)
            ids += _draught_events(events, c.mmsi, c.start, c.end + settle)
            out.append(Delivery(
                c.mmsi, loaded.port, loaded.end, c.port, c.start,
                round(loaded.draught_after_m - loaded.draught_before_m, 1),
                round(loaded.draught_after_m - after, 1), loaded.dark,
                tuple(dict.fromkeys(ids)), loaded.draught_before_m,
                loaded.draught_after_m, after))
            loaded = None
    return out


def delivery_to_json(d: Delivery) -> dict[str, Any]:
    """The delivery object of the alert JSON shape (store.alerts)."""
    return {"mmsi": d.mmsi, "load_port": d.load_port, "load_time": iso_utc(d.load_time),
            "discharge_port": d.discharge_port, "discharge_time": iso_utc(d.discharge_time),
            "draught_up_m": d.draught_up_m, "draught_down_m": d.draught_down_m,
            "dark_load": d.dark_load, "event_ids": list(d.event_ids),
            "load_draught_before_m": d.load_draught_before_m,
            "load_draught_after_m": d.load_draught_after_m,
            "discharge_draught_after_m": d.discharge_draught_after_m}
