"""Cargo of concern: HS codes of arms and ammunition, and munitions / dual-use wording.

**Arms by HS code** (Harmonized System, WCO 2022 nomenclature; a declared code is matched
on its leading digits):

* chapter ``93`` — arms and ammunition; parts and accessories thereof (9301 military
  weapons, 9305 parts, 9306 bombs, grenades, torpedoes, mines, missiles, cartridges and
  other ammunition and projectiles);
* ``8710`` — tanks and other armoured fighting vehicles;
* ``3601``-``3604`` — propellent powders, prepared explosives, safety fuses and detonating
  fuses, percussion caps and detonators, fireworks / signalling flares;
* ``8802`` (aircraft, helicopters) and ``8806`` (unmanned aircraft, HS 2022): aircraft and
  drones, the delivery systems of UN and EU arms embargoes.

**Munitions and dual-use wording** in ``cargo_description`` (whole words, case-insensitive),
grouped by the control list they come from:

* Wassenaar Arrangement Munitions List / EU Common Military List: ML1-ML2 (``artillery``,
  ``howitzer``, ``mortar``), ML3 (``ammunition``, ``cartridges``, ``projectiles``,
  ``shells`` only as ``artillery`` / ``mortar`` / ``tank`` / ``howitzer`` / ``<calibre> mm``
  shells),
  ML4 (``rockets``, ``missiles``, ``grenades``, ``bombs``, ``mines``, ``torpedoes``,
  ``warheads``), ML8 (``explosives``, ``propellant``, ``TNT``, ``RDX``, ``gunpowder``),
  ML4/ML8 initiators (``detonators``, ``fuzes``);
* EU dual-use Regulation 2021/821 Annex I: 9A012 / 9A120 (``UAV``, ``drone``), 6A003 / 6A002
  (``thermal imaging``, ``night vision``), 1C011 / 1C111 (``ammonium perchlorate``),
  9A007-9A009 (``rocket motor``).

Ambiguous bare words are left out on purpose: bare ``shell(s)`` (sea shells, Shell the company,
building shells), ``steel products`` (the usual cover description, but also most honest
steel trade) and ``machinery``. A description hit is a ``dual_use_cargo`` finding; an arms
HS code is an ``arms_cargo`` finding.
"""

from __future__ import annotations

import re

__all__ = ["ARMS_HS_PREFIXES", "KEYWORDS", "arms_hs", "concern_keywords"]

ARMS_HS_PREFIXES: dict[str, str] = {
    "93": "HS chapter 93: arms and ammunition",
    "8710": "HS 8710: tanks and other armoured fighting vehicles",
    "3601": "HS 3601: propellent powders",
    "3602": "HS 3602: prepared explosives",
    "3603": "HS 3603: safety fuses, detonating fuses, caps, igniters, detonators",
    "3604": "HS 3604: fireworks, signalling flares, rockets",
    "8802": "HS 8802: aircraft, helicopters",
    "8806": "HS 8806: unmanned aircraft",
}

KEYWORDS: dict[str, str] = {
    "artillery": "Wassenaar ML2", "howitzers?": "Wassenaar ML2", "mortars?": "Wassenaar ML2",
    "ammunition": "Wassenaar ML3", "cartridges?": "Wassenaar ML3",
    r"(?:artillery|mortar|tank|howitzer|\d+ ?mm) shells?": "Wassenaar ML3",
    "projectiles?": "Wassenaar ML3",
    "rockets?": "Wassenaar ML4", "missiles?": "Wassenaar ML4", "grenades?": "Wassenaar ML4",
    "bombs?": "Wassenaar ML4", "torpedo(?:e?s)?": "Wassenaar ML4",
    "warheads?": "Wassenaar ML4", "land ?mines?": "Wassenaar ML4",
    "detonators?": "Wassenaar ML4/ML8", "fuzes?": "Wassenaar ML3/ML4",
    "explosives?": "Wassenaar ML8", "propellants?": "Wassenaar ML8", "tnt": "Wassenaar ML8",
    "rdx": "Wassenaar ML8", "gunpowder": "Wassenaar ML8",
    "uavs?": "EU dual-use 9A012", "drones?": "EU dual-use 9A012",
    "unmanned aerial vehicles?": "EU dual-use 9A012",
    "thermal imaging": "EU dual-use 6A003", "night vision": "EU dual-use 6A002",
    "ammonium perchlorate": "EU dual-use 1C111", "rocket motors?": "EU dual-use 9A007",
}
"""Regular-expression word → the control-list entry it stands for."""

_PATTERNS = [(re.compile(rf"\b{k}\b", re.IGNORECASE), v) for k, v in KEYWORDS.items()]


def arms_hs(hs_code: str | None) -> str | None:
    """The arms heading a declared HS code falls under (longest prefix), else None."""
    if not hs_code:
        return None
    for prefix in sorted(ARMS_HS_PREFIXES, key=len, reverse=True):
        if hs_code.startswith(prefix):
            return ARMS_HS_PREFIXES[prefix]
    return None


def concern_keywords(description: str | None) -> list[tuple[str, str]]:
    """(matched words, control-list entry) for every munitions / dual-use word in the text."""
    if not description:
        return []
    out = []
    for pattern, entry in _PATTERNS:
        m = pattern.search(description)
        if m is not None:
            out.append((m.group(0), entry))
    return out
