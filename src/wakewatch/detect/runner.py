"""Run the registered detectors over one :class:`DetectInputs`: hulls first, then each one.

``run_detection`` is what the CLI, the demo, ``evaluate`` and the benchmarks call. It is
pure like the detectors: tables in, events out. ``settings`` maps a detector's name
(``gaps``, ``hulls`` ...) to overrides of its declared parameters.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from wakewatch.events import EVENT_KINDS, Event

from .base import REGISTRY, Detector
from .hulls import split_hulls
from .inputs import DetectInputs

__all__ = ["DETECTABLE_KINDS", "DETECTOR_MODULES", "detectors", "run_detection"]

DETECTOR_MODULES: tuple[str, ...] = (
    "gaps", "encounters", "loitering", "port_calls", "spoofing", "identity_change",
    "invalid_imo", "draught", "dark_port_call", "destination_mismatch",
)
"""The detector modules of :mod:`wakewatch.detect`, each registering one detector."""

Settings = Mapping[str, Mapping[str, Any]]


def detectors() -> dict[str, Detector]:
    """Every registered detector by name (importing the modules registers them)."""
    for name in DETECTOR_MODULES:
        importlib.import_module(f"wakewatch.detect.{name}")
    return dict(REGISTRY)


def _detectable() -> tuple[str, ...]:
    kinds = {k for d in detectors().values() for k in d.kinds}
    return tuple(k for k in EVENT_KINDS if k in kinds)


DETECTABLE_KINDS: tuple[str, ...] = _detectable()
"""The event kinds some detector emits, in the order of :data:`EVENT_KINDS`."""


def select(kinds: Iterable[str] | None) -> list[Detector]:
    """The detectors needed for ``kinds`` (all when None); unknown kinds are a ValueError."""
    all_detectors = detectors()
    if kinds is None:
        return list(all_detectors.values())
    wanted = set(kinds)
    unknown = wanted - set(DETECTABLE_KINDS)
    if unknown:
        raise ValueError(f"no detector for kind(s) {', '.join(sorted(unknown))} "
                         f"(detectable: {', '.join(DETECTABLE_KINDS)})")
    return [d for d in all_detectors.values() if wanted & set(d.kinds)]


def with_hulls(inputs: DetectInputs, settings: Settings | None = None) -> DetectInputs:
    """``inputs`` with each MMSI's reports assigned to hulls (:mod:`.hulls`)."""
    positions = split_hulls(inputs.positions, (settings or {}).get("hulls"))
    return replace(inputs,
                   positions=positions.sort(["mmsi", "hull", "ts", "line_no"], nulls_last=True))


RECEPTION_USERS = ("gaps", "dark_port_call")
"""Detectors that grade gaps by measured reception: it is counted once per run for all."""


def run_detection(inputs: DetectInputs, *, kinds: Iterable[str] | None = None,
                  settings: Settings | None = None) -> list[Event]:
    """Events of ``kinds`` (all detectable kinds when None), sorted by start, vessel, kind."""
    wanted = None if kinds is None else set(kinds)
    chosen = select(wanted)
    split = with_hulls(inputs, settings)
    if split.reception is None and sum(d.name in RECEPTION_USERS for d in chosen) > 1:
        from .gaps import shared_reception

        split = replace(split, reception=shared_reception(split.positions,
                                                          (settings or {}).get("gaps")))
    events: list[Event] = []
    for d in chosen:
        events.extend(d(split, (settings or {}).get(d.name)))
    if wanted is not None:
        events = [e for e in events if e.kind in wanted]
    return sorted(events, key=lambda e: (e.start, e.mmsi, e.kind, e.event_id or ""))
