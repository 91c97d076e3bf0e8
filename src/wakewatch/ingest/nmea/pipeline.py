"""An NMEA log, chunk by chunk: framing → reassembly → de-duplication → decoding → rows.

Chunks hold a fixed number of lines, so a re-run cuts the file at the same places: the
store commits one chunk per transaction and an interrupted ingest resumes after the last
committed chunk (the parser re-reads the earlier ones to rebuild its state, which is what
makes the resumed result identical to an uninterrupted run).

Two engines give the same results: the compiled fast path (``fast.py``) for logs made of
well-formed sentences (with or without tag blocks, time sentences, damaged lines), and the
general Polars path (``chunk.py``) for everything else. The fast path runs first; at the
first chunk it does not handle, the general parser replays the chunks before it (to
rebuild its state) and takes over.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl

from wakewatch.ingest.decoders import Decoder
from wakewatch.ingest.nmea.chunk import ChunkParser, ParsedChunk
from wakewatch.ingest.nmea.fast import FastChunkParser, Fed
from wakewatch.ingest.sources import iter_byte_chunks, iter_line_chunks
from wakewatch.params import param_set

PARAMS = param_set("ingest.nmea")
PARAMS.add("dedup_window_s", float, 60.0, "s",
           "Copies of one message (same payload) heard within this time of each other are "
           "stored once.")
PARAMS.add("lines_per_chunk", int, 250_000, "lines",
           "Lines per chunk; one chunk is one transaction and the unit of resumption.")
PARAMS.add("time_probe_lines", int, 20_000, "lines",
           "How many leading lines are searched for a time source before a file without "
           "one is refused.")

__all__ = ["PARAMS", "NmeaParser", "ParsedChunk"]


def _finish(fed: Fed, decoded: Future[pl.DataFrame]) -> ParsedChunk:
    return fed.finish(decoded.result())


class NmeaParser:
    """Parses one NMEA log into :class:`ParsedChunk` s, in order."""

    def __init__(self, decoder: Decoder, *, assume_time: datetime | None = None,
                 params: Mapping[str, Any] | None = None, fast: bool = True) -> None:
        values = PARAMS.resolve(params)
        self.decoder = decoder
        self.fast = fast
        self.assume_time = assume_time
        self.dedup_window_s: float = values["dedup_window_s"]
        self.lines_per_chunk: int = values["lines_per_chunk"]
        self.time_probe_lines: int = values["time_probe_lines"]

    def parse(self, path: Path) -> Iterator[ParsedChunk]:
        if not self.fast:
            yield from self._parse_general(path)
            return
        fast = FastChunkParser(assume_time=self.assume_time,
                               dedup_window_s=self.dedup_window_s)
        first, index = 1, 0
        # the stages overlap: chunk k + 1 is fed here while chunk k is decoded in one
        # worker and then finished in another (so that decoding k + 1 can start meanwhile);
        # the compiled passes and the decoders' kernels release the GIL; chunks are
        # yielded in order
        with ThreadPoolExecutor(1, thread_name_prefix="wakewatch-decode") as decoding, \
                ThreadPoolExecutor(1, thread_name_prefix="wakewatch-finish") as finishing:
            pending: Future[ParsedChunk] | None = None
            for index, (data, starts, ends) in enumerate(
                    iter_byte_chunks(path, self.lines_per_chunk)):
                probe = self.time_probe_lines if index == 0 else None
                fed = fast.feed(index, first, data, starts, ends, probe)
                if fed is None:
                    if pending is not None:
                        yield pending.result()
                    yield from self._parse_general(path, resume_at=index)
                    return
                decoded = decoding.submit(self.decoder.decode, fed.messages)
                done = finishing.submit(_finish, fed, decoded)
                if pending is not None:
                    yield pending.result()
                pending = done
                first += len(starts)
            if pending is not None:
                yield pending.result()
        last = fast.flush(index + 1, first)
        if last is not None:
            yield last

    def _parse_general(self, path: Path, resume_at: int = 0) -> Iterator[ParsedChunk]:
        """The general parser; chunks before ``resume_at`` are parsed (for the state they
        leave) but not yielded."""
        parser = ChunkParser(self.decoder, assume_time=self.assume_time,
                             dedup_window_s=self.dedup_window_s)
        first, index = 1, 0
        for index, lines in enumerate(iter_line_chunks(path, self.lines_per_chunk)):
            probe = (path, self.time_probe_lines) if index == 0 else None
            chunk = parser.feed(index, first, lines, probe)
            if index >= resume_at:
                yield chunk
            first += len(lines)
        last = parser.flush(index + 1, first)
        if last is not None:
            yield last
