"""The event record of the data contract (DESIGN.md, *events*) and its JSON-lines reader.

An :class:`Event` is frozen and typed: ``kind``, ``mmsi`` (and ``other_mmsi`` for pair
kinds), an aware-UTC ``start``/``end``, a representative ``lat``/``lon``, a UN/LOCODE
``port``, a ``score`` in [0, 1], the ``evidence`` behind it and the ``detector``, its
``version`` and the ``params`` it ran with. :func:`read_events_jsonl` reads the
``--format jsonl`` shape (times ISO 8601 with ``Z``) and refuses a file with any line it
cannot use, naming the file and line: a truth or events file is small and must be exact, so
this is not a bulk path that counts and skips.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from wakewatch.errors import InputError, InputNotFoundError

__all__ = [
    "EVENT_KINDS", "PAIR_KINDS", "Event", "EventsFileError", "event_from_json", "event_id",
    "event_to_json", "iso_utc", "read_events_jsonl",
]

EVENT_KINDS: tuple[str, ...] = (
    "gap", "dark_port_call", "encounter", "loitering", "port_call", "spoofing",
    "identity_change", "invalid_imo", "draught_change", "destination_mismatch",
    "sanctions_hit",
)
"""Every event kind of DESIGN.md, in the order reports list them."""

PAIR_KINDS: frozenset[str] = frozenset({"encounter"})
"""Kinds about two vessels: ``other_mmsi`` is required and the pair is unordered."""

class EventsFileError(InputError):
    """A line of an events / truth file is not JSON or not a valid event (``line_no``)."""

    def __init__(self, message: str, *, path: str | Path | None = None,
                 line_no: int | None = None) -> None:
        super().__init__(message, path=path)
        self.line_no = line_no


_LOCODE = re.compile(r"^[A-Z]{2}[A-Z0-9]{3}$")


@dataclass(frozen=True, slots=True)
class Event:
    """One detected (or true) behaviour of one vessel, or of a pair for pair kinds."""

    kind: str
    mmsi: int
    start: datetime
    end: datetime
    other_mmsi: int | None = None
    event_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    port: str | None = None
    score: float | None = None
    evidence: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    detector: str | None = None
    version: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in EVENT_KINDS:
            raise ValueError(f"unknown kind {self.kind!r} (one of {', '.join(EVENT_KINDS)})")
        for name, ts in (("start", self.start), ("end", self.end)):
            if ts.tzinfo is None or ts.utcoffset() is None:
                raise ValueError(f"{name} {ts.isoformat()} has no time zone (UTC required)")
        if self.end < self.start:
            raise ValueError(f"end {iso_utc(self.end)} is before start {iso_utc(self.start)}")
        if self.kind in PAIR_KINDS and self.other_mmsi is None:
            raise ValueError(f"a {self.kind} needs other_mmsi (the second vessel)")

    @property
    def vessels(self) -> tuple[int, ...]:
        """The vessel key matching compares: ``(mmsi,)``, or the sorted pair for pair kinds."""
        if self.kind in PAIR_KINDS and self.other_mmsi is not None:
            return tuple(sorted((self.mmsi, self.other_mmsi)))
        return (self.mmsi,)


def iso_utc(ts: datetime) -> str:
    """ISO 8601 in UTC with ``Z`` (the contract's time format)."""
    return ts.astimezone(UTC).isoformat().replace("+00:00", "Z")


def event_id(kind: str, mmsi: int, start: datetime, *, other_mmsi: int | None = None,
             detector: str = "", key: str = "") -> str:
    """A deterministic id: the same behaviour found again gets the same id.

    Built from what identifies the behaviour (kind, the vessel or the unordered pair, the
    start to the second, the detector, an optional extra ``key``), never from scores or
    evidence, so re-running detection with other thresholds keeps ids stable where it can.
    """
    vessels = sorted((mmsi, other_mmsi)) if other_mmsi is not None else [mmsi]
    text = "|".join([kind, ",".join(map(str, vessels)), str(int(start.timestamp())),
                     detector, key])
    return f"{kind}:{hashlib.sha1(text.encode()).hexdigest()[:16]}"


def event_to_json(e: Event) -> dict[str, Any]:
    """The ``--format jsonl`` object of one event (times ISO 8601 UTC with ``Z``)."""
    return {"event_id": e.event_id, "kind": e.kind, "mmsi": e.mmsi,
            "other_mmsi": e.other_mmsi, "start": iso_utc(e.start), "end": iso_utc(e.end),
            "lat": e.lat, "lon": e.lon, "port": e.port, "score": e.score,
            "evidence": dict(e.evidence), "detector": e.detector, "version": e.version,
            "params": dict(e.params)}


def _time(obj: Mapping[str, Any], name: str) -> datetime:
    value = obj.get(name)
    if not isinstance(value, str):
        raise ValueError(f"{name} missing or not an ISO 8601 string")
    try:
        ts = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} {value!r} is not an ISO 8601 time") from None
    if ts.tzinfo is None:
        raise ValueError(f"{name} {value!r} has no time zone (write UTC with Z)")
    return ts.astimezone(UTC)


def _mmsi(obj: Mapping[str, Any], name: str, *, required: bool) -> int | None:
    value = obj.get(name)
    if value is None and not required:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{name} {value!r} is not an MMSI (a non-negative integer)")
    return value


def _number(obj: Mapping[str, Any], name: str, low: float, high: float) -> float | None:
    value = obj.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} {value!r} is not a number")
    if not low <= value <= high:
        raise ValueError(f"{name} {value!r} is outside [{low:g}, {high:g}]")
    return float(value)


def _text(obj: Mapping[str, Any], name: str) -> str | None:
    value = obj.get(name)
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{name} {value!r} is not a string")


def _port(obj: Mapping[str, Any]) -> str | None:
    value = _text(obj, "port")
    if value is None or not value.strip():
        return None
    code = value.replace(" ", "").upper()  # "RU VYP" and "RUVYP" are one LOCODE
    if not _LOCODE.match(code):
        raise ValueError(f"port {value!r} is not a UN/LOCODE (e.g. RUVYP)")
    return code


def _mapping(obj: Mapping[str, Any], name: str) -> Mapping[str, Any]:
    value = obj.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{name} is not a JSON object")
    return value


def event_from_json(obj: object) -> Event:
    """One decoded JSON line as an :class:`Event`; :class:`ValueError` says what is wrong."""
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    kind = obj.get("kind")
    if not isinstance(kind, str) or kind not in EVENT_KINDS:
        raise ValueError(f"unknown kind {kind!r} (one of {', '.join(EVENT_KINDS)})")
    mmsi = _mmsi(obj, "mmsi", required=True)
    assert mmsi is not None
    return Event(
        kind=kind, mmsi=mmsi, start=_time(obj, "start"), end=_time(obj, "end"),
        other_mmsi=_mmsi(obj, "other_mmsi", required=False),
        event_id=_text(obj, "event_id"),
        lat=_number(obj, "lat", -90.0, 90.0), lon=_number(obj, "lon", -360.0, 360.0),
        port=_port(obj), score=_number(obj, "score", 0.0, 1.0),
        evidence=_mapping(obj, "evidence"), detector=_text(obj, "detector"),
        version=_text(obj, "version"), params=_mapping(obj, "params"))


def read_events_jsonl(path: str | Path) -> list[Event]:
    """Every event of a JSON-lines file (blank lines skipped), in file order.

    Raises :class:`EventsFileError` (an :class:`InputError` with ``path`` and ``line_no``)
    at the first line that is not JSON or not a valid event, and
    :class:`InputNotFoundError` if the file does not exist.
    """
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputNotFoundError(f"{p}: no such file", path=p) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{p}: cannot read events: {exc}", path=p) from None
    events = []
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise _line_error(p, line_no, f"not JSON ({exc.msg})") from None
        try:
            events.append(event_from_json(obj))
        except ValueError as exc:
            raise _line_error(p, line_no, str(exc)) from None
    return events


def _line_error(path: Path, line_no: int, why: str) -> EventsFileError:
    return EventsFileError(f"{path}:{line_no}: {why}", path=path, line_no=line_no)
