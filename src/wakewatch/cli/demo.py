"""``wakewatch demo``: the whole job on the bundled data.

Simulate the ``dprk-russia`` scenario (seed 0, with its ground truth and shipment records)
next to the database, ingest it with the bundled real AIS samples (Danish, Australian and
satellite NMEA logs and a NOAA MarineCadastre CSV), run every detector, and print what was
found: lines by outcome, vessels by flag, vessels whose identities look forged, the events
detected in the scenario and how they score against its truth. Then
(:mod:`wakewatch.cli.demo_story`) screen the fleet against the bundled real OFAC and UN
lists, reconcile the shipment records, rank the alerts, and write the evidence reports.
"""

from __future__ import annotations

from importlib.resources import as_file, files
from pathlib import Path

import click
import polars as pl
from rich.table import Table

from wakewatch.cli.ingest import render_reports, wide_console
from wakewatch.events import Event, read_events_jsonl
from wakewatch.ingest.report import IngestReport
from wakewatch.store import Store
from wakewatch.store.load import ingest_path

SAMPLES = (
    "dma_aislib_stream_2010-06-11.nmea.gz",
    "amsa_risky_australia_2012-01-27.nmea.gz",
    "libais_tagblock.nmea",
    "marinecadastre_AIS_2023_01_11_aisdb_sample1000.csv",
)


def ingest_samples(store: Store) -> list[IngestReport]:
    reports = []
    root = files("wakewatch.data") / "samples"
    for name in SAMPLES:
        with as_file(root / name) as path:
            reports.append(ingest_path(store, Path(path)))
    return reports


def _flags_table(store: Store, limit: int) -> Table:
    from wakewatch.identity.vessels import vessel_summary

    summary = vessel_summary(store)
    by_flag = (summary.group_by(pl.col("flag_iso2").fill_null("??"),
                                pl.col("flag").fill_null("(no allocated MID)"))
               .len().sort(["len", "flag"], descending=[True, False]))
    table = Table(title=f"vessels by flag (from the MMSI's MID), top {limit} of "
                  f"{by_flag.height}", title_justify="left")
    table.add_column("iso")
    table.add_column("flag", max_width=48, overflow="ellipsis", no_wrap=True)
    table.add_column("vessels", justify="right", no_wrap=True)
    for iso, flag, n in by_flag.head(limit).iter_rows():
        table.add_row(str(iso), str(flag), f"{n:,}")
    table.add_row("", "all", f"{summary.height:,}")
    return table


def _forged_table(store: Store, limit: int) -> Table:
    from wakewatch.identity.vessels import forged_vessels

    forged = forged_vessels(store).with_columns(
        n_reasons=pl.col("forged_reasons").list.len(),
        is_ship=pl.col("mmsi_kind") == "ship")
    reasons = (forged.select(pl.col("forged_reasons").explode()).group_by("forged_reasons")
               .len().sort("len", descending=True))
    why = ", ".join(f"{r} {n:,}" for r, n in reasons.iter_rows())
    shown = forged.sort(["is_ship", "n_reasons", "n_positions"],
                        descending=[True, True, True]).head(limit)
    table = Table(title=f"vessels whose identities look forged: {forged.height:,} ({why}); "
                  f"ship stations first", title_justify="left")
    for col in ("mmsi", "kind", "name", "imo", "flag", "reasons"):
        table.add_column(col, no_wrap=col in ("mmsi", "imo"))
    for row in shown.iter_rows(named=True):
        table.add_row(str(row["mmsi"]), str(row["mmsi_kind"]), str(row["name"] or ""),
                      str(row["imo"] or ""), str(row["flag_iso2"] or ""),
                      "; ".join(row["forged_reasons"] or []))
    return table


SCENARIO = "dprk-russia"
SCENARIO_SEED = 0


def scenario_dir(db: Path) -> Path:
    """Where the demo's scenario lives: beside the database (``demo.duckdb.dprk-russia``)."""
    return db.with_name(f"{db.name}.{SCENARIO}")


def ensure_scenario(db: Path) -> Path:
    """The demo scenario's files, simulated unless already there (deterministic: seed 0)."""
    from wakewatch.sim.declarations import write_declarations
    from wakewatch.sim.scenario import simulate
    from wakewatch.sim.scenarios import build

    out = scenario_dir(db)
    if not all((out / f).exists() for f in ("positions.nmea", "truth.jsonl",
                                             "declarations.csv")):
        out.mkdir(parents=True, exist_ok=True)
        simulate(SCENARIO, seed=SCENARIO_SEED, out_dir=out)
        write_declarations(build(SCENARIO, SCENARIO_SEED, None, None), SCENARIO_SEED, out)
    return out


def _scenario_mmsis(truth: list[Event]) -> set[int]:
    return {m for e in truth for m in (e.mmsi, e.other_mmsi) if m is not None}


def _events_table(events: list[Event], limit: int) -> Table:
    from wakewatch.cli.detect import evidence_summary
    from wakewatch.events import iso_utc

    by_kind: dict[str, int] = {}
    for e in events:
        by_kind[e.kind] = by_kind.get(e.kind, 0) + 1
    counts = ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items()))
    ranked = sorted(events, key=lambda e: (-(e.score or 0.0), e.start, e.mmsi, e.kind))
    best: dict[str, Event] = {}
    for e in ranked:  # the best event of every kind first, then the rest by score
        best.setdefault(e.kind, e)
    shown = [*best.values(), *(e for e in ranked if best[e.kind] is not e)][:limit]
    table = Table(title=f"events in the {SCENARIO} scenario: {len(events)} ({counts}); "
                  f"the best of each kind first", title_justify="left")
    for col in ("kind", "mmsi", "other", "start", "hours", "port", "score", "evidence"):
        table.add_column(col, no_wrap=col != "evidence",
                         justify="right" if col in ("hours", "score") else "left")
    for e in shown:
        hours = (e.end - e.start).total_seconds() / 3600.0
        table.add_row(e.kind, str(e.mmsi), "" if e.other_mmsi is None else str(e.other_mmsi),
                      iso_utc(e.start)[:16], f"{hours:.1f}", e.port or "",
                      f"{e.score or 0.0:.2f}", evidence_summary(e, 44))
    return table


def _score_table(truth: list[Event], events: list[Event]) -> Table:
    from wakewatch.detect import DETECTABLE_KINDS
    from wakewatch.evaluate import score_events

    truth = [e for e in truth if e.kind in DETECTABLE_KINDS]
    table = Table(title="scored against the scenario's ground truth (wakewatch evaluate)",
                  title_justify="left")
    for col in ("kind", "truth", "detected", "matched", "precision", "recall"):
        table.add_column(col, no_wrap=True, justify="left" if col == "kind" else "right")
    for r in score_events(truth, events):
        table.add_row(r.kind, str(r.truth), str(r.detected), str(r.matched),
                      "–" if r.precision is None else f"{r.precision:.2f}",
                      "–" if r.recall is None else f"{r.recall:.2f}")
    return table


def detect_scenario(store: Store, truth: list[Event]) -> list[Event]:
    """Run and store every detector over the store; the events of the scenario's vessels."""
    from wakewatch.detect import DETECTABLE_KINDS, run_detection
    from wakewatch.detect.load import load_inputs
    from wakewatch.store.events import EventFilter, replace_events

    found = run_detection(load_inputs(store))
    replace_events(store, found, EventFilter(kinds=list(DETECTABLE_KINDS)))
    ours = _scenario_mmsis(truth)
    return [e for e in found if e.mmsi in ours]


@click.command()
@click.option("--limit", default=15, show_default=True, help="Rows per table.")
@click.pass_obj
def demo(obj: object, limit: int) -> None:
    """Run wakewatch on the bundled real data and show what it finds."""
    from wakewatch.cli.main import Context

    assert isinstance(obj, Context)
    err = wide_console(stderr=True)
    out = wide_console(stderr=False)
    err.print(f"[bold]wakewatch demo[/] — database {obj.db}")
    scenario = ensure_scenario(obj.db)
    err.print(f"scenario {SCENARIO} (seed {SCENARIO_SEED}) in {scenario}")
    truth = read_events_jsonl(scenario / "truth.jsonl")
    with obj.open_store() as store:
        reports = ingest_samples(store)
        reports.append(ingest_path(store, scenario / "positions.nmea"))
        render_reports(reports, out)
        out.print(_flags_table(store, limit))
        out.print(_forged_table(store, limit))
        events = detect_scenario(store, truth)
        out.print(_events_table(events, limit))
        out.print(_score_table(truth, events))
        _story(store, obj.db, scenario, _scenario_mmsis(truth), limit)


def _story(store: Store, db: Path, scenario: Path, mmsis: set[int], limit: int) -> None:
    from wakewatch.cli import demo_story as story
    from wakewatch.sanctions.match.fleet import screen_fleet, store_fleet_hits

    out = wide_console(stderr=False)
    out.print(story.load_bundled_lists(store))
    hits = screen_fleet(store)
    store_fleet_hits(store, hits)
    out.print(story.hits_table(hits, mmsis, limit))
    out.print(story.findings_table(store, scenario / "declarations.csv", limit))
    out.print(story.alerts_table(store, limit))
    reports = story.write_reports(store, db.with_name(f"{db.name}.reports"))
    index = next((p for p in reports if p.name == "index.html"), None)
    err = wide_console(stderr=True)  # paths differ per machine: stderr, like all "where"
    err.print(f"evidence reports: {len(reports) - 1} — open {index}")
    where = f" --reports {index.parent}" if index else ""
    err.print(f"explore on the web map: wakewatch --db {db} serve{where}"
              "  (then open http://127.0.0.1:8765/)")
