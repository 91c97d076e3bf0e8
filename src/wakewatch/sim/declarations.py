"""Simulated shipment declarations (bills of lading) for a scenario, and the findings expected.

Written for the scenarios in :data:`SCENARIOS` (``dprk-russia``) next to ``positions.nmea``:
``declarations.csv`` (the columns of :mod:`wakewatch.declarations.schema`) and
``declarations_truth.jsonl`` (one expected finding per line: ``declaration_id``, ``kind``,
``mmsi``, ``imo``). Calls come from the scenario's own truth (``port_call`` and
``dark_port_call`` with their true ``arrival`` / ``departure``), identities from its plans.

* **Shuttles** (role ``shuttle``, the Rajin → Vostochny munitions run): one *false*
  declaration per loading at Rajin, in the shape of the documented cases (anchors §3.3: Jie
  Shun's arms under bulk cargo bound for Egypt; Lady R's declared Dar es Salaam): the vessel
  IMO and name as broadcast, discharge at the Middle East / North Africa port its AIS
  destination names, discharge date = Rajin departure + sea route at 12 kn + 1 day, a
  consignee in that country. Loading port: alternately Zarubino (a Russian port 60 km from
  Rajin: a cover port never visited) and Rajin itself with a benign cargo. Cargo: benign
  (construction materials, steel products) with a matching HS code; every third voyage the
  HS code is in chapter 93 under a benign description, every fourth declares industrial
  explosives (HS 3602). Expected: ``discharge_port_not_reached`` when the truth shows a later
  call elsewhere, ``loading_port_not_visited`` for the cover port,
  ``port_of_concern_between`` when a port of concern other than the declared ports is
  called in the window, ``arms_cargo`` / ``dual_use_cargo`` from the cargo fields.
* **Background** vessels: one *honest* declaration per pair of consecutive true calls
  (loading = departure of the first, discharge = arrival at the second ± 6 h; half of the
  dates written as a date only, i.e. 00:00 UTC of that day), an honest cargo. Expected:
  nothing.

Deterministic for a seed (``random.Random("declarations:<scenario>:<seed>")``).
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import Any

from wakewatch.declarations.schema import FIELDS
from wakewatch.events import iso_utc
from wakewatch.sim.scenario import Scenario

__all__ = ["SCENARIOS", "declarations_for", "write_declarations"]

SCENARIOS = frozenset({"dprk-russia"})
RAJIN, COVER = "KPRJN", "RUZAR"

CONSIGNEES: dict[str, tuple[str, ...]] = {
    "EG": ("Nile Delta Trading Co.", "Suez Gate Import & Export", "Delta Steel Works"),
    "SA": ("Red Sea Logistics Est.", "Al Hijaz General Trading"),
    "SY": ("Levant Construction Supplies", "Latakia Industrial Co."),
}
BENIGN = (("construction materials", "6810"), ("steel products", "7308"),
          ("rolled steel coils", "7208"), ("cement", "2523"))
HONEST = (("containerised general cargo", "9999"), ("steel products", "7308"),
          ("machinery parts", "8487"), ("coal", "2701"), ("fertiliser", "3105"),
          ("electronic goods", "8543"))
TANKER = (("gasoil", "2710"), ("fuel oil", "2710"))
COMPANY_SUFFIX = ("Trading Co.", "Shipping Ltd.", "Logistics Co.", "Industries Ltd.")


def _calls(truth: Sequence[Mapping[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    out: dict[int, list[dict[str, Any]]] = {}
    for ev in truth:
        if ev["kind"] in ("port_call", "dark_port_call") and ev.get("port"):
            evd = ev.get("evidence", {})
            out.setdefault(int(ev["mmsi"]), []).append({
                "kind": ev["kind"], "port": ev["port"],
                "arrival": datetime.fromisoformat(evd.get("arrival", ev["start"])),
                "departure": datetime.fromisoformat(evd.get("departure", ev["end"]))})
    for calls in out.values():
        calls.sort(key=lambda c: c["arrival"])
    return out


def _concern(port: str) -> bool:
    """A port of :func:`wakewatch.geo.concern.shipped_ports`."""
    from wakewatch.geo.concern import shipped_ports

    return port in set(shipped_ports().table["locode"].to_list())


def _company(rng: random.Random, country: str) -> str:
    from wakewatch.geo import ports

    names = ports().filter(ports()["country"] == country)["name"].to_list() or ["Ocean"]
    word = str(rng.choice(names)).split("(")[0].split()[0]
    word = word[:1].upper() + word[1:].lower()
    return f"{word} {rng.choice(COMPANY_SUFFIX)}"


def _maybe_date(ts: datetime, rng: random.Random) -> datetime | str:
    """Half the honest records give a date only (as many bills of lading do)."""
    return ts.date().isoformat() if rng.random() < 0.5 else ts


def _row(**kw: Any) -> dict[str, Any]:
    row = {k: "" for k in FIELDS}
    for k, v in kw.items():
        if isinstance(v, datetime):
            v = iso_utc(v.replace(microsecond=0))
        row[k] = "" if v is None else v
    return row


def declarations_for(scenario: Scenario, truth: Sequence[Mapping[str, Any]], seed: int
                     ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(declaration rows, expected findings) for ``scenario`` given its truth events."""
    from wakewatch.geo import port_by_locode, sea_distance_m
    from wakewatch.geo.destinations import parse_destination

    rng = random.Random(f"declarations:{scenario.name}:{seed}")
    calls = _calls(truth)
    rows: list[dict[str, Any]] = []
    expected: list[dict[str, Any]] = []
    n = 0
    for plan in scenario.vessels:
        ident, mine = plan.identity, calls.get(plan.identity.mmsi, [])
        if plan.role == "shuttle":
            pod = parse_destination(plan.destination).port_locode or "EGPSD"
            country = pod[:2]
            j = 0
            for i, call in enumerate(mine):
                if call["port"] != RAJIN:
                    continue
                n, j = n + 1, j + 1
                did = f"SIM-BL-{n:04d}"
                pol = COVER if j % 2 == 1 else RAJIN
                if j % 4 == 0:
                    cargo, hs = "industrial explosives for mining", "3602"
                elif j % 3 == 0:
                    cargo, hs = "machine parts", "930690"
                else:
                    cargo, hs = rng.choice(BENIGN)
                a, b = port_by_locode(RAJIN), port_by_locode(pod)
                assert a is not None and b is not None
                nm = sea_distance_m((a["lat"], a["lon"]), (b["lat"], b["lon"])) / 1852.0
                loading = call["departure"] - timedelta(hours=rng.uniform(1.0, 6.0))
                discharge = call["departure"] + timedelta(hours=nm / 12.0 + 24.0)
                rows.append(_row(
                    declaration_id=did, vessel_imo=ident.imo, vessel_name=ident.name,
                    port_of_loading=pol, port_of_discharge=pod,
                    consignee=rng.choice(CONSIGNEES.get(country, ("Gulf Trading Co.",))),
                    consignee_country=country,
                    shipper=_company(rng, pol[:2]), shipper_country=pol[:2],
                    loading_date=loading, discharge_date=discharge, cargo_description=cargo,
                    hs_code=hs, weight_t=round(rng.uniform(800, 4000)),
                    source="simulated manifest"))
                later = mine[i + 1:]
                kinds = []
                if any(c["kind"] == "port_call" and c["port"] != pod for c in later):
                    kinds.append("discharge_port_not_reached")
                if pol == COVER:
                    kinds.append("loading_port_not_visited")
                if pol != RAJIN or any(_concern(c["port"]) and c["arrival"] <= discharge
                                       for c in later):
                    kinds.append("port_of_concern_between")
                if hs.startswith(("93", "36")):
                    kinds.append("arms_cargo")
                if "explosives" in cargo:
                    kinds.append("dual_use_cargo")
                expected += [{"declaration_id": did, "kind": k, "mmsi": ident.mmsi,
                              "imo": ident.imo} for k in kinds]
        elif plan.role == "background":
            goods = TANKER if ident.ship_type // 10 == 8 else HONEST
            for a_call, b_call in pairwise(mine):
                n += 1
                cargo, hs = rng.choice(goods)
                rows.append(_row(
                    declaration_id=f"SIM-BL-{n:04d}", vessel_imo=ident.imo,
                    vessel_name=ident.name, port_of_loading=a_call["port"],
                    port_of_discharge=b_call["port"],
                    consignee=_company(rng, b_call["port"][:2]),
                    consignee_country=b_call["port"][:2],
                    shipper=_company(rng, a_call["port"][:2]),
                    shipper_country=a_call["port"][:2],
                    loading_date=_maybe_date(a_call["departure"], rng),
                    discharge_date=_maybe_date(
                        b_call["arrival"] + timedelta(hours=rng.uniform(-6, 6)), rng),
                    cargo_description=cargo, hs_code=hs,
                    weight_t=round(rng.uniform(2000, 30000)), source="simulated manifest"))
    return rows, expected


def write_declarations(scenario: Scenario, seed: int, out_dir: Path) -> int:
    """Write ``declarations.csv`` and ``declarations_truth.jsonl`` from the scenario's
    ``truth.jsonl`` in ``out_dir``; returns the number of declarations (0: none written,
    the scenario has no declarations)."""
    if scenario.name not in SCENARIOS:
        return 0
    with (out_dir / "truth.jsonl").open(encoding="utf-8") as f:
        truth = [json.loads(line) for line in f if line.strip()]
    rows, expected = declarations_for(scenario, truth, seed)
    with (out_dir / "declarations.csv").open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with (out_dir / "declarations_truth.jsonl").open("w", encoding="utf-8",
                                                     newline="\n") as f:
        for e in expected:
            f.write(json.dumps(e, sort_keys=True) + "\n")
    return len(rows)
