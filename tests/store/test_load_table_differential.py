"""The CSV loader against its previous implementation (``load_table_reference``): random
MarineCadastre files mixing good rows, exact repeats, statics that change and change back,
rows DuckDB's reader rejects and rows rejected after parsing. Both must store the same
positions, statics and rejects (every column, in line order) and count the same outcomes."""

from __future__ import annotations

from pathlib import Path

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st
from load_table_reference import load_table as reference_load_table

from wakewatch.ingest.report import IngestReport
from wakewatch.store.db import Store
from wakewatch.store.load_table import load_table

HEADER = ("MMSI,BaseDateTime,LAT,LON,SOG,COG,Heading,VesselName,IMO,CallSign,VesselType,"
          "Status,Length,Width,Draft,Cargo,TransceiverClass")
MMSI = st.sampled_from(["367000001", "367000002", "219000003", "", "abc"])
TS = st.sampled_from([f"2022-01-03T00:00:0{s}" for s in range(4)]
                     + ["", "2022-13-45T00:00:00"])
COORD = st.sampled_from(["30.1", "-88.5", "91", "181", "", "abc", "0"])
NUM = st.sampled_from(["1.5", "0", "102.3", "360", "511", "", "-1"])
NAME = st.sampled_from(["ALPHA", "BRAVO", "A@@B", "  C  D ", ""])
IMO = st.sampled_from(["IMO9000001", "9000002", "IMO0000000", "", "x"])
TYPE = st.sampled_from(["70", "30", "1004", "0", "", "cargo"])
STATUS = st.sampled_from(["0", "0.0", "5", "15", "16", "under way using engine", ""])
DIM = st.sampled_from(["100", "20.5", "0", "-3", "", "big"])

ROW = st.tuples(MMSI, TS, COORD, COORD, NUM, NUM, NUM, NAME, IMO, st.just("CS1"), TYPE,
                STATUS, DIM, DIM, DIM, st.just("70"), st.sampled_from(["A", "B"]))
LINE = st.one_of(
    ROW.map(",".join),
    ROW.map(lambda r: ",".join(r[:3])),              # too few fields: the reader rejects it
    ROW.map(lambda r: ",".join((*r, "extra"))))      # too many fields


def stored(store: Store) -> dict[str, list[tuple[object, ...]]]:
    return {t: sorted(store.con.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in ("positions", "statics", "rejects")}


def run(loader: object, path: Path) -> tuple[dict[str, int], dict[str, list[tuple[object, ...]]]]:
    with Store(duckdb.connect(":memory:"), None) as store:
        store.ensure_schema()
        report = IngestReport(path=str(path), sha256="e" * 64, format="csv")
        loader(store, path, "e" * 64, report)  # type: ignore[operator]
        return dict(report.counts), stored(store)


@settings(max_examples=50)
@given(lines=st.lists(LINE, min_size=1, max_size=40),
       repeats=st.lists(st.integers(0, 39), max_size=8))
def test_loader_matches_its_reference(tmp_path_factory: object, lines: list[str],
                                      repeats: list[int]) -> None:
    lines = lines + [lines[i % len(lines)] for i in repeats]   # exact repeats, later
    path = Path(str(tmp_path_factory.mktemp("diff"))) / "ais.csv"  # type: ignore[attr-defined]
    path.write_text("\n".join([HEADER, *lines]) + "\n")
    want = run(reference_load_table, path)
    got = run(load_table, path)
    assert got == want
    assert sum(got[0].values()) == len(lines)
