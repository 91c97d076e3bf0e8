"""The docs are generated from the code: a declared parameter missing from them fails."""

from __future__ import annotations

from pathlib import Path

from wakewatch.docs import import_all, parameters_markdown
from wakewatch.params import REGISTRY

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_parameters_doc_is_current() -> None:
    assert (DOCS / "parameters.md").read_text() == parameters_markdown(), (
        "docs/parameters.md is stale: python -m wakewatch.docs > docs/parameters.md")


def test_every_declared_parameter_is_documented_with_unit_and_help() -> None:
    text = (DOCS / "parameters.md").read_text()
    assert "wakewatch.ingest.nmea.pipeline" in import_all()
    params = [p for ps in REGISTRY.values() for p in ps]
    assert params
    for p in params:
        assert f"`{p.name}`" in text
        assert p.unit and p.help
