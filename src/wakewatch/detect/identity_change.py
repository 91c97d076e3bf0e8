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
  (:mod:`wakewatch.identity.mid`) and is listed when it differs. The two MMSIs must be able
  to be one hull: the last position of the old MMSI and the first of the new must be
  reachable at ``max_speed_kn`` (the spoofing threshold, 50 kn), and the old MMSI must fall
  silent (no position later than ``max_overlap_min`` after the switch). On one day of
  MarineCadastre data this removes every "reflag" inside the day: all were two ships, 1,000+
  km apart or both still transmitting, broadcasting one IMO.

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
call sign and several fields at once score higher; a name merely re-keyed (``WSF TACOMA``
for ``TACOMA WSF``, ``MV`` or ``NO`` added, blanks moved: :func:`name_variant`) weighs 0.15.

Partition ``fleet``: the MMSI change links two MMSIs through their IMO wherever the ships
are, and the one-ship check needs both vessels' whole tracks, so the detector runs over the
whole input (vessel groups or spatial cells would split or fake a change); on Dask this is a
shuffle by IMO.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

import numpy as np
import polars as pl

from wakewatch.events import Event
from wakewatch.geo.routes import haversine_m
from wakewatch.identity.mid import flag_info

from .base import detector_params, make_event, register
from .evidence import report_ref
from .identity_runs import changes, runs
from .inputs import DetectInputs
from .invalid_imo import default_mmsi_expr, imo_ok_expr

__all__ = ["NAME", "PARAMS", "VERSION", "identity_changes", "name_variant", "normalised_statics",
           "run"]

NAME = "identity_change"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("min_reports_new_value", int, 1, "reports",
           "A new name / call sign / IMO (or a new MMSI for one IMO) counts once heard in this "
           "many consecutive reports carrying the field; values heard fewer times are noise.")
PARAMS.add("merge_within_min", float, 10.0, "min",
           "Changes of one MMSI whose first new reports are this close make one event.")
PARAMS.add("max_speed_kn", float, 50.0, "kn",
           "An IMO moving to another MMSI is one hull only if the last position of the old "
           "MMSI and the first of the new one are reachable at this speed (spoofing: 50 kn).")
PARAMS.add("max_overlap_min", float, 10.0, "min",
           "... and the old MMSI sends no position later than this after the new one's first "
           "report (within min_silence_h): one transponder, not two ships (reception delay).")
PARAMS.add("min_silence_h", float, 24.0, "h",
           "A change counts only if the old value is not heard again (nor the new one before) "
           "within this time: alternating values are two transmitters on one MMSI or IMO, or "
           "noise, not a change.")

WEIGHTS: dict[str, float] = {"imo": 0.7, "mmsi": 0.6, "flag": 0.5, "name": 0.5,
                             "callsign": 0.3}
"""Per changed field, its weight in the score (see the module doc)."""
NAME_VARIANT_WEIGHT = 0.15
"""The weight of a name change that only re-keys the name (:func:`name_variant`)."""

_FIELDS = ("name", "callsign", "imo")
_PUNCT_WS = r"[^\p{L}\p{N}]+"
_IMO_NA = 1073741823


def _text(col: str, sep: str) -> pl.Expr:
    # punctuation counts as a blank: "JULIE.GONSOULIN" is "JULIE GONSOULIN", "MAIA-1" "MAIA 1"
    cut = pl.col(col).str.replace(r"(?s)@.*$", "").str.replace_all(_PUNCT_WS, sep)
    out = cut.str.strip_chars(" ").str.to_uppercase()
    return pl.when(out.str.len_bytes() > 0).then(out)


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


def _field_changes(st: pl.DataFrame, min_reports: int, silence: timedelta) -> pl.DataFrame:
    # a default MMSI (0, 123456789 ...) is many ships at once: its "changes" mean nothing
    ships = st.filter(~default_mmsi_expr("mmsi", st.get_column("mmsi")))
    out = []
    for f in _FIELDS:  # statics are sorted by mmsi, ts, line_no: so is each field's subset
        long = ships.filter(pl.col(f"_{f}").is_not_null()).select(
            pl.col("mmsi").alias("k"), pl.col(f"_{f}").hash().alias("h"), "ts", "_row")
        ch = changes(runs(long, min_reports), silence)
        values = st.get_column(f"_{f}").cast(pl.String)
        out.append(ch.select(
            pl.col("k").alias("mmsi"), pl.lit(f).alias("field"),
            old=values.gather(ch.get_column("row_before")),
            new=values.gather(ch.get_column("row_after")),
            start="start", end="end", row_before="row_before", row_after="row_after"))
    return pl.concat(out)


def _mmsi_changes(st: pl.DataFrame, min_reports: int, silence: timedelta) -> pl.DataFrame:
    imos = st.select(pl.col("_imo").unique()).filter(imo_ok_expr("_imo")).get_column("_imo")
    valid = st.select("_imo", "mmsi", "ts", "_row").filter(pl.col("_imo").is_in(imos.implode()))
    # only IMOs heard on more than one MMSI can move: a few, so the sort below is cheap
    shared = (valid.group_by("_imo").agg(pl.col("mmsi").n_unique().alias("n"))
              .filter(pl.col("n") > 1).get_column("_imo"))
    long = (valid.filter(pl.col("_imo").is_in(shared.implode()))
            .select(pl.col("_imo").alias("k"), pl.col("mmsi").alias("h"), "ts", "_row")
            .sort(["k", "ts", "_row"]))
    ch = changes(runs(long, min_reports), silence)
    mmsi = st.get_column("mmsi")
    old, new = mmsi.gather(ch.get_column("row_before")), mmsi.gather(ch.get_column("row_after"))
    return ch.select(
        mmsi=new, field=pl.lit("mmsi"), old=old.cast(pl.String), new=new.cast(pl.String),
        start="start", end="end", row_before="row_before", row_after="row_after")


def _one_hull(ch: pl.DataFrame, positions: pl.DataFrame, params: Mapping[str, Any]
              ) -> pl.DataFrame:
    """The MMSI changes whose two MMSIs can be one hull: dropped when the last position of
    the old MMSI (up to the change) and the first of the new are farther apart than
    ``max_speed_kn`` covers, or when the old MMSI keeps sending positions after the new one
    started — two ships sharing (or copying) one IMO. Without positions: kept."""
    keep = pl.col("mmsi").is_in(pl.concat([ch["old"].cast(pl.Int64), ch["mmsi"]]).implode())
    pos = {int(k[0]): (g["ts"].dt.epoch("us").to_numpy(), g["lat"].to_numpy(),
                       g["lon"].to_numpy())
           for k, g in positions.filter(keep).partition_by("mmsi", as_dict=True).items()}
    overlap_us = float(params["max_overlap_min"]) * 60e6
    silence_us = float(params["min_silence_h"]) * 3600e6
    ok = []
    for old, new, start, end in ch.select(pl.col("old").cast(pl.Int64), "mmsi", "start",
                                          "end").iter_rows():
        s_us, e_us = start.timestamp() * 1e6, end.timestamp() * 1e6
        a, b = pos.get(old), pos.get(new)
        fine = True
        if a is not None:
            later = a[0][np.searchsorted(a[0], e_us + overlap_us, side="right"):]
            fine = not (later.size and later[0] <= e_us + silence_us)
        if fine and a is not None and b is not None:
            i = int(np.searchsorted(a[0], e_us, side="right")) - 1
            j = int(np.searchsorted(b[0], s_us, side="left"))
            if i >= 0 and j < b[0].size:
                d = float(haversine_m(a[1][i], a[2][i], b[1][j], b[2][j]))
                hours = max(abs(b[0][j] - a[0][i]) / 3600e6, 1.0 / 60.0)
                fine = d / 1852.0 / hours <= float(params["max_speed_kn"])
        ok.append(fine)
    return ch.filter(pl.Series(ok, dtype=pl.Boolean))


def identity_changes(st: pl.DataFrame, params: Mapping[str, Any],
                     positions: pl.DataFrame | None = None) -> pl.DataFrame:
    """Every single-field change (one row each) of the :func:`normalised_statics` ``st``,
    with ``event_no`` grouping those of one event: mmsi, field, old, new, start, end,
    row_before, row_after (``_row``). ``positions`` check that an MMSI change is one hull."""
    n = int(params["min_reports_new_value"])
    silence = timedelta(hours=float(params["min_silence_h"]))
    merge = timedelta(minutes=float(params["merge_within_min"]))
    moved = _mmsi_changes(st, n, silence)
    if positions is not None and not moved.is_empty():
        moved = _one_hull(moved, positions, params)
    ch = pl.concat([_field_changes(st, n, silence), moved]).sort(["mmsi", "end", "field"])
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


_NAME_FILLERS = frozenset({"M", "V", "MV", "MT", "SS", "NO"})


def name_variant(old: str, new: str) -> bool:
    """Whether two names are the same name keyed differently: equal without blanks
    (``MINGYANGZHOU 9``) or as sets of words without prefixes such as MV or NO
    (``MV SEA IMP IX``, ``WSF TACOMA`` / ``TACOMA WSF``, ``OSPREY NO 1``)."""
    if old.replace(" ", "") == new.replace(" ", ""):
        return True
    return set(old.split()) - _NAME_FILLERS == set(new.split()) - _NAME_FILLERS


def _score(changed: Mapping[str, Any]) -> tuple[float, dict[str, float]]:
    terms = {f: WEIGHTS[f] for f in changed}
    if "name" in changed and name_variant(*changed["name"]):
        terms["name"] = NAME_VARIANT_WEIGHT
    keep = 1.0
    for w in terms.values():
        keep *= 1.0 - w
    return 1.0 - keep, terms


def _ref(row: dict[str, Any]) -> dict[str, Any]:
    return {"mmsi": row["mmsi"], **report_ref(row)}


@register(NAME, kinds=("identity_change",), version=VERSION, partition="fleet")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every identity_change event in ``inputs`` (see the module doc)."""
    if inputs.statics.is_empty():
        return []
    rows = normalised_statics(inputs.statics)
    ch = identity_changes(rows, params, inputs.positions)
    if ch.is_empty():
        return []
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
