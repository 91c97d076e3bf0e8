"""FollowTheMoney entities as JSON lines (the format OpenSanctions, yente and Aleph read).

- :func:`list_entities_ftm` — the loaded sanctions-list entities (``lists load``), each
  rebuilt through the followthemoney model so every property is checked and cleaned by its
  type (e.g. ``imoNumber`` becomes ``IMO9179842``); properties the model does not know for
  that schema are dropped and counted. ``datasets`` is the list it came from.
- :func:`vessels_ftm` — the store's own vessel identities (:func:`wakewatch.identity.vessels
  .vessel_summary`) as ``Vessel`` entities: ``name`` (latest), ``previousName`` (every other
  name broadcast), ``imoNumber``, ``mmsi``, ``callSign`` (all broadcast), ``flag`` (ISO code
  from the MMSI's MID). Ids are ``wakewatch-vessel-<mmsi>``; dataset ``wakewatch``. The
  FtM model refuses an IMO number whose check digit fails, but a forged IMO is evidence,
  so such numbers go to ``notes`` ("broadcast IMO 9846974, check digit fails").
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from followthemoney import model

from wakewatch.identity.imo import imo_check_digit_ok
from wakewatch.sanctions.entity import Entity

__all__ = ["FtmCounts", "list_entities_ftm", "vessels_ftm"]

VESSEL_DATASET = "wakewatch"


@dataclass
class FtmCounts:
    """What an FtM export wrote and what the model refused."""

    entities: int = 0
    dropped_props: dict[str, int] = field(default_factory=dict)


def _proxy(schema: str, entity_id: str, props: Mapping[str, Sequence[str]], dataset: str,
           counts: FtmCounts) -> dict[str, Any]:
    proxy = model.make_entity(schema)
    proxy.id = entity_id
    for prop, values in props.items():
        known = proxy.schema.get(prop)
        if known is None:
            counts.dropped_props[prop] = counts.dropped_props.get(prop, 0) + len(values)
            continue
        proxy.add(prop, list(values), quiet=True)
    data: dict[str, Any] = proxy.to_dict()
    data["datasets"] = [dataset]
    counts.entities += 1
    return data


def list_entities_ftm(entities: Sequence[Entity], counts: FtmCounts | None = None
                      ) -> Iterator[str]:
    """One JSON line per entity."""
    c = counts if counts is not None else FtmCounts()
    for e in entities:
        data = _proxy(e.schema, e.id, dict(e.properties), e.dataset, c)
        yield json.dumps(data, ensure_ascii=False) + "\n"


def vessels_ftm(summary: pl.DataFrame, counts: FtmCounts | None = None) -> Iterator[str]:
    """One JSON line per MMSI of a :func:`vessel_summary` frame."""
    c = counts if counts is not None else FtmCounts()
    for row in summary.iter_rows(named=True):
        name = row.get("name")
        imos = [int(i) for i in (row.get("imos") or [])]
        props: dict[str, list[str]] = {
            "name": [name] if name else [],
            "previousName": [n for n in (row.get("names") or []) if n and n != name],
            "imoNumber": [str(i) for i in imos if imo_check_digit_ok(i)],
            "notes": [f"broadcast IMO {i}, check digit fails" for i in imos
                      if not imo_check_digit_ok(i)],
            "mmsi": [str(row["mmsi"])],
            "callSign": [s for s in (row.get("callsigns") or []) if s],
            "flag": [row["flag_iso2"].lower()] if row.get("flag_iso2") else [],
        }
        props = {k: v for k, v in props.items() if v}
        yield json.dumps(_proxy("Vessel", f"wakewatch-vessel-{row['mmsi']}", props,
                                VESSEL_DATASET, c), ensure_ascii=False) + "\n"
