"""``wakewatch export``: store tables to files. Data goes to the file (``--out -`` for
stdout); what was written, and how much, to stderr.

    positions  parquet                      date=YYYY-MM-DD/ partitions (a directory)
    events     geojson | kml | csv | jsonl   --kind --mmsi --since --until --bbox
    tracks     geojson | kml                 --mmsi --since --until --tolerance --no-times
    alerts     jsonl | csv | geojson         (geojson: a point at the vessel's last position)
    entities   ftm                           loaded sanctions-list entities (--dataset)
    vessels    ftm                           the store's vessel identities as FtM Vessels
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from wakewatch.errors import InputError
from wakewatch.events import EVENT_KINDS, iso_utc
from wakewatch.store import Store
from wakewatch.store.export import export_positions

_OUT = click.option("--out", "out", required=True, metavar="PATH",
                    help="File to write ('-' for stdout).")


def _context(obj: object) -> Any:
    from wakewatch.cli.main import Context

    assert isinstance(obj, Context)
    return obj


def _write(out: str, data: str | bytes | Iterable[str]) -> int:
    """Write ``data`` to ``out`` (``-`` = stdout); bytes written."""
    chunks: Iterable[str | bytes] = [data] if isinstance(data, str | bytes) else data
    if out == "-":
        size = 0
        for chunk in chunks:
            if isinstance(chunk, bytes):
                sys.stdout.flush()
                sys.stdout.buffer.write(chunk)
            else:
                sys.stdout.write(chunk)
            size += len(chunk)
        sys.stdout.flush()
        return size
    path = Path(out)
    if path.parent and not path.parent.is_dir():
        raise InputError(f"--out {out}: directory {path.parent} does not exist")
    size = 0
    with path.open("wb") as f:
        for chunk in chunks:
            raw = chunk if isinstance(chunk, bytes) else chunk.encode("utf-8")
            f.write(raw)
            size += len(raw)
    return size


def _time(name: str, value: str | None) -> datetime | None:
    from wakewatch.cli.detect import parse_time  # the CLI's one reading of --since/--until

    return parse_time(value, f"--{name}")


def _note(what: str, n: int, fmt: str, out: str, size: int) -> None:
    where = "stdout" if out == "-" else out
    click.echo(f"wrote {n:,} {what} to {where} ({fmt}, {size:,} bytes)", err=True)


def _geojson_text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


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
    with _context(obj).open_store(read_only=True) as store:
        result = export_positions(store, out_dir, overwrite=overwrite)
    click.echo(f"wrote {result.rows:,} positions to {result.path}/ ({fmt}, "
               f"{result.partitions} date partition(s), date=YYYY-MM-DD/)", err=True)


def _mmsis(values: tuple[int, ...]) -> list[int] | None:
    return list(values) if values else None


@export.command("events")
@click.option("--format", "fmt", type=click.Choice(["geojson", "kml", "csv", "jsonl"]),
              required=True, help="Output format.")
@_OUT
@click.option("--kind", "kinds", multiple=True, type=click.Choice(EVENT_KINDS),
              help="Only these kinds (repeatable).")
@click.option("--mmsi", "mmsi", multiple=True, type=int, help="Only these vessels.")
@click.option("--since", help="Events ending at or after this time (ISO 8601, UTC).")
@click.option("--until", help="Events starting at or before this time.")
@click.pass_obj
def events(obj: object, fmt: str, out: str, kinds: tuple[str, ...], mmsi: tuple[int, ...],
           since: str | None, until: str | None) -> None:
    """Detected events (geojson/kml: those with a position)."""
    from wakewatch.export import geojson, kml, tabular
    from wakewatch.store.events import EventFilter, read_events

    filt = EventFilter(kinds=list(kinds) or None, mmsi=_mmsis(mmsi),
                       since=_time("since", since), until=_time("until", until))
    with _context(obj).open_store(read_only=True) as store:
        found = read_events(store, filt)
    data: str | bytes
    if fmt == "geojson":
        doc = geojson.events_geojson(found)
        data, n = _geojson_text(doc), len(doc["features"])
    elif fmt == "kml":
        data, n = kml.events_kml(found), sum(e.lat is not None for e in found)
    elif fmt == "csv":
        data, n = tabular.events_csv(found), len(found)
    else:
        from wakewatch.events import event_to_json

        data, n = tabular.jsonl(event_to_json(e) for e in found), len(found)
    _note("events", n, fmt, out, _write(out, data))


@export.command("tracks")
@click.option("--format", "fmt", type=click.Choice(["geojson", "kml"]), required=True,
              help="Output format.")
@_OUT
@click.option("--mmsi", "mmsi", multiple=True, type=int, help="Only these vessels.")
@click.option("--since", help="Positions at or after this time (ISO 8601, UTC).")
@click.option("--until", help="Positions at or before this time.")
@click.option("--tolerance", "tolerance_deg", type=click.FloatRange(min=0.0), default=None,
              help="Simplification tolerance in degrees (0 keeps every position; default "
                   "the tracks parameter simplify_deg).")
@click.option("--times/--no-times", default=True, show_default=True,
              help="GeoJSON: a `times` array aligned with each segment's coordinates.")
@click.pass_obj
def tracks(obj: object, fmt: str, out: str, mmsi: tuple[int, ...], since: str | None,
           until: str | None, tolerance_deg: float | None, times: bool) -> None:
    """Vessel tracks: lit segments and dark gaps (>= 6 h) as their own features."""
    from wakewatch.export import geojson, kml
    from wakewatch.export.tracks import SIMPLIFY_DEG, read_track_positions, track_segments

    with _context(obj).open_store(read_only=True) as store:
        frame = read_track_positions(store, mmsi=_mmsis(mmsi), since=_time("since", since),
                                     until=_time("until", until))
    tol = SIMPLIFY_DEG if tolerance_deg is None else tolerance_deg
    segments = track_segments(frame, tolerance_deg=tol)
    data = (_geojson_text(geojson.tracks_geojson(segments, with_times=times))
            if fmt == "geojson" else kml.tracks_kml(segments))
    vessels = len({s.mmsi for s in segments})
    dark = sum(s.dark for s in segments)
    _note(f"track segments ({vessels} vessels, {dark} dark, from {frame.height:,} positions)",
          len(segments), fmt, out, _write(out, data))


def _last_positions(store: Store) -> dict[int, tuple[float, float, str]]:
    rows = store.con.sql(
        "SELECT mmsi, arg_max(lat, ts), arg_max(lon, ts), max(ts) FROM positions "
        "WHERE lat IS NOT NULL AND lon IS NOT NULL GROUP BY mmsi").fetchall()
    return {int(r[0]): (float(r[1]), float(r[2]), iso_utc(r[3])) for r in rows}


@export.command("alerts")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "geojson"]),
              required=True, help="Output format.")
@_OUT
@click.pass_obj
def alerts(obj: object, fmt: str, out: str) -> None:
    """Risk-ranked alerts (run `wakewatch alerts` first)."""
    from wakewatch.export import geojson, tabular
    from wakewatch.store.alerts import read_alerts

    with _context(obj).open_store(read_only=True) as store:
        found = read_alerts(store)
        last = _last_positions(store) if fmt == "geojson" else {}
    if not found:
        click.echo("no alerts stored: run `wakewatch alerts` first", err=True)
    data: str
    if fmt == "geojson":
        doc = geojson.alerts_geojson(found, last)
        data, n = _geojson_text(doc), len(doc["features"])
    elif fmt == "csv":
        data, n = tabular.alerts_csv(found), len(found)
    else:
        data, n = tabular.jsonl(found), len(found)
    _note("alerts", n, fmt, out, _write(out, data))


@export.command("entities")
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm",
              show_default=True, help="Output format (FollowTheMoney JSON lines).")
@_OUT
@click.option("--dataset", default=None, help="Only this list (e.g. us_ofac_sdn).")
@click.pass_obj
def entities(obj: object, fmt: str, out: str, dataset: str | None) -> None:
    """Loaded sanctions-list entities as FollowTheMoney JSON lines."""
    from wakewatch.export.ftm import FtmCounts, list_entities_ftm
    from wakewatch.store.entities import read_entities

    with _context(obj).open_store() as store:
        found = read_entities(store, dataset)
    if not found:
        raise InputError("no sanctions-list entities loaded" +
                         (f" for dataset {dataset!r}" if dataset else "") +
                         ": run `wakewatch lists load FILE` first")
    counts = FtmCounts()
    size = _write(out, list_entities_ftm(found, counts))
    _note("entities", counts.entities, fmt, out, size)
    if counts.dropped_props:
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(counts.dropped_props.items()))
        click.echo(f"values of properties FtM does not have for the schema, left out: "
                   f"{dropped}", err=True)


@export.command("vessels")
@click.option("--format", "fmt", type=click.Choice(["ftm"]), default="ftm",
              show_default=True, help="Output format (FollowTheMoney JSON lines).")
@_OUT
@click.pass_obj
def vessels(obj: object, fmt: str, out: str) -> None:
    """The store's vessel identities as FollowTheMoney Vessel entities."""
    from wakewatch.export.ftm import FtmCounts, vessels_ftm
    from wakewatch.identity.vessels import vessel_summary

    with _context(obj).open_store(read_only=True) as store:
        summary = vessel_summary(store)
    counts = FtmCounts()
    size = _write(out, vessels_ftm(summary, counts))
    _note("vessels", counts.entities, fmt, out, size)
