"""Hull splitting: the physical ships behind one MMSI (placeholder: one hull per MMSI).

Runs before every other detector so that two ships sharing an MMSI do not make gaps,
speeds or port calls out of each other's reports. This first version numbers every MMSI's
reports as hull 0; the spoofing detector's track splitting replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from .base import detector_params

__all__ = ["PARAMS", "split_hulls"]

PARAMS = detector_params("hulls")


def split_hulls(positions: pl.DataFrame, params: Mapping[str, Any] | None = None
                ) -> pl.DataFrame:
    """``positions`` with ``hull`` assigned (see the module doc)."""
    PARAMS.resolve(params)
    return positions.with_columns(hull=pl.lit(0, dtype=pl.Int32))
