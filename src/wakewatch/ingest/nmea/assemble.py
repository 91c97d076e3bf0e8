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

MESSAGE_SCHEMA: dict[str, pl.DataType] = {
    "msg_id": pl.Int64(),        # line number of the message's last fragment
    "ts": TS,
    "source": pl.String(),
    "payload": pl.String(),
    "fill_bits": pl.Int64(),
    "sentences": pl.String(),    # the bare sentence(s), newline separated
    "n_frag": pl.Int64(),
}


LINE_SCHEMA: dict[str, pl.DataType] = {
    "line_no": pl.Int64(), "msg_id": pl.Int64(), "text": pl.String()}


@dataclass
class _Partial:
    line_nos: list[int]
    texts: list[str]
    sentences: list[str]
    payloads: list[str]
    ts: datetime | None
    source: str | None
    expected: int


@dataclass
class Reassembler:
    """Carries incomplete multi-part messages from chunk to chunk."""

    partial: dict[tuple[object, ...], _Partial] = field(default_factory=dict)

    def assemble(self, ais: pl.DataFrame
                 ) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        """Whole messages from the AIS lines of a chunk.

        Returns (messages completed in this chunk; the lines of those messages as
        line_no/msg_id/text, including fragments read in earlier chunks; the orphan lines
        found in this chunk as line_no/msg_id(null)/text). Fragments still waiting for
        their message stay in the state and appear in a later chunk's result.
        """
        single = ais.filter(pl.col("frag_cnt") == 1).select(
            msg_id=pl.col("line_no"), ts=pl.col("ts"), source=pl.col("source"),
            payload=pl.col("payload"), fill_bits=pl.col("fill_bits"),
            sentences=pl.col("sentence"), n_frag=pl.lit(1, dtype=pl.Int64))
        multi = ais.filter(pl.col("frag_cnt") > 1)
        lines: dict[str, list[object]] = {k: [] for k in LINE_SCHEMA}
        orphans: dict[str, list[object]] = {k: [] for k in LINE_SCHEMA}

        def orphan(line_nos: list[int], texts: list[str]) -> None:
            orphans["line_no"].extend(line_nos)
            orphans["msg_id"].extend([None] * len(line_nos))
            orphans["text"].extend(texts)
        rows: dict[str, list[object]] = {k: [] for k in MESSAGE_SCHEMA}
        for line_no, ts, source, group, frag_cnt, frag_num, seq_id, channel, payload, fill, \
                sentence, text in multi.select(
                    "line_no", "ts", "source", "group", "frag_cnt", "frag_num", "seq_id",
                    "channel", "payload", "fill_bits", "sentence", "text").iter_rows():
            if group is not None:
                gid = group.split("-")[2]
                key: tuple[object, ...] = ("g", gid, source)
            else:
                key = ("s", seq_id, channel, frag_cnt, source)
            part = self.partial.get(key)
            if frag_num == 1:
                if part is not None:
                    orphan(part.line_nos, part.texts)
                self.partial[key] = _Partial([line_no], [text], [sentence], [payload], ts,
                                             source, frag_cnt)
                continue
            if part is None or part.expected != frag_cnt or len(part.line_nos) != frag_num - 1:
                orphan([line_no], [text])
                if part is not None:
                    orphan(part.line_nos, part.texts)
                    del self.partial[key]
                continue
            part.line_nos.append(line_no)
            part.texts.append(text)
            part.sentences.append(sentence)
            part.payloads.append(payload)
            if part.ts is None:
                part.ts = ts
            if frag_num == frag_cnt:
                del self.partial[key]
                lines["line_no"].extend(part.line_nos)
                lines["msg_id"].extend([line_no] * len(part.line_nos))
                lines["text"].extend(part.texts)
                rows["msg_id"].append(line_no)
                rows["ts"].append(part.ts)
                rows["source"].append(part.source)
                rows["payload"].append("".join(part.payloads))
                rows["fill_bits"].append(fill)
                rows["sentences"].append("\n".join(part.sentences))
                rows["n_frag"].append(frag_cnt)
        multi_df = pl.DataFrame(rows, schema=MESSAGE_SCHEMA)
        messages = pl.concat([single, multi_df]).sort("msg_id")
        single_lines = ais.filter(pl.col("frag_cnt") == 1).select(
            "line_no", msg_id=pl.col("line_no"), text=pl.col("text"))
        line_df = pl.concat([single_lines, pl.DataFrame(lines, schema=LINE_SCHEMA)])
        return messages, line_df, pl.DataFrame(orphans, schema=LINE_SCHEMA)

    def flush(self) -> pl.DataFrame:
        """Lines of messages still incomplete at the end of the input: orphans."""
        rows = sorted((ln, text) for part in self.partial.values()
                      for ln, text in zip(part.line_nos, part.texts, strict=True))
        self.partial.clear()
        return pl.DataFrame({"line_no": [r[0] for r in rows], "msg_id": [None] * len(rows),
                             "text": [r[1] for r in rows]}, schema=LINE_SCHEMA)
