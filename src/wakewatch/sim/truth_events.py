"""The shape of a truth event: a dict in the ``--format jsonl`` shape of
:mod:`wakewatch.events`, detector ``sim.truth:<scenario>``, score 1."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

__all__ = ["DETECTOR", "VERSION", "event", "iso"]

DETECTOR = "sim.truth"
VERSION = "1"


def iso(ts: datetime) -> str:
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


def event(kind: str, mmsi: int, start: datetime, end: datetime, scenario: str, *,
          lat: float | None = None, lon: float | None = None, port: str | None = None,
          evidence: dict[str, Any]) -> dict[str, Any]:
    return {"event_id": f"{scenario}:{kind}:{mmsi}:{int(start.timestamp())}", "kind": kind,
            "mmsi": mmsi, "other_mmsi": None, "start": iso(start), "end": iso(end),
            "lat": None if lat is None else round(lat, 5),
            "lon": None if lon is None else round(lon, 5), "port": port, "score": 1.0,
            "evidence": evidence, "detector": f"{DETECTOR}:{scenario}", "version": VERSION,
            "params": {}}
