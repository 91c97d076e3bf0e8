"""The ``identity_change`` detector: a ship that changes its name, call sign, IMO, MMSI or flag.

Definitions (DESIGN.md *identity_change*; the simulator's truth, ``sim/truth.py``):

* **name / call sign / IMO** of one MMSI: the value differs between consecutive static
  reports that carry the field, after normalising the text (:mod:`wakewatch.identity.names`:
  ``@`` padding cut, blanks collapsed, upper case). A field a report leaves empty is *not
  reported*, never a change: type 24 part A has no call sign and part B no name, and IMO 0 /
  1073741823 are "not available". Punctuation is read as a blank (``JULIE.GONSOULIN`` is
  ``JULIE GONSOULIN``, ``MAIA-1`` is ``MAIA 1``: re-keyed, not renamed). ``start`` is the
  last report with the old value, ``end`` the first with the new one. Default MMSIs (0,
  123456789 ...; the invalid_imo detector reports them) are many ships at once, so their
  "changes" are not reported.
* **MMSI / flag** of one ship: the same valid IMO (check digit passes) heard on one MMSI and
  then on another. The event is on the *new* MMSI, ``start`` = the last report of the IMO on
  the old MMSI, ``end`` = the first on the new; the flag comes from each MMSI's MID
  (:mod:`wakewatch.identity.mid`) and is listed when it differs.

Changes of one MMSI whose first new reports lie within ``merge_within_min`` are one event
(a rename with a new call sign; type 24 sends the name in part A and the call sign in part B,
seconds apart), with ``evidence.changed = {field: [old, new]}`` and the reports before and
after. GFW publishes no identity-change event (its vessel identity tables only list the
identities an MMSI used), so there is no threshold to take from it; what we add is the
per-change evidence and the noise guards below.

Robustness on real AIS. A change counts only when it is *clean*: the old value is not heard
again, nor the new one before, within ``min_silence_h`` (24 h). Two transmitters on one MMSI
(a shared or cloned MMSI: the spoofing detector's ``two_places``) or two MMSIs on one IMO
alternate all day and would make a change per alternation; a garbled single report (bit
errors that survive the checksum, truncated text) makes a change and a change back; both
fail the test, while a rename — even one heard only once, at the end of the data — passes.
``min_reports_new_value`` additionally asks a new value to be heard in that many consecutive
reports (shorter runs are dropped as noise and the runs around them join up). Its default is
1: with the silence test a repeat adds nothing against garbling, and the value 2 loses a
rename heard once at the end of the data, which the truth counts.

Score (in [0, 1], explained in ``evidence.score_terms``): 1 - prod(1 - w) over the changed
fields with w = 0.7 IMO, 0.6 MMSI, 0.5 flag, 0.5 name, 0.3 call sign, so IMO/MMSI > name >
call sign and several fields at once score higher.

Partition ``cell``: the MMSI change compares two MMSIs, so vessel groups would split it;
cell partitions all get every static report and events carry no position, so each is owned
by the window of its start and found whole.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import polars as pl

from wakewatch.events import Event
from wakewatch.identity.mid import flag_info, is_default_mmsi

from .base import detector_params, make_event, register
from .evidence import report_ref
from .inputs import DetectInputs

__all__ = ["NAME", "PARAMS", "VERSION", "identity_changes", "normalised_statics", "run"]

NAME = "identity_change"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("min_reports_new_value", int, 1, "reports",
           "A new name / call sign / IMO (or a new MMSI for one IMO) counts once heard in this "
           "many consecutive reports carrying the field; values heard fewer times are noise.")
PARAMS.add("merge_within_min", float, 10.0, "min",
           "Changes of one MMSI whose first new reports are this close make one event.")
PARAMS.add("min_silence_h", float, 24.0, "h",
           "A change counts only if the old value is not heard again (nor the new one before) "
           "within this time: alternating values are two transmitters on one MMSI or IMO, or "
           "noise, not a change.")

WEIGHTS: dict[str, float] = {"imo": 0.7, "mmsi": 0.6, "flag": 0.5, "name": 0.5,
                             "callsign": 0.3}
"""Per changed field, its weight in the score (see the module doc)."""

_FIELDS = ("name", "callsign", "imo")
_PUNCT_WS = r"[^\p{L}\p{N}]+"
_IMO_NA = 1073741823


def _text(col: str, sep: str) -> pl.Expr:
    # punctuation counts as a blank: "JULIE.GONSOULIN" is "JULIE GONSOULIN", "MAIA-1" "MAIA 1"
    cut = pl.col(col).str.replace(r"(?s)@.*$", "").str.replace_all(_PUNCT_WS, sep)
    out = cut.str.strip_chars(" ").str.to_uppercase()
    return pl.when(out.str.len_bytes() > 0).then(out)


def default_mmsi_expr(col: str, mmsis: pl.Series) -> pl.Expr:
    """Whether ``col`` is a default MMSI (:func:`~wakewatch.identity.mid.is_default_mmsi`),
    evaluated in Python over the unique values of ``mmsis`` only."""
    bad = [m for m in mmsis.unique().to_list() if is_default_mmsi(int(m))]
    return pl.col(col).is_in(pl.Series(bad, dtype=pl.Int64).implode())


def normalised_statics(statics: pl.DataFrame) -> pl.DataFrame:
    """``statics`` with ``_row`` (its index) and normalised ``_name``, ``_callsign``, ``_imo``
    (null when not reported): the rules of :mod:`wakewatch.identity.names` in Polars, with
    punctuation read as a blank (names) or dropped (call signs). Text is normalised once per
    distinct value (a ship repeats its name thousands of times)."""
    def mapped(col: str, sep: str) -> pl.Expr:
        u = statics.select(pl.col(col).unique().drop_nulls())
        u = u.with_columns(_text(col, sep).alias("_n"))
        return pl.col(col).replace_strict(u.get_column(col), u.get_column("_n"),
                                          default=None, return_dtype=pl.String)
    imo = pl.col("imo")
    return statics.with_row_index("_row").with_columns(
        _name=mapped("name", " "), _callsign=mapped("callsign", ""),
        _imo=pl.when((imo > 0) & (imo != _IMO_NA)).then(imo))


def imo_ok_expr(col: str) -> pl.Expr:
    """Polars twin of :func:`wakewatch.identity.imo.imo_check_digit_ok` (False for null)."""
    c = pl.col(col)
    total: pl.Expr = pl.sum_horizontal(
        ((c // 10 ** (6 - i)) % 10) * w for i, w in enumerate((7, 6, 5, 4, 3, 2)))
    return (c.is_between(1_000_000, 9_999_999) & (total % 10 == c % 10)).fill_null(False)


def _boundaries(df: pl.DataFrame) -> pl.DataFrame:
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


def _runs(long: pl.DataFrame, min_reports: int) -> pl.DataFrame:
    """Runs of one value per key, after dropping runs shorter than ``min_reports`` and
    joining the runs they split."""
    runs = _boundaries(long)
    if min_reports <= 1:
        return runs
    kept = runs.filter(pl.col("n") >= min_reports).rename({"first": "ts", "row_first": "_row"})
    joined = _boundaries(kept)  # first/last of a joined run: from its first and last parts
    last = _boundaries(kept.with_columns(ts=pl.col("last"), _row=pl.col("row_last")))
    return joined.with_columns(last=last.get_column("last"),
                               row_last=last.get_column("row_last"))


def _changes(runs: pl.DataFrame, silence: timedelta) -> pl.DataFrame:
    """Consecutive runs of one key as changes: start, end, rows before/after; only clean
    switches (the old value not heard again, nor the new one before, within ``silence``):
    two transmitters on one MMSI or IMO alternate, a garbled report flips back."""
    runs = runs.with_columns(next_same=pl.col("first").shift(-1).over(["k", "h"]),
                             prev_same=pl.col("last").shift(1).over(["k", "h"]))
    same_key = pl.col("k") == pl.col("k").shift(1)
    prev = [pl.col(c).shift(1).alias(a) for c, a in
            (("last", "start"), ("row_last", "row_before"), ("next_same", "old_next"))]
    ch = (runs.with_columns(*prev, _same=same_key).filter(pl.col("_same"))
          .rename({"first": "end", "row_first": "row_after"}))
    clean = ((pl.col("old_next").is_null() | (pl.col("old_next") > pl.col("end") + silence))
             & (pl.col("prev_same").is_null()
                | (pl.col("prev_same") < pl.col("start") - silence)))
    return ch.filter(clean).select("k", "start", "end", "row_before", "row_after")


def _field_changes(st: pl.DataFrame, min_reports: int, silence: timedelta) -> pl.DataFrame:
    # a default MMSI (0, 123456789 ...) is many ships at once: its "changes" mean nothing
    ships = st.filter(~default_mmsi_expr("mmsi", st.get_column("mmsi")))
    out = []
    for f in _FIELDS:  # statics are sorted by mmsi, ts, line_no: so is each field's subset
        long = ships.filter(pl.col(f"_{f}").is_not_null()).select(
            pl.col("mmsi").alias("k"), pl.col(f"_{f}").hash().alias("h"), "ts", "_row")
        ch = _changes(_runs(long, min_reports), silence)
        values = st.get_column(f"_{f}").cast(pl.String)
        out.append(ch.select(
            pl.col("k").alias("mmsi"), pl.lit(f).alias("field"),
            old=values.gather(ch.get_column("row_before")),
            new=values.gather(ch.get_column("row_after")),
            start="start", end="end", row_before="row_before", row_after="row_after"))
    return pl.concat(out)


def _mmsi_changes(st: pl.DataFrame, min_reports: int, silence: timedelta) -> pl.DataFrame:
    long = (st.filter(imo_ok_expr("_imo"))
            .select(pl.col("_imo").alias("k"), pl.col("mmsi").alias("h"), "ts", "_row")
            .sort(["k", "ts", "_row"]))
    ch = _changes(_runs(long, min_reports), silence)
    mmsi = st.get_column("mmsi")
    old, new = mmsi.gather(ch.get_column("row_before")), mmsi.gather(ch.get_column("row_after"))
    return ch.select(
        mmsi=new, field=pl.lit("mmsi"), old=old.cast(pl.String), new=new.cast(pl.String),
        start="start", end="end", row_before="row_before", row_after="row_after")


def identity_changes(statics: pl.DataFrame, params: Mapping[str, Any]) -> pl.DataFrame:
    """Every single-field change (one row each) with ``event_no`` grouping those of one
    event: mmsi, field, old, new, start, end, row_before, row_after (``_row`` of
    :func:`normalised_statics`)."""
    st = normalised_statics(statics)
    n = int(params["min_reports_new_value"])
    silence = timedelta(hours=float(params["min_silence_h"]))
    merge = timedelta(minutes=float(params["merge_within_min"]))
    ch = pl.concat([_field_changes(st, n, silence), _mmsi_changes(st, n, silence)]).sort(
        ["mmsi", "end", "field"])
    gap = pl.col("end").diff().over("mmsi")
    return ch.with_columns(event_no=(gap.is_null() | (gap > merge)).cast(pl.Int64).cum_sum())


def _flag(mmsi: int) -> str | None:
    info = flag_info(mmsi)
    return None if info is None else info.iso2


def _changed(group: list[dict[str, Any]], before: dict[str, Any], after: dict[str, Any]
             ) -> dict[str, list[Any]]:
    first: dict[str, Any] = {}
    last: dict[str, Any] = {}
    for c in group:  # sorted by end: the first old and the last new value of each field
        first.setdefault(c["field"], c["old"])
        last[c["field"]] = c["new"]
    out: dict[str, list[Any]] = {}
    if "mmsi" in last:
        old, new = int(first["mmsi"]), int(last["mmsi"])
        out["mmsi"] = [old, new]
        out["flag"] = [_flag(old), _flag(new)]
        for f in ("name", "callsign"):  # what the ship also changed across the two MMSIs
            first.setdefault(f, before[f"_{f}"])
            last.setdefault(f, after[f"_{f}"])
    if "imo" in last:
        first["imo"], last["imo"] = int(first["imo"]), int(last["imo"])
    for f in ("imo", "name", "callsign"):
        if f in last and first[f] is not None and last[f] is not None:
            out[f] = [first[f], last[f]]
    return {k: v for k, v in out.items() if v[0] != v[1]}


def _score(changed: Mapping[str, Any]) -> tuple[float, dict[str, float]]:
    terms = {f: WEIGHTS[f] for f in changed}
    keep = 1.0
    for w in terms.values():
        keep *= 1.0 - w
    return 1.0 - keep, terms


def _ref(row: dict[str, Any]) -> dict[str, Any]:
    return {"mmsi": row["mmsi"], **report_ref(row)}


@register(NAME, kinds=("identity_change",), version=VERSION, partition="cell")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every identity_change event in ``inputs`` (see the module doc)."""
    if inputs.statics.is_empty():
        return []
    ch = identity_changes(inputs.statics, params)
    if ch.is_empty():
        return []
    rows = normalised_statics(inputs.statics)
    events = []
    for group in ch.partition_by("event_no", maintain_order=True):
        recs = group.to_dicts()
        before = rows.row(int(recs[0]["row_before"]), named=True)
        after = rows.row(int(recs[-1]["row_after"]), named=True)
        changed = _changed(recs, before, after)
        if not changed:  # e.g. A -> B -> A within the merge window
            continue
        score, terms = _score(changed)
        mmsi = int(recs[0]["mmsi"])
        start, end = min(r["start"] for r in recs), max(r["end"] for r in recs)
        events.append(make_event(
            "identity_change", mmsi, start, end, detector=NAME,
            version=VERSION, params=params, score=score,
            key=f"{','.join(sorted(changed))}:{int(end.timestamp())}",
            evidence={"changed": changed, "before": _ref(before), "after": _ref(after),
                      "score_terms": terms,
                      "min_reports_new_value": params["min_reports_new_value"]}))
    return events
