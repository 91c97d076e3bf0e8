"""An NMEA log, chunk by chunk: framing → reassembly → de-duplication → decoding → rows.

Chunks hold a fixed number of lines, so a re-run cuts the file at the same places: the
store commits one chunk per transaction and an interrupted ingest resumes after the last
committed chunk (the parser re-reads the earlier ones to rebuild its state, which is what
makes the resumed result identical to an uninterrupted run).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from wakewatch.ingest.decoders import Decoder
from wakewatch.ingest.nmea.chunk import ChunkParser, ParsedChunk
from wakewatch.ingest.sources import iter_line_chunks
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


class NmeaParser:
    """Parses one NMEA log into :class:`ParsedChunk` s, in order."""

    def __init__(self, decoder: Decoder, *, assume_time: datetime | None = None,
                 params: Mapping[str, Any] | None = None) -> None:
        values = PARAMS.resolve(params)
        self.decoder = decoder
        self.assume_time = assume_time
        self.dedup_window_s: float = values["dedup_window_s"]
        self.lines_per_chunk: int = values["lines_per_chunk"]
        self.time_probe_lines: int = values["time_probe_lines"]

    def parse(self, path: Path) -> Iterator[ParsedChunk]:
        parser = ChunkParser(self.decoder, assume_time=self.assume_time,
                             dedup_window_s=self.dedup_window_s)
        first, index = 1, 0
        for index, lines in enumerate(iter_line_chunks(path, self.lines_per_chunk)):
            probe = (path, self.time_probe_lines) if index == 0 else None
            yield parser.feed(index, first, lines, probe)
            first += len(lines)
        last = parser.flush(index + 1, first)
        if last is not None:
            yield last
