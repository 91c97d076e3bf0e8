"""AIS field semantics: "not available" sentinels → nulls, units, statics clean-up.

One place for both decoders (pyais and aiscat) and every message type: lat 91 / lon 181 (and
anything outside ±90/±180), sog 102.3 (1023) and above, cog 360 and above, heading 511
(anything ≥ 360) become null; type 27 (long range) reports sog 63 and cog 511 as not
available. Names, call signs and destinations lose their ``@`` padding; and end at the first
``@`` (the 6-bit NUL, as gpsd reads them); IMO outside 1..1,073,741,823 and zero
dimensions/draught become null (GFW's pipe-segment rules). Speed, course and draught are
rounded to their 0.1 resolution (aiscat reports float32 values); coordinates keep the
decoder's value (aiscat's float32 latitude/longitude differ from pyais's by < 1e-5°, about 1
m). ETA carries no year in AIS: it is placed in the year that puts it closest after the
report time (at most one month in the past).
"""

from __future__ import annotations

import polars as pl

from wakewatch.ingest.timecols import checked_datetime

POSITION_TYPES = (1, 2, 3, 18, 19, 27)
STATIC_TYPES = (5, 19, 24)
TS = pl.Datetime("us", "UTC")


def _clean_text(col: str) -> pl.Expr:
    # '@' is the 6-bit NUL: the text ends at the first one (as gpsd and aiscat read it)
    cleaned = pl.col(col).str.replace(r"@.*$", "").str.strip_chars()
    cleaned = cleaned.str.replace_all(r"\s+", " ")
    return pl.when(cleaned == "").then(None).otherwise(cleaned)


def _eta_in(year: pl.Expr) -> pl.Expr:
    """The AIS ETA (month, day, hour, minute) in ``year``; null when that day does not exist
    in that year (Feb 29 in a common year, Apr 31 ...)."""
    return checked_datetime(year, pl.col("eta_month"), pl.col("eta_day"),
                            pl.col("eta_hour"), pl.col("eta_minute"))


def positions_from_decoded(decoded: pl.DataFrame) -> pl.DataFrame:
    """Position reports (types 1/2/3/18/19/27) with sentinels as nulls.

    Columns: msg_id, mmsi, lat, lon, sog_kn, cog_deg, heading_deg, nav_status, msg_type.
    """
    pos = decoded.filter(pl.col("msg_type").is_in(POSITION_TYPES))
    long_range = pl.col("msg_type") == 27
    lat, lon = pl.col("lat"), pl.col("lon")
    sog, cog = pl.col("speed"), pl.col("course")
    return pos.select(
        "msg_id",
        "mmsi",
        lat=pl.when(lat.abs() <= 90).then(lat).otherwise(None),
        lon=pl.when(lon.abs() <= 180).then(lon).otherwise(None),
        # 0.1 kn / 0.1° is the AIS resolution; rounding also removes float32 noise
        sog_kn=pl.when(long_range & (sog >= 63)).then(None)
        .when(sog >= 102.25).then(None).otherwise(sog.round(1)),
        cog_deg=pl.when(cog >= 359.95).then(None).when(cog < 0).then(None)
        .otherwise(cog.round(1)),
        heading_deg=pl.when(pl.col("heading") >= 360).then(None)
        .otherwise(pl.col("heading")).cast(pl.Int16),
        nav_status=pl.when(pl.col("msg_type").is_in((18, 19))).then(None)
        .otherwise(pl.col("status")).cast(pl.Int8),
        msg_type=pl.col("msg_type").cast(pl.Int8),
    )


def statics_from_decoded(decoded: pl.DataFrame, ts: pl.DataFrame) -> pl.DataFrame:
    """Static and voyage reports (types 5, 19, 24A/B), cleaned.

    ``ts`` maps msg_id → ts (needed to place the year-less ETA). Columns follow the store's
    ``statics`` table minus provenance.
    """
    st = decoded.filter(pl.col("msg_type").is_in(STATIC_TYPES)).join(ts, on="msg_id")
    dim = {c: pl.when(pl.col(c) > 0).then(pl.col(c)).otherwise(None).cast(pl.Int16)
           for c in ("to_bow", "to_stern", "to_port", "to_starboard")}
    imo = pl.col("imo")
    eta_ok = (pl.col("eta_month").is_between(1, 12) & pl.col("eta_day").is_between(1, 31)
              & pl.col("eta_hour").is_between(0, 23) & pl.col("eta_minute").is_between(0, 59))
    year = pl.col("ts").dt.year()
    eta_this = _eta_in(year)
    eta_next = _eta_in(year + 1)
    month_ago = pl.col("ts") - pl.duration(days=31)
    # type 24 part B and type 5 carry the ship type; part A carries only the name
    out = st.with_columns(
        eta_ok=eta_ok.fill_null(False),
    ).select(
        "msg_id",
        "mmsi",
        "ts",
        msg_type=pl.col("msg_type").cast(pl.Int8),
        imo=pl.when((imo >= 1) & (imo <= 1_073_741_823)).then(imo).otherwise(None),
        callsign=_clean_text("callsign"),
        name=_clean_text("shipname"),
        ship_type=pl.when(pl.col("ship_type") > 0).then(pl.col("ship_type")).otherwise(None)
        .cast(pl.Int16),
        to_bow_m=dim["to_bow"],
        to_stern_m=dim["to_stern"],
        to_port_m=dim["to_port"],
        to_starboard_m=dim["to_starboard"],
        length_m=(dim["to_bow"] + dim["to_stern"]).cast(pl.Float64),
        beam_m=(dim["to_port"] + dim["to_starboard"]).cast(pl.Float64),
        draught_m=pl.when(pl.col("draught") > 0).then(pl.col("draught").round(1))
        .otherwise(None),
        destination=_clean_text("destination"),
        eta=pl.when(~pl.col("eta_ok")).then(None)
        .when(eta_this >= month_ago).then(eta_this).otherwise(eta_next),
    )
    return out
