"""Time sources of NMEA logs, as scalar parsers.

The vectorised framing (``framing.py``) implements the same rules over whole chunks; the
property tests check that both agree. Supported:

* NMEA 4.0 tag blocks: ``c:`` UNIX time in seconds, or milliseconds when > 10^11;
* all of them only within 1990–2100 (other values are broken clocks or garbage);
* a timestamp prefixing the line, ISO 8601 with a zone (``Z`` or ``±hh:mm``) or UNIX
  seconds, separated from the sentence by a comma, space, semicolon or tab;
* the USCG N-AIS trailer after the checksum, whose last field is UNIX seconds;
* ``$PGHP,1,yyyy,m,d,h,m,s,ms,...`` (Danish Maritime Authority / Gatehouse) and
  ``$--ZDA,hhmmss.ss,dd,mm,yyyy,...`` sentences that stamp the lines after them.

Naive ISO times (without a zone) are rejected: wakewatch never guesses a time zone.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

MS_THRESHOLD = 100_000_000_000  # c: values above this are milliseconds (year 5138 in s)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)

ISO_RE = (r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?"
          r"(?:Z|z|[+-]\d{2}:?\d{2})?")
UNIX_RE = r"\d{9,10}(?:\.\d{1,6})?"
PREFIX_RE = re.compile(rf"^({ISO_RE}|{UNIX_RE})[ ,;\t]+(?=[!$\\])")


EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)  # receive times outside [EARLIEST, LATEST)
LATEST = datetime(2100, 1, 1, tzinfo=UTC)    # are broken clocks or garbage: rejected


def plausible(ts: datetime | None) -> datetime | None:
    """``ts`` when it is a plausible AIS receive time (1990–2100), else None."""
    return ts if ts is not None and EARLIEST <= ts < LATEST else None


def from_unix(value: float) -> datetime | None:
    """UNIX seconds (or milliseconds, when larger than 10^11) → aware UTC datetime; None
    outside 1990–2100."""
    if value > MS_THRESHOLD:
        value = value / 1000.0
    if not EARLIEST.timestamp() <= value < LATEST.timestamp():
        return None
    return EPOCH + timedelta(microseconds=round(value * 1_000_000))


def parse_tag_time(value: str) -> datetime | None:
    """A tag block's ``c:`` field; None when it is not a whole number."""
    if not value.isdigit() or len(value) > 16:
        return None
    return from_unix(int(value))


def parse_iso(value: str) -> datetime | None:
    """ISO 8601 with a zone → aware UTC; None for naive or malformed times."""
    text = value.replace(" ", "T", 1)
    if text[-1:] in "zZ":
        text = text[:-1] + "+00:00"
    elif re.search(r"[+-]\d{4}$", text):
        text = text[:-2] + ":" + text[-2:]
    try:
        ts = datetime.fromisoformat(text)
    except ValueError:
        return None
    if ts.tzinfo is None:
        return None
    return plausible(ts.astimezone(UTC))


def split_prefix(line: str) -> tuple[datetime | None, str, bool]:
    """Split a leading timestamp from ``line``.

    Returns (time or None, rest of the line, whether a prefix was present). A present but
    unusable prefix (naive ISO time) gives (None, rest, True).
    """
    m = PREFIX_RE.match(line)
    if m is None:
        return None, line, False
    token = m.group(1)
    rest = line[m.end():]
    if re.fullmatch(UNIX_RE, token):
        return from_unix(float(token)), rest, True
    return parse_iso(token), rest, True


def parse_pghp(fields: list[str]) -> datetime | None:
    """``PGHP,1,yyyy,m,d,h,m,s,ms,...`` fields (without ``$`` and checksum)."""
    try:
        if fields[0] != "PGHP" or fields[1] != "1":
            return None
        y, mo, d, h, mi, s, ms = (int(f) for f in fields[2:9])
        return plausible(datetime(y, mo, d, h, mi, s, ms * 1000, tzinfo=UTC))
    except (ValueError, IndexError):
        return None


def parse_zda(fields: list[str]) -> datetime | None:
    """``--ZDA,hhmmss.ss,dd,mm,yyyy,...`` fields (without ``$`` and checksum)."""
    try:
        if not fields[0].endswith("ZDA"):
            return None
        hms = fields[1]
        h, mi = int(hms[0:2]), int(hms[2:4])
        sec = float(hms[4:])
        d, mo, y = int(fields[2]), int(fields[3]), int(fields[4])
        return plausible(datetime(y, mo, d, h, mi, tzinfo=UTC) + timedelta(seconds=sec))
    except (ValueError, IndexError, OverflowError):
        return None
