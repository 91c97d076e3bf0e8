"""yente compatibility of ``POST /match/{dataset}`` and ``GET /algorithms``: the documented
yente request examples against the real OFAC SDN 2024-05-03 list."""

from __future__ import annotations

from typing import Any

import pytest

PERSON = {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}
VESSEL = {"schema": "Vessel", "properties": {"name": ["Some Other Name"],
                                             "imoNumber": ["8660313"]}}
RESULT_KEYS = {"id", "caption", "schema", "properties", "datasets", "referents", "target",
               "score", "match", "features"}


@pytest.fixture(scope="module")
def answer(client: Any) -> dict[str, Any]:
    r = client.post("/match/default", json={"queries": {"p": PERSON, "v": VESSEL}})
    assert r.status_code == 200, r.text
    return dict(r.json())


def test_response_shape(answer: dict[str, Any]) -> None:
    assert set(answer) >= {"responses", "matcher", "limit"}
    assert answer["limit"] == 5
    assert set(answer["responses"]) == {"p", "v"}
    assert answer["matcher"]["name"]
    for key, resp in answer["responses"].items():
        assert resp["status"] == 200
        assert resp["total"]["relation"] == "eq"
        assert resp["total"]["value"] >= len(resp["results"])
        assert resp["query"]["schema"] == {"p": "Person", "v": "Vessel"}[key]
        assert 0 < len(resp["results"]) <= 5
        for result in resp["results"]:
            assert set(result) >= RESULT_KEYS
            assert 0.0 <= result["score"] <= 1.0
            assert result["datasets"] == ["us_ofac_sdn"]
            assert isinstance(result["properties"]["name"], list)
        scores = [x["score"] for x in resp["results"]]
        assert scores == sorted(scores, reverse=True)


def test_person_found(answer: dict[str, Any]) -> None:
    top = answer["responses"]["p"]["results"][0]
    assert top["schema"] == "Person" and top["match"] is True
    assert "KIM, Jong Un" in top["properties"]["name"]


def test_vessel_found_by_imo_despite_other_name(answer: dict[str, Any]) -> None:
    top = answer["responses"]["v"]["results"][0]
    assert top["schema"] == "Vessel" and top["match"] is True
    assert top["properties"]["imoNumber"] == ["8660313"]
    assert top["caption"] == "CHON MA SAN"


def test_threshold_and_limit(client: Any) -> None:
    body = {"queries": {"p": PERSON}}
    r = client.post("/match/default", params={"threshold": 0.99, "limit": 2}, json=body)
    assert r.status_code == 200
    results = r.json()["responses"]["p"]["results"]
    assert len(results) <= 2 and r.json()["limit"] == 2
    assert all(x["match"] == (x["score"] >= 0.99) for x in results)


def test_named_dataset_and_exclusions(client: Any, answer: dict[str, Any]) -> None:
    body = {"queries": {"p": PERSON}}
    named = client.post("/match/us_ofac_sdn", json=body).json()
    assert named["responses"]["p"]["results"][0]["id"] == \
        answer["responses"]["p"]["results"][0]["id"]
    top_id = answer["responses"]["p"]["results"][0]["id"]
    excluded = client.post("/match/default", params={"exclude_entity_ids": top_id},
                           json=body).json()
    assert top_id not in {x["id"] for x in excluded["responses"]["p"]["results"]}
    no_person = client.post("/match/default", params={"exclude_schema": "Person"},
                            json=body).json()
    assert all(x["schema"] != "Person" for x in no_person["responses"]["p"]["results"])
    other = client.post("/match/default", params={"include_dataset": "un_sc_sanctions"},
                        json=body).json()
    assert other["responses"]["p"]["results"] == []


def test_unknown_dataset_is_404(client: Any) -> None:
    r = client.post("/match/eu_fsf", json={"queries": {"p": PERSON}})
    assert r.status_code == 404
    assert "not loaded" in r.json()["detail"]


def test_algorithms(client: Any, answer: dict[str, Any]) -> None:
    body = client.get("/algorithms").json()
    names = [a["name"] for a in body["algorithms"]]
    assert body["default"] in names and body["best"] in names
    assert answer["matcher"]["name"] == body["best"]
    r = client.post("/match/default", params={"algorithm": body["best"]},
                    json={"queries": {"p": PERSON}})
    assert r.status_code == 200


def test_screen_search_box(client: Any) -> None:
    r = client.get("/api/screen", params={"q": "chon ma san", "schema": "Vessel"})
    assert r.status_code == 200
    top = r.json()[0]
    assert top["caption"] == "CHON MA SAN" and top["match"] is True
