"""``wakewatch declarations``: shipment records (being built)."""

from __future__ import annotations

import click

from wakewatch.errors import WakewatchError


@click.group()
def declarations() -> None:
    """Shipment records: bills of lading, manifests."""


@declarations.command("load")
def load() -> None:
    """Load shipment records."""
    raise WakewatchError("declarations load is not built yet")
