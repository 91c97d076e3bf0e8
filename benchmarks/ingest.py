"""Ingest throughput benchmark: wakewatch vs a plain pyais decode loop, plus the CSV loader.

Run from the repository root::

    .venv/bin/python benchmarks/ingest.py [--messages N] [--csv-rows N] [--keep]

It builds (once; reused while the size matches) under ``benchmarks/_data/``:

* an NMEA 4.0 log of >= N AIS messages replayed from the real samples in
  ``/work/shared/data/real/ais-nmea`` with shifted times and MMSIs, tag blocks
  (``s:`` station, ``c:`` UNIX time, ``g:`` groups for multi-part messages), ~2 %
  duplicates heard by another station a few seconds later and a handful of corrupted lines;
* a MarineCadastre CSV of >= N rows replicated from the real 100k-row sample.

Then it times (wall clock, one warm run each) the pyais anchor loop, ``ingest_path`` with
each decoder into a fresh DuckDB file, and the CSV loader; prints the ratios against the
bars and a per-stage breakdown; and writes cProfile reports (top 25 cumulative).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import functools
import gzip
import io
import json
import pstats
import random
import re
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "_data"
REAL = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "real"
NMEA_SAMPLES = [REAL / "ais-nmea" / f"{name}.nmea.gz" for name in (
    "gpsd_aishub_global_3min", "amsa_risky_australia_2012-01-27", "dma_aislib_stream_2010-06-11")]
CSV_SAMPLE = REAL / "ais-csv" / "marinecadastre_AIS_2022_01_03_first100k.csv.gz"
GEN_VERSION = 1

T0 = 1_700_000_000          # first c: time (2023-11-14)
RATE = 500                  # messages per second of replayed time (a busy aggregated feed)
DUP_RATE = 0.02
N_CORRUPT = 40
MMSI_STEP = 7919            # per replay round, added to the last six MMSI digits

BARS = {"numpy": 5.0, "aiscat": 5.0, "pyais": 0.8}
LABELS = {"pyais": "(b) wakewatch, pyais", "aiscat": "(c) wakewatch, aiscat",
          "numpy": "(e) wakewatch, numpy"}
CSV_BAR = 1_000_000

_SENTENCE = re.compile(
    r"^!([A-Z]{2}VD[MO]),(\d),(\d),([^,]*),([^,]*),([0-9:;<=>?@A-W`a-w]*),([0-5])\*([0-9A-F]{2})$")
_ENC = [chr(v + 48) if v < 40 else chr(v + 56) for v in range(64)]
_DEC = {c: v for v, c in enumerate(_ENC)}


def xor(text: str) -> int:
    x = 0
    for b in text.encode("ascii"):
        x ^= b
    return x


# --------------------------------------------------------------------------------------------
# data generation
# --------------------------------------------------------------------------------------------


class Fragment:
    """One sentence of a template message, split around the MMSI characters."""

    __slots__ = ("head", "mmsi", "payload", "rest_xor", "tail", "word")

    def __init__(self, talker: str, cnt: str, num: str, seq: str, chan: str, payload: str,
                 fill: str) -> None:
        self.head = f"!{talker},{cnt},{num},{seq},{chan},"
        self.payload = payload
        self.tail = f",{fill}"
        body = f"{talker},{cnt},{num},{seq},{chan},{payload},{fill}"
        self.word = -1
        self.mmsi = -1
        self.rest_xor = xor(body)
        if num == "1" and len(payload) >= 7:
            # characters 1..6 hold message bits 6..41; the MMSI is bits 8..37
            w = 0
            for c in payload[1:7]:
                w = (w << 6) | _DEC[c]
            self.word = w
            self.mmsi = (w >> 4) & ((1 << 30) - 1)
            self.rest_xor ^= xor(payload[1:7])

    def emit(self, mmsi: int) -> str:
        """The sentence with ``mmsi`` written into the payload and a fresh checksum."""
        if self.word < 0:
            return f"{self.head}{self.payload}{self.tail}*{self.rest_xor:02X}"
        w = (self.word & ~(((1 << 30) - 1) << 4)) | (mmsi << 4)
        six = "".join([_ENC[(w >> s) & 63] for s in (30, 24, 18, 12, 6, 0)])
        p = self.payload
        return f"{self.head}{p[0]}{six}{p[7:]}{self.tail}*{self.rest_xor ^ xor(six):02X}"


def load_templates() -> list[tuple[int, list[Fragment]]]:
    """Whole AIS messages (sample index, fragments) from the real samples, in file order."""
    out: list[tuple[int, list[Fragment]]] = []
    for k, path in enumerate(NMEA_SAMPLES):
        pending: list[Fragment] = []
        want = (0, "")
        with gzip.open(path, "rt", encoding="ascii", errors="replace") as f:
            for line in f:
                m = _SENTENCE.match(line.strip())
                if m is None:
                    continue
                talker, cnt, num, seq, chan, payload, fill, cs = m.groups()
                if xor(line.strip()[1:line.strip().index("*")]) != int(cs, 16):
                    continue
                frag = Fragment(talker, cnt, num, seq, chan, payload, fill)
                n_cnt, n_num = int(cnt), int(num)
                if n_cnt == 1:
                    out.append((k, [frag]))
                    pending = []
                elif n_num == 1:
                    pending, want = [frag], (n_cnt, seq)
                elif pending and want == (n_cnt, seq) and len(pending) == n_num - 1:
                    pending.append(frag)
                    if n_num == n_cnt:
                        out.append((k, pending))
                        pending = []
                else:
                    pending = []
    return out


def shifted_mmsi(mmsi: int, rnd: int) -> int:
    if rnd == 0:
        return mmsi
    if 100_000_000 <= mmsi <= 999_999_999:   # keep the MID (first three digits)
        return mmsi - mmsi % 1_000_000 + (mmsi % 1_000_000 + rnd * MMSI_STEP) % 1_000_000
    return (mmsi + rnd * MMSI_STEP) % (1 << 30)


def tagged(station: str, t: int | None, group: str | None, sentence: str) -> str:
    parts = [f"s:{station}"]
    if t is not None:
        parts.append(f"c:{t}")
    if group is not None:
        parts.append(f"g:{group}")
    body = ",".join(parts)
    return f"\\{body}*{xor(body):02X}\\{sentence}"


def corrupt(line: str, rng: random.Random) -> str:
    kind = rng.randrange(3)
    sent_at = line.rindex("\\") + 1
    if kind == 0:   # a flipped payload character: checksum mismatch
        comma = line.index(",", line.index(",", sent_at + 10) + 1)
        i = comma + 2
        c = line[i]
        return line[:i] + ("0" if c != "0" else "1") + line[i + 1:]
    if kind == 1:   # a truncated line (receiver dropped the rest)
        return line[:sent_at + rng.randrange(8, 30)]
    return line[:sent_at] + "!AIVDM,1,1,,A,\x7f\x7fgarbage,0*00"


def build_nmea(n_messages: int, path: Path) -> dict[str, Any]:
    rng = random.Random(20240611)
    templates = load_templates()
    stations = [[f"{prefix}{i:03d}" for i in range(12)]
                for prefix in ("AISHUB", "AMSA", "DMA")]
    corrupt_at = set(rng.sample(range(n_messages), N_CORRUPT))
    lines: list[str] = []
    pending: list[tuple[int, list[str]]] = []   # (emit at message index, lines) duplicates
    counts = {"messages": 0, "lines": 0, "multipart_messages": 0, "duplicates": 0,
              "corrupted_lines": 0}
    gid = 0
    emitted = 0
    rnd = 0
    with path.open("w", encoding="ascii", newline="\n") as out:
        while emitted < n_messages:
            for k, frags in templates:
                if emitted >= n_messages:
                    break
                t = T0 + emitted // RATE
                mmsi = shifted_mmsi(frags[0].mmsi, rnd) if frags[0].mmsi >= 0 else -1
                sentences = [fr.emit(mmsi) for fr in frags]
                station = rng.choice(stations[k])

                def render(station: str, t: int, sentences: list[str] = sentences) -> list[str]:
                    nonlocal gid
                    if len(sentences) == 1:
                        return [tagged(station, t, None, sentences[0])]
                    gid = gid % 99_999 + 1
                    n = len(sentences)
                    return [tagged(station, t if i == 0 else None, f"{i + 1}-{n}-{gid}", s)
                            for i, s in enumerate(sentences)]

                msg_lines = render(station, t)
                if emitted in corrupt_at:
                    msg_lines[0] = corrupt(msg_lines[0], rng)
                    counts["corrupted_lines"] += 1
                lines.extend(msg_lines)
                emitted += 1
                counts["multipart_messages"] += len(frags) > 1
                if rng.random() < DUP_RATE and emitted < n_messages - 3 * RATE:
                    delay = rng.randrange(1, 3 * RATE)   # up to 3 s later
                    other = rng.choice([s for s in stations[k] if s != station])
                    pending.append((emitted + delay, render(other, t + delay // RATE)))
                while pending and pending[0][0] <= emitted and emitted < n_messages:
                    _, dup = pending.pop(0)
                    lines.extend(dup)
                    emitted += 1
                    counts["duplicates"] += 1
                if len(lines) >= 200_000:
                    out.write("\n".join(lines) + "\n")
                    counts["lines"] += len(lines)
                    lines = []
            rnd += 1
        out.write("\n".join(lines) + "\n")
        counts["lines"] += len(lines)
    counts["messages"] = emitted
    counts["replay_rounds"] = rnd
    counts["template_messages"] = len(templates)
    return counts


def build_csv(n_rows: int, path: Path) -> dict[str, Any]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE TEMP TABLE src AS SELECT row_number() OVER () AS rn, * "
                f"FROM read_csv('{CSV_SAMPLE}', all_varchar=true, header=true)")
    (n_src, t_min, t_max) = con.execute(
        "SELECT count(*), min(BaseDateTime::TIMESTAMP), max(BaseDateTime::TIMESTAMP) "
        "FROM src").fetchone() or (0, None, None)
    reps = -(-n_rows // n_src)
    span_s = int((t_max - t_min).total_seconds()) + 60
    cols = [r[0] for r in con.execute("DESCRIBE src").fetchall() if r[0] != "rn"]
    sel = []
    for c in cols:
        if c == "MMSI":
            sel.append(f"CAST(MMSI::BIGINT - MMSI::BIGINT % 1000000 + (MMSI::BIGINT % 1000000 "
                       f"+ k * {MMSI_STEP}) % 1000000 AS VARCHAR) AS MMSI")
        elif c == "BaseDateTime":
            sel.append(f"strftime(BaseDateTime::TIMESTAMP + to_seconds(k * {span_s}), "
                       "'%Y-%m-%dT%H:%M:%S') AS BaseDateTime")
        else:
            sel.append(f'"{c}"')
    con.execute(
        f"COPY (SELECT {', '.join(sel)} FROM src, range({reps}) r(k) ORDER BY k, rn) "
        f"TO '{path}' (HEADER, DELIMITER ',')")
    con.close()
    return {"rows": n_src * reps, "replicas": reps, "shift_s": span_s}


def ensure(path: Path, build: Callable[[Path], dict[str, Any]], key: dict[str, Any]
           ) -> dict[str, Any]:
    """Build ``path`` unless it exists with the size recorded for the same parameters."""
    meta_path = path.with_name(path.name + ".meta.json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if meta.get("key") == key and meta.get("size") == path.stat().st_size:
            print(f"reusing {path.relative_to(ROOT)} ({meta['size'] / 1e6:.0f} MB)")
            return dict(meta["counts"])
    print(f"building {path.relative_to(ROOT)} ...", flush=True)
    t = time.perf_counter()
    tmp = path.with_name(path.name + ".tmp")
    counts = build(tmp)
    tmp.replace(path)
    meta = {"key": key, "size": path.stat().st_size, "counts": counts}
    meta_path.write_text(json.dumps(meta, indent=1))
    print(f"  {counts} in {time.perf_counter() - t:.1f} s ({meta['size'] / 1e6:.0f} MB)")
    return counts


# --------------------------------------------------------------------------------------------
# measurements
# --------------------------------------------------------------------------------------------


def anchor(path: Path) -> tuple[float, int, int]:
    """The plain pyais loop: (seconds, messages yielded, messages that raised)."""
    import pyais

    n = errors = 0
    cpu = time.process_time()
    t = time.perf_counter()
    with pyais.FileReaderStream(str(path)) as stream:
        for msg in stream:
            n += 1
            try:
                msg.decode()
                tb = msg.tag_block
                if tb is not None:
                    tb.init()
                    _ = tb.receiver_timestamp
            except Exception:  # the anchor only counts what pyais refuses
                errors += 1
    dt = time.perf_counter() - t
    print(f"    CPU {time.process_time() - cpu:.1f} s")
    return dt, n, errors


class StageTimer:
    """Wall time per pipeline stage, by wrapping the stage functions (per-chunk calls, so the
    wrapping costs microseconds)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._undo: list[Callable[[], None]] = []

    def _add(self, name: str, dt: float) -> None:
        self.seconds[name] = self.seconds.get(name, 0.0) + dt

    def wrap(self, owner: Any, attr: str, name: str) -> None:
        orig = getattr(owner, attr)

        @functools.wraps(orig)
        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return orig(*args, **kwargs)
            finally:
                self._add(name, time.perf_counter() - t)

        setattr(owner, attr, timed)
        self._undo.append(lambda: setattr(owner, attr, orig))

    def wrap_iter(self, owner: Any, attr: str, name: str) -> None:
        orig = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Iterator[Any]:
            it = iter(orig(*args, **kwargs))
            while True:
                t = time.perf_counter()
                try:
                    item = next(it)
                except StopIteration:
                    self._add(name, time.perf_counter() - t)
                    return
                self._add(name, time.perf_counter() - t)
                yield item

        setattr(owner, attr, timed)
        self._undo.append(lambda: setattr(owner, attr, orig))

    def __enter__(self) -> StageTimer:
        from wakewatch.ingest.nmea import assemble, chunk, dedup, fast, pipeline
        from wakewatch.store import load

        self.wrap(load, "file_sha256", "sha256 of file")
        # the fast path (fast.py): bytes -> scan -> stream -> decode -> rows
        self.wrap_iter(pipeline, "iter_byte_chunks", "read bytes")
        self.wrap(fast, "scan_lines", "scan (line shapes, tag blocks, checksums)")
        self.wrap(fast, "process", "stream (times, reassembly, dedup)")
        self.wrap(fast, "recent_copies", "stream (times, reassembly, dedup)")
        self.wrap(fast.FastChunkParser, "_frame_odd", "framing of unclaimed lines")
        self.wrap(fast.FastChunkParser, "_finish", "_finish total")
        # the general path (chunk.py), when it takes over
        self.wrap_iter(pipeline, "iter_line_chunks", "read lines")
        self.wrap(chunk, "frame_chunk", "framing")
        self.wrap(assemble.Reassembler, "assemble", "reassembly")
        self.wrap(dedup.Deduplicator, "mark", "dedup")
        self.wrap(chunk.ChunkParser, "_finish", "_finish total")
        self.wrap(chunk, "positions_from_decoded", "field normalisation")
        self.wrap(chunk, "statics_from_decoded", "field normalisation")
        self.wrap(load, "_commit_chunk", "DuckDB insert (commit chunk)")
        return self

    def __exit__(self, *exc: object) -> None:
        for undo in reversed(self._undo):
            undo()

    def breakdown(self, total: float, decode_s: float) -> list[tuple[str, float]]:
        s = dict(self.seconds)
        s["decode"] = decode_s
        finish = s.pop("_finish total", 0.0)
        inner = sum(s.get(k, 0.0) for k in ("reassembly", "dedup", "decode",
                                            "field normalisation"))
        s["outcome joins / glue in _finish"] = finish - inner
        s = {k: v for k, v in s.items() if v}
        rest = total - sum(s.values())
        # commits and the file hash run in threads beside the parser: their wall time
        # overlaps the parsing stages, so the stages can add up to more than the total
        s["other (loop, report)" if rest >= 0 else "overlap (commit/hash threads)"] = rest
        return sorted(s.items(), key=lambda kv: -kv[1])


class TimedDecoder:
    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0

    def decode(self, messages: Any) -> Any:
        t = time.perf_counter()
        try:
            return self.inner.decode(messages)
        finally:
            self.seconds += time.perf_counter() - t


def fresh_db(name: str) -> Path:
    db = DATA / f"bench_{name}.duckdb"
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    return db


def run_ingest(path: Path, decoder: str, *, stages: bool = True
               ) -> tuple[float, Any, list[tuple[str, float]]]:
    from wakewatch.ingest.decoders import get_decoder
    from wakewatch.store.db import Store
    from wakewatch.store.load import ingest_path

    store = Store.open(fresh_db(decoder))
    dec = TimedDecoder(get_decoder(decoder))
    timer = StageTimer()
    ctx = timer if stages else contextlib.nullcontext()
    with ctx:
        cpu = time.process_time()
        t = time.perf_counter()
        report = ingest_path(store, path, decoder=dec)
        dt = time.perf_counter() - t
        print(f"    CPU {time.process_time() - cpu:.1f} s (all threads)")
    store.con.close()
    return dt, report, timer.breakdown(dt, dec.seconds) if stages else []


def profile_ingest(path: Path, decoder: str, out: Path) -> float:
    from wakewatch.store.db import Store
    from wakewatch.store.load import ingest_path

    store = Store.open(fresh_db(decoder + "_prof"))
    prof = cProfile.Profile()
    t = time.perf_counter()
    prof.enable()
    ingest_path(store, path, decoder=decoder)
    prof.disable()
    dt = time.perf_counter() - t
    store.con.close()
    buf = io.StringIO()
    st = pstats.Stats(prof, stream=buf)
    st.sort_stats("cumulative").print_stats(25)
    buf.write("\n\n==== top 25 by internal (tottime) ====\n")
    st.sort_stats("tottime").print_stats(25)
    out.write_text(f"cProfile of ingest_path(decoder={decoder!r}) on {path.name}: "
                   f"{dt:.1f} s under the profiler\n\n" + buf.getvalue())
    return dt


# --------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=2_000_000,
                    help="AIS messages in the generated NMEA log (default 2,000,000)")
    ap.add_argument("--csv-rows", type=int, default=5_000_000,
                    help="rows in the generated MarineCadastre CSV (default 5,000,000)")
    ap.add_argument("--keep", action="store_true",
                    help="keep the benchmark DuckDB stores in benchmarks/_data/ afterwards")
    ap.add_argument("--no-profile", action="store_true", help="skip the cProfile runs")
    ap.add_argument("--decoders", default="pyais,numpy,aiscat",
                    help="comma-separated NMEA decoders to run (default pyais,numpy,aiscat)")
    ap.add_argument("--no-csv", action="store_true", help="skip the CSV run")
    args = ap.parse_args(argv)
    DATA.mkdir(parents=True, exist_ok=True)

    nmea = DATA / f"replay_{args.messages}.nmea"
    gen = ensure(nmea, lambda p: build_nmea(args.messages, p),
                 {"messages": args.messages, "version": GEN_VERSION})
    csv = DATA / f"marinecadastre_{args.csv_rows}.csv"
    csv_meta = {} if args.no_csv else ensure(
        csv, lambda p: build_csv(args.csv_rows, p), {"rows": args.csv_rows, "version": GEN_VERSION})
    n_msg, n_lines = int(gen["messages"]), int(gen["lines"])
    print(f"\nNMEA log: {n_msg:,} messages on {n_lines:,} lines "
          f"({gen['multipart_messages']:,} multi-part, {gen['duplicates']:,} duplicates, "
          f"{gen['corrupted_lines']} corrupted lines)")

    results: dict[str, dict[str, Any]] = {}
    print("\n(a) anchor: pyais.FileReaderStream + msg.decode() + tag_block.init() + "
          "receiver_timestamp (tag-block parse included: wakewatch needs the time) ...",
          flush=True)
    dt, n, errors = anchor(nmea)
    results["anchor"] = {"s": dt, "rate": n_msg / dt}
    print(f"    {dt:.1f} s, {n:,} messages yielded ({errors} raised), "
          f"{n_msg / dt:,.0f} msg/s")

    stage_tables: dict[str, list[tuple[str, float]]] = {}
    decoders = [d for d in args.decoders.split(",") if d]
    for dec in decoders:
        print(f"\n{LABELS[dec].split()[0]} wakewatch ingest_path, decoder={dec} "
              "(fresh DuckDB file) ...", flush=True)
        dt, report, stages = run_ingest(nmea, dec)
        results[dec] = {"s": dt, "rate": n_msg / dt, "report": report}
        stage_tables[dec] = stages
        c = report.counts
        ok = report.lines == n_lines
        print(f"    {dt:.1f} s, {n_msg / dt:,.0f} msg/s, {n_lines / dt:,.0f} lines/s")
        print("    outcomes: " + ", ".join(f"{k}={v:,}" for k, v in c.items())
              + f" -> sum {report.lines:,} {'==' if ok else '!='} {n_lines:,} lines"
              + ("" if ok else "  <-- MISMATCH"))
        print(f"    stored: {report.positions:,} positions, {report.statics:,} statics")

    counts = {dec: results[dec]["report"].counts for dec in decoders}
    same = all(c == counts[decoders[0]] for c in counts.values())
    print(f"\noutcome counts identical for {', '.join(decoders)}: {'yes' if same else 'NO'}")
    stored = {dec: (results[dec]["report"].positions, results[dec]["report"].statics)
              for dec in decoders}
    print(f"stored rows (positions, statics) identical: "
          f"{'yes' if len(set(stored.values())) == 1 else 'NO ' + repr(stored)}")

    print("\n(d) CSV through ingest_path ...", flush=True)
    if args.no_csv:
        print("    skipped (--no-csv)")
    try:
        if args.no_csv:
            raise ImportError
        import wakewatch.store.load_table  # noqa: F401
    except ImportError:
        if not args.no_csv:
            print("    CSV loader not available (wakewatch.store.load_table missing): skipped")
    else:
        from wakewatch.store.db import Store
        from wakewatch.store.load import ingest_path

        store = Store.open(fresh_db("csv"))
        t = time.perf_counter()
        report = ingest_path(store, csv)
        dt = time.perf_counter() - t
        store.con.close()
        n_rows = int(csv_meta["rows"])
        results["csv"] = {"s": dt, "rate": n_rows / dt, "report": report}
        print(f"    {dt:.1f} s, {n_rows / dt:,.0f} rows/s; outcomes: "
              + ", ".join(f"{k}={v:,}" for k, v in report.counts.items() if v)
              + f" (sum {report.lines:,} of {n_rows:,} rows)")

    a = results["anchor"]["rate"]
    print("\n| run | seconds | msg/s (rows/s) | vs anchor | bar | meets |")
    print("|---|---:|---:|---:|---:|---|")
    print(f"| (a) pyais anchor loop | {results['anchor']['s']:.1f} | {a:,.0f} | 1.00x | - | - |")
    for key in decoders:
        label = LABELS[key]
        r = results[key]
        ratio = r["rate"] / a
        print(f"| {label} | {r['s']:.1f} | {r['rate']:,.0f} | {ratio:.2f}x | "
              f">= {BARS[key]}x | {'yes' if ratio >= BARS[key] else 'NO'} |")
    if "csv" in results:
        r = results["csv"]
        print(f"| (d) wakewatch, CSV | {r['s']:.1f} | {r['rate']:,.0f} rows/s | - | "
              f">= 1M rows/s | {'yes' if r['rate'] >= CSV_BAR else 'NO'} |")
    else:
        print("| (d) wakewatch, CSV | - | not run | - | >= 1M rows/s | - |")

    for dec, stages in stage_tables.items():
        total = results[dec]["s"]
        print(f"\nstages, decoder={dec} (wall s, total {total:.1f} s):")
        for name, s in stages:
            print(f"    {name:<36} {s:7.2f} s  {100 * s / total:5.1f} %")

    if not args.no_profile:
        for dec in decoders:
            out = DATA / f"profile_{dec}.txt"
            print(f"\nprofiling decoder={dec} ...", flush=True)
            dt = profile_ingest(nmea, dec, out)
            print(f"    {dt:.1f} s under cProfile -> {out.relative_to(ROOT)}")

    if not args.keep:
        for p in DATA.glob("bench_*.duckdb*"):
            p.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
