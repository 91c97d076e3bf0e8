"""Render a simulated scenario's tracks on the Natural Earth land map as a PNG.

    .venv/bin/python scripts/render_tracks.py SCENARIO_DIR OUT.png [--bbox W,S,E,N]

Reads ``positions.csv`` (MarineCadastre layout, every heard report once) and
``truth.jsonl`` of a ``wakewatch simulate`` run; draws land (ne_50m_land, bundled), each
vessel's heard positions as a line (broken where reports are > 1 h apart, so dark
stretches show as missing track), the truth's port calls as labelled squares, its dark
port calls as red rings and encounters as stars. Needs matplotlib (``pip install -e
'.[bench]'`` brings it); a development tool, not part of the package.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import polars as pl
import shapely

from wakewatch.geo.land import land_geometry
from wakewatch.geo.ports import port_by_locode


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--bbox", default=None, help="W,S,E,N (default: the tracks' extent)")
    ap.add_argument("--title", default=None)
    args = ap.parse_args(argv)

    pos = pl.read_csv(args.scenario / "positions.csv", try_parse_dates=True).select(
        "MMSI", "BaseDateTime", "LAT", "LON").sort(["MMSI", "BaseDateTime"])
    truth = [json.loads(line) for line in (args.scenario / "truth.jsonl").read_text()
             .splitlines() if line.strip()]
    if args.bbox:
        w, s, e, n = (float(x) for x in args.bbox.split(","))
    else:
        w, e = pos["LON"].min() - 1, pos["LON"].max() + 1  # type: ignore[operator]
        s, n = pos["LAT"].min() - 1, pos["LAT"].max() + 1  # type: ignore[operator]
    fig, ax = plt.subplots(figsize=(10, 10 * (n - s) / (e - w) + 0.6), dpi=110)
    ax.set_facecolor("#dbe9f4")
    clip = shapely.box(w, s, e, n)
    land = shapely.intersection(land_geometry(), clip)
    for poly in getattr(land, "geoms", [land]):
        if poly.is_empty or poly.geom_type != "Polygon":
            continue
        x, y = poly.exterior.xy
        ax.fill(x, y, color="#f2efe6", ec="#9a9184", lw=0.5, zorder=1)
    dark = {e["mmsi"] for e in truth if e["kind"] in ("dark_port_call",)}
    broken = pos.with_columns(
        seg=((pl.col("BaseDateTime").diff().over("MMSI") > pl.duration(hours=1))
             .fill_null(False).cum_sum().over("MMSI")))
    for (mmsi, _seg), g in broken.group_by(["MMSI", "seg"], maintain_order=True):
        color = "#c0392b" if mmsi in dark else "#34495e"
        ax.plot(g["LON"], g["LAT"], lw=1.1 if mmsi in dark else 0.5, color=color,
                alpha=0.9 if mmsi in dark else 0.45, zorder=2)
    labelled: set[str] = set()
    for ev in truth:
        if ev["kind"] in ("port_call", "dark_port_call") and ev.get("port"):
            port = port_by_locode(ev["port"])
            if port is None or ev["port"] in labelled:
                continue
            labelled.add(ev["port"])
            ax.plot(port["lon"], port["lat"], "s", ms=5, color="#2c3e50", zorder=3)
            ax.annotate(f"{port['name']} ({ev['port']})", (port["lon"], port["lat"]),
                        xytext=(5, 4), textcoords="offset points", fontsize=7, zorder=4)
        if ev["kind"] == "dark_port_call" and ev.get("lat") is not None:
            ax.plot(ev["lon"], ev["lat"], "o", ms=13, mfc="none", mec="#c0392b", mew=1.5,
                    zorder=3)
        if ev["kind"] == "encounter" and ev.get("lat") is not None:
            ax.plot(ev["lon"], ev["lat"], "*", ms=12, color="#e67e22", zorder=4)
    ax.set_xlim(w, e)
    ax.set_ylim(s, n)
    ax.set_aspect(1.0 / max(0.2, abs(__import__("math").cos(__import__("math").radians(
        (s + n) / 2)))))
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title(args.title or f"{args.scenario.name}: heard tracks (red: ships that go "
                 "dark; ring: dark port call; star: encounter)", fontsize=9)
    fig.tight_layout()
    fig.savefig(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
