"""The detector registry and the helpers every detector module shares.

A detector is one module with one pure function ``run(inputs, params) -> list[Event]`` and
a :class:`Detector` record registered under its name (nomenklatura's algorithm registry):
the kinds it emits, its version, its declared parameters (component ``detect.<name>``) and
how it may be partitioned:

* ``"vessel"`` — it looks at one MMSI (hull) at a time, so any split of the vessels gives
  the same events;
* ``"cell"`` — it compares vessels with each other (encounters), so a partition is a
  spatial cell and time window plus a halo (see :mod:`wakewatch.detect.partition`);
* ``"fleet"`` — it links vessels through their identities wherever they are (the same IMO
  on two MMSIs), so it runs over the whole input (on Dask: after a shuffle by IMO).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from wakewatch.events import EVENT_KINDS, Event, event_id
from wakewatch.params import ParamSet, param_set

from .inputs import DetectInputs

__all__ = ["REGISTRY", "Detector", "RunFn", "detector_params", "make_event", "register"]

RunFn = Callable[[DetectInputs, Mapping[str, Any]], list[Event]]
Partition = Literal["vessel", "cell", "fleet"]


@dataclass(frozen=True)
class Detector:
    """One registered detector."""

    name: str
    kinds: tuple[str, ...]
    version: str
    params: ParamSet
    partition: Partition
    run: RunFn

    def __call__(self, inputs: DetectInputs,
                 overrides: Mapping[str, Any] | None = None) -> list[Event]:
        """Run with the declared defaults overlaid by ``overrides``."""
        return self.run(inputs, self.params.resolve(overrides))


REGISTRY: dict[str, Detector] = {}


def detector_params(name: str) -> ParamSet:
    """The parameter set of detector ``name`` (component ``detect.<name>``)."""
    return param_set(f"detect.{name}")


def register(name: str, *, kinds: tuple[str, ...], version: str, partition: Partition
             ) -> Callable[[RunFn], RunFn]:
    """Decorator: register ``run`` as detector ``name``."""
    for k in kinds:
        if k not in EVENT_KINDS:
            raise ValueError(f"detector {name}: unknown kind {k!r}")

    def deco(run: RunFn) -> RunFn:
        REGISTRY[name] = Detector(name, kinds, version, detector_params(name), partition, run)
        return run
    return deco


def make_event(kind: str, mmsi: int, start: datetime, end: datetime, *, detector: str,
               version: str, params: Mapping[str, Any], score: float,
               evidence: Mapping[str, Any], other_mmsi: int | None = None,
               lat: float | None = None, lon: float | None = None, port: str | None = None,
               key: str = "") -> Event:
    """An :class:`Event` with a deterministic id, a clamped score and rounded position."""
    return Event(
        kind=kind, mmsi=int(mmsi), other_mmsi=None if other_mmsi is None else int(other_mmsi),
        start=start, end=end,
        event_id=event_id(kind, int(mmsi), start, other_mmsi=other_mmsi, detector=detector,
                          key=key),
        lat=None if lat is None else round(float(lat), 5),
        lon=None if lon is None else round((float(lon) + 180.0) % 360.0 - 180.0, 5),
        port=port, score=round(min(1.0, max(0.0, float(score))), 4), evidence=evidence,
        detector=detector, version=version, params=dict(params))
