"""Corroboration of a dark port call: what changed across the gap, and where the vessel
called before (helpers of :mod:`wakewatch.detect.dark_port_call`).

* :func:`plausible_speeds` — per ``(mmsi, hull)``, the ``speed_quantile`` (p90) of its
  under-way SOG (reports at >= ``underway_min_sog_kn``), clipped to
  [``min_speed_kn``, ``max_speed_kn``]; a vessel with fewer than ``min_underway_reports``
  under-way reports gets ``min_speed_kn`` (how it was derived is kept for the evidence).
* :func:`statics_across` — per gap, the last static report carrying a draught (and the
  last carrying a destination) at or before OFF and the first at or after ON, each within
  ``statics_window_h`` of the gap (AIS type 5 comes every 6 min; a report days away says
  nothing about this gap).
* :func:`prior_calls` — port visits of the vessel (:func:`.port_visits.port_visits`, the
  ``port_call`` detector's definition and defaults) that ended before the gap began, at the
  port: same UN/LOCODE, or the visit's mean position within ``prior_call_radius_km`` of the
  port (ports of concern without a LOCODE, such as the Dunay pier).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import polars as pl

from .evidence import report_ref, rounded
from .port_visits import port_visits

__all__ = ["normalize_destination", "plausible_speeds", "prior_calls", "statics_across"]

_STATIC_REF = ("ts", "draught_m", "destination", "source", "file_sha256", "line_no")


def plausible_speeds(positions: pl.DataFrame, p: Mapping[str, Any]) -> pl.DataFrame:
    """mmsi, hull, ``speed_kn``, ``observed_kn`` (the quantile; null with too few reports),
    ``underway_reports``."""
    under = positions.filter(pl.col("sog_kn") >= p["underway_min_sog_kn"])
    q = under.group_by("mmsi", "hull").agg(
        observed_kn=pl.col("sog_kn").quantile(p["speed_quantile"], "linear"),
        underway_reports=pl.len())
    return (positions.select("mmsi", "hull").unique()
            .join(q, on=["mmsi", "hull"], how="left")
            .with_columns(underway_reports=pl.col("underway_reports").fill_null(0))
            .with_columns(observed_kn=pl.when(pl.col("underway_reports")
                                              >= p["min_underway_reports"])
                          .then(pl.col("observed_kn")))
            .with_columns(speed_kn=pl.col("observed_kn").fill_null(p["min_speed_kn"])
                          .clip(p["min_speed_kn"], p["max_speed_kn"])))


def normalize_destination(text: str | None) -> str | None:
    """Upper case, runs of non-alphanumerics as one space; None when nothing is left."""
    if text is None:
        return None
    s = re.sub(r"[^A-Z0-9]+", " ", text.upper()).strip()
    return s or None


def _asof(gaps: pl.DataFrame, statics: pl.DataFrame, column: str, at: str,
          strategy: str, window_h: float) -> pl.Series:
    s = (statics.filter(pl.col(column).is_not_null())
         .select("mmsi", _t=pl.col("ts"), ref=pl.struct([pl.col(c) for c in _STATIC_REF]))
         .sort("mmsi", "_t"))
    left = gaps.select("_g", "mmsi", _at=pl.col(at)).sort("mmsi", "_at")
    out = left.join_asof(s, left_on="_at", right_on="_t", by="mmsi",
                         strategy="backward" if strategy == "backward" else "forward",
                         tolerance=f"{round(window_h * 3600)}s", check_sortedness=False)
    return out.sort("_g").get_column("ref")


def statics_across(gaps: pl.DataFrame, statics: pl.DataFrame, window_h: float
                   ) -> pl.DataFrame:
    """Per gap row (``_g``, ``mmsi``, ``ts`` = OFF, ``on_ts`` = ON): static report structs
    ``draught_before``/``draught_after`` and ``dest_before``/``dest_after`` (or null)."""
    if statics.is_empty():
        null = pl.lit(None, dtype=pl.Struct({c: statics.schema.get(c, pl.String())
                                             for c in _STATIC_REF}))
        return gaps.select("_g").with_columns(draught_before=null, draught_after=null,
                                              dest_before=null, dest_after=null)
    st = statics.filter(pl.col("mmsi").is_in(gaps["mmsi"].unique().implode()))
    st = st.with_columns(draught_m=pl.when(pl.col("draught_m") > 0).then(pl.col("draught_m")))
    return pl.DataFrame({
        "_g": gaps.sort("_g")["_g"],
        "draught_before": _asof(gaps, st, "draught_m", "ts", "backward", window_h),
        "draught_after": _asof(gaps, st, "draught_m", "on_ts", "forward", window_h),
        "dest_before": _asof(gaps, st, "destination", "ts", "backward", window_h),
        "dest_after": _asof(gaps, st, "destination", "on_ts", "forward", window_h)})


def static_ref(row: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """A report reference to a static report struct (None stays None)."""
    return None if row is None else report_ref(row)


def prior_calls(positions: pl.DataFrame, pairs: pl.DataFrame, radius_km: float,
                most: int = 5) -> pl.DataFrame:
    """Per candidate pair (``_c``, mmsi, hull, ``ts`` = gap start, ``port``, ``port_lat``,
    ``port_lon``): ``prior_calls`` (count) and ``prior_list`` (the latest ``most``)."""
    vessels = pairs.select("mmsi").unique()
    pos = positions.join(vessels, on="mmsi", how="semi")
    visits = port_visits(pos).select("mmsi", "hull", v_start="start", v_end="end",
                                     v_lat="lat", v_lon="lon", v_code="locode",
                                     v_name="port_name")
    deg = pl.lit(3.141592653589793 / 180.0)
    dlat = (pl.col("v_lat") - pl.col("port_lat")) * deg
    dlon = (pl.col("v_lon") - pl.col("port_lon")) * deg
    h = ((dlat / 2).sin() ** 2 + (pl.col("v_lat") * deg).cos() * (pl.col("port_lat") * deg)
         .cos() * (dlon / 2).sin() ** 2)
    dist_m = 2.0 * 6_371_008.8 * h.sqrt().clip(0.0, 1.0).arcsin()
    hits = (pairs.select("_c", "mmsi", "hull", "ts", "port", "port_lat", "port_lon")
            .join(visits, on=["mmsi", "hull"])
            .filter((pl.col("v_end") <= pl.col("ts"))
                    & ((pl.col("v_code") == pl.col("port")).fill_null(False)
                       | (dist_m <= radius_km * 1e3)))
            .sort("_c", "v_start", descending=[False, True])
            .group_by("_c", maintain_order=True).agg(
                prior_calls=pl.len(),
                prior_list=pl.struct("v_start", "v_end", "v_code", "v_name").head(most)))
    return pairs.select("_c").join(hits, on="_c", how="left").with_columns(
        prior_calls=pl.col("prior_calls").fill_null(0)).sort("_c")


def prior_json(items: list[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    """Prior calls as plain JSON."""
    return [{"start": rounded(v["v_start"]), "end": rounded(v["v_end"]),
             "port": v["v_code"], "port_name": v["v_name"]} for v in items or []]
