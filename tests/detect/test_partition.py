"""Partitioned detection gives exactly the events of detection on the whole input."""

from __future__ import annotations

from pathlib import Path

import pytest

from wakewatch.detect import DetectInputs, run_detection
from wakewatch.detect.load import load_inputs
from wakewatch.detect.partition import PartitionPlan, cell_partitions, run_partitioned
from wakewatch.sim.scenario import simulate
from wakewatch.sim.scenarios import SCENARIOS
from wakewatch.store import Store
from wakewatch.store.load import ingest_path


def scenario_inputs(tmp: Path, name: str, seed: int, vessels: int, days: float
                    ) -> DetectInputs:
    simulate(name, seed=seed, out_dir=tmp, vessels=vessels, days=days)
    with Store.open(tmp / "s.duckdb") as store:
        ingest_path(store, tmp / "positions.nmea")
        return load_inputs(store)


@pytest.mark.parametrize("name", sorted({"dprk-russia", "sts"} & set(SCENARIOS)))
def test_partitioned_equals_whole(name: str, tmp_path: Path) -> None:
    inputs = scenario_inputs(tmp_path, name, seed=7, vessels=6, days=4.0)
    whole = run_detection(inputs)
    # small cells and windows: many borders, halos just wide enough for meetings
    plan = PartitionPlan(vessel_parts=3, cell_deg=2.0, halo_deg=0.5, window_h=24.0,
                         halo_h=24.0)
    parts = run_partitioned(inputs, plan=plan)
    assert [e.event_id for e in parts] == [e.event_id for e in whole]
    assert parts == whole


def test_cells_cover_every_position_once_in_their_core(tmp_path: Path) -> None:
    inputs = scenario_inputs(tmp_path, "dprk-russia", seed=3, vessels=4, days=2.0)
    plan = PartitionPlan(cell_deg=3.0, halo_deg=0.0, window_h=12.0, halo_h=0.0)
    sizes = [cw.inputs.positions.height for cw in cell_partitions(inputs, plan)]
    assert len(sizes) > 1
    # with no halo, core cells and windows tile the input (borders may count twice)
    assert inputs.positions.height <= sum(sizes) <= inputs.positions.height * 1.01
