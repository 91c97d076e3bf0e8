"""Runs of one value in time-ordered reports, and the clean switches between them.

The run-length machinery of the ``identity_change`` detector (see its module doc for the
definitions): a frame sorted by a key ``k`` and then time, with a value hash ``h`` per row,
becomes its runs (:func:`runs`), and consecutive runs of one key become changes
(:func:`changes`) when the switch is clean. Vectorised: run starts and ends are found with
shifts, without a group-by.
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl

__all__ = ["boundaries", "changes", "runs"]


def boundaries(df: pl.DataFrame) -> pl.DataFrame:
    """Runs of rows (sorted by ``k``, then time) with one key ``k`` and value hash ``h``:
    k, h, n, first/last ts and row — from the run starts and ends, without a group-by."""
    new = ((pl.col("k") != pl.col("k").shift(1)) | (pl.col("h") != pl.col("h").shift(1))
           ).fill_null(True)
    marked = df.with_row_index("_i").with_columns(_new=new)
    starts = marked.filter(pl.col("_new"))
    ends = marked.filter(pl.col("_new").shift(-1).fill_null(True))
    return pl.DataFrame({
        "k": starts.get_column("k"), "h": starts.get_column("h"),
        "n": ends.get_column("_i") - starts.get_column("_i") + 1,
        "first": starts.get_column("ts"), "last": ends.get_column("ts"),
        "row_first": starts.get_column("_row"), "row_last": ends.get_column("_row")})


def runs(long: pl.DataFrame, min_reports: int) -> pl.DataFrame:
    """Runs of one value per key, after dropping runs shorter than ``min_reports`` and
    joining the runs they split."""
    found = boundaries(long)
    if min_reports <= 1:
        return found
    kept = found.filter(pl.col("n") >= min_reports).rename({"first": "ts", "row_first": "_row"})
    joined = boundaries(kept)  # first/last of a joined run: from its first and last parts
    last = boundaries(kept.with_columns(ts=pl.col("last"), _row=pl.col("row_last")))
    return joined.with_columns(last=last.get_column("last"),
                               row_last=last.get_column("row_last"))


def changes(found: pl.DataFrame, silence: timedelta) -> pl.DataFrame:
    """Consecutive runs of one key as changes: start, end, rows before/after; only clean
    switches (the old value not heard again, nor the new one before, within ``silence``):
    two transmitters on one MMSI or IMO alternate, a garbled report flips back."""
    found = found.with_columns(next_same=pl.col("first").shift(-1).over(["k", "h"]),
                             prev_same=pl.col("last").shift(1).over(["k", "h"]))
    same_key = pl.col("k") == pl.col("k").shift(1)
    prev = [pl.col(c).shift(1).alias(a) for c, a in
            (("last", "start"), ("row_last", "row_before"), ("next_same", "old_next"))]
    ch = (found.with_columns(*prev, _same=same_key).filter(pl.col("_same"))
          .rename({"first": "end", "row_first": "row_after"}))
    clean = ((pl.col("old_next").is_null() | (pl.col("old_next") > pl.col("end") + silence))
             & (pl.col("prev_same").is_null()
                | (pl.col("prev_same") < pl.col("start") - silence)))
    return ch.filter(clean).select("k", "start", "end", "row_before", "row_after")
