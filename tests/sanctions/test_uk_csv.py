"""UK HM Treasury ConList CSV reader, on the real format sample and a synthetic ship file."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wakewatch.errors import FormatError
from wakewatch.sanctions import uk_csv
from wakewatch.sanctions.entity import Entity

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
UK = REAL / "format-samples" / "uk_hmt_conlist_excerpt.csv"
SHIP = Path(__file__).parent / "fixtures" / "uk_conlist_ship.csv"
pytestmark = pytest.mark.skipif(not UK.exists(), reason=f"shared data not found at {UK}")


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    info, ents = uk_csv.read(UK)
    assert (info.dataset, info.format) == ("gb_hmt_sanctions", "uk_csv")
    assert info.published is not None and info.published.isoformat() == "2020-04-27"
    return {e.id: e for e in ents}


def test_one_entity_per_group(entities: dict[str, Entity]) -> None:
    with UK.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))[2:]
    groups = {r[-1] for r in rows}
    assert (len(rows), len(groups)) == (23, 6)
    assert set(entities) == {f"gb_hmt_sanctions:{g}" for g in groups}
    assert all(e.schema == "Person" for e in entities.values())


def test_prime_alias_and_partial_dobs(entities: dict[str, Entity]) -> None:
    hubarieva = entities["gb_hmt_sanctions:13063"]  # AKA rows only: first variant is the name
    assert hubarieva.caption == "Kateryna Yuriyivna HUBARIEVA"
    assert hubarieva.get("alias") == ()
    assert hubarieva.get("birthDate") == ("1983-07-05", "1983", "1984-04")
    so = entities["gb_hmt_sanctions:11039"]
    assert so.caption == "Sang-kuk SO"  # the Prime Alias row, not the first row
    assert "Sang Kuk SO" in so.get("alias")
    assert so.get("birthDate")[:3] == ("1936", "1937", "1938")
    assert so.get("program") == ("North Korea (Democratic People's Republic of Korea)",)
    hojati = entities["gb_hmt_sanctions:9053"]
    assert hojati.get("alias") == ("محسن حجتی",)
    assert hojati.get("listingDate") == ("2007-03-24",)


def test_ship_rows() -> None:
    _, ents = uk_csv.read(SHIP)
    by_id = {e.id: e for e in ents}
    ship = by_id["gb_hmt_sanctions:99001"]
    assert ship.schema == "Vessel"
    assert ship.caption == "SYNTHETIC TANKER ONE"
    assert ship.get("alias") == ("SYNTH ONE",)
    assert ship.get("imoNumber") == ("9999992",)
    assert ship.get("flag") == ("Cameroon",)
    assert ship.get("pastFlags") == ("Panama", "Liberia")
    assert ship.get("type") == ("Crude Oil Tanker",)
    assert ship.get("owner") == ("SYNTHETIC SHIPPING LLC",)
    owner = by_id["gb_hmt_sanctions:99002"]
    assert owner.schema == "Organization"
    assert owner.get("imoNumber") == ("9999992", "5999991")  # quoted in Other Information


def test_truncated_refused(tmp_path: Path) -> None:
    data = UK.read_bytes()
    cut = tmp_path / "conlist.csv"
    cut.write_bytes(data[: len(data) - 300])
    with pytest.raises(FormatError, match=r"conlist\.csv: line \d+: \d+ fields, expected 36"):
        uk_csv.read(cut)


def test_not_conlist_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(FormatError, match="not a UK ConList CSV"):
        uk_csv.read(other)


def test_sniff() -> None:
    assert uk_csv.sniff(UK.read_bytes()[:500])
    assert not uk_csv.sniff(b"ent_num,SDN_Name,SDN_Type\n")
