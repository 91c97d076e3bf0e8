"""Declared vessel → broadcasting MMSI: the IMO of a declaration matched to static reports.

A bill of lading names the vessel by IMO number and name, not by MMSI. The MMSI is the one
whose static reports (AIS type 5 / 24) carried the declared IMO nearest in time to the loading
date: inside its first..last report of that IMO when one is, else the closest such interval
(a reflagged hull broadcasts one IMO under two MMSIs, one after the other). A declared
``vessel_mmsi`` is kept as given. No IMO match leaves ``mmsi`` null: track findings then need
the MMSI in the declaration itself.
"""

from __future__ import annotations

import polars as pl

from wakewatch.store.db import Store

__all__ = ["resolve_mmsi"]


def resolve_mmsi(store: Store, declarations: pl.DataFrame) -> pl.DataFrame:
    """``declarations`` with an ``mmsi`` column (declared, else resolved from the IMO)."""
    imos = [int(i) for i in declarations["vessel_imo"].drop_nulls().unique().to_list()]
    spans = pl.DataFrame(schema={"imo": pl.Int64, "mmsi_res": pl.Int64,
                                 "first_ts": pl.Datetime("us", "UTC"),
                                 "last_ts": pl.Datetime("us", "UTC")})
    if imos:
        marks = ", ".join("?" for _ in imos)
        spans = store.con.sql(
            f"SELECT imo, mmsi AS mmsi_res, min(ts) AS first_ts, max(ts) AS last_ts "
            f"FROM statics WHERE imo IN ({marks}) GROUP BY imo, mmsi",
            params=imos).pl().with_columns(
                pl.col("first_ts", "last_ts").dt.convert_time_zone("UTC"),
                pl.col("imo", "mmsi_res").cast(pl.Int64))
    ranked = (declarations.select("declaration_id", "vessel_imo", "loading_date")
              .join(spans, left_on="vessel_imo", right_on="imo", how="inner")
              .with_columns(off=pl.max_horizontal(
                  (pl.col("first_ts") - pl.col("loading_date")).dt.total_seconds(),
                  (pl.col("loading_date") - pl.col("last_ts")).dt.total_seconds(),
                  pl.lit(0)))
              .sort("declaration_id", "off", "mmsi_res")
              .group_by("declaration_id", maintain_order=True).first()
              .select("declaration_id", "mmsi_res"))
    return (declarations.join(ranked, on="declaration_id", how="left")
            .with_columns(mmsi=pl.coalesce("vessel_mmsi", "mmsi_res")).drop("mmsi_res"))
