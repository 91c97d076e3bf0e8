"""Offline HTML evidence reports: one self-contained file per alert or vessel, plus an index.

:func:`build_reports` is the entry point (``wakewatch report``). Each file inlines Leaflet,
the CSS, a clipped land basemap and the data, so opening it needs no network and no server.
"""

from __future__ import annotations

from wakewatch.report.build import ReportTarget, build_reports, choose_targets

__all__ = ["ReportTarget", "build_reports", "choose_targets"]
