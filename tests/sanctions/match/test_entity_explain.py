"""Qualifiers and explanations (wakewatch.sanctions.match.explain) and scorer invariants on
small hand-made entities."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.match.entity import Query, listed, prepare, score_entity
from wakewatch.sanctions.match.explain import (
    countries,
    country_qualifier,
    dob_qualifier,
    flag_qualifier,
)

_DATES = st.dates().map(lambda d: d.isoformat()) | st.integers(1900, 2020).map(str)


def test_countries_map_names_and_codes() -> None:
    assert countries(["KP", "Korea, North", "DPRK"]) == {"kp"}
    assert countries(["Russia", "ru", " RU "]) == {"ru"}
    assert countries(["Atlantis Republic"]) == {"atlantis republic"}


def test_country_and_flag_qualifiers() -> None:
    assert country_qualifier(frozenset({"kp"}), ("Korea, North",)) is None
    assert country_qualifier(frozenset(), ("RU",)) is None
    assert country_qualifier(frozenset({"kp"}), ()) is None
    miss = country_qualifier(frozenset({"ir"}), ("RU",))
    assert miss is not None and miss.score == pytest.approx(-0.20)
    assert flag_qualifier(frozenset({"ru"}), ("KP", "RU")) is None  # a past flag
    flag = flag_qualifier(frozenset({"pa"}), ("KP",))
    assert flag is not None and flag.feature == "flag_mismatch"


@settings(max_examples=50)
@given(a=st.lists(_DATES, min_size=1, max_size=3), b=st.lists(_DATES, min_size=1, max_size=3))
def test_dob_qualifier_is_symmetric_and_bounded(a: list[str], b: list[str]) -> None:
    ab, ba = dob_qualifier(a, b), dob_qualifier(b, a)
    assert (ab is None) == (ba is None)
    if ab is not None and ba is not None:
        assert ab.feature == ba.feature and -0.25 <= ab.score < 0
    if set(a) & set(b):
        assert ab is None


_NAMES = st.sampled_from(["LADY R", "ANGARA", "MAIA 1", "CHONG CHON GANG", "SEA STAR",
                          "WAN HENG 11", "OCEAN GLORY"])
_IMOS = st.sampled_from(["9179842", "7937317", "9074729", "7937318", "123"])


@settings(max_examples=50)
@given(qname=_NAMES, ename=_NAMES, qimo=st.none() | _IMOS, eimo=st.none() | _IMOS,
       flag=st.none() | st.sampled_from(["KP", "RU", "PA"]))
def test_vessel_scores_bounded_and_identifiers_dominate(
        qname: str, ename: str, qimo: str | None, eimo: str | None, flag: str | None) -> None:
    e = Entity("x:1", "Vessel", "ftm", {"name": (ename,), "flag": ("KP",),
                                         **({"imoNumber": (eimo,)} if eimo else {})})
    r = score_entity(prepare(Query.build("Vessel", name=qname, imoNumber=qimo, flag=flag)),
                     listed(e), threshold=0.7)
    assert r is not None and 0.0 <= r.score <= 1.0 and r.match is (r.score >= 0.7)
    valid = {"9179842", "7937317", "9074729"}
    if qimo is not None and qimo == eimo and qimo in valid:
        assert r.score >= 0.95 and "imo_match" in r.features
    if qimo is not None and qimo not in valid:
        assert "imo_match" not in r.features
        assert any(x.feature == "imo_invalid" for x in r.explanations)
    if qname == ename and not (qimo in valid and eimo in valid and qimo != eimo):
        assert r.score >= 0.9  # the same name, at most a flag mismatch off
