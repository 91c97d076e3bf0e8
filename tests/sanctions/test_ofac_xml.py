"""The OFAC sdn.xml reader on the format sample and on a small vessel entry."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from wakewatch.errors import FormatError
from wakewatch.sanctions.ofac_xml import read

SAMPLE = (Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
          / "format-samples" / "ofac_sdn_excerpt.xml")
VESSEL_XML = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="http://tempuri.org/sdnList.xsd">
  <publshInformation><Publish_Date>05/03/2024</Publish_Date></publshInformation>
  <sdnEntry>
    <uid>15036</uid><lastName>ARTAVIL</lastName><sdnType>Vessel</sdnType>
    <programList><program>IRAN</program><program>SDGT</program></programList>
    <idList>
      <id><uid>1</uid><idType>Vessel Registration Identification</idType>
          <idNumber>IMO 9187629</idNumber></id>
      <id><uid>2</uid><idType>MMSI</idType><idNumber>572469210</idNumber></id>
    </idList>
    <akaList><aka><uid>3</uid><type>f.k.a.</type><category>strong</category>
      <lastName>ALPHA</lastName></aka></akaList>
    <vesselInfo><callSign>T2EU4</callSign><vesselType>Crude Oil Tanker</vesselType>
      <vesselFlag>Iran</vesselFlag><tonnage>99144</tonnage>
      <grossRegisteredTonnage>56068</grossRegisteredTonnage></vesselInfo>
  </sdnEntry>
</sdnList>
"""
needs_sample = pytest.mark.skipif(not SAMPLE.exists(), reason="format sample not present")


@needs_sample
def test_sample_counts() -> None:
    text = SAMPLE.read_text("utf-8")
    types = Counter(re.findall(r"<sdnType>(\w+)</sdnType>", text))
    info, entities = read(SAMPLE)
    assert len(entities) == text.count("<sdnEntry>") == 8
    assert Counter(e.schema for e in entities)["Person"] == types["Individual"]
    assert sum(e.schema in ("Company", "Organization") for e in entities) == types["Entity"]
    assert info.published == date(2020, 4, 22) and info.format == "ofac_xml"
    names = sum(len(e.get("alias")) + len(e.get("weakAlias")) + len(e.get("previousName"))
                for e in entities)
    assert names == text.count("<aka>")


@needs_sample
def test_sample_person() -> None:
    _, entities = read(SAMPLE)
    saeed = next(e for e in entities if e.id == "us_ofac_sdn:10689")
    assert saeed.caption == "Muhammad SAEED"
    assert saeed.get("program") == ("SDGT",)
    assert "HAFIZ SAHIB" in saeed.get("weakAlias")
    assert "Hafiz Muhammad SAEED" in saeed.get("alias")


def test_vessel_entry(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(VESSEL_XML, "utf-8")
    info, (vessel,) = read(path)
    assert info.published == date(2024, 5, 3)
    assert vessel.schema == "Vessel" and vessel.caption == "ARTAVIL"
    assert vessel.get("imoNumber") == ("9187629",) and vessel.get("mmsi") == ("572469210",)
    assert vessel.get("program") == ("IRAN", "SDGT")
    assert vessel.get("previousName") == ("ALPHA",)
    assert vessel.get("flag") == ("IR",) and vessel.get("callSign") == ("T2EU4",)
    assert vessel.get("grossRegisteredTonnage") == ("56068",)


def test_truncated_xml_refused(tmp_path: Path) -> None:
    path = tmp_path / "sdn.xml"
    path.write_text(VESSEL_XML[: len(VESSEL_XML) // 2], "utf-8")
    with pytest.raises(FormatError, match="truncated XML"):
        read(path)
