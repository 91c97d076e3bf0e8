"""The OFAC remarks parser on real remarks texts (copied from the 2024-05-03 sdn.csv)."""

from __future__ import annotations

import pytest

from wakewatch.sanctions.remarks import country_code, parse_dob, parse_remarks

ARTAVIL = ("Former Vessel Flag Malta; alt. Former Vessel Flag Tuvalu; alt. Former Vessel Flag "
           "None Identified; alt. Former Vessel Flag Tanzania; Additional Sanctions Information"
           " - Subject to Secondary Sanctions; Vessel Registration Identification IMO 9187629; "
           "MMSI 572469210; f.k.a. 'ALPHA'; Linked To: NATIONAL IRANIAN TANKER COMPANY.")
EBANO = "Vessel Registration Identification IMO 7406784; f.k.a. 'ANA I'; f.k.a. 'SAND SWAN'."
MEKHANIK_BRILIN = ("Vessel Registration Identification IMO  8904408; Linked To: JOINT STOCK "
                   "COMPANY NORTHERN SHIPPING COMPANY.")
ABBAS = "DOB 10 Dec 1948; Director of PALESTINE LIBERATION FRONT - ABU ABBAS FACTION."
BNC = "a.k.a. 'BNC'."


def test_vessel_remarks() -> None:
    props = parse_remarks(ARTAVIL)
    assert props["imoNumber"] == ("9187629",)
    assert props["mmsi"] == ("572469210",)
    assert props["pastFlags"] == ("MT", "TV", "TZ")  # "None Identified" is no value
    assert props["previousName"] == ("ALPHA",)
    assert "flag" not in props and "alias" not in props


def test_former_names_in_order() -> None:
    assert parse_remarks(EBANO) == {"imoNumber": ("7406784",),
                                    "previousName": ("ANA I", "SAND SWAN")}


def test_imo_after_two_spaces() -> None:
    assert parse_remarks(MEKHANIK_BRILIN)["imoNumber"] == ("8904408",)


def test_person_and_alias() -> None:
    assert parse_remarks(ABBAS) == {"birthDate": ("1948-12-10",)}
    assert parse_remarks(BNC) == {"alias": ("BNC",)}


def test_alias_with_apostrophes_and_nationality() -> None:
    props = parse_remarks("DOB 1961; alt. DOB circa 1963; nationality Korea, North; "
                          "a.k.a. 'ABD AL-'AZIZ'; n.k.a. 'NEW NAME'; Vessel Flag Panama.")
    assert props == {"birthDate": ("1961", "1963"), "nationality": ("KP",),
                     "alias": ("ABD AL-'AZIZ", "NEW NAME"), "flag": ("PA",)}


@pytest.mark.parametrize(("text", "iso"), [
    ("10 Dec 1948", "1948-12-10"), ("Dec 1948", "1948-12"), ("1948", "1948"),
    ("circa 1948", "1948"), ("1948 to 1950", "1948"), ("unknown", None)])
def test_parse_dob(text: str, iso: str | None) -> None:
    assert parse_dob(text) == iso


def test_country_code() -> None:
    assert country_code("Russia") == "RU"
    assert country_code("Malta") == "MT"
    assert country_code("Atlantis") == "Atlantis"
    assert country_code("None Identified") is None


def test_no_known_clause() -> None:
    assert parse_remarks("Linked To: SOMEONE; Secondary sanctions risk: section 1.") == {}
