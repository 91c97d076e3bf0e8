"""``wakewatch alerts`` (compute, store and print risk-ranked alerts) and ``wakewatch vessel``
(one vessel's profile).

``alerts`` reads the store's events, statics, identities and declaration findings, scores
every vessel (:mod:`wakewatch.infer`), replaces the stored alerts and prints those at or
above ``--threshold`` (default: the ``alerts.alert_threshold`` parameter), best first: a
table, or one alert JSON object per line (the shape of :mod:`wakewatch.store.alerts`).
``vessel IMO|MMSI`` prints identities, voyages, deliveries, events, sanctions hits,
declaration findings and risk, as text or as one JSON object.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from wakewatch.errors import InputError

__all__ = ["alerts", "vessel"]

_TABLE_WIDTH_CHARS = 160


def _console() -> Console:
    return Console(width=None if sys.stdout.isatty() else _TABLE_WIDTH_CHARS)


@click.command("alerts")
@click.option("--threshold", type=float, default=None, metavar="X",
              help="Alert when risk >= X (default: the alerts.alert_threshold parameter).")
@click.option("--top", type=int, default=None, metavar="N", help="Print only the first N.")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl"]), default="table",
              show_default=True, help="Output: a table, or one JSON object per alert.")
@click.pass_obj
def alerts(obj: Any, threshold: float | None, top: int | None, fmt: str) -> None:
    """Risk-ranked alerts: compute them from the store, store them, print them."""
    from wakewatch.infer.alerts import build_alerts, store_alerts

    if threshold is not None and not 0.0 <= threshold <= 1.0:
        raise InputError(f"--threshold {threshold}: must be in [0, 1]")
    if top is not None and top < 0:
        raise InputError(f"--top {top}: must be >= 0")
    with obj.open_store() as store:
        found = build_alerts(store, threshold)
        store_alerts(store, found)
    shown = [a.to_json() for a in (found if top is None else found[:top])]
    click.echo(f"alerts: {len(found)} vessel(s) at or above the threshold", err=True)
    if fmt == "jsonl":
        for a in shown:
            sys.stdout.write(json.dumps(a, separators=(",", ":"), ensure_ascii=False) + "\n")
        return
    table = Table(title=f"{len(found)} alerts", title_justify="left")
    for col in ("rank", "risk", "mmsi", "imo", "name", "flag", "practices", "narrative"):
        table.add_column(col, no_wrap=col not in ("narrative", "practices"),
                         justify="right" if col in ("rank", "risk") else "left")
    for a in shown:
        table.add_row(str(a["rank"]), f"{a['risk_score']:.3f}", str(a["mmsi"]),
                      "" if a["imo"] is None else str(a["imo"]), a["name"] or "",
                      a["flag"] or "", ", ".join(a["practices"]), a["narrative"])
    _console().print(table)


def _text(p: dict[str, Any]) -> None:
    out = click.echo
    out(f"vessel {p['key']}: MMSI {', '.join(map(str, p['mmsis']))}"
        + (f"; IMO {', '.join(map(str, p['imos']))}" if p["imos"] else ""))
    out("identities:")
    for r in p["identities"]:
        out(f"  {r['mmsi']}  IMO {r['imo']}  {r['name']}  {r['callsign']}  {r['flag']}  "
            f"{r['first_seen']} .. {r['last_seen']}")
    risk = p["risk"]
    if risk:
        out(f"risk {risk['score']} (" + ", ".join(f"{k} {v}" for k, v in
                                                 risk["practices"].items()) + ")")
        for i in risk["indicators"]:
            out(f"  [{i['practice']}] {i['indicator']} {i['score']}x{i['weight']}: "
                f"{i['detail']}")
    if p["alert"]:
        out(f"alert rank {p['alert']['rank']}: {p['alert']['narrative']}")
    out(f"voyages ({len(p['voyages'])}):")
    for v in p["voyages"]:
        dark = [c["port"] for c in v["calls"] if c["dark"]]
        out(f"  {v['from_port']} {v['depart']} -> {v['to_port']} {v['arrive']}  draught "
            f"{v['draught_depart_m']} -> {v['draught_arrive_m']} m"
            + (f"  dark call at {', '.join(map(str, dark))}" if dark else ""))
    out(f"deliveries ({len(p['deliveries'])}):")
    for d in p["deliveries"]:
        out(f"  loaded {d['load_port']} {d['load_time']} (+{d['draught_up_m']} m) -> "
            f"discharged {d['discharge_port']} {d['discharge_time']} "
            f"(-{d['draught_down_m']} m)")
    out("events: " + ", ".join(f"{k} {len(v)}" for k, v in p["events"].items()))
    for h in p["sanctions_hits"]:
        ev = h["evidence"]
        out(f"  sanctions: {ev.get('dataset')} {ev.get('caption')} ({h['score']})")
    for f in p["declaration_findings"]:
        out(f"  declaration: {f.get('kind')}: {f.get('detail')}")


@click.command("vessel")
@click.argument("key", metavar="IMO|MMSI")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Output: text, or one JSON object.")
@click.pass_obj
def vessel(obj: Any, key: str, fmt: str) -> None:
    """One vessel's profile: identities, voyages, deliveries, events, hits, risk."""
    from wakewatch.infer.profile import vessel_profile

    with obj.open_store(read_only=True) as store:
        profile = vessel_profile(store, key)
    if fmt == "json":
        sys.stdout.write(json.dumps(profile, ensure_ascii=False) + "\n")
        return
    _text(profile)
