"""Tracks on a common time grid, and the pairs of vessels close to each other on it.

Shared by :mod:`.encounters` and :mod:`.loitering` (GFW pipe-encounters' track preparation,
``create_raw_pipeline.py`` / ``compute_adjacency.py``):

* :func:`resample` puts each ``(mmsi, hull)`` track on the grid ``k * step_s`` seconds since
  the epoch (the same grid for every vessel and every partition, so two vessels can be
  compared step by step and a cut of the input never moves a grid point). A grid time gets
  a point only when the two reports around it are less than ``max_gap_s`` apart (GFW: 10
  min steps, interpolation across gaps < 1 h); latitude and longitude are interpolated
  linearly, longitude along the short way round (across the antimeridian). Each point keeps
  the row of the report before it (``i_prev``; ``i_prev + 1`` is the one after), its
  interpolated reported ``sog_kn`` and an implied speed ``speed_kn`` from its neighbouring
  grid points (GPS noise of ~10 m over 10 minutes is ~0.06 kn; between two raw reports
  seconds apart it would be knots), falling back to ``sog_kn`` for a lone point.
* :func:`close_pairs` finds, at every step, the pairs of distinct vessels at most
  ``max_distance_m`` apart, never all pairs: points are binned into cubes of side
  ``4 * max_distance_m`` in Earth-centred x, y, z (no antimeridian or pole special case; a
  360° shift changes nothing) and each point is joined with the points whose
  ``max_distance_m`` box touches its cube (at most 8 cubes per point, ~3.4 on average).
  Rows are ordered pairs with ``a_mmsi < b_mmsi`` (two hulls of one MMSI are not a pair).
"""

from __future__ import annotations

import weakref

import numpy as np
import polars as pl

from wakewatch.geo.routes import EARTH_RADIUS_M, haversine_m

__all__ = ["close_pairs", "pair_runs", "resample", "shared_pairs"]

_MS_PER_KN = 1852.0 / 3600.0


def resample(positions: pl.DataFrame, step_s: int, max_gap_s: float) -> pl.DataFrame:
    """Grid points of every track (see the module doc), sorted by ``mmsi, hull, k``."""
    n = positions.height
    empty = pl.DataFrame(schema={"mmsi": pl.Int64, "hull": pl.Int32, "k": pl.Int64,
                                 "lat": pl.Float64, "lon": pl.Float64, "sog_kn": pl.Float64,
                                 "speed_kn": pl.Float64, "i_prev": pl.Int64})
    if n < 2:
        return empty
    mmsi = positions.get_column("mmsi").to_numpy()
    hull = positions.get_column("hull").to_numpy()
    t = positions.get_column("ts").dt.epoch("us").to_numpy().astype(np.float64) / 1e6
    lat = positions.get_column("lat").to_numpy()
    lon = positions.get_column("lon").to_numpy()
    sog = positions.get_column("sog_kn").fill_null(np.nan).to_numpy()
    same = (mmsi[1:] == mmsi[:-1]) & (hull[1:] == hull[:-1])
    dt = t[1:] - t[:-1]
    ka = np.floor(t[:-1] / step_s).astype(np.int64) + 1   # grid times in (t_i, t_i+1]
    kb = np.floor(t[1:] / step_s).astype(np.int64) + 1
    count = np.where(same & (dt > 0) & (dt < max_gap_s), kb - ka, 0)
    total = int(count.sum())
    if total == 0:
        return empty
    seg = np.repeat(np.arange(n - 1), count)
    first = np.cumsum(count) - count
    k = ka[seg] + (np.arange(total) - np.repeat(first, count))
    f = (k * step_s - t[seg]) / dt[seg]
    lat_r = lat[seg] + f * (lat[seg + 1] - lat[seg])
    dlon = (lon[seg + 1] - lon[seg] + 180.0) % 360.0 - 180.0
    lon_r = (lon[seg] + f * dlon + 180.0) % 360.0 - 180.0
    s0, s1 = sog[seg], sog[seg + 1]
    sog_r = np.where(np.isnan(s0), s1, np.where(np.isnan(s1), s0, s0 + f * (s1 - s0)))
    m_r, h_r = mmsi[seg], hull[seg]
    # implied speed from the neighbouring grid points of the same track
    nxt = (m_r[1:] == m_r[:-1]) & (h_r[1:] == h_r[:-1]) & (k[1:] - k[:-1] == 1)
    step_kn = haversine_m(lat_r[:-1], lon_r[:-1], lat_r[1:], lon_r[1:]) / step_s / _MS_PER_KN
    fwd = np.r_[np.where(nxt, step_kn, np.nan), np.nan]
    back = np.r_[np.nan, np.where(nxt, step_kn, np.nan)]
    with np.errstate(invalid="ignore"):
        speed = np.where(np.isnan(fwd), back, np.where(np.isnan(back), fwd, (fwd + back) / 2))
    speed = np.where(np.isnan(speed), sog_r, speed)
    return pl.DataFrame({"mmsi": m_r, "hull": h_r.astype(np.int32), "k": k, "lat": lat_r,
                         "lon": lon_r, "sog_kn": sog_r, "speed_kn": speed,
                         "i_prev": seg.astype(np.int64)}, nan_to_null=True)


def _xyz(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    p, lam = np.radians(lat), np.radians(lon)
    c = np.cos(p) * EARTH_RADIUS_M
    return c * np.cos(lam), c * np.sin(lam), np.sin(p) * EARTH_RADIUS_M


def close_pairs(points: pl.DataFrame, max_distance_m: float) -> pl.DataFrame:
    """Every (step, vessel a, vessel b) with a and b at most ``max_distance_m`` apart.

    ``points`` is a :func:`resample` frame. Columns: ``k``, ``a_*`` and ``b_*`` copies of
    ``mmsi, hull, lat, lon, speed_kn, i_prev`` and ``distance_m``; ``a_mmsi < b_mmsi``.
    """
    side = 4.0 * max_distance_m
    x, y, z = _xyz(points.get_column("lat").to_numpy(), points.get_column("lon").to_numpy())
    home = [np.floor(v / side).astype(np.int64) for v in (x, y, z)]
    lo = [np.floor((v - max_distance_m) / side).astype(np.int64) for v in (x, y, z)]
    hi = [np.floor((v + max_distance_m) / side).astype(np.int64) for v in (x, y, z)]
    k = points.get_column("k").to_numpy()
    k = k - (int(k.min()) if len(k) else 0)
    cb = max(1, int(np.ceil(np.log2(2.0 * EARTH_RADIUS_M / side + 4.0))))
    one_key = len(k) == 0 or int(k.max()).bit_length() + 3 * cb <= 62
    half = 1 << (cb - 1)

    def key(c: list[np.ndarray]) -> pl.Series:
        cell = ((c[0] + half) << (2 * cb)) | ((c[1] + half) << cb) | (c[2] + half)
        return pl.Series((k << (3 * cb)) | cell if one_key else cell, dtype=pl.Int64)

    cols = ["mmsi", "hull", "k", "lat", "lon", "speed_kn", "i_prev"]
    base = points.select(cols)
    on = ["cell"] if one_key else ["k", "cell"]
    a = base.with_columns(cell=key(home))
    parts = []
    for bits in range(8):
        pick = [hi[ax] if bits >> ax & 1 else lo[ax] for ax in range(3)]
        keep = np.ones(points.height, dtype=bool)
        for ax in range(3):
            if bits >> ax & 1:
                keep &= hi[ax] != lo[ax]
        if bits == 0 or keep.any():
            parts.append(base.with_columns(cell=key(pick)).filter(pl.Series(keep)))
    b = pl.concat(parts)
    a = a.rename({c: f"a_{c}" for c in cols if c not in on})
    b = b.rename({c: f"b_{c}" for c in cols if c not in on})
    j = a.join(b, on=on).filter(pl.col("a_mmsi") < pl.col("b_mmsi"))
    if one_key:
        j = j.rename({"a_k": "k"}).drop("b_k")
    j = j.drop("cell")
    d = haversine_m(j.get_column("a_lat").to_numpy(), j.get_column("a_lon").to_numpy(),
                    j.get_column("b_lat").to_numpy(), j.get_column("b_lon").to_numpy())
    return (j.with_columns(distance_m=pl.Series(d)).filter(pl.col("distance_m")
                                                            <= max_distance_m)
            .sort(["a_mmsi", "a_hull", "b_mmsi", "b_hull", "k"]))


_CACHE: list[tuple[weakref.ref[pl.DataFrame], tuple[float, ...], pl.DataFrame]] = []


def shared_pairs(positions: pl.DataFrame, step_s: int, max_gap_s: float,
                 max_distance_m: float) -> pl.DataFrame:
    """:func:`close_pairs` of :func:`resample`, computed once per positions frame.

    The encounter and loitering detectors run on the same (immutable) frame one after the
    other; the last two results are kept, keyed by the frame's identity (a weak reference,
    so a new frame at a reused address never hits) and the parameters.
    """
    params = (float(step_s), float(max_gap_s), float(max_distance_m))
    for ref, key, pairs in _CACHE:
        if ref() is positions and key == params:
            return pairs
    pairs = close_pairs(resample(positions, step_s, max_gap_s), max_distance_m)
    _CACHE.insert(0, (weakref.ref(positions), params, pairs))
    del _CACHE[2:]
    return pairs


def pair_runs(pairs: pl.DataFrame, step_s: int, merge_gap_s: float) -> pl.DataFrame:
    """``pairs`` with ``run``: one id per pair's close steps merged when < merge_gap_s apart.

    GFW merges raw encounters of one pair closer than 4 h; with no minimum on the raw runs
    this is the same as cutting a pair's close steps where two are ``merge_gap_s`` apart.
    """
    pair = ["a_mmsi", "a_hull", "b_mmsi", "b_hull"]
    new_pair = pl.any_horizontal([pl.col(c) != pl.col(c).shift(1) for c in pair]).fill_null(
        True)
    far = ((pl.col("k") - pl.col("k").shift(1)) * step_s >= merge_gap_s).fill_null(True)
    return pairs.with_columns(run=(new_pair | far).cum_sum())
