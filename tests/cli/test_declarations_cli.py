"""``wakewatch declarations`` end to end on a simulated dprk-russia store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.sim.scenarios import build

SEED, VESSELS, DAYS = 3, 6, 7.0


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """simulate seed 3 → ingest → detect → declarations load."""
    tmp = tmp_path_factory.mktemp("decl_cli")
    out, db = tmp / "sim", tmp / "s.duckdb"
    run = CliRunner()
    for args in (["simulate", "--scenario", "dprk-russia", "--seed", str(SEED), "--vessels",
                  str(VESSELS), "--days", str(DAYS), "--out", str(out)],
                 ["--db", str(db), "ingest", str(out / "positions.nmea")],
                 ["--db", str(db), "detect", "--format", "jsonl"],
                 ["--db", str(db), "declarations", "load", str(out / "declarations.csv")]):
        r = run.invoke(cli, args)
        assert r.exit_code == 0, (args, r.output)
    return out, db


def _findings(db: Path) -> list[dict[str, object]]:
    r = CliRunner().invoke(cli, ["--db", str(db), "declarations", "check", "--format", "jsonl"])
    assert r.exit_code == 0, r.output
    return [json.loads(s) for s in r.stdout.splitlines()]


def test_check_flags_the_shuttles_and_not_the_honest_vessels(world: tuple[Path, Path]) -> None:
    out, db = world
    scenario = build("dprk-russia", SEED, VESSELS, DAYS)
    roles = {p.identity.imo: p.role for p in scenario.vessels}
    with (out / "declarations.csv").open(encoding="utf-8") as f:
        rows = {r["declaration_id"]: r for r in csv.DictReader(f)}
    shuttle_ids = {i for i, r in rows.items() if roles[int(r["vessel_imo"])] == "shuttle"}
    honest_ids = set(rows) - shuttle_ids
    assert shuttle_ids and honest_ids
    found = _findings(db)
    assert not {f["declaration_id"] for f in found} & honest_ids
    expected = {e["declaration_id"] for e in map(
        json.loads, (out / "declarations_truth.jsonl").read_text().splitlines())
        if e["kind"] == "discharge_port_not_reached"}
    assert expected
    not_reached = {str(f["declaration_id"]) for f in found
                   if f["kind"] == "discharge_port_not_reached"}
    assert not_reached == expected
    for f in found:
        assert f["mmsi"] is not None and f["detail"]
        assert set(f) >= {"finding_id", "declaration_id", "mmsi", "imo", "kind", "start",
                          "end", "score", "detail", "evidence", "event_ids"}
        assert 0.0 <= float(f["score"]) <= 1.0  # type: ignore[arg-type]


def test_list_and_table_output_and_reload(world: tuple[Path, Path]) -> None:
    out, db = world
    run = CliRunner()
    r = run.invoke(cli, ["--db", str(db), "declarations", "list", "--format", "jsonl"])
    assert r.exit_code == 0
    n = len(r.stdout.splitlines())
    with (out / "declarations.csv").open(encoding="utf-8") as f:
        assert n == sum(1 for _ in csv.DictReader(f))
    r = run.invoke(cli, ["--db", str(db), "declarations"])
    assert r.exit_code == 0 and f"declarations: {n}" in r.stdout
    r = run.invoke(cli, ["--db", str(db), "declarations", "check"])
    assert r.exit_code == 0 and "discharge_port_not_reached" in r.stdout
    r = run.invoke(cli, ["--db", str(db), "declarations", "load",
                         str(out / "declarations.csv")])
    assert r.exit_code == 0 and "already loaded" in r.stderr


def test_a_malformed_file_is_exit_1_and_loads_nothing(tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("imo,pol,pod,loading_date\n7937317,KPRJN,EGPSD,2023-09-03\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("name,callsign\nX,Y\n")
    db = tmp_path / "t.duckdb"
    r = CliRunner().invoke(cli, ["--db", str(db), "declarations", "load", str(good), str(bad)])
    assert r.exit_code == 1
    assert len(r.stderr.strip().splitlines()) == 1 and "header lacks" in r.stderr
    assert not db.exists()      # refused before the store was opened
    CliRunner().invoke(cli, ["--db", str(db), "declarations", "load", str(good)])
    r = CliRunner().invoke(cli, ["--db", str(db), "declarations", "list", "--format", "jsonl"])
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 1
