"""UN Security Council consolidated list reader, on the real 2026-02-27 list."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from pathlib import Path

import pytest

from wakewatch.errors import FormatError
from wakewatch.sanctions import un_xml
from wakewatch.sanctions.entity import Entity

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
UN_GZ = REAL / "un_consolidated_2026-02-27.xml.gz"
pytestmark = pytest.mark.skipif(not UN_GZ.exists(), reason=f"shared data not found at {UN_GZ}")


@pytest.fixture(scope="module")
def raw() -> str:
    return gzip.decompress(UN_GZ.read_bytes()).decode("utf-8")


@pytest.fixture(scope="module")
def entities() -> dict[str, Entity]:
    info, ents = un_xml.read(UN_GZ)
    assert info.dataset == "un_sc_sanctions" and info.format == "un_xml"
    assert info.published is not None and info.published.isoformat() == "2026-02-27"
    assert len(info.sha256) == 64
    return {e.id: e for e in ents}


def test_counts_match_an_independent_regex_count(raw: str, entities: dict[str, Entity]) -> None:
    individuals = len(re.findall(r"<INDIVIDUAL>", raw))
    ents = len(re.findall(r"<ENTITY>", raw))
    assert (individuals, ents) == (730, 273)
    schemas = Counter(e.schema for e in entities.values())
    assert schemas["Person"] == individuals
    assert schemas["Company"] + schemas["Organization"] == ents
    assert len(entities) == individuals + ents


def test_programs_match_un_list_types(raw: str, entities: dict[str, Entity]) -> None:
    expected = Counter(re.findall(r"<UN_LIST_TYPE>([^<]+)</UN_LIST_TYPE>", raw))
    got = Counter(p for e in entities.values() for p in e.get("program"))
    assert got == expected
    assert got["DPRK"] == 155


def test_imo_numbers_from_comments(raw: str, entities: dict[str, Entity]) -> None:
    expected = set(re.findall(r"IMO[^<\d]{0,12}(\d{7})", raw))
    got = {imo for e in entities.values() for imo in e.get("imoNumber")}
    assert got == expected
    assert len(got) == 16
    samma = entities["un_sc_sanctions:KPe.065"]
    assert samma.caption == "KOREA SAMMA SHIPPING CO"
    assert samma.schema == "Company"
    assert samma.get("imoNumber") == ("5145892",)
    omm = entities["un_sc_sanctions:KPe.020"]  # "(IMO) Number: 1790183"
    assert omm.get("imoNumber") == ("1790183",)


def test_person_record(entities: dict[str, Entity]) -> None:
    kim = entities["un_sc_sanctions:KPi.001"]
    assert kim.caption == "YUN HO-JIN"
    assert kim.get("alias") == ("Yun Ho-chin",)
    assert kim.get("birthDate") == ("1944-10-13",)
    assert kim.get("program") == ("DPRK",)
    assert kim.get("listingDate") == ("2009-07-16",)
    assert kim.get("nationality") == ("Democratic People's Republic of Korea",)


def test_alias_quality(entities: dict[str, Entity]) -> None:
    kahwa = entities["un_sc_sanctions:CDi.009"]  # Good -> alias, Low -> weakAlias
    assert "Kawa Panga" in kahwa.get("alias")
    assert "“Kawa”" in kahwa.get("weakAlias")
    adf = entities["un_sc_sanctions:CDe.001"]  # a.k.a. -> alias, f.k.a. -> previousName
    assert adf.get("alias") == ("Allied Democratic Forces",)
    assert adf.get("previousName")[-2:] == ("ADF/NALU", "NALU")
    assert entities["un_sc_sanctions:CDi.003"].get("weakAlias") == ("Rumuli",)


def test_between_birth_years(raw: str, entities: dict[str, Entity]) -> None:
    block = re.search(r"<REFERENCE_NUMBER>CDi.042</REFERENCE_NUMBER>.*?</INDIVIDUAL>", raw, re.S)
    assert block is not None
    years = re.findall(r"<(?:YEAR|FROM_YEAR|TO_YEAR)>(\d{4})<", block.group(0))
    got = entities["un_sc_sanctions:CDi.042"].get("birthDate")
    assert set(years) <= set(got)


def test_truncated_gzip_refused(tmp_path: Path) -> None:
    cut = tmp_path / "un.xml.gz"
    cut.write_bytes(UN_GZ.read_bytes()[:50_000])
    with pytest.raises(FormatError, match=r"un\.xml\.gz: truncated or corrupt gzip"):
        un_xml.read(cut)


def test_truncated_xml_refused(tmp_path: Path, raw: str) -> None:
    cut = tmp_path / "un.xml"
    cut.write_text(raw[: len(raw) // 2], encoding="utf-8")
    with pytest.raises(FormatError, match=r"un\.xml: malformed or truncated UN list XML at line"):
        un_xml.read(cut)


def test_other_xml_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.xml"
    other.write_text("<?xml version='1.0'?><export/>", encoding="utf-8")
    with pytest.raises(FormatError, match="not a UN consolidated list"):
        un_xml.read(other)


def test_sniff(raw: str) -> None:
    assert un_xml.sniff(raw[:2000].encode())
    assert not un_xml.sniff(b"Last Updated,27/04/2020\n")
    assert not un_xml.sniff(b'{"id": "x", "schema": "Person"}')
