"""The declaration record (one bill of lading / manifest line) and its validation.

Columns (CSV header names or JSON keys; case-insensitive, aliases in :data:`ALIASES`):

============================ ========================================================
``declaration_id``           optional; else ``decl:`` + SHA-1 of the normalised record
``vessel_imo``               7-digit IMO number as written (a bad check digit is kept:
                             a forged IMO is evidence, not an input error)
``vessel_name``              text
``vessel_mmsi``              optional, 9 digits
``port_of_loading``          UN/LOCODE or port name (exact, see :func:`resolve_port`)
``port_of_discharge``        idem; both resolved to ``pol_locode`` / ``pod_locode``
``consignee`` ``shipper``    text
``consignee_country``        ISO 3166 alpha-2 (``shipper_country`` idem)
``loading_date``             ISO date or datetime; a date is 00:00 UTC, naive means UTC
``discharge_date``           idem, optional, not on a day before ``loading_date``
``cargo_description``        text
``hs_code``                  2-10 digits (dots and spaces ignored: ``9306.90`` → ``930690``)
``weight_t``                 optional, tonnes, ≥ 0
``source``                   free text
============================ ========================================================

A record needs a vessel (``vessel_imo`` or ``vessel_mmsi``), both ports and the loading
date; anything else wrong with it is a one-line reason and the record is rejected.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import polars as pl

__all__ = ["ALIASES", "FIELDS", "RECORD_SCHEMA", "canonical_field", "declaration_hash",
           "resolve_port", "validate"]

FIELDS: tuple[str, ...] = (
    "declaration_id", "vessel_imo", "vessel_name", "vessel_mmsi", "port_of_loading",
    "port_of_discharge", "consignee", "consignee_country", "shipper", "shipper_country",
    "loading_date", "discharge_date", "cargo_description", "hs_code", "weight_t", "source",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("port_of_loading", "port_of_discharge", "loading_date")
"""A CSV header must name these (and ``vessel_imo`` or ``vessel_mmsi``)."""

ALIASES: dict[str, str] = {
    "id": "declaration_id", "bl_number": "declaration_id", "bill_of_lading": "declaration_id",
    "imo": "vessel_imo", "imo_number": "vessel_imo", "vessel": "vessel_name",
    "ship_name": "vessel_name", "name": "vessel_name", "mmsi": "vessel_mmsi",
    "pol": "port_of_loading", "loading_port": "port_of_loading",
    "pod": "port_of_discharge", "discharge_port": "port_of_discharge",
    "consignee_country_code": "consignee_country", "shipper_country_code": "shipper_country",
    "loaded": "loading_date", "etd": "loading_date", "eta": "discharge_date",
    "cargo": "cargo_description", "description": "cargo_description",
    "commodity": "cargo_description", "hs": "hs_code", "hscode": "hs_code",
    "weight": "weight_t", "weight_tonnes": "weight_t", "tonnes": "weight_t",
}

RECORD_SCHEMA: dict[str, Any] = {
    "declaration_id": pl.String, "vessel_imo": pl.Int64, "vessel_name": pl.String,
    "vessel_mmsi": pl.Int64, "port_of_loading": pl.String, "pol_locode": pl.String,
    "port_of_discharge": pl.String, "pod_locode": pl.String, "consignee": pl.String,
    "consignee_country": pl.String, "shipper": pl.String, "shipper_country": pl.String,
    "loading_date": pl.Datetime("us", "UTC"), "discharge_date": pl.Datetime("us", "UTC"),
    "cargo_description": pl.String, "hs_code": pl.String, "weight_t": pl.Float64,
    "source": pl.String, "content_sha1": pl.String,
}
"""One validated record as stored (plus ``file_sha256`` and ``line_no`` in the store)."""

_ISO2 = re.compile(r"^[A-Z]{2}$")


def canonical_field(header: str) -> str:
    """``'IMO'`` → ``vessel_imo``, ``'Port of Loading'`` → ``port_of_loading``."""
    key = re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")
    return ALIASES.get(key, key)


def resolve_port(text: str) -> str | None:
    """The gazetteer UN/LOCODE of a declared port: :func:`wakewatch.geo.destinations.
    parse_destination` (a LOCODE, a port name or alternate name, a curated alias such as
    ``Rajin``), refusing its fuzzy step — a shipping document names its ports exactly, and a
    guess would make a false finding. ``None`` when unknown, ambiguous or only fuzzy."""
    from wakewatch.geo.destinations import parse_destination

    p = parse_destination(text)
    return p.port_locode if p.method in _EXACT_METHODS else None


_EXACT_METHODS = frozenset({"locode", "name", "alias"})


def _text(value: object) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return s or None


def _digits(value: object, field: str, lo: int, hi: int) -> int | None:
    s = _text(value)
    if s is None:
        return None
    s = s.upper().removeprefix("IMO").strip()
    if s.endswith(".0"):
        s = s[:-2]
    if not s.isdigit() or not lo <= len(s) <= hi:
        raise ValueError(f"{field} {value!r} is not a {lo}-digit number" if lo == hi else
                         f"{field} {value!r} is not a {lo}-{hi} digit number")
    return int(s)


def _time(value: object, field: str) -> datetime | None:
    s = _text(value)
    if s is None:
        return None
    try:
        ts = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise ValueError(f"{field} {s!r} is not an ISO 8601 date or time") from None
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def _country(value: object, field: str) -> str | None:
    s = _text(value)
    if s is None:
        return None
    if not _ISO2.match(s.upper()):
        raise ValueError(f"{field} {s!r} is not an ISO 3166 alpha-2 code")
    return s.upper()


def _port(value: object, field: str) -> tuple[str, str]:
    s = _text(value)
    if s is None:
        raise ValueError(f"{field} is missing")
    code = resolve_port(s)
    if code is None:
        raise ValueError(f"{field} {s!r} is not a known UN/LOCODE or port name")
    return s, code


def _weight(value: object) -> float | None:
    s = _text(value)
    if s is None:
        return None
    try:
        w = float(s)
    except ValueError:
        raise ValueError(f"weight_t {s!r} is not a number") from None
    if not w >= 0.0 or w == float("inf"):
        raise ValueError(f"weight_t {s!r} is not a non-negative number of tonnes")
    return w


def declaration_hash(record: Mapping[str, Any]) -> str:
    """SHA-1 of a validated record's fields (not its id): the same content, the same hash."""
    body = {k: record[k] for k in FIELDS if k not in ("declaration_id",)}
    text = json.dumps(body, sort_keys=True, default=str)
    return hashlib.sha1(text.encode()).hexdigest()


def validate(raw: Mapping[str, object]) -> dict[str, Any]:
    """One raw record (canonical field names) → a stored record; :class:`ValueError` with a
    one-line reason when it cannot be used."""
    imo = _digits(raw.get("vessel_imo"), "vessel_imo", 7, 7)
    mmsi = _digits(raw.get("vessel_mmsi"), "vessel_mmsi", 9, 9)
    if imo is None and mmsi is None:
        raise ValueError("no vessel: vessel_imo and vessel_mmsi are both missing")
    pol, pol_code = _port(raw.get("port_of_loading"), "port_of_loading")
    pod, pod_code = _port(raw.get("port_of_discharge"), "port_of_discharge")
    loading = _time(raw.get("loading_date"), "loading_date")
    if loading is None:
        raise ValueError("loading_date is missing")
    discharge = _time(raw.get("discharge_date"), "discharge_date")
    if discharge is not None and discharge.date() < loading.date():
        raise ValueError(f"discharge_date {discharge.date()} is before loading_date "
                         f"{loading.date()}")
    hs = _text(raw.get("hs_code"))
    if hs is not None:
        hs = re.sub(r"[.\s]", "", hs)
        if not hs.isdigit() or not 2 <= len(hs) <= 10:
            raise ValueError(f"hs_code {raw.get('hs_code')!r} is not 2-10 digits")
    rec: dict[str, Any] = {
        "declaration_id": _text(raw.get("declaration_id")), "vessel_imo": imo,
        "vessel_name": _text(raw.get("vessel_name")), "vessel_mmsi": mmsi,
        "port_of_loading": pol, "pol_locode": pol_code,
        "port_of_discharge": pod, "pod_locode": pod_code,
        "consignee": _text(raw.get("consignee")),
        "consignee_country": _country(raw.get("consignee_country"), "consignee_country"),
        "shipper": _text(raw.get("shipper")),
        "shipper_country": _country(raw.get("shipper_country"), "shipper_country"),
        "loading_date": loading, "discharge_date": discharge,
        "cargo_description": _text(raw.get("cargo_description")), "hs_code": hs,
        "weight_t": _weight(raw.get("weight_t")), "source": _text(raw.get("source")),
    }
    rec["content_sha1"] = declaration_hash(rec)
    if rec["declaration_id"] is None:
        rec["declaration_id"] = f"decl:{rec['content_sha1'][:16]}"
    return rec
