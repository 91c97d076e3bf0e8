"""A vessel's risk score from its indicators (:mod:`.indicators`).

**Formula.** Each indicator contributes ``weight × score`` (both in [0, 1]). Within one
practice only the strongest contribution counts (``practice score = max``): ten loiterings
are one behaviour seen ten times, not ten independent signals. The practices then combine
as a noisy-OR, ``risk = 1 − Π_practices (1 − practice score)``: independent kinds of
evidence reinforce each other (a dark call at Rajin *and* a forged IMO *and* a false
declared destination), while a pile of weak signals from a single practice never adds up to
a strong one, and one strong signal (an exact IMO match on a sanctions list, weight 0.95)
alone puts a vessel near the top.

**Weights** (declared parameters of ``risk``; what one clear instance says about sanctions
evasion, judged from the 2020 advisory and the DPRK→Russia case; they are not fitted to the
simulator): an exact sanctions match and a delivery out of a port of concern are nearly
conclusive; a dark call at a port of concern strong; intentional gaps, identity and flag
changes, forged IMOs and declared-destination mismatches moderate (honest ships do each,
rarely); seen calls at ports of concern, encounters and loitering weak (honest traffic does
them; a call at a port of concern scores its :func:`.concern.concern_level`).
"""

from __future__ import annotations

from collections.abc import Sequence

from wakewatch.params import param_set

from .indicators import PRACTICES, Indicator

__all__ = ["PARAMS", "combine", "practice_scores", "weights"]

PARAMS = param_set("risk")
_W: tuple[tuple[str, float, str], ...] = (
    ("sanctions_hit", 0.95, "the vessel itself matches a sanctions-list entry (score 1 for "
     "an exact IMO match, else the match score)"),
    ("linked_entity_sanctioned", 0.6, "a linked owner / operator matches a sanctions entry"),
    ("delivery_from_port_of_concern", 0.85, "loaded at a port of concern (draught up) and "
     "discharged at a later port call (draught down)"),
    ("dark_call_at_port_of_concern", 0.7, "dark (gap or dark_port_call) within reach of a "
     "port of concern"),
    ("call_at_port_of_concern", 0.5, "a seen port call at a port of concern"),
    ("destination_mismatch", 0.45, "the declared destination is not where the ship goes"),
    ("intentional_gap", 0.45, "an AIS gap the gap detector calls intentional"),
    ("dark_port_call", 0.6, "a port call made while dark"),
    ("spoofing", 0.5, "positions no honest ship can produce"),
    ("identity_change", 0.4, "a change of name, call sign or IMO"),
    ("forged_imo", 0.45, "a broadcast IMO failing its check digit"),
    ("flag_change", 0.4, "a change of MMSI / flag of one hull"),
    ("invalid_mmsi", 0.3, "a default MMSI or one with an unallocated MID"),
    ("flag_hopping", 0.5, "three or more flags"),
    ("encounter_dprk", 0.6, "a ship-to-ship meeting with a North Korean-flagged vessel"),
    ("encounter", 0.3, "a ship-to-ship meeting at sea"),
    ("loitering", 0.15, "loitering far from shore"),
    ("declaration", 0.6, "a declaration finding (declared cargo / ports contradicted)"),
)
for _name, _default, _help in _W:
    PARAMS.add(f"w_{_name}", float, _default, "1", f"Risk weight: {_help}.")
PARAMS.add("name_only_factor", float, 0.6, "1",
           "A sanctions hit on the name alone (no IMO / MMSI match) scores its match score "
           "times this: ship names are reused (ANGARA is a river and many ships), so a name "
           "hit alone must not alert; with one more independent indicator it does.")


def weights(overrides: dict[str, float] | None = None) -> dict[str, float]:
    """Indicator name → weight (the ``risk`` parameters without their ``w_`` prefix), and
    ``name_only_factor``."""
    values = PARAMS.resolve(overrides)
    out = {k[2:]: float(v) for k, v in values.items() if k.startswith("w_")}
    out["name_only_factor"] = float(values["name_only_factor"])
    return out


def practice_scores(indicators: Sequence[Indicator]) -> dict[str, float]:
    """Practice → the strongest weighted indicator score (practices without one omitted)."""
    out: dict[str, float] = {}
    for i in indicators:
        out[i.practice] = max(out.get(i.practice, 0.0), min(1.0, max(0.0, i.weighted)))
    return {p: round(out[p], 4) for p in PRACTICES if p in out}


def combine(indicators: Sequence[Indicator]) -> float:
    """Noisy-OR over practices of the strongest weighted indicator of each, in [0, 1]."""
    keep = 1.0
    for s in practice_scores(indicators).values():
        keep *= 1.0 - s
    return round(1.0 - keep, 4)
