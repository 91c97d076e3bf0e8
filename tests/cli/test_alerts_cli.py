"""``wakewatch alerts`` and ``wakewatch vessel`` through click's CliRunner on a store built from
synthetic events: a Rajin shuttle and an honest ship."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.events import Event
from wakewatch.store.db import Store
from wakewatch.store.events import EventFilter, replace_events

T0 = datetime(2023, 9, 1, tzinfo=UTC)
SHUTTLE, HONEST = 273_000_001, 440_000_002


def t(h: float) -> datetime:
    return T0 + timedelta(hours=h)


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _call(mmsi: int, port: str, h0: float, h1: float, lat: float, lon: float) -> Event:
    return Event(kind="port_call", mmsi=mmsi, start=t(h0), end=t(h1), port=port, lat=lat,
                 lon=lon, score=1.0, event_id=f"port_call:{mmsi}:{h0}")


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "a.duckdb"
    ref: dict[str, Any] = {"lat": 42.25, "lon": 130.95, "file_sha256": "x", "line_no": 1}
    events = [
        _call(SHUTTLE, "RUVYP", 0, 20, 42.73, 133.05),
        Event(kind="gap", mmsi=SHUTTLE, start=t(30), end=t(70), lat=42.25, lon=130.95,
              score=1.0, event_id="gap:s1",
              evidence={"off": ref, "on": ref, "duration_h": 40.0, "intentional": True}),
        _call(SHUTTLE, "RUVYP", 80, 100, 42.73, 133.05),
        Event(kind="invalid_imo", mmsi=SHUTTLE, start=t(0), end=t(100), score=0.7,
              event_id="invalid_imo:s", evidence={"reason": "bad_check_digit",
                                                  "imo": 9547156}),
        _call(HONEST, "CNTAO", 0, 20, 36.06, 120.38),
        _call(HONEST, "KRPUS", 60, 80, 35.10, 129.04),
    ]
    with Store.open(path) as s:
        replace_events(s, events, EventFilter())
        s.con.executemany(
            "INSERT INTO statics (mmsi, ts, imo, name, draught_m, line_no) VALUES "
            "(?, ?, ?, ?, ?, ?)",
            [[SHUTTLE, t(1), 9547156, "GENERAL SOKOLOV", 6.0, 1],
             [SHUTTLE, t(70), 9547156, "GENERAL SOKOLOV", 11.5, 2],
             [SHUTTLE, t(90), 9547156, "GENERAL SOKOLOV", 6.1, 3],
             [HONEST, t(1), 9074729, "HONEST TRADER", 7.0, 4]])
    return path


def test_alerts_jsonl_ranks_the_shuttle_and_stores_it(db: Path) -> None:
    code, out, err = run(db, "alerts", "--format", "jsonl")
    assert code == 0, err
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["mmsi"] for r in rows] == [SHUTTLE]
    a = rows[0]
    assert a["rank"] == 1 and a["name"] == "GENERAL SOKOLOV" and a["imo"] == 9547156
    assert a["deliveries"][0]["load_port"] == "KPRJN"
    assert a["deliveries"][0]["discharge_port"] == "RUVYP"
    assert "voyage_irregularities" in a["practices"]
    assert "1 vessel(s)" in err
    with Store.open(db, read_only=True) as s:
        from wakewatch.store.alerts import read_alerts
        assert [r["alert_id"] for r in read_alerts(s)] == [a["alert_id"]]


def test_alerts_threshold_top_and_table(db: Path) -> None:
    # a vessel without any indicator is never alerted, even at threshold 0
    code, out, _ = run(db, "alerts", "--threshold", "0", "--format", "jsonl")
    assert code == 0 and [json.loads(x)["mmsi"] for x in out.splitlines()] == [SHUTTLE]
    code, out, err = run(db, "alerts", "--top", "0", "--format", "jsonl")
    assert code == 0 and out == "" and "1 vessel(s)" in err
    code, out, _ = run(db, "alerts", "--threshold", "0.99", "--format", "jsonl")
    assert code == 0 and out == ""
    code, out, _ = run(db, "alerts")
    assert code == 0 and "GENERAL SOKOLOV" in out
    code, _, err = run(db, "alerts", "--threshold", "2")
    assert code == 1 and "--threshold" in err


def test_vessel_profile_text_json_and_unknown(db: Path) -> None:
    run(db, "alerts")
    code, out, _ = run(db, "vessel", "9547156", "--format", "json")
    assert code == 0
    p = json.loads(out)
    assert p["mmsis"] == [SHUTTLE] and len(p["deliveries"]) == 1
    assert p["alert"]["rank"] == 1
    code, out, _ = run(db, "vessel", str(SHUTTLE))
    assert code == 0 and "deliveries (1)" in out and "KPRJN" in out
    code, _, err = run(db, "vessel", "123456789")
    assert code == 1 and "no vessel with MMSI 123456789" in err
    assert len(err.strip().splitlines()) == 1
