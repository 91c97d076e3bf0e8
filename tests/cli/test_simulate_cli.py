"""``wakewatch simulate`` through click's CliRunner."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.evaluate import read_events_jsonl
from wakewatch.sim.scenarios import SCENARIOS


def test_simulate_writes_three_files_and_a_summary(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["simulate", "--scenario", "background", "--seed", "4",
                                 "--vessels", "2", "--days", "1.5", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert {p.name for p in tmp_path.iterdir()} == {"positions.nmea", "positions.csv",
                                                      "truth.jsonl"}
    assert r.stdout == ""
    assert len(r.stderr.strip().splitlines()) == 1 and "port_call" in r.stderr
    assert read_events_jsonl(tmp_path / "truth.jsonl")


def test_unknown_scenario_is_exit_1_with_the_known_ones(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["simulate", "--scenario", "nope", "--out", str(tmp_path)])
    assert r.exit_code == 1
    for name in SCENARIOS:
        assert name in r.stderr


def test_every_scenario_is_named_in_the_help() -> None:
    r = CliRunner().invoke(cli, ["simulate", "--help"])
    assert r.exit_code == 0
    for name in SCENARIOS:
        assert name in r.output


def test_sts_through_the_cli_reports_its_truth(tmp_path: Path) -> None:
    r = CliRunner().invoke(cli, ["simulate", "--scenario", "sts", "--seed", "2", "--vessels",
                                 "4", "--days", "3", "--out", str(tmp_path)])
    assert r.exit_code == 0, r.output
    assert "encounter" in r.stderr and "loitering" in r.stderr
