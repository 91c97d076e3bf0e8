"""KML 2.2 documents of events and tracks (Google Earth, QGIS, ...).

Tracks: one Folder per vessel; each lit segment a Placemark with a LineString (style
``#lit``, solid) and ``TimeSpan``; each dark gap a Placemark (style ``#dark``, red, thinner)
whose geometry is a MultiGeometry of short dashes — KML has no dashed line style, so the
dashes are drawn: :data:`DASHES` pieces with gaps between them along the straight line.
Events: one Placemark per event with a position, a ``TimeSpan``, the kind as its name and
the JSON fields in ``ExtendedData``. Longitudes are wrapped back to [-180, 180).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Sequence

import numpy as np

from wakewatch.events import Event, event_to_json, iso_utc
from wakewatch.export.tracks import TrackSegment

__all__ = ["DASHES", "KML_NS", "events_kml", "tracks_kml"]

KML_NS = "http://www.opengis.net/kml/2.2"
DASHES = 12
"""Dashes drawn along one dark segment."""

_STYLES = {"lit": ("ff2f7fd9", "2"), "dark": ("ff1e1ee0", "1.5"), "event": ("ff00a5ff", "1")}


def _doc(name: str) -> tuple[ET.Element, ET.Element]:
    root = ET.Element("kml", xmlns=KML_NS)
    doc = ET.SubElement(root, "Document")
    ET.SubElement(doc, "name").text = name
    for sid, (color, width) in _STYLES.items():
        style = ET.SubElement(doc, "Style", id=sid)
        line = ET.SubElement(style, "LineStyle")
        ET.SubElement(line, "color").text = color
        ET.SubElement(line, "width").text = width
    return root, doc


def _coords(xy: np.ndarray) -> str:
    lon = (xy[:, 0] + 180.0) % 360.0 - 180.0
    return " ".join(f"{x:.6f},{y:.6f}" for x, y in zip(lon, xy[:, 1], strict=True))


def _timespan(parent: ET.Element, start: str, end: str) -> None:
    span = ET.SubElement(parent, "TimeSpan")
    ET.SubElement(span, "begin").text = start
    ET.SubElement(span, "end").text = end


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def _dashes(a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    t = np.linspace(0.0, 1.0, 2 * DASHES)
    pts = a[None, :] + (b - a)[None, :] * t[:, None]
    return [pts[i:i + 2] for i in range(0, len(pts) - 1, 2)]


def tracks_kml(segments: Sequence[TrackSegment], name: str = "wakewatch tracks") -> bytes:
    root, doc = _doc(name)
    folders: dict[int, ET.Element] = {}
    for seg in segments:
        folder = folders.get(seg.mmsi)
        if folder is None:
            folder = folders[seg.mmsi] = ET.SubElement(doc, "Folder")
            ET.SubElement(folder, "name").text = f"MMSI {seg.mmsi}"
        mark = ET.SubElement(folder, "Placemark")
        kind = "dark gap" if seg.dark else "track"
        ET.SubElement(mark, "name").text = f"{seg.mmsi} {kind} {iso_utc(seg.start)}"
        ET.SubElement(mark, "styleUrl").text = "#dark" if seg.dark else "#lit"
        _timespan(mark, iso_utc(seg.start), iso_utc(seg.end))
        data = ET.SubElement(mark, "ExtendedData")
        for key, value in (("mmsi", seg.mmsi), ("dark", str(seg.dark).lower()),
                           ("duration_h", f"{seg.duration_h:.3f}"),
                           ("n_positions", seg.n_positions)):
            field = ET.SubElement(data, "Data", name=key)
            ET.SubElement(field, "value").text = str(value)
        if seg.dark:
            multi = ET.SubElement(mark, "MultiGeometry")
            for dash in _dashes(seg.coords[0], seg.coords[-1]):
                line = ET.SubElement(multi, "LineString")
                ET.SubElement(line, "tessellate").text = "1"
                ET.SubElement(line, "coordinates").text = _coords(dash)
        elif len(seg.coords) >= 2:
            line = ET.SubElement(mark, "LineString")
            ET.SubElement(line, "tessellate").text = "1"
            ET.SubElement(line, "coordinates").text = _coords(seg.coords)
        else:
            point = ET.SubElement(mark, "Point")
            ET.SubElement(point, "coordinates").text = _coords(seg.coords[:1])
    return _serialise(root)


def events_kml(events: Sequence[Event], name: str = "wakewatch events") -> bytes:
    """Events with a position as Placemarks (events without one are left out)."""
    root, doc = _doc(name)
    for e in events:
        if e.lat is None or e.lon is None:
            continue
        obj = event_to_json(e)
        mark = ET.SubElement(doc, "Placemark")
        ET.SubElement(mark, "name").text = f"{e.kind} {e.mmsi}"
        ET.SubElement(mark, "description").text = json.dumps(obj["evidence"], sort_keys=True)
        _timespan(mark, obj["start"], obj["end"])
        data = ET.SubElement(mark, "ExtendedData")
        for key in ("event_id", "kind", "mmsi", "other_mmsi", "port", "score", "detector",
                    "version"):
            field = ET.SubElement(data, "Data", name=key)
            ET.SubElement(field, "value").text = "" if obj[key] is None else str(obj[key])
        point = ET.SubElement(mark, "Point")
        ET.SubElement(point, "coordinates").text = _coords(np.array([[e.lon, e.lat]]))
    return _serialise(root)
