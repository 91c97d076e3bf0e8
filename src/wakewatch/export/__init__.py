"""Exports of store tables to files: GeoJSON, KML, CSV / JSON lines and FollowTheMoney
entities (``wakewatch export``). Track geometry (segments split at dark gaps, simplified) is
built once in :mod:`wakewatch.export.tracks` and shared with the HTTP API."""
