"""A scenario's NMEA decodes with pyais to the values it simulated (as written to its CSV)."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pyais
import pytest

from wakewatch.ingest.nmea.checksum import nmea_checksum
from wakewatch.sim.scenario import simulate


@pytest.mark.parametrize("scenario", ["identity", "spoofing"])
def test_nmea_decodes_to_the_csv_values(scenario: str, tmp_path: Path) -> None:
    simulate(scenario, 2, tmp_path, vessels=6, days=1.5)
    rows: dict[tuple[int, int], list[dict[str, str]]] = {}
    with (tmp_path / "positions.csv").open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.setdefault((int(r["MMSI"]), int(r["BaseDateTime"].replace("-", "").replace(
                "T", "").replace(":", ""))), []).append(r)
    def key(mmsi: int, unix: int) -> tuple[int, int]:
        return mmsi, int(datetime.fromtimestamp(unix, UTC).strftime("%Y%m%d%H%M%S"))

    checked = statics = 0
    lines = (tmp_path / "positions.nmea").read_text(encoding="ascii").splitlines()
    for i, line in enumerate(lines):
        _, tag, sentence = line.split("\\")
        body, star = sentence[1:].split("*")
        if int(star, 16) != nmea_checksum(body) or "c:" not in tag:
            continue                     # corrupted on purpose, or the 2nd part of a type 5
        c = int(tag.split("c:")[1].split(",")[0].split("*")[0])
        if tag.find("g:1-2-") >= 0:
            nxt = lines[i + 1].split("\\")[2]
            nb, ns = nxt[1:].split("*")
            if int(ns, 16) == nmea_checksum(nb):
                msg5 = pyais.decode(sentence, nxt).asdict()
                assert msg5["msg_type"] == 5 and 0 < msg5["mmsi"] <= 999_999_999
                statics += 1
            continue
        if i % 5:
            continue
        msg = pyais.decode(sentence).asdict()
        cands = [r for d in range(0, 4) for r in rows.get(key(msg["mmsi"], c - d), [])]
        assert any(abs(float(r["LAT"]) - msg["lat"]) < 2e-5
                   and abs(float(r["LON"]) - msg["lon"]) < 2e-5
                   and abs(float(r["SOG"]) - msg["speed"]) < 0.051
                   and abs(float(r["COG"]) - msg["course"]) < 0.051 for r in cands), (line, cands)
        checked += 1
    assert checked > 1000 and statics > 100
