"""Sanctions matching: names (:mod:`.names`) and entities (screening).

Flat list of re-exports; each helper adds its own lines. Entities (helper "screen"):
:mod:`.entity`, :mod:`.engine`, :mod:`.index`, :mod:`.explain`; ``screen_fleet`` lives in
:mod:`.fleet` and is not re-exported (it imports the AIS store and detector layers).
"""

from wakewatch.sanctions.match.analyze import AnalyzedName, analyze_name, name_keys
from wakewatch.sanctions.match.engine import Matcher, NoListsError, match_queries, result_to_json
from wakewatch.sanctions.match.entity import ALGORITHM, MatchResult, Query, QueryError
from wakewatch.sanctions.match.explain import Explanation
from wakewatch.sanctions.match.names import (
    DEFAULT_THRESHOLD,
    MATCHER_VERSION,
    NameMatch,
    best_name_match,
    compare_names,
)

__all__ = [
    "ALGORITHM",
    "DEFAULT_THRESHOLD",
    "MATCHER_VERSION",
    "AnalyzedName",
    "Explanation",
    "MatchResult",
    "Matcher",
    "NameMatch",
    "NoListsError",
    "Query",
    "QueryError",
    "analyze_name",
    "best_name_match",
    "compare_names",
    "match_queries",
    "name_keys",
    "result_to_json",
]
