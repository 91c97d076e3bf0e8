"""Alert quality: do the DPRK→Russia shuttles rank above every honest vessel, and does honest
traffic raise no alert?

Run from the repository root::

    .venv/bin/python benchmarks/alerts_quality.py [--seeds 21,22,23] [--big-vessels 30]
        [--background-seeds 21,22,23] [--background-vessels 40] [--work DIR] [--reuse]

For every ``dprk-russia`` seed (default 13 vessels, plus one run with ``--big-vessels``):
simulate → ingest (NMEA) → detect → load the bundled OFAC SDN list (2024-05-03) and
``screen --fleet`` (sanctions_hit events) → (``declarations load`` when the simulator wrote a
``declarations.csv``) → :func:`wakewatch.infer.alerts.assess`. Vessel roles come from the
scenario itself (:func:`wakewatch.sim.scenarios.build`, ``VesselPlan.role``): ``shuttle``
(the Rajin ↔ Vostochny runs), ``meet`` (the two ships of the at-sea transfer; neither
shuttle nor honest), ``background`` (honest). Printed: the rank and risk of every shuttle
and the best honest rank. **Bar**: every shuttle ranks above every honest vessel.

For every ``background`` seed: the number of vessels at or above the default alert threshold.
**Bar**: 0. Seeds 21-23 were not used to set weights or the threshold (seeds 1-3 were looked
at while writing the code).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WW = str(ROOT / ".venv" / "bin" / "wakewatch")
OFAC = ROOT / "src" / "wakewatch" / "data" / "lists" / "ofac_sdn_2024-05-03.csv.gz"


def _run(*args: str) -> None:
    subprocess.run([WW, *args], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


REUSE = False


def _pipeline(work: Path, scenario: str, seed: int, vessels: int | None) -> Path:
    out = work / f"{scenario}-{seed}-{vessels or 'd'}"
    db = out.with_suffix(".duckdb")
    if REUSE and (out / "done").exists():
        return db
    if db.exists():
        db.unlink()
    size = ["--vessels", str(vessels)] if vessels else []
    _run("simulate", "--scenario", scenario, "--seed", str(seed), *size, "--out", str(out))
    _run("--db", str(db), "ingest", str(out / "positions.nmea"))
    _run("--db", str(db), "detect")
    try:
        _run("--db", str(db), "lists", "load", str(OFAC))
        _run("--db", str(db), "screen", "--fleet")
    except subprocess.CalledProcessError as exc:
        print(f"  (screening failed: {' '.join(exc.cmd[1:])}; no sanctions indicators)")
    decl = out / "declarations.csv"
    if decl.exists():
        try:
            _run("--db", str(db), "declarations", "load", str(decl))
        except subprocess.CalledProcessError:
            print(f"  (declarations load failed for {decl}; no declaration indicators)")
    (out / "done").write_text("")
    return db


WHY: dict[int, str] = {}
"""MMSI → its indicators (practice/indicator weighted score), for the alerted honest ones."""


def _assess(db: Path) -> list[tuple[int, float]]:
    from wakewatch.infer.alerts import assess
    from wakewatch.infer.inputs import load_inputs
    from wakewatch.store.db import Store

    with Store.open(db, read_only=True) as store:
        risks = assess(load_inputs(store))
    for v in risks:
        WHY[v.mmsi] = "; ".join(f"{i.indicator} {i.weighted:.2f}: {i.detail}"
                                for i in v.indicators)
    return [(v.mmsi, v.risk) for v in risks]


def _roles(scenario: str, seed: int, vessels: int | None) -> dict[int, str]:
    from wakewatch.sim.scenarios import build

    return {p.identity.mmsi: p.role for p in build(scenario, seed, vessels).vessels}


def dprk(work: Path, seed: int, vessels: int | None) -> bool:
    from wakewatch.infer.alerts import PARAMS

    threshold = PARAMS.defaults()["alert_threshold"]
    roles = _roles("dprk-russia", seed, vessels)
    risks = dict(_assess(_pipeline(work, "dprk-russia", seed, vessels)))
    ranked = sorted(roles, key=lambda m: (-risks.get(m, 0.0), m))
    rank = {m: i + 1 for i, m in enumerate(ranked)}
    shuttles = [m for m in ranked if roles[m] == "shuttle"]
    honest = [m for m in ranked if roles[m] == "background"]
    meet = [m for m in ranked if roles[m] == "meet"]
    worst_shuttle = max(rank[m] for m in shuttles)
    best_honest = min((rank[m] for m in honest), default=len(ranked) + 1)
    ok = worst_shuttle < best_honest and all(
        risks.get(m, 0.0) > max((risks.get(h, 0.0) for h in honest), default=0.0)
        for m in shuttles)
    print(f"dprk-russia seed {seed} ({len(roles)} vessels): "
          + "; ".join(f"shuttle {m} rank {rank[m]} risk {risks.get(m, 0.0):.3f}"
                      for m in shuttles))
    print("  meet: " + "; ".join(f"{m} rank {rank[m]} risk {risks.get(m, 0.0):.3f}"
                                  for m in meet))
    top_h = honest[0] if honest else None
    print("  best honest: "
          + (f"{top_h} rank {rank[top_h]} risk {risks.get(top_h, 0.0):.3f}" if top_h else "-")
          + f"; honest alerted (>= {threshold}): "
          f"{sum(risks.get(h, 0.0) >= threshold for h in honest)}/{len(honest)}"
          f"; shuttles alerted: {sum(risks.get(m, 0.0) >= threshold for m in shuttles)}"
          f"/{len(shuttles)}  -> {'PASS' if ok else 'FAIL'}")
    for h in honest:
        if risks.get(h, 0.0) >= threshold:
            print(f"  honest {h} alerted: {WHY.get(h, '')}")
    return ok


def background(work: Path, seed: int, vessels: int | None) -> bool:
    from wakewatch.infer.alerts import PARAMS

    threshold = PARAMS.defaults()["alert_threshold"]
    risks = _assess(_pipeline(work, "background", seed, vessels))
    over = [(m, r) for m, r in risks if r >= threshold]
    top = max(risks, key=lambda x: x[1]) if risks else None
    print(f"background seed {seed} ({vessels or 'default'} vessels, {len(risks)} with "
          f"events): {len(over)} alerts "
          f">= {threshold}; highest risk "
          + (f"{top[1]:.3f} (MMSI {top[0]})" if top else "-")
          + f"  -> {'PASS' if not over else 'FAIL'}")
    for m, _ in over:
        print(f"  {m} alerted: {WHY.get(m, '')}")
    return not over


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default="21,22,23")
    ap.add_argument("--big-vessels", type=int, default=30)
    ap.add_argument("--big-seed", type=int, default=24)
    ap.add_argument("--background-seeds", default="21,22,23")
    ap.add_argument("--background-vessels", type=int, default=40,
                    help="Also run each background seed with this many vessels (0: no).")
    ap.add_argument("--work", type=Path, default=None)
    ap.add_argument("--reuse", action="store_true",
                    help="Reuse finished stores in --work (re-score only).")
    a = ap.parse_args(argv)
    global REUSE
    REUSE = a.reuse
    work = a.work or Path(tempfile.mkdtemp(prefix="ww-alerts-"))
    work.mkdir(parents=True, exist_ok=True)
    ok = True
    for s in (int(x) for x in a.seeds.split(",") if x):
        ok &= dprk(work, s, None)
    if a.big_vessels:
        ok &= dprk(work, a.big_seed, a.big_vessels)
    for s in (int(x) for x in a.background_seeds.split(",") if x):
        ok &= background(work, s, None)
        if a.background_vessels:
            ok &= background(work, s, a.background_vessels)
    print("ALL BARS MET" if ok else "SOME BAR MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
