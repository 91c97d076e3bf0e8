"""Named synthetic tracks around real gazetteer ports, shared by the port_call and
draught_change tests: a leg at constant speed, a stay, joined into one vessel's frame."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

import polars as pl

from wakewatch.geo.ports import port_by_locode

T0 = datetime(2024, 3, 1, tzinfo=UTC)
M_PER_DEG = 111_195.0


def port_point(locode: str) -> tuple[float, float]:
    row = port_by_locode(locode)
    assert row is not None
    return float(row["lat"]), float(row["lon"])


def offset(lat: float, lon: float, north_m: float, east_m: float) -> tuple[float, float]:
    """(lat, lon) moved by metres north/east (longitude wrapped into [-180, 180))."""
    la = lat + north_m / M_PER_DEG
    lo = lon + east_m / (M_PER_DEG * math.cos(math.radians(lat)))
    return la, (lo + 180.0) % 360.0 - 180.0


Row = dict[str, object]


def leg(t: datetime, a: tuple[float, float], b: tuple[float, float], kn: float,
        step_s: int = 60) -> list[Row]:
    """Straight from a to b at ``kn`` (a included, b excluded)."""
    dn = (b[0] - a[0]) * M_PER_DEG
    dlon = (b[1] - a[1] + 180.0) % 360.0 - 180.0
    de = dlon * M_PER_DEG * math.cos(math.radians(a[0]))
    dist = math.hypot(dn, de)
    dur = dist / (kn * 1852.0 / 3600.0)
    n = max(1, int(dur // step_s))
    rows = []
    for i in range(n):
        f = i * step_s / dur
        la, lo = offset(a[0], a[1], f * dn, f * de)
        rows.append({"ts": t + timedelta(seconds=i * step_s), "lat": la, "lon": lo,
                     "sog_kn": kn})
    return rows


def stay(t: datetime, at: tuple[float, float], hours: float, sog_kn: float = 0.1,
         step_s: int = 180) -> list[Row]:
    n = int(hours * 3600 // step_s)
    return [{"ts": t + timedelta(seconds=i * step_s), "lat": at[0], "lon": at[1],
             "sog_kn": sog_kn} for i in range(n)]


def end_of(rows: list[Row], step_s: int = 60) -> datetime:
    last = rows[-1]["ts"]
    assert isinstance(last, datetime)
    return last + timedelta(seconds=step_s)


def frame(mmsi: int, rows: list[Row]) -> pl.DataFrame:
    df = pl.DataFrame(rows, schema={"ts": pl.Datetime("us", "UTC"), "lat": pl.Float64,
                                    "lon": pl.Float64, "sog_kn": pl.Float64})
    return df.with_columns(mmsi=pl.lit(mmsi, pl.Int64),
                           line_no=pl.int_range(pl.len(), dtype=pl.Int64),
                           source=pl.lit("test"))


def port_stop(mmsi: int, locode: str, t: datetime, hours: float, *, berth_m: float = 500.0,
              from_east_m: float = 30_000.0, kn: float = 10.0) -> list[Row]:
    """Arrive from ``from_east_m`` east, lie ``berth_m`` east of the port point for
    ``hours``, leave east again."""
    p = port_point(locode)
    sea = offset(*p, 0.0, from_east_m)
    berth = offset(*p, 0.0, berth_m)
    rows = leg(t, sea, berth, kn)
    rows += stay(end_of(rows), berth, hours)
    rows += leg(end_of(rows, 180), berth, sea, kn)
    return rows
