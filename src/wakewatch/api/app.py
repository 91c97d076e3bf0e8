"""``create_app(settings)``: the FastAPI application ``wakewatch serve`` runs.

One router per resource (health, vessels and tracks, events and alerts, map layers,
screening, uploads); error mapping in :mod:`wakewatch.api.errors`; per-request store access
in :mod:`wakewatch.api.deps`. Reads are guarded by the read policy (open by default), the
upload routes by the write token. When they exist, HTML reports are mounted at ``/reports/``
(``settings.reports_dir``) and the web map's static files at ``/`` (``settings.static_dir``,
``index.html`` served for ``/``); both are mounted last, so ``/api``, ``/match``,
``/algorithms`` and ``/docs`` always win.
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, HTTPException
from fastapi.staticfiles import StaticFiles

from wakewatch import __version__
from wakewatch.api import (
    routes_events,
    routes_geo,
    routes_health,
    routes_screen,
    routes_vessels,
    routes_write,
)
from wakewatch.api.auth import read_guard, write_guard
from wakewatch.api.deps import StoreAccess
from wakewatch.api.errors import install_handlers
from wakewatch.api.settings import ApiSettings
from wakewatch.errors import WakewatchError

__all__ = ["create_app"]

DESCRIPTION = """Vessels, tracks, events and alerts of a wakewatch store, an offline basemap
for the web map, and sanctions screening compatible with yente's `/match`.
Reads are open unless the server runs with closed reads; uploads need
`Authorization: Bearer $WAKEWATCH_TOKEN`. Errors are `{"detail": "..."}`."""


def _warm(app: FastAPI) -> None:
    """Build the matcher once, so the first screening request is fast; a store without
    lists (or a build without screening) is simply left cold."""
    try:
        with app.state.access.reader() as store:
            app.state.matchers.get(store)
    except (WakewatchError, HTTPException):
        pass


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    if app.state.settings.warm_screening:
        threading.Thread(target=_warm, args=(app,), name="warm-screening",
                         daemon=True).start()
    yield
    app.state.access.close()


def create_app(settings: ApiSettings) -> FastAPI:
    """A new application serving ``settings.db``."""
    app = FastAPI(title="wakewatch", version=__version__, description=DESCRIPTION,
                  lifespan=_lifespan)
    app.state.settings = settings
    app.state.access = StoreAccess(settings.db)
    app.state.matchers = routes_screen.MatcherCache()
    install_handlers(app)
    reads = [Depends(read_guard(settings))]
    app.include_router(routes_health.router)
    for module in (routes_vessels, routes_events, routes_geo, routes_screen):
        app.include_router(module.router, dependencies=reads)
    app.include_router(routes_write.router, dependencies=[Depends(write_guard(settings))])
    if settings.reports_dir is not None and settings.reports_dir.is_dir():
        app.mount("/reports", StaticFiles(directory=settings.reports_dir, html=True),
                  name="reports")
    if settings.static_dir is not None and settings.static_dir.is_dir():
        app.mount("/", StaticFiles(directory=settings.static_dir, html=True), name="web")
    return app
