"""GeoJSON (RFC 7946) FeatureCollections of events, tracks and alerts.

- events: one Point per event with a position (events without one are left out and
  counted), properties = the ``--format jsonl`` object minus ``lat``/``lon``, with
  ``evidence`` and ``params`` kept as nested objects.
- tracks: the lit and dark segments of :mod:`wakewatch.export.tracks` (``dark: true`` for a
  gap of ≥ 6 h), ``times`` aligned with the coordinates unless left out for size.
- alerts: one Point per alert at the vessel's last stored position (``position_ts`` says
  when), properties = the alert JSON.

Coordinates are rounded to 6 decimals (~0.1 m). Track longitudes are unwrapped across the
antimeridian (see :mod:`wakewatch.export.tracks`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from wakewatch.events import Event, event_to_json
from wakewatch.export.tracks import TrackSegment, segment_to_feature

__all__ = ["alerts_geojson", "events_geojson", "feature_collection", "tracks_geojson"]


def feature_collection(features: Iterable[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}


def events_geojson(events: Sequence[Event]) -> dict[str, Any]:
    """Events with a position as Point features."""
    features = []
    for e in events:
        if e.lat is None or e.lon is None:
            continue
        props = {k: v for k, v in event_to_json(e).items() if k not in ("lat", "lon")}
        features.append({"type": "Feature", "geometry": _point(e.lon, e.lat),
                         "properties": props})
    return feature_collection(features)


def tracks_geojson(segments: Sequence[TrackSegment], *, with_times: bool = True
                   ) -> dict[str, Any]:
    """Track segments as LineString (or one-report Point) features."""
    return feature_collection(segment_to_feature(s, with_times=with_times) for s in segments)


def alerts_geojson(alerts: Sequence[dict[str, Any]],
                   last_positions: dict[int, tuple[float, float, str]]) -> dict[str, Any]:
    """Alerts as Points at their vessel's last position (``mmsi -> (lat, lon, iso ts)``);
    alerts of a vessel with no stored position are left out."""
    features = []
    for a in alerts:
        where = last_positions.get(int(a["mmsi"])) if a.get("mmsi") is not None else None
        if where is None:
            continue
        lat, lon, ts = where
        features.append({"type": "Feature", "geometry": _point(lon, lat),
                         "properties": {**a, "position_ts": ts}})
    return feature_collection(features)
