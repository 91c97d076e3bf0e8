"""``wakewatch report``: offline HTML evidence reports (one file per alert or vessel).

Writes ``DIR/index.html`` (the reports by rank) and ``DIR/NNN-MMSI.html`` per target, each
self-contained (Leaflet, CSS, basemap and data inlined: it opens from disk with no network).
Prints the written paths to stdout, one per line. Without alerts in the store the targets
are the vessels with the highest summed event scores (see :mod:`wakewatch.report.build`).
"""

from __future__ import annotations

from pathlib import Path

import click

from wakewatch.cli.main import Context
from wakewatch.errors import InputError
from wakewatch.report.build import build_reports, choose_targets, print_pdf


@click.command()
@click.option("--vessel", metavar="IMO|MMSI", default=None,
              help="One vessel: an IMO (7 digits) or an MMSI (9 digits).")
@click.option("--top", type=click.IntRange(min=1), default=None,
              help="The N highest-ranked alerts (default: all alerts; 10 vessels without "
                   "alerts).")
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write index.html and the reports into.")
@click.option("--pdf", is_flag=True, help="Also print each report to PDF with chromium.")
@click.pass_obj
def report(ctx: Context, vessel: str | None, top: int | None, out_dir: Path,
           pdf: bool) -> None:
    """Offline HTML evidence reports."""
    if vessel is not None and top is not None:
        raise InputError("give --vessel or --top, not both")
    with ctx.open_store(read_only=True) as store:
        targets = choose_targets(store, vessel=vessel, top=top)
        paths = build_reports(store, out_dir, targets)
    for path in paths:
        click.echo(str(path))
        if pdf and path.name != "index.html":
            click.echo(str(print_pdf(path)))
    click.echo(f"{len(targets)} report(s) in {out_dir}", err=True)
