"""A sanctions-list record in the FollowTheMoney shape (DESIGN.md, *entities*).

An :class:`Entity` is one listed party as a list publishes it: a FollowTheMoney ``schema``
(``Vessel``, ``Person``, ``Company``, ``Organization``, ``LegalEntity``), an ``id`` unique
across lists (``<dataset>:<the list's own id>``), the ``dataset`` it came from
(:data:`DATASETS`), and ``properties`` keyed by FollowTheMoney property names, each a tuple
of strings in the list's order: ``name`` (the first is the caption), ``alias``,
``previousName``, ``weakAlias``, ``imoNumber``, ``mmsi``, ``flag`` (ISO 3166 alpha-2 where
the list's text maps to one, else the text), ``pastFlags``, ``callSign``, ``birthDate``
(ISO 8601, possibly partial: ``1961`` / ``1961-04``), ``nationality``, ``country``,
``program``, ``listingDate``, ``notes``, ``address``, ``idNumber``, ``type`` (vessel type),
``tonnage``, ``owner`` (text as listed). Unknown or absent values are simply left out —
never empty strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["DATASETS", "SCHEMAS", "Entity"]

SCHEMAS: tuple[str, ...] = ("Vessel", "Person", "Company", "Organization", "LegalEntity")

DATASETS: dict[str, str] = {
    "us_ofac_sdn": "US OFAC Specially Designated Nationals (SDN) list",
    "un_sc_sanctions": "UN Security Council consolidated sanctions list",
    "eu_fsf": "EU financial sanctions files (consolidated list)",
    "gb_hmt_sanctions": "UK HM Treasury (OFSI) consolidated list",
    "ftm": "FollowTheMoney entities (e.g. an OpenSanctions export)",
}


@dataclass(frozen=True)
class Entity:
    """One listed party (see the module doc)."""

    id: str
    schema: str
    dataset: str
    properties: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.schema not in SCHEMAS:
            raise ValueError(f"unknown schema {self.schema!r} (one of {', '.join(SCHEMAS)})")
        for key, values in self.properties.items():
            if not isinstance(values, tuple) or any(not v for v in values):
                raise ValueError(f"property {key!r} must be a tuple of non-empty strings")

    @property
    def caption(self) -> str:
        """The entity's main name (first ``name``), else its id."""
        names = self.properties.get("name", ())
        return names[0] if names else self.id

    def get(self, prop: str) -> tuple[str, ...]:
        """The values of ``prop`` (empty when absent)."""
        return self.properties.get(prop, ())
