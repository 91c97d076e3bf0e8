"""Behaviour detectors: pure functions over positions and statics that return typed events.

One module per detector (``gaps``, ``encounters``, ``loitering``, ``port_calls``,
``spoofing``, ``identity_change``, ``invalid_imo``, ``draught``), each registered in
:data:`REGISTRY` with its kinds, version and declared parameters; :func:`run_detection`
splits hulls and runs them. No I/O here except :mod:`wakewatch.detect.load`, which reads a
store into :class:`DetectInputs`.
"""

from wakewatch.detect.base import REGISTRY, Detector, make_event, register
from wakewatch.detect.inputs import DetectInputs, prepare_positions, prepare_statics
from wakewatch.detect.runner import DETECTABLE_KINDS, detectors, run_detection

__all__ = [
    "DETECTABLE_KINDS", "REGISTRY", "DetectInputs", "Detector", "detectors", "make_event",
    "prepare_positions", "prepare_statics", "register", "run_detection",
]
