"""End to end on a small simulated dprk-russia run: alerts, their narrative, their evidence
down to the raw input lines, the stored JSON shape and the vessel profile."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from wakewatch.declarations.reconcile import finding_to_json
from wakewatch.events import event_to_json
from wakewatch.infer.alerts import Alert, build_alerts, store_alerts
from wakewatch.infer.profile import VesselNotFoundError, vessel_profile
from wakewatch.store.alerts import ALERT_KEYS, read_alerts
from wakewatch.store.db import Store, fetch_one
from wakewatch.store.events import EventFilter, read_events

_NUMBER = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)(?=[NSEW]\b|[^\w]|$)")


@pytest.fixture(scope="module")
def store(dprk_store: Path) -> Iterator[Store]:
    s = Store.open(dprk_store)
    yield s
    s.close()


@pytest.fixture(scope="module")
def alerts(store: Store) -> list[Alert]:
    found = build_alerts(store, threshold=0.3)
    store_alerts(store, found)
    assert found, "the dprk-russia run raises alerts"
    return found


def _values(obj: Any, out: list[Any]) -> list[Any]:
    """Every leaf of a JSON object, and the length of every list (counts of cited items)."""
    if isinstance(obj, dict):
        for v in obj.values():
            _values(v, out)
    elif isinstance(obj, list):
        out.append(len(obj))
        for v in obj:
            _values(v, out)
    else:
        out.append(obj)
    return out


def _found(token: str, values: list[Any]) -> bool:
    digits = len(token.split(".")[1]) if "." in token else 0
    x = float(token)
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, int | float) and round(abs(float(v)), digits) == x:
            return True
        if isinstance(v, str) and token in re.findall(r"\d+(?:\.\d+)?", v):
            return True
    return False


def test_every_number_of_the_narrative_is_in_the_evidence(store: Store,
                                                          alerts: list[Alert]) -> None:
    for a in alerts:
        obj = a.to_json()
        events = read_events(store, EventFilter(mmsi=[a.vessel.mmsi]))
        cited = [event_to_json(e) for e in events if e.event_id in set(obj["event_ids"])]
        values = _values({k: v for k, v in obj.items() if k != "narrative"}, [])
        values = _values(cited, values)
        # declaration findings are cited by finding_id: their own record is evidence too
        fids = {f for i in obj["indicators"] for f in i["finding_ids"]}
        values = _values([{k: v for k, v in finding_to_json(f).items() if k != "detail"}
                          for f in a.vessel.findings if f.finding_id in fids], values)
        numbers = _NUMBER.findall(obj["narrative"])
        assert numbers, obj["narrative"]
        missing = [n for n in numbers if not _found(n, values)]
        assert not missing, (missing, obj["narrative"])


def test_the_run_exercises_screening_and_declarations(alerts: list[Alert]) -> None:
    practices = {p for a in alerts for p in a.vessel.practices}
    assert {"sanctions_exposure", "voyage_irregularities", "ais_manipulation"} <= practices
    assert any(i.finding_ids for a in alerts for i in a.vessel.indicators)


def test_an_alert_walks_down_to_the_raw_lines(store: Store, alerts: list[Alert]) -> None:
    a = alerts[0]
    ids = a.to_json()["event_ids"]
    assert ids
    rows = store.con.sql("SELECT event_id, evidence FROM events WHERE event_id IN ("
                         + ", ".join("?" for _ in ids) + ")", params=ids).fetchall()
    assert {r[0] for r in rows} == set(ids)
    refs: list[dict[str, Any]] = []

    def collect(obj: Any) -> None:
        if isinstance(obj, dict):
            if "file_sha256" in obj and "line_no" in obj:
                refs.append(obj)
            for v in obj.values():
                collect(v)
        elif isinstance(obj, list):
            for v in obj:
                collect(v)

    for _, evidence in rows:
        collect(json.loads(evidence))
    assert refs
    files: dict[str, list[str]] = {}
    checked = 0
    for ref in refs[:50]:
        sha, line_no = ref["file_sha256"], int(ref["line_no"])
        hit = fetch_one(store.con, "SELECT mmsi FROM positions WHERE file_sha256 = ? AND "
                        "line_no = ? UNION ALL SELECT mmsi FROM statics WHERE "
                        "file_sha256 = ? AND line_no = ?", [sha, line_no, sha, line_no])
        assert hit is not None, ref
        if sha not in files:
            path = fetch_one(store.con, "SELECT path FROM ingest_log WHERE file_sha256 = ?",
                             [sha])
            assert path is not None
            files[sha] = Path(path[0]).read_text(encoding="ascii",
                                                 errors="replace").splitlines()
        line = files[sha][line_no - 1]
        assert line.startswith(("!", "\\")) and "VDM" in line, line
        checked += 1
    assert checked


def test_stored_alerts_have_the_documented_shape(store: Store, alerts: list[Alert]) -> None:
    got = read_alerts(store)
    assert [g["rank"] for g in got] == list(range(1, len(alerts) + 1))
    for g in got:
        assert tuple(g) == ALERT_KEYS
        assert 0.0 <= g["risk_score"] <= 1.0
        assert g["start"] <= g["end"]
        for i in g["indicators"]:
            assert set(i) == {"practice", "indicator", "score", "weight", "detail",
                              "event_ids", "entity_ids", "finding_ids"}
    scores = [g["risk_score"] for g in got]
    assert scores == sorted(scores, reverse=True)
    one = read_alerts(store, mmsi=got[0]["mmsi"])
    assert [o["alert_id"] for o in one] == [got[0]["alert_id"]]
    assert len(read_alerts(store, limit=1)) == 1


def test_vessel_profile_by_imo_and_mmsi(store: Store, alerts: list[Alert]) -> None:
    top = alerts[0].to_json()
    p = vessel_profile(store, str(top["mmsi"]))
    assert p["mmsis"] == [top["mmsi"]]
    assert p["risk"]["score"] == top["risk_score"]
    assert p["alert"]["alert_id"] == top["alert_id"]
    assert p["identities"] and p["events"]
    if top["imo"] is not None:
        assert top["mmsi"] in vessel_profile(store, str(top["imo"]))["mmsis"]
    with pytest.raises(VesselNotFoundError, match="no vessel with MMSI 123456"):
        vessel_profile(store, "123456")
