"""Ground truth of ``destination_mismatch``: heard static reports declaring a port the vessel
is not sailing to.

A *leg* of a vessel is the time between two consecutive true port calls of one MMSI (dark
calls included: the ship did arrive there, heard or not), from the departure of the first
(the start of the data for the first call) to the arrival at the second; its *arrival port*
is the second call's UN/LOCODE (legs ending at a place without a code, such as a rendezvous
at sea, have none and give no event). The data proves the arrival only if the vessel is
heard again after it (in port, or after the dark call): a vessel that goes dark for good,
or whose data ends, before arriving gives no event for that leg. Every heard static report
(type 5) sent during the leg has its destination text resolved with the detector's own parser
(:func:`wakewatch.geo.destinations.parse_destination`); texts that name no port
(``FOR ORDERS``, ``TBA``, blank) or resolve to the arrival port (:func:`same_port`) prove
nothing. The others prove a mismatch: one event per (leg, declared port), from the first to
the last receive time of the reports declaring it, ``port`` = the declared LOCODE, lat/lon =
the arrival port, evidence: the declared texts, the arrival port and the leg's times.

The stretch after a vessel's last call in the data has no known arrival port and gives no
truth event, even when the vessel is sailing away from its declared port.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from wakewatch.geo.destinations import parse_destination, same_port
from wakewatch.sim.records import PositionReport, StaticReport
from wakewatch.sim.truth_events import event as _event
from wakewatch.sim.truth_events import iso as _iso
from wakewatch.sim.voyage import PortCallTruth

if TYPE_CHECKING:
    from wakewatch.sim.truth import HeardLog

__all__ = ["destination_truth"]

_EPS = timedelta(seconds=1)


def _heard(log: HeardLog) -> tuple[dict[int, list[int]], dict[int, datetime]]:
    """Heard static reports per MMSI (in time order) and each MMSI's last heard position."""
    out: dict[int, list[int]] = {}
    last: dict[int, datetime] = {}
    for i in sorted(log.first_rx):
        r = log.reports[i]
        if isinstance(r, StaticReport):
            out.setdefault(r.mmsi, []).append(i)
        elif isinstance(r, PositionReport) and r.ts > last.get(r.mmsi, r.ts - _EPS):
            last[r.mmsi] = r.ts
    for idx in out.values():
        idx.sort(key=lambda i: (log.reports[i].ts, i))
    return out, last


def destination_truth(log: HeardLog, calls: Sequence[PortCallTruth], scenario: str
                      ) -> list[dict[str, Any]]:
    """Every ``destination_mismatch`` truth event the heard static reports prove."""
    statics, last_heard = _heard(log)
    by_mmsi: dict[int, list[PortCallTruth]] = {}
    for c in calls:
        by_mmsi.setdefault(c.mmsi, []).append(c)
    out = []
    for mmsi, cs in by_mmsi.items():
        cs.sort(key=lambda c: c.arrival)
        idx = statics.get(mmsi, [])
        for k, c in enumerate(cs):
            if c.locode is None or last_heard.get(mmsi, c.arrival) <= c.arrival:
                continue  # a leg's end is proven only if the vessel is heard after it
            leg_start = cs[k - 1].departure if k else datetime.min.replace(tzinfo=UTC)
            declared: dict[str, list[int]] = {}
            for i in idx:
                r = log.reports[i]
                assert isinstance(r, StaticReport)
                if not leg_start <= r.ts < c.arrival:
                    continue
                p = parse_destination(r.destination)
                if p.port_locode is None or same_port(p.port_locode, c.locode):
                    continue
                declared.setdefault(p.port_locode, []).append(i)
            for code, rs in declared.items():
                texts = sorted({str(getattr(log.reports[i], "destination", "")) for i in rs})
                out.append(_event(
                    "destination_mismatch", mmsi, min(log.first_rx[i] for i in rs),
                    max(log.last_rx[i] for i in rs), scenario, lat=c.lat, lon=c.lon,
                    port=code, evidence={
                        "declared_texts": texts, "declared_locode": code,
                        "arrival_port": c.locode, "arrival": _iso(c.arrival),
                        "leg_start": None if k == 0 else _iso(leg_start),
                        "static_reports": len(rs)}))
    return out
