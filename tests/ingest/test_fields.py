"""AIS field semantics: sentinels, resolution, text padding and the year-less ETA."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from wakewatch.ingest.decoders.base import DECODED_SCHEMA
from wakewatch.ingest.fields import positions_from_decoded, statics_from_decoded

REPORT_TIME = datetime(2023, 12, 20, tzinfo=UTC)


def _statics(**fields: object) -> pl.DataFrame:
    row = {"msg_id": 1, "msg_type": 5, "mmsi": 273000000, **fields}
    decoded = pl.DataFrame([row], schema=DECODED_SCHEMA)
    return statics_from_decoded(decoded, pl.DataFrame({"msg_id": [1], "ts": [REPORT_TIME]}))


@pytest.mark.parametrize(("month", "day", "hour", "minute", "expected"), [
    (2, 29, 10, 0, datetime(2024, 2, 29, 10, 0, tzinfo=UTC)),   # not in 2023: next year
    (4, 31, 1, 1, None),                                          # no such day in any year
    (12, 31, 23, 59, datetime(2023, 12, 31, 23, 59, tzinfo=UTC)),
    (1, 2, 3, 4, datetime(2024, 1, 2, 3, 4, tzinfo=UTC)),        # after the report: next year
    (12, 1, 0, 0, datetime(2023, 12, 1, tzinfo=UTC)),             # < 31 days ago: this year
    (0, 0, 24, 60, None),                                         # AIS "not available"
])
def test_eta_year_is_inferred_and_impossible_dates_are_null(
        month: int, day: int, hour: int, minute: int, expected: datetime | None) -> None:
    st = _statics(eta_month=month, eta_day=day, eta_hour=hour, eta_minute=minute)
    assert st.get_column("eta").to_list() == [expected]


def test_text_ends_at_first_at_sign_and_padding_is_null() -> None:
    st = _statics(shipname="YONGDUCK@Q@@@@", callsign="@@@@@@@", destination=" PT SAID  @@")
    assert st.row(0, named=True)["name"] == "YONGDUCK"
    assert st.row(0, named=True)["callsign"] is None
    assert st.row(0, named=True)["destination"] == "PT SAID"


def test_position_sentinels_become_null() -> None:
    row = {"msg_id": 1, "msg_type": 1, "mmsi": 1, "lat": 91.0, "lon": 181.0, "speed": 102.3,
           "course": 360.0, "heading": 511, "status": 15}
    pos = positions_from_decoded(pl.DataFrame([row], schema=DECODED_SCHEMA))
    r = pos.row(0, named=True)
    assert (r["lat"], r["lon"], r["sog_kn"], r["cog_deg"], r["heading_deg"]) == (
        None, None, None, None, None)
    long_range = positions_from_decoded(pl.DataFrame(
        [{**row, "msg_type": 27, "lat": 10.0, "lon": 20.0, "speed": 63.0, "course": 359.9}],
        schema=DECODED_SCHEMA))
    assert long_range.row(0, named=True)["sog_kn"] is None
    assert long_range.row(0, named=True)["lat"] == 10.0


def test_float32_noise_is_rounded_to_ais_resolution() -> None:
    row = {"msg_id": 1, "msg_type": 1, "mmsi": 1, "lat": 1.0, "lon": 2.0,
           "speed": 14.900001, "course": 57.799999, "heading": 5}
    r = positions_from_decoded(pl.DataFrame([row], schema=DECODED_SCHEMA)).row(0, named=True)
    assert (r["sog_kn"], r["cog_deg"]) == (14.9, 57.8)
