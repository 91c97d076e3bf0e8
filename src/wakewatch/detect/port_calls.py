"""The ``port_call`` detector (skeleton: reports nothing yet; being written)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wakewatch.events import Event

from .base import detector_params, register
from .inputs import DetectInputs

NAME = "port_calls"
VERSION = "0"
PARAMS = detector_params(NAME)


@register(NAME, kinds=("port_call",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every port_call event in ``inputs``."""
    return []
