"""sim.scenario: the truth is true — checked against the emitted files after ingest."""

from __future__ import annotations

import csv
import gzip
from datetime import timedelta
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from wakewatch.evaluate import read_events_jsonl, score_events
from wakewatch.geo import haversine_m, on_land
from wakewatch.identity.imo import imo_check_digit_ok
from wakewatch.sim.scenario import simulate
from wakewatch.sim.scenarios import build
from wakewatch.sim.scenarios.dprk_russia import SANCTIONED_IMO
from wakewatch.store.db import Store
from wakewatch.store.load import ingest_path

OFAC = (Path(__file__).resolve().parents[3] / "shared" / "data" / "real" / "sanctions"
        / "ofac_sdn_2024-05-03.csv.gz")
FILES = ("positions.nmea", "positions.csv", "truth.jsonl")
SMALL = {"vessels": 5, "days": 4.0}


@cache
def generated(tmp: Path, seed: int = 1) -> Path:
    out = tmp / f"dprk-{seed}"
    simulate("dprk-russia", seed, out, **SMALL)  # type: ignore[arg-type]
    return out


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generated(tmp_path_factory.mktemp("sim"))


@pytest.fixture(scope="module")
def stored(out: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    store = Store.open(tmp_path_factory.mktemp("db") / "db.duckdb")
    ingest_path(store, out / "positions.nmea")
    return store


def test_truth_reads_back_and_scores_one_against_itself(out: Path) -> None:
    truth = read_events_jsonl(out / "truth.jsonl")
    kinds = {e.kind for e in truth}
    assert {"gap", "port_call", "dark_port_call", "draught_change", "identity_change",
            "invalid_imo"} <= kinds
    for row in score_events(truth, truth):
        if row.truth:
            assert row.precision == row.recall == row.f1 == 1.0


def test_every_truth_gap_is_a_real_gap_in_the_stored_reports(out: Path, stored: Store) -> None:
    gaps = [e for e in read_events_jsonl(out / "truth.jsonl") if e.kind == "gap"]
    assert gaps and all(e.end - e.start >= timedelta(hours=12) for e in gaps
                        if e.evidence["intentional"])
    for g in gaps:
        inside, before, after = stored.con.execute(
            "SELECT count(*) FILTER (WHERE ts > ? AND ts < ?), count(*) FILTER (WHERE ts <= ?),"
            " count(*) FILTER (WHERE ts >= ?) FROM positions WHERE mmsi = ?",
            [g.start, g.end, g.start, g.end, g.mmsi]).fetchone() or (None, None, None)
        assert inside == 0 and before and after, g


def test_dark_rajin_stays_and_the_shuttle_identities(out: Path, stored: Store) -> None:
    truth = read_events_jsonl(out / "truth.jsonl")
    dark = [e for e in truth if e.kind == "dark_port_call"]
    assert dark and all(e.port == "KPRJN" for e in dark)
    gaps = {(e.mmsi, e.start, e.end) for e in truth if e.kind == "gap"}
    assert all((e.mmsi, e.start, e.end) in gaps for e in dark)
    ups = [e for e in truth if e.kind == "draught_change" and e.port == "KPRJN"]
    assert ups and all(e.evidence["direction"] == "up" for e in ups)
    imos = {r[0] for r in stored.con.execute("SELECT DISTINCT imo FROM statics").fetchall()}
    assert SANCTIONED_IMO in imos
    bad = [e for e in truth if e.kind == "invalid_imo"]
    assert len(bad) == 1 and not imo_check_digit_ok(bad[0].evidence["imo"])
    dests = {r[0] for r in stored.con.execute(
        "SELECT DISTINCT destination FROM statics WHERE mmsi IN (SELECT mmsi FROM statics "
        "WHERE imo = ?)", [SANCTIONED_IMO]).fetchall()}
    assert len(dests) == 1 and not dests & {"VOSTOCHNY", "RAJIN"}


@pytest.mark.skipif(not OFAC.exists(), reason="shared OFAC list not present")
def test_the_sanctioned_imo_is_on_the_ofac_list() -> None:
    with gzip.open(OFAC, "rt", encoding="latin-1") as f:
        rows = [r for r in csv.reader(f) if len(r) > 11 and f"IMO {SANCTIONED_IMO}" in r[11]]
    assert rows and rows[0][3] == "DPRK"


def test_no_stored_position_on_land_except_at_berths(out: Path, stored: Store) -> None:
    pos = stored.con.execute("SELECT lat, lon FROM positions").fetchnumpy()
    lat, lon = np.asarray(pos["lat"]), np.asarray(pos["lon"])
    land = on_land(lat, lon)
    calls = [e for e in read_events_jsonl(out / "truth.jsonl") if e.lat is not None]
    for la, lo in zip(lat[land], lon[land], strict=True):
        assert any(float(haversine_m(la, lo, c.lat, c.lon)) < 2000 for c in calls)
    assert land.mean() < 0.01


def test_same_seed_same_bytes_other_seed_differs(out: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    simulate("dprk-russia", 1, again, **SMALL)  # type: ignore[arg-type]
    for name in FILES:
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    other = tmp_path / "other"
    simulate("dprk-russia", 2, other, **SMALL)  # type: ignore[arg-type]
    for name in FILES:
        assert (other / name).read_bytes() != (out / name).read_bytes(), name


def test_background_truth_is_port_calls_only(tmp_path: Path) -> None:
    s = simulate("background", 3, tmp_path, vessels=3, days=2)
    assert set(s["truth"]) <= {"port_call", "gap"} and s["truth"]["port_call"] > 0
    assert len(build("background", 3, 3, 2).vessels) == 3


def test_dprk_russia_meeting_at_sea_is_a_true_encounter(tmp_path: Path) -> None:
    from sim_checks import assert_encounters_are_true, assert_loitering_is_true, generate

    from wakewatch.identity.mid import flag_info

    out, store = generate(tmp_path, "dprk-russia", 4, vessels=6, days=4.0)
    (enc,) = [e for e in read_events_jsonl(out / "truth.jsonl") if e.kind == "encounter"]
    assert enc.other_mmsi is not None
    flags = {flag_info(m).iso2 for m in (enc.mmsi, enc.other_mmsi)}  # type: ignore[union-attr]
    assert flags == {"KP", "RU"}
    assert_encounters_are_true(out, store)
    assert_loitering_is_true(out, store)
    assert len(build("dprk-russia", 4, 5, 4.0).vessels) == 5   # too few for a meeting
