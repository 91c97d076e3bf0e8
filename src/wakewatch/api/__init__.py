"""The HTTP API: ``create_app(settings)`` builds the FastAPI application that
``wakewatch serve`` runs (JSON routes under ``/api``, a yente-compatible ``/match``, the web
map's static files at ``/`` and HTML reports at ``/reports/``). See docs/api.md."""

from wakewatch.api.app import create_app
from wakewatch.api.settings import ApiSettings

__all__ = ["ApiSettings", "create_app"]
