"""``wakewatch export`` through click's CliRunner on a small hand-built store: every
sub-command and format, ``--out -``, filters, and the errors (exit 1 / 2)."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import shapely.geometry
from click.testing import CliRunner
from followthemoney import model

from wakewatch.cli.main import cli
from wakewatch.events import Event, event_id
from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.source import ListInfo
from wakewatch.store.alerts import replace_alerts
from wakewatch.store.db import Store
from wakewatch.store.entities import replace_list
from wakewatch.store.events import EventFilter, replace_events

T0 = datetime(2024, 1, 1, tzinfo=UTC)
SHIP, OTHER = 273_123_456, 445_000_001


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "export", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _event(kind: str, mmsi: int, hours: float, lat: float | None) -> Event:
    start = T0 + timedelta(hours=hours)
    return Event(kind=kind, mmsi=mmsi, start=start, end=start + timedelta(hours=8),
                 event_id=event_id(kind, mmsi, start), lat=lat,
                 lon=None if lat is None else 130.0, score=0.9,
                 evidence={"duration_h": 8.0}, detector=kind, version="1")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """SHIP: reports every 30 min for 3 h, dark 8 h, 3 h more; OTHER: two reports. A gap and
    an invalid_imo event (no position), one alert, two list entities."""
    path = tmp_path / "x.duckdb"
    hours = [h / 2 for h in range(7)] + [11 + h / 2 for h in range(7)]
    rows = [[SHIP, T0 + timedelta(hours=h), 42.0 + h / 100, 130.0 + h / 100, i]
            for i, h in enumerate(hours)]
    rows += [[OTHER, T0 + timedelta(hours=h), 40.0, 135.0 + h / 10, 100 + h] for h in (0, 1)]
    with Store.open(path) as s:
        s.con.executemany("INSERT INTO positions (mmsi, ts, lat, lon, line_no) VALUES "
                          "(?, ?, ?, ?, ?)", rows)
        s.con.execute("INSERT INTO statics (mmsi, ts, imo, name, callsign, line_no) VALUES "
                      "(?, ?, 9179842, 'LADY R', 'UBX5', 1)", [SHIP, T0])
        replace_events(s, [_event("gap", SHIP, 3, 42.1), _event("invalid_imo", OTHER, 0, None)],
                       EventFilter())
        replace_alerts(s, [{"alert_id": f"alert:{SHIP}", "rank": 1, "mmsi": SHIP,
                            "imo": 9179842, "name": "LADY R", "flag": "Russia",
                            "risk_score": 0.9, "practices": {"ais_manipulation": 0.9},
                            "indicators": [], "event_ids": [], "deliveries": [],
                            "narrative": "went dark", "start": "2024-01-01T00:00:00Z",
                            "end": "2024-01-01T14:00:00Z",
                            "created_at": "2024-01-02T00:00:00Z"}])
        info = ListInfo("us_ofac_sdn", date(2024, 5, 3), "sdn.csv", "0" * 64, "ofac_csv")
        replace_list(s, info, [
            Entity("us_ofac_sdn:1", "Vessel", "us_ofac_sdn",
                   {"name": ("LADY R",), "imoNumber": ("9179842",), "program": ("RUSSIA",)}),
            Entity("us_ofac_sdn:2", "Person", "us_ofac_sdn",
                   {"name": ("KIM, Jong Un",), "birthDate": ("1984-01-08",)})])
    return path


def test_events_every_format(db: Path, tmp_path: Path) -> None:
    code, _, err = run(db, "events", "--format", "geojson", "--out", str(tmp_path / "e.json"))
    assert code == 0 and "wrote 1 events" in err  # the one with a position
    fc = json.loads((tmp_path / "e.json").read_text())
    assert [shapely.geometry.shape(f["geometry"]).is_valid for f in fc["features"]] == [True]
    code, out, _ = run(db, "events", "--format", "jsonl", "--out", "-")
    assert code == 0 and [json.loads(x)["kind"] for x in out.splitlines()] == [
        "invalid_imo", "gap"]
    code, out, _ = run(db, "events", "--format", "csv", "--out", "-", "--kind", "gap")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:3] == ["event_id", "kind", "mmsi"] and len(rows) == 2
    code, _, _ = run(db, "events", "--format", "kml", "--out", str(tmp_path / "e.kml"))
    marks = ET.parse(tmp_path / "e.kml").getroot().findall(
        ".//{http://www.opengis.net/kml/2.2}Placemark")
    assert code == 0 and len(marks) == 1
    code, out, _ = run(db, "events", "--format", "jsonl", "--out", "-", "--mmsi", str(OTHER))
    assert len(out.splitlines()) == 1


def test_tracks_geojson_and_kml(db: Path, tmp_path: Path) -> None:
    code, out, err = run(db, "tracks", "--format", "geojson", "--out", "-", "--tolerance", "0")
    assert code == 0 and "2 vessels, 1 dark" in err
    fc = json.loads(out)
    kinds = [(f["properties"]["mmsi"], f["properties"]["dark"]) for f in fc["features"]]
    assert kinds == [(SHIP, False), (SHIP, True), (SHIP, False), (OTHER, False)]
    assert len(fc["features"][0]["properties"]["times"]) == 7
    code, out, _ = run(db, "tracks", "--format", "geojson", "--out", "-", "--mmsi", str(SHIP),
                       "--until", "2024-01-01T05:00:00Z", "--no-times")
    fc = json.loads(out)
    assert len(fc["features"]) == 1 and "times" not in fc["features"][0]["properties"]
    code, _, _ = run(db, "tracks", "--format", "kml", "--out", str(tmp_path / "t.kml"))
    root = ET.parse(tmp_path / "t.kml").getroot()
    assert code == 0
    assert len(root.findall(".//{http://www.opengis.net/kml/2.2}Placemark")) == 4


def test_alerts_formats(db: Path) -> None:
    code, out, _ = run(db, "alerts", "--format", "jsonl", "--out", "-")
    assert code == 0 and json.loads(out)["alert_id"] == f"alert:{SHIP}"
    code, out, _ = run(db, "alerts", "--format", "csv", "--out", "-")
    assert len(list(csv.reader(io.StringIO(out)))) == 2
    code, out, _ = run(db, "alerts", "--format", "geojson", "--out", "-")
    feature = json.loads(out)["features"][0]
    assert feature["geometry"]["coordinates"] == [130.14, 42.14]  # the last position
    assert feature["properties"]["position_ts"] == "2024-01-01T14:00:00Z"


def test_entities_and_vessels_ftm(db: Path) -> None:
    code, out, _ = run(db, "entities", "--out", "-")
    assert code == 0
    proxies = [model.get_proxy(json.loads(line)) for line in out.splitlines()]
    assert sorted(p.schema.name for p in proxies) == ["Person", "Vessel"]
    code, out, _ = run(db, "vessels", "--format", "ftm", "--out", "-")
    vessels = {json.loads(x)["id"]: json.loads(x) for x in out.splitlines()}
    ship = vessels[f"wakewatch-vessel-{SHIP}"]
    assert ship["properties"]["imoNumber"] == ["IMO9179842"]
    assert ship["properties"]["name"] == ["LADY R"] and ship["properties"]["flag"] == ["ru"]
    assert model.get_proxy(ship).schema.name == "Vessel"


@pytest.mark.parametrize(("args", "code", "words"), [
    (["events", "--format", "jsonl", "--out", "-", "--since", "soon"], 1, "--since"),
    (["events", "--format", "shp", "--out", "-"], 2, "shp"),
    (["tracks", "--format", "csv", "--out", "-"], 2, "csv"),
    (["events", "--format", "jsonl", "--out", "/nonexistent/dir/e.jsonl"], 1, "does not exist"),
    (["entities", "--out", "-", "--dataset", "eu_fsf"], 1, "eu_fsf"),
])
def test_errors(db: Path, args: list[str], code: int, words: str) -> None:
    got, _, err = run(db, *args)
    assert got == code and words in err
