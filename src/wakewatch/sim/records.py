"""What a simulated vessel emits and who hears it: frozen, typed records.

A :class:`PositionReport` or :class:`StaticReport` is one transmission, with the values the
vessel *broadcasts* (which may be false: a forged IMO, a destination it is not going to). A
:class:`Reception` is one receiver hearing one transmission at some time; the same report
heard by two stations is two receptions, and receptions listed out of time order express
out-of-order arrival. Writers (:mod:`wakewatch.sim.emit`) turn them into NMEA or CSV.

Units are in the names; ``ts`` is the transmission time, timezone-aware UTC. ``None`` stands
for "not available" (heading 511, SOG 1023, ...); the writers encode the AIS sentinel.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from wakewatch.errors import WakewatchError

PositionMsgType = Literal[1, 18, 27]


class SimulationError(WakewatchError):
    """A simulated record that AIS cannot express (naive time, value out of range)."""


def _check_utc(ts: datetime, what: str) -> None:
    if ts.tzinfo is None or ts.utcoffset() != timedelta(0):
        raise SimulationError(f"{what} must be timezone-aware UTC, got {ts!r}")


@dataclass(frozen=True, slots=True)
class PositionReport:
    """One position report (AIS type 1 class A, 18 class B, 27 long range)."""

    mmsi: int
    ts: datetime
    lat: float
    lon: float
    sog_kn: float | None
    cog_deg: float | None
    heading_deg: int | None
    nav_status: int | None   # None for type 18 (class B has none)
    msg_type: PositionMsgType = 1

    def __post_init__(self) -> None:
        _check_utc(self.ts, "PositionReport.ts")
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise SimulationError(f"position out of range: {self.lat}, {self.lon}")
        if self.msg_type not in (1, 18, 27):
            raise SimulationError(f"msg_type {self.msg_type} is not 1, 18 or 27")


@dataclass(frozen=True, slots=True)
class StaticReport:
    """One class A static and voyage report (AIS type 5)."""

    mmsi: int
    ts: datetime
    imo: int | None
    callsign: str | None
    name: str | None
    ship_type: int | None
    to_bow_m: int
    to_stern_m: int
    to_port_m: int
    to_starboard_m: int
    draught_m: float | None
    destination: str | None
    eta: datetime | None

    def __post_init__(self) -> None:
        _check_utc(self.ts, "StaticReport.ts")
        if self.eta is not None:
            _check_utc(self.eta, "StaticReport.eta")

    @property
    def length_m(self) -> int:
        return self.to_bow_m + self.to_stern_m

    @property
    def beam_m(self) -> int:
        return self.to_port_m + self.to_starboard_m


Report = PositionReport | StaticReport


@dataclass(frozen=True, slots=True)
class Reception:
    """One receiver (``station``, the tag block ``s:``) hearing one report at
    ``ts_received`` (the tag block ``c:``, whole UNIX seconds)."""

    station: str
    ts_received: datetime

    def __post_init__(self) -> None:
        _check_utc(self.ts_received, "Reception.ts_received")
        if not self.station or any(c in self.station for c in ",*\\"):
            raise SimulationError(f"station {self.station!r} cannot go in a tag block")
