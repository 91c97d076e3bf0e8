"""The ``draught_change`` detector (skeleton: reports nothing yet; being written)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wakewatch.events import Event

from .base import detector_params, register
from .inputs import DetectInputs

NAME = "draught"
VERSION = "0"
PARAMS = detector_params(NAME)


@register(NAME, kinds=("draught_change",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every draught_change event in ``inputs``."""
    return []
