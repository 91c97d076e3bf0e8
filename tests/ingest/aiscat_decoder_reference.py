"""The aiscat decoder as it was before the numba JSON kernel (commit 51eed58), kept verbatim
as the oracle of the differential tests (tests/ingest/test_aiscat_decoder.py) and of
benchmarks/decode.py --decoder aiscat: the new decoder must return exactly this frame.

aiscat (AIS-catcher's C++ decoder, GPL-3.0-or-later) as the optional fast decoder.

Every message is fed as one canonical single sentence in one bulk call; aiscat's JSON output
(which echoes the sentence it decoded) is parsed by DuckDB's NDJSON reader and matched back
to our messages by walking both sequences (aiscat keeps the input order). The few messages
aiscat refuses (MMSI 0 reports, for instance) are handed to pyais, so both decoders accept
the same messages. Tag blocks never reach aiscat (it drops such lines): the framing stage
has already taken the time and source from them. aiscat's own receive time (the wall clock)
is ignored.
"""

from __future__ import annotations

import os
import tempfile

import aiscat
import duckdb
import numpy as np
import polars as pl

from wakewatch.ingest.decoders.base import DECODED_SCHEMA
from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder
from wakewatch.ingest.nmea.checksum import xor_checksums

_FIELDS = (("type", "BIGINT"), ("mmsi", "BIGINT"), ("lat", "DOUBLE"), ("lon", "DOUBLE"),
           ("speed", "DOUBLE"), ("course", "DOUBLE"), ("heading", "BIGINT"),
           ("status", "BIGINT"), ("imo", "BIGINT"), ("callsign", "VARCHAR"),
           ("shipname", "VARCHAR"), ("shiptype", "BIGINT"), ("to_bow", "BIGINT"),
           ("to_stern", "BIGINT"), ("to_port", "BIGINT"), ("to_starboard", "BIGINT"),
           ("draught", "DOUBLE"), ("destination", "VARCHAR"), ("month", "BIGINT"),
           ("day", "BIGINT"), ("hour", "BIGINT"), ("minute", "BIGINT"), ("partno", "BIGINT"),
           ("nmea", "VARCHAR[]"))
_COLUMNS = "{" + ", ".join(f"'{k}': '{v}'" for k, v in _FIELDS) + "}"
# a RAM-backed directory for the decoder's JSON hand-over when there is one
_TMP_DIR = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


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


_HEX = np.array([f"{i:02X}" for i in range(256)])  # checksum byte → two hex digits


class ReferenceAiscatDecoder:
    name = "aiscat-reference"

    def __init__(self) -> None:
        self._con = duckdb.connect(":memory:")
        self._fallback = PyaisDecoder()

    def _parse_json(self, ndjson: bytes) -> pl.DataFrame:
        """aiscat's JSON lines → typed columns, with DuckDB's (parallel) NDJSON reader."""
        fd, name = tempfile.mkstemp(prefix="wakewatch-aiscat-", suffix=".ndjson",
                                    dir=_TMP_DIR)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(ndjson)
            rel = self._con.sql(
                f"SELECT * FROM read_ndjson('{name}', columns={_COLUMNS}, "
                "format='newline_delimited')")
            decoded = pl.from_arrow(rel.to_arrow_table())
        finally:
            os.unlink(name)
        assert isinstance(decoded, pl.DataFrame)
        return decoded

    def decode(self, messages: pl.DataFrame) -> pl.DataFrame:
        if messages.height == 0:
            return pl.DataFrame(schema=DECODED_SCHEMA)
        # One canonical single sentence per message (talker AI, channel A, whole payload):
        # aiscat refuses the odd talkers real receivers use ("!--VDM", "!=IVDM"), empty
        # channels, and would otherwise have to reassemble fragments a second time.
        body = pl.concat_str(pl.lit("AIVDM,1,1,,A,"), pl.col("payload"), pl.lit(","),
                             pl.col("fill_bits").cast(pl.String))
        canon = messages.select("msg_id", body=body)
        sums = xor_checksums(canon.get_column("body"))
        canon = canon.with_columns(pl.Series("hex", _HEX[sums], dtype=pl.String)).select(
            "msg_id", last=pl.concat_str(pl.lit("!"), pl.col("body"), pl.lit("*"),
                                         pl.col("hex")))
        expected = canon.get_column("last").to_list()
        dec = aiscat.Decoder(format="json")
        dec.feed(("\n".join(expected) + "\n").encode("ascii"))
        out: list[bytes] = []
        nxt = dec.next
        msg = nxt()
        while msg is not None:
            out.append(msg)
            msg = nxt()
        if not out:
            return self._fallback.decode(messages)
        decoded = self._parse_json(b"\n".join(out))
        # aiscat's output is the input's order minus the sentences it refused: walk both
        echoed = decoded.get_column("nmea").list.last().to_list()
        positions = _align(expected, echoed)
        joined = decoded.with_columns(
            msg_id=canon.get_column("msg_id").gather(positions))
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
