"""Ground truth from what a scenario actually wrote: only events the emitted data proves.

Input is the list of written NMEA lines (:func:`wakewatch.sim.emit.write_nmea`): a report
counts as heard when at least one of its receptions was written intact (a corrupted line,
or a type 5 with a corrupted part, is rejected by ingest). Times are the tag-block receive
times ``c:``, which ingest stores as ``ts``. Events are dicts in the ``--format jsonl`` shape
(:mod:`wakewatch.events`):

* ``gap``: consecutive heard position reports of one MMSI more than ``truth_gap_min_h``
  apart — from the latest receive time of the last report to the earliest of the next, so no
  stored copy of either lies inside; evidence says whether a dark window caused it;
* ``port_call``: a true call at a UN/LOCODE port with at least one heard position in it;
* ``dark_port_call``: a call at one of the vessel's dark ports with no heard position, over
  the truth gap that contains it;
* ``draught_change`` / ``identity_change`` (name, call sign, IMO): between two consecutive
  heard static reports of one MMSI that differ; ``invalid_imo``: heard static reports whose
  IMO fails its check digit, first to last.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from typing import Any

from wakewatch.identity.imo import imo_check_digit_ok
from wakewatch.params import param_set
from wakewatch.sim.emit import NmeaLine
from wakewatch.sim.reception import DarkWindow
from wakewatch.sim.records import PositionReport, Report, StaticReport
from wakewatch.sim.truth_dest import destination_truth
from wakewatch.sim.truth_events import event as _event
from wakewatch.sim.truth_events import iso as _iso
from wakewatch.sim.voyage import PortCallTruth

__all__ = ["HeardLog", "derive_truth", "heard_log"]

PARAMS = param_set("sim")
PARAMS.add("truth_gap_min_h", float, 6.0, "h",
           "Truth reports a gap where consecutive heard position reports of one MMSI are more "
           "than this apart (GFW naive gap: 6 h).")

_C = re.compile(r"c:(\d+)")
_G = re.compile(r"g:(\d+)-(\d+)-")


@dataclass
class HeardLog:
    """Per report index: earliest and latest receive time of its intact receptions."""

    reports: Sequence[Report]
    first_rx: dict[int, datetime] = field(default_factory=dict)
    last_rx: dict[int, datetime] = field(default_factory=dict)


def heard_log(reports: Sequence[Report], lines: Sequence[NmeaLine]) -> HeardLog:
    log = HeardLog(reports)
    j = 0
    while j < len(lines):
        line = lines[j]
        g = _G.search(line.text.split("\\")[1])
        n = int(g.group(2)) if g else 1
        group = lines[j:j + n]
        j += n
        c = _C.search(line.text.split("\\")[1])
        if c is None or any(x.corrupted or x.report_index != line.report_index for x in group):
            continue
        ts = datetime.fromtimestamp(int(c.group(1)), UTC)
        i = line.report_index
        log.first_rx[i] = min(ts, log.first_rx.get(i, ts))
        log.last_rx[i] = max(ts, log.last_rx.get(i, ts))
    return log


def _by_mmsi(log: HeardLog, cls: type) -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i in sorted(log.first_rx):
        r = log.reports[i]
        if isinstance(r, cls):
            out.setdefault(r.mmsi, []).append(i)
    for idx in out.values():
        idx.sort(key=lambda i: (log.reports[i].ts, i))
    return out


def _gaps(log: HeardLog, dark: Sequence[DarkWindow], min_gap: timedelta, scenario: str
          ) -> list[dict[str, Any]]:
    out = []
    for mmsi, idx in _by_mmsi(log, PositionReport).items():
        for a, b in pairwise(idx):
            start, end = log.last_rx[a], log.first_rx[b]
            if end - start <= min_gap:
                continue
            ra, rb = log.reports[a], log.reports[b]
            assert isinstance(ra, PositionReport) and isinstance(rb, PositionReport)
            win = [w for w in dark if w.mmsi == mmsi and w.start < end and w.end > start]
            out.append(_event("gap", mmsi, start, end, scenario, lat=ra.lat, lon=ra.lon,
                              evidence={
                "last": {"ts": _iso(start), "lat": round(ra.lat, 5), "lon": round(ra.lon, 5)},
                "first": {"ts": _iso(end), "lat": round(rb.lat, 5), "lon": round(rb.lon, 5)},
                "duration_h": round((end - start).total_seconds() / 3600.0, 3),
                "intentional": bool(win),
                "dark_windows": [[_iso(w.start), _iso(w.end)] for w in win]}))
    return out


def _calls(log: HeardLog, calls: Sequence[PortCallTruth], gaps: list[dict[str, Any]],
           dark_ports: Mapping[int, frozenset[str]], scenario: str) -> list[dict[str, Any]]:
    heard = _by_mmsi(log, PositionReport)
    out = []
    for c in calls:
        if c.locode is None:
            continue
        n = sum(1 for i in heard.get(c.mmsi, ())
                if c.arrival <= log.reports[i].ts < c.departure)
        ev = {"arrival": _iso(c.arrival), "departure": _iso(c.departure),
              "heard_positions": n, "draught_before_m": c.draught_before_m,
              "draught_after_m": c.draught_after_m}
        if n > 0:
            out.append(_event("port_call", c.mmsi, c.arrival, c.departure, scenario,
                              lat=c.lat, lon=c.lon, port=c.locode, evidence=ev))
        elif c.locode in dark_ports.get(c.mmsi, frozenset()):
            for g in gaps:
                if (g["mmsi"] == c.mmsi and g["start"] <= _iso(c.arrival)
                        and g["end"] >= _iso(c.departure)):
                    out.append(_event("dark_port_call", c.mmsi, datetime.fromisoformat(
                        g["start"]), datetime.fromisoformat(g["end"]), scenario, lat=c.lat,
                        lon=c.lon, port=c.locode, evidence={**ev, "gap": g["event_id"]}))
    return out


def _where(mmsi: int, start: datetime, end: datetime, calls: Sequence[PortCallTruth]
           ) -> PortCallTruth | None:
    for c in calls:
        if (c.mmsi == mmsi and c.draught_before_m != c.draught_after_m
                and c.arrival <= end and c.departure >= start):
            return c
    return None


def _statics(log: HeardLog, calls: Sequence[PortCallTruth], scenario: str
             ) -> list[dict[str, Any]]:
    out = []
    for mmsi, idx in _by_mmsi(log, StaticReport).items():
        rs = [r for i in idx if isinstance(r := log.reports[i], StaticReport)]
        for (ia, a), (ib, b) in pairwise(zip(idx, rs, strict=True)):
            start, end = log.last_rx[ia], log.first_rx[ib]
            if a.draught_m != b.draught_m:
                c = _where(mmsi, start, end, calls)
                out.append(_event("draught_change", mmsi, start, end, scenario,
                                  lat=c.lat if c else None, lon=c.lon if c else None,
                                  port=c.locode if c else None, evidence={
                    "draught_before_m": a.draught_m, "draught_after_m": b.draught_m,
                    "direction": "up" if (b.draught_m or 0) > (a.draught_m or 0) else "down"}))
            changed = {k: [getattr(a, k), getattr(b, k)] for k in ("name", "callsign", "imo")
                       if getattr(a, k) != getattr(b, k)}
            if changed:
                out.append(_event("identity_change", mmsi, start, end, scenario,
                                  evidence={"changed": changed}))
        bad: dict[int, list[int]] = {}
        for i, r in zip(idx, rs, strict=True):
            if r.imo is not None and not imo_check_digit_ok(r.imo):
                bad.setdefault(r.imo, []).append(i)
        for imo, bi in bad.items():
            out.append(_event("invalid_imo", mmsi, log.first_rx[bi[0]], log.last_rx[bi[-1]],
                              scenario, evidence={"reason": "bad_check_digit", "imo": imo,
                                        "static_reports": len(bi)}))
    return out


def derive_truth(log: HeardLog, calls: Sequence[PortCallTruth], dark: Sequence[DarkWindow],
                 dark_ports: Mapping[int, frozenset[str]], scenario: str,
                 params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Every truth event the written lines prove, sorted by (start, mmsi, kind)."""
    p = PARAMS.resolve(params)
    gaps = _gaps(log, dark, timedelta(hours=p["truth_gap_min_h"]), scenario)
    events = gaps + _calls(log, calls, gaps, dark_ports, scenario) + _statics(log, calls,
                                                                             scenario)
    events += destination_truth(log, calls, scenario)
    return sorted(events, key=lambda e: (e["start"], e["mmsi"], e["kind"], e["end"]))
