"""Ports of concern for inference: where loading or a call is a sanctions red flag.

The list is :func:`wakewatch.geo.concern.watch_ports` (the shipped ports of concern: every
DPRK port, the Russian Far East ports and the Dunay naval pier of the 2023–24 munitions
run). If that module cannot be imported, this is the one place holding a fallback: every
North Korean port of the gazetteer plus Vostochny (RUVYP), Nakhodka (RUNJK) and Vladivostok
(RUVVO) (../shared/domain/maritime-anchors.md §3; Dunay has no UN/LOCODE in the gazetteer).

:func:`concern_level` grades a port: 1.0 for North Korea (the sanctioned jurisdiction
itself: all its trade falls under UN 1718), :data:`OTHER_LEVEL` for the others — busy
commercial ports where honest ships call every day, so a call there is context, not
evidence.
"""

from __future__ import annotations

import importlib
from functools import cache

from wakewatch.geo.ports import port_by_locode, ports

__all__ = ["FALLBACK_OTHERS", "OTHER_LEVEL", "ConcernPort", "concern_level", "concern_ports",
           "concern_table", "port_name"]

FALLBACK_OTHERS: tuple[str, ...] = ("RUVYP", "RUNJK", "RUVVO")
"""Non-DPRK ports of the fallback list (the shuttle's Russian end)."""
OTHER_LEVEL = 0.25
"""Concern level of a listed port outside North Korea."""

ConcernPort = tuple[str, str, float, float, str]
"""(id / UN/LOCODE, name, lat, lon, ISO country)."""


@cache
def concern_table() -> tuple[ConcernPort, ...]:
    """The ports of concern (shipped watch list, else the fallback), sorted by id."""
    try:
        mod = importlib.import_module("wakewatch.geo.concern")
        table = mod.watch_ports(None).table
        rows = [(str(r["locode"]).upper(), str(r["name"]), float(r["lat"]), float(r["lon"]),
                 str(r.get("country") or str(r["locode"])[:2]).upper())
                for r in table.iter_rows(named=True)]
        if rows:
            return tuple(sorted(rows))
    except (ImportError, AttributeError):
        pass
    gz = ports().filter(ports().get_column("locode").is_not_null())
    out: list[ConcernPort] = []
    for r in gz.iter_rows(named=True):
        code = r["locode"]
        if code.startswith("KP") or code in FALLBACK_OTHERS:
            out.append((code, r["name"], float(r["lat"]), float(r["lon"]), code[:2]))
    return tuple(sorted(out))


@cache
def concern_ports() -> frozenset[str]:
    """Ids (UN/LOCODEs) of the ports of concern."""
    return frozenset(p[0] for p in concern_table())


@cache
def _country() -> dict[str, str]:
    return {p[0]: p[4] for p in concern_table()}


def concern_level(locode: str | None) -> float:
    """1.0 for a North Korean port, :data:`OTHER_LEVEL` for another port of concern, else 0."""
    if not locode:
        return 0.0
    code = locode.replace(" ", "").upper()
    if code.startswith("KP") or _country().get(code) == "KP":
        return 1.0
    return OTHER_LEVEL if code in concern_ports() else 0.0


def port_name(locode: str | None) -> str | None:
    """The name of a port (the gazetteer's, else the watch list's), or None."""
    if not locode:
        return None
    row = port_by_locode(locode) if len(locode.replace(" ", "")) == 5 else None
    if row is not None:
        return str(row["name"])
    return next((p[1] for p in concern_table() if p[0] == locode.upper()), None)
