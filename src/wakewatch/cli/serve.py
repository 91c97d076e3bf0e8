"""``wakewatch serve`` (being built)."""

from __future__ import annotations

import click

from wakewatch.errors import WakewatchError


@click.command()
def serve() -> None:
    """HTTP API and web map."""
    raise WakewatchError("serve is not built yet")
