"""Map data of a report: clipped land basemap, received track, dark stretches, overlays.

Definitions
- *received track*: the vessel's position reports joined in time order; it is broken where
  two consecutive reports are more than :data:`DARK_GAP_H` apart (the default minimum of the
  ``gap`` detector, DESIGN.md), and each such break is a *dark segment*: a straight dashed red
  line from the last report before the silence to the first one after it (where the vessel
  really went is unknown; the line only joins the two reports).
- Dots: at most :data:`MAX_DOTS` received reports are drawn as dots (every n-th report, plus
  both ends of every dark segment), each carrying its time, speed and input line number.
- Views: the detail map frames the track, partners' tracks, event markers and the ports of
  concern that an event names, plus :data:`VIEW_PAD_DEG`; a second map frames the
  reachability areas (``reach_view``), which reach far beyond the track (a 40 h silence at
  12 kn spans ~900 km);
  ports of concern within :data:`MARGIN_DEG` of that box are drawn, labelled when an event
  names them (``named``).
- Basemap: Natural Earth 50m land (``geo/data/ne_50m_land.geojson.gz``, public domain)
  clipped with shapely to the view grown by :data:`CLIP_PAD_DEG` (or the view's own size),
  simplified to :data:`SIMPLIFY_DEG` (~1 km, the 50m data's own generalisation).
- Reachability: the ``reachability.polygon`` of each ``dark_port_call`` event's evidence
  (lon, lat pairs), drawn as a filled polygon with its two foci.
- Ports of concern: the shipped list (``geo/data/ports_of_concern.csv``) inside the box.

Coordinates are emitted as Leaflet's ``[lat, lon]``, every longitude within 180° of the
track's circular mean longitude (:func:`around`), so a track across the antimeridian stays
one continuous line (179 → 181) with its events, partners and ports beside it; the basemap
clip takes land from both sides of ±180° for such a box.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl
import shapely

from wakewatch.events import Event, iso_utc
from wakewatch.geo.land import land_geometry
from wakewatch.geo.routes import circular_mean_lon
from wakewatch.report.data import VesselData

__all__ = ["CLIP_PAD_DEG", "DARK_GAP_H", "LABEL_PAD_DEG", "MARGIN_DEG", "MAX_DOTS",
           "SIMPLIFY_DEG", "VIEW_PAD_DEG", "around", "basemap_geojson", "concern_ports",
           "map_payload", "reference_lon", "track_payload"]

DARK_GAP_H = 6.0
"""Hours of silence between two reports that make a dark segment (gap detector default)."""
MAX_DOTS = 1500
"""Most received reports drawn as dots per track."""
MAX_LINE_POINTS = 6000
"""Most points of the received line per track (every n-th report beyond that)."""
MARGIN_DEG = 1.0
"""Ports of concern this many degrees outside the drawn data are still shown (and framed)."""
VIEW_PAD_DEG = 0.2
"""Degrees of padding of the initial map view around everything drawn."""
LABEL_PAD_DEG = 0.5
"""Extra degrees on the east of the detail view, room for port labels (drawn to the right)."""
CLIP_PAD_DEG = 4.0
"""Least degrees of land kept around the view (more for large views), so zooming out or a
wide window does not show the clip edge at once."""
SIMPLIFY_DEG = 0.01
"""Simplification tolerance of the clipped land, degrees."""


def _stride_mask(n: int, keep: int, extra: np.ndarray) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    if n:
        step = max(1, int(np.ceil(n / keep)))
        mask[::step] = True
        mask[-1] = True
        mask[extra] = True
    return mask


def around(lon: npt.ArrayLike, ref: float) -> npt.NDArray[np.float64]:
    """Longitudes shifted by a multiple of 360° into [ref - 180, ref + 180). Offsets are
    rounded to 1e-9° first, so a point at the seam lands on the same side whatever multiple
    of 360° it came with (179.99999999999997 + 360 rounds to 540.0 in floating point)."""
    a = np.round(np.asarray(lon, dtype=np.float64) - ref, 9)
    return np.asarray(np.mod(a + 180.0, 360.0) - 180.0 + ref, dtype=np.float64)


def reference_lon(track: pl.DataFrame) -> float:
    """The circular mean longitude of a track (0 when it has none)."""
    if track.height == 0:
        return 0.0
    ref = circular_mean_lon(track.get_column("lon").to_numpy())
    return 0.0 if np.isnan(ref) else float(ref)


def track_payload(track: pl.DataFrame, *, gap_h: float = DARK_GAP_H,
                  ref_lon: float | None = None) -> dict[str, Any]:
    """Received line pieces, dark segments and dots of one track (Leaflet ``[lat, lon]``).

    Longitudes are written within 180° of ``ref_lon`` (default: the track's circular mean),
    so a track across the antimeridian is one continuous line (e.g. 179 → 181, not → -179).
    """
    n = track.height
    if n == 0:
        return {"pieces": [], "dark": [], "dots": []}
    ts = track.get_column("ts").dt.epoch("s").to_numpy().astype(np.float64)
    lat = track.get_column("lat").to_numpy()
    lon = around(track.get_column("lon").to_numpy(),
                 reference_lon(track) if ref_lon is None else ref_lon)
    brk = np.flatnonzero(np.diff(ts) > gap_h * 3600.0)  # report i | i+1 is a dark break
    ends = np.concatenate([brk, brk + 1]).astype(np.intp)
    line_mask = _stride_mask(n, MAX_LINE_POINTS, ends)
    piece_id = np.zeros(n, dtype=np.int64)
    piece_id[brk + 1] = 1
    piece_id = np.cumsum(piece_id)
    pieces: list[list[list[float]]] = []
    idx = np.flatnonzero(line_mask)
    for pid in np.unique(piece_id[idx]):
        sel = idx[piece_id[idx] == pid]
        pieces.append(np.round(np.column_stack([lat[sel], lon[sel]]), 5).tolist())
    iso = track.get_column("ts").dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_list()
    dark = [{"from": [round(float(lat[i]), 5), round(float(lon[i]), 5)],
             "to": [round(float(lat[i + 1]), 5), round(float(lon[i + 1]), 5)],
             "start": iso[i], "end": iso[i + 1],
             "duration_h": round((ts[i + 1] - ts[i]) / 3600.0, 2)} for i in brk.tolist()]
    dot_idx = np.flatnonzero(_stride_mask(n, MAX_DOTS, ends))
    sog = track.get_column("sog_kn").to_numpy()
    line_no = track.get_column("line_no").to_numpy()
    dots = [[round(float(lat[i]), 5), round(float(lon[i]), 5), iso[i],
             None if np.isnan(sog[i]) else round(float(sog[i]), 1), int(line_no[i])]
            for i in dot_idx.tolist()]
    return {"pieces": pieces, "dark": dark, "dots": dots}


def concern_ports() -> list[dict[str, Any]]:
    """The shipped ports of concern (locode, name, lat, lon, category, reason); [] if none."""
    ref = resources.files("wakewatch.geo").joinpath("data", "ports_of_concern.csv")
    try:
        text = ref.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    out = []
    for row in csv.DictReader(io.StringIO(text)):
        try:
            out.append({"locode": row["locode"], "name": row.get("name"),
                        "lat": float(row["lat"]), "lon": float(row["lon"]),
                        "category": row.get("category"), "reason": row.get("reason")})
        except (KeyError, ValueError):
            continue
    return out


def basemap_geojson(bbox: tuple[float, float, float, float]) -> dict[str, Any]:
    """Land inside ``bbox`` (W, S, E, N degrees; W and E may lie beyond ±180°) as GeoJSON."""
    w, s, e, n = bbox
    parts = []
    for shift in (-360.0, 0.0, 360.0):  # a box beyond ±180° takes the land from the other side
        if w < 180.0 + shift and e > -180.0 + shift:
            piece = shapely.clip_by_rect(land_geometry(), w - shift, s, e - shift, n)
            parts.append(shapely.transform(piece, lambda xy, d=shift: xy + np.array([d, 0.0])))
    clipped = shapely.simplify(shapely.union_all(parts), SIMPLIFY_DEG, preserve_topology=True)
    if clipped.is_empty:
        return {"type": "FeatureCollection", "features": []}
    geom = shapely.geometry.mapping(shapely.set_precision(clipped, 1e-4))
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": geom}]}


def _reachability(e: Event, ref: float) -> dict[str, Any] | None:
    reach = e.evidence.get("reachability")
    if not isinstance(reach, dict) or not reach.get("polygon"):
        return None
    port = e.evidence.get("port") if isinstance(e.evidence.get("port"), dict) else {}
    poly = np.asarray(reach["polygon"], dtype=np.float64)
    foci = np.asarray(reach.get("foci") or [], dtype=np.float64).reshape(-1, 2)
    # the polygon unwrapped around its first vertex, then moved next to the track
    plon = np.degrees(np.unwrap(np.radians(poly[:, 0])))
    plon = plon + (around(plon[:1], ref)[0] - plon[0])
    return {"event_id": e.event_id,
            "polygon": np.column_stack([poly[:, 1], plon]).round(5).tolist(),
            "foci": np.column_stack([foci[:, 1], around(foci[:, 0], ref)]).round(5).tolist(),
            "budget_m": reach.get("budget_m"), "port": port or {"locode": e.port},
            "score": e.score,
            "start": iso_utc(e.start), "end": iso_utc(e.end)}


def _event_marker(e: Event, ref: float) -> dict[str, Any] | None:
    if e.lat is None or e.lon is None:
        return None
    return {"event_id": e.event_id, "kind": e.kind, "lat": e.lat,
            "lon": round(float(around(e.lon, ref)), 5),
            "start": iso_utc(e.start), "end": iso_utc(e.end), "score": e.score,
            "port": e.port, "other_mmsi": e.other_mmsi}


def map_payload(vd: VesselData) -> dict[str, Any]:
    """Everything the report's map draws, with the clipped basemap."""
    ref = reference_lon(vd.track)
    track = track_payload(vd.track, ref_lon=ref)
    partners = {str(m): track_payload(t, ref_lon=ref) for m, t in vd.partners.items()}
    reach = [r for r in (_reachability(e, ref) for e in vd.events) if r is not None]
    markers = [m for m in (_event_marker(e, ref) for e in vd.events) if m is not None]
    meetings = [m for m in markers if m["kind"] == "encounter"]
    lats: list[float] = []
    lons: list[float] = []
    for payload in (track, *partners.values()):
        for piece in payload["pieces"]:
            arr = np.asarray(piece)
            lats += [float(arr[:, 0].min()), float(arr[:, 0].max())]
            lons += [float(arr[:, 1].min()), float(arr[:, 1].max())]
    lats += [m["lat"] for m in markers]
    lons += [m["lon"] for m in markers]
    reach_view = None
    if reach:
        rla = [p[0] for r in reach for p in r["polygon"]]
        rlo = [p[1] for r in reach for p in r["polygon"]]
        reach_view = (min(rlo), min(rla), max(rlo), max(rla))
        if not lats:
            lats, lons = rla, rlo
    if not lats:
        return {"bbox": None, "view": None, "reach_view": None,
                "basemap": {"type": "FeatureCollection", "features": []},
                "track": track, "partners": partners, "reach": reach, "events": markers,
                "meetings": meetings, "concern": []}
    view = (min(lons) - VIEW_PAD_DEG, min(lats) - VIEW_PAD_DEG, max(lons) + VIEW_PAD_DEG,
            max(lats) + VIEW_PAD_DEG)
    concern = [{**p, "lon": float(around(p["lon"], ref))} for p in concern_ports()]
    concern = [p for p in concern if view[1] - MARGIN_DEG <= p["lat"] <= view[3] + MARGIN_DEG
               and view[0] - MARGIN_DEG <= p["lon"] <= view[2] + MARGIN_DEG]
    named = {e.port for e in vd.events if e.port} | {
        str(r["port"].get("locode")) for r in reach if r["port"].get("locode")}
    for p in concern:
        p["named"] = p["locode"] in named
    lats += [p["lat"] for p in concern if p["named"]]
    lons += [p["lon"] for p in concern if p["named"]]
    view = (min(lons) - VIEW_PAD_DEG, min(lats) - VIEW_PAD_DEG,
            max(lons) + VIEW_PAD_DEG + LABEL_PAD_DEG, max(lats) + VIEW_PAD_DEG)
    pad = max(CLIP_PAD_DEG, view[2] - view[0], view[3] - view[1])
    bbox = (view[0] - pad, max(-90.0, view[1] - pad / 2), view[2] + pad,
            min(90.0, view[3] + pad / 2))
    if reach_view is not None:
        rw, rs, re_, rn = reach_view
        rpad = max(CLIP_PAD_DEG, re_ - rw, rn - rs)
        bbox = (min(bbox[0], rw - rpad), max(-90.0, min(bbox[1], rs - rpad / 2)),
                max(bbox[2], re_ + rpad), min(90.0, max(bbox[3], rn + rpad / 2)))
    return {"bbox": bbox, "view": view, "reach_view": reach_view,
            "basemap": basemap_geojson(bbox), "track": track,
            "partners": partners, "reach": reach, "events": markers, "meetings": meetings,
            "concern": concern}
