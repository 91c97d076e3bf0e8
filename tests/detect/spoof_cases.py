"""Named synthetic tracks for the hull and spoofing tests (Polars frames, detector shape)."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import polars as pl

from wakewatch.detect import DetectInputs
from wakewatch.detect.runner import with_hulls

T0 = datetime(2024, 3, 1, tzinfo=UTC)
M_PER_DEG = 111_195.0


def track(mmsi: int, lat0: float, lon0: float, *, hours: float = 12.0, step_min: float = 5.0,
          speed_kn: float = 12.0, course_deg: float = 90.0, start: datetime = T0,
          line0: int = 0) -> pl.DataFrame:
    """A straight track reported every ``step_min`` minutes (longitudes not wrapped)."""
    n = int(hours * 60 / step_min) + 1
    rows = []
    for i in range(n):
        dist = speed_kn * 1852.0 * i * step_min / 60.0
        lat = lat0 + dist * math.cos(math.radians(course_deg)) / M_PER_DEG
        lon = lon0 + dist * math.sin(math.radians(course_deg)) / (
            M_PER_DEG * math.cos(math.radians(lat0)))
        rows.append({"mmsi": mmsi, "ts": start + timedelta(minutes=i * step_min),
                     "lat": lat, "lon": lon, "sog_kn": speed_kn, "line_no": line0 + i})
    return pl.DataFrame(rows, schema={"mmsi": pl.Int64, "ts": pl.Datetime("us", "UTC"),
                                      "lat": pl.Float64, "lon": pl.Float64,
                                      "sog_kn": pl.Float64, "line_no": pl.Int64})


def displace(df: pl.DataFrame, rows: range | list[int], lat: float, lon: float
             ) -> pl.DataFrame:
    """Rows ``rows`` of ``df`` moved to (lat, lon): a spoofed or bad position."""
    idx = pl.int_range(pl.len())
    hit = idx.is_in(list(rows))
    return df.with_columns(lat=pl.when(hit).then(lat).otherwise(pl.col("lat")),
                           lon=pl.when(hit).then(lon).otherwise(pl.col("lon")))


def inputs(*frames: pl.DataFrame) -> DetectInputs:
    """The detector inputs of the frames, hulls split as the runner does."""
    return with_hulls(DetectInputs.from_frames(pl.concat(frames)))


# Places: open sea in the Sea of Japan, Hamburg's container berths, inland North Korea.
SEA = (39.5, 133.0)
HAMBURG_BERTH = (53.535, 9.93)
INLAND_KP = (40.6, 127.2)
