"""Building UTC datetimes from untrusted integer columns, without ever raising.

``pl.datetime`` refuses a whole column when one row is not a calendar date (Feb 30, a
month of 45 ...), and it is evaluated for every row of a ``when/then``. Here each row's
date is built from the first of its month plus an offset, and rows whose components are
out of range become null instead.
"""

from __future__ import annotations

import polars as pl


def checked_datetime(year: pl.Expr, month: pl.Expr, day: pl.Expr,
                     hour: pl.Expr | int = 0, minute: pl.Expr | int = 0,
                     microsecond: pl.Expr | int = 0) -> pl.Expr:
    """Aware UTC datetime from components; null where they do not form a real time.

    ``microsecond`` is the offset into the minute (seconds × 10^6 + µs)."""
    hour_e = pl.lit(hour) if isinstance(hour, int) else hour
    minute_e = pl.lit(minute) if isinstance(minute, int) else minute
    micro_e = pl.lit(microsecond) if isinstance(microsecond, int) else microsecond
    ok = (year.is_between(1, 9999) & month.is_between(1, 12) & day.is_between(1, 31)
          & hour_e.is_between(0, 23) & minute_e.is_between(0, 59)
          & micro_e.is_between(0, 60_999_999))
    first = pl.date(pl.when(ok).then(year).otherwise(2000),
                    pl.when(ok).then(month).otherwise(1), 1)
    at = (first.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
          + pl.duration(days=day - 1, hours=hour_e, minutes=minute_e,
                        microseconds=micro_e))
    return pl.when(ok & (at.dt.month() == month)).then(at).otherwise(None)
