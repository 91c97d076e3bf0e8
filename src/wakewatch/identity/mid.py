"""MMSI structure, its Maritime Identification Digits (MID) and the flag they stand for.

An MMSI is nine digits (ITU-R M.585; gpsd ``AIVDM.adoc``). Written as nine digits with
leading zeros, the formats wakewatch recognises are:

    MIDxxxxxx   ship station                 -> ``ship``           (MID 201-775)
    00MIDxxxx   coast (base) station         -> ``coast_station``  (an integer of 7 digits)
    111MIDxxx   SAR aircraft                 -> ``sar_aircraft``
    99MIDxxxx   aid to navigation            -> ``aton``
    98MIDxxxx   craft associated with a ship -> ``auxiliary``
    970xxyyyy   AIS-SART                     -> ``sart``           (no MID: xx = maker)
    972xxyyyy   man-overboard device         -> ``mob``
    974xxyyyy   EPIRB-AIS                    -> ``epirb``
    anything else                            -> ``invalid``

``invalid`` includes the 8-digit numbers of US vessels whose transponders drop the leading
3 (``66xxxxxx`` for ``366xxxxxx``): they are flagged (:func:`is_truncated_us_mmsi`), never
"fixed", because the missing digit is a guess. Group calls (``0MIDxxxxx``) and handheld VHF
(``8MIDxxxxx``) are not AIS transmitter identities and are ``invalid`` here too.

Every function takes any ``int`` and never raises. The same rules exist as DuckDB SQL
expressions (``*_sql``) so that the store can classify millions of rows without Python, and
:func:`register_mid_flags` loads the MID table into a connection as ``mid_flags``.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import duckdb

MID_MIN = 201
MID_MAX = 775

MMSI_KINDS: tuple[str, ...] = (
    "ship", "coast_station", "sar_aircraft", "aton", "auxiliary", "sart", "mob", "epirb",
    "invalid",
)

# Values crews key in when they do not know the MMSI, or that a transponder ships with.
# Repdigits 111111111 ... 999999999 and d00000000 are added below.
_PLACEHOLDERS: frozenset[int] = frozenset(
    {0, 1, 12345678, 123456789, 987654321}
    | {int(str(d) * 9) for d in range(1, 10)}
    | {d * 100_000_000 for d in range(1, 10)}
)

# US MIDs whose 9-digit MMSIs, with the leading 3 dropped, become 8-digit numbers.
# (303, Alaska, would become a 7-digit number that collides with coast stations.)
_US_MIDS: frozenset[int] = frozenset({338, 358, 366, 367, 368, 369, 379})


@dataclass(frozen=True, slots=True)
class Flag:
    """One MID and the flag it stands for."""

    mid: int
    country: str
    iso2: str
    iso3: str


def _read_csv(name: str) -> list[dict[str, str]]:
    text = resources.files("wakewatch.identity").joinpath("data", name).read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def flag_table() -> dict[int, Flag]:
    """The ITU MID table shipped with the package (see ``identity/data/README.md``)."""
    iso = {int(row["mid"]): (row["iso2"], row["iso3"]) for row in _read_csv("mid_iso3166.csv")}
    table: dict[int, Flag] = {}
    for row in _read_csv("itu_mid_country_libais.csv"):
        mid = int(row["prefix"])
        iso2, iso3 = iso[mid]
        table[mid] = Flag(mid, row["country"], iso2, iso3)
    return table


def mmsi_kind(mmsi: int) -> str:
    """The station kind an MMSI's structure denotes (one of :data:`MMSI_KINDS`)."""
    if 100_000_000 <= mmsi <= 999_999_999:
        head3 = mmsi // 1_000_000
        if MID_MIN <= head3 <= MID_MAX:
            return "ship"
        special = {970: "sart", 972: "mob", 974: "epirb"}.get(head3)
        if special is not None:
            return special
        if head3 == 111 and MID_MIN <= (mmsi // 1_000) % 1_000 <= MID_MAX:
            return "sar_aircraft"
        if MID_MIN <= (mmsi // 10_000) % 1_000 <= MID_MAX:
            head2 = mmsi // 10_000_000
            if head2 == 99:
                return "aton"
            if head2 == 98:
                return "auxiliary"
        return "invalid"
    if MID_MIN * 10_000 <= mmsi <= MID_MAX * 10_000 + 9_999:
        return "coast_station"
    return "invalid"


def mid_of(mmsi: int) -> int | None:
    """The MID inside an MMSI, by its structure; ``None`` when it carries none."""
    kind = mmsi_kind(mmsi)
    if kind == "ship":
        return mmsi // 1_000_000
    if kind == "coast_station":
        return mmsi // 10_000
    if kind == "sar_aircraft":
        return (mmsi // 1_000) % 1_000
    if kind in ("aton", "auxiliary"):
        return (mmsi // 10_000) % 1_000
    return None


def mid_allocated(mid: int) -> bool:
    """Whether the ITU has allocated ``mid`` to a country (646, for one, is not)."""
    return mid in flag_table()


def flag_info(mmsi: int) -> Flag | None:
    """The flag (country and ISO codes) of an MMSI's MID, or ``None``."""
    mid = mid_of(mmsi)
    return None if mid is None else flag_table().get(mid)


def flag_of(mmsi: int) -> str | None:
    """The ITU country name of an MMSI's flag, e.g. ``"Russian Federation"`` for 273xxxxxx."""
    info = flag_info(mmsi)
    return None if info is None else info.country


def is_truncated_us_mmsi(mmsi: int) -> bool:
    """An 8-digit number that reads as a US MMSI with its leading 3 dropped."""
    return 10_000_000 <= mmsi <= 99_999_999 and 300 + mmsi // 1_000_000 in _US_MIDS


def is_default_mmsi(mmsi: int) -> bool:
    """A placeholder (0, 123456789, 111111111 ...), a ship number made of its MID and six
    zeros (413000000: Chinese boats share it by the hundred), or a number no station can
    have (which includes every ship number that is not nine digits)."""
    kind = mmsi_kind(mmsi)
    return (mmsi in _PLACEHOLDERS or kind == "invalid"
            or (kind == "ship" and mmsi % 1_000_000 == 0))


# --- the same rules in DuckDB SQL -----------------------------------------------------------

def _in_mid_range(expr: str) -> str:
    return f"({expr}) BETWEEN {MID_MIN} AND {MID_MAX}"


def mmsi_kind_sql(col: str) -> str:
    """A SQL expression giving :func:`mmsi_kind` of the BIGINT column ``col``."""
    return f"""(CASE
        WHEN {col} BETWEEN 100000000 AND 999999999 THEN (CASE
            WHEN {_in_mid_range(f"{col} // 1000000")} THEN 'ship'
            WHEN {col} // 1000000 = 970 THEN 'sart'
            WHEN {col} // 1000000 = 972 THEN 'mob'
            WHEN {col} // 1000000 = 974 THEN 'epirb'
            WHEN {col} // 1000000 = 111 AND {_in_mid_range(f"({col} // 1000) % 1000")}
                THEN 'sar_aircraft'
            WHEN {col} // 10000000 = 99 AND {_in_mid_range(f"({col} // 10000) % 1000")}
                THEN 'aton'
            WHEN {col} // 10000000 = 98 AND {_in_mid_range(f"({col} // 10000) % 1000")}
                THEN 'auxiliary'
            ELSE 'invalid' END)
        WHEN {col} BETWEEN {MID_MIN * 10_000} AND {MID_MAX * 10_000 + 9_999}
            THEN 'coast_station'
        ELSE 'invalid' END)"""


def mid_sql(col: str, kind: str | None = None) -> str:
    """A SQL expression giving :func:`mid_of`; ``kind`` may name a column already holding
    :func:`mmsi_kind_sql` of ``col`` (saves recomputing it)."""
    k = kind if kind is not None else mmsi_kind_sql(col)
    return f"""(CASE {k}
        WHEN 'ship' THEN {col} // 1000000
        WHEN 'coast_station' THEN {col} // 10000
        WHEN 'sar_aircraft' THEN ({col} // 1000) % 1000
        WHEN 'aton' THEN ({col} // 10000) % 1000
        WHEN 'auxiliary' THEN ({col} // 10000) % 1000
        ELSE NULL END)::INTEGER"""


def default_mmsi_sql(col: str, kind: str | None = None) -> str:
    """A SQL expression giving :func:`is_default_mmsi` (``kind`` as in :func:`mid_sql`)."""
    k = kind if kind is not None else mmsi_kind_sql(col)
    values = ", ".join(str(v) for v in sorted(_PLACEHOLDERS))
    return (f"({col} IN ({values}) OR {k} = 'invalid'"
            f" OR ({k} = 'ship' AND {col} % 1000000 = 0))")


def truncated_us_sql(col: str) -> str:
    """A SQL expression giving :func:`is_truncated_us_mmsi`."""
    mids = ", ".join(str(m) for m in sorted(_US_MIDS))
    return f"({col} BETWEEN 10000000 AND 99999999 AND 300 + {col} // 1000000 IN ({mids}))"


def register_mid_flags(con: duckdb.DuckDBPyConnection) -> None:
    """Create (or replace) the temporary table ``mid_flags(mid, country, iso2, iso3)``.

    Temporary, so it works on a read-only store and always matches the packaged table.
    """
    con.execute(
        "CREATE OR REPLACE TEMP TABLE mid_flags ("
        "mid INTEGER PRIMARY KEY, country VARCHAR NOT NULL, iso2 VARCHAR, iso3 VARCHAR)")
    flags = list(flag_table().values())
    values = ", ".join(["(?, ?, ?, ?)"] * len(flags))
    con.execute(f"INSERT INTO mid_flags VALUES {values}",
                [v for f in flags for v in (f.mid, f.country, f.iso2, f.iso3)])
