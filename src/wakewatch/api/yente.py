"""The request and response models of yente's ``/match`` and ``/algorithms`` routes.

Names and fields follow yente's ``yente/data/common.py`` (``EntityExample``,
``EntityMatchQuery``, ``ScoredEntityResponse``, ``TotalSpec``, ``EntityMatches``,
``EntityMatchResponse``, ``Algorithm``, ``AlgorithmResponse``, ``ErrorResponse``), so a
client written for yente (or the OpenSanctions hosted API) can point at ``wakewatch serve``
unchanged. Differences: ``matcher`` describes our algorithm (name, description, features),
and ``explanations`` (per feature: score and a human-readable detail) is included when the
matcher gives it, as in yente 5.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["Algorithm", "AlgorithmResponse", "EntityExample", "EntityMatchQuery",
           "EntityMatchResponse", "EntityMatches", "ErrorResponse", "FeatureDoc",
           "ScoredEntityResponse", "TotalSpec"]


class ErrorResponse(BaseModel):
    detail: str = Field(..., examples=["Detailed error message"])


class EntityExample(BaseModel):
    """One query entity: a FollowTheMoney schema and properties (a value or a list)."""

    model_config = ConfigDict(populate_by_name=True)

    id: str | None = Field(None, examples=["my-entity-id"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, str | list[Any]] = Field(
        ..., examples=[{"name": ["Kim Jong Un"]}])

    def values(self) -> dict[str, list[str]]:
        """Properties as lists of non-empty strings."""
        out: dict[str, list[str]] = {}
        for key, raw in self.properties.items():
            items = raw if isinstance(raw, list) else [raw]
            vals = [str(v).strip() for v in items if v is not None and str(v).strip()]
            if vals:
                out[key] = vals
        return out


class EntityMatchQuery(BaseModel):
    """The ``POST /match/{dataset}`` body."""

    weights: dict[str, float] = Field({}, examples=[{"name_literal": 0.8}])
    config: dict[str, Any] = Field({}, examples=[{}])
    queries: dict[str, EntityExample] = Field(..., examples=[{
        "q1": {"schema": "Person", "properties": {"name": ["Kim Jong Un"]}},
        "q2": {"schema": "Vessel", "properties": {"name": ["Chon Ma San"],
                                                  "imoNumber": ["8660313"]}}}])


class TotalSpec(BaseModel):
    value: int = Field(..., examples=[42])
    relation: str = Field("eq", examples=["eq"])


class ScoredEntityResponse(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(..., examples=["us_ofac_sdn:12345"])
    caption: str = Field(..., examples=["KIM, Jong Un"])
    schema_: str = Field(..., alias="schema", examples=["Person"])
    properties: dict[str, list[Any]] = Field(..., examples=[{"name": ["KIM, Jong Un"]}])
    datasets: list[str] = Field([], examples=[["us_ofac_sdn"]])
    referents: list[str] = Field([], examples=[[]])
    target: bool = True
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    last_change: datetime | None = None
    score: float = Field(..., examples=[0.97])
    features: dict[str, float] = Field({}, examples=[{"name": 0.97}])
    match: bool = Field(False, examples=[True])
    explanations: list[dict[str, Any]] | None = Field(
        None, examples=[[{"feature": "name_match", "score": 0.97, "detail": "..."}]])


class EntityMatches(BaseModel):
    status: int = Field(200, examples=[200])
    results: list[ScoredEntityResponse]
    total: TotalSpec
    query: EntityExample


class FeatureDoc(BaseModel):
    description: str | None = None
    coefficient: float | None = None
    url: str | None = None


class Algorithm(BaseModel):
    name: str
    description: str | None = None
    features: dict[str, FeatureDoc] = {}


class EntityMatchResponse(BaseModel):
    responses: dict[str, EntityMatches]
    matcher: Algorithm
    limit: int = Field(..., examples=[5])


class AlgorithmResponse(BaseModel):
    algorithms: list[Algorithm]
    default: str
    best: str
