"""``wakewatch screen``: names, IMO numbers, MMSIs or the whole fleet against the lists.

    wakewatch screen NAME [--schema S] [--country C]   one query (a name)
    wakewatch screen --imo N | --mmsi N [NAME]         a vessel by identifier (and name)
    wakewatch screen --queries FILE                    JSON lines: a name (JSON string) or
                                                       {"schema": ..., "properties": {...}}
    wakewatch screen --fleet                           every vessel identity in the store ->
                                                       sanctions_hit events (stored, replacing
                                                       the previous ones, and printed)

Output: a table, or ``--format jsonl``: one line per query, ``{"key", "query", "results"}``
with results in yente's ``/match`` shape (:func:`wakewatch.sanctions.match.result_to_json`);
for ``--fleet`` one event per line (the events contract). Exit codes: 0 ok (with or without
hits), 1 user error (no lists loaded, unreadable queries file), 2 usage.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.table import Table

from wakewatch.errors import InputError, InputNotFoundError
from wakewatch.events import Event, event_to_json, iso_utc

if TYPE_CHECKING:
    from wakewatch.sanctions.match.entity import MatchResult, Query

__all__ = ["read_queries", "screen"]

_TABLE_WIDTH_CHARS = 200
# Literal here so that `wakewatch --help` does not load the matcher (rigour's name data);
# tests check they equal wakewatch.sanctions.match.entity.QUERY_SCHEMAS / engine.DEFAULT_LIMIT.
SCHEMA_CHOICES = ("Thing", "Vessel", "Person", "Company", "Organization", "LegalEntity")
LIMIT_DEFAULT = 5


def read_queries(path: Path) -> dict[str, Query]:
    """Queries of a JSON-lines file keyed by line number (or the object's ``"id"``)."""
    from wakewatch.sanctions.match.entity import Query, QueryError

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputNotFoundError(f"{path}: no such file", path=path) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read queries: {exc}", path=path) from None
    out: dict[str, Query] = {}
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            key = str(obj.get("id", line_no)) if isinstance(obj, dict) else str(line_no)
            out[key] = Query.from_json(obj)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{line_no}: not JSON ({exc.msg})", path=path) from None
        except QueryError as exc:
            raise InputError(f"{path}:{line_no}: {exc}", path=path) from None
    return out


def _why(r: MatchResult) -> str:
    parts = []
    for x in r.explanations[:3]:
        if x.feature in ("name_match", "weak_alias_match"):
            parts.append(f"{x.feature} {x.score:.2f} ({x.list_value})")
        else:
            parts.append(f"{x.feature} {x.score:+.2f}" if x.score else x.feature)
    return "; ".join(parts)


def _render(results: dict[str, list[MatchResult]], queries: dict[str, Query], fmt: str) -> None:
    from wakewatch.sanctions.match.engine import result_to_json

    if fmt == "jsonl":
        for key, found in results.items():
            line = {"key": key, "query": queries[key].to_json(),
                    "results": [result_to_json(r) for r in found]}
            sys.stdout.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
        return
    table = Table(title=f"screening ({len(queries)} quer{'y' if len(queries) == 1 else 'ies'})",
                  title_justify="left")
    for col in ("query", "score", "match", "schema", "caption", "dataset", "id", "why"):
        table.add_column(col, justify="right" if col == "score" else "left")
    for key, found in results.items():
        label = (queries[key].get("name") or queries[key].get("imoNumber")
                 or queries[key].get("mmsi") or (key,))[0]
        if not found:
            table.add_row(label, "", "", "", "(no candidate)", "", "", "")
        for r in found:
            table.add_row(label, f"{r.score:.2f}", "yes" if r.match else "no", r.entity.schema,
                          r.entity.caption, r.entity.dataset, r.entity.id, _why(r))
    width = None if sys.stdout.isatty() else _TABLE_WIDTH_CHARS
    Console(width=width).print(table)


def _open(obj: Any) -> Any:
    from wakewatch.sanctions.match.engine import NoListsError

    if not Path(obj.db).exists():
        raise NoListsError(f"no wakewatch database at {obj.db}: run "
                           "`wakewatch lists load FILE...` first (or pass --db)")
    return obj.open_store()


@click.command()
@click.argument("name", required=False)
@click.option("--schema", type=click.Choice(SCHEMA_CHOICES), default=None,
              help="FtM schema of the query (default Thing: any; Vessel with --imo/--mmsi).")
@click.option("--country", multiple=True,
              help="Country (name or ISO code; the flag for a Vessel); repeatable.")
@click.option("--imo", default=None, help="IMO number (check digit validated).")
@click.option("--mmsi", default=None, help="MMSI.")
@click.option("--queries", "queries_file", type=click.Path(path_type=Path, dir_okay=False),
              default=None, help="JSON-lines file of queries (names or FtM objects).")
@click.option("--fleet", is_flag=True, help="Screen every vessel identity in the store and "
              "store sanctions_hit events.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=None,
              help="A result matches when its score is at least this (default: the "
              "matcher's DEFAULT_THRESHOLD, docs/screening.md).")
@click.option("--limit", type=click.IntRange(1, 500), default=LIMIT_DEFAULT, show_default=True,
              help="Results per query.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="Output: a table, or JSON lines.")
@click.pass_obj
def screen(obj: Any, name: str | None, schema: str | None, country: tuple[str, ...],
           imo: str | None, mmsi: str | None, queries_file: Path | None, fleet: bool,
           threshold: float | None, limit: int, fmt: str) -> None:
    """Screen names, IMO numbers or the whole fleet against the loaded sanctions lists."""
    from wakewatch.sanctions.match.engine import Matcher, match_queries
    from wakewatch.sanctions.match.entity import DEFAULT_THRESHOLD, Query

    threshold = DEFAULT_THRESHOLD if threshold is None else threshold
    single = name is not None or imo is not None or mmsi is not None
    if sum((single, queries_file is not None, fleet)) != 1:
        raise click.UsageError("give one of: NAME (and/or --imo/--mmsi), --queries FILE, "
                               "--fleet")
    if fleet:
        _fleet(obj, threshold, fmt)
        return
    if queries_file is not None:
        queries = read_queries(queries_file)
    else:
        chosen = schema or ("Vessel" if (imo or mmsi) else "Thing")
        where = {"flag" if chosen == "Vessel" else "country": list(country)}
        queries = {"1": Query.build(chosen, name=name, imoNumber=imo, mmsi=mmsi, **where)}
    store = _open(obj)
    try:
        t0 = time.perf_counter()
        matcher = Matcher.from_store(store)
    finally:
        store.close()
    t1 = time.perf_counter()
    results = match_queries(matcher, queries, threshold=threshold, limit=limit)
    t2 = time.perf_counter()
    hits = sum(1 for found in results.values() if any(r.match for r in found))
    how = "index loaded from cache" if matcher.cached else "indexed"
    click.echo(f"screen: {len(matcher):,} listed entities {how} in {t1 - t0:.1f} s; "
               f"{len(queries):,} queries in {t2 - t1:.2f} s, {hits:,} with a match "
               f"(threshold {threshold:g}, {matcher.algorithm})", err=True)
    _render(results, queries, fmt)


def _render_hits(found: list[Event], fmt: str) -> None:
    if fmt == "jsonl":
        for e in found:
            sys.stdout.write(json.dumps(event_to_json(e), ensure_ascii=False,
                                        separators=(",", ":")) + "\n")
        return
    table = Table(title=f"{len(found):,} sanctions hits", title_justify="left")
    for col in ("mmsi", "score", "listed as", "schema", "id", "matched on", "first report",
                "last report", "reports"):
        table.add_column(col, justify="right" if col in ("score", "reports") else "left")
    for e in found:
        ev = e.evidence
        used = ", ".join(f"{k} {v}" for k, v in ev.get("identity", {}).items())
        table.add_row(str(e.mmsi), f"{e.score or 0:.2f}", str(ev.get("caption", "")),
                      str(ev.get("schema", "")), str(ev.get("entity_id", "")), used,
                      iso_utc(e.start)[:16], iso_utc(e.end)[:16], str(ev.get("n_reports", "")))
    width = None if sys.stdout.isatty() else _TABLE_WIDTH_CHARS
    Console(width=width).print(table)


def _fleet(obj: Any, threshold: float, fmt: str) -> None:
    from wakewatch.identity.vessels import store_is_empty
    from wakewatch.sanctions.match.engine import Matcher
    from wakewatch.sanctions.match.fleet import screen_fleet, store_fleet_hits

    store = _open(obj)
    try:
        matcher = Matcher.from_store(store)
        if store_is_empty(store):
            raise InputError(f"{store.path or 'the database'} holds no AIS reports: "
                             "run `wakewatch ingest FILE...` first")
        t0 = time.perf_counter()
        found = screen_fleet(store, matcher, threshold=threshold)
        replaced = store_fleet_hits(store, found)
    finally:
        store.close()
    click.echo(f"screen --fleet: {len(found):,} sanctions_hit events in "
               f"{time.perf_counter() - t0:.1f} s (replacing {replaced:,} stored; "
               f"threshold {threshold:g}, {matcher.algorithm})", err=True)
    _render_hits(found, fmt)
