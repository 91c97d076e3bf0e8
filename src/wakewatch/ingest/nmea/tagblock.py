"""NMEA 4.0 (IEC 61162-450) tag blocks: ``\\c:1418169601,s:rORBCOMM008,g:1-2-1604*37\\``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from wakewatch.ingest.nmea.checksum import nmea_checksum
from wakewatch.ingest.nmea.timestamps import parse_tag_time


@dataclass(frozen=True)
class TagBlock:
    """The parsed content of one tag block."""

    time: datetime | None
    source: str | None
    group: tuple[int, int, int] | None  # (sentence number, total, group id)
    checksum_ok: bool | None  # None when the block carries no checksum


def split_tag_block(line: str) -> tuple[str | None, str]:
    """(tag block content without the backslashes, or None; the rest of the line)."""
    if not line.startswith("\\"):
        return None, line
    end = line.find("\\", 1)
    if end < 0:
        return None, line
    return line[1:end], line[end + 1:]


def parse_tag_block(content: str) -> TagBlock:
    """Parse a tag block's content (``c:...,s:...*hh``)."""
    body, star, hexsum = content.partition("*")
    checksum_ok: bool | None = None
    if star:
        try:
            checksum_ok = int(hexsum[:2], 16) == nmea_checksum(body) and len(hexsum) == 2
        except ValueError:
            checksum_ok = False
    time: datetime | None = None
    source: str | None = None
    group: tuple[int, int, int] | None = None
    for item in body.split(","):
        key, _, value = item.partition(":")
        if key == "c":
            time = parse_tag_time(value)
        elif key == "s":
            source = value or None
        elif key == "g":
            parts = value.split("-")
            if len(parts) == 3 and all(p.isdigit() for p in parts):
                group = (int(parts[0]), int(parts[1]), int(parts[2]))
    return TagBlock(time=time, source=source, group=group, checksum_ok=checksum_ok)
