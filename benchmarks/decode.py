"""Decoder benchmark: a decoder vs its previous implementation (the oracle).

Run from the repository root::

    .venv/bin/python benchmarks/decode.py [--messages 2000000] [--repeat 3] [--decoder numpy]

``--decoder numpy`` (default): the numba NumpyDecoder vs the pre-numba numpy decoder;
``--decoder aiscat``: the numba-read AiscatDecoder vs the DuckDB-read one
(``tests/ingest/aiscat_decoder_reference.py``).

The input is what the ingest pipeline hands the decoder for ``benchmarks/_data/replay_<N>.nmea``
(built by ``benchmarks/ingest.py``): the fresh (timed, de-duplicated) messages of every chunk,
captured once through ``NmeaParser`` with a recording decoder and cached as
``benchmarks/_data/decode_messages_<N>.parquet`` (one ``chunk`` column to split them again).

Then, per decoder, the whole input is decoded chunk by chunk (as in the pipeline), ``--repeat``
times; the best wall and CPU (``time.process_time``) seconds are printed with the load average,
and the two results are checked equal frame by frame (``polars.testing.assert_frame_equal``).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polars as pl
from polars.testing import assert_frame_equal

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "_data"
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

from aiscat_decoder_reference import ReferenceAiscatDecoder  # noqa: E402
from numpy_decoder_reference import ReferenceNumpyDecoder  # noqa: E402

from wakewatch.ingest.decoders.aiscat_decoder import AiscatDecoder  # noqa: E402
from wakewatch.ingest.decoders.base import DECODED_SCHEMA  # noqa: E402
from wakewatch.ingest.decoders.numpy_decoder import NumpyDecoder  # noqa: E402
from wakewatch.ingest.nmea.pipeline import NmeaParser  # noqa: E402


class _Recorder:
    """A decoder that keeps its input and decodes nothing (the outcomes are not used)."""

    name = "recorder"

    def __init__(self) -> None:
        self.frames: list[pl.DataFrame] = []

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        self.frames.append(messages.select("msg_id", "payload", "fill_bits"))
        return pl.DataFrame(schema=DECODED_SCHEMA)


class _TimedFallback:
    """The numba decoder's pyais fallback, timed (wall and CPU seconds, messages)."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.wall = self.cpu = 0.0
        self.messages = 0

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        w0, c0 = time.perf_counter(), time.process_time()
        out: pl.DataFrame = self.inner.decode(messages)
        self.wall += time.perf_counter() - w0
        self.cpu += time.process_time() - c0
        self.messages += messages.height
        return out


def load_chunks(n_messages: int) -> list[pl.DataFrame]:
    nmea = DATA / f"replay_{n_messages}.nmea"
    cache = DATA / f"decode_messages_{n_messages}.parquet"
    if not cache.exists() or cache.stat().st_mtime < nmea.stat().st_mtime:
        if not nmea.exists():
            sys.exit(f"{nmea} is missing: run benchmarks/ingest.py --messages {n_messages} "
                     "--decoders numpy --no-csv --no-profile first")
        rec = _Recorder()
        for _ in NmeaParser(rec).parse(nmea):
            pass
        pl.concat([f.with_columns(chunk=pl.lit(i, dtype=pl.Int32))
                   for i, f in enumerate(rec.frames)]).write_parquet(cache)
    frame = pl.read_parquet(cache)
    return [part.drop("chunk") for part in frame.partition_by("chunk", maintain_order=True)]


def timed(decode: Callable[[pl.DataFrame], pl.DataFrame], chunks: list[pl.DataFrame],
          repeat: int) -> tuple[float, float, list[pl.DataFrame]]:
    best_wall = best_cpu = float("inf")
    out: list[pl.DataFrame] = []
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        out = [decode(chunk) for chunk in chunks]
        best_wall = min(best_wall, time.perf_counter() - w0)
        best_cpu = min(best_cpu, time.process_time() - c0)
    return best_wall, best_cpu, out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=2_000_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--decoder", choices=("numpy", "aiscat"), default="numpy")
    args = ap.parse_args(argv)
    chunks = load_chunks(args.messages)
    n = sum(c.height for c in chunks)
    new: Any
    if args.decoder == "aiscat":
        ref, new, labels = ReferenceAiscatDecoder(), AiscatDecoder(), ("reference (DuckDB)",
                                                                       "numba")
    else:
        ref, new, labels = ReferenceNumpyDecoder(), NumpyDecoder(), ("reference (pre-numba)",
                                                                     "numba")
    new.decode(chunks[0].head(1000))  # compile / load the cached kernels outside the timing
    print(f"{n:,} messages in {len(chunks)} chunks; load average {os.getloadavg()}",
          file=sys.stderr)
    results = {}
    for label, decoder in zip(labels, (ref, new), strict=True):
        wall, cpu, out = timed(decoder.decode, chunks, args.repeat)
        results[label] = out
        print(f"{label:22s} wall {wall:6.3f} s  cpu {cpu:6.3f} s  "
              f"{n / wall / 1e6:5.2f} M msg/s", flush=True)
    spy = _TimedFallback(new._fallback)
    new._fallback = spy
    for chunk in chunks:
        new.decode(chunk)
    print(f"{args.decoder}'s pyais fallback (one run): {spy.messages:,} messages, "
          f"wall {spy.wall:.3f} s  cpu {spy.cpu:.3f} s")
    for a, b in zip(results[labels[0]], results[labels[1]], strict=True):
        assert_frame_equal(b, a, check_exact=True)
    print(f"equal: {len(chunks)} chunks, {sum(f.height for f in results[labels[1]]):,} rows; "
          f"load average {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
