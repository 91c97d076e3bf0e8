"""geo.destinations: AIS destination text -> gazetteer port.

The REAL table holds destination texts seen in the real AIS files of
../shared/data/real (AMSA, DMA, MarineCadastre, AISHub: ``SELECT destination, count(*) FROM
statics``), each with the port's UN/LOCODE checked by hand (the gazetteer may hold a harbour
under a second code: Shanghai CNSHA/CNSGH, Xiamen CNXMN/CNXMG, so the check is
:func:`same_port`)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.geo.destinations import (
    PLACEHOLDERS,
    canonical_locode,
    parse_destination,
    parse_destinations,
    same_port,
)

REAL = {
    "ROTTERDAM": "NLRTM", "ANTWERPEN": "BEANR", "ANTWERP": "BEANR", "GLADSTONE": "AUGLT",
    "DARWIN": "AUDRW", "FREMANTLE": "AUFRE", "BREMERHAVEN": "DEBRV",
    "PORT HEDLAND": "AUPHE", "BRISBANE": "AUBNE", "DAMPIER": "AUDAM",
    "NEW ORLEANS": "USMSY", "GDYNIA": "PLGDY", "PIRAEUS": "GRPIR", "MELBOURNE": "AUMEL",
    "TIAN JIN": "CNTSN", "TIANJIN": "CNTSN", "TOWNSVILLE": "AUTSV", "AMSTERDAM": "NLAMS",
    "GDANSK": "PLGDN", "AU GLT": "AUGLT", "LAS PALMAS": "ESLPA", "HAMBURG": "DEHAM",
    "PORT MORESBY": "PGPOM", "LIVORNO": "ITLIV", "LE HAVRE": "FRLEH", "HOUSTON": "USHOU",
    "RIO DE JANEIRO": "BRRIO", "DURBAN": "ZADUR", "SZCZECIN": "PLSZZ", "JP YOK": "JPYOK",
    "SINGAPORE": "SGSIN", "INCHON": "KRINC", "SEATTLE": "USSEA", "ALGECIRAS": "ESALG",
    "STOCKHOLM": "SESTO", "XIAMEN": "CNXMN", "ZEEBRUGGE": "BEZEE", "AU BNE": "AUBNE",
    ">JP YOK OS": "JPYOK", "JP YOK D": "JPYOK", "AUPHE": "AUPHE", "AU NTL": "AUNTL",
    "GOTHENBURG": "SEGOT", "COPENHAGEN": "DKCPH", "ROTTERDOM": "NLRTM",
    "LIAN YUN GUANG": "CNLYG", "NOVOROSYSK": "RUNVS", "QUINGDAO,CHINA": "CNTAO",
    "OPL LIMASOL": "CYLMS", "TOWMSVILLE": "AUTSV", "NEW OREANS": "USMSY",
    "ST.PTERSBURG": "RULED", "LAE": "PGLAE",
}

NAMED = {  # the brief's spellings and the simulator's (sim.identities.PORTS)
    "PT SAID": "EGPSD", "EG PSD": "EGPSD", "EGPSD": "EGPSD", "PORTSAID": "EGPSD",
    "PORT SAID EG": "EGPSD", "P SAID": "EGPSD", "PSD": "EGPSD",
    "ALEXANDRIA>>": "EGALY", "ALEXANDRIA EGYPT": "EGALY", "ALEX": "EGALY",
    "> JEDDAH": "SAJED", "JEDDAH OPL": "SAJED", "JIDDAH": "SAJED", "JEDDA": "SAJED",
    "SA JED>>": "SAJED", "SG SIN>CN SHA": "CNSHA", "RU VVO": "RUVVO", "VVO": "RUVVO",
    "VOSTOCHNY": "RUVYP", "VOSTOCHNIY": "RUVYP", "PORT VOSTOCHNY": "RUVYP",
    "NAKHODKA": "RUNJK", "NAHODKA": "RUNJK", "NAKHODKA RUS": "RUNJK",
    "RAJIN": "KPRJN", "NAJIN": "KPRJN", "RASON": "KPRJN", "RAJIN DPRK": "KPRJN",
    "KPNJN": "KPRJN", "BUSAN ANCH": "KRPUS", "PUSAN": "KRPUS", "SHANGHAI CHINA": "CNSHA",
    "LATTAKIA": "SYLTK", "TARTOUS": "SYTTS",
}

NOT_PORTS = ["FOR ORDERS", "FOR ORDER", "TBA", "TBN", "@@@@", "", "   ", "ORDERS",
             "FISHING", "SEA", "CLASS B", "HOME", "FISHING GROUNDS", "0000", ">>", "OS", "D",
             "P", "U", "B"]


@pytest.mark.parametrize(("text", "locode"), sorted({**REAL, **NAMED}.items()))
def test_spelling_resolves_to_its_port(text: str, locode: str) -> None:
    got = parse_destination(text)
    assert got.port_locode is not None, got
    assert same_port(got.port_locode, locode), (text, got)
    assert 0.5 <= got.confidence <= 1.0 and got.raw == text


@pytest.mark.parametrize("text", NOT_PORTS)
def test_placeholders_and_fragments_are_not_ports(text: str) -> None:
    got = parse_destination(text)
    assert (got.port_locode, got.port_name, got.confidence) == (None, None, 0.0)
    assert got.method in ("empty", "placeholder", "unresolved") and got.reason


def test_none_is_no_destination() -> None:
    assert parse_destination(None).method == "empty"


def test_route_takes_the_last_port() -> None:
    assert parse_destination("CN SHA>SG SIN").port_locode == "SGSIN"
    assert parse_destination("ROTTERDAM>FOR ORDERS").port_locode is None


def test_country_word_picks_among_namesakes() -> None:
    assert parse_destination("ALEXANDRIA EGYPT").confidence > parse_destination(
        "ALEXANDRIA").confidence
    au = parse_destination("NEWCASTLE AUS")
    assert au.port_locode is not None and au.port_locode.startswith("AU")


def test_canonical_and_same_port() -> None:
    assert canonical_locode("KP NJN") == "KPRJN" and canonical_locode("XX") is None
    assert same_port("CNSHA", "CNSGH")       # one harbour, two gazetteer rows, 20 km
    assert not same_port("RUNJK", "RUVYP")   # Nakhodka and Vostochny: 17 km, two ports
    assert not same_port("EGPSD", "SAJED")


def test_the_real_file_texts_parse_and_the_frame_has_one_row_per_text() -> None:
    texts = pl.Series("destination", [*REAL, *REAL, None, "FOR ORDERS"])
    df = parse_destinations(texts)
    assert df.height == len(REAL) + 2
    assert df.filter(pl.col("port_locode").is_null()).height == 2


@settings(max_examples=50)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 >@.,-/", max_size=20))
def test_any_text_gives_a_consistent_parse(text: str) -> None:
    got = parse_destination(text)
    assert 0.0 <= got.confidence <= 1.0
    assert (got.port_locode is None) == (got.confidence == 0.0)
    assert got.port_locode is None or canonical_locode(got.port_locode) == got.port_locode


@settings(max_examples=50)
@given(st.sampled_from(sorted(PLACEHOLDERS)), st.sampled_from(["", " ", ">", "@@"]))
def test_placeholders_stay_placeholders_with_decoration(word: str, deco: str) -> None:
    assert parse_destination(deco + word + deco).port_locode is None
