"""Multi-part reassembly: fragments → whole messages; fragments that never complete are orphans.

Single-sentence messages pass through vectorised. Multi-part fragments (about one line in ten
in real feeds) go through a small state machine keyed by the tag-block group (``g:``) when
present, else by (sequential id, channel, fragment count, tag source) as receivers emit them.
The state carries across chunks so a message split over a chunk boundary is not lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from wakewatch.ingest.nmea.framing import TS

MESSAGE_SCHEMA = {
    "msg_id": pl.Int64,        # line number of the message's last fragment
    "ts": TS,
    "source": pl.String,
    "payload": pl.String,
    "fill_bits": pl.Int64,
    "sentences": pl.String,    # the bare sentence(s), newline separated
    "n_frag": pl.Int64,
}


@dataclass
class _Partial:
    line_nos: list[int]
    sentences: list[str]
    payloads: list[str]
    ts: datetime | None
    source: str | None
    expected: int


@dataclass
class Reassembler:
    """Carries incomplete multi-part messages from chunk to chunk."""

    partial: dict[tuple[object, ...], _Partial] = field(default_factory=dict)

    def assemble(self, ais: pl.DataFrame) -> tuple[pl.DataFrame, dict[int, int], list[int]]:
        """Whole messages from the AIS lines of a chunk.

        Returns (messages, line_no → msg_id for fragments of multi-part messages, orphan
        line numbers found in this chunk).
        """
        single = ais.filter(pl.col("frag_cnt") == 1).select(
            msg_id=pl.col("line_no"), ts=pl.col("ts"), source=pl.col("source"),
            payload=pl.col("payload"), fill_bits=pl.col("fill_bits"),
            sentences=pl.col("sentence"), n_frag=pl.lit(1, dtype=pl.Int64))
        multi = ais.filter(pl.col("frag_cnt") > 1)
        owner: dict[int, int] = {}
        orphans: list[int] = []
        rows: dict[str, list[object]] = {k: [] for k in MESSAGE_SCHEMA}
        for line_no, ts, source, group, frag_cnt, frag_num, seq_id, channel, payload, fill, \
                sentence in multi.select(
                    "line_no", "ts", "source", "group", "frag_cnt", "frag_num", "seq_id",
                    "channel", "payload", "fill_bits", "sentence").iter_rows():
            if group is not None:
                gid = group.split("-")[2]
                key: tuple[object, ...] = ("g", gid, source)
            else:
                key = ("s", seq_id, channel, frag_cnt, source)
            part = self.partial.get(key)
            if frag_num == 1:
                if part is not None:
                    orphans.extend(part.line_nos)
                self.partial[key] = _Partial([line_no], [sentence], [payload], ts, source,
                                             frag_cnt)
                continue
            if part is None or part.expected != frag_cnt or len(part.line_nos) != frag_num - 1:
                orphans.append(line_no)
                if part is not None:
                    orphans.extend(part.line_nos)
                    del self.partial[key]
                continue
            part.line_nos.append(line_no)
            part.sentences.append(sentence)
            part.payloads.append(payload)
            if part.ts is None:
                part.ts = ts
            if frag_num == frag_cnt:
                del self.partial[key]
                for ln in part.line_nos:
                    owner[ln] = line_no
                rows["msg_id"].append(line_no)
                rows["ts"].append(part.ts)
                rows["source"].append(part.source)
                rows["payload"].append("".join(part.payloads))
                rows["fill_bits"].append(fill)
                rows["sentences"].append("\n".join(part.sentences))
                rows["n_frag"].append(frag_cnt)
        multi_df = pl.DataFrame(rows, schema=MESSAGE_SCHEMA)
        messages = pl.concat([single, multi_df]).sort("msg_id")
        return messages, owner, orphans

    def flush(self) -> list[int]:
        """Lines of messages still incomplete at the end of the input: orphans."""
        lines = [ln for part in self.partial.values() for ln in part.line_nos]
        self.partial.clear()
        return sorted(lines)
