"""Documentation generated from the code's own declarations (parameters, schemas)."""

from __future__ import annotations

import importlib

from wakewatch.params import REGISTRY

# modules that declare parameters; imported so that the registry is complete
DECLARING_MODULES = ("wakewatch.ingest.nmea.pipeline", "wakewatch.evaluate.match")


def parameters_markdown() -> str:
    """docs/parameters.md: every declared parameter with unit, default and help."""
    for name in DECLARING_MODULES:
        importlib.import_module(name)
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
