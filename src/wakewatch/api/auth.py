"""Bearer-token checks for the routes.

Writes always need the configured token (``Authorization: Bearer <token>``); reads need it
only when the server runs with closed reads. No token configured: writes answer 403 (the
server was started without ``$WAKEWATCH_TOKEN``, so nobody may write), and closed reads too.
A missing or wrong token answers 401 with ``WWW-Authenticate: Bearer``. Tokens are compared
in constant time.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import HTTPException, Request

from wakewatch.api.settings import ApiSettings

__all__ = ["read_guard", "write_guard"]


def _check(request: Request, token: str | None, what: str) -> None:
    if token is None:
        raise HTTPException(403, f"{what} are disabled: start the server with "
                                 "$WAKEWATCH_TOKEN set to allow them")
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise HTTPException(401, f"{what} need 'Authorization: Bearer <token>'",
                            headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise HTTPException(401, "wrong token", headers={"WWW-Authenticate": "Bearer"})


def write_guard(settings: ApiSettings) -> Callable[[Request], None]:
    def guard(request: Request) -> None:
        _check(request, settings.token, "writes")
    return guard


def read_guard(settings: ApiSettings) -> Callable[[Request], None]:
    def guard(request: Request) -> None:
        if not settings.open_reads:
            _check(request, settings.token, "reads")
    return guard
