"""``wakewatch alerts`` and ``wakewatch vessel`` (being built)."""

from __future__ import annotations

import click

from wakewatch.errors import WakewatchError


@click.command()
def alerts() -> None:
    """Risk-ranked alerts."""
    raise WakewatchError("alerts is not built yet")


@click.command()
def vessel() -> None:
    """One vessel's profile."""
    raise WakewatchError("vessel is not built yet")
