"""``wakewatch detect --watch-ports FILE`` (dark_port_call's user ports of concern)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.sim.scenario import simulate
from wakewatch.store import Store
from wakewatch.store.load import ingest_path


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sim")
    simulate("dprk-russia", seed=2, out_dir=out, vessels=5, days=4.0)
    path = out / "s.duckdb"
    with Store.open(path) as store:
        ingest_path(store, out / "positions.nmea")
    return path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def calls(out: str) -> list[dict[str, object]]:
    return [e for e in map(json.loads, out.splitlines()) if e["kind"] == "dark_port_call"]


def test_shipped_list_finds_the_dark_rajin_calls(db: Path) -> None:
    code, out, _ = run(db, "detect", "--kinds", "dark_port_call", "--format", "jsonl")
    found = calls(out)
    assert code == 0 and found and {e["port"] for e in found} == {"KPRJN"}


def test_malformed_watch_ports_is_a_one_line_user_error(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "w.csv"
    bad.write_text("locode,name,lat,lon\nXXAAA,A,91,0\n", encoding="utf-8")
    code, _, err = run(db, "detect", "--kinds", "dark_port_call", "--watch-ports", str(bad))
    assert code == 1
    assert err.strip().count("\n") == 0 and "line 2" in err


def test_watch_ports_file_reaches_the_detector(db: Path, tmp_path: Path) -> None:
    moved = tmp_path / "w.csv"  # Rajin moved far away: its dark calls can no longer be
    moved.write_text("locode,name,lat,lon\nKPRJN,Elsewhere,0,-150\n", encoding="utf-8")
    code, out, _ = run(db, "detect", "--kinds", "dark_port_call", "--format", "jsonl",
                       "--watch-ports", str(moved))
    assert code == 0 and "KPRJN" not in {e["port"] for e in calls(out)}
