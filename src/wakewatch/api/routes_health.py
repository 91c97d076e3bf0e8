"""``GET /api/health``: is the server up, which database does it read, can it be opened."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from wakewatch import __version__
from wakewatch.errors import StoreError

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/api/health", summary="Server status")
def health(request: Request) -> dict[str, Any]:
    """Always 200 while the server runs; ``database`` says whether the store opens."""
    settings = request.app.state.settings
    state = "ok"
    try:
        with request.app.state.access.reader():
            pass
    except StoreError as exc:
        state = str(exc)
    return {"status": "ok", "version": __version__, "db": str(settings.db),
            "database": state, "open_reads": settings.open_reads,
            "writes_enabled": settings.token is not None}
