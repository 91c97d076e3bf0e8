"""The one-paragraph story of an alert, written only from its evidence.

The paragraph names the vessel, then gives the details of its strongest indicators (by
``weight × score``, at most ``max_items``), each a clause whose numbers were copied from the
events' evidence or the alert's deliveries (:mod:`.indicators`), and closes with the risk
score. Nothing is computed for the narrative itself: a reader can find every number of it in
the alert (JSON) or the events it cites — the tests check exactly that.
"""

from __future__ import annotations

from collections.abc import Sequence

from .indicators import Indicator

__all__ = ["narrative"]


def narrative(name: str | None, mmsi: int, imo: int | None, risk: float,
              indicators: Sequence[Indicator], max_items: int = 6) -> str:
    """E.g. ``CHONG CHON GANG (MMSI 445023375, IMO 7937317): went dark 38.9 h within reach
    of Najin (KPRJN); ... Risk 0.99.``"""
    who = name or "Unnamed vessel"
    ids = f"MMSI {mmsi}" + (f", IMO {imo}" if imo else "")
    top = sorted(indicators, key=lambda i: (-i.weighted, i.practice, i.indicator))[:max_items]
    body = "; ".join(i.detail for i in top) if top else "no indicator"
    return f"{who} ({ids}): {body}. Risk {risk:.2f}."
