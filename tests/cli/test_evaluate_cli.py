"""``wakewatch evaluate`` through click's CliRunner: table, JSON lines, errors (exit 1)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from wakewatch.cli.main import cli
from wakewatch.store import Store

TRUTH = [
    {"kind": "gap", "mmsi": 1, "start": "2024-03-01T00:00:00Z", "end": "2024-03-01T14:00:00Z"},
    {"kind": "gap", "mmsi": 2, "start": "2024-03-02T00:00:00Z", "end": "2024-03-02T14:00:00Z"},
    {"kind": "encounter", "mmsi": 1, "other_mmsi": 2, "start": "2024-03-03T00:00:00Z",
     "end": "2024-03-03T04:00:00Z", "evidence": {}},
]


def write(path: Path, rows: list[object]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["evaluate", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def truth(tmp_path: Path) -> Path:
    return write(tmp_path / "truth.jsonl", list(TRUTH))


def test_truth_against_itself_jsonl(truth: Path) -> None:
    code, out, err = run("--truth", str(truth), "--events", str(truth), "--format", "jsonl")
    assert code == 0 and err == ""
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["kind"] for r in rows] == ["gap", "encounter", "all"]
    for r in rows:
        assert (r["precision"], r["recall"], r["f1"]) == (1.0, 1.0, 1.0)
        assert r["time_tolerance_s"] == 3600.0


def test_table_shows_undefined_as_dash(truth: Path, tmp_path: Path) -> None:
    detected = write(tmp_path / "events.jsonl",
                     [TRUTH[2], {**TRUTH[2], "kind": "loitering", "other_mmsi": None}])
    code, out, _ = run("--truth", str(truth), "--events", str(detected))
    assert code == 0
    assert "time tolerance 3600 s" in out
    gap = next(line for line in out.splitlines() if " gap " in line)
    assert "0.000" in gap and "–" in gap  # recall 0, precision undefined
    loitering = next(line for line in out.splitlines() if "loitering" in line)
    assert "0.000" in loitering and "–" in loitering  # precision 0, recall undefined


def test_set_tolerance_changes_matching(truth: Path, tmp_path: Path) -> None:
    late = {**TRUTH[0], "start": "2024-03-01T16:00:00Z", "end": "2024-03-01T20:00:00Z"}
    detected = write(tmp_path / "events.jsonl", [late])
    args = ("--truth", str(truth), "--events", str(detected), "--format", "jsonl")
    gap = json.loads(run(*args)[1].splitlines()[0])
    assert gap["matched"] == 0 and gap["false_positives"] == 1
    gap = json.loads(run(*args, "--set", "time_tolerance_s=7200")[1].splitlines()[0])
    assert gap["matched"] == 1 and gap["time_tolerance_s"] == 7200.0


def test_without_events_on_an_empty_store_says_to_ingest(truth: Path, tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    Store.open(db).close()
    result = CliRunner().invoke(cli, ["--db", str(db), "evaluate", "--truth", str(truth)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "holds no AIS reports" in result.stderr and "--events" in result.stderr


def test_help_says_detection_runs_on_the_store_without_events() -> None:
    code, out, _ = run("--help")
    assert code == 0 and "detectors run on the store" in " ".join(out.split())
