"""FollowTheMoney JSON lines reader, on a small fixture in the FtM entity shape."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from wakewatch.errors import FormatError
from wakewatch.sanctions import ftm_json

FTM = Path(__file__).parent / "fixtures" / "ftm_sample.jsonl"


def test_parties_kept_other_schemata_skipped() -> None:
    info, ents = ftm_json.read(FTM)
    assert (info.dataset, info.format, info.published) == ("ftm", "ftm_json", None)
    lines = [json.loads(x) for x in FTM.read_text(encoding="utf-8").splitlines() if x.strip()]
    parties = [x["id"] for x in lines if x["schema"] in ("Vessel", "Person", "Company")]
    assert [e.id for e in ents] == [f"ftm:{i}" for i in parties]
    assert [e.schema for e in ents] == ["Vessel", "Person", "Company"]


def test_properties_mapped() -> None:
    _, ents = ftm_json.read(FTM)
    vessel, person, company = ents
    assert vessel.caption == "RICH GLORY"
    assert vessel.get("imoNumber") == ("8916293",)
    assert vessel.get("mmsi") == ("445123000",)
    assert vessel.get("previousName") == ("KUM UN SAN 3",)
    assert vessel.get("program") == ("DPRK3",)
    assert "topics" not in vessel.properties
    assert person.get("alias") == ("김철남",)
    assert person.get("birthDate") == ("1961-04",)
    assert person.get("program") == ()  # datasets are source lists, not programs
    assert company.get("alias") == ("KOMID",)  # the empty alias is dropped


def test_gzipped_reads_the_same(tmp_path: Path) -> None:
    gz = tmp_path / "ftm.jsonl.gz"
    gz.write_bytes(gzip.compress(FTM.read_bytes()))
    assert ftm_json.read(gz)[1] == ftm_json.read(FTM)[1]


def test_truncated_line_refused(tmp_path: Path) -> None:
    data = FTM.read_text(encoding="utf-8").splitlines()
    cut = tmp_path / "cut.jsonl"
    cut.write_text("\n".join([*data[:2], data[2][:40]]), encoding="utf-8")
    with pytest.raises(FormatError, match=r"cut\.jsonl: line 3: not JSON"):
        ftm_json.read(cut)


def test_not_an_entity_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "schema": "Person", "properties": {"name": "KIM"}}\n',
                   encoding="utf-8")
    with pytest.raises(FormatError, match=r"bad\.jsonl: line 1: properties must map"):
        ftm_json.read(bad)


def test_sniff() -> None:
    assert ftm_json.sniff(FTM.read_bytes()[:300])
    assert not ftm_json.sniff(b"<?xml version='1.0'?>")
    assert not ftm_json.sniff(b"Last Updated,27/04/2020\n")
