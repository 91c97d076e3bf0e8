"""``wakewatch vessels`` through click's CliRunner: table, JSON lines, filters, empty store."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.store.db import Store

T0 = datetime(2024, 1, 1, tzinfo=UTC)


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), "vessels", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A store with a clean Russian ship, the A LI case, a stateless MID and a DPRK MMSI
    heard only in positions."""
    path = tmp_path / "v.duckdb"
    statics = [
        (273_123_456, 0, 9179842, "ANGARA@@@@", "UBX5", 70),
        (273_123_456, 24, 9179842, "MARIA", "UBX5", 70),
        (520_123_000, 0, 8814881, "A LI", None, 70),
        (646_000_001, 12, 9179842, "GHOST", None, 80),
    ]
    with Store.open(path) as s:
        s.con.executemany(
            "INSERT INTO statics (mmsi, ts, imo, name, callsign, ship_type, line_no)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [[m, T0 + timedelta(hours=h), imo, n, c, t, i]
             for i, (m, h, imo, n, c, t) in enumerate(statics)])
        s.con.execute("INSERT INTO positions (mmsi, ts, line_no) VALUES (445000001, ?, 1),"
                      " (445000001, ?, 2)", [T0, T0 + timedelta(days=3)])
    return path


def jsonl(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_table(db: Path) -> None:
    code, out, err = run(db)
    assert code == 0 and err == ""
    for text in ("ANGARA", "MARIA", "A LI", "RU 273", "KP 445", "?? 646", "IMO check digit",
                 "MID unallocated", "2024-01-01T00:00:00Z"):
        assert text in out


def test_jsonl_timeline(db: Path) -> None:
    code, out, err = run(db, "--format", "jsonl")
    assert code == 0 and err == ""
    records = jsonl(out)
    assert [(r["mmsi"], r["name"]) for r in records] == [
        (273_123_456, "ANGARA"), (273_123_456, "MARIA"), (445_000_001, None),
        (520_123_000, "A LI"), (646_000_001, "GHOST")]
    dprk = records[2]
    assert dprk["basis"] == "positions" and dprk["flag_iso3"] == "PRK"
    assert (dprk["first_seen"], dprk["last_seen"]) == ("2024-01-01T00:00:00Z",
                                                      "2024-01-04T00:00:00Z")
    for r in records:
        for key in ("first_seen", "last_seen"):
            assert str(r[key]).endswith("Z")
            datetime.fromisoformat(str(r[key]))


def test_forged(db: Path) -> None:
    code, out, _ = run(db, "--forged", "--format", "jsonl")
    assert code == 0
    got = {r["mmsi"]: r["forged_reasons"] for r in jsonl(out)}
    assert got == {
        646_000_001: ["unallocated_mid", "shared_imo"],
        273_123_456: ["shared_imo"],
        520_123_000: ["invalid_imo"],
    }
    assert next(iter(got)) == 646_000_001  # most reasons first
    code, out, _ = run(db, "--forged")
    assert code == 0 and "vessels whose identities look forged" in out
    assert "unallocated_mid, shared_imo" in out


def test_mmsi_and_limit(db: Path) -> None:
    code, out, _ = run(db, "--mmsi", "273123456", "--format", "jsonl")
    assert code == 0 and [r["name"] for r in jsonl(out)] == ["ANGARA", "MARIA"]
    code, out, _ = run(db, "--mmsi", "273123456", "--format", "jsonl", "--limit", "1")
    assert code == 0 and [r["name"] for r in jsonl(out)] == ["ANGARA"]


def test_nothing_to_show_is_a_note_not_an_error(db: Path) -> None:
    code, out, err = run(db, "--mmsi", "999")
    assert (code, out) == (0, "") and "no reports from MMSI 999" in err
    code, out, err = run(db, "--mmsi", "445000001", "--forged")
    assert (code, out) == (0, "") and "no vessel identity looks forged" in err


def test_empty_store(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    Store.open(path).close()
    code, out, err = run(path)
    assert (code, out) == (0, "")
    assert "holds no position or static reports" in err and "wakewatch ingest" in err


def test_missing_database_is_a_user_error(tmp_path: Path) -> None:
    code, out, err = run(tmp_path / "nope.duckdb")
    assert (code, out) == (1, "")
    assert err.startswith("wakewatch: error: ") and len(err.strip().splitlines()) == 1


def test_bad_option_is_usage_error(db: Path) -> None:
    code, _, _ = run(db, "--format", "xml")
    assert code == 2
    code, _, _ = run(db, "--limit", "0")
    assert code == 2


def test_store_is_opened_read_only(db: Path) -> None:
    # A read-only connection can coexist with another read-only one; and nothing is written.
    with Store.open(db, read_only=True) as other:
        code, _, _ = run(db, "--format", "jsonl")
        assert code == 0
        tables = other.con.sql("SELECT table_name FROM information_schema.tables").fetchall()
    assert ("vessels",) not in tables and ("mid_flags",) not in tables
