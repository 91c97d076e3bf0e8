"""The ``gap`` detector: a vessel not heard for a long time, and how likely it hid.

**Definition** (GFW "naive gap", ``GFW_technical_documentation: files/gaps.md``; pipe-gaps
``min_gap_length: 6``): two consecutive received position reports of one vessel — one
``(mmsi, hull)``, so two ships sharing an MMSI never make or hide each other's gaps — more
than ``min_gap_h`` (6 h) apart. The event runs from the last report before (OFF) to the first
after (ON); its position is the OFF report's. Reports arrive sorted (``mmsi, hull, ts,
line_no``), so late lines and duplicates (equal or near-equal times) change nothing: the
gap is measured between the latest copy of OFF and the earliest copy of ON.

**Intentional?** ``score`` in [0, 1] grades the likelihood that the transponder was off,
``intentional = score >= intentional_min_score``. GFW's *AIS disabling* rule
(AIS-disabling-high-seas ``config.py``) needs a gap ≥ 12 h, starting ≥ 50 nm from shore,
in a cell with > 10 satellite positions per vessel-day (a monthly map), and ≥ 14 positions
of the vessel in the 12 h before. wakewatch keeps the first and the last and replaces the
other two by a measurement of *this* gap's reception (:mod:`wakewatch.detect.reception`):

* ``coverage`` — the gap's time bins (``reception_bin_h``; those wholly inside the gap, at
  most ``max_reception_bins``) are placed where the vessel would be on the straight OFF→ON
  line at each bin's middle. *Heard* bins: those in which OTHER vessels' reports were
  received within ``nearby_radius_km`` of that place. *Expected* bins: for the same places,
  the share of bins in the ``reference_h`` before OFF and after ON (``reference_bins`` on
  each side) in which other vessels were heard there, summed — what normal traffic and
  reception at those places give, so sparse traffic is not mistaken for a hole. Only
  vessels that were transmitting during the gap bin count towards what is expected: one
  that was dark itself in that bin (inside its own gap > ``min_gap_h``, e.g. companions
  going dark together off Rajin) would not have been heard by a working receiver either.
  Heard bins are a chance count over sparse traffic, so the expectation is lowered by
  ``expected_sd_slack`` standard deviations (sum of p·(1-p) over the bins):
  ``coverage = min(1, heard / max(expected - slack·sd, min_expected_bins))``. A coverage hole
  (receiver down, satellite-only waters with no pass, the edge of the terrestrial range)
  silences everybody, so it scores ≈ 0 — nobody nearby heard ⇒ not intentional. Empty
  waters, where nobody else sails, give no evidence either way and score 0 too: wakewatch
  does not call a gap intentional without evidence that it could have been heard.
* ``duration`` — 1 from ``intentional_min_h`` (12 h) on; from 0.25 at ``min_gap_h``
  rising linearly to 1 at 12 h. GFW never calls a gap under 12 h intentional because
  satellite revisits vary on shorter scales and its reception is a monthly average; here
  the reception during the gap itself is measured, so a shorter silence among vessels that
  kept being heard (a dark ship-to-ship meeting of 10 h beside its heard partner) can be
  called — with the defaults from about 8.8 h on, and only with full coverage.
* ``own reception`` — positions of the vessel itself in the ``before_h`` (12 h) before the
  gap: ``0.5 + 0.5 · min(1, count / min_reports_before)`` (GFW: 14 positions). A vessel
  that was heard densely and then stops is more telling than one that was barely heard.

**Distance from shore.** GFW drops gaps within 50 nm of shore because terrestrial-to-
satellite hand-offs and port arrivals make reception there uncertain; the dark port calls
this tool exists for (DPRK ships switching off off Rajin, RUSI/Windward) start exactly
there. Since reception is measured, it is not penalised: ``distance_to_shore_m`` at OFF and
ON is reported as evidence, and a coastal gap counts as intentional only when other
vessels near it kept being heard.

Score = coverage × duration × own reception. Evidence: OFF/ON report references,
``duration_h``, ``distance_m`` and ``implied_speed_kn`` between them, distance to shore at
both, the own-reception counts and the per-gap reception counts, every factor and the
thresholds used. Gaps still open at the end of the data are not reported (no ON report).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import polars as pl

from wakewatch.events import Event
from wakewatch.geo.land import distance_to_shore_m
from wakewatch.geo.routes import haversine_m

from .base import detector_params, make_event, register
from .evidence import report_ref
from .inputs import DetectInputs
from .reception import ReceptionCounts, ReceptionGrid, reception_counts

NAME = "gaps"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("min_gap_h", float, 6.0, "h",
           "A gap is two consecutive reports of one vessel more than this apart (GFW: 6 h).")
PARAMS.add("intentional_min_h", float, 12.0, "h",
           "Gaps this long get the full duration factor; shorter ones from 0.25 at min_gap_h "
           "up (GFW AIS disabling: >= 12 h, satellite revisits).")
PARAMS.add("intentional_min_score", float, 0.6, "score",
           "A gap with score >= this is reported intentional (transponder off).")
PARAMS.add("before_h", float, 12.0, "h",
           "Window before the gap in which the vessel's own reception is counted (GFW: 12 h).")
PARAMS.add("min_reports_before", int, 14, "reports",
           "Own reports in before_h that count as dense reception (GFW: 14 positions).")
PARAMS.add("nearby_radius_km", float, 30.0, "km",
           "Other vessels' reports within about this distance count as reception nearby.")
PARAMS.add("reception_bin_h", float, 2.0, "h",
           "Time bins in which reception during the gap is measured (only bins wholly "
           "inside the gap count).")
PARAMS.add("max_reception_bins", int, 12, "bins",
           "At most this many bins of a long gap are measured (evenly spaced).")
PARAMS.add("reference_h", float, 24.0, "h",
           "Reception expected at the gap's places is measured over this long before the "
           "gap and after it (other vessels only).")
PARAMS.add("reference_bins", int, 6, "bins",
           "Bins measured on each side of the gap within reference_h (evenly spaced).")
PARAMS.add("min_expected_bins", float, 2.0, "bins",
           "Coverage = bins heard / max(bins expected, this): with less expected reception "
           "than this there is too little evidence to call a gap intentional.")

PARAMS.add("expected_sd_slack", float, 1.0, "sd",
           "Coverage compares bins heard with bins expected less this many standard "
           "deviations of the heard-bin count (sparse traffic comes and goes by chance).")

_GAP_COLS = ("ts", "lat", "lon", "sog_kn", "cog_deg", "source", "station", "file_sha256",
             "line_no")


def find_gaps(positions: pl.DataFrame, min_gap_h: float, before_h: float) -> pl.DataFrame:
    """One row per gap: OFF columns, ``on_``-prefixed ON columns and own-reception counts."""
    if positions.height < 2:
        return pl.DataFrame()
    ts_us = positions["ts"].dt.epoch("us").to_numpy()
    ts_s = ts_us // 1_000_000
    mm, hu = positions["mmsi"].to_numpy(), positions["hull"].to_numpy()
    same = (mm[1:] == mm[:-1]) & (hu[1:] == hu[:-1])
    idx = np.flatnonzero(same & ((ts_us[1:] - ts_us[:-1]) > round(min_gap_h * 3600e6)))
    if len(idx) == 0:
        return pl.DataFrame()
    # own reports in the before_h window: one search over a (vessel, time) key
    gid = np.concatenate([[0], np.cumsum(~same)]).astype(np.int64)
    key = gid * (1 << 36) + (ts_s - ts_s.min())
    lo = np.searchsorted(key, key[idx] - round(before_h * 3600.0), side="left")
    first = np.searchsorted(key, gid[idx] * (1 << 36), side="left")
    rows = pl.Series(idx)
    off = positions.select([pl.col(c).gather(rows) for c in ("mmsi", "hull", *_GAP_COLS)])
    on = positions.select([pl.col(c).gather(rows + 1).alias(f"on_{c}") for c in _GAP_COLS])
    window_h = np.minimum(before_h, (ts_s[idx] - ts_s[first]) / 3600.0)
    return pl.concat([off, on], how="horizontal").with_columns(
        reports_before=pl.Series(idx - lo + 1, dtype=pl.Int64),
        before_window_h=pl.Series(window_h, dtype=pl.Float64))


def _samples(gaps: pl.DataFrame, bin_s: int, most: int) -> dict[str, Any]:
    """Up to ``most`` time bins wholly inside each gap, evenly spaced, and where the vessel
    would be at each bin's middle on the straight OFF→ON line."""
    off_s = gaps["ts"].dt.epoch("us").to_numpy() / 1e6
    on_s = gaps["on_ts"].dt.epoch("us").to_numpy() / 1e6
    b0 = np.ceil(off_s / bin_s).astype(np.int64)
    b1 = np.floor(on_s / bin_s).astype(np.int64) - 1
    n_bins = np.maximum(b1 - b0 + 1, 0)
    take = np.minimum(n_bins, most)
    g = np.repeat(np.arange(gaps.height), take)
    k = np.arange(len(g)) - np.repeat(np.cumsum(take) - take, take)
    step = np.where(take > 1, (n_bins - 1) / np.maximum(take - 1, 1), 0.0)
    tb = b0[g] + np.floor(k * step[g]).astype(np.int64)
    frac = np.clip(((tb + 0.5) * bin_s - off_s[g]) / (on_s - off_s)[g], 0.0, 1.0)
    lat0, lon0 = gaps["lat"].to_numpy()[g], gaps["lon"].to_numpy()[g]
    lat1, lon1 = gaps["on_lat"].to_numpy()[g], gaps["on_lon"].to_numpy()[g]
    dlon = np.mod(lon1 - lon0 + 180.0, 360.0) - 180.0
    return {"g": g, "tb": tb, "b0": b0, "b1": b1, "take": take,
            "mmsi": gaps["mmsi"].to_numpy()[g], "off": (lat0, lon0), "on": (lat1, lon1),
            "path": (lat0 + frac * (lat1 - lat0), lon0 + frac * dlon)}


def shared_reception(positions: pl.DataFrame, params: Mapping[str, Any] | None = None
                     ) -> ReceptionCounts:
    """Reception counts of a whole input on this detector's grid: what a partitioned run
    computes once over every vessel and hands to each partition
    (``DetectInputs.reception``)."""
    p = PARAMS.resolve(params)
    return reception_counts(positions, p["nearby_radius_km"], p["reception_bin_h"],
                            p["min_gap_h"])


def _reception(inputs: DetectInputs, p: Mapping[str, Any]) -> ReceptionCounts:
    shared = getattr(inputs, "reception", None)
    if (isinstance(shared, ReceptionCounts) and shared.cell_km == p["nearby_radius_km"]
            and shared.bin_s == max(1, round(p["reception_bin_h"] * 3600.0))
            and shared.dark_min_h == p["min_gap_h"]):
        return shared
    return shared_reception(inputs.positions, p)


def reception_during(positions: pl.DataFrame, gaps: pl.DataFrame, p: Mapping[str, Any],
                     shared: ReceptionCounts | None = None) -> pl.DataFrame:
    """Per gap (row order): bins measured, bins where others were heard near the vessel's
    (interpolated) position, the bins expected from the reference hours around the gap,
    and other vessels' reports near OFF and ON during the gap."""
    r = p["nearby_radius_km"]
    if shared is None:
        shared = shared_reception(positions, p)
    grid = ReceptionGrid(shared, positions, gaps["mmsi"].unique())
    s = _samples(gaps, grid.bin_s, p["max_reception_bins"])
    g, tb, mm = s["g"], s["tb"], s["mmsi"]
    (lat_p, lon_p), (lat0, lon0), (lat1, lon1) = s["path"], s["off"], s["on"]
    heard = grid.others_near(mm, lat_p, lon_p, tb, r) > 0
    n_off = grid.others_near(mm, lat0, lon0, tb, r)
    n_on = grid.others_near(mm, lat1, lon1, tb, r)
    # reference: the same places in the reference bins before OFF and after ON
    n_ref = max(1, round(p["reference_h"] * 3600.0 / grid.bin_s))
    back = np.unique(np.linspace(1, n_ref, min(n_ref, p["reference_bins"])).round())
    shift = np.concatenate([-back, back]).astype(np.int64)
    i = np.repeat(np.arange(len(g)), len(shift))
    d = np.tile(shift, len(g))
    ref_tb = np.where(d < 0, s["b0"][g][i] + d, s["b1"][g][i] + d)
    ok = (ref_tb >= grid.first_bin) & (ref_tb <= grid.last_bin)
    i, ref_tb = i[ok], ref_tb[ok]
    ref_heard = grid.awake_others_heard(mm[i], lat_p[i], lon_p[i], ref_tb, tb[i], r)
    p_heard = (np.bincount(i, weights=ref_heard, minlength=len(g))
               / np.maximum(np.bincount(i, minlength=len(g)), 1))
    n = gaps.height
    return pl.DataFrame({
        "bins_measured": s["take"].astype(np.int64),
        "bins_heard": np.bincount(g, weights=heard, minlength=n).astype(np.int64),
        "bins_expected": np.bincount(g, weights=p_heard, minlength=n),
        "bins_expected_sd": np.sqrt(np.bincount(g, weights=p_heard * (1.0 - p_heard),
                                                minlength=n)),
        "others_near_off": np.bincount(g, weights=n_off, minlength=n).astype(np.int64),
        "others_near_on": np.bincount(g, weights=n_on, minlength=n).astype(np.int64)})


def score_gaps(gaps: pl.DataFrame, p: Mapping[str, Any]) -> pl.DataFrame:
    """``gaps`` with ``duration_h``, the three factors, ``score`` and ``intentional``."""
    dur = (pl.col("on_ts") - pl.col("ts")).dt.total_microseconds() / 3.6e9
    full = p["intentional_min_h"]
    return gaps.with_columns(duration_h=dur).with_columns(
        f_coverage=(pl.col("bins_heard") / (pl.col("bins_expected")
                    - p["expected_sd_slack"] * pl.col("bins_expected_sd"))
                    .clip(p["min_expected_bins"], None)).clip(0.0, 1.0),
        f_duration=(0.25 + 0.75 * (pl.col("duration_h") - p["min_gap_h"])
                    / max(full - p["min_gap_h"], 1e-9)).clip(0.25, 1.0),
        f_own=0.5 + 0.5 * (pl.col("reports_before") / max(p["min_reports_before"], 1))
        .clip(0.0, 1.0),
    ).with_columns(
        score=(pl.col("f_coverage") * pl.col("f_duration") * pl.col("f_own")).clip(0.0, 1.0),
    ).with_columns(intentional=pl.col("score") >= p["intentional_min_score"])


def _events(gaps: pl.DataFrame, p: Mapping[str, Any]) -> list[Event]:
    lat0, lon0 = gaps["lat"].to_numpy(), gaps["lon"].to_numpy()
    lat1, lon1 = gaps["on_lat"].to_numpy(), gaps["on_lon"].to_numpy()
    dist = haversine_m(lat0, lon0, lat1, lon1)
    shore = distance_to_shore_m(np.concatenate([lat0, lat1]), np.concatenate([lon0, lon1]))
    n = gaps.height
    thresholds = {k: p[k] for k in PARAMS.params}
    out = []
    for i, row in enumerate(gaps.iter_rows(named=True)):
        on = {c: row[f"on_{c}"] for c in _GAP_COLS}
        hours = float(row["duration_h"])
        evidence = {
            "off": report_ref(row), "on": report_ref(on), "duration_h": round(hours, 3),
            "distance_m": round(float(dist[i]), 1),
            "implied_speed_kn": round(float(dist[i]) / 1852.0 / hours, 2),
            "off_distance_to_shore_m": round(float(shore[i]), 1),
            "on_distance_to_shore_m": round(float(shore[n + i]), 1),
            "own_reception": {"reports_before": row["reports_before"],
                              "window_h": round(float(row["before_window_h"]), 3),
                              "per_hour": round(row["reports_before"]
                                                / max(float(p["before_h"]), 1e-9), 3)},
            "reception_nearby": {"bins_measured": row["bins_measured"],
                                 "bins_heard": row["bins_heard"],
                                 "bins_expected": round(float(row["bins_expected"]), 3),
                                 "bins_expected_sd": round(float(row["bins_expected_sd"]),
                                                           3),
                                 "others_near_off": row["others_near_off"],
                                 "others_near_on": row["others_near_on"],
                                 "radius_km": p["nearby_radius_km"],
                                 "bin_h": p["reception_bin_h"]},
            "factors": {"coverage": round(float(row["f_coverage"]), 4),
                        "duration": round(float(row["f_duration"]), 4),
                        "own_reception": round(float(row["f_own"]), 4)},
            "intentional": bool(row["intentional"]),
            "thresholds": thresholds,
        }
        out.append(make_event("gap", row["mmsi"], row["ts"], row["on_ts"], detector=NAME,
                              version=VERSION, params=p, score=float(row["score"]),
                              evidence=evidence, lat=row["lat"], lon=row["lon"],
                              key=str(row["hull"])))
    return out


@register(NAME, kinds=("gap",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every gap event in ``inputs`` (see the module doc)."""
    p = PARAMS.resolve(params)
    pos = inputs.positions
    gaps = find_gaps(pos, p["min_gap_h"], p["before_h"])
    if gaps.is_empty():
        return []
    gaps = pl.concat([gaps, reception_during(pos, gaps, p, _reception(inputs, p))],
                     how="horizontal")
    return _events(score_gaps(gaps, p), p)
