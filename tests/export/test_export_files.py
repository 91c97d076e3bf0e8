"""The export writers on a small real store: GeoJSON through shapely, KML through
xml.etree, FollowTheMoney through the followthemoney model, CSV header and row counts."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import shapely.geometry
from followthemoney import model

from wakewatch.events import Event
from wakewatch.export import geojson, kml, tabular
from wakewatch.export.ftm import FtmCounts, list_entities_ftm, vessels_ftm
from wakewatch.export.tracks import read_track_positions, track_segments
from wakewatch.identity.imo import imo_check_digit_ok
from wakewatch.identity.vessels import vessel_summary
from wakewatch.store import Store
from wakewatch.store.alerts import read_alerts
from wakewatch.store.entities import read_entities
from wakewatch.store.events import read_events

NS = {"k": kml.KML_NS}


@pytest.fixture(scope="module")
def store(export_db: Path) -> Any:
    with Store.open(export_db) as s:
        yield s


@pytest.fixture(scope="module")
def events(store: Store) -> list[Event]:
    found = read_events(store)
    assert found
    return found


def _valid(fc: dict[str, Any]) -> list[Any]:
    assert fc["type"] == "FeatureCollection"
    shapes = [shapely.geometry.shape(f["geometry"]) for f in fc["features"]]
    assert all(s.is_valid for s in shapes)
    json.dumps(fc)  # serialisable
    return shapes


def test_events_geojson(events: list[Event]) -> None:
    fc = geojson.events_geojson(events)
    shapes = _valid(fc)
    with_pos = [e for e in events if e.lat is not None]
    assert len(shapes) == len(with_pos)
    for f, e in zip(fc["features"], with_pos, strict=True):
        assert f["geometry"]["coordinates"] == [round(e.lon or 0, 6), round(e.lat or 0, 6)]
        assert f["properties"]["event_id"] == e.event_id and "evidence" in f["properties"]


def test_tracks_geojson_and_kml(store: Store) -> None:
    frame = read_track_positions(store)
    segs = track_segments(frame, tolerance_deg=0.001)
    fc = geojson.tracks_geojson(segs)
    shapes = _valid(fc)
    assert len(shapes) == len(segs)
    dark = [f for f in fc["features"] if f["properties"]["dark"]]
    assert dark and all(f["properties"]["duration_h"] >= 6 for f in dark)
    assert {f["properties"]["mmsi"] for f in fc["features"]} == set(frame["mmsi"].to_list())
    root = ET.fromstring(kml.tracks_kml(segs))
    marks = root.findall(".//k:Placemark", NS)
    assert len(marks) == len(segs)
    dark_marks = [m for m in marks if m.findtext("k:styleUrl", namespaces=NS) == "#dark"]
    assert len(dark_marks) == len(dark)
    dashes = dark_marks[0].findall("k:MultiGeometry/k:LineString", NS)
    assert len(dashes) == kml.DASHES
    assert len(root.findall(".//k:Folder", NS)) == len({s.mmsi for s in segs})
    for coords in root.iterfind(".//k:coordinates", NS):
        for pair in (coords.text or "").split():
            lon, lat = map(float, pair.split(","))
            assert -180 <= lon < 180 and -90 <= lat <= 90


def test_tracks_time_bounded(store: Store) -> None:
    frame = read_track_positions(store)
    mid = frame["ts"].sort()[frame.height // 2]
    later = read_track_positions(store, since=mid)
    assert 0 < later.height < frame.height
    assert later["ts"].min() >= mid  # type: ignore[operator]


def test_events_kml(events: list[Event]) -> None:
    root = ET.fromstring(kml.events_kml(events))
    marks = root.findall(".//k:Placemark", NS)
    assert len(marks) == sum(e.lat is not None for e in events)
    first = marks[0]
    assert first.find("k:TimeSpan/k:begin", NS) is not None
    names = {d.get("name") for d in first.findall("k:ExtendedData/k:Data", NS)}
    assert {"event_id", "kind", "mmsi"} <= names


def test_events_csv_and_jsonl(events: list[Event]) -> None:
    rows = list(csv.reader(io.StringIO(tabular.events_csv(events))))
    assert tuple(rows[0]) == tabular.EVENT_CSV_COLUMNS
    assert len(rows) == len(events) + 1
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["event_id"] == events[0].event_id
    assert isinstance(json.loads(first["evidence"]), dict)
    lines = tabular.jsonl([{"a": 1}, {"b": "é"}]).splitlines()
    assert [json.loads(x) for x in lines] == [{"a": 1}, {"b": "é"}]


def test_alerts_csv_and_geojson(store: Store) -> None:
    alerts = read_alerts(store)
    assert alerts
    rows = list(csv.reader(io.StringIO(tabular.alerts_csv(alerts))))
    assert tuple(rows[0]) == tabular.ALERT_CSV_COLUMNS and len(rows) == len(alerts) + 1
    last = {a["mmsi"]: (10.0, 20.0, "2024-01-01T00:00:00Z") for a in alerts[:-1]}
    fc = geojson.alerts_geojson(alerts, last)
    _valid(fc)
    assert len(fc["features"]) == len(alerts) - 1  # no position, no point
    assert fc["features"][0]["properties"]["alert_id"] == alerts[0]["alert_id"]


def test_entities_ftm_reload(store: Store) -> None:
    entities = read_entities(store)
    counts = FtmCounts()
    lines = list(list_entities_ftm(entities, counts))
    assert len(lines) == len(entities) == counts.entities > 10_000
    schemas = set()
    for line in lines:
        data = json.loads(line)
        proxy = model.get_proxy(data)
        assert proxy.id == data["id"] and proxy.schema.name == data["schema"]
        assert data["datasets"] == ["us_ofac_sdn"]
        schemas.add(proxy.schema.name)
    assert {"Person", "Vessel", "Company"} <= schemas
    chon = next(json.loads(x) for x in lines if '"CHON MA SAN"' in x)
    assert chon["properties"]["imoNumber"] == ["IMO8660313"]


def test_vessels_ftm(store: Store) -> None:
    summary = vessel_summary(store)
    lines = list(vessels_ftm(summary))
    assert len(lines) == summary.height
    for line in lines:
        proxy = model.get_proxy(json.loads(line))
        assert proxy.schema.name == "Vessel"
        assert proxy.get("mmsi") and proxy.id.startswith("wakewatch-vessel-")
    by_id = {json.loads(x)["id"]: json.loads(x) for x in lines}
    for row in summary.filter(summary["imo"].is_not_null()).iter_rows(named=True):
        mine = by_id[f"wakewatch-vessel-{row['mmsi']}"]["properties"]
        assert mine["name"] == [row["name"]]
        if imo_check_digit_ok(row["imo"]):
            assert f"IMO{row['imo']}" in mine["imoNumber"]
        else:  # FtM refuses it; kept as a note (a forged IMO is evidence)
            assert f"broadcast IMO {row['imo']}, check digit fails" in mine["notes"]
