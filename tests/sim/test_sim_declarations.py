"""sim.declarations: false shuttle declarations, honest background ones, their expectations."""

from __future__ import annotations

import csv
import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from wakewatch.declarations.load import load_declarations
from wakewatch.geo.destinations import parse_destination
from wakewatch.sim.declarations import declarations_for, write_declarations
from wakewatch.sim.scenario import simulate
from wakewatch.sim.scenarios import build
from wakewatch.store.db import Store
from wakewatch.store.declarations import read_declarations

SEED, VESSELS, DAYS = 2, 5, 5.0


@pytest.fixture(scope="module")
def sim(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("decl_sim")
    simulate("dprk-russia", SEED, out, vessels=VESSELS, days=DAYS)
    assert write_declarations(build("dprk-russia", SEED, VESSELS, DAYS), SEED, out) > 0
    return out


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _truth(sim: Path) -> list[dict[str, Any]]:
    return [json.loads(s) for s in (sim / "truth.jsonl").read_text().splitlines()]


def test_every_declaration_loads_without_a_reject(sim: Path) -> None:
    with Store.open(":memory:") as store:
        r = load_declarations(store, sim / "declarations.csv")
        assert (r.rejected, r.duplicate) == (0, 0)
        assert r.accepted == len(_rows(sim / "declarations.csv"))
        assert read_declarations(store).height == r.accepted


def test_shuttle_declarations_are_false_in_the_documented_way(sim: Path) -> None:
    scenario = build("dprk-russia", SEED, VESSELS, DAYS)
    shuttles = {p.identity.imo: p for p in scenario.vessels if p.role == "shuttle"}
    rajin_calls = {p.identity.mmsi: 0 for p in shuttles.values()}
    for ev in _truth(sim):
        if ev["kind"] in ("port_call", "dark_port_call") and ev["port"] == "KPRJN" \
                and ev["mmsi"] in rajin_calls:
            rajin_calls[ev["mmsi"]] += 1
    rows = [r for r in _rows(sim / "declarations.csv") if int(r["vessel_imo"]) in shuttles]
    assert len(rows) == sum(rajin_calls.values()) > 0
    for r in rows:
        plan = shuttles[int(r["vessel_imo"])]
        assert r["vessel_name"] == plan.identity.name
        assert r["port_of_discharge"] == parse_destination(plan.destination).port_locode
        assert r["port_of_discharge"][:2] in ("EG", "SA", "SY")
        assert r["consignee_country"] == r["port_of_discharge"][:2]
        assert r["port_of_loading"] in ("RUZAR", "KPRJN")
        assert r["discharge_date"] > r["loading_date"]


def test_background_declarations_follow_the_true_calls(sim: Path) -> None:
    scenario = build("dprk-russia", SEED, VESSELS, DAYS)
    honest = {p.identity.imo: p.identity.mmsi for p in scenario.vessels
              if p.role == "background"}
    calls: dict[int, list[tuple[str, str]]] = {}
    for ev in _truth(sim):
        if ev["kind"] in ("port_call", "dark_port_call"):
            calls.setdefault(ev["mmsi"], []).append((ev["port"], ev["evidence"]["departure"]))
    rows = [r for r in _rows(sim / "declarations.csv") if int(r["vessel_imo"]) in honest]
    assert rows
    for r in rows:
        legs = calls[honest[int(r["vessel_imo"])]]
        pairs = [(a[0], b[0], a[1]) for a, b in pairwise(legs)]
        assert any(r["port_of_loading"] == pol and r["port_of_discharge"] == pod
                   and r["loading_date"] in (dep[:10], dep[:19] + "Z")
                   for pol, pod, dep in pairs)
    expected = {e["declaration_id"] for e in map(
        json.loads, (sim / "declarations_truth.jsonl").read_text().splitlines())}
    assert not expected & {r["declaration_id"] for r in rows}


def test_expected_findings_cover_every_false_declaration(sim: Path) -> None:
    exp = [json.loads(s) for s in (sim / "declarations_truth.jsonl").read_text().splitlines()]
    rows = {r["declaration_id"]: r for r in _rows(sim / "declarations.csv")}
    for e in exp:
        r = rows[e["declaration_id"]]
        if e["kind"] == "loading_port_not_visited":
            assert r["port_of_loading"] == "RUZAR"
        if e["kind"] == "arms_cargo":
            assert r["hs_code"].startswith(("93", "36"))
    cover = {i for i, r in rows.items() if r["port_of_loading"] == "RUZAR"}
    assert cover <= {e["declaration_id"] for e in exp if e["kind"] == "loading_port_not_visited"}


def test_the_same_seed_gives_the_same_declarations(sim: Path) -> None:
    scenario = build("dprk-russia", SEED, VESSELS, DAYS)
    assert declarations_for(scenario, _truth(sim), SEED) == declarations_for(
        scenario, _truth(sim), SEED)


def test_scenarios_without_declarations_write_nothing(tmp_path: Path) -> None:
    assert write_declarations(build("background", 1, 1, 0.5), 1, tmp_path) == 0
    assert list(tmp_path.iterdir()) == []
