"""Detection benchmark: every detector over >= 10 million simulated positions, and the
port-call / loitering stop finding side by side with MovingPandas' stop detection.

Run from the repository root (``make bench`` installs the ``bench`` extra)::

    .venv/bin/python benchmarks/detect.py [--positions N] [--anchor-points N] [--base-vessels N]

1. **Scenario.** A simulator scenario (``--scenario``; default ``background``, honest
   traffic in the Sea of Japan, Korea Strait and East China Sea, with ``--base-vessels``
   100; ``dprk-russia`` has every event kind to build) for 14 days is
   generated once into ``benchmarks/_data/`` (its time is printed) and ingested from its
   NMEA. It is then *replicated* to ``--positions``: copy k gets new MMSIs (same MID,
   shifted serial) and IMOs (valid check digits) and is shifted k × 14 days later, so
   traffic density stays realistic while the data grows, and no copy meets another. The
   replication time is printed too; ``--days`` / ``--vessels`` of ``wakewatch simulate``
   can build the same size directly, at ~1 million positions per 100 vessel-fortnights.
2. **Detection.** :func:`wakewatch.detect.run_detection` over everything, each detector
   timed on its own (after the shared hull step), wall clock, one run; peak RSS printed.
3. **Anchor.** MovingPandas' ``TrajectoryStopDetector`` (max diameter 3 km, min duration
   4 h) over the first ``--anchor-points`` positions, against wakewatch's ``port_calls`` +
   ``loitering`` detectors on the same points; the ratio is printed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "_data"
BAR_S = 30.0
BASE_DAYS = 14.0
T = TypeVar("T")


def timed(label: str, fn: Callable[[], T]) -> tuple[T, float]:
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    print(f"  {label:<34} {dt:8.2f} s", flush=True)
    return out, dt


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def base_scenario(vessels: int | None, seed: int, data: Path, scenario: str = "background"
                  ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Positions and statics of the base scenario (generated and ingested once, cached)."""
    from wakewatch.detect.inputs import POSITION_COLUMNS, STATIC_COLUMNS
    from wakewatch.sim.scenario import simulate
    from wakewatch.store import Store
    from wakewatch.store.load import ingest_path

    out = data / f"detect_{scenario}_v{vessels or 'default'}_s{seed}"
    pos_file, sta_file = out / "positions.parquet", out / "statics.parquet"
    if not pos_file.exists():
        out.mkdir(parents=True, exist_ok=True)
        timed(f"simulate {scenario} ({vessels or 'default'} vessels)",
                      lambda: simulate(scenario, seed=seed, out_dir=out,
                                       vessels=vessels, days=BASE_DAYS))
        db = out / "base.duckdb"
        db.unlink(missing_ok=True)
        with Store.open(db) as store:
            timed("ingest its NMEA", lambda: ingest_path(store, out / "positions.nmea"))
            pcols = ", ".join(c for c in POSITION_COLUMNS if c != "hull")
            store.con.sql(f"SELECT {pcols} FROM positions").pl().write_parquet(pos_file)
            store.con.sql(f"SELECT {', '.join(STATIC_COLUMNS)} FROM statics").pl(
                ).write_parquet(sta_file)
        db.unlink(missing_ok=True)
        (out / "positions.nmea").unlink(missing_ok=True)
        (out / "positions.csv").unlink(missing_ok=True)
    return pl.read_parquet(pos_file), pl.read_parquet(sta_file)


def shifted_imo(k: int) -> pl.Expr:
    """IMO numbers of copy ``k``: other first six digits, a valid check digit again (a copy
    keeping its IMOs under new MMSIs would look like a fleet of reflagged ships)."""
    valid = pl.col("imo").is_between(1_000_000, 9_999_999)
    six = (pl.col("imo") // 10 - 100_000 + k * 7919) % 900_000 + 100_000
    check = sum(((six // 10 ** (5 - i)) % 10) * (7 - i) for i in range(6)) % 10
    return pl.when(valid).then(six * 10 + check).otherwise(pl.col("imo"))


def replicate(df: pl.DataFrame, copies: int, columns: tuple[str, ...]) -> pl.DataFrame:
    """``copies`` copies: new MMSI serials (same MID), each BASE_DAYS later than the last."""
    shift = pl.duration(days=BASE_DAYS)
    parts = []
    for k in range(copies):
        serial = (pl.col("mmsi") % 1_000_000 + k * 7919) % 1_000_000
        exprs: list[Any] = [(pl.col("mmsi") // 1_000_000 * 1_000_000 + serial).alias("mmsi"),
                            (pl.col("ts") + shift * k).alias("ts")]
        if "eta" in columns:
            exprs.append((pl.col("eta") + shift * k).alias("eta"))
        if "imo" in columns and k:
            exprs.append(shifted_imo(k).alias("imo"))
        parts.append(df.with_columns(exprs))
    return pl.concat(parts)


def movingpandas_stops(points: pl.DataFrame) -> tuple[int, float]:
    """MovingPandas stop segments over ``points`` (one trajectory per MMSI); (stops, s)."""
    from datetime import timedelta

    with warnings.catch_warnings():  # its optional Stone Soup smoother is not needed here
        warnings.simplefilter("ignore", UserWarning)
        import geopandas as gpd
        import movingpandas as mpd

    # MovingPandas works in naive local time: hand it naive UTC
    pdf = points.select("mmsi", pl.col("ts").dt.replace_time_zone(None), "lat", "lon"
                        ).to_pandas()
    t0 = time.perf_counter()
    gdf = gpd.GeoDataFrame(pdf, geometry=gpd.points_from_xy(pdf.lon, pdf.lat), crs=4326)
    trajs = mpd.TrajectoryCollection(gdf, "mmsi", t="ts")
    stops = mpd.TrajectoryStopDetector(trajs).get_stop_segments(
        min_duration=timedelta(hours=4), max_diameter=3000)
    return len(stops), time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--positions", type=int, default=10_000_000)
    ap.add_argument("--anchor-points", type=int, default=1_000_000)
    ap.add_argument("--base-vessels", type=int, default=None,
                    help="vessels in the base scenario (default: 100 for background, "
                    "else the scenario's own)")
    ap.add_argument("--scenario", default="background",
                    help="base scenario: background (honest traffic) or e.g. dprk-russia, "
                    "sts, spoofing (events of every kind to build)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-anchor", action="store_true", help="skip MovingPandas")
    ap.add_argument("--data", type=Path, default=DATA, help="cache directory")
    args = ap.parse_args(argv)

    from wakewatch.detect import DetectInputs, detectors
    from wakewatch.detect.inputs import POSITION_COLUMNS, STATIC_COLUMNS
    from wakewatch.detect.runner import with_hulls

    print("## scenario")
    pos, sta = base_scenario(
        args.base_vessels or (100 if args.scenario == "background" else None), args.seed,
        args.data, args.scenario)
    copies = max(1, -(-args.positions // max(1, pos.height)))
    (pos, sta), _ = timed(f"replicate x{copies}", lambda: (
        replicate(pos, copies, tuple(POSITION_COLUMNS)),
        replicate(sta, copies, tuple(STATIC_COLUMNS))))
    inputs, _ = timed("shape (prepare_positions)", lambda: DetectInputs.from_frames(pos, sta))
    n = inputs.positions.height
    print(f"  {n:,} positions, {inputs.statics.height:,} static reports, "
          f"{inputs.positions['mmsi'].n_unique():,} MMSIs")

    print("\n## detection (wall clock, one run each)")
    total = 0.0
    split, dt = timed("hulls", lambda: with_hulls(inputs))
    total += dt
    counts: dict[str, int] = {}
    for name, det in detectors().items():
        found, dt = timed(name, lambda det=det: det(split))  # type: ignore[misc]
        counts[name] = len(found)
        total += dt
    print(f"  {'all detectors':<34} {total:8.2f} s  -> {n / total / 1e6:.2f} M positions/s "
          f"(bar: {n / 1e6:.1f} M in <= {BAR_S:.0f} s: {'met' if total <= BAR_S else 'MISSED'})")
    print(f"  events: {', '.join(f'{k} {v:,}' for k, v in counts.items())}")
    print(f"  peak RSS {peak_rss_mb():,.0f} MB")

    if not args.no_anchor:
        print(f"\n## anchor: stops on the first {args.anchor_points:,} positions")
        first = split.positions.sort(["ts"]).head(args.anchor_points).sort(
            ["mmsi", "hull", "ts"])
        sub = DetectInputs(first, split.statics)
        det = detectors()
        (calls, loiter), ww = timed("wakewatch port_calls + loitering",
                                    lambda: (det["port_calls"](sub), det["loitering"](sub)))
        print(f"  {'':<34} {'':>8}    ({len(calls):,} port calls, {len(loiter):,} "
              "loitering)")
        try:
            n_stops, mp = movingpandas_stops(first)
        except ImportError:
            print("  MovingPandas not installed: `pip install -e '.[bench]'`")
            return 0
        print(f"  {'MovingPandas TrajectoryStopDetector':<34} {mp:8.2f} s  ({n_stops:,} stops)")
        print(f"  ratio: wakewatch is {mp / ww:.1f}x MovingPandas")
    return 0


if __name__ == "__main__":
    sys.exit(main())
