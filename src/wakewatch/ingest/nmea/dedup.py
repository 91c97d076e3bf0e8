"""Duplicate suppression: the same message heard by several receivers is stored once.

Two copies are the same message when their payloads are identical and their receive times
are within ``window_s`` of each other. The first copy in input order is kept. The AIS payload
carries the UTC second and the radio (slot) state, so two different transmissions with the
same payload inside a short window do not happen in practice; statics that are genuinely
re-broadcast (every 6 min) fall outside the window and are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

import polars as pl

from wakewatch.ingest.nmea.framing import TS


@dataclass
class Deduplicator:
    window_s: float
    recent: pl.DataFrame = field(default_factory=lambda: pl.DataFrame(
        schema={"msg_id": pl.Int64, "payload": pl.String, "ts": TS}))

    def mark(self, messages: pl.DataFrame) -> pl.Series:
        """Boolean ``is_dup`` for each message (all must carry a time), in input order."""
        window_us = int(self.window_s * 1_000_000)
        cur = messages.select("msg_id", "payload", "ts")
        both = pl.concat([self.recent, cur])
        # only payloads heard more than once can be duplicates: the windowed comparison
        # runs on that (small) subset
        repeated = both.filter(pl.col("payload").is_duplicated()).sort("msg_id")
        repeated = repeated.with_columns(
            prev_ts=pl.col("ts").shift(1).over("payload"),
        ).filter((pl.col("ts") - pl.col("prev_ts")).dt.total_microseconds().abs()
                 <= window_us)
        is_dup = cur.get_column("msg_id").is_in(repeated.get_column("msg_id").implode())
        # carry the last copy of every payload heard within the window of the newest time
        newest = cur.get_column("ts").max()
        if newest is not None:
            keep_from = newest - timedelta(microseconds=window_us)  # type: ignore[operator]
            self.recent = both.filter(pl.col("ts") >= keep_from).unique(
                subset="payload", keep="last", maintain_order=True)
        return is_dup.alias("is_dup")
