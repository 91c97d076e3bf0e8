"""The account of one ingested file: counts by outcome and what was stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from wakewatch.ingest.outcomes import empty_counts


@dataclass
class IngestReport:
    path: str
    sha256: str
    format: str
    decoder: str | None = None
    counts: dict[str, int] = field(default_factory=empty_counts)
    positions: int = 0
    statics: int = 0
    skipped: bool = False   # already ingested before: nothing added
    resumed: bool = False   # an earlier, interrupted run was completed

    @property
    def lines(self) -> int:
        return sum(self.counts.values())
