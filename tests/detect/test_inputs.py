"""DetectInputs: the one checked shape every detector reads."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from wakewatch.detect import DetectInputs, prepare_positions
from wakewatch.detect.inputs import POSITION_COLUMNS, STATIC_COLUMNS

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def frame(**cols: list[object]) -> pl.DataFrame:
    return pl.DataFrame(cols)


def test_positions_get_every_column_sorted_wrapped_and_hull_zero() -> None:
    raw = frame(mmsi=[2, 1, 1], ts=[T0, T0.replace(hour=2), T0], lat=[1.0, 2.0, 3.0],
                lon=[190.0, -180.0, 179.5])
    out = prepare_positions(raw)
    assert list(out.columns) == list(POSITION_COLUMNS)
    assert out["mmsi"].to_list() == [1, 1, 2]
    assert out["ts"].to_list() == [T0, T0.replace(hour=2), T0]
    assert out["lon"].to_list() == [179.5, -180.0, -170.0]
    assert out["hull"].to_list() == [0, 0, 0]
    assert out["line_no"].null_count() == 3  # evidence columns present, null when unknown


def test_positions_without_a_place_are_dropped() -> None:
    raw = frame(mmsi=[1, 1, 1], ts=[T0] * 3, lat=[None, 1.0, 95.0], lon=[1.0, None, 1.0])
    assert prepare_positions(raw).is_empty()


def test_naive_times_are_refused() -> None:
    raw = frame(mmsi=[1], ts=[datetime(2024, 1, 1)], lat=[1.0], lon=[1.0])
    with pytest.raises(ValueError, match="aware UTC"):
        prepare_positions(raw)


def test_other_time_zones_become_utc_and_missing_columns_are_named() -> None:
    raw = frame(mmsi=[1], ts=[T0], lat=[1.0], lon=[1.0]).with_columns(
        pl.col("ts").dt.convert_time_zone("Asia/Tokyo"))
    assert prepare_positions(raw)["ts"].dtype == pl.Datetime("us", "UTC")
    with pytest.raises(ValueError, match="lat, lon"):
        prepare_positions(frame(mmsi=[1], ts=[T0]))


def test_statics_may_be_omitted_and_have_the_static_shape() -> None:
    inputs = DetectInputs.from_frames(frame(mmsi=[1], ts=[T0], lat=[1.0], lon=[1.0]))
    assert inputs.statics.is_empty() and list(inputs.statics.columns) == list(STATIC_COLUMNS)
    assert inputs.time_range() == (T0, T0)
