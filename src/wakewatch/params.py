"""Declared parameters: every threshold is data with a name, unit, default and help.

Modules declare their parameters with :func:`param` into a :class:`ParamSet`; the CLI and
the docs read them from the registry, and a test fails when one is missing from the docs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Param:
    """One declared parameter."""

    name: str
    type: type
    default: Any
    unit: str
    help: str

    def coerce(self, value: Any) -> Any:
        """Convert a value given on the CLI or in a config file to this parameter's type."""
        if isinstance(value, self.type):
            return value
        return self.type(value)


@dataclass
class ParamSet:
    """The parameters of one component (a decoder, a detector, the ingest stage ...)."""

    component: str
    params: dict[str, Param] = field(default_factory=dict)

    def add(self, name: str, type_: type, default: Any, unit: str, help: str) -> Param:
        p = Param(name, type_, default, unit, help)
        self.params[name] = p
        return p

    def defaults(self) -> dict[str, Any]:
        return {n: p.default for n, p in self.params.items()}

    def resolve(self, overrides: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Defaults overlaid with overrides; unknown names are an error."""
        values = self.defaults()
        for name, value in (overrides or {}).items():
            if name not in self.params:
                raise KeyError(f"{self.component} has no parameter {name!r}")
            values[name] = self.params[name].coerce(value)
        return values

    def __iter__(self) -> Iterator[Param]:
        return iter(self.params.values())


REGISTRY: dict[str, ParamSet] = {}


def param_set(component: str) -> ParamSet:
    """The (shared) parameter set of a component, created on first use."""
    if component not in REGISTRY:
        REGISTRY[component] = ParamSet(component)
    return REGISTRY[component]
