"""Sanctions matching: names (:mod:`.names`) and entities (screening).

Flat list of re-exports; each helper adds its own lines.
"""

from wakewatch.sanctions.match.analyze import AnalyzedName, analyze_name, name_keys
from wakewatch.sanctions.match.names import (
    DEFAULT_THRESHOLD,
    MATCHER_VERSION,
    NameMatch,
    best_name_match,
    compare_names,
)

__all__ = [
    "DEFAULT_THRESHOLD",
    "MATCHER_VERSION",
    "AnalyzedName",
    "NameMatch",
    "analyze_name",
    "best_name_match",
    "compare_names",
    "name_keys",
]
