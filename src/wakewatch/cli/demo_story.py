"""The second half of ``wakewatch demo``: screen, reconcile, rank, report.

After detection the demo loads the bundled real sanctions lists (OFAC SDN 2024-05-03 and the
UN consolidated list 2026-02-27, ``wakewatch/data/lists``), screens every vessel identity in
the store against them (``sanctions_hit`` events), loads the scenario's shipment records and
reconciles them with the detected voyages, ranks vessels by risk into alerts, and writes the
offline evidence reports. Each step is the library call behind the matching command
(``lists load``, ``screen --fleet``, ``declarations load``/``check``, ``alerts``, ``report``).
"""

from __future__ import annotations

from collections import Counter
from importlib.resources import as_file, files
from pathlib import Path
from typing import Any

from rich.table import Table

from wakewatch.events import Event
from wakewatch.store import Store

__all__ = ["LIST_FILES", "alerts_table", "findings_table", "hits_table", "load_bundled_lists",
           "write_reports"]

LIST_FILES = ("ofac_sdn_2024-05-03.csv.gz", "un_consolidated_2026-02-27.xml.gz")


def load_bundled_lists(store: Store) -> Table:
    """Load the bundled lists (a reload of the same version replaces it); their counts."""
    from wakewatch.sanctions.load import load_lists

    root = files("wakewatch.data") / "lists"
    loaded = []
    for name in LIST_FILES:
        with as_file(root / name) as path:
            loaded.extend(load_lists(store, [Path(path)]))
    table = Table(title="sanctions lists loaded (bundled real snapshots)", title_justify="left")
    for col in ("dataset", "published", "entities", "vessels", "IMO numbers", "file"):
        table.add_column(col, no_wrap=True,
                         justify="right" if col in ("entities", "vessels", "IMO numbers")
                         else "left")
    for item in loaded:
        counts: dict[str, Any] = item.counts
        table.add_row(item.info.dataset, str(item.info.published or ""),
                      f"{counts['entities']:,}", f"{counts['schema'].get('Vessel', 0):,}",
                      f"{counts['imo']:,}", Path(item.info.path).name)
    return table


def _how(ev: Event) -> str:
    matched = ev.evidence.get("matched") or []
    best = max(matched, key=lambda m: m.get("score") or 0.0, default=None)
    if not best:
        return ""
    return f"{best.get('feature')}: {best.get('query_value')} ~ {best.get('list_value')}"


def hits_table(hits: list[Event], mmsis: set[int], limit: int) -> Table:
    """The fleet's sanctions hits, the scenario's vessels first, best score first."""
    ranked = sorted(hits, key=lambda e: (e.mmsi not in mmsis, -(e.score or 0.0), e.mmsi))
    ours = sum(e.mmsi in mmsis for e in hits)
    table = Table(title=f"sanctions hits (screen --fleet): {len(hits)}, {ours} on the "
                  "scenario's vessels", title_justify="left")
    for col in ("mmsi", "list entry", "list", "programs", "score", "how"):
        table.add_column(col, no_wrap=col not in ("how", "list entry"),
                         justify="right" if col == "score" else "left")
    for e in ranked[:limit]:
        ev = e.evidence
        table.add_row(str(e.mmsi), str(ev.get("caption", "")), str(ev.get("dataset", "")),
                      ", ".join(ev.get("programs") or []), f"{e.score or 0.0:.2f}", _how(e))
    return table


def findings_table(store: Store, declarations: Path, limit: int) -> Table:
    """Load the scenario's shipment records and reconcile them with the stored events."""
    from wakewatch.declarations.load import load_declarations
    from wakewatch.declarations.reconcile import reconcile_store

    rep = load_declarations(store, declarations)
    findings = reconcile_store(store)
    kinds = Counter(f.kind for f in findings)
    why = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    table = Table(title=f"shipment records: {rep.accepted} accepted, {rep.duplicate} duplicate, "
                  f"{rep.rejected} rejected; {len(findings)} findings ({why})",
                  title_justify="left")
    for col in ("mmsi", "imo", "finding", "detail"):
        table.add_column(col, no_wrap=col != "detail")
    ranked = sorted(findings, key=lambda f: (-f.score, f.mmsi or 0, f.start))
    best: dict[str, Any] = {}
    for f in ranked:  # one of every kind first, then the rest by score
        best.setdefault(f.kind, f)
    shown = [*best.values(), *(f for f in ranked if best[f.kind] is not f)]
    for f in shown[:limit]:
        table.add_row(str(f.mmsi or ""), str(f.imo or ""), f.kind, f.detail)
    return table


def alerts_table(store: Store, limit: int) -> Table:
    """Build, store and show the risk-ranked alerts."""
    from wakewatch.infer.alerts import build_alerts, store_alerts

    alerts = build_alerts(store)
    store_alerts(store, alerts)
    table = Table(title=f"risk-ranked alerts (wakewatch alerts): {len(alerts)}",
                  title_justify="left")
    for col in ("rank", "risk", "mmsi", "imo", "name", "narrative"):
        table.add_column(col, no_wrap=col != "narrative",
                         justify="right" if col in ("rank", "risk") else "left")
    for a in (x.to_json() for x in alerts[:limit]):
        table.add_row(str(a["rank"]), f"{a['risk_score']:.2f}", str(a["mmsi"]),
                      "" if a["imo"] is None else str(a["imo"]), a["name"] or "",
                      a["narrative"])
    return table


def write_reports(store: Store, out_dir: Path) -> list[Path]:
    """One offline HTML report per alert, and the index."""
    from wakewatch.report.build import build_reports, choose_targets

    return build_reports(store, out_dir, choose_targets(store))
