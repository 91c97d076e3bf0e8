"""The web map's static files (``static/``: index.html, app.js, style.css, vendored Leaflet).

``wakewatch serve`` mounts :data:`STATIC_DIR` at ``/``; the page talks only to the JSON
routes of :mod:`wakewatch.api` and loads its land basemap from ``/api/basemap``, so it needs
no tile server and no network beyond the wakewatch server itself.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["STATIC_DIR"]

STATIC_DIR: Path = Path(__file__).parent / "static"
"""Directory of the web map's files (served at ``/``)."""
