"""``wakewatch detect`` and ``wakewatch events`` on a small simulated store, through click."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.events import event_from_json
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


def stored_count(db: Path) -> int:
    with Store.open(db, read_only=True) as store:
        return int(store.con.sql("SELECT count(*) FROM events").fetchall()[0][0])


def test_detect_prints_contract_jsonl_and_rerun_does_not_duplicate(db: Path) -> None:
    code, out, err = run(db, "detect", "--format", "jsonl")
    assert code == 0 and "positions" in err
    events = [json.loads(line) for line in out.splitlines()]
    for obj in events:
        assert obj["start"].endswith("Z") and obj["end"].endswith("Z")
        event_from_json(obj)  # the DESIGN.md shape, readable back
    n = stored_count(db)
    assert n == len(events)
    assert run(db, "detect", "--format", "jsonl")[1] == out  # deterministic, same ids
    assert stored_count(db) == n


def test_events_lists_what_detect_stored_with_filters(db: Path) -> None:
    run(db, "detect", "--format", "jsonl")
    _, everything, _ = run(db, "events", "--format", "jsonl")
    kinds = {json.loads(line)["kind"] for line in everything.splitlines()}
    for kind in kinds:
        _, only, _ = run(db, "events", "--kinds", kind, "--format", "jsonl")
        assert only and {json.loads(line)["kind"] for line in only.splitlines()} == {kind}
    code, table, _ = run(db, "events", "--limit", "3")
    assert code == 0 and "stored events" in table


def test_detect_one_kind_keeps_the_others(db: Path) -> None:
    run(db, "detect", "--format", "jsonl")
    before = stored_count(db)
    code, _, _ = run(db, "detect", "--kinds", "invalid_imo", "--format", "jsonl")
    assert code == 0 and stored_count(db) == before


@pytest.mark.parametrize(("args", "message"), [
    (("--kinds", "teleport"), "no detector for teleport"),
    (("--set", "gaps"), "COMPONENT.NAME=VALUE"),
    (("--set", "nosuch.x=1"), "unknown component 'nosuch'"),
    (("--set", "gaps.no_such_param=1"), "gaps has no parameter 'no_such_param'"),
    (("--since", "yesterday"), "not an ISO 8601 time"),
    (("--bbox", "1,2,3"), "expected W,S,E,N"),
])
def test_bad_options_are_one_line_errors(db: Path, args: tuple[str, ...], message: str
                                         ) -> None:
    code, out, err = run(db, "detect", *args)
    assert code == 1 and out == "" and message in err and err.count("\n") == 1


def test_config_file_sets_parameters(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[gaps]\nno_such_param = 3\n")
    code, _, err = run(db, "detect", "--config", str(bad))
    assert code == 1 and "gaps has no parameter" in err
    broken = tmp_path / "broken.toml"
    broken.write_text("[gaps\n")
    assert "not TOML" in run(db, "detect", "--config", str(broken))[2]


def test_detect_on_an_empty_store_says_to_ingest(tmp_path: Path) -> None:
    code, _, err = run(tmp_path / "empty.duckdb", "detect")
    assert code == 1 and "wakewatch ingest" in err
