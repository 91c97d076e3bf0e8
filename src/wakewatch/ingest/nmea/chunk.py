"""One chunk of an NMEA log through reassembly, de-duplication and decoding.

:class:`ChunkParser` carries the state that crosses chunk boundaries: the last time set by a
time sentence, incomplete multi-part messages, recently heard payloads.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl
from pyais.bit_vector import bit_vector

from wakewatch.errors import NoTimestampError
from wakewatch.ingest.decoders import Decoder
from wakewatch.ingest.fields import positions_from_decoded, statics_from_decoded
from wakewatch.ingest.nmea.assemble import Reassembler
from wakewatch.ingest.nmea.dedup import Deduplicator
from wakewatch.ingest.nmea.framing import TS, frame_chunk
from wakewatch.ingest.outcomes import REJECTED, Outcome, empty_counts


@dataclass
class ParsedChunk:
    """What one chunk of lines became; every line it resolves is counted once."""

    index: int
    first_line_no: int
    n_lines: int
    positions: pl.DataFrame   # store columns minus source / file_sha256
    statics: pl.DataFrame
    rejects: pl.DataFrame     # line_no, reason, raw
    counts: dict[str, int]


class ChunkParser:
    """Parses consecutive chunks of one log, carrying state from chunk to chunk."""

    def __init__(self, decoder: Decoder, *, assume_time: datetime | None,
                 dedup_window_s: float) -> None:
        self.decoder = decoder
        self.assume_time = assume_time
        self.reasm = Reassembler()
        self.dedup = Deduplicator(dedup_window_s)
        self.carry: datetime | None = None

    def feed(self, index: int, first: int, lines: list[str],
             probe: tuple[Path, int] | None = None) -> ParsedChunk:
        """Parse one chunk; ``probe`` = (path, lines) refuses a log without time."""
        framed, self.carry = frame_chunk(lines, first, self.carry)
        if probe is not None and self.assume_time is None:
            _probe_time(probe[0], framed, probe[1])
        return self._finish(index, first, framed)

    def flush(self, index: int, first: int) -> ParsedChunk | None:
        """At the end of the log: fragments still waiting are orphans, reported in a final
        (line-less) chunk so that every line keeps exactly one outcome."""
        leftovers = self.reasm.flush()
        if leftovers.height == 0:
            return None
        resolved = leftovers.select(
            "line_no", outcome=pl.lit(Outcome.ORPHAN_FRAGMENT.value),
            reason=pl.lit(ORPHAN_REASON), text=pl.col("text"))
        return _chunk(index, first, 0, resolved, None, None)

    def _finish(self, index: int, first: int, framed: pl.DataFrame) -> ParsedChunk:
        if self.assume_time is not None:
            framed = framed.with_columns(
                ts=pl.col("ts").fill_null(pl.lit(self.assume_time, dtype=TS)))
        ais = framed.filter(pl.col("outcome").is_null())
        messages, msg_lines, orphans = self.reasm.assemble(ais)
        timed = messages.filter(pl.col("ts").is_not_null())
        is_dup = self.dedup.mark(timed) if timed.height else pl.Series([], dtype=pl.Boolean)
        timed = timed.with_columns(is_dup=is_dup)
        fresh = timed.filter(~pl.col("is_dup"))
        decoded = self.decoder.decode(fresh)
        decoded_ids = decoded.select("msg_id")
        msg_outcome = pl.concat([
            messages.filter(pl.col("ts").is_null()).select(
                "msg_id", outcome=pl.lit(Outcome.NO_TIMESTAMP.value),
                reason=pl.lit("no time for this message")),
            timed.filter(pl.col("is_dup")).select(
                "msg_id", outcome=pl.lit(Outcome.DUPLICATE.value),
                reason=pl.lit(None, dtype=pl.String)),
            fresh.join(decoded_ids, on="msg_id", how="anti").select(
                "msg_id", outcome=pl.lit(Outcome.UNPARSEABLE.value),
                reason=pl.lit("payload does not decode")),
            decoded_ids.select("msg_id", outcome=pl.lit(Outcome.ACCEPTED.value),
                               reason=pl.lit(None, dtype=pl.String)),
        ])
        # lines resolved in this chunk: non-AIS/invalid lines, lines of completed messages
        # (possibly read in earlier chunks) and orphans; pending fragments wait
        ais_lines = msg_lines.join(msg_outcome, on="msg_id", how="left")
        bad_time = framed.select("line_no", "bad_time")
        ais_lines = ais_lines.join(bad_time, on="line_no", how="left").with_columns(
            reason=pl.when((pl.col("outcome") == Outcome.NO_TIMESTAMP.value)
                           & pl.col("bad_time").fill_null(False))
            .then(pl.lit("invalid or naive timestamp")).otherwise(pl.col("reason")))
        resolved = pl.concat([
            framed.filter(pl.col("outcome").is_not_null()).select(
                "line_no", "outcome", "reason", "text"),
            ais_lines.select("line_no", "outcome", "reason", "text"),
            orphans.select("line_no", outcome=pl.lit(Outcome.ORPHAN_FRAGMENT.value),
                           reason=pl.lit(ORPHAN_REASON), text=pl.col("text")),
        ])
        positions, statics = store_rows(
            decoded, fresh.select("msg_id", "ts", station=pl.col("source")))
        return _chunk(index, first, framed.height, resolved, positions, statics)


def store_rows(decoded: pl.DataFrame, meta: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(positions, statics) rows for the store from decoded messages and their
    msg_id / ts / station."""
    positions = positions_from_decoded(decoded).join(meta, on="msg_id").select(
        "mmsi", "ts", "lat", "lon", "sog_kn", "cog_deg", "heading_deg", "nav_status",
        "msg_type", "station", receiver_class=pl.lit(None, dtype=pl.String),
        line_no=pl.col("msg_id"))
    statics = statics_from_decoded(decoded, meta.select("msg_id", "ts")).join(
        meta.select("msg_id", "station"), on="msg_id").rename({"msg_id": "line_no"})
    return positions, statics



def _probe_time(path: Path, framed: pl.DataFrame, probe_lines: int) -> None:
    probe = framed.head(probe_lines).filter(pl.col("outcome").is_null())
    if probe.height == 0 or probe.get_column("ts").is_not_null().any():
        return
    hint = _base_station_time(probe)
    msg = (f"{path}: no usable time in its first {probe_lines:,} lines (no tag "
           "block c:, timestamp prefix, $PGHP or $GPZDA); pass --assume-time "
           "YYYY-MM-DDTHH:MM:SSZ to stamp it")
    if hint is not None:
        msg += f" (its base stations report {hint})"
    raise NoTimestampError(msg, path=path, hint_time=hint)


ORPHAN_REASON = "fragment of an incomplete multi-part message"


def _chunk(index: int, first: int, n_lines: int, resolved: pl.DataFrame,
           positions: pl.DataFrame | None, statics: pl.DataFrame | None) -> ParsedChunk:
    counts = empty_counts()
    for outcome, n in resolved.group_by("outcome").len().iter_rows():
        counts[outcome] += n
    rejects = resolved.filter(pl.col("outcome").is_in([o.value for o in REJECTED])).select(
        "line_no", pl.col("reason").fill_null(pl.col("outcome")), raw=pl.col("text")
    ).sort("line_no")
    return ParsedChunk(index, first, n_lines,
                       positions if positions is not None else pl.DataFrame(),
                       statics if statics is not None else pl.DataFrame(), rejects, counts)


def _base_station_time(probe: pl.DataFrame) -> str | None:
    """The UTC time reported by type 4 base stations in the probed lines, as a hint."""
    for payload, fill in probe.filter(pl.col("payload").str.starts_with("4")).select(
            "payload", "fill_bits").head(50).iter_rows():
        try:
            bv = bit_vector(payload.encode("ascii"), fill)
            y, mo, d = bv.get_num(38, 14, False), bv.get_num(52, 4, False), bv.get_num(
                56, 5, False)
            h, mi, s = bv.get_num(61, 5, False), bv.get_num(66, 6, False), bv.get_num(
                72, 6, False)
            if 1990 < y < 2100 and 1 <= mo <= 12 and 1 <= d <= 31 and h < 24 and mi < 60:
                return f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{min(s, 59):02d}Z"
        except (ValueError, IndexError):
            continue
    return None
