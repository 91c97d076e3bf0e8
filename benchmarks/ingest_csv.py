"""CSV ingest benchmark: ``ingest_path`` on the MarineCadastre CSV of benchmarks/ingest.py.

Usage::

    .venv/bin/python benchmarks/ingest_csv.py [--csv PATH] [--db PATH] [--runs N] [--fingerprint]

Times ``ingest_path`` end to end (SHA-256 included) into a fresh DuckDB file, prints
rows/s, the outcome counts, load average, and with ``--fingerprint`` a hash of the stored
positions / statics / rejects (sorted), to check that a change of the loader stores the
same rows. The CSV is built by ``benchmarks/ingest.py --csv-rows 5000000`` (default path
benchmarks/_data/marinecadastre_5000000.csv).
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = ROOT / "benchmarks" / "_data" / "marinecadastre_5000000.csv"

FINGERPRINTS = {
    "positions": "SELECT mmsi, ts, lat, lon, sog_kn, cog_deg, heading_deg, nav_status, "
                 "msg_type, station, receiver_class, line_no FROM positions",
    "statics": "SELECT * EXCLUDE (source, file_sha256) FROM statics",
    "rejects": "SELECT line_no, reason, raw FROM rejects",
}


def fingerprint(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """Row count and an order-independent hash of each table's rows."""
    out: dict[str, object] = {}
    for name, q in FINGERPRINTS.items():
        n, h = con.sql(
            f"SELECT count(*), sum(hash(t)::HUGEINT) % 18446744073709551616 FROM ({q}) t"
        ).fetchall()[0]
        out[name] = {"rows": int(n), "hash": str(h)}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--db", type=Path, default=Path("/tmp/fastcsv_bench.duckdb"))
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--fingerprint", action="store_true")
    args = ap.parse_args(argv)
    from wakewatch.store.db import Store
    from wakewatch.store.load import ingest_path

    for run in range(args.runs):
        for p in (args.db, args.db.with_name(args.db.name + ".wal")):
            p.unlink(missing_ok=True)
        store = Store.open(args.db)
        load0 = os.getloadavg()[0]
        cpu = time.process_time()
        t = time.perf_counter()
        report = ingest_path(store, args.csv)
        dt = time.perf_counter() - t
        cpu = time.process_time() - cpu
        rows = sum(report.counts.values())
        print(f"run {run + 1}: {dt:.2f} s, {rows / dt:,.0f} rows/s, CPU {cpu:.1f} s, "
              f"load {load0:.2f} -> {os.getloadavg()[0]:.2f}", flush=True)
        print("  counts", json.dumps({k: v for k, v in report.counts.items() if v}),
              "positions", report.positions, "statics", report.statics)
        if args.fingerprint and run == args.runs - 1:
            print("  fingerprint", json.dumps(fingerprint(store.con)))
        store.con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
