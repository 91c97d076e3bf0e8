"""``wakewatch screen``: identities against the loaded sanctions lists (being built)."""

from __future__ import annotations

import click

from wakewatch.errors import WakewatchError


@click.command()
def screen() -> None:
    """Screen names, IMO numbers or the whole fleet against the loaded lists."""
    raise WakewatchError("screen is not built yet")
