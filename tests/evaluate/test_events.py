"""The events file reader: the contract's shape in, a clear error naming file and line out."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from wakewatch.errors import InputError, InputNotFoundError
from wakewatch.evaluate import Event, EventsFileError, read_events_jsonl

GOOD = {
    "event_id": "enc-1", "kind": "encounter", "mmsi": 273000001, "other_mmsi": 273000002,
    "start": "2024-03-01T22:00:00Z", "end": "2024-03-02T01:30:00Z", "lat": 42.1,
    "lon": 133.5, "port": None, "score": 0.9, "evidence": {"median_distance_m": 120.0},
    "detector": "encounters", "version": "1", "params": {"max_distance_m": 500},
}


def write(path: Path, *lines: object) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n"
                            for x in lines))
    return path


def test_reads_the_contract_shape_with_z_times(tmp_path: Path) -> None:
    port_call = {"kind": "port_call", "mmsi": 273000001, "start": "2024-03-03T00:00:00+09:00",
                 "end": "2024-03-04T00:00:00Z", "port": "RU VYP"}
    events = read_events_jsonl(write(tmp_path / "e.jsonl", GOOD, "", port_call))
    assert len(events) == 2
    enc, pc = events
    assert enc == Event(kind="encounter", mmsi=273000001, other_mmsi=273000002,
                        start=datetime(2024, 3, 1, 22, tzinfo=UTC),
                        end=datetime(2024, 3, 2, 1, 30, tzinfo=UTC), event_id="enc-1",
                        lat=42.1, lon=133.5, score=0.9, detector="encounters", version="1")
    assert enc.evidence == {"median_distance_m": 120.0} and enc.vessels == (273000001, 273000002)
    assert pc.start == datetime(2024, 3, 2, 15, tzinfo=UTC) and pc.start.tzinfo is UTC
    assert pc.port == "RUVYP" and pc.evidence == {} and pc.other_mmsi is None


def test_event_is_frozen_and_hashable() -> None:
    e = Event(kind="gap", mmsi=1, start=datetime(2024, 1, 1, tzinfo=UTC),
              end=datetime(2024, 1, 2, tzinfo=UTC), evidence={"n": 1})
    with pytest.raises(AttributeError):
        e.mmsi = 2  # type: ignore[misc]
    assert len({e, e}) == 1


@pytest.mark.parametrize(("line", "message"), [
    ("{not json", "not JSON"),
    ("[1, 2]", "not a JSON object"),
    ({**GOOD, "kind": "teleport"}, "unknown kind 'teleport'"),
    ({k: v for k, v in GOOD.items() if k != "kind"}, "unknown kind None"),
    ({**GOOD, "start": "2024-03-01T22:00:00"}, "start '2024-03-01T22:00:00' has no time zone"),
    ({k: v for k, v in GOOD.items() if k != "end"}, "end missing"),
    ({**GOOD, "end": "yesterday"}, "end 'yesterday' is not an ISO 8601 time"),
    ({**GOOD, "end": "2024-03-01T21:00:00Z"}, "is before start"),
    ({**GOOD, "mmsi": "273000001"}, "mmsi '273000001' is not an MMSI"),
    ({**GOOD, "other_mmsi": None}, "needs other_mmsi"),
    ({**GOOD, "score": 1.5}, "score 1.5 is outside [0, 1]"),
    ({**GOOD, "lat": 91}, "lat 91 is outside"),
    ({**GOOD, "port": "Vostochny"}, "not a UN/LOCODE"),
    ({**GOOD, "evidence": [1]}, "evidence is not a JSON object"),
])
def test_bad_line_names_file_and_line(tmp_path: Path, line: object, message: str) -> None:
    path = write(tmp_path / "bad.jsonl", GOOD, line)
    with pytest.raises(EventsFileError) as info:
        read_events_jsonl(path)
    err = info.value
    assert isinstance(err, InputError)
    assert str(err).startswith(f"{path}:2: ") and message in str(err)
    assert err.line_no == 2 and err.path == str(path) and "\n" not in str(err)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputNotFoundError, match="no such file"):
        read_events_jsonl(tmp_path / "nope.jsonl")


def test_empty_file_is_no_events(tmp_path: Path) -> None:
    assert read_events_jsonl(write(tmp_path / "e.jsonl", "", "  ")) == []
