"""aiscat (AIS-catcher's C++ decoder, GPL-3.0-or-later) as the optional fast decoder.

Every message is fed as one canonical single sentence (built by
:mod:`wakewatch.ingest.decoders.aiscat_sentences`), in batches of ``_BATCH``; aiscat's JSON
output (which echoes the sentence it decoded) is read by a numba kernel
(:mod:`wakewatch.ingest.decoders.aiscat_json`: the values DuckDB's NDJSON reader used to
give, bit for bit; the rare objects it does not read itself are still read by DuckDB) and
matched back to our messages by walking both sequences (aiscat keeps the input order). The
few messages aiscat refuses (MMSI 0 reports, for instance) are handed to pyais, so both
decoders accept the same messages. Tag blocks never reach aiscat (it drops such lines): the
framing stage has already taken the time and source from them. aiscat's own receive time
(the wall clock) is ignored.
"""

from __future__ import annotations

import os
import tempfile
from concurrent.futures import ThreadPoolExecutor

import aiscat
import duckdb
import numpy as np
import numpy.typing as npt
import polars as pl
import pyarrow as pa

from wakewatch.ingest.decoders.aiscat_json import key_table, parse_batch
from wakewatch.ingest.decoders.aiscat_sentences import HEAD, HEX, canonical_sentences
from wakewatch.ingest.decoders.base import DECODED_SCHEMA
from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder

_FIELDS = (("type", "BIGINT"), ("mmsi", "BIGINT"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
           ("speed", "DOUBLE"), ("course", "DOUBLE"), ("heading", "BIGINT"),
           ("status", "BIGINT"), ("imo", "BIGINT"), ("callsign", "VARCHAR"),
           ("shipname", "VARCHAR"), ("shiptype", "BIGINT"), ("to_bow", "BIGINT"),
           ("to_stern", "BIGINT"), ("to_port", "BIGINT"), ("to_starboard", "BIGINT"),
           ("draught", "DOUBLE"), ("destination", "VARCHAR"), ("month", "BIGINT"),
           ("day", "BIGINT"), ("hour", "BIGINT"), ("minute", "BIGINT"), ("partno", "BIGINT"),
           ("nmea", "VARCHAR[]"))
_COLUMNS = "{" + ", ".join(f"'{k}': '{v}'" for k, v in _FIELDS) + "}"
_READ = [(k, t) for k, t in _FIELDS if t != "VARCHAR[]"]  # the columns the kernel reads
_TABLE, _KDATA, _KOFF, _KIND, _SLOT, (_N_INT, _N_DBL, _N_STR) = key_table(_FIELDS)
# a RAM-backed directory for DuckDB's JSON hand-over (odd objects only) when there is one
_TMP_DIR = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]


def _align(expected: list[str], echoed: list[str]) -> list[int]:
    """Index in ``expected`` of each ``echoed`` sentence (a subsequence, in order)."""
    if len(expected) == len(echoed) and expected == echoed:
        return list(range(len(expected)))
    positions: list[int] = []
    i = 0
    for sentence in echoed:
        while expected[i] != sentence:
            i += 1
        positions.append(i)
        i += 1
    return positions


def _duckdb_read(ndjson: bytes) -> pl.DataFrame:
    """JSON lines → typed columns with DuckDB's NDJSON reader (the objects the kernel
    leaves to DuckDB, or a whole chunk whose structure it does not follow)."""
    fd, name = tempfile.mkstemp(prefix="wakewatch-aiscat-", suffix=".ndjson", dir=_TMP_DIR)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(ndjson)
        with duckdb.connect(":memory:") as con:
            rel = con.sql(f"SELECT * FROM read_ndjson('{name}', columns={_COLUMNS}, "
                          "format='newline_delimited')")
            decoded = pl.from_arrow(rel.to_arrow_table())
    finally:
        os.unlink(name)
    assert isinstance(decoded, pl.DataFrame)
    return decoded


def _bitmap(valid: npt.NDArray[np.bool_]) -> pa.Buffer | None:
    return None if valid.all() else pa.py_buffer(np.packbits(valid, bitorder="little"))


def _payloads(messages: pl.DataFrame) -> tuple[I64, U8]:
    """The payloads' Arrow offsets (from 0) and bytes; they must be ASCII, as before."""
    arr = messages.get_column("payload").to_arrow(compat_level=pl.CompatLevel.oldest())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    arr = arr.cast(pa.large_string())
    if arr.null_count:
        raise TypeError("aiscat decoder: null payload")
    n = len(arr)
    _, off_buf, data_buf = arr.buffers()
    off = np.frombuffer(off_buf, dtype=np.int64)[arr.offset: arr.offset + n + 1]
    data = (np.zeros(0, dtype=np.uint8) if data_buf is None
            else np.frombuffer(data_buf, dtype=np.uint8)[off[0]: off[-1]])
    if (data >= 128).any():
        "".join(messages.get_column("payload").to_list()).encode("ascii")  # raises
    return off - off[0], data


def _whole(sentences: U8, offsets: I64) -> tuple[pl.DataFrame, I64]:
    """The old path for a chunk whose JSON the kernel does not follow: all sentences fed at
    once, every object read by DuckDB, echoes aligned in Python."""
    dec = aiscat.Decoder(format="json")
    dec.feed(sentences.tobytes())
    out: list[bytes] = list(iter(dec.next, None))
    if not out:
        return pl.DataFrame(), np.zeros(0, dtype=np.int64)
    decoded = _duckdb_read(b"\n".join(out))
    expected = [sentences[offsets[i]: offsets[i + 1] - 1].tobytes().decode("ascii")
                for i in range(len(offsets) - 1)]
    positions = _align(expected, decoded.get_column("nmea").list.last().to_list())
    return decoded.drop("nmea"), np.asarray(positions, dtype=np.int64)


_BATCH = 4096  # sentences fed at a time: their JSON is read while still in the CPU cache
_TEXT_BYTES = 32  # text bytes per message reserved per text column (overflow: DuckDB)


def _fetch(dec: aiscat.Decoder, sentences: U8, offsets: I64, b0: int, b1: int
           ) -> tuple[list[bytes], U8]:
    """Feed sentences ``b0`` to ``b1``: aiscat's JSON objects, and joined by newlines."""
    dec.feed(sentences[offsets[b0]: offsets[b1]].tobytes())
    out: list[bytes] = list(iter(dec.next, None))
    return out, np.frombuffer(b"\n".join(out), dtype=np.uint8)


class _Columns:
    """The kernel's output arrays for up to ``n`` objects, filled batch by batch."""

    def __init__(self, n: int) -> None:
        self.ints = np.zeros((_N_INT, n), dtype=np.int64)
        self.ival = np.zeros((_N_INT, n), dtype=np.bool_)
        self.dbls = np.zeros((_N_DBL, n), dtype=np.float64)
        self.dval = np.zeros((_N_DBL, n), dtype=np.bool_)
        self.soff = np.zeros((_N_STR, n + 1), dtype=np.int64)
        self.sdata = np.empty((_N_STR, _TEXT_BYTES * n + 1024), dtype=np.uint8)
        self.sval = np.zeros((_N_STR, n), dtype=np.bool_)
        self.odd = np.zeros(n, dtype=np.bool_)
        self.pos = np.zeros(n, dtype=np.int64)
        self.state = np.zeros(2 + _N_STR, dtype=np.int64)
        self.odd_lines: list[bytes] = []

    def add(self, out: list[bytes], buf: U8, sentences: U8, offsets: I64) -> bool:
        """Read one batch of aiscat's JSON objects, ``out`` joined by newlines in ``buf``
        (False: a structure the kernel does not follow, or an echo without a match)."""
        r0 = int(self.state[0])
        status = parse_batch(
            buf, len(out), _TABLE, _KDATA, _KOFF, _KIND, _SLOT, offsets, sentences,
            self.ints, self.ival, self.dbls, self.dval, self.soff, self.sdata, self.sval,
            self.odd, self.pos, self.state)
        self.odd_lines += [out[i] for i in np.flatnonzero(self.odd[r0: r0 + len(out)])]
        return int(status) == 0

    def frame(self) -> pl.DataFrame:
        """The columns read so far (DuckDB's for the odd objects), without ``nmea``."""
        m = int(self.state[0])
        cols = []
        for f, (key, kind) in enumerate(_READ):
            s = int(_SLOT[f])
            if kind == "BIGINT":
                arr: pa.Array = pa.Array.from_buffers(
                    pa.int64(), m, [_bitmap(self.ival[s, :m]), pa.py_buffer(self.ints[s, :m])])
            elif kind == "DOUBLE":
                arr = pa.Array.from_buffers(
                    pa.float64(), m, [_bitmap(self.dval[s, :m]), pa.py_buffer(self.dbls[s, :m])])
            else:
                arr = pa.LargeStringArray.from_buffers(
                    m, pa.py_buffer(self.soff[s, : m + 1]),
                    pa.py_buffer(self.sdata[s, : self.soff[s, m]]), _bitmap(self.sval[s, :m]))
            series = pl.from_arrow(arr)
            assert isinstance(series, pl.Series)
            cols.append(series.alias(key))
        decoded = pl.DataFrame(cols)
        if self.odd_lines:  # the objects the kernel leaves to DuckDB
            rows = np.flatnonzero(self.odd[:m])
            duck = _duckdb_read(b"\n".join(self.odd_lines)).drop("nmea")
            decoded = pl.concat([
                decoded.with_columns(pl.Series("_row", np.arange(m))).filter(
                    ~pl.Series(self.odd[:m])),
                duck.with_columns(pl.Series("_row", rows))]).sort("_row").drop("_row")
        return decoded


class AiscatDecoder:
    name = "aiscat"

    def __init__(self) -> None:
        self._fallback = PyaisDecoder()

    @staticmethod
    def _read(sentences: U8, offsets: I64) -> tuple[pl.DataFrame, I64]:
        """Feed the sentences batch by batch; aiscat's JSON → (typed columns, index of each
        object among the messages). A helper thread feeds batch k + 1 to aiscat (which
        holds the GIL) while the kernel (which releases it) reads batch k here; aiscat is
        never called by two threads at once and the batches are read in order."""
        n = len(offsets) - 1
        cols = _Columns(n)
        dec = aiscat.Decoder(format="json")
        bounds = [(b0, min(n, b0 + _BATCH)) for b0 in range(0, n, _BATCH)]
        if len(bounds) == 1:  # nothing to overlap
            out, buf = _fetch(dec, sentences, offsets, 0, n)
            if out and not cols.add(out, buf, sentences, offsets):
                return _whole(sentences, offsets)
            return cols.frame(), cols.pos[: cols.state[0]]
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="aiscat-feed") as pool:
            fetching = pool.submit(_fetch, dec, sentences, offsets, *bounds[0])
            for i in range(len(bounds)):
                out, buf = fetching.result()
                if i + 1 < len(bounds):
                    fetching = pool.submit(_fetch, dec, sentences, offsets, *bounds[i + 1])
                if out and not cols.add(out, buf, sentences, offsets):
                    fetching.result()
                    return _whole(sentences, offsets)
        return cols.frame(), cols.pos[: cols.state[0]]

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        if messages.height == 0:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        # One canonical single sentence per message (talker AI, channel A, whole payload):
        # aiscat refuses the odd talkers real receivers use ("!--VDM", "!=IVDM"), empty
        # channels, and would otherwise have to reassemble fragments a second time.
        off, data = _payloads(messages)
        fill = messages.get_column("fill_bits")
        if fill.null_count():
            raise TypeError("aiscat decoder: null fill_bits")
        sentences, offsets = canonical_sentences(
            off, data, fill.cast(pl.Int64).to_numpy(), HEAD, HEX)
        # aiscat's output is the input's order minus the sentences it refused: walk both
        decoded, positions = self._read(sentences, offsets)
        if decoded.height == 0:
            return self._fallback.decode(messages)
        joined = decoded.with_columns(
            msg_id=messages.get_column("msg_id").gather(positions))
        result = joined.select(
            "msg_id", msg_type=pl.col("type"), mmsi="mmsi", lat="lat", lon="lon",
            speed="speed", course="course", heading="heading", status="status", imo="imo",
            callsign="callsign", shipname="shipname", ship_type=pl.col("shiptype"),
            to_bow="to_bow", to_stern="to_stern", to_port="to_port",
            to_starboard="to_starboard", draught="draught", destination="destination",
            eta_month=pl.col("month"), eta_day=pl.col("day"), eta_hour=pl.col("hour"),
            eta_minute=pl.col("minute"), part_no=pl.col("partno"),
        ).cast(DECODED_SCHEMA)  # type: ignore[arg-type]
        # aiscat refuses a few messages pyais decodes (e.g. MMSI 0 reports); decoding
        # those with pyais keeps both decoders' results identical
        refused = messages.join(result.select("msg_id"), on="msg_id", how="anti")
        if refused.height:
            result = pl.concat([result, self._fallback.decode(refused)])
        return result.sort("msg_id")
