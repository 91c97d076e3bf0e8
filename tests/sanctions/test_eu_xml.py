"""EU financial sanctions XML reader, on the real FSF format sample."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wakewatch.errors import FormatError
from wakewatch.sanctions import eu_xml
from wakewatch.sanctions.entity import Entity

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
EU = REAL / "format-samples" / "eu_fsf_excerpt.xml"
pytestmark = pytest.mark.skipif(not EU.exists(), reason=f"shared data not found at {EU}")


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    info, ents = eu_xml.read(EU)
    assert (info.dataset, info.format) == ("eu_fsf", "eu_xml")
    assert info.published is not None and info.published.isoformat() == "2020-04-15"
    return {e.id: e for e in ents}


def test_counts_match_an_independent_count(entities: dict[str, Entity]) -> None:
    raw = EU.read_text(encoding="utf-8")
    blocks = re.findall(r"<sanctionEntity .*?logicalId=\"(\d+)\">", raw)
    assert len(blocks) == 7  # logicalId 5468 appears twice: merged into one entity
    assert len(entities) == len(set(blocks)) == 6
    assert all(e.schema == "Person" for e in entities.values())
    programmes = {p for p in re.findall(r'programme="([A-Z]+)"', raw)}
    assert {p for e in entities.values() for p in e.get("program")} == programmes


def test_aliases_dob_citizenship(entities: dict[str, Entity]) -> None:
    abid = entities["eu_fsf:5295"]
    assert abid.caption == "Abid Hammadou"
    assert abid.get("alias") == ("Abdelhamid Abou Zeid", "Youcef Adel", "Amor Mohamed Ghedeir",
                                 "Abou Abdellah")
    assert abid.get("birthDate") == ("1965-12-12", "1958")  # full date, then circa year
    assert abid.get("nationality") == ("DZ",)
    assert abid.get("program") == ("TAQA",)
    assert abid.get("listingDate") == ("2008-07-03",)


def test_identification_and_address(entities: dict[str, Entity]) -> None:
    aouadi = entities["eu_fsf:927"]
    assert aouadi.get("idNumber") == ("04643632", "L191609")
    assert aouadi.get("country") == ("TN",)
    assert "listingDate" not in aouadi.properties  # no designationDate on this entry
    manzi = entities["eu_fsf:5807"]
    assert manzi.get("birthDate") == ("1954", "1953")
    assert manzi.get("country") == ("CD",)
    fahd = entities["eu_fsf:191"]
    assert fahd.get("nationality") == ()  # countryIso2Code 00 = unknown
    assert fahd.get("idNumber") == ("488555",)


def test_duplicate_logical_id_merged(entities: dict[str, Entity]) -> None:
    merged = entities["eu_fsf:5468"]
    assert merged.caption == "Sok-hwa Hwang"
    assert merged.get("alias") == ("TestOneWord",)


def test_vessel_imo_from_identification(tmp_path: Path) -> None:
    xml = tmp_path / "eu_vessel.xml"
    xml.write_text(
        '<?xml version="1.0"?><export xmlns="http://eu.europa.ec/fpi/fsd/export" '
        'generationDate="2024-01-02T10:00:00"><sanctionEntity logicalId="1" '
        'designationDate="2023-06-23"><regulation programme="RUS"/>'
        '<subjectType code="enterprise"/><nameAlias wholeName="SYNTHETIC CARRIER" strong="true"/>'
        '<identification number="9999992" identificationTypeCode="imo"/>'
        "</sanctionEntity></export>", encoding="utf-8")
    _, (ent,) = eu_xml.read(xml)
    assert ent.schema == "Organization"
    assert ent.get("imoNumber") == ("9999992",)
    assert ent.get("idNumber") == ()


def test_truncated_refused(tmp_path: Path) -> None:
    cut = tmp_path / "eu.xml"
    cut.write_bytes(EU.read_bytes()[:9000])
    with pytest.raises(FormatError, match=r"eu\.xml: malformed or truncated EU sanctions XML"):
        eu_xml.read(cut)


def test_sniff() -> None:
    assert eu_xml.sniff(EU.read_bytes()[:1000])
    assert not eu_xml.sniff(b"<?xml version='1.0'?><CONSOLIDATED_LIST>")
