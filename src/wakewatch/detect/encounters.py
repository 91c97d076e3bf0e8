"""The ``encounter`` detector (skeleton: reports nothing yet; being written)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wakewatch.events import Event

from .base import detector_params, register
from .inputs import DetectInputs

NAME = "encounters"
VERSION = "0"
PARAMS = detector_params(NAME)


@register(NAME, kinds=("encounter",), version=VERSION, partition="cell")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every encounter event in ``inputs``."""
    return []
