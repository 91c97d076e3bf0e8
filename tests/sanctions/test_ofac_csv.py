"""The OFAC SDN CSV reader on the real files; expected counts are derived here with plain
csv and regular expressions, not with the reader."""

from __future__ import annotations

import csv
import gzip
import io
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from wakewatch.errors import FormatError
from wakewatch.sanctions.ofac_csv import companion_paths, read

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
SDN_2024 = REAL / "ofac_sdn_2024-05-03.csv.gz"
SDN_2021 = REAL / "ofac_2021-07-07_sdn.csv.gz"
pytestmark = pytest.mark.skipif(not SDN_2024.exists(), reason="real OFAC files not present")
IMO_RE = re.compile(r"Vessel Registration Identification\s+IMO\s+(\d{7})")
MMSI_RE = re.compile(r"MMSI\s+(\d{9})")


def raw_rows(path: Path) -> list[list[str]]:
    text = gzip.decompress(path.read_bytes()).decode("latin-1").rstrip("\x1a")
    return [r for r in csv.reader(io.StringIO(text)) if r]


def expected(path: Path) -> dict[str, object]:
    rows = raw_rows(path)
    vessels = [r for r in rows if r[2].strip() == "vessel"]
    programs = Counter(p for r in vessels for p in r[3].split("] ["))
    return {
        "rows": len(rows),
        "aircraft": sum(r[2].strip() == "aircraft" for r in rows),
        "persons": sum(r[2].strip() == "individual" for r in rows),
        "vessels": len(vessels),
        "imos": {m for r in vessels for m in IMO_RE.findall(r[11])},
        "mmsi_vessels": sum(bool(MMSI_RE.search(r[11])) for r in vessels),
        "vessel_programs": programs,
    }


@pytest.mark.parametrize("path", [SDN_2024, SDN_2021], ids=["2024", "2021"])
def test_counts_match_an_independent_count(path: Path) -> None:
    want = expected(path)
    info, entities = read(path)
    by_schema = Counter(e.schema for e in entities)
    assert len(entities) == want["rows"] - want["aircraft"]  # type: ignore[operator]
    assert by_schema["Vessel"] == want["vessels"]
    assert by_schema["Person"] == want["persons"]
    vessels = [e for e in entities if e.schema == "Vessel"]
    assert {i for e in vessels for i in e.get("imoNumber")} == want["imos"]
    assert sum(bool(e.get("mmsi")) for e in vessels) == want["mmsi_vessels"]
    assert Counter(p for e in vessels for p in e.get("program")) == want["vessel_programs"]
    assert info.dataset == "us_ofac_sdn" and info.format == "ofac_csv"


def test_2024_figures() -> None:
    """The figures the report quotes (SOURCES.md counted 842 IMOs with a single-space
    pattern; two rows write ``IMO  8904408`` with two spaces)."""
    info, entities = read(SDN_2024)
    vessels = [e for e in entities if e.schema == "Vessel"]
    assert info.published == date(2024, 5, 3)
    assert len(vessels) == 851
    assert len({i for e in vessels for i in e.get("imoNumber")}) == 843
    assert sum(bool(e.get("mmsi")) for e in vessels) == 154
    dprk = {e.id for e in vessels if any(p.startswith("DPRK") for p in e.get("program"))}
    assert len(dprk) == 105


def test_vessel_columns_and_remarks() -> None:
    _, entities = read(SDN_2024)
    artavil = next(e for e in entities if e.id == "us_ofac_sdn:15036")
    assert artavil.schema == "Vessel" and artavil.caption == "ARTAVIL"
    assert artavil.get("callSign") == ("T2EU4",)
    assert artavil.get("type") == ("Crude/Oil Products Tanker",)
    assert artavil.get("flag") == ("IR",)
    assert artavil.get("pastFlags") == ("MT", "TV", "TZ")
    assert artavil.get("imoNumber") == ("9187629",)
    assert artavil.get("mmsi") == ("572469210",)
    mar_azul = next(e for e in entities if e.id == "us_ofac_sdn:4238")
    assert mar_azul.get("owner") == ("Samir de Navegacion S.A.",)
    assert mar_azul.get("grossRegisteredTonnage") == ("212",)


def test_companions_2021() -> None:
    assert companion_paths(SDN_2021)["alt"].name == "ofac_2021-07-07_alt.csv.gz"
    alt_rows = raw_rows(REAL / "ofac_2021-07-07_alt.csv.gz")
    _, entities = read(SDN_2021)
    by_id = {e.id: e for e in entities}
    # every alt.csv name of a loaded entry is one of its alias / previousName values
    missing = [r for r in alt_rows if f"us_ofac_sdn:{r[0]}" in by_id and r[3].strip() not in
               by_id[f"us_ofac_sdn:{r[0]}"].get("alias")
               + by_id[f"us_ofac_sdn:{r[0]}"].get("previousName")]
    assert missing == []
    # sdn_comments continues the cut remarks text of its entry
    assert "khaleesi" in by_id["us_ofac_sdn:28264"].get("alias")
    cuba = by_id["us_ofac_sdn:36"]  # AEROCARIBBEAN AIRLINES, add.csv: Havana, Cuba
    assert cuba.get("country") == ("CU",) and cuba.schema == "Organization"
    assert by_id["us_ofac_sdn:173"].schema == "Company"  # ANGLO-CARIBBEAN CO., LTD.


def test_truncated_plain_csv_refused(tmp_path: Path) -> None:
    text = gzip.decompress(SDN_2024.read_bytes())
    cut = tmp_path / "sdn.csv"
    cut.write_bytes(text[:100_000])
    with pytest.raises(FormatError, match=r"truncated|fields"):
        read(cut)


def test_truncated_gzip_refused(tmp_path: Path) -> None:
    cut = tmp_path / "sdn.csv.gz"
    cut.write_bytes(SDN_2024.read_bytes()[:200_000])
    with pytest.raises(FormatError, match="gzip"):
        read(cut)
