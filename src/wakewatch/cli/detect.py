"""``wakewatch detect`` (run the detectors, store their events) and ``wakewatch events``.

``detect`` reads the store (optionally a time window and box), runs the detectors
(:func:`wakewatch.detect.run_detection`), replaces the stored events of the kinds it ran in
that scope and prints them: a table, or JSON lines (the DESIGN.md contract) on stdout.
``events`` prints stored events with filters. Parameters: ``--set gaps.min_gap_h=8`` or a
TOML ``--config`` file with one table per detector (``[gaps]``).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import time
import tomllib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from wakewatch.cli.settings import resolve_component_settings
from wakewatch.errors import InputError
from wakewatch.events import Event, event_to_json, iso_utc

__all__ = ["detect", "events", "evidence_summary", "parse_bbox", "parse_time",
           "render_events"]

_TABLE_WIDTH_CHARS = 160


def parse_time(value: str | None, option: str) -> datetime | None:
    """An ISO 8601 time (a date is midnight UTC; naive means UTC) for ``option``."""
    if value is None:
        return None
    try:
        ts = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise InputError(f"{option} {value!r}: not an ISO 8601 time "
                         "(e.g. 2024-01-31 or 2024-01-31T12:00Z)") from None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """``W,S,E,N`` in degrees (W > E crosses the antimeridian)."""
    if value is None:
        return None
    try:
        w, s, e, n = (float(x) for x in value.split(","))
    except ValueError:
        raise InputError(f"--bbox {value!r}: expected W,S,E,N in degrees, "
                         "e.g. 127,38,145,48") from None
    if not (-90 <= s <= n <= 90 and -180 <= w <= 180 and -180 <= e <= 180):
        raise InputError(f"--bbox {value!r}: need -180<=W,E<=180 and -90<=S<=N<=90")
    return w, s, e, n


def _components() -> dict[str, Any]:
    from wakewatch.detect import detectors
    from wakewatch.detect.hulls import PARAMS as HULLS

    comps: dict[str, Any] = {"hulls": HULLS}
    comps.update({name: d.params for name, d in detectors().items()})
    return comps


def load_settings(settings: tuple[str, ...], config: Path | None
                  ) -> dict[str, dict[str, Any]]:
    table: dict[str, Any] | None = None
    if config is not None:
        try:
            table = tomllib.loads(config.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise InputError(f"{config}: no such config file") from None
        except tomllib.TOMLDecodeError as exc:
            raise InputError(f"{config}: not TOML ({exc})") from None
    return resolve_component_settings(_components(), settings, table)


def evidence_summary(e: Event, width: int = 70) -> str:
    """The few evidence values that explain an event, ``key=value`` on one line."""
    keys = ("duration_h", "intentional", "distance_m", "implied_speed_kn", "reason",
            "changed", "direction", "draught_before_m", "draught_after_m", "imo")
    parts = []
    for k in keys:
        if k in e.evidence:
            v = e.evidence[k]
            parts.append(f"{k}={json.dumps(v, separators=(',', ':'))}")
    return " ".join(parts)[:width]


def render_events(out: Sequence[Event], fmt: str, title: str) -> None:
    """Events to stdout: a table, or one JSON object per line."""
    if fmt == "jsonl":
        for e in out:
            sys.stdout.write(json.dumps(event_to_json(e), separators=(",", ":")) + "\n")
        return
    table = Table(title=title, title_justify="left")
    for col in ("kind", "mmsi", "other", "start", "end", "lat", "lon", "port", "score",
                "evidence"):
        table.add_column(col, no_wrap=col != "evidence",
                         justify="right" if col in ("lat", "lon", "score") else "left")
    for e in out:
        table.add_row(e.kind, str(e.mmsi), "" if e.other_mmsi is None else str(e.other_mmsi),
                      iso_utc(e.start)[:16], iso_utc(e.end)[:16],
                      "" if e.lat is None else f"{e.lat:.3f}",
                      "" if e.lon is None else f"{e.lon:.3f}", e.port or "",
                      "" if e.score is None else f"{e.score:.2f}", evidence_summary(e))
    width = None if sys.stdout.isatty() else _TABLE_WIDTH_CHARS
    Console(width=width).print(table)


def _kinds(value: str | None) -> list[str] | None:
    if value is None:
        return None
    from wakewatch.detect import DETECTABLE_KINDS

    kinds = [k.strip() for k in value.split(",") if k.strip()]
    bad = [k for k in kinds if k not in DETECTABLE_KINDS]
    if bad:
        raise InputError(f"--kinds: no detector for {', '.join(bad)} "
                         f"(one of {', '.join(DETECTABLE_KINDS)})")
    return kinds


_common = [
    click.option("--since", default=None, metavar="TIME", help="Start of the window (ISO 8601)."),
    click.option("--until", default=None, metavar="TIME", help="End of the window (ISO 8601)."),
    click.option("--bbox", default=None, metavar="W,S,E,N", help="Bounding box in degrees."),
    click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
                 show_default=True, help="Output: a table, or one JSON object per event."),
]


def _with_common(f: Any) -> Any:
    for option in reversed(_common):
        f = option(f)
    return f


@click.command("detect")
@click.option("--kinds", default=None, metavar="K,...",
              help="Only these event kinds (default: every detectable kind).")
@_with_common
@click.option("--set", "settings", multiple=True, metavar="DETECTOR.NAME=VALUE",
              help="Override a detector parameter, e.g. --set gaps.min_gap_h=8 "
              "(docs/parameters.md lists them).")
@click.option("--config", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="TOML file with one table per detector, e.g. [gaps] min_gap_h = 8.")
@click.option("--watch-ports", "watch_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, metavar="FILE",
              help="CSV of extra ports of concern for dark_port_call (columns locode, name, "
              "lat, lon, country, category, reason, source; docs/ports-of-concern.md).")
@click.pass_obj
def detect(obj: Any, kinds: str | None, since: str | None, until: str | None,
           bbox: str | None, fmt: str, settings: tuple[str, ...], config: Path | None,
           watch_file: Path | None) -> None:
    """Run the behaviour detectors over the store and keep their events.

    Re-running replaces the stored events of the kinds run inside the window and box, so it
    never duplicates them. Progress goes to stderr, events to stdout.
    """
    from wakewatch.detect import run_detection
    from wakewatch.detect.load import load_inputs
    from wakewatch.identity.vessels import store_is_empty
    from wakewatch.store.events import EventFilter, replace_events

    wanted = _kinds(kinds)
    t_since, t_until = parse_time(since, "--since"), parse_time(until, "--until")
    box = parse_bbox(bbox)
    overrides = load_settings(settings, config)
    watched = None
    if watch_file is not None:
        from wakewatch.geo.concern import watch_ports
        watched = watch_ports(watch_file)
    store = obj.open_store()
    try:
        if store_is_empty(store):
            raise InputError(f"{store.path or 'the database'} holds no AIS reports: "
                             "run `wakewatch ingest FILE...` first")
        t0 = time.perf_counter()
        inputs = load_inputs(store, since=t_since, until=t_until, bbox=box)
        if watched is not None:
            inputs = dataclasses.replace(inputs, watch_ports=watched)
        t1 = time.perf_counter()
        found = run_detection(inputs, kinds=wanted, settings=overrides)
        if box is not None:
            found = [e for e in found if e.lat is None or e.lon is None
                     or _in_box(e.lat, e.lon, box)]
        t2 = time.perf_counter()
        from wakewatch.detect import DETECTABLE_KINDS
        scope = EventFilter(kinds=wanted or list(DETECTABLE_KINDS), since=t_since,
                            until=t_until, bbox=box)
        replaced = replace_events(store, found, scope)
    finally:
        store.close()
    click.echo(f"detect: {inputs.positions.height:,} positions, {inputs.statics.height:,} "
               f"static reports read in {t1 - t0:.1f} s; {len(found):,} events in "
               f"{t2 - t1:.1f} s (replacing {replaced:,} stored)", err=True)
    render_events(found, fmt, f"{len(found):,} events")


def _in_box(lat: float, lon: float, box: tuple[float, float, float, float]) -> bool:
    w, s, e, n = box
    in_lon = w <= lon <= e if w <= e else (lon >= w or lon <= e)
    return s <= lat <= n and in_lon


@click.command("events")
@click.option("--kinds", default=None, metavar="K,...", help="Only these event kinds.")
@click.option("--mmsi", multiple=True, type=int, help="Only events of this vessel (repeatable).")
@click.option("--min-score", type=float, default=None, help="Only events scoring at least this.")
@click.option("--limit", type=int, default=None, help="At most this many events.")
@_with_common
@click.pass_obj
def events(obj: Any, kinds: str | None, mmsi: tuple[int, ...], min_score: float | None,
           limit: int | None, since: str | None, until: str | None, bbox: str | None,
           fmt: str) -> None:
    """List stored events (from `wakewatch detect`), filtered."""
    from wakewatch.store.events import EventFilter, read_events

    filt = EventFilter(kinds=_kinds(kinds), mmsi=list(mmsi) or None,
                       since=parse_time(since, "--since"), until=parse_time(until, "--until"),
                       bbox=parse_bbox(bbox), min_score=min_score)
    store = obj.open_store(read_only=True)
    try:
        found = read_events(store, filt, limit=limit)
    finally:
        store.close()
    render_events(found, fmt, f"{len(found):,} stored events")
