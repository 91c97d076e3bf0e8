"""The ``loitering`` detector: one vessel slow, far from shore, alone, for hours.

**Definition** (GFW pipe-loitering, ``files/loitering.md``): the reports of each
``(mmsi, hull)`` are binned by UTC hour; an hour is *slow* when the implied speed from the
previous heard hour — great-circle distance between the two hours' mean positions over the
time between their mean times — is below ``max_sog_kn`` (2 kn; GFW ``--slow-threshold``).
Consecutive slow hours, at most ``max_gap_h`` (3 h) apart, form a loitering interval, from
the first report of its first hour to the last report of its last; it is reported when it
lasts at least ``min_duration_h`` (4 h; GFW's carrier rule, the pipeline's 2 h is too
noisy for single vessels) and its hourly positions lie on average at least
``min_shore_distance_nm`` (20 nm; GFW's published events) from the coast
(:func:`wakewatch.geo.land.distance_to_shore_m`, computed per candidate hour, not per
report). A vessel moored or anchored in port or near shore is not loitering (shore rule).

**No partner.** Hours in which the vessel was within ``partner_distance_m`` (500 m) of
another vessel that was itself slow (from the encounter pair computation on the same 10-min
grid, :mod:`.resample`), and the hours between two such moments less than ``max_gap_h``
apart, are not loitering: that is an encounter. A vessel waiting for its partner loiters
until the partner arrives. This needs the other vessels, so the detector is partitioned by
``cell`` like the encounter detector.

**Improvements on GFW.** Mean hourly positions (not per-report implied speeds) make the
speed insensitive to GPS jitter, which between reports seconds apart reads as knots; and
satellite-only waters, with a pass every ~1.5 h, still give consecutive heard hours.

**Event**: start/end of the interval, lat/lon the centroid of the hourly positions (circular
mean of longitude); ``score`` = mean of duration (``duration_h / (2 * min_duration_h)``,
capped), slowness (``1 - mean speed / (2 * max_sog_kn)``) and shore distance
(``shore_nm / (2 * min_shore_distance_nm)``, capped); evidence: hours, duration, mean and max
hourly speed, mean and min shore distance, report count, first and last reports, thresholds.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import numpy as np
import polars as pl

from wakewatch.events import Event
from wakewatch.geo.land import distance_to_shore_m
from wakewatch.geo.routes import haversine_m

from .base import detector_params, make_event, register
from .evidence import report_ref
from .inputs import DetectInputs
from .resample import shared_pairs

NAME = "loitering"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("max_sog_kn", float, 2.0, "kn",
           "An hour is slow when the implied speed from the previous heard hour is below "
           "this (GFW: 2 kn).")
PARAMS.add("min_duration_h", float, 4.0, "h",
           "A loitering interval lasts at least this long (GFW carrier loitering: 4 h).")
PARAMS.add("min_shore_distance_nm", float, 20.0, "nm",
           "Average distance of the hourly positions from the shore (GFW: 20 nm).")
PARAMS.add("max_gap_h", float, 3.0, "h",
           "Consecutive heard hours at most this far apart can belong to one interval.")
PARAMS.add("partner_distance_m", float, 500.0, "m",
           "Another slow vessel this close is a partner (an encounter, not loitering).")
PARAMS.add("resample_min", int, 10, "min",
           "Grid step on which partners are looked for (as the encounter detector).")
PARAMS.add("max_interp_gap_h", float, 1.0, "h",
           "Grid points are interpolated only between reports less than this apart.")

_NM = 1852.0
_V = ["mmsi", "hull"]


def _hours(pos: pl.DataFrame) -> pl.DataFrame:
    """One row per (mmsi, hull, UTC hour) with reports: counts, times, mean position.

    ``pos`` is sorted by ``mmsi, hull, ts``, so an hour's reports are contiguous and sums
    are ``np.add.reduceat`` over the run starts (no hash group-by).
    """
    t = pos.get_column("ts").dt.epoch("us").to_numpy() / 1e6
    mmsi = pos.get_column("mmsi").to_numpy()
    hull = pos.get_column("hull").to_numpy()
    h = np.floor(t / 3600.0).astype(np.int64)
    new = np.r_[True, (mmsi[1:] != mmsi[:-1]) | (hull[1:] != hull[:-1]) | (h[1:] != h[:-1])]
    start = np.flatnonzero(new)
    end = np.r_[start[1:], len(t)]
    n = end - start
    lon = np.radians(pos.get_column("lon").to_numpy())

    def mean(v: np.ndarray) -> np.ndarray:
        return np.asarray(np.add.reduceat(v, start) / n, dtype=np.float64)

    return pl.DataFrame({
        "mmsi": mmsi[start], "hull": hull[start], "h": h[start], "n": n,
        "t_first": t[start], "t_last": t[end - 1], "t_mean": mean(t),
        "lat": mean(pos.get_column("lat").to_numpy()),
        "lon": np.degrees(np.arctan2(mean(np.sin(lon)), mean(np.cos(lon)))),
        "row_first": start, "row_last": end - 1})


def _partnered(pos: pl.DataFrame, p: Mapping[str, Any], vessels: pl.Series) -> pl.DataFrame:
    """(mmsi, hull, h) of every hour of ``vessels`` (MMSIs) with a slow partner."""
    step_s = int(p["resample_min"]) * 60
    pairs = shared_pairs(pos, step_s, float(p["max_interp_gap_h"]) * 3600.0,
                         float(p["partner_distance_m"]))
    wanted = vessels.implode()
    pairs = pairs.filter(pl.col("a_mmsi").is_in(wanted) | pl.col("b_mmsi").is_in(wanted))
    sides = []
    for me, other in (("a", "b"), ("b", "a")):
        sides.append(pairs.filter(pl.col(f"{other}_speed_kn") < p["max_sog_kn"]).select(
            mmsi=f"{me}_mmsi", hull=f"{me}_hull", other=f"{other}_mmsi", k="k"))
    steps = pl.concat(sides).unique().sort(["mmsi", "hull", "other", "k"])
    new = (pl.any_horizontal([pl.col(c) != pl.col(c).shift(1)
                              for c in ("mmsi", "hull", "other")]).fill_null(True)
           | ((pl.col("k") - pl.col("k").shift(1)) * step_s > p["max_gap_h"] * 3600.0)
           .fill_null(True))
    spans = (steps.with_columns(_run=new.cum_sum())
             .group_by("_run").agg(pl.col("mmsi", "hull").first(),
                                   h0=(pl.col("k").min() * step_s) // 3600,
                                   h1=(pl.col("k").max() * step_s) // 3600))
    return (spans.select(*_V, h=pl.int_ranges("h0", pl.col("h1") + 1))
            .explode("h").unique().with_columns(pl.col("h").cast(pl.Int64)))


def _runs(hours: pl.DataFrame, p: Mapping[str, Any]) -> pl.DataFrame:
    """The hours of every slow, partner-free interval of at least ``min_duration_h``."""
    joins = pl.col("_slow") & ~pl.col("_p") & ~pl.col("_p").shift(1).fill_null(True)
    hours = hours.with_columns(_run=(~joins).cum_sum()).filter(~pl.col("_p"))
    runs = hours.group_by("_run").agg(
        duration_h=(pl.col("t_last").last() - pl.col("t_first").first()) / 3600.0).filter(
        pl.col("duration_h") >= p["min_duration_h"])
    return hours.join(runs.select("_run"), on="_run").sort([*_V, "h"])


def _ts(s: float) -> datetime:
    return datetime.fromtimestamp(round(s, 6), UTC)


@register(NAME, kinds=("loitering",), version=VERSION, partition="cell")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every loitering event in ``inputs``."""
    pos = inputs.positions
    if pos.is_empty():
        return []
    hours = _hours(pos)
    lat, lon = hours.get_column("lat").to_numpy(), hours.get_column("lon").to_numpy()
    t = hours.get_column("t_mean").to_numpy()
    same = np.r_[False, (np.diff(hours.get_column("mmsi").to_numpy()) == 0)
                 & (np.diff(hours.get_column("hull").to_numpy()) == 0)]
    dt = np.r_[np.inf, np.diff(t)]
    d = np.r_[np.nan, haversine_m(lat[:-1], lon[:-1], lat[1:], lon[1:])]
    with np.errstate(divide="ignore", invalid="ignore"):
        speed = np.where(same & (dt > 0), d / dt * 3600.0 / _NM, np.nan)
    slow = same & (dt <= params["max_gap_h"] * 3600.0) & (speed < params["max_sog_kn"])
    hours = hours.with_columns(speed_kn=pl.Series(speed, nan_to_null=True),
                               _slow=pl.Series(slow))
    if not hours.get_column("_slow").any():
        return []
    # first without partners: only vessels with a candidate interval far from shore can
    # loiter, and only their partners need looking up
    first = _runs(hours.with_columns(_p=pl.lit(False)), params)
    if first.is_empty():
        return []
    shore = distance_to_shore_m(first.get_column("lat").to_numpy(),
                                first.get_column("lon").to_numpy()) / _NM
    first = first.with_columns(shore_nm=pl.Series(shore))
    keep = first.group_by("_run").agg(pl.col("mmsi").first(), s=pl.col("shore_nm").mean()
                                      ).filter(pl.col("s") >= params["min_shore_distance_nm"])
    if keep.is_empty():
        return []
    partner = _partnered(pos, params, first.get_column("mmsi").unique())
    hours = (first.drop("_run", "_p").join(partner.with_columns(_p=pl.lit(True)), on=[*_V, "h"],
                                     how="left")
             .with_columns(_p=pl.col("_p").fill_null(False)).sort([*_V, "h"]))
    cand = _runs(hours, params)
    if cand.is_empty():
        return []
    lon_r = pl.col("lon").radians()
    stats = cand.group_by("_run").agg(
        pl.col("mmsi", "hull").first(), start=pl.col("t_first").first(),
        end=pl.col("t_last").last(), hours=pl.len(), points=pl.col("n").sum(),
        lat=pl.col("lat").mean(), _s=lon_r.sin().mean(), _c=lon_r.cos().mean(),
        mean_speed_kn=pl.col("speed_kn").slice(1).mean().fill_null(0.0),
        max_speed_kn=pl.col("speed_kn").slice(1).max().fill_null(0.0),
        shore_nm=pl.col("shore_nm").mean(), min_shore_nm=pl.col("shore_nm").min(),
        row_first=pl.col("row_first").first(), row_last=pl.col("row_last").last(),
    ).filter(pl.col("shore_nm") >= params["min_shore_distance_nm"]).sort("_run")
    thresholds = {k: params[k] for k in PARAMS.params}
    events = []
    for r in stats.iter_rows(named=True):
        duration_h = (r["end"] - r["start"]) / 3600.0
        factors = {
            "duration": min(1.0, duration_h / (2.0 * params["min_duration_h"])),
            "slowness": 1.0 - r["mean_speed_kn"] / (2.0 * params["max_sog_kn"]),
            "shore_distance": min(1.0, r["shore_nm"]
                                  / (2.0 * max(params["min_shore_distance_nm"], 1e-9))),
        }
        evidence = {
            "hull": int(r["hull"]), "duration_h": round(duration_h, 3), "hours": r["hours"],
            "points": int(r["points"]), "mean_speed_kn": round(r["mean_speed_kn"], 3),
            "max_hourly_speed_kn": round(r["max_speed_kn"], 3),
            "shore_distance_nm": round(r["shore_nm"], 2),
            "min_shore_distance_nm": round(r["min_shore_nm"], 2),
            "first_report": report_ref(pos.row(int(r["row_first"]), named=True)),
            "last_report": report_ref(pos.row(int(r["row_last"]), named=True)),
            "score_factors": {k: round(v, 3) for k, v in factors.items()},
            "thresholds": thresholds,
        }
        events.append(make_event(
            "loitering", r["mmsi"], _ts(r["start"]), _ts(r["end"]), detector=NAME,
            version=VERSION, params=params, score=sum(factors.values()) / len(factors),
            evidence=evidence, lat=r["lat"],
            lon=float(np.degrees(np.arctan2(r["_s"], r["_c"]))),
            key="" if r["hull"] == 0 else f"hull={r['hull']}"))
    return events
