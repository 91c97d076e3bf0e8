"""What happened to each input line: exactly one outcome per line, counted and kept."""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """The fate of one input line (NMEA) or row (tables)."""

    ACCEPTED = "accepted"            # part of a decoded AIS message that was kept
    DUPLICATE = "duplicate"          # the same message already heard within the window
    BAD_CHECKSUM = "bad_checksum"    # sentence or tag-block checksum does not match
    UNPARSEABLE = "unparseable"      # not an NMEA sentence, bad fields, undecodable payload
    ORPHAN_FRAGMENT = "orphan_fragment"  # a fragment of a multi-part message never completed
    NO_TIMESTAMP = "no_timestamp"    # no usable time for the message
    NON_AIS = "non_ais"              # blank, comment, time and other non-AIS sentences

    @property
    def rejected(self) -> bool:
        """Rejected lines are kept verbatim in the store's ``rejects`` table."""
        return self in REJECTED


REJECTED = frozenset(
    {Outcome.BAD_CHECKSUM, Outcome.UNPARSEABLE, Outcome.ORPHAN_FRAGMENT, Outcome.NO_TIMESTAMP})

ORDER: tuple[Outcome, ...] = tuple(Outcome)


def empty_counts() -> dict[str, int]:
    return {o.value: 0 for o in ORDER}
