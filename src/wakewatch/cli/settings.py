"""``--set NAME=VALUE`` overrides of a component's declared parameters, for every command."""

from __future__ import annotations

from typing import Any

from wakewatch.errors import InputError
from wakewatch.params import ParamSet


def resolve_settings(params: ParamSet, settings: tuple[str, ...]
                     ) -> tuple[dict[str, Any], set[str]]:
    """All parameter values (defaults overlaid with the overrides, typed) and the names
    the user set. Unknown names and values of the wrong type are one-line input errors."""
    overrides: dict[str, str] = {}
    for item in settings:
        name, sep, value = item.partition("=")
        if not sep or name not in params.params:
            known = ", ".join(params.params)
            raise InputError(f"--set {item!r}: expected NAME=VALUE with NAME one of {known}")
        overrides[name] = value
    try:
        resolved = params.resolve(overrides)
    except ValueError as exc:
        raise InputError(f"--set: {exc}") from exc
    return resolved, set(overrides)


def resolve_component_settings(components: dict[str, ParamSet], settings: tuple[str, ...],
                               config: dict[str, Any] | None = None
                               ) -> dict[str, dict[str, Any]]:
    """Overrides for several components: ``--set COMPONENT.NAME=VALUE`` over a config file's
    ``[COMPONENT]`` tables (TOML). Returns only what was set, typed, per component; unknown
    components, names and ill-typed values are one-line input errors."""
    raw: dict[str, dict[str, Any]] = {}
    for comp, table in (config or {}).items():
        if not isinstance(table, dict):
            raise InputError(f"config: [{comp}] must be a table of NAME = VALUE")
        raw.setdefault(comp, {}).update(table)
    for item in settings:
        key, sep, value = item.partition("=")
        comp, dot, name = key.partition(".")
        if not sep or not dot:
            raise InputError(f"--set {item!r}: expected COMPONENT.NAME=VALUE, "
                             f"e.g. gaps.min_gap_h=8 (components: {', '.join(components)})")
        raw.setdefault(comp, {})[name] = value
    out: dict[str, dict[str, Any]] = {}
    for comp, values in raw.items():
        if comp not in components:
            raise InputError(f"unknown component {comp!r} in settings "
                             f"(one of {', '.join(components)})")
        params = components[comp]
        for name in values:
            if name not in params.params:
                raise InputError(f"{comp} has no parameter {name!r} "
                                 f"(one of {', '.join(params.params)})")
        try:
            out[comp] = {n: params.params[n].coerce(v) for n, v in values.items()}
        except ValueError as exc:
            raise InputError(f"settings for {comp}: {exc}") from exc
    return out
