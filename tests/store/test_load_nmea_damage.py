"""Real log lines damaged at random (characters flipped, inserted, deleted, lines cut, half
of them re-checksummed so they reach the decoders): the ingest never crashes and every line
ends in exactly one outcome, with both decoders."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest

from wakewatch.ingest.nmea.checksum import nmea_checksum
from wakewatch.store import Store
from wakewatch.store.load import ingest_path

ALPHABET = "0123456789,*!$\\:ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvw@`-. \t"


def _real_lines(ais_nmea_dir: Path) -> list[str]:
    lines: list[str] = []
    for name in ("amsa_risky_australia_2012-01-27.nmea.gz",
                 "dma_aislib_stream_2010-06-11.nmea.gz"):
        with gzip.open(ais_nmea_dir / name, "rt") as f:
            lines += f.read().splitlines()[:2000]
    for name in ("libais_tagblock.nmea", "libais_uscg_typeexamples.nmea"):
        lines += (ais_nmea_dir / name).read_text().splitlines()
    return lines


def _damage(line: str, rng: random.Random) -> str:
    chars = list(line)
    for _ in range(rng.randint(1, 4)):
        op = rng.random()
        if op < 0.4 and chars:
            chars[rng.randrange(len(chars))] = rng.choice(ALPHABET)
        elif op < 0.6:
            chars.insert(rng.randrange(len(chars) + 1), rng.choice(ALPHABET))
        elif op < 0.8 and chars:
            del chars[rng.randrange(len(chars))]
        else:
            chars = chars[:rng.randrange(len(chars) + 1)]
    text = "".join(chars)
    if rng.random() < 0.5 and "*" in text and text[:1] in "!$":
        body = text[1:text.rindex("*")]
        text = f"{text[0]}{body}*{nmea_checksum(body):02X}"
    return text


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("decoder", ["pyais", "aiscat", "numpy"])
def test_damaged_logs_are_fully_accounted(ais_nmea_dir: Path, tmp_path: Path, seed: int,
                                          decoder: str) -> None:
    rng = random.Random(seed)
    source = _real_lines(ais_nmea_dir)
    lines = [_damage(ln, rng) if rng.random() < 0.3 else ln for ln in rng.sample(source, 1500)]
    path = tmp_path / "damaged.nmea"
    path.write_text("\n".join(lines) + "\n")
    with Store.open(tmp_path / "d.duckdb") as store:
        report = ingest_path(store, path, decoder=decoder,
                             parser_options={"lines_per_chunk": 400})
        assert report.lines == len(lines)
        (rejects,) = store.con.execute("SELECT count(*) FROM rejects").fetchall()[0]
    rejected = sum(report.counts[o] for o in
                   ("bad_checksum", "unparseable", "orphan_fragment", "no_timestamp"))
    assert rejects == rejected
    assert report.counts["accepted"] > 0
