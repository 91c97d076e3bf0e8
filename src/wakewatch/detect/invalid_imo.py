"""The ``invalid_imo`` detector: identity numbers that cannot be genuine.

Two families of events (DESIGN.md *invalid_imo*; the simulator's truth, ``sim/truth.py``):

* ``bad_check_digit``: a broadcast IMO number that fails its check digit
  (:mod:`wakewatch.identity.imo`; numbers that are not seven digits fail too, and say so in
  ``evidence.format``). One event per (MMSI, IMO), from the first to the last static report
  carrying it. IMO 0 and 1073741823 mean "not available" and are never invalid.
* ``default_mmsi`` / ``unallocated_mid``: a transmitter using a placeholder MMSI (0,
  123456789, 111111111, a MID followed by six zeros, a number no station can have — which
  includes 8-digit US numbers missing their leading 3, flagged ``truncated_us_mmsi``) or a
  ship-station MMSI whose MID the ITU has not allocated (646, for one). Only ship-station
  numbers and numbers of no station kind count: coast stations, aids to navigation, SAR
  aircraft, craft associated with a ship and AIS-SART/MOB/EPIRB devices have their own
  formats (:func:`wakewatch.identity.mid.mmsi_kind`). One event per MMSI from its first to
  its last report, positions or statics.

GFW has no such event; its identity tables mark IMOs failing the check digit and MMSIs
that are invalid or shared (``pipe-segment``), which is where the definitions come from.
The check digit is a test of typing, not of truth: a valid IMO copied from another ship
passes (the identity_change detector and screening catch those).

Score: 0.9 default MMSI, 0.8 unallocated MID, 0.7 a 7-digit IMO failing its check digit
(a typing slip is more common than a deliberate fake, while a placeholder MMSI is never a
real identity), 0.5 an "IMO" that is not seven digits (1, 100, an MMSI keyed into the IMO
field: on the real samples most bad IMOs are such junk rather than forged numbers).
Per MMSI, the rules run over the unique MMSIs only (thousands, not millions of rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from wakewatch.events import Event
from wakewatch.identity.mid import (
    is_default_mmsi,
    is_truncated_us_mmsi,
    mid_allocated,
    mid_of,
    mmsi_kind,
)

from .base import detector_params, make_event, register
from .evidence import report_ref
from .inputs import DetectInputs

__all__ = ["NAME", "PARAMS", "SCORES", "VERSION", "bad_imos", "bad_mmsis", "default_mmsi_expr",
           "imo_ok_expr", "run"]

NAME = "invalid_imo"
VERSION = "1"
PARAMS = detector_params(NAME)
PARAMS.add("min_reports", int, 1, "reports",
           "An invalid IMO or MMSI is reported once heard in at least this many reports.")

SCORES: dict[str, float] = {"default_mmsi": 0.9, "unallocated_mid": 0.8,
                            "bad_check_digit": 0.7, "bad_check_digit_not_7_digits": 0.5}
"""The score of each reason (see the module doc)."""

_IMO_NA = 1073741823


def imo_ok_expr(col: str) -> pl.Expr:
    """Polars twin of :func:`wakewatch.identity.imo.imo_check_digit_ok` (False for null)."""
    c = pl.col(col)
    total: pl.Expr = pl.sum_horizontal(
        ((c // 10 ** (6 - i)) % 10) * w for i, w in enumerate((7, 6, 5, 4, 3, 2)))
    return (c.is_between(1_000_000, 9_999_999) & (total % 10 == c % 10)).fill_null(False)


def default_mmsi_expr(col: str, mmsis: pl.Series) -> pl.Expr:
    """Whether ``col`` is a default MMSI (:func:`~wakewatch.identity.mid.is_default_mmsi`),
    evaluated in Python over the unique values of ``mmsis`` only."""
    bad = [m for m in mmsis.unique().to_list() if is_default_mmsi(int(m))]
    return pl.col(col).is_in(pl.Series(bad, dtype=pl.Int64).implode())
_STATION_KINDS = ("ship", "invalid")  # transmitters that should carry a ship MMSI


def bad_imos(statics: pl.DataFrame) -> pl.DataFrame:
    """Per (mmsi, imo) failing the check digit: n_reports, first/last ts and row index."""
    imo = pl.col("imo")
    return (statics.with_row_index("_row")
            .filter(imo.is_not_null() & (imo != 0) & (imo != _IMO_NA) & ~imo_ok_expr("imo"))
            .group_by(["mmsi", "imo"], maintain_order=True)
            .agg(n_reports=pl.len(), first=pl.col("ts").first(), last=pl.col("ts").last(),
                 row_first=pl.col("_row").first(), row_last=pl.col("_row").last()))


def _reason(mmsi: int) -> str | None:
    kind = mmsi_kind(mmsi)
    if kind not in _STATION_KINDS:
        return None
    if is_default_mmsi(mmsi):
        return "default_mmsi"
    mid = mid_of(mmsi)
    if mid is not None and not mid_allocated(mid):
        return "unallocated_mid"
    return None


def bad_mmsis(positions: pl.DataFrame, statics: pl.DataFrame) -> pl.DataFrame:
    """Per MMSI with a default value or unallocated MID: reason, counts, first/last ts."""
    def span(df: pl.DataFrame, what: str) -> pl.DataFrame:
        return df.group_by("mmsi").agg(pl.len().alias(f"n_{what}"),
                                       pl.col("ts").min().alias(f"first_{what}"),
                                       pl.col("ts").max().alias(f"last_{what}"))
    mmsis = pl.concat([positions.select("mmsi"), statics.select("mmsi")]).unique()
    reasons = {m: r for m in mmsis.get_column("mmsi").to_list()
               if (r := _reason(int(m))) is not None}
    if not reasons:
        return pl.DataFrame()
    bad = pl.DataFrame({"mmsi": list(reasons), "reason": list(reasons.values())},
                       schema={"mmsi": pl.Int64(), "reason": pl.String()})
    keep = pl.col("mmsi").is_in(bad.get_column("mmsi").implode())
    return (bad.join(span(positions.filter(keep), "positions"), on="mmsi", how="left")
            .join(span(statics.filter(keep), "statics"), on="mmsi", how="left")
            .with_columns(pl.col("n_positions", "n_statics").fill_null(0),
                          first=pl.min_horizontal("first_positions", "first_statics"),
                          last=pl.max_horizontal("last_positions", "last_statics"))
            .sort("mmsi"))


def _imo_events(statics: pl.DataFrame, params: Mapping[str, Any]) -> list[Event]:
    out = []
    for r in bad_imos(statics).filter(pl.col("n_reports") >= params["min_reports"]).to_dicts():
        imo = int(r["imo"])
        seven = 1_000_000 <= imo <= 9_999_999
        evidence = {"reason": "bad_check_digit", "imo": imo, "n_reports": r["n_reports"],
                    "format": "7_digits" if seven else "not_7_digits",
                    "first": report_ref(statics.row(r["row_first"], named=True)),
                    "last": report_ref(statics.row(r["row_last"], named=True))}
        out.append(make_event("invalid_imo", r["mmsi"], r["first"], r["last"], detector=NAME,
                              version=VERSION, params=params,
                              score=SCORES["bad_check_digit" if seven
                                           else "bad_check_digit_not_7_digits"],
                              evidence=evidence,
                              key=f"bad_check_digit:{imo}"))
    return out


def _mmsi_events(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    bad = bad_mmsis(inputs.positions, inputs.statics)
    if bad.is_empty():
        return []
    out = []
    enough = (pl.col("n_positions") + pl.col("n_statics")) >= params["min_reports"]
    for r in bad.filter(enough).to_dicts():
        mmsi, reason = int(r["mmsi"]), str(r["reason"])
        evidence = {"reason": reason, "mmsi_kind": mmsi_kind(mmsi), "mid": mid_of(mmsi),
                    "n_positions": r["n_positions"], "n_statics": r["n_statics"]}
        if reason == "default_mmsi" and is_truncated_us_mmsi(mmsi):
            evidence["truncated_us_mmsi"] = True
        out.append(make_event("invalid_imo", mmsi, r["first"], r["last"], detector=NAME,
                              version=VERSION, params=params, score=SCORES[reason],
                              evidence=evidence, key=reason))
    return out


@register(NAME, kinds=("invalid_imo",), version=VERSION, partition="vessel")
def run(inputs: DetectInputs, params: Mapping[str, Any]) -> list[Event]:
    """Every invalid_imo event in ``inputs`` (see the module doc)."""
    return _imo_events(inputs.statics, params) + _mmsi_events(inputs, params)
