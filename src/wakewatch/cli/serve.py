"""``wakewatch serve``: the HTTP API (yente-compatible ``/match``) and the web map, on
uvicorn. Binds to loopback by default; ``--host 0.0.0.0`` exposes it (set
``$WAKEWATCH_TOKEN`` first if uploads should be possible, and ``--closed-reads`` to require
the token for reads too). The URL goes to stderr."""

from __future__ import annotations

from pathlib import Path

import click

from wakewatch.errors import InputError


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="TCP port.")
@click.option("--reports", "reports_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Directory of HTML reports to serve at /reports/.")
@click.option("--open-reads/--closed-reads", default=True, show_default=True,
              help="Whether reads need the token ($WAKEWATCH_TOKEN) too.")
@click.option("--log-level", type=click.Choice(["critical", "error", "warning", "info",
                                                "debug"]), default="info",
              show_default=True, help="uvicorn log level.")
@click.pass_obj
def serve(obj: object, host: str, port: int, reports_dir: Path | None, open_reads: bool,
          log_level: str) -> None:
    """HTTP API and web map (OpenAPI docs at /docs)."""
    import uvicorn

    from wakewatch.api import ApiSettings, create_app
    from wakewatch.cli.main import Context

    assert isinstance(obj, Context)
    if reports_dir is not None and not reports_dir.is_dir():
        raise InputError(f"--reports {reports_dir}: no such directory "
                         "(write one with `wakewatch report --out DIR`)")
    settings = ApiSettings(db=obj.db, reports_dir=reports_dir, open_reads=open_reads,
                           warm_screening=True)
    if not obj.db.exists():
        click.echo(f"wakewatch: note: no database at {obj.db} yet: routes that read it "
                   "answer 503 until `wakewatch ingest` creates it", err=True)
    app = create_app(settings)
    click.echo(f"wakewatch: serving {obj.db} on http://{host}:{port}/ (API docs at /docs)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level)
