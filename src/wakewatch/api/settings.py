"""What one server instance is configured with (:class:`ApiSettings`).

The settings are read once, when the app is built, and never from global state inside the
routes. ``token`` defaults to ``$WAKEWATCH_TOKEN``: writes (list and AIS uploads) need it as
``Authorization: Bearer <token>``; with no token configured every write is refused (403).
``open_reads`` (default true) lets anyone read; false makes reads need the token too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

__all__ = ["ENV_TOKEN", "MAX_LIMIT", "MAX_QUERIES", "MAX_UPLOAD_BYTES", "ApiSettings",
           "default_static_dir"]

ENV_TOKEN = "WAKEWATCH_TOKEN"
MAX_QUERIES = 100
"""Queries per ``/match`` batch (yente's limit)."""
MAX_LIMIT = 500
"""Largest ``limit`` any list route accepts (yente's ``/match`` maximum)."""
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
"""Largest upload (list or AIS file) a write route accepts."""


def default_static_dir() -> Path:
    """``src/wakewatch/web/static`` (the web map), whether or not it exists yet."""
    return Path(__file__).resolve().parent.parent / "web" / "static"


def _env_token() -> str | None:
    return os.environ.get(ENV_TOKEN) or None


@dataclass(frozen=True)
class ApiSettings:
    """One server's configuration (see the module doc)."""

    db: Path
    reports_dir: Path | None = None
    static_dir: Path | None = field(default_factory=default_static_dir)
    open_reads: bool = True
    token: str | None = field(default_factory=_env_token)
    max_upload_bytes: int = MAX_UPLOAD_BYTES
    warm_screening: bool = False
    """Build the screening index in the background at start-up (the first ``/match``
    otherwise pays for it: ~8 s for the 14,589 entities of the OFAC 2024 list)."""
