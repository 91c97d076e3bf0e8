"""Report building on a real simulated store: targets, files, offline content, evidence."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from report_support import WAKEWATCH, run_wakewatch

from wakewatch.report.build import choose_targets, render_report
from wakewatch.report.evidence import sources
from wakewatch.report.maps import DARK_GAP_H, basemap_geojson, track_payload
from wakewatch.store.alerts import read_alerts
from wakewatch.store.db import Store


def _mapdata(html: str) -> dict[str, object]:
    m = re.search(r'<script id="mapdata" type="application/json">(.*?)</script>', html, re.S)
    assert m is not None
    data: dict[str, object] = json.loads(m.group(1))
    return data


def test_cli_writes_index_and_one_self_contained_file_per_alert(report_db: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "reports"
    proc = run_wakewatch("--db", str(report_db), "report", "--top", "2", "--out", str(out))
    written = [Path(p) for p in proc.stdout.split()]
    assert written[0] == out / "index.html" and len(written) == 3
    with Store.open(report_db, read_only=True) as store:
        alerts = read_alerts(store)
    index = (out / "index.html").read_text()
    for alert, path in zip(alerts[:2], written[1:], strict=True):
        assert str(alert["mmsi"]) in path.name and f'href="{path.name}"' in index
        html = path.read_text()
        # offline: no external script, stylesheet or image is referenced
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="?https?:', html)
        assert "L.map(" in html and alert["narrative"] in html


def test_top_alert_report_shows_dark_stretch_reachability_and_sources(report_db: Path) -> None:
    with Store.open(report_db, read_only=True) as store:
        target = choose_targets(store, top=1)[0]
        assert target.alert is not None and target.rank == 1
        html, entry = render_report(store, target)
    data = _mapdata(html)
    track = data["track"]
    assert isinstance(track, dict) and track["dark"], "the top alert went dark"
    assert all(d["duration_h"] > DARK_GAP_H for d in track["dark"])
    reach = data["reach"]
    assert isinstance(reach, list) and reach, "a dark port call with its reachable area"
    assert any(r["port"].get("locode") == "KPRJN" for r in reach)
    # the evidence table points at input lines of the simulated NMEA file
    assert re.search(r"positions\.nmea:\d+", html)
    assert entry["risk_score"] == target.alert["risk_score"]


def test_sanctions_hit_shows_the_list_entry_and_its_explanations(report_db: Path) -> None:
    with Store.open(report_db, read_only=True) as store:
        row = store.con.sql("SELECT mmsi, evidence FROM events WHERE kind = 'sanctions_hit' "
                            "ORDER BY score DESC, mmsi LIMIT 1").fetchall()
        assert row, "fleet screening of the dprk-russia store hits the OFAC list"
        mmsi, evidence = int(row[0][0]), json.loads(row[0][1])
        html, _ = render_report(store, choose_targets(store, vessel=str(mmsi))[0])
    hits = html[html.index("Sanctions list matches"):html.index("<h2>Deliveries")]
    assert evidence["caption"] in hits and evidence["entity_id"] in hits
    for m in evidence["matched"]:
        assert f"<td>{m['feature']}</td>" in hits


def test_vessel_by_imo_and_unknown_vessel(report_db: Path, tmp_path: Path) -> None:
    with Store.open(report_db, read_only=True) as store:
        alert = read_alerts(store)[0]
        target = choose_targets(store, vessel=str(alert["imo"]))[0]
    assert target.mmsi == alert["mmsi"]
    proc = subprocess.run(
        [*WAKEWATCH, "--db", str(report_db), "report", "--vessel",
         "123456789", "--out", str(tmp_path)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and proc.stderr.count("\n") == 1
    assert "123456789" in proc.stderr


def test_without_alerts_reports_vessels_ranked_by_events(report_db: Path, tmp_path: Path
                                                         ) -> None:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(report_db.read_bytes())
    with Store.open(db) as store:
        store.con.execute("DROP TABLE alerts")
        targets = choose_targets(store, top=3)
        assert [t.rank for t in targets] == [1, 2, 3]
        assert all(t.alert is None for t in targets)
        html, entry = render_report(store, targets[0])
    assert "No alert was built" in html and entry["risk_score"] is None


def _track(ts_h: list[float]) -> pl.DataFrame:
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    n = len(ts_h)
    return pl.DataFrame({"ts": [t0 + timedelta(hours=h) for h in ts_h],
                         "lat": [10.0 + i * 0.01 for i in range(n)],
                         "lon": [20.0 + i * 0.01 for i in range(n)],
                         "sog_kn": [10.0] * n, "line_no": list(range(1, n + 1))})


@settings(max_examples=50)
@given(st.lists(st.floats(0.01, 30.0), min_size=1, max_size=60))
def test_dark_segments_are_exactly_the_silences_over_threshold(steps: list[float]) -> None:
    times = [0.0]
    for s in steps:
        times.append(times[-1] + s)
    payload = track_payload(_track(times))
    assert len(payload["dark"]) == sum(s > DARK_GAP_H for s in steps)
    assert len(payload["pieces"]) == len(payload["dark"]) + 1
    assert sum(len(p) for p in payload["pieces"]) == len(times)
    for d in payload["dark"]:
        assert d["duration_h"] >= round(DARK_GAP_H, 2)


def test_sources_walks_nested_evidence_in_order() -> None:
    ev = {"off": {"source": "/x/a.nmea", "line_no": 7},
          "gap": {"on": {"source": "/x/a.nmea", "line_no": 9}},
          "list": [{"source": "b.csv", "line_no": 2}, {"source": "/x/a.nmea", "line_no": 7}]}
    assert sources(ev) == ["a.nmea:7", "a.nmea:9", "b.csv:2"]


@pytest.mark.parametrize("bbox", [(129.0, 40.0, 134.0, 44.0), (-10.0, 35.0, 5.0, 45.0)])
def test_basemap_is_clipped_to_the_box(bbox: tuple[float, float, float, float]) -> None:
    import shapely
    fc = basemap_geojson(bbox)
    geom = shapely.geometry.shape(fc["features"][0]["geometry"])
    w, s, e, n = geom.bounds
    assert w >= bbox[0] - 1e-3 and s >= bbox[1] - 1e-3
    assert e <= bbox[2] + 1e-3 and n <= bbox[3] + 1e-3


def test_track_across_the_antimeridian_is_one_continuous_line() -> None:
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    lons = [178.0, 179.0, 179.9, -179.9, -179.0, -178.0]
    track = pl.DataFrame({"ts": [t0 + timedelta(hours=i) for i in range(6)],
                          "lat": [50.0] * 6, "lon": lons, "sog_kn": [10.0] * 6,
                          "line_no": list(range(1, 7))})
    (piece,) = track_payload(track)["pieces"]
    steps = [abs(b[1] - a[1]) for a, b in pairwise(piece)]
    assert max(steps) < 1.5  # no jump across the map
    assert piece[-1][1] - piece[0][1] == pytest.approx(4.0)  # 178 -> 182 (or -182 -> -178)


@settings(max_examples=50)
@given(st.lists(st.floats(-180.0, 180.0), min_size=1, max_size=30),
       st.sampled_from([-360.0, 360.0, 720.0]))
def test_track_payload_unchanged_by_a_360_degree_shift(lons: list[float], shift: float
                                                       ) -> None:
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    base = pl.DataFrame({"ts": [t0 + timedelta(hours=i) for i in range(len(lons))],
                         "lat": [0.0] * len(lons), "lon": lons,
                         "sog_kn": [5.0] * len(lons), "line_no": list(range(len(lons)))})
    moved = base.with_columns(pl.col("lon") + shift)
    a, b = track_payload(base, ref_lon=0.0), track_payload(moved, ref_lon=0.0)
    flat_a = [p[1] for piece in a["pieces"] for p in piece]
    flat_b = [p[1] for piece in b["pieces"] for p in piece]
    assert flat_a == pytest.approx(flat_b, abs=1e-4)
    assert all(-180.0 <= x <= 180.0 for x in flat_a)


def test_basemap_box_beyond_180_takes_land_from_the_other_side() -> None:
    import shapely
    fc = basemap_geojson((170.0, -20.0, 190.0, -10.0))  # Fiji straddles the antimeridian
    geom = shapely.geometry.shape(fc["features"][0]["geometry"])
    assert geom.bounds[2] > 180.0 and geom.bounds[0] < 180.0


def test_empty_store_writes_an_index_with_nothing_to_report(store: Store, tmp_path: Path
                                                             ) -> None:
    from wakewatch.report.build import build_reports
    assert choose_targets(store, top=5) == []
    (index,) = build_reports(store, tmp_path / "out", [])
    assert "Nothing to report" in index.read_text()


def test_a_point_at_the_seam_lands_on_one_side_whatever_its_multiple_of_360() -> None:
    """Found by Hypothesis: 179.99999999999997 + 360 rounds to 540.0 in floating point."""
    from wakewatch.report.maps import around

    lon = 179.99999999999997
    assert around([lon], 0.0)[0] == around([lon + 360.0], 0.0)[0] == -180.0
