"""Scenario framework: vessels with schedules, dark windows and static changes → files + truth.

A :class:`Scenario` lists :class:`VesselPlan` s (an identity from :mod:`wakewatch.sim.identities`,
a :class:`~wakewatch.sim.voyage.Schedule`, a declared destination, static-report changes — name,
call sign, IMO, destination, MMSI —, the ports where the transponder goes dark, explicit dark
windows, spoofed episodes, a transmission window) and coverage holes. :func:`run` turns it into

1. true tracks per hull (:mod:`wakewatch.sim.hulls`: :func:`wakewatch.sim.voyage.simulate_track`
   cut to the scenario), the MMSI each hull broadcasts over time, its transmission window and
   spoofed positions (:mod:`wakewatch.sim.broadcast`);
2. dark windows: for every call at one of the plan's ``dark_ports``, from ``dark_before_h``
   before the arrival to ``dark_after_h`` after the departure, plus the plan's own;
3. what is transmitted and heard (:func:`wakewatch.sim.reception.receive`), plus a static and
   voyage report (type 5: name, call sign, IMO, draught, destination) with the first position
   report of every ``static_interval_s`` of transmission, heard with that position report
   (not for a hull that only borrows another's MMSI);
4. ``positions.nmea`` (tag blocks, a few corrupted lines), ``positions.csv`` (MarineCadastre,
   each heard report once) and ``truth.jsonl``: gaps, port calls, static changes from what
   was actually written (:mod:`wakewatch.sim.truth`), encounters and loitering from the true
   tracks when the written data shows both sides (:mod:`wakewatch.sim.truth_meet`), spoofing,
   reflagging and invalid MMSIs (:mod:`wakewatch.sim.truth_spoof`).

Deterministic for a seed: tracks and reception use numpy generators seeded from it, the
writers a ``random.Random(seed)``; the files are byte-identical for the same seed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from wakewatch.errors import InputError
from wakewatch.params import param_set
from wakewatch.sim.broadcast import Spoof, apply_spoofs
from wakewatch.sim.emit import write_marinecadastre, write_nmea
from wakewatch.sim.hulls import hull_tracks
from wakewatch.sim.identities import VesselIdentity
from wakewatch.sim.reception import CoverageHole, DarkWindow, receive
from wakewatch.sim.records import PositionReport, Reception, Report, StaticReport
from wakewatch.sim.truth import HeardLog, derive_truth, heard_log
from wakewatch.sim.truth_meet import meeting_truth
from wakewatch.sim.truth_spoof import Twin, mmsi_truth, spoof_truth
from wakewatch.sim.voyage import PortCallTruth, Schedule, to_reports

__all__ = ["PARAMS", "Result", "Scenario", "StaticChange", "VesselPlan", "run", "simulate"]

PARAMS = param_set("sim")
PARAMS.add("static_interval_s", int, 360, "s",
           "A vessel sends a static and voyage report (type 5) with its first position report "
           "of every this many seconds (Class A: every 6 min).")
PARAMS.add("corrupt_fraction", float, 0.0005, "fraction",
           "Fraction of NMEA lines written with one payload character flipped (bad checksum).")
PARAMS.add("dark_before_h", float, 3.0, "h",
           "A vessel going dark for a port call switches its transponder off this long before "
           "arriving.")
PARAMS.add("dark_after_h", float, 5.0, "h",
           "... and back on this long after departing (dark on every departure).")


@dataclass(frozen=True)
class StaticChange:
    """From a moment on, the vessel broadcasts these values (``None``: unchanged). The moment
    is ``fraction`` of the way through the underway leg that leaves call number ``leg``."""

    leg: int
    fraction: float
    name: str | None = None
    callsign: str | None = None
    imo: int | None = None
    destination: str | None = None
    mmsi: int | None = None       # reflagging: the hull continues under this MMSI


@dataclass(frozen=True)
class VesselPlan:
    """One vessel: what it broadcasts (``identity.imo`` may be forged), where it goes."""

    identity: VesselIdentity
    schedule: Schedule
    destination: str
    changes: tuple[StaticChange, ...] = ()
    dark_ports: frozenset[str] = frozenset()
    role: str = "background"
    window: tuple[datetime, datetime] | None = None   # transmits only in [start, end)
    dark: tuple[tuple[datetime, datetime], ...] = ()   # transponder off (besides dark_ports)
    spoofs: tuple[Spoof, ...] = ()
    sends_statics: bool = True


@dataclass(frozen=True)
class Scenario:
    name: str
    start: datetime
    end: datetime
    vessels: tuple[VesselPlan, ...]
    holes: tuple[CoverageHole, ...] = ()


@dataclass(frozen=True)
class Result:
    """What :func:`run` wrote and what it knows."""

    files: dict[str, Path]
    truth: list[dict[str, Any]]
    transmitted: int
    heard: int
    nmea_lines: int
    csv_rows: int
    port_calls: tuple[PortCallTruth, ...]
    dark: tuple[DarkWindow, ...]
    counts: dict[str, int] = field(default_factory=dict)


def _static(plan: VesselPlan, changes: list[tuple[datetime, StaticChange]], ts: datetime,
            draught_m: float, mmsi: int) -> StaticReport:
    ident, dest = plan.identity, plan.destination
    for at, ch in changes:
        if ts >= at:
            ident = replace(ident, name=ch.name or ident.name,
                            callsign=ch.callsign or ident.callsign,
                            imo=ident.imo if ch.imo is None else ch.imo)
            dest = ch.destination or dest
    return StaticReport(mmsi, ts, ident.imo, ident.callsign, ident.name, ident.ship_type,
                        ident.to_bow_m, ident.to_stern_m, ident.to_port_m,
                        ident.to_starboard_m, round(draught_m, 1), dest, None)


def _heard_frame(reports: Sequence[Report], hull_of: Sequence[int], log: HeardLog,
                 n_pos: int) -> pl.DataFrame:
    idx = sorted(log.first_rx)
    rs = [reports[i] for i in idx]
    return pl.DataFrame({
        "index": idx, "hull": [hull_of[i] for i in idx], "mmsi": [r.mmsi for r in rs],
        "pos": [i < n_pos for i in idx], "ts": [r.ts for r in rs],
        "rx0": [log.first_rx[i] for i in idx], "rx1": [log.last_rx[i] for i in idx],
        "lat": [r.lat if isinstance(r, PositionReport) else None for r in rs],
        "lon": [r.lon if isinstance(r, PositionReport) else None for r in rs],
    }, schema={"index": pl.Int64, "hull": pl.Int32, "mmsi": pl.Int64, "pos": pl.Boolean,
               "ts": pl.Datetime("us", "UTC"), "rx0": pl.Datetime("us", "UTC"),
               "rx1": pl.Datetime("us", "UTC"), "lat": pl.Float64, "lon": pl.Float64})


def _twins(scenario: Scenario) -> list[Twin]:
    """(hull broadcasting within a window, the hull that owns the MMSI)."""
    owners = {v.identity.mmsi: h for h, v in enumerate(scenario.vessels) if v.window is None}
    return [(h, owners[v.identity.mmsi]) for h, v in enumerate(scenario.vessels)
            if v.window is not None and v.identity.mmsi in owners]


def run(scenario: Scenario, seed: int, out_dir: Path,
        params: dict[str, Any] | None = None) -> Result:
    """Simulate ``scenario`` and write its three files into ``out_dir``."""
    p = PARAMS.resolve(params)
    out_dir.mkdir(parents=True, exist_ok=True)
    hulls = hull_tracks(scenario, seed, p)
    positions = apply_spoofs(pl.concat(hulls.broadcast), hulls.episodes).sort(
        "ts", "mmsi", maintain_order=True)
    heard = receive(positions, seed, dark=hulls.dark, holes=scenario.holes, params=p)
    tx = heard.transmitted
    reports: list[Report] = list(to_reports(tx))
    hull_of: list[int] = tx["hull"].to_list()
    n_pos = len(reports)
    slot = (pl.col("ts").dt.epoch("s") // int(p["static_interval_s"]))
    first = tx.with_row_index("i").with_columns(slot.alias("slot")).filter(
        (pl.col("slot") != pl.col("slot").shift(1).over("hull")).fill_null(True))
    static_of: dict[int, int] = {}
    for i, h, mmsi, ts, draught in first.select("i", "hull", "mmsi", "ts",
                                                "draught_m").iter_rows():
        plan = scenario.vessels[h]
        if not plan.sends_statics:
            continue
        static_of[int(i)] = len(reports)
        hull_of.append(h)
        reports.append(_static(plan, hulls.changes[h], ts, float(draught), int(mmsi)))
    pairs: list[tuple[int, Reception]] = []
    for i, station, ts_rx in heard.receptions.iter_rows():
        rec = Reception(station, ts_rx)
        pairs.append((int(i), rec))
        if int(i) in static_of:
            pairs.append((static_of[int(i)], rec))
    files = {k: out_dir / f for k, f in (("nmea", "positions.nmea"), ("csv", "positions.csv"),
                                         ("truth", "truth.jsonl"))}
    lines = write_nmea(files["nmea"], reports, pairs, random.Random(seed),
                       corrupt_fraction=p["corrupt_fraction"])
    log: HeardLog = heard_log(reports, lines)
    heard_pos = sorted({i for i, _ in pairs if i < n_pos})
    heard_statics = sorted({i for i, _ in pairs if i >= n_pos})
    csv_reports: list[Report] = [reports[i] for i in heard_pos]
    statics = [r for i in heard_statics if isinstance(r := reports[i], StaticReport)]
    csv_rows = write_marinecadastre(files["csv"], csv_reports, statics)
    hf = _heard_frame(reports, hull_of, log, n_pos)
    true = pl.concat(hulls.true)
    truth = derive_truth(log, hulls.calls, hulls.dark, hulls.dark_ports, scenario.name)
    truth += meeting_truth(true, tx.select("hull", "ts"), hf.filter(pl.col("pos")).select(
        "hull", pl.col("rx0").dt.epoch("s").alias("rx_s")), scenario.name, p)
    truth += spoof_truth(hf, true, hulls.episodes, _twins(scenario), scenario.name, p)
    truth += mmsi_truth(hf, reports, hulls.reflags, scenario.name)
    truth.sort(key=lambda e: (e["start"], e["mmsi"], e["kind"], e["end"]))
    with files["truth"].open("w", encoding="utf-8", newline="\n") as f:
        for ev in truth:
            f.write(json.dumps(ev, sort_keys=True) + "\n")
    counts: dict[str, int] = {}
    for ev in truth:
        counts[ev["kind"]] = counts.get(ev["kind"], 0) + 1
    return Result(files, truth, len(tx), len(heard_pos), len(lines), csv_rows,
                  tuple(hulls.calls), tuple(hulls.dark), dict(sorted(counts.items())))


def simulate(name: str, seed: int, out_dir: Path, vessels: int | None = None,
             days: float | None = None, params: dict[str, Any] | None = None
             ) -> dict[str, Any]:
    """Build the named scenario (:data:`wakewatch.sim.scenarios.SCENARIOS`), run it, and
    return a summary: files, reports transmitted and heard, lines, truth counts by kind."""
    from wakewatch.sim.scenarios import SCENARIOS, build

    if name not in SCENARIOS:
        raise InputError(f"unknown scenario {name!r}: known scenarios are "
                         f"{', '.join(sorted(SCENARIOS))}")
    if vessels is not None and vessels < 1:
        raise InputError("--vessels must be at least 1")
    if days is not None and days <= 0:
        raise InputError("--days must be positive")
    scenario = build(name, seed, vessels, days)
    result = run(scenario, seed, out_dir, params)
    return {"scenario": name, "seed": seed, "vessels": len(scenario.vessels),
            "start": scenario.start.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "end": scenario.end.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "files": {k: str(v) for k, v in result.files.items()},
            "transmitted": result.transmitted, "heard": result.heard,
            "nmea_lines": result.nmea_lines, "csv_rows": result.csv_rows,
            "truth": result.counts}
