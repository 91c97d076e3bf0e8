"""``wakewatch`` entry point: the click group, global options and error mapping."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from wakewatch import __version__
from wakewatch.errors import WakewatchError
from wakewatch.store import Store, default_db_path


class Context:
    """What every sub-command gets: where the database is."""

    def __init__(self, db: Path) -> None:
        self.db = db

    def open_store(self, *, read_only: bool = False) -> Store:
        return Store.open(self.db, read_only=read_only)


class WakewatchGroup(click.Group):
    """Turns any :class:`WakewatchError` into one line on stderr and exit code 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WakewatchError as exc:
            click.echo(f"wakewatch: error: {exc}", err=True)
            sys.exit(1)


@click.group(cls=WakewatchGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Database file (default: $WAKEWATCH_DB or ./wakewatch.duckdb).")
@click.version_option(__version__, prog_name="wakewatch")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """wakewatch: covert shipping and sanctions evasion from open AIS and sanctions data."""
    ctx.obj = Context(db if db is not None else default_db_path())


def _register() -> None:
    from wakewatch.cli import demo, export, ingest, vessels
    from wakewatch.cli.alerts import alerts, vessel
    from wakewatch.cli.declarations import declarations
    from wakewatch.cli.detect import detect, events
    from wakewatch.cli.evaluate import evaluate
    from wakewatch.cli.lists import lists
    from wakewatch.cli.report import report
    from wakewatch.cli.screen import screen
    from wakewatch.cli.serve import serve
    from wakewatch.cli.simulate import simulate

    cli.add_command(ingest.ingest)
    cli.add_command(vessels.vessels)
    cli.add_command(export.export)
    cli.add_command(demo.demo)
    cli.add_command(detect)
    cli.add_command(events)
    cli.add_command(evaluate)
    cli.add_command(simulate)
    cli.add_command(lists)
    cli.add_command(screen)
    cli.add_command(declarations)
    cli.add_command(alerts)
    cli.add_command(vessel)
    cli.add_command(report)
    cli.add_command(serve)


_register()


def main() -> None:
    cli(prog_name="wakewatch")
