"""The report's timeline as inline SVG (no chart library): one shared time axis with

- *events*: one lane per event kind, each event a band from its start to its end (at least
  2 px wide), hover title with its score;
- *speed*: speed over ground (knots) of the received reports, at most :data:`MAX_POINTS`
  points (every n-th report); silences longer than ``DARK_GAP_H`` break the line;
- *draught*: the reported draught (m) as a step line, one step per change;
- *destination*: a tick and the new text at every change of the AIS destination field;
- *identity*: a tick at every change of name, call sign or IMO in the static reports.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from typing import Any

import numpy as np
import polars as pl

from wakewatch.events import iso_utc
from wakewatch.report.data import VesselData
from wakewatch.report.maps import DARK_GAP_H

__all__ = ["KIND_COLOURS", "MAX_POINTS", "timeline_svg"]

MAX_POINTS = 2000
"""Most points of the speed line."""
KIND_COLOURS: dict[str, str] = {
    "gap": "#d62728", "dark_port_call": "#8b0000", "encounter": "#9467bd",
    "loitering": "#ff7f0e", "port_call": "#2ca02c", "spoofing": "#e377c2",
    "identity_change": "#17becf", "invalid_imo": "#7f7f7f", "draught_change": "#1f77b4",
    "destination_mismatch": "#bcbd22", "sanctions_hit": "#000000",
}
WIDTH, LEFT, RIGHT, LANE_H, PLOT_H = 1000, 130, 10, 14, 70


def _changes(statics: pl.DataFrame, cols: list[str]) -> pl.DataFrame:
    """Rows of ``statics`` where any of ``cols`` differs from its last non-null value."""
    frame = statics.select("ts", *cols).drop_nulls(cols[0] if len(cols) == 1 else None)
    if frame.is_empty():
        return frame
    filled = frame.with_columns(pl.col(c).forward_fill() for c in cols)
    changed = pl.any_horizontal(
        (pl.col(c) != pl.col(c).shift(1)).fill_null(True) for c in cols)
    return filled.filter(changed)


def timeline_svg(vd: VesselData) -> str:
    """The timeline of one vessel as an ``<svg>`` string."""
    t_all = [e.start for e in vd.events] + [e.end for e in vd.events]
    if vd.track.height:
        for t in (vd.track.get_column("ts").min(), vd.track.get_column("ts").max()):
            if isinstance(t, datetime):
                t_all.append(t)
    if not t_all:
        return '<svg class="timeline" width="1000" height="30"><text x="10" y="20">no reports'\
               "</text></svg>"
    t0, t1 = min(t_all).timestamp(), max(t_all).timestamp()
    t1 = max(t1, t0 + 3600.0)
    span = WIDTH - LEFT - RIGHT

    def x(sec: Any) -> Any:
        return LEFT + (np.asarray(sec, dtype=np.float64) - t0) / (t1 - t0) * span

    parts: list[str] = []
    y = 10
    kinds = sorted({e.kind for e in vd.events}, key=lambda k: list(KIND_COLOURS).index(k)
                   if k in KIND_COLOURS else 99)
    for kind in kinds:
        colour = KIND_COLOURS.get(kind, "#444")
        parts.append(f'<text class="lane" x="{LEFT - 6}" y="{y + 10}">{escape(kind)}</text>')
        for e in (e for e in vd.events if e.kind == kind):
            xa, xb = float(x(e.start.timestamp())), float(x(e.end.timestamp()))
            title = f"{kind} {iso_utc(e.start)} → {iso_utc(e.end)} score {e.score}"
            parts.append(f'<rect class="band band-{kind}" x="{xa:.1f}" y="{y}" '
                         f'width="{max(2.0, xb - xa):.1f}" height="{LANE_H - 3}" '
                         f'fill="{colour}" fill-opacity="0.75"><title>{escape(title)}'
                         "</title></rect>")
        y += LANE_H
    y += 8
    # speed
    if vd.track.height:
        tr = vd.track.select(pl.col("ts").dt.epoch("s").cast(pl.Float64).alias("t"),
                             pl.col("sog_kn"))
        step = max(1, int(np.ceil(tr.height / MAX_POINTS)))
        tr = tr.gather_every(step).drop_nulls()
        t, sog = tr.get_column("t").to_numpy(), tr.get_column("sog_kn").to_numpy()
        top = max(float(sog.max()) if sog.size else 1.0, 1.0)
        px, py = x(t), y + PLOT_H - sog / top * PLOT_H
        brk = np.flatnonzero(np.diff(t) > DARK_GAP_H * 3600.0) + 1
        parts.append(f'<text class="lane" x="{LEFT - 6}" y="{y + 12}">speed kn</text>'
                     f'<text class="tick" x="{LEFT - 6}" y="{y + PLOT_H}">0–{top:.0f}</text>')
        for a, b in zip(np.r_[0, brk], np.r_[brk, t.size], strict=True):
            pts = " ".join(f"{u:.1f},{v:.1f}" for u, v in zip(px[a:b], py[a:b], strict=True))
            parts.append(f'<polyline class="speed" points="{pts}" fill="none" '
                         'stroke="#1f4e79" stroke-width="1"/>')
        y += PLOT_H + 10
    # draught
    dr = _changes(vd.statics, ["draught_m"]) if "draught_m" in vd.statics.columns else None
    if dr is not None and dr.height:
        d = dr.get_column("draught_m").to_numpy().astype(np.float64)
        td = dr.get_column("ts").dt.epoch("s").cast(pl.Float64).to_numpy()
        lo, hi = float(d.min()), max(float(d.max()), float(d.min()) + 1.0)
        ys = y + 40 - (d - lo) / (hi - lo) * 40
        xs = x(np.r_[td, t1])
        pts = " ".join(f"{xs[i]:.1f},{ys[i]:.1f} {xs[i + 1]:.1f},{ys[i]:.1f}"
                       for i in range(d.size))
        parts.append(f'<text class="lane" x="{LEFT - 6}" y="{y + 12}">draught m</text>'
                     f'<text class="tick" x="{LEFT - 6}" y="{y + 40}">{lo:.1f}–{hi:.1f}</text>'
                     f'<polyline class="draught" points="{pts}" fill="none" stroke="#2ca02c"'
                     ' stroke-width="1.5"/>')
        y += 50
    for label, cols in (("destination", ["destination"]),
                        ("identity", ["name", "callsign", "imo"])):
        cols = [c for c in cols if c in vd.statics.columns]
        ch = _changes(vd.statics, cols) if cols else None
        if ch is None or not ch.height:
            continue
        parts.append(f'<text class="lane" x="{LEFT - 6}" y="{y + 12}">{label}</text>')
        tc = ch.get_column("ts").dt.epoch("s").cast(pl.Float64).to_numpy()
        for i, row in enumerate(ch.iter_rows(named=True)):
            text = " / ".join(str(row[c]) for c in cols if row[c] is not None)
            xi = float(x(tc[i]))
            parts.append(f'<line class="change change-{label}" x1="{xi:.1f}" x2="{xi:.1f}" '
                         f'y1="{y}" y2="{y + 16}" stroke="#333"/><text class="note" '
                         f'x="{xi + 2:.1f}" y="{y + 12 + (i % 2) * 12}">{escape(text[:28])}'
                         f"<title>{escape(text)}</title></text>")
        y += 34
    # axis: one tick per day (or per 6 h for short spans)
    day = 86400.0 if t1 - t0 > 3 * 86400 else 6 * 3600.0
    every = max(1, int((t1 - t0) / day / 12))
    tick = np.ceil(t0 / day) * day
    i = 0
    while tick <= t1:
        if i % every == 0:
            xi = float(x(tick))
            stamp = iso_utc(datetime.fromtimestamp(tick, UTC))[:16 if day < 86400 else 10]
            parts.insert(0, f'<line class="grid" x1="{xi:.1f}" x2="{xi:.1f}" y1="4" y2="{y}" '
                         f'stroke="#ddd"/><text class="tick" x="{xi:.1f}" y="{y + 12}" '
                         f'text-anchor="middle">{escape(stamp)}</text>')
        tick += day
        i += 1
    y += 18
    return (f'<svg class="timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} '
            f'{y}" width="100%" preserveAspectRatio="xMinYMin meet">' + "".join(parts)
            + "</svg>")
