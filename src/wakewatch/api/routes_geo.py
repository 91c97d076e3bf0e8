"""Map layers that do not depend on the store.

- ``GET /api/ports_of_concern`` — the watched ports (:func:`wakewatch.geo.concern.shipped_ports`)
  as GeoJSON points with ``locode, name, country, category, reason, source``.
- ``GET /api/basemap`` — Natural Earth 50m land (the file :mod:`wakewatch.geo.land` reads),
  simplified by :data:`BASEMAP_TOLERANCE_DEG` once per process and served from memory with a
  long ``Cache-Control``, so the map needs no tile server and no network.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import shapely
from fastapi import APIRouter, Response

from wakewatch.geo.concern import shipped_ports
from wakewatch.geo.land import land_geometry

__all__ = ["BASEMAP_TOLERANCE_DEG", "basemap_geojson", "router"]

router = APIRouter(tags=["map"])

BASEMAP_TOLERANCE_DEG = 0.02
"""Douglas-Peucker tolerance of the served land (~2 km), finer than the map needs at the
zoom levels a region is viewed at and ~4x smaller than the full 50m file."""


@cache
def basemap_geojson() -> bytes:
    """The simplified land as GeoJSON bytes (one feature per polygon)."""
    polys = shapely.get_parts(land_geometry())
    simple = shapely.simplify(polys, BASEMAP_TOLERANCE_DEG, preserve_topology=True)
    simple = simple[~shapely.is_empty(simple)]
    features = [{"type": "Feature", "properties": {},
                 "geometry": json.loads(shapely.to_geojson(g, indent=None))}
                for g in shapely.set_precision(simple, 1e-4)]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, separators=(",", ":")).encode()


@router.get("/api/basemap", summary="Offline land polygons (GeoJSON)")
def basemap() -> Response:
    return Response(basemap_geojson(), media_type="application/geo+json",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/api/ports_of_concern", summary="Watched ports (GeoJSON points)")
def ports_of_concern() -> dict[str, Any]:
    table = shipped_ports().table
    features = [{"type": "Feature",
                 "geometry": {"type": "Point", "coordinates": [r["lon"], r["lat"]]},
                 "properties": {k: r[k] for k in ("locode", "name", "country", "category",
                                                  "reason", "source")}}
                for r in table.iter_rows(named=True)]
    return {"type": "FeatureCollection", "features": features}
