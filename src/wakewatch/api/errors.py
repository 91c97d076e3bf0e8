"""The one table from wakewatch errors to HTTP statuses, and the error bodies.

Every error body is ``{"detail": "<one line>"}`` (yente's ``ErrorResponse``); request
validation errors add ``"errors"`` (FastAPI's list) but keep ``detail`` a readable line, so
a client never has to parse a list to tell the user what was wrong.

    InputNotFoundError  404   a named thing does not exist
    VesselNotFoundError 404   no vessel with that IMO / MMSI (wakewatch.infer.profile)
    InputError          400   the input cannot be used (format, content)
    StoreError          503   no database / it cannot be opened (run ingest first)
    WakewatchError      400   anything else wakewatch refuses on purpose
    duckdb.Error        503   the database refused a query (locked by a writer, damaged)
"""

from __future__ import annotations

from typing import Any

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from wakewatch.errors import InputError, InputNotFoundError, StoreError, WakewatchError
from wakewatch.infer.profile import VesselNotFoundError

__all__ = ["STATUS", "install_handlers", "status_for"]

STATUS: tuple[tuple[type[WakewatchError], int], ...] = (
    (InputNotFoundError, 404),
    (VesselNotFoundError, 404),
    (InputError, 400),
    (StoreError, 503),
    (WakewatchError, 400),
)
"""First matching class wins (subclasses before their parents)."""


def status_for(exc: WakewatchError) -> int:
    for cls, status in STATUS:
        if isinstance(exc, cls):
            return status
    return 400


def _where(loc: Any) -> str:
    parts = [str(p) for p in loc if p not in ("query", "body", "path")]
    return ".".join(parts) or "request"


def _validation_line(exc: RequestValidationError) -> str:
    lines = []
    for err in exc.errors()[:3]:
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "json_invalid":
            lines.append("request body is not valid JSON")
            continue
        if tuple(err.get("loc", ())) == ("body",):
            lines.append("request body must be a JSON object (send Content-Type: "
                         "application/json)")
            continue
        lines.append(f"{_where(err.get('loc', ()))}: {msg}")
    return "; ".join(lines) or "invalid request"


async def _wakewatch_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, WakewatchError)
    return JSONResponse({"detail": str(exc)}, status_code=status_for(exc))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")}
              for e in exc.errors()]
    return JSONResponse({"detail": _validation_line(exc), "errors": errors},
                        status_code=422)


async def _database_error(request: Request, exc: Exception) -> JSONResponse:
    first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return JSONResponse({"detail": f"database error: {first}"}, status_code=503)


def install_handlers(app: FastAPI) -> None:
    app.add_exception_handler(WakewatchError, _wakewatch_error)
    app.add_exception_handler(duckdb.Error, _database_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
