"""``wakewatch report`` (being built)."""

from __future__ import annotations

import click

from wakewatch.errors import WakewatchError


@click.command()
def report() -> None:
    """Offline HTML evidence reports."""
    raise WakewatchError("report is not built yet")
