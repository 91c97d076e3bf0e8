"""Documentation generated from the code's own declarations (parameters, schemas)."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

import wakewatch
from wakewatch.params import REGISTRY

# optional extras whose modules may not import where the extra is not installed
OPTIONAL = ("wakewatch.ingest.decoders.aiscat_decoder",)


def import_all() -> list[str]:
    """Import every wakewatch module, so that every declared parameter is registered."""
    names = []
    for info in pkgutil.walk_packages(wakewatch.__path__, "wakewatch."):
        if info.name in OPTIONAL and importlib.util.find_spec("aiscat") is None:
            continue
        importlib.import_module(info.name)
        names.append(info.name)
    return names


def parameters_markdown() -> str:
    """docs/parameters.md: every declared parameter with unit, default and help."""
    import_all()
    lines = ["# Parameters", "",
             "Generated from the code's declared parameters (`wakewatch.params`); "
             "regenerate with `python -m wakewatch.docs > docs/parameters.md`.", ""]
    for component in sorted(REGISTRY):
        lines += [f"## {component}", "", "| name | type | default | unit | meaning |",
                  "| --- | --- | --- | --- | --- |"]
        for p in REGISTRY[component]:
            lines.append(f"| `{p.name}` | {p.type.__name__} | {p.default!r} | {p.unit} | "
                         f"{p.help} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(parameters_markdown(), end="")
