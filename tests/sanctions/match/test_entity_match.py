"""The entity matcher (wakewatch.sanctions.match.entity / engine) on the real lists:
OFAC SDN 2024-05-03 (CSV) and the UN consolidated list 2026-02-27 (XML)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.load import read_list
from wakewatch.sanctions.match.engine import Matcher, match_queries, result_to_json
from wakewatch.sanctions.match.entity import (
    ALGORITHM,
    DEFAULT_THRESHOLD,
    Query,
    QueryError,
    compatible,
    listed,
    prepare,
    score_entity,
)

REAL = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "real" / "sanctions"
FILES = (REAL / "ofac_sdn_2024-05-03.csv.gz", REAL / "un_consolidated_2026-02-27.xml.gz")
pytestmark = pytest.mark.skipif(not all(f.exists() for f in FILES),
                                reason="real sanctions lists not present")
CHONG_CHON_GANG = "us_ofac_sdn:17069"  # vessel, DPRK, IMO 7937317
KIM_JONG_UN = "us_ofac_sdn:20157"


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    entities: list[Entity] = []
    for f in FILES:
        entities += read_list(f)[1]
    return Matcher(entities)


def features(r: object) -> list[str]:
    return [x.feature for x in r.explanations]  # type: ignore[attr-defined]


def test_imo_finds_chong_chon_gang(matcher: Matcher) -> None:
    (top, *_) = matcher.match(Query.build("Vessel", imoNumber="7937317"))
    assert top.entity.id == CHONG_CHON_GANG and top.match and top.score == pytest.approx(0.95)
    assert features(top) == ["imo_match"] and top.algorithm == ALGORITHM


def test_renamed_vessel_found_by_imo(matcher: Matcher) -> None:
    found = matcher.match(Query.build("Vessel", name="OCEAN STAR 7", imoNumber="IMO 7937317"))
    assert found[0].entity.id == CHONG_CHON_GANG and found[0].match
    assert found[0].score >= 0.95


def test_bad_check_digit_imo_not_used(matcher: Matcher) -> None:
    # 7937318 fails the check digit (7937317 is valid): never an identifier match.
    alone = matcher.match(Query.build("Vessel", imoNumber="7937318"))
    assert not any(r.match for r in alone)
    named = matcher.match(Query.build("Vessel", name="CHONG CHON GANG", imoNumber="7937318"))
    top = named[0]
    assert top.entity.id == CHONG_CHON_GANG and "imo_match" not in top.features
    assert "imo_invalid" in features(top) and "imo_conflict" not in features(top)


def test_name_with_conflicting_imo_is_suspicious_not_cleared(matcher: Matcher) -> None:
    # 9179842 is valid and listed for ANGARA: the ANGARA hit is by IMO, and CHONG CHON GANG
    # still matches by name with the conflict explained and a penalty.
    found = {r.entity.id: r for r in matcher.match(
        Query.build("Vessel", name="CHONG CHON GANG", imoNumber="9179842"))}
    ccg = found[CHONG_CHON_GANG]
    assert ccg.match and "imo_conflict" in features(ccg)
    assert ccg.score == pytest.approx(found[CHONG_CHON_GANG].features["name_match"] - 0.10)
    assert any(r.entity.caption == "ANGARA" and "imo_match" in r.features
               for r in found.values())


def test_mmsi_match(matcher: Matcher) -> None:
    item = next(i for i in matcher.index.items if i.mmsis)
    mmsi = next(iter(item.mmsis))
    top = matcher.match(Query.build("Vessel", mmsi=mmsi))[0]
    assert mmsi in top.entity.get("mmsi") or mmsi in {m.lstrip("0") for m in top.entity.get("mmsi")}
    assert top.features["mmsi_match"] == pytest.approx(0.90)


@pytest.mark.parametrize("name", ["김정은", "KIM JONG-UN", "Kim Jong Un"])
def test_korean_spellings_find_kim_jong_un(matcher: Matcher, name: str) -> None:
    top = matcher.match(Query.build("Person", name=name))[0]
    assert top.entity.id == KIM_JONG_UN and top.match


def test_cyrillic_query_finds_romanised_entry(matcher: Matcher) -> None:
    top = matcher.match(Query.build("Person", name="Путин Владимир Владимирович"))[0]
    assert top.entity.caption == "PUTIN, Vladimir Vladimirovich" and top.match


def test_schema_incompatible_never_matches(matcher: Matcher) -> None:
    assert not compatible("Person", "Vessel") and compatible("Company", "Organization")
    for r in matcher.match(Query.build("Person", name="CHONG CHON GANG"), limit=20):
        assert r.entity.schema in ("Person", "LegalEntity")
    vessel = next(i for i in matcher.index.items if i.entity.id == CHONG_CHON_GANG)
    assert score_entity(prepare(Query.build("Person", name="CHONG CHON GANG")), vessel) is None


def test_country_and_birth_date_penalties(matcher: Matcher) -> None:
    base = matcher.match(Query.build("Person", name="Vladimir Vladimirovich Putin"))[0]
    ru = matcher.match(Query.build("Person", name="Vladimir Vladimirovich Putin",
                                   nationality="Russia"))[0]
    kp = matcher.match(Query.build("Person", name="Vladimir Vladimirovich Putin",
                                   nationality="KP"))[0]
    assert base.match and ru.score == base.score and "country_mismatch" not in features(ru)
    assert kp.score == pytest.approx(base.score - 0.2) and "country_mismatch" in features(kp)
    dob = {d: matcher.match(Query.build("Person", name="Kim Jong Un", birthDate=d))[0]
           for d in ("1984-01-08", "1990", "1984-02-02", "1984-08-01")}
    assert dob["1984-01-08"].score == 1.0
    assert dob["1990"].score == pytest.approx(0.85)
    assert dob["1984-02-02"].score == pytest.approx(0.75)
    assert dob["1984-08-01"].score == pytest.approx(0.875)  # day and month swapped


def test_weak_alias_counts_less() -> None:
    e = Entity("x:1", "Person", "ftm", {"name": ("Abu Bakr al-Baghdadi",),
                                         "weakAlias": ("Abu Dua",)})
    strong = score_entity(prepare(Query.build("Person", name="Abu Bakr al-Baghdadi")), listed(e))
    weak = score_entity(prepare(Query.build("Person", name="Abu Dua")), listed(e))
    assert strong is not None and weak is not None
    assert strong.score == 1.0 and weak.score == pytest.approx(0.8)
    assert weak.match is (DEFAULT_THRESHOLD <= 0.8)


def test_acronym_company(matcher: Matcher) -> None:
    top = matcher.match(Query.build("Company", name="KOMID"))[0]
    assert top.entity.caption == "KOREA MINING DEVELOPMENT TRADING CORPORATION" and top.match


def test_query_from_json() -> None:
    assert Query.from_json("LADY R") == Query.build("Thing", name="LADY R")
    q = Query.from_json({"schema": "Vessel", "properties": {"name": ["ANGARA"],
                                                            "imoNumber": "9179842"}})
    assert q.schema == "Vessel" and q.get("imoNumber") == ("9179842",)
    for bad in ("", 3, {"schema": "Spaceship", "properties": {}}, {"properties": []}):
        with pytest.raises(QueryError):
            Query.from_json(bad)


def test_match_queries_and_yente_shape(matcher: Matcher) -> None:
    out = match_queries(matcher, {"a": Query.build("Vessel", imoNumber="7937317"),
                                  "b": Query.build("Person", name="Zzyzx Qwertyuiop")})
    assert set(out) == {"a", "b"} and not any(r.match for r in out["b"])
    doc = result_to_json(out["a"][0])
    assert set(doc) >= {"id", "caption", "schema", "properties", "datasets", "score", "match",
                        "features", "explanations"}
    assert doc["datasets"] == ["us_ofac_sdn"] and doc["properties"]["imoNumber"] == ["7937317"]
    assert doc["explanations"][0]["feature"] == "imo_match"


_WORDS = st.sampled_from(["kim", "jong", "un", "chong", "chon", "gang", "trading", "co",
                          "vladimir", "ali", "hassan", "ocean", "star", "7", "ltd", "ri"])


@settings(max_examples=50)
@given(words=st.lists(_WORDS, min_size=1, max_size=4),
       schema=st.sampled_from(["Thing", "Vessel", "Person", "Company"]),
       threshold=st.floats(0.3, 1.0))
def test_scores_bounded_sorted_and_match_is_threshold(matcher: Matcher, words: list[str],
                                                      schema: str, threshold: float) -> None:
    found = matcher.match(Query.build(schema, name=" ".join(words)), threshold=threshold,
                          limit=10)
    assert len(found) <= 10
    scores = [r.score for r in found]
    assert scores == sorted(scores, reverse=True)
    for r in found:
        assert 0.0 < r.score <= 1.0 and r.match is (r.score >= threshold)
        assert compatible(schema, r.entity.schema)
