"""Writers for simulated reports: NMEA 4.0 logs with tag blocks, and MarineCadastre CSV.

Pure and deterministic: the same records, receptions and seed give the same bytes.

NMEA (:func:`emit_nmea`, :func:`nmea_lines`, :func:`write_nmea`): real armoured ``!AIVDM``
sentences from pyais's encoder, each line prefixed with a tag block
``\\s:<station>,c:<unix seconds>*hh\\`` (checksum over the text between the backslashes).
A type 5 report is two sentences, written adjacent with ``g:1-2-<id>`` (carrying ``c:``)
and ``g:2-2-<id>``. Lines come out in the order of the receptions passed in, so duplicates
(one report, two stations) and out-of-order arrival are the caller's to express.

pyais quirks handled here: ``encode_dict`` needs ``msg_type`` in the dict, defaults to
``VDO`` (own ship; wakewatch logs hear others: ``VDM``), to UTC second 0 and to sequence id
``0`` for every multi-part message; "not available" must be passed as the AIS sentinel
(heading 511, SOG 102.3, COG 360, ETA 0/0/24/60), text fields must be upper-case
6-bit characters, and its ship-type enum turns 76-78 into 75 and 86-88 into 85, so the
type 5 ship-type bits are written here after encoding.

Stored values differ from the emitted ones in known ways: the receive time ``c:`` (whole
seconds) becomes the stored ``ts``; lat/lon are quantised to 1/10000 minute (type 27: 1/10
minute, whole knots and degrees); SOG/COG to 0.1; draught to 0.1 m.

CSV (:func:`marinecadastre_rows`, :func:`write_marinecadastre`): the MarineCadastre
2018–2023 daily layout, one row per position report with the vessel's latest static report
at or before it.
"""

from __future__ import annotations

import csv
import random
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pyais

from wakewatch.ingest.nmea.checksum import nmea_checksum
from wakewatch.sim.records import PositionReport, Reception, Report, StaticReport

__all__ = [
    "MARINECADASTRE_HEADER",
    "NmeaLine",
    "emit_nmea",
    "marinecadastre_rows",
    "nmea_lines",
    "tag_block",
    "write_marinecadastre",
    "write_nmea",
]

MARINECADASTRE_HEADER: tuple[str, ...] = (
    "MMSI", "BaseDateTime", "LAT", "LON", "SOG", "COG", "Heading", "VesselName", "IMO",
    "CallSign", "VesselType", "Status", "Length", "Width", "Draft", "Cargo",
    "TransceiverClass")

_AIS_CHARS = frozenset("@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_ !\"#$%&'()*+,-./0123456789:;<=>?")
_PAYLOAD_CHARS = "".join(chr(v + 48) if v < 40 else chr(v + 56) for v in range(64))


@dataclass(frozen=True, slots=True)
class NmeaLine:
    """One written line and where it came from."""

    text: str
    report_index: int      # index into the reports passed in
    station: str
    corrupted: bool        # a payload character flipped, checksum left as it was


def tag_block(station: str, ts: datetime, group: str | None = None) -> str:
    """``\\s:<station>,c:<unix s>[,g:<group>]*hh\\``: the NMEA 4.0 tag block of one line."""
    body = f"s:{station},c:{int(ts.timestamp())}"
    if group is not None:
        body += f",g:{group}"
    return f"\\{body}*{nmea_checksum(body):02X}\\"


def _group_tag(station: str, group: str) -> str:
    body = f"s:{station},g:{group}"
    return f"\\{body}*{nmea_checksum(body):02X}\\"


def _ais_text(text: str | None, width: int) -> str:
    if text is None:
        return ""
    up = text.upper()
    return "".join(c if c in _AIS_CHARS and c != "@" else " " for c in up)[:width]


def _position_dict(r: PositionReport) -> dict[str, Any]:
    if r.msg_type == 27:
        return {
            "msg_type": 27, "mmsi": r.mmsi, "lat": r.lat, "lon": r.lon, "accuracy": 0,
            "raim": 0, "gnss": 0,
            "status": 15 if r.nav_status is None else r.nav_status,
            "speed": 63 if r.sog_kn is None else min(62, round(r.sog_kn)),
            "course": 511 if r.cog_deg is None else round(r.cog_deg) % 360,
        }
    out: dict[str, Any] = {
        "msg_type": r.msg_type, "mmsi": r.mmsi, "lat": r.lat, "lon": r.lon,
        "speed": 102.3 if r.sog_kn is None else min(102.2, r.sog_kn),
        "course": 360.0 if r.cog_deg is None else r.cog_deg,
        "heading": 511 if r.heading_deg is None else r.heading_deg,
        "second": r.ts.second,
        # the radio (SOTDMA/ITDMA) state changes from slot to slot on air; a value taken
        # from the time keeps two reports of a vessel at rest from having equal payloads
        # (ingest would count the later one as a duplicate within its 60 s window)
        "radio": int(r.ts.timestamp()) % (1 << 19),
    }
    if r.msg_type == 1:
        out["status"] = 15 if r.nav_status is None else r.nav_status
        out["turn"] = -128
    return out


def _static_dict(s: StaticReport) -> dict[str, Any]:
    eta = s.eta
    return {
        "msg_type": 5, "mmsi": s.mmsi, "ais_version": 0, "imo": s.imo or 0,
        "callsign": _ais_text(s.callsign, 7), "shipname": _ais_text(s.name, 20),
        "ship_type": s.ship_type or 0,
        "to_bow": min(s.to_bow_m, 511), "to_stern": min(s.to_stern_m, 511),
        "to_port": min(s.to_port_m, 63), "to_starboard": min(s.to_starboard_m, 63),
        "epfd": 1,
        "month": 0 if eta is None else eta.month, "day": 0 if eta is None else eta.day,
        "hour": 24 if eta is None else eta.hour, "minute": 60 if eta is None else eta.minute,
        "draught": 0.0 if s.draught_m is None else min(25.5, s.draught_m),
        "destination": _ais_text(s.destination, 20), "dte": 0,
    }


_SHIP_TYPE_BIT = 232   # type 5: ship and cargo type, 8 bits (in the first sentence)


def _with_ship_type(sentence: str, ship_type: int) -> str:
    """The first type 5 sentence with bits 232-239 set to ``ship_type`` and its checksum
    recomputed (pyais's encoder maps 76-78 to 75 and 86-88 to 85 through its enum)."""
    fields = sentence.split(",")
    payload = fields[5]
    bits = "".join(format(_PAYLOAD_CHARS.index(c), "06b") for c in payload)
    bits = (bits[:_SHIP_TYPE_BIT] + format(ship_type, "08b")
            + bits[_SHIP_TYPE_BIT + 8:])
    fields[5] = "".join(_PAYLOAD_CHARS[int(bits[i:i + 6], 2)]
                        for i in range(0, len(bits), 6))
    body = ",".join(fields).split("*")[0]
    return f"{body}*{nmea_checksum(body[1:]):02X}"


def _sentences(report: Report, channel: str, seq_id: int) -> list[str]:
    if isinstance(report, StaticReport):
        out = list(pyais.encode_dict(_static_dict(report), talker_id="AI",
                                     sentence_type="VDM", radio_channel=channel,
                                     seq_id=seq_id))
        out[0] = _with_ship_type(out[0], min(255, max(0, report.ship_type or 0)))
        return out
    return list(pyais.encode_dict(_position_dict(report), talker_id="AI",
                                  sentence_type="VDM", radio_channel=channel))


def _corrupt(sentence: str, rng: random.Random) -> str:
    """Flip one payload character to another valid one, keeping the old checksum."""
    fields = sentence.split(",")
    payload = fields[5]
    i = rng.randrange(len(payload))
    new = rng.choice([c for c in _PAYLOAD_CHARS if c != payload[i]])
    fields[5] = payload[:i] + new + payload[i + 1:]
    return ",".join(fields)


def emit_nmea(reports: Sequence[Report], receptions: Iterable[tuple[int, Reception]],
              rng: random.Random, *, corrupt_fraction: float = 0.0) -> Iterator[NmeaLine]:
    """Tag-blocked NMEA lines, one per sentence per reception.

    ``receptions`` are ``(report index, Reception)`` pairs in the order lines are to be
    written. Each report is transmitted once (one channel, drawn from ``rng`` for all
    reports up front), so two receptions of it carry the same payload. Each line is
    corrupted with probability ``corrupt_fraction`` (drawn from ``rng`` line by line).
    """
    if not 0.0 <= corrupt_fraction <= 1.0:
        raise ValueError(f"corrupt_fraction {corrupt_fraction} is not in [0, 1]")
    channels = [rng.choice("AB") for _ in reports]
    cache: dict[int, list[str]] = {}
    n_multi = 0
    group_id = 0
    for index, rec in receptions:
        sentences = cache.get(index)
        if sentences is None:
            report = reports[index]
            if isinstance(report, StaticReport):
                n_multi += 1
            sentences = _sentences(report, channels[index], n_multi % 10)
            cache[index] = sentences
        n = len(sentences)
        if n > 1:
            group_id = group_id % 99_999 + 1
        for k, sentence in enumerate(sentences, start=1):
            if n == 1:
                tag = tag_block(rec.station, rec.ts_received)
            elif k == 1:
                tag = tag_block(rec.station, rec.ts_received, f"1-{n}-{group_id}")
            else:
                tag = _group_tag(rec.station, f"{k}-{n}-{group_id}")
            bad = corrupt_fraction > 0.0 and rng.random() < corrupt_fraction
            text = _corrupt(sentence, rng) if bad else sentence
            yield NmeaLine(tag + text, index, rec.station, bad)


def nmea_lines(reports: Sequence[Report], receptions: Iterable[tuple[int, Reception]],
               rng: random.Random, *, corrupt_fraction: float = 0.0) -> Iterator[str]:
    """The text of :func:`emit_nmea`'s lines (no line ends)."""
    for line in emit_nmea(reports, receptions, rng, corrupt_fraction=corrupt_fraction):
        yield line.text


def write_nmea(path: Path, reports: Sequence[Report],
               receptions: Iterable[tuple[int, Reception]], rng: random.Random, *,
               corrupt_fraction: float = 0.0) -> list[NmeaLine]:
    """Write :func:`emit_nmea`'s lines to ``path`` (``\\n`` ends, ASCII); returns them, so
    that ground truth knows which lines (1-based line number = index + 1) were corrupted."""
    lines = list(emit_nmea(reports, receptions, rng, corrupt_fraction=corrupt_fraction))
    with path.open("w", encoding="ascii", newline="\n") as f:
        for line in lines:
            f.write(line.text + "\n")
    return lines


# --- MarineCadastre CSV -----------------------------------------------------------------------

def _num(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def marinecadastre_rows(reports: Iterable[Report], statics: Iterable[StaticReport] = ()
                        ) -> Iterator[list[str]]:
    """One MarineCadastre row (without header) per :class:`PositionReport` in ``reports``,
    in the given order, with the static fields of the same MMSI's latest
    :class:`StaticReport` at or before the position (from ``statics`` and any static
    reports among ``reports``); empty when there is none yet.

    Formats as MarineCadastre writes them: ``BaseDateTime`` ``YYYY-MM-DDTHH:MM:SS`` (UTC, no
    zone), LAT/LON 5 decimals, SOG/COG 1 decimal, Heading 511 when not available, IMO
    ``IMO1234567``, Status the navigational status code, Length/Width in whole metres,
    TransceiverClass ``A`` (types 1, 27) or ``B`` (type 18). Destination and ETA have no
    column in this layout.
    """
    positions: list[PositionReport] = []
    by_mmsi: dict[int, list[StaticReport]] = {}
    for r in reports:
        if isinstance(r, PositionReport):
            positions.append(r)
        else:
            by_mmsi.setdefault(r.mmsi, []).append(r)
    for s in statics:
        by_mmsi.setdefault(s.mmsi, []).append(s)
    times: dict[int, list[datetime]] = {}
    for mmsi, group in by_mmsi.items():
        group.sort(key=lambda s: s.ts)
        times[mmsi] = [s.ts for s in group]
    for p in positions:
        static: StaticReport | None = None
        if p.mmsi in by_mmsi:
            i = bisect_right(times[p.mmsi], p.ts)
            static = by_mmsi[p.mmsi][i - 1] if i > 0 else None
        row = [
            str(p.mmsi), p.ts.strftime("%Y-%m-%dT%H:%M:%S"), f"{p.lat:.5f}", f"{p.lon:.5f}",
            _num(p.sog_kn, 1), _num(p.cog_deg, 1),
            "511" if p.heading_deg is None else str(p.heading_deg),
        ]
        if static is None:
            row += ["", "", "", ""]
        else:
            row += [static.name or "", "" if static.imo is None else f"IMO{static.imo}",
                    static.callsign or "",
                    "" if static.ship_type is None else str(static.ship_type)]
        row.append("" if p.nav_status is None else str(p.nav_status))
        if static is None:
            row += ["", "", ""]
        else:
            row += [str(static.length_m) if static.length_m > 0 else "",
                    str(static.beam_m) if static.beam_m > 0 else "",
                    _num(static.draught_m, 1)]
        row += ["", "B" if p.msg_type == 18 else "A"]
        yield row


def write_marinecadastre(path: Path, reports: Iterable[Report],
                         statics: Iterable[StaticReport] = ()) -> int:
    """Write a MarineCadastre 2018+ CSV (header and :func:`marinecadastre_rows`) to
    ``path``; returns the number of data rows."""
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(MARINECADASTRE_HEADER)
        for row in marinecadastre_rows(reports, statics):
            writer.writerow(row)
            n += 1
    return n
