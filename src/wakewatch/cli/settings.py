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
