"""Fixtures of the evaluate tests."""

from __future__ import annotations

import pytest
from evaluate_cases import mini_truth

from wakewatch.evaluate import Event


@pytest.fixture
def truth() -> list[Event]:
    """The dprk-russia shape in miniature: gaps, a port call, an encounter, an IMO flag."""
    return mini_truth()
