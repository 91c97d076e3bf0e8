"""AIS code tables for text fields of decoded tables: navigational status and ship type.

Decoded AIS tables write some coded fields as text (the Danish Maritime Authority's
``Navigational status`` and ``Ship type``; older MarineCadastre ``Status`` values) and others
as numbers, sometimes with a ``.0`` (MarineCadastre 2023: ``Status`` ``0.0``). These pure
functions turn one such text into the AIS code; callers apply them to the few *distinct*
texts of a file (see :func:`case_sql`), never row by row.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping

_NOT_LETTERS = re.compile(r"[^a-z]")

# ITU-R M.1371 navigational status, keyed by the text with everything but letters removed,
# so that "Under way using engine", "UnderWayUsingEngine" and "under-way using engine" agree.
NAV_STATUS_TEXT: Mapping[str, int] = {
    "underwayusingengine": 0,
    "atanchor": 1,
    "notundercommand": 2,
    "restrictedmanoeuvrability": 3,
    "restrictedmanoeuverability": 3,
    "restrictedmaneuverability": 3,
    "restrictedmaneuvrability": 3,
    "constrainedbyherdraught": 4,
    "constrainedbydraught": 4,
    "moored": 5,
    "aground": 6,
    "engagedinfishing": 7,
    "underwaysailing": 8,
    "reservedforfutureamendmenthsc": 9,
    "reservedforhsc": 9,
    "reservedforfutureamendmentwig": 10,
    "reservedforwig": 10,
    "powerdrivenvesseltowingastern": 11,
    "powerdrivenvesselpushingaheadortowingalongside": 12,
    "reservedforfutureuse": 13,
    "aissart": 14,
    "aissartactive": 14,
    "aissartisactive": 14,
    "aissartactivemobaisepirbais": 14,
    "undefined": 15,
    "notdefined": 15,
    "unknownvalue": 15,
    "unknown": 15,
    "default": 15,
}

# Ship type categories as the DMA writes them, to the first AIS code of each category.
# "Undefined", "Reserved", "Spare 1/2" carry no type and map to nothing.
SHIP_TYPE_TEXT: Mapping[str, int] = {
    "wig": 20,
    "fishing": 30,
    "towing": 31,
    "towinglongwide": 32,
    "dredging": 33,
    "diving": 34,
    "military": 35,
    "sailing": 36,
    "pleasure": 37,
    "hsc": 40,
    "pilot": 50,
    "sar": 51,
    "tug": 52,
    "porttender": 53,
    "antipollution": 54,
    "lawenforcement": 55,
    "medical": 58,
    "notpartytoconflict": 59,
    "passenger": 60,
    "cargo": 70,
    "tanker": 80,
    "other": 90,
}


def _number(text: str) -> int | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value.is_integer() else None


def nav_status_code(text: str) -> int | None:
    """The AIS navigational status (0–15) of a number or one of the 16 standard texts."""
    value = _number(text.strip())
    if value is not None:
        return value if 0 <= value <= 15 else None
    return NAV_STATUS_TEXT.get(_NOT_LETTERS.sub("", text.lower()))


def ship_type_code(text: str) -> int | None:
    """The AIS ship type of a number (kept when positive; MarineCadastre 2015–2017 also uses
    the NAIS codes 1001–1025) or of a DMA category text such as ``Cargo``."""
    value = _number(text.strip())
    if value is not None:
        return value if 0 < value < 32768 else None
    return SHIP_TYPE_TEXT.get(_NOT_LETTERS.sub("", text.lower()))


def sql_string(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def case_sql(column: str, values: Iterable[str | None], code: Callable[[str], int | None],
             sql_type: str, low: int, high: int) -> str:
    """SQL turning a text column into codes: numbers in ``low..high`` directly, and a
    ``CASE column WHEN 'text' THEN code ... END`` over the distinct non-numeric ``values``
    of the column, mapped by ``code`` (:func:`nav_status_code` or :func:`ship_type_code`)."""
    pairs = sorted((v, c) for v in values if v is not None and _number(v.strip()) is None
                   for c in [code(v)] if c is not None)
    num = f"TRY_CAST({column} AS DOUBLE)"
    numeric = (f"CASE WHEN {num} BETWEEN {low} AND {high} AND {num} = floor({num}) "
               f"THEN CAST({num} AS {sql_type}) END")
    if not pairs:
        return numeric
    whens = " ".join(f"WHEN {sql_string(v)} THEN {c}" for v, c in pairs)
    return f"coalesce({numeric}, CAST(CASE {column} {whens} END AS {sql_type}))"
