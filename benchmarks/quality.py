"""Detection quality on ground truth: every simulator scenario, several seeds, every kind.

    .venv/bin/python benchmarks/quality.py [--seeds 11,12,13] [--scenarios a,b] [--jobs 2]

For each scenario and seed: ``wakewatch simulate`` (cached under ``benchmarks/_data/quality``
and re-simulated whenever the simulator's source changes),
ingest ``positions.nmea`` into a fresh store, run every detector, and score against
``truth.jsonl`` exactly as ``wakewatch evaluate`` does. Prints a Markdown table per scenario
(truth, detected, matched, precision, recall summed over the seeds) against the bar
(recall >= 0.95, precision >= 0.9), and for ``background`` and ``coverage`` the counts that
must be zero there: intentional gaps, encounters, spoofing. The default seeds are not the
ones the detectors were tuned on (0-5).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "_data" / "quality"
RECALL_BAR, PRECISION_BAR = 0.95, 0.9


def sim_version() -> str:
    """A digest of the simulator's source: cached scenarios are re-simulated when it changes
    (a stale truth file would score today's detectors against yesterday's truth)."""
    import hashlib

    import wakewatch.sim

    digest = hashlib.sha256()
    for path in sorted(Path(wakewatch.sim.__file__).parent.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def one(scenario: str, seed: int, data: Path) -> dict[str, Any]:
    from wakewatch.detect import DETECTABLE_KINDS, run_detection
    from wakewatch.detect.load import load_inputs
    from wakewatch.evaluate import match_events
    from wakewatch.events import read_events_jsonl
    from wakewatch.sim.scenario import simulate
    from wakewatch.store import Store
    from wakewatch.store.load import ingest_path

    out = data / f"{scenario}_s{seed}"
    stamp = out / "sim_version.txt"
    version = sim_version()
    if not ((out / "truth.jsonl").exists() and stamp.exists()
            and stamp.read_text() == version):
        out.mkdir(parents=True, exist_ok=True)
        simulate(scenario, seed=seed, out_dir=out)
        stamp.write_text(version)
    db = out / "store.duckdb"
    db.unlink(missing_ok=True)
    with Store.open(db) as store:
        ingest_path(store, out / "positions.nmea")
        events = run_detection(load_inputs(store))
    db.unlink(missing_ok=True)
    truth = [e for e in read_events_jsonl(out / "truth.jsonl") if e.kind in DETECTABLE_KINDS]
    counts = {k: (m.n_truth, m.n_detected, len(m.matches))
              for k, m in match_events(truth, events).items()}
    must_be_zero = {
        "intentional gaps": sum(1 for e in events
                                if e.kind == "gap" and e.evidence.get("intentional")),
        "encounters": sum(1 for e in events if e.kind == "encounter"),
        "spoofing": sum(1 for e in events if e.kind == "spoofing"),
    }
    return {"scenario": scenario, "seed": seed, "counts": counts, "zero": must_be_zero}


def _ratio(a: int, b: int) -> float | None:
    return None if b == 0 else a / b


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    from wakewatch.sim.scenarios import SCENARIOS

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="11,12,13")
    ap.add_argument("--scenarios", default=",".join(sorted(SCENARIOS)))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--data", type=Path, default=DATA)
    args = ap.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    names = [s for s in args.scenarios.split(",") if s]
    jobs = [(n, s, args.data) for n in names for s in seeds]
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        results = list(pool.map(one, *zip(*jobs, strict=True)))
    ok = True
    for name in names:
        rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        zero: dict[str, int] = defaultdict(int)
        for r in results:
            if r["scenario"] != name:
                continue
            for kind, (t, d, m) in r["counts"].items():
                acc = rows[kind]
                acc[0] += t
                acc[1] += d
                acc[2] += m
            for k, v in r["zero"].items():
                zero[k] += v
        print(f"\n### {name} (seeds {args.seeds})\n")
        print("| kind | truth | detected | matched | precision | recall | bar |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for kind, (t, d, m) in sorted(rows.items()):
            p, rc = _ratio(m, d), _ratio(m, t)
            met = (rc is None or rc >= RECALL_BAR) and (p is None or p >= PRECISION_BAR)
            ok &= met
            print(f"| {kind} | {t} | {d} | {m} | {_fmt(p)} | {_fmt(rc)} | "
                  f"{'met' if met else 'MISSED'} |")
        if name in ("background", "coverage"):
            flat = ", ".join(f"{k}: {v}" for k, v in zero.items())
            bad = any(zero.values())
            ok &= not bad
            print(f"\nmust be zero here — {flat} ({'MISSED' if bad else 'met'})")
    print(f"\nall bars {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
