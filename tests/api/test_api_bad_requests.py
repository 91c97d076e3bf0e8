"""Bad requests get a clear 4xx ``{"detail": "..."}``, never a 500."""

from __future__ import annotations

from typing import Any

import pytest

PERSON = {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}}
TOO_MANY = {"queries": {f"q{i}": PERSON for i in range(101)}}

BAD: list[tuple[str, str, dict[str, Any], int, str]] = [
    # method, path, request kwargs, status, words the detail must contain
    ("GET", "/api/events", {"params": {"bbox": "1,2,3"}}, 400, "bbox"),
    ("GET", "/api/events", {"params": {"bbox": "a,b,c,d"}}, 400, "bbox"),
    ("GET", "/api/events", {"params": {"bbox": "0,50,10,40"}}, 400, "bbox"),
    ("GET", "/api/events", {"params": {"bbox": "0,0,200,10"}}, 400, "bbox"),
    ("GET", "/api/events", {"params": {"bbox": "nan,0,1,1"}}, 400, "bbox"),
    ("GET", "/api/events", {"params": {"kind": "gap,teleport"}}, 400, "teleport"),
    ("GET", "/api/events", {"params": {"since": "yesterday"}}, 400, "since"),
    ("GET", "/api/events", {"params": {"until": "2024-01-01T00:00:00"}}, 400, "time zone"),
    ("GET", "/api/events", {"params": {"since": "2024-02-01", "until": "2024-01-01"}}, 400,
     "before"),
    ("GET", "/api/events", {"params": {"mmsi": "12x"}}, 400, "mmsi"),
    ("GET", "/api/events", {"params": {"mmsi": "1234567890"}}, 400, "mmsi"),
    ("GET", "/api/events", {"params": {"limit": "0"}}, 422, "limit"),
    ("GET", "/api/events", {"params": {"limit": "100001"}}, 422, "limit"),
    ("GET", "/api/events", {"params": {"min_score": "2"}}, 422, "min_score"),
    ("GET", "/api/vessels", {"params": {"limit": "501"}}, 422, "limit"),
    ("GET", "/api/vessels", {"params": {"offset": "-1"}}, 422, "offset"),
    ("GET", "/api/vessels", {"params": {"limit": "ten"}}, 422, "limit"),
    ("GET", "/api/vessels/abc", {}, 422, "key"),
    ("GET", "/api/vessels/1234567890", {}, 422, "key"),
    ("GET", "/api/tracks/abc", {}, 422, "mmsi"),
    ("GET", "/api/tracks/273000000", {"params": {"since": "2024-13-01T00:00:00Z"}}, 400,
     "since"),
    ("GET", "/api/tracks/273000000", {"params": {"simplify_deg": "5"}}, 422,
     "simplify_deg"),
    ("GET", "/api/alerts", {"params": {"limit": "501"}}, 422, "limit"),
    ("GET", "/api/screen", {}, 422, "q"),
    ("GET", "/api/screen", {"params": {"q": "x" * 301}}, 422, "q"),
    ("GET", "/api/screen", {"params": {"q": "kim", "schema": "Spaceship"}}, 400, "schema"),
    ("GET", "/api/screen", {"params": {"q": "kim", "imo": "12"}}, 422, "imo"),
    ("POST", "/match/default", {"content": b"{bad json",
                                "headers": {"Content-Type": "application/json"}}, 422,
     "JSON"),
    ("POST", "/match/default", {"content": b"[1, 2]",
                                "headers": {"Content-Type": "application/json"}}, 422,
     "JSON object"),
    ("POST", "/match/default", {"json": {}}, 422, "queries"),
    ("POST", "/match/default", {"json": {"queries": {"a": {"properties": {}}}}}, 422,
     "schema"),
    ("POST", "/match/default", {"json": {"queries": {"a": {"schema": "Foo",
                                                           "properties": {"name": ["x"]}}}}},
     400, "schema"),
    ("POST", "/match/default", {"json": TOO_MANY}, 400, "too many queries"),
    ("POST", "/match/default", {"json": {"queries": {"p": PERSON}},
                                "params": {"limit": "501"}}, 422, "limit"),
    ("POST", "/match/default", {"json": {"queries": {"p": PERSON}},
                                "params": {"threshold": "1.5"}}, 422, "threshold"),
    ("POST", "/match/default", {"json": {"queries": {"p": PERSON}},
                                "params": {"algorithm": "logic-v9"}}, 400, "algorithm"),
    ("POST", "/match/default", {"json": {"queries": {"p": PERSON}},
                                "params": {"exclude_entity_ids": [str(i)
                                                                  for i in range(51)]}},
     400, "exclude_entity_ids"),
    ("POST", "/match/nothere", {"json": {"queries": {"p": PERSON}}}, 404, "not loaded"),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "words"), BAD,
                         ids=[f"{m} {p} {k}"[:80] for m, p, k, _, _ in BAD])
def test_bad_request(client: Any, method: str, path: str, kwargs: dict[str, Any],
                     status: int, words: str) -> None:
    r = client.request(method, path, **kwargs)
    assert r.status_code == status, r.text
    detail = r.json()["detail"]
    assert isinstance(detail, str) and words.lower() in detail.lower()


def test_no_database_is_503(tmp_path: Any) -> None:
    from api_support import client_for

    from wakewatch.api import ApiSettings

    with client_for(ApiSettings(db=tmp_path / "missing.duckdb", token=None)) as c:
        assert c.get("/api/health").json()["database"].startswith("no wakewatch database")
        r = c.get("/api/vessels")
        assert r.status_code == 503 and "wakewatch ingest" in r.json()["detail"]
        assert c.get("/api/basemap").status_code == 200  # needs no store
