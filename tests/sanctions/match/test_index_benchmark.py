"""benchmarks/screening_lists.py still runs (tiny sizes): its figures live in
docs/screening.md; this only keeps the script from rotting. Nothing here asserts a speed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[3] / "benchmarks" / "screening_lists.py"
LISTS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "real" / "sanctions"
pytestmark = pytest.mark.skipif(not (LISTS / "ofac_sdn_2024-05-03.csv.gz").exists(),
                                reason="real sanctions lists not present")


def test_screening_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_screening_lists", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_screening_lists"] = module
    spec.loader.exec_module(module)
    assert module.main(["--entities", "6", "--queries", "60", "--workers", "1",
                        "--logic-v2-entities", "0"]) == 0
    out = capsys.readouterr().out
    assert "(a1) wakewatch over ssb's candidate pool" in out
    assert "60 queries against OFAC + UN" in out and "candidate recall of the index" in out
