"""Ports of concern: where loading or a call is a sanctions red flag.

The shipped list belongs to :mod:`wakewatch.geo.concern` (``watch_ports(None)``). Until that
module exists this is the one place holding a fallback: every North Korean port of the
gazetteer (UN 1718 jurisdiction: any cargo loaded there is suspect) plus the Russian Far
East ports of the 2023–24 DPRK→Russia munitions shuttle (Vostochny RUVYP, Nakhodka RUNJK,
Vladivostok RUVVO; ../shared/domain/maritime-anchors.md §3). Dunay, the naval pier satellite
imagery tied to the shipments, has no UN/LOCODE in the gazetteer and cannot be listed.

:func:`concern_level` grades a port: 1.0 for North Korea (the sanctioned jurisdiction
itself), :data:`OTHER_LEVEL` for the others — busy commercial ports where honest ships call
every day, so a call there is context, not evidence.
"""

from __future__ import annotations

import importlib
from functools import cache

from wakewatch.geo.ports import port_by_locode, ports

__all__ = ["FALLBACK_OTHERS", "OTHER_LEVEL", "concern_level", "concern_ports", "port_name"]

FALLBACK_OTHERS: tuple[str, ...] = ("RUVYP", "RUNJK", "RUVVO")
"""Non-DPRK ports of the fallback list (the shuttle's Russian end)."""
OTHER_LEVEL = 0.25
"""Concern level of a listed port outside North Korea."""


@cache
def concern_ports() -> frozenset[str]:
    """UN/LOCODEs of the ports of concern (the shipped watch list, else the fallback)."""
    try:
        mod = importlib.import_module("wakewatch.geo.concern")
    except ImportError:
        mod = None
    watch_ports = getattr(mod, "watch_ports", None)
    if watch_ports is not None:
        try:
            listed = {str(c).replace(" ", "").upper() for c in watch_ports(None)}
            if listed:
                return frozenset(listed)
        except Exception:  # a broken optional module falls back, never fails
            pass
    codes = ports().get_column("locode").drop_nulls()
    kp = {c for c in codes.to_list() if c.startswith("KP")}
    return frozenset(kp | set(FALLBACK_OTHERS))


def concern_level(locode: str | None) -> float:
    """1.0 for a North Korean port, :data:`OTHER_LEVEL` for another port of concern, else 0."""
    if not locode:
        return 0.0
    code = locode.replace(" ", "").upper()
    if code.startswith("KP"):
        return 1.0
    return OTHER_LEVEL if code in concern_ports() else 0.0


def port_name(locode: str | None) -> str | None:
    """The gazetteer name of a port, or None."""
    if not locode:
        return None
    row = port_by_locode(locode)
    return None if row is None else str(row["name"])
