"""``wakewatch screen`` through click's CliRunner: real lists (OFAC SDN 2024, UN 2026) and a
small simulated dprk-russia store carrying the SDN vessel CHONG CHON GANG (IMO 7937317)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.cli.screen import LIMIT_DEFAULT, SCHEMA_CHOICES
from wakewatch.sanctions.match.engine import DEFAULT_LIMIT
from wakewatch.sanctions.match.entity import QUERY_SCHEMAS
from wakewatch.store.db import Store, fetch_one

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
LISTS = (REAL / "ofac_sdn_2024-05-03.csv.gz", REAL / "un_consolidated_2026-02-27.xml.gz")
pytestmark = pytest.mark.skipif(not all(f.exists() for f in LISTS),
                                reason="real sanctions lists not present")
CCG = "us_ofac_sdn:17069"
CCG_MMSI = 445023375


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 1-day, 4-vessel dprk-russia simulation, ingested, with both lists loaded."""
    root = tmp_path_factory.mktemp("screen")
    db = root / "s.duckdb"
    for args in (("simulate", "--scenario", "dprk-russia", "--seed", "3", "--days", "1",
                  "--vessels", "4", "--out", str(root / "sim")),
                 ("--db", str(db), "ingest", str(root / "sim" / "positions.nmea")),
                 ("--db", str(db), "lists", "load", *map(str, LISTS))):
        code, _, err = run(*args)
        assert code == 0, err
    return db


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_literal_choices_match_the_matcher() -> None:
    assert SCHEMA_CHOICES == QUERY_SCHEMAS and LIMIT_DEFAULT == DEFAULT_LIMIT


def test_imo(store_db: Path) -> None:
    code, out, err = run("--db", str(store_db), "screen", "--imo", "7937317", "--format",
                         "jsonl")
    assert code == 0 and "1 with a match" in err
    (doc,) = lines(out)
    top = doc["results"][0]  # type: ignore[index]
    assert top["id"] == CCG and top["match"] and top["caption"] == "CHONG CHON GANG"


def test_name_table(store_db: Path) -> None:
    code, out, _ = run("--db", str(store_db), "screen", "김정은", "--schema", "Person")
    assert code == 0 and "KIM, Jong Un" in out and "us_ofac_sdn:20157" in out


def test_queries_round_trip(store_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "q.jsonl"
    path.write_text("\n".join([
        json.dumps("Kim Jong Un"),
        json.dumps({"schema": "Vessel", "properties": {"name": ["OCEAN STAR"],
                                                       "imoNumber": ["7937317"]}}),
        "",
        json.dumps({"id": "p", "schema": "Person",
                    "properties": {"name": ["Путин Владимир"], "nationality": ["ru"]}}),
    ]) + "\n", encoding="utf-8")
    code, out, _ = run("--db", str(store_db), "screen", "--queries", str(path), "--format",
                       "jsonl", "--limit", "2")
    assert code == 0
    docs = {d["key"]: d for d in lines(out)}
    assert list(docs) == ["1", "2", "p"]
    assert docs["1"]["query"] == {"schema": "Thing", "properties": {"name": ["Kim Jong Un"]}}
    assert docs["2"]["results"][0]["id"] == CCG  # type: ignore[index]
    assert docs["p"]["results"][0]["caption"] == "PUTIN, Vladimir Vladimirovich"  # type: ignore[index]
    assert all(len(d["results"]) <= 2 for d in docs.values())  # type: ignore[arg-type]


def test_bad_queries_file(store_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('"fine"\n{"schema": "Spaceship", "properties": {}}\n', encoding="utf-8")
    code, _, err = run("--db", str(store_db), "screen", "--queries", str(path))
    assert code == 1 and f"{path}:2: unknown schema" in err and len(err.splitlines()) == 1
    code, _, err = run("--db", str(store_db), "screen", "--queries", str(tmp_path / "no"))
    assert code == 1 and "no such file" in err


def test_no_lists_is_one_line_error(tmp_path: Path) -> None:
    code, _, err = run("--db", str(tmp_path / "none.duckdb"), "screen", "Kim")
    assert code == 1 and "lists load" in err and len(err.splitlines()) == 1
    Store.open(tmp_path / "empty.duckdb").close()
    code, _, err = run("--db", str(tmp_path / "empty.duckdb"), "screen", "--fleet")
    assert code == 1 and "no sanctions lists" in err


@pytest.mark.parametrize("args", [(), ("Kim", "--fleet"), ("--fleet", "--queries", "x")])
def test_usage(store_db: Path, args: tuple[str, ...]) -> None:
    code, _, _ = run("--db", str(store_db), "screen", *args)
    assert code == 2


def test_fleet_hits_point_at_static_reports_and_rerun_replaces(store_db: Path) -> None:
    code, out, err = run("--db", str(store_db), "screen", "--fleet", "--format", "jsonl")
    assert code == 0, err
    events = lines(out)
    hit = next(e for e in events if e["mmsi"] == CCG_MMSI)
    ev = hit["evidence"]
    assert hit["kind"] == "sanctions_hit" and hit["detector"] == "screen"
    assert ev["entity_id"] == CCG and ev["programs"] == ["DPRK"]  # type: ignore[index]
    assert ev["identity"]["imo"] == "7937317"  # type: ignore[index]
    assert hit["score"] == 1.0 and hit["params"]["threshold"] > 0  # type: ignore[index]
    store = Store.open(store_db, read_only=True)
    try:
        for ref in ev["reports"]:  # type: ignore[index]
            row = fetch_one(store.con, "SELECT imo, ts FROM statics WHERE mmsi = ? AND "
                            "file_sha256 = ? AND line_no = ?",
                            [CCG_MMSI, ref["file_sha256"], ref["line_no"]])
            assert row is not None and row[0] == 7937317
        n = fetch_one(store.con, "SELECT count(*) FROM statics WHERE mmsi = ? AND imo = ?",
                      [CCG_MMSI, 7937317])
        assert n is not None and ev["n_reports"] == n[0]  # type: ignore[index]
        stored = fetch_one(store.con, "SELECT count(*) FROM events WHERE kind = "
                           "'sanctions_hit'")
    finally:
        store.close()
    assert stored is not None and stored[0] == len(events)
    code, out2, err = run("--db", str(store_db), "screen", "--fleet", "--format", "jsonl")
    assert code == 0 and f"replacing {len(events)} stored" in err
    assert [e["event_id"] for e in lines(out2)] == [e["event_id"] for e in events]
    store = Store.open(store_db, read_only=True)
    try:
        again = fetch_one(store.con, "SELECT count(*) FROM events WHERE kind = 'sanctions_hit'")
    finally:
        store.close()
    assert again is not None and again[0] == len(events)
