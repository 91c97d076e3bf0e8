"""The fast path: a chunk of raw bytes → :class:`ParsedChunk`, by two compiled passes.

``scan.py`` classifies every line from its bytes; ``stream.py`` gives times, reassembles,
de-duplicates. Lines the scan does not claim (time sentences, other NMEA sentences,
damaged lines …) are framed by the vectorised framing (``framing.py``) on their own: they
are rejected or non-AIS lines, and valid time sentences among them stamp the lines after
them. When one of them is an AIS sentence after all (a timestamp prefix, a USCG trailer,
an unusual number format …), the chunk is not handled here (``feed`` returns None) and the
caller re-parses the log with :class:`~wakewatch.ingest.nmea.chunk.ChunkParser`, whose
results are the same line for line (tests/ingest/test_fast_path.py checks it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from wakewatch.ingest.nmea.chunk import ORPHAN_REASON, ParsedChunk, store_rows
from wakewatch.ingest.nmea.framing import TS, frame_chunk
from wakewatch.ingest.nmea.scan import AIS, COL, NO_TIME, ODD, scan_lines
from wakewatch.ingest.nmea.spans import gather_spans
from wakewatch.ingest.nmea.stream import (
    IN_MESSAGE,
    ORPHAN,
    PENDING,
    Result,
    process,
    recent_copies,
)
from wakewatch.ingest.outcomes import ORDER, REJECTED, Outcome
from wakewatch.ingest.sources import decode_line

I64 = npt.NDArray[np.int64]
U64 = npt.NDArray[np.uint64]
_CODE = {o: i for i, o in enumerate(ORDER)}
_REJECTED_CODES = np.array([o in REJECTED for o in ORDER])
NO_TIME_REASON = "no time for this message"
BAD_TIME_REASON = "invalid or naive timestamp"
UNDECODABLE_REASON = "payload does not decode"


_NO_ODD_LINES = pl.DataFrame(schema={
    "line_no": pl.Int64, "text": pl.String, "outcome": pl.String, "reason": pl.String,
    "own_stamp": TS})


def _us(ts: datetime) -> int:
    return int(pl.Series([ts], dtype=TS).cast(pl.Int64)[0])


@dataclass
class _Recent:
    """The last copy of each payload heard within the window (de-duplication state)."""

    h1: U64 = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    h2: U64 = field(default_factory=lambda: np.zeros(0, dtype=np.uint64))
    msg: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    ts: I64 = field(default_factory=lambda: np.zeros(0, dtype=np.int64))


@dataclass(frozen=True)
class Fed:
    """A chunk fed up to its fresh messages: ``finish(decoder.decode(messages))`` gives
    the parsed chunk."""

    messages: pl.DataFrame
    finish: Callable[[pl.DataFrame], ParsedChunk]


class FastChunkParser:
    """Parses consecutive byte chunks of one log, carrying state from chunk to chunk."""

    def __init__(self, *, assume_time: datetime | None, dedup_window_s: float) -> None:
        self.assume_us = NO_TIME if assume_time is None else _us(assume_time)
        self.window_us = int(dedup_window_s * 1_000_000)
        self.carry = NO_TIME
        self.recent = _Recent()
        # fragments waiting for the rest of their message: (line_no, raw line, time µs)
        self.pending: list[tuple[int, bytes, int]] = []

    def feed(self, index: int, first: int, data: bytes, starts: I64, ends: I64,
             probe_lines: int | None = None) -> Fed | None:
        """Parse one chunk (``data[starts[i]:ends[i]]`` is line ``first + i``) up to its
        fresh messages; the rest of the work (decoding, then outcomes and rows) depends on
        no state carried between chunks and so may run in other threads while the next
        chunk is fed. None when the chunk needs the general parser.
        ``probe_lines``: refuse (None) a first chunk whose first lines have no time at
        all, so that the general parser can explain."""
        n_virtual = len(self.pending)
        prefix = b"".join(raw + b"\n" for _, raw, _ in self.pending)
        buf = np.frombuffer(prefix + data, dtype=np.uint8)
        v_len = np.array([len(raw) for _, raw, _ in self.pending], dtype=np.int64)
        v_starts = np.concatenate([[0], np.cumsum(v_len + 1)[:-1]]).astype(np.int64)[:n_virtual]
        starts_all = np.concatenate([v_starts, starts + len(prefix)])
        ends_all = np.concatenate([v_starts + v_len, ends + len(prefix)])
        n_lines = len(starts)
        line_no = np.concatenate([
            np.array([ln for ln, _, _ in self.pending], dtype=np.int64),
            np.arange(first, first + n_lines, dtype=np.int64)])
        sc = scan_lines(buf, starts_all, ends_all)
        sc[:n_virtual, COL["time_bad"]] = 0  # a fragment's time flaw is judged in its own chunk
        odd = np.flatnonzero(sc[:, COL["kind"]] == ODD)
        odd_framed = self._frame_odd(buf, starts_all[odd], ends_all[odd], line_no[odd])
        if odd_framed is None:
            return None
        stamp_in = np.full(len(sc), NO_TIME, dtype=np.int64)
        stamps = odd_framed.get_column("own_stamp").cast(pl.Int64).to_numpy()
        has = odd_framed.get_column("own_stamp").is_not_null().to_numpy()
        stamp_in[odd[has]] = stamps[has]
        ts_override = np.full(len(sc), NO_TIME, dtype=np.int64)
        ts_override[:n_virtual] = [t for _, _, t in self.pending]
        res = process(buf, sc, line_no, stamp_in, ts_override, n_virtual, self.carry,
                      self.assume_us, self.window_us, self.recent)
        if probe_lines is not None and self.assume_us == NO_TIME:
            head = slice(n_virtual, n_virtual + probe_lines)
            ais = sc[head, COL["kind"]] == AIS
            if ais.any() and not (res.line_ts[head][ais] != NO_TIME).any():
                return None
        # the chunk is ours: commit the carried state
        self.carry = res.carry
        timed = res.m_ts != NO_TIME
        if timed.any():
            keep_from = int(res.m_ts[timed].max()) - self.window_us
            self.recent = _Recent(*recent_copies(
                res.m_h1[timed], res.m_h2[timed], res.m_id[timed], res.m_ts[timed],
                self.recent, keep_from))
        pend = np.flatnonzero(res.line_state == PENDING)
        self.pending = [(int(line_no[i]), buf[starts_all[i]:ends_all[i]].tobytes(),
                         int(res.line_ts[i])) for i in pend]
        fresh = pl.Series((res.m_ts != NO_TIME) & ~res.m_dup)
        payload = pl.from_arrow(pa.LargeStringArray.from_buffers(
            len(res.m_id), pa.py_buffer(res.m_pay), pa.py_buffer(res.arena)))
        assert isinstance(payload, pl.Series)
        messages = pl.DataFrame({
            "msg_id": res.m_id, "payload": payload, "fill_bits": res.m_fill,
        }).filter(fresh)
        return Fed(messages, partial(self._finish, index, first, n_lines, buf, sc, starts_all,
                                     ends_all, line_no, odd, odd_framed, res, fresh))

    def flush(self, index: int, first: int) -> ParsedChunk | None:
        """At the end of the log: fragments still waiting are orphans."""
        if not self.pending:
            return None
        rows = sorted(self.pending)
        self.pending = []
        counts = {o.value: 0 for o in ORDER}
        counts[Outcome.ORPHAN_FRAGMENT.value] = len(rows)
        rejects = pl.DataFrame({
            "line_no": [r[0] for r in rows], "reason": [ORPHAN_REASON] * len(rows),
            "raw": [decode_line(r[1]) for r in rows]},
            schema={"line_no": pl.Int64, "reason": pl.String, "raw": pl.String})
        return ParsedChunk(index, first, 0, pl.DataFrame(), pl.DataFrame(), rejects, counts)

    def _frame_odd(self, buf: npt.NDArray[np.uint8], starts: I64, ends: I64,
                   line_no: I64) -> pl.DataFrame | None:
        """The general framing of the lines the scan did not claim; None when one of them
        is an AIS sentence (it would need the general parser's reassembly)."""
        texts = [decode_line(buf[a:b].tobytes()) for a, b in zip(starts, ends, strict=True)]
        if not texts:
            return _NO_ODD_LINES
        framed, _ = frame_chunk(texts, 1, None)
        framed = framed.with_columns(line_no=pl.Series(line_no, dtype=pl.Int64))
        if framed.get_column("outcome").null_count():
            return None
        return framed

    def _finish(self, index: int, first: int, n_lines: int, buf: npt.NDArray[np.uint8],
                sc: I64, starts: I64, ends: I64, line_no: I64, odd: I64,
                odd_framed: pl.DataFrame, res: Result, fresh_mask: pl.Series,
                decoded: pl.DataFrame) -> ParsedChunk:
        n_msg = len(res.m_id)
        ok = np.zeros(n_msg, dtype=bool)
        ok[np.searchsorted(res.m_id, decoded.get_column("msg_id").to_numpy())] = True
        code = np.where(res.m_ts == NO_TIME, _CODE[Outcome.NO_TIMESTAMP],
                        np.where(res.m_dup, _CODE[Outcome.DUPLICATE],
                                 np.where(ok, _CODE[Outcome.ACCEPTED],
                                          _CODE[Outcome.UNPARSEABLE])))
        # every resolved line's outcome code (-1: not resolved here)
        n = len(sc)
        line_code = np.full(n, -1, dtype=np.int64)
        kind = sc[:, COL["kind"]]
        line_code[(kind != AIS) & (kind != ODD)] = _CODE[Outcome.NON_AIS]
        odd_codes = odd_framed.get_column("outcome").replace_strict(
            {o.value: i for i, o in enumerate(ORDER)}, return_dtype=pl.Int64).to_numpy()
        line_code[odd] = odd_codes
        in_msg = res.line_state == IN_MESSAGE
        line_code[in_msg] = code[res.line_msg[in_msg]]
        line_code[res.line_state == ORPHAN] = _CODE[Outcome.ORPHAN_FRAGMENT]
        counts = {o.value: 0 for o in ORDER}
        tally = np.bincount(line_code[line_code >= 0], minlength=len(ORDER))
        for o, c in zip(ORDER, tally, strict=True):
            counts[o.value] = int(c)
        rejects = self._rejects(buf, sc, starts, ends, line_no, line_code, odd, odd_framed)
        src = res.m_src
        stations = _strings(buf, sc[src, COL["src_start"]], sc[src, COL["src_end"]])
        meta = pl.DataFrame({
            "msg_id": res.m_id, "ts": pl.Series(res.m_ts).cast(pl.Datetime("us")),
            "station": stations}).filter(fresh_mask).with_columns(
            ts=pl.col("ts").dt.replace_time_zone("UTC"))
        positions, statics = store_rows(decoded, meta)
        return ParsedChunk(index, first, n_lines, positions, statics, rejects, counts)

    @staticmethod
    def _rejects(buf: npt.NDArray[np.uint8], sc: I64, starts: I64, ends: I64,
                 line_no: I64, line_code: I64, odd: I64, odd_framed: pl.DataFrame
                 ) -> pl.DataFrame:
        rejected = np.zeros(len(line_code), dtype=bool)
        resolved = line_code >= 0
        rejected[resolved] = _REJECTED_CODES[line_code[resolved]]
        rejected[odd] = False  # their reasons come from the framing
        rows = np.flatnonzero(rejected)
        reasons = []
        for i in rows:
            o = ORDER[line_code[i]]
            if o is Outcome.NO_TIMESTAMP:
                reasons.append(BAD_TIME_REASON if sc[i, COL["time_bad"]] else NO_TIME_REASON)
            elif o is Outcome.ORPHAN_FRAGMENT:
                reasons.append(ORPHAN_REASON)
            else:
                reasons.append(UNDECODABLE_REASON)
        own = pl.DataFrame({
            "line_no": line_no[rows], "reason": reasons,
            "raw": [decode_line(buf[starts[i]:ends[i]].tobytes()) for i in rows]},
            schema={"line_no": pl.Int64, "reason": pl.String, "raw": pl.String})
        framed = odd_framed.filter(
            pl.col("outcome").is_in([o.value for o in REJECTED])).select(
            "line_no", pl.col("reason").fill_null(pl.col("outcome")), raw=pl.col("text"))
        return pl.concat([own, framed]).sort("line_no")


def _strings(buf: npt.NDArray[np.uint8], starts: I64, ends: I64) -> pl.Series:
    """The byte spans as a String series (null where start < 0)."""
    data, offsets = gather_spans(buf, starts, ends)
    arr = pa.LargeStringArray.from_buffers(len(starts), pa.py_buffer(offsets),
                                          pa.py_buffer(data))
    out = pl.from_arrow(arr)
    assert isinstance(out, pl.Series)
    return pl.select(pl.when(pl.Series(starts >= 0)).then(out)).to_series()
