"""Vessel identity: MMSI structure and flags, IMO check digits, identity timelines.

Pure functions (:mod:`.mid`, :mod:`.imo`, :mod:`.names`) and their DuckDB SQL twins, plus
the ``vessels`` view over the store (:mod:`.vessels`). This layer reads the store and never
imports the CLI or any higher layer.
"""

from wakewatch.identity.imo import imo_check_digit, imo_check_digit_ok, imo_check_sql, normalise_imo
from wakewatch.identity.mid import (
    MMSI_KINDS,
    Flag,
    flag_info,
    flag_of,
    flag_table,
    is_default_mmsi,
    is_truncated_us_mmsi,
    mid_allocated,
    mid_of,
    mmsi_kind,
    register_mid_flags,
)
from wakewatch.identity.names import normalise_callsign, normalise_name
from wakewatch.identity.vessels import (
    FORGED_REASONS,
    VESSEL_COLUMNS,
    ensure_vessels,
    forged_vessels,
    store_is_empty,
    vessel_summary,
    vessel_timeline,
)

__all__ = [
    "FORGED_REASONS",
    "MMSI_KINDS",
    "VESSEL_COLUMNS",
    "Flag",
    "ensure_vessels",
    "flag_info",
    "flag_of",
    "flag_table",
    "forged_vessels",
    "imo_check_digit",
    "imo_check_digit_ok",
    "imo_check_sql",
    "is_default_mmsi",
    "is_truncated_us_mmsi",
    "mid_allocated",
    "mid_of",
    "mmsi_kind",
    "normalise_callsign",
    "normalise_imo",
    "normalise_name",
    "register_mid_flags",
    "store_is_empty",
    "vessel_summary",
    "vessel_timeline",
]
