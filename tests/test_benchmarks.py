"""The ingest benchmark still runs (on tiny inputs): figures live in docs/benchmarks.md,
this only keeps the script from rotting. Nothing here asserts a speed."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "ingest.py"


def test_ingest_benchmark_runs_and_accounts_for_every_line(
        capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_ingest", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_ingest"] = module
    spec.loader.exec_module(module)
    assert module.main(["--messages", "2000", "--csv-rows", "2000", "--no-profile"]) == 0
    out = capsys.readouterr().out
    assert "| (c) wakewatch, aiscat |" in out
    # the sum of outcomes equals the number of lines, for every wakewatch run
    sums = [line for line in out.splitlines() if "outcomes:" in line and "sum" in line]
    assert sums and all(" == " in line for line in sums if "lines" in line)


def test_detect_benchmark_runs_on_a_small_scenario(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_detect", BENCH.with_name("detect.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_detect"] = module
    spec.loader.exec_module(module)
    assert module.main(["--positions", "30000", "--base-vessels", "2", "--no-anchor",
                        "--data", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "all detectors" in out and "peak RSS" in out
    copies = int(out.split("replicate x")[1].split()[0])
    assert copies >= 2  # the base was replicated up to the asked size
