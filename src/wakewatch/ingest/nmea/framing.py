"""Vectorised framing of a chunk of NMEA lines: what each line is and when it was heard.

One pass of Polars expressions over the chunk; no per-line Python on this path. The result
has one row per input line with its preliminary outcome (``None`` for AIS sentences that go
on to reassembly and decoding), its time, source and the AIS sentence fields.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from wakewatch.ingest.nmea.checksum import xor_checksums
from wakewatch.ingest.nmea.timestamps import (
    EARLIEST,
    ISO_RE,
    LATEST,
    MS_THRESHOLD,
    UNIX_RE,
    parse_iso,
)
from wakewatch.ingest.outcomes import Outcome
from wakewatch.ingest.timecols import checked_datetime

TS = pl.Datetime("us", "UTC")
PAYLOAD_RE = r"^[0-W`-w]+$"  # the 6-bit armouring alphabet
LINE_RE = (rf"^(?:(?P<prefix>{ISO_RE}|{UNIX_RE})[ ,;\t]+)?(?:\\(?P<tag>[^\\]*)\\)?"
           r"(?P<sentence>[!$](?P<body>[^*]*)\*(?P<sum>[0-9A-Fa-f]{2}))(?P<trailer>.*)$")
TAG_RE = r"^(?P<tag_body>[^*]*)(?:\*(?P<tag_sum>[0-9A-Fa-f]{2}))?$"

FRAMED_SCHEMA = {
    "line_no": pl.Int64,
    "text": pl.String,
    "outcome": pl.String,
    "reason": pl.String,
    "ts": TS,
    "source": pl.String,
    "group": pl.String,
    "sentence": pl.String,
    "frag_cnt": pl.Int64,
    "frag_num": pl.Int64,
    "seq_id": pl.String,
    "channel": pl.String,
    "payload": pl.String,
    "fill_bits": pl.Int64,
}


EARLIEST_S = int(EARLIEST.timestamp())
LATEST_S = int(LATEST.timestamp())


def _epoch_to_ts(col: pl.Expr) -> pl.Expr:
    """UNIX seconds (or ms above 10^11) as float/int → aware UTC datetime; null outside
    1990–2100."""
    secs = pl.when(col > MS_THRESHOLD).then(col / 1_000).otherwise(col)
    us = pl.when(secs.is_between(EARLIEST_S, LATEST_S, closed="left")).then(
        (secs * 1_000_000).round(0)).otherwise(None)
    return us.cast(pl.Int64).cast(pl.Datetime("us")).dt.replace_time_zone("UTC")


def _plausible(ts: pl.Expr) -> pl.Expr:
    """``ts`` when it lies in 1990–2100, else null."""
    return pl.when((ts >= EARLIEST) & (ts < LATEST)).then(ts).otherwise(None)


def _iso_to_ts(tokens: pl.Series) -> pl.Series:
    """Parse ISO prefix tokens through the scalar parser, once per distinct value."""
    uniq = tokens.drop_nulls().unique()
    parsed = [parse_iso(t) for t in uniq.to_list()]
    lookup = pl.DataFrame({"tok": uniq, "iso_ts": pl.Series(parsed, dtype=TS)})
    return (pl.DataFrame({"tok": tokens}).join(lookup, on="tok", how="left", maintain_order="left")
            .get_column("iso_ts"))


_PARTS = ("prefix", "tag", "sentence", "body", "sum", "trailer")


def _split_lines(df: pl.DataFrame) -> pl.DataFrame:
    """Split each stripped line ``s`` into LINE_RE's groups:
    ``[timestamp prefix][\\tag block\\]!sentence*hh[trailer, e.g. USCG metadata]``.

    Lines that begin with ``\\``, ``!`` or ``$`` (no timestamp prefix; nearly all lines of
    real feeds) are split with literal searches, which give the same groups as the regex
    for such (ASCII) lines: the tag block ends at the first ``\\`` after the opening one,
    the body at the first ``*``, and two hex digits must follow. Every other line, and any line the
    literal split cannot complete, goes through the full LINE_RE.
    """
    s = pl.col("s")
    tagged = s.str.starts_with("\\")
    close = s.str.slice(1).str.find("\\", literal=True)
    rest = pl.when(tagged).then(s.str.slice(close + 2)).otherwise(s)
    fast = df.select(
        "line_no", tag=pl.when(tagged).then(s.str.slice(1, close)), rest=rest,
        # str.find counts bytes, str.slice characters: literal splits on ASCII lines only
        simple=((tagged & close.is_not_null()) | s.str.starts_with("!")
                | s.str.starts_with("$")) & (s.str.len_bytes() == s.str.len_chars()))
    r = pl.col("rest")
    star = r.str.find("*", literal=True)
    fast = fast.with_columns(
        prefix=pl.lit(None, dtype=pl.String),
        body=r.str.slice(1, star - 1),
        sum=r.str.slice(star + 1, 2),
        trailer=r.str.slice(star + 3),
        sentence=r.str.slice(0, star + 3),
        ok=pl.col("simple") & (r.str.starts_with("!") | r.str.starts_with("$"))
        & star.is_not_null(),
    ).with_columns(ok=(pl.col("ok") & pl.col("sum").str.contains(r"^[0-9A-Fa-f]{2}$"))
                   .fill_null(False))
    ok = fast.get_column("ok")
    if ok.all():
        return df.with_columns(fast.select(*_PARTS))
    # the few other lines: LINE_RE, written over the literal split's rows
    at = (~ok).arg_true()
    other = df.select(pl.col("s").gather(at).str.extract_groups(LINE_RE)).unnest("s")
    parts = fast.select(*_PARTS)
    return df.with_columns(
        [parts.get_column(c).scatter(at, other.get_column(c)) for c in _PARTS])


def frame_chunk(lines: list[str], first_line_no: int, carry_time: datetime | None
                ) -> tuple[pl.DataFrame, datetime | None]:
    """Classify ``lines`` (text without line ends).

    ``carry_time`` is the last time set by a ``$PGHP``/``$--ZDA`` sentence in earlier chunks;
    the second result is the one to carry into the next chunk.
    """
    n = len(lines)
    df = pl.DataFrame({"text": pl.Series(lines, dtype=pl.String)}).with_columns(
        line_no=pl.int_range(first_line_no, first_line_no + n, dtype=pl.Int64),
        s=pl.col("text").str.strip_chars(),
    )
    df = _split_lines(df)
    is_unix = pl.col("prefix").str.contains(rf"^{UNIX_RE}$")
    iso_tokens = df.select(pl.when(~is_unix).then(pl.col("prefix"))).to_series()
    df = df.with_columns(_iso_to_ts(iso_tokens).alias("iso"))
    df = df.with_columns(
        prefix_ts=pl.when(is_unix)
        .then(_epoch_to_ts(pl.col("prefix").cast(pl.Float64, strict=False)))
        .otherwise(_plausible(pl.col("iso"))),
        tag_parts=pl.col("tag").str.extract_groups(TAG_RE),
        tag_has_star=pl.col("tag").str.contains("*", literal=True),
        sum=pl.col("sum").str.to_integer(base=16, strict=False),
        trailer_ts=pl.col("trailer").str.extract(r",(\d{10})$", 1).cast(pl.Int64, strict=False),
    ).unnest("tag_parts")
    df = df.with_columns(
        tag_sum=pl.col("tag_sum").str.to_integer(base=16, strict=False),
        tag_c=pl.col("tag_body").str.extract(r"(?:^|,)c:(\d{1,16})(?:,|$)", 1)
        .cast(pl.Int64, strict=False),
        tag_c_present=pl.col("tag_body").str.contains(r"(?:^|,)c:"),
        source=pl.col("tag_body").str.extract(r"(?:^|,)s:([^,]*)", 1),
        group=pl.col("tag_body").str.extract(r"(?:^|,)g:(\d+-\d+-\d+)", 1),
    )
    body_xor = xor_checksums(df.get_column("body"))
    tag_xor = xor_checksums(df.get_column("tag_body"))
    df = df.with_columns(
        pl.Series("body_xor", body_xor, dtype=pl.Int64),
        pl.Series("tag_xor", tag_xor, dtype=pl.Int64),
    )
    df = df.with_columns(fields=pl.col("body").str.split(","))
    df = df.with_columns(
        f0=pl.col("fields").list.get(0, null_on_oob=True),
        f1=pl.col("fields").list.get(1, null_on_oob=True),
        f2=pl.col("fields").list.get(2, null_on_oob=True),
        f3=pl.col("fields").list.get(3, null_on_oob=True),
        f4=pl.col("fields").list.get(4, null_on_oob=True),
        f5=pl.col("fields").list.get(5, null_on_oob=True),
        f6=pl.col("fields").list.get(6, null_on_oob=True),
        nf=pl.col("fields").list.len(),
    )
    is_ais = pl.col("f0").str.contains(r"^..VD[MO]$")
    is_pghp = (pl.col("f0") == "PGHP") & (pl.col("f1") == "1")
    is_zda = pl.col("f0").str.contains(r"^..ZDA$")
    # time sentences
    def num(col: str | pl.Expr) -> pl.Expr:
        return (pl.col(col) if isinstance(col, str) else col).cast(pl.Int64, strict=False)

    pghp_ts = checked_datetime(
        num("f2"), num("f3"), num("f4"), num("f5"), num("f6"),
        num(pl.col("fields").list.get(7, null_on_oob=True)) * 1_000_000
        + num(pl.col("fields").list.get(8, null_on_oob=True)) * 1_000)
    zda_secs = pl.col("f1").str.slice(4).cast(pl.Float64, strict=False)
    zda_ts = checked_datetime(
        num("f4"), num("f3"), num("f2"), num(pl.col("f1").str.slice(0, 2)),
        num(pl.col("f1").str.slice(2, 2)),
        (zda_secs * 1_000_000).round(0).cast(pl.Int64, strict=False))
    sum_ok = pl.col("sum") == pl.col("body_xor")
    tag_ok = (pl.col("tag").is_null() | ~pl.col("tag_has_star")
              | (pl.col("tag_sum") == pl.col("tag_xor")))
    df = df.with_columns(
        is_ais=is_ais.fill_null(False),
        sum_ok=sum_ok.fill_null(False),
        tag_ok=tag_ok.fill_null(False),
        is_pghp=is_pghp.fill_null(False),
        is_time=(is_pghp | is_zda).fill_null(False),
    )
    # time sentences are few in most logs: build their times on those rows only
    times = df.filter(pl.col("is_time")).select(
        "line_no", time_ts=_plausible(
            pl.when(pl.col("is_pghp")).then(pghp_ts).otherwise(zda_ts)))
    df = df.join(times, on="line_no", how="left", maintain_order="left")
    df = df.with_columns(
        frag_cnt=pl.col("f1").cast(pl.Int64, strict=False),
        frag_num=pl.col("f2").cast(pl.Int64, strict=False),
        seq_id=pl.col("f3"),
        channel=pl.col("f4"),
        payload=pl.col("f5"),
        fill_bits=pl.col("f6").cast(pl.Int64, strict=False),
    )
    fields_ok = (
        (pl.col("nf") == 7)
        & pl.col("frag_cnt").is_between(1, 9) & pl.col("frag_num").is_between(1, pl.col("frag_cnt"))
        & pl.col("fill_bits").is_between(0, 5)
        & pl.col("payload").str.contains(PAYLOAD_RE)
    ).fill_null(False)
    U, lit = Outcome, pl.lit
    outcome = (
        pl.when(pl.col("s") == "").then(lit(U.NON_AIS.value))
        .when(pl.col("s").str.starts_with("#")).then(lit(U.NON_AIS.value))
        .when(pl.col("sentence").is_null()).then(lit(U.UNPARSEABLE.value))
        .when(~pl.col("sum_ok") | ~pl.col("tag_ok")).then(lit(U.BAD_CHECKSUM.value))
        .when(pl.col("is_time") & pl.col("time_ts").is_null()).then(lit(U.UNPARSEABLE.value))
        .when(~pl.col("is_ais")).then(lit(U.NON_AIS.value))
        .when(~fields_ok).then(lit(U.UNPARSEABLE.value))
        .otherwise(None)
    )
    reason = (
        pl.when(pl.col("s") == "").then(lit("blank line"))
        .when(pl.col("s").str.starts_with("#")).then(lit("comment"))
        .when(pl.col("text").str.contains(r"[^\x20-\x7e\t\r]")).then(lit("not ASCII text"))
        .when(pl.col("sentence").is_null()).then(lit("not an NMEA sentence"))
        .when(~pl.col("tag_ok")).then(lit("tag block checksum mismatch"))
        .when(~pl.col("sum_ok")).then(lit("checksum mismatch"))
        .when(pl.col("is_time") & pl.col("time_ts").is_null()).then(lit("invalid time sentence"))
        .when(pl.col("is_time")).then(lit("time sentence"))
        .when(~pl.col("is_ais")).then(pl.concat_str(lit("non-AIS sentence "), pl.col("f0")))
        .when(~fields_ok).then(lit("invalid AIS sentence fields"))
        .otherwise(None)
    )
    df = df.with_columns(outcome=outcome, reason=reason)
    # only valid time sentences stamp the lines after them
    stamp = pl.when(pl.col("outcome") == U.NON_AIS.value).then(pl.col("time_ts")).otherwise(None)
    df = df.with_columns(stamp=stamp, own_stamp=stamp)
    last_stamp = df.get_column("stamp").drop_nulls()
    new_carry = last_stamp[-1] if len(last_stamp) else carry_time
    filled = pl.col("stamp").forward_fill()
    if carry_time is not None:
        filled = filled.fill_null(pl.lit(carry_time, dtype=TS))
    df = df.with_columns(stamp=filled)
    tag_ts = _epoch_to_ts(pl.col("tag_c"))
    trailer_ts = _epoch_to_ts(pl.col("trailer_ts"))
    df = df.with_columns(
        ts=pl.coalesce(tag_ts, pl.col("prefix_ts"), trailer_ts, pl.col("stamp")),
        bad_time=(pl.col("tag_c_present") & tag_ts.is_null())
        | (pl.col("prefix").is_not_null() & pl.col("prefix_ts").is_null())
        | (pl.col("trailer_ts").is_not_null() & trailer_ts.is_null()),
    )
    # own_stamp: the time this line sets for the lines after it (valid time sentences)
    return df.select(*FRAMED_SCHEMA.keys(), "bad_time", "own_stamp"), new_carry
