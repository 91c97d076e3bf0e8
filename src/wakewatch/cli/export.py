"""``wakewatch export``: store tables to files (``positions`` now; events, tracks, alerts and
entities join the group as they arrive). Data goes to files; where and how much to stderr."""

from __future__ import annotations

from pathlib import Path

import click

from wakewatch.store.export import export_positions


@click.group()
def export() -> None:
    """Export store tables to files."""


@export.command("positions")
@click.option("--out", "out_dir", required=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Directory to write (date=YYYY-MM-DD/ partitions).")
@click.option("--format", "fmt", type=click.Choice(["parquet"]), default="parquet",
              show_default=True, help="Output format.")
@click.option("--overwrite", is_flag=True, help="Replace the files of an existing export.")
@click.pass_obj
def positions(obj: object, out_dir: Path, fmt: str, overwrite: bool) -> None:
    """Positions as Parquet, partitioned by UTC day, zstd-compressed."""
    from wakewatch.cli.main import Context

    assert isinstance(obj, Context)
    with obj.open_store(read_only=True) as store:
        result = export_positions(store, out_dir, overwrite=overwrite)
    click.echo(f"wrote {result.rows:,} positions to {result.path}/ ({fmt}, "
               f"{result.partitions} date partition(s), date=YYYY-MM-DD/)", err=True)
