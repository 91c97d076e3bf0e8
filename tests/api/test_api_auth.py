"""Tokens: writes need ``Authorization: Bearer <token>`` (403 when the server has none,
401 when missing or wrong); reads are open unless the server closes them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from api_support import TOKEN, client_for

from wakewatch.api import ApiSettings

WRITES = ("/api/lists", "/api/ingest")


@pytest.mark.parametrize("path", WRITES)
def test_writes_refused_without_configured_token(client: Any, path: str) -> None:
    r = client.post(path, content=b"data", headers={"Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 403
    assert "WAKEWATCH_TOKEN" in r.json()["detail"]


@pytest.mark.parametrize("path", WRITES)
@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic abc", "Bearer "])
def test_writes_need_the_right_token(api_db: Path, path: str, header: str | None) -> None:
    with client_for(ApiSettings(db=api_db, token=TOKEN)) as c:
        headers = {} if header is None else {"Authorization": header}
        r = c.post(path, content=b"data", headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"
    assert r.json()["detail"]


def test_closed_reads(api_db: Path) -> None:
    with client_for(ApiSettings(db=api_db, token=TOKEN, open_reads=False)) as c:
        assert c.get("/api/vessels").status_code == 401
        assert c.post("/match/default", json={"queries": {}}).status_code == 401
        ok = c.get("/api/vessels", headers={"Authorization": f"Bearer {TOKEN}"})
        assert ok.status_code == 200
        assert c.get("/api/health").status_code == 200  # health stays open


def test_upload_list_and_ais_with_token(tmp_path: Path, shared_data: Path,
                                        api_db: Path) -> None:
    db = tmp_path / "w.duckdb"
    db.write_bytes(api_db.read_bytes())
    auth = {"Authorization": f"Bearer {TOKEN}"}
    un = shared_data / "sanctions" / "un_consolidated_2026-02-27.xml.gz"
    nmea = shared_data / "ais-nmea" / "libais_tagblock.nmea"  # tag blocks carry times
    with client_for(ApiSettings(db=db, token=TOKEN)) as c:
        r = c.post("/api/lists", params={"filename": un.name}, content=un.read_bytes(),
                   headers={**auth, "Content-Type": "application/octet-stream"})
        assert r.status_code == 201, r.text
        assert r.json()["loaded"][0]["dataset"] == "un_sc_sanctions"
        assert r.json()["loaded"][0]["counts"]["entities"] > 500
        hit = c.post("/match/un_sc_sanctions", json={"queries": {"v": {
            "schema": "Vessel", "properties": {"imoNumber": ["8660313"]}}}})
        assert hit.status_code == 200
        data = nmea.read_bytes()
        files = {"file": ("upload.nmea", data, "application/octet-stream")}
        r = c.post("/api/ingest", files=files, headers=auth)
        assert r.status_code == 201, r.text
        assert sum(r.json()["counts"].values()) == len(data.splitlines())
        assert r.json()["positions"] > 0
        bad = c.post("/api/lists", params={"filename": "notes.txt"}, content=b"hello\n",
                     headers=auth)
        assert bad.status_code == 400 and bad.json()["detail"]
