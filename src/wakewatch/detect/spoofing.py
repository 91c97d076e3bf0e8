"""The ``spoofing`` detector (skeleton: reports nothing yet; being written)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wakewatch.events import Event

from .base import detector_params, register
from .inputs import DetectInputs

NAME = "spoofing"
VERSION = "0"
PARAMS = detector_params(NAME)


@register(NAME, kinds=("spoofing",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every spoofing event in ``inputs``."""
    return []
