"""The candidate index (wakewatch.sanctions.match.index) on the real OFAC 2024 list."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.sanctions.entity import Entity
from wakewatch.sanctions.load import read_list
from wakewatch.sanctions.match.entity import Query, compatible, prepare
from wakewatch.sanctions.match.index import CANDIDATES, CandidateIndex, entity_keys

REAL = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "real" / "sanctions"
SDN = REAL / "ofac_sdn_2024-05-03.csv.gz"
pytestmark = pytest.mark.skipif(not SDN.exists(), reason="real OFAC list not present")


@pytest.fixture(scope="module")
def index() -> CandidateIndex:
    return CandidateIndex(read_list(SDN)[1])


def ids(index: CandidateIndex, query: Query, limit: int = CANDIDATES) -> list[str]:
    return [index.items[i].entity.id for i in index.candidates(prepare(query), limit)]


def test_identifier_candidates_come_first(index: CandidateIndex) -> None:
    got = ids(index, Query.build("Vessel", name="KIM", imoNumber="7937317"))
    assert got[0] == "us_ofac_sdn:17069"
    assert len(got) <= CANDIDATES + 1


def test_candidates_capped_and_schema_filtered(index: CandidateIndex) -> None:
    for schema, name in (("Person", "Kim Chol"), ("Vessel", "Ocean Star"),
                         ("Company", "Kim Trading Company"), ("Thing", "Kim Star")):
        got = index.candidates(prepare(Query.build(schema, name=name)), 20)
        assert 0 < len(got) <= 20
        assert all(compatible(schema, index.items[i].entity.schema) for i in got)


def test_rare_keys_weigh_more(index: CandidateIndex) -> None:
    kim = index.idf["kim"]
    rare = max(index.idf[k] for k in entity_keys(
        next(i for i in index.items if i.entity.id == "us_ofac_sdn:17069")))
    assert rare > kim > 0
    w = index.weights({"kim"})
    assert np.count_nonzero(w) == len(index.postings["kim"])


def test_empty_and_unknown() -> None:
    empty = CandidateIndex([])
    assert empty.candidates(prepare(Query.build("Person", name="Kim Jong Un"))) == []
    one = CandidateIndex([Entity("x:1", "Vessel", "ftm", {"name": ("LADY R",)})])
    assert one.candidates(prepare(Query.build("Person", name="Zzyzx"))) == []
    assert one.candidates(prepare(Query.build("Vessel", name="Lady R"))) == [0]


@settings(max_examples=50)
@given(data=st.data())
def test_every_listed_name_retrieves_its_entity(index: CandidateIndex,
                                                data: st.DataObject) -> None:
    # Candidate recall on exact list names: the entity always reaches the scorer.
    item = data.draw(st.sampled_from(index.items))
    e = item.entity
    names = [n for p in ("name", "alias", "previousName") for n in e.get(p)]
    name = data.draw(st.sampled_from(names))
    assert e.id in ids(index, Query.build(e.schema, name=name))
