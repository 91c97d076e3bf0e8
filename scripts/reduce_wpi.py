"""Reduce the NGA World Port Index (Pub 150) CSV to the columns the ports gazetteer needs.

Reproducible: ``python scripts/reduce_wpi.py`` reads
``../shared/data/real/ports/nga_wpi_UpdatedPub150_2023-08.csv.gz`` (or the path given as the
first argument) and writes ``src/wakewatch/geo/data/nga_wpi_reduced.csv.gz``. Values are copied
unchanged (no normalisation here: ``wakewatch.geo.ports`` normalises at load time), rows keep
their original order, and the gzip header carries no time stamp, so two runs give the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared/data/real/ports/nga_wpi_UpdatedPub150_2023-08.csv.gz"
TARGET = ROOT / "src/wakewatch/geo/data/nga_wpi_reduced.csv.gz"
COLUMNS = (
    "World Port Index Number",
    "Main Port Name",
    "Alternate Port Name",
    "UN/LOCODE",
    "Country Code",
    "World Water Body",
    "Latitude",
    "Longitude",
    "Harbor Size",
    "Harbor Type",
)


def reduce(source: Path, target: Path) -> int:
    with gzip.open(source, "rt", encoding="utf-8-sig", newline="") as f:
        rows = [[row[c] for c in COLUMNS] for row in csv.DictReader(f)]
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    with open(target, "wb") as out, gzip.GzipFile(
        filename="", mode="wb", fileobj=out, mtime=0, compresslevel=9
    ) as gz:
        gz.write(buf.getvalue().encode("utf-8"))
    return len(rows)


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else SOURCE
    print(f"{reduce(src, TARGET)} ports -> {TARGET}", file=sys.stderr)
