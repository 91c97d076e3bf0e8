"""Write the reports: one self-contained HTML file per target and an ``index.html``.

A *target* is an alert (ranked by risk, from the ``alerts`` table) or, when no alerts were
built, a vessel ranked by the sum of its event scores (port calls left out: they are routine).
Each file inlines Leaflet (``assets/leaflet.js``, BSD-2-Clause, vendored by ``web/build.sh``),
the CSS, the map data as JSON and the timeline as SVG: it opens from disk with no network.
``--pdf`` prints each file with Debian's headless chromium (``--print-to-pdf``).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from wakewatch.errors import InputError
from wakewatch.events import iso_utc
from wakewatch.report.data import load_vessel, read_alerts_safe
from wakewatch.report.evidence import hit_rows, indicator_rows
from wakewatch.report.maps import map_payload
from wakewatch.report.timeline import KIND_COLOURS, timeline_svg
from wakewatch.store.db import Store, fetch_one

__all__ = ["CHROMIUM", "ReportTarget", "build_reports", "choose_targets", "print_pdf"]

CHROMIUM = "/usr/bin/chromium"


@dataclass(frozen=True)
class ReportTarget:
    """One report to write: the vessel, its rank and its alert (None without alerts)."""

    mmsi: int
    rank: int
    alert: dict[str, Any] | None = None

    @property
    def filename(self) -> str:
        return f"{self.rank:03d}-{self.mmsi}.html"


def _resolve_vessel(store: Store, key: str) -> int:
    if not key.isdigit():
        raise InputError(f"--vessel {key!r}: give an IMO (7 digits) or an MMSI (9 digits)")
    number = int(key)
    if len(key) == 7:
        row = fetch_one(store.con, "SELECT mmsi FROM statics WHERE imo = ? GROUP BY mmsi "
                        "ORDER BY count(*) DESC LIMIT 1", [number])
        if row is None:
            raise InputError(f"no vessel with IMO {key} in the store")
        return int(row[0])
    row = fetch_one(store.con, "SELECT count(*) FROM positions WHERE mmsi = ?", [number])
    if row is None or not row[0]:
        raise InputError(f"no position reports of MMSI {key} in the store")
    return number


def choose_targets(store: Store, *, vessel: str | None = None, top: int | None = None
                   ) -> list[ReportTarget]:
    """The reports to write, by rank."""
    alerts = read_alerts_safe(store)
    if vessel is not None:
        mmsi = _resolve_vessel(store, vessel)
        alert = next((a for a in alerts if a.get("mmsi") == mmsi), None)
        return [ReportTarget(mmsi, int(alert["rank"]) if alert else 1, alert)]
    if alerts:
        chosen = alerts[:top] if top is not None else alerts
        return [ReportTarget(int(a["mmsi"]), int(a["rank"]), a) for a in chosen]
    rows = store.con.sql(
        "SELECT mmsi, sum(coalesce(score, 0)) AS s FROM events WHERE kind <> 'port_call' "
        "GROUP BY mmsi ORDER BY s DESC, mmsi LIMIT ?", params=[top or 10]).fetchall() \
        if _has_events(store) else []
    return [ReportTarget(int(r[0]), i + 1, None) for i, r in enumerate(rows)]


def _has_events(store: Store) -> bool:
    row = fetch_one(store.con, "SELECT count(*) FROM information_schema.tables WHERE "
                    "table_schema = 'main' AND table_name = 'events'")
    return bool(row and row[0])


def _asset(name: str) -> str:
    return resources.files("wakewatch.report").joinpath("assets", name).read_text("utf-8")


def _env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("wakewatch.report", "templates"),
        autoescape=jinja2.select_autoescape(["html", "j2"]), trim_blocks=True,
        lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.filters["script_json"] = lambda obj: markupsafe.Markup(
        json.dumps(obj, separators=(",", ":")).replace("</", "<\\/"))
    return env


def _narrative(alert: dict[str, Any] | None, counts: dict[str, int]) -> str:
    if alert and alert.get("narrative"):
        return str(alert["narrative"])
    if not counts:
        return "No events were detected for this vessel."
    listed = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in counts.items())
    return f"No alert was built for this vessel; its detected events are: {listed}."


def render_report(store: Store, target: ReportTarget, *, env: jinja2.Environment | None = None
                  ) -> tuple[str, dict[str, Any]]:
    """The HTML of one report and its index entry."""
    env = env or _env()
    vd = load_vessel(store, target.mmsi, target.alert)
    counts: dict[str, int] = {}
    for e in vd.events:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    alert = vd.alert or {}
    entry = {"file": target.filename, "rank": target.rank, "mmsi": vd.mmsi,
             "imo": vd.identity.get("imo"), "name": vd.identity.get("name"),
             "flag": vd.identity.get("flag"), "risk_score": alert.get("risk_score"),
             "counts": counts, "start": alert.get("start"), "end": alert.get("end")}
    html = env.get_template("report.html.j2").render(
        entry=entry, identity=vd.identity, alert=alert, counts=counts,
        narrative=_narrative(vd.alert, counts), practices=alert.get("practices") or {},
        indicators=indicator_rows(vd.alert, vd.events), hits=hit_rows(vd.events),
        deliveries=alert.get("deliveries") or [], timeline=timeline_svg(vd),
        mapdata=map_payload(vd), colours=KIND_COLOURS, generated=iso_utc(datetime.now(UTC)),
        leaflet_js=_asset("leaflet.js"), leaflet_css=_asset("leaflet.css"),
        report_css=_asset("report.css"), report_js=_asset("report.js"))
    return html, entry


def build_reports(store: Store, out_dir: Path, targets: list[ReportTarget]) -> list[Path]:
    """Write one HTML file per target and ``index.html`` into ``out_dir``; the paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    env = _env()
    written: list[Path] = []
    entries = []
    for target in targets:
        html, entry = render_report(store, target, env=env)
        path = out_dir / target.filename
        path.write_text(html, encoding="utf-8")
        written.append(path)
        entries.append(entry)
    index = out_dir / "index.html"
    index.write_text(env.get_template("index.html.j2").render(
        entries=entries, generated=iso_utc(datetime.now(UTC)),
        report_css=_asset("report.css")), encoding="utf-8")
    return [index, *written]


def print_pdf(html: Path, *, chromium: str = CHROMIUM, timeout_s: float = 120.0) -> Path:
    """Print ``html`` to a PDF beside it with headless chromium; the PDF's path."""
    exe = shutil.which(chromium) or (chromium if Path(chromium).exists() else None)
    if exe is None:
        raise InputError(f"--pdf needs chromium at {chromium} (apt-get install chromium)")
    pdf = html.with_suffix(".pdf")
    subprocess.run([exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--virtual-time-budget=5000", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", html.resolve().as_uri()],
                   check=True, capture_output=True, timeout=timeout_s)
    return pdf
