"""The JSON read routes on a small real store (see conftest)."""

from __future__ import annotations

from typing import Any

import shapely.geometry

from wakewatch.events import EVENT_KINDS


def test_health(client: Any) -> None:
    r = client.get("/api/health")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["writes_enabled"] is False


def test_openapi_docs(client: Any) -> None:
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/vessels", "/api/tracks/{mmsi}", "/api/events", "/match/{dataset}",
                 "/algorithms", "/api/basemap"):
        assert path in paths


def test_vessels_list_shape_and_paging(client: Any) -> None:
    r = client.get("/api/vessels", params={"limit": 500})
    assert r.status_code == 200
    rows = r.json()
    assert int(r.headers["X-Total-Count"]) == len(rows) >= 10
    keys = {"mmsi", "imo", "name", "callsign", "flag", "first_seen", "last_seen",
            "positions", "risk_score"}
    assert all(set(row) == keys for row in rows)
    assert all(row["positions"] >= 0 and row["first_seen"].endswith("Z") for row in rows)
    risks = [row["risk_score"] for row in rows if row["risk_score"] is not None]
    assert risks and risks == sorted(risks, reverse=True)  # alerted vessels first
    page = client.get("/api/vessels", params={"limit": 3, "offset": 2}).json()
    assert [p["mmsi"] for p in page] == [row["mmsi"] for row in rows[2:5]]


def test_vessels_search(client: Any) -> None:
    rows = client.get("/api/vessels", params={"limit": 500}).json()
    named = next(row for row in rows if row["name"])
    word = named["name"].split()[0].lower()
    found = client.get("/api/vessels", params={"q": word}).json()
    assert named["mmsi"] in {f["mmsi"] for f in found}
    assert all(word in (f["name"] or "").lower() or word in (f["callsign"] or "").lower()
               for f in found)
    by_mmsi = client.get("/api/vessels", params={"q": str(named["mmsi"])}).json()
    assert [f["mmsi"] for f in by_mmsi] == [named["mmsi"]]


def test_vessel_profile_by_mmsi_and_imo(client: Any) -> None:
    rows = client.get("/api/vessels", params={"limit": 500}).json()
    ship = next(row for row in rows if row["imo"] and row["risk_score"] is not None)
    by_mmsi = client.get(f"/api/vessels/{ship['mmsi']}")
    assert by_mmsi.status_code == 200
    assert str(ship["mmsi"]) in by_mmsi.text
    by_imo = client.get(f"/api/vessels/{ship['imo']}")
    assert by_imo.status_code == 200
    assert str(ship["mmsi"]) in by_imo.text


def test_vessel_unknown_is_404(client: Any) -> None:
    r = client.get("/api/vessels/999999999")
    assert r.status_code == 404
    assert "999999999" in r.json()["detail"]


def _gap_vessel(client: Any) -> dict[str, Any]:
    gaps = client.get("/api/events", params={"kind": "gap", "limit": 50}).json()
    assert gaps, "the dprk-russia scenario has gap events"
    return dict(gaps[0])


def test_track_segments_lit_and_dark(client: Any) -> None:
    gap = _gap_vessel(client)
    r = client.get(f"/api/tracks/{gap['mmsi']}", params={"simplify_deg": 0})
    assert r.status_code == 200
    fc = r.json()
    assert fc["type"] == "FeatureCollection"
    dark = [f for f in fc["features"] if f["properties"]["dark"]]
    lit = [f for f in fc["features"] if not f["properties"]["dark"]]
    assert dark and lit
    for f in fc["features"]:
        geom = shapely.geometry.shape(f["geometry"])
        assert geom.is_valid
        props = f["properties"]
        if f["geometry"]["type"] == "LineString":
            assert len(props["times"]) == len(f["geometry"]["coordinates"])
        else:  # one report, or several at one spot
            assert props["times"]
        assert props["times"] == sorted(props["times"])
        assert props["mmsi"] == gap["mmsi"]
    for f in dark:
        assert f["properties"]["duration_h"] >= 6.0
    # the gap event lies inside one dark segment, which names it
    holder = [f for f in dark
              if f["properties"]["start"] <= gap["start"] and gap["end"] <= f["properties"]["end"]]
    assert holder and gap["event_id"] in holder[0]["properties"]["event_ids"]
    assert all("event_ids" not in f["properties"] for f in lit)


def test_track_simplified_keeps_fewer_points(client: Any) -> None:
    mmsi = _gap_vessel(client)["mmsi"]
    full = client.get(f"/api/tracks/{mmsi}", params={"simplify_deg": 0}).json()
    simple = client.get(f"/api/tracks/{mmsi}", params={"simplify_deg": 0.01}).json()

    def points(fc: dict[str, Any]) -> int:
        return sum(len(f["properties"]["times"]) for f in fc["features"])

    assert points(simple) < points(full)
    assert len(simple["features"]) == len(full["features"])


def test_track_time_window(client: Any) -> None:
    gap = _gap_vessel(client)
    r = client.get(f"/api/tracks/{gap['mmsi']}", params={"until": gap["start"]}).json()
    assert all(f["properties"]["end"] <= gap["start"] for f in r["features"])


def test_track_unknown_is_404(client: Any) -> None:
    assert client.get("/api/tracks/999999999").status_code == 404


def test_events_filters(client: Any) -> None:
    everything = client.get("/api/events", params={"limit": 10000}).json()
    assert everything and {e["kind"] for e in everything} <= set(EVENT_KINDS)
    ports = client.get("/api/events", params={"kind": "port_call,gap"}).json()
    assert ports and {e["kind"] for e in ports} <= {"port_call", "gap"}
    mmsi = everything[0]["mmsi"]
    mine = client.get("/api/events", params={"mmsi": str(mmsi)}).json()
    assert mine and all(mmsi in (e["mmsi"], e["other_mmsi"]) for e in mine)
    box = client.get("/api/events", params={"bbox": "129,41,134,44"}).json()
    assert all(e["lat"] is None or (41 <= e["lat"] <= 44 and 129 <= e["lon"] <= 134)
               for e in box)
    assert len(client.get("/api/events", params={"limit": 3}).json()) == 3


def test_alerts(client: Any) -> None:
    alerts = client.get("/api/alerts").json()
    assert alerts, "the scenario raises alerts"
    first = alerts[0]
    assert {"alert_id", "mmsi", "risk_score", "indicators", "narrative"} <= set(first)
    one = client.get(f"/api/alerts/{first['alert_id']}")
    assert one.status_code == 200 and one.json()["alert_id"] == first["alert_id"]
    assert client.get("/api/alerts/alert:1").status_code == 404


def test_ports_of_concern(client: Any) -> None:
    fc = client.get("/api/ports_of_concern").json()
    assert fc["features"]
    locodes = {f["properties"]["locode"] for f in fc["features"]}
    assert "KPRJN" in locodes  # Rajin
    for f in fc["features"]:
        assert shapely.geometry.shape(f["geometry"]).geom_type == "Point"


def test_basemap(client: Any) -> None:
    r = client.get("/api/basemap")
    assert r.status_code == 200
    fc = r.json()
    shapes = [shapely.geometry.shape(f["geometry"]) for f in fc["features"]]
    assert len(shapes) > 100
    assert all(s.geom_type in ("Polygon", "MultiPolygon") for s in shapes)
    # Korea's east coast is land, the Sea of Japan is not
    land = shapely.union_all(shapes)
    assert land.contains(shapely.geometry.Point(127.5, 37.5))
    assert not land.contains(shapely.geometry.Point(134.0, 40.0))
