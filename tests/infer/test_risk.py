"""Indicators and the combined risk on synthetic events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.events import Event
from wakewatch.infer.indicators import PRACTICES, Indicator, vessel_indicators
from wakewatch.infer.risk import combine, practice_scores, weights

T0 = datetime(2023, 9, 1, tzinfo=UTC)


def ev(kind: str, mmsi: int = 273000001, h: float = 0.0, dur: float = 10.0,
       score: float | None = 1.0, other: int | None = None, **evidence: Any) -> Event:
    return Event(kind=kind, mmsi=mmsi, start=T0 + timedelta(hours=h),
                 end=T0 + timedelta(hours=h + dur), other_mmsi=other,
                 event_id=f"{kind}:{mmsi}:{h}", lat=41.95, lon=131.24, score=score,
                 evidence=evidence)


def ind(events: list[Event], mmsi: int = 273000001) -> list[Indicator]:
    return vessel_indicators(mmsi, events, [], [], [], [], weights())


def test_intentional_gap_counts_and_unintentional_does_not() -> None:
    hit = ind([ev("gap", duration_h=41.2, intentional=True, off={"lat": 41.95, "lon": 131.24})])
    assert [(i.practice, i.indicator) for i in hit] == [("ais_manipulation", "intentional_gap")]
    assert "41.2 h" in hit[0].detail and "42.0N 131.2E" in hit[0].detail
    assert ind([ev("gap", score=0.1, duration_h=7.0, intentional=False)]) == []


def test_forged_imo_identity_and_flag_changes_go_to_their_practices() -> None:
    got = ind([ev("invalid_imo", score=0.7, reason="bad_check_digit", imo=9547156),
               ev("identity_change", score=0.65, changed={"name": ["A", "B"]}),
               ev("identity_change", h=50, score=0.5, changed={"flag": ["RU", "KP"]})])
    pairs = {(i.practice, i.indicator) for i in got}
    assert pairs == {("identity_alteration", "forged_imo"),
                     ("identity_alteration", "identity_change"), ("false_flags", "flag_change")}
    assert "9547156" in next(i.detail for i in got if i.indicator == "forged_imo")


def test_exact_imo_sanctions_hit_scores_one_and_names_the_list() -> None:
    got = ind([ev("sanctions_hit", score=0.95, entity_id="ofac-17069", dataset="us_ofac_sdn",
                  caption="CHONG CHON GANG", schema="Vessel", programs=["DPRK3"],
                  matched=[{"feature": "imo_match", "points": 0.95}],
                  identity={"imo": 7937317})])
    assert len(got) == 1 and got[0].practice == "sanctions_exposure"
    assert got[0].score == 1.0 and got[0].entity_ids == ("ofac-17069",)
    assert "IMO 7937317" in got[0].detail and "DPRK3" in got[0].detail
    linked = ind([ev("sanctions_hit", score=0.8, entity_id="x", dataset="d", caption="OWNER",
                     schema="Company")])
    assert [i.practice for i in linked] == ["complex_ownership"]


def test_encounter_with_a_north_korean_vessel_is_its_own_indicator() -> None:
    got = ind([ev("encounter", score=0.9, other=445000001, duration_h=5.2)])
    assert [i.indicator for i in got] == ["encounter_dprk"]
    got = ind([ev("encounter", score=0.9, other=431000001, duration_h=5.2)])
    assert [i.indicator for i in got] == ["encounter"]


def test_one_practice_repeated_does_not_add_up() -> None:
    one = ind([ev("loitering", duration_h=6.0, shore_distance_nm=30.0)])
    many = ind([ev("loitering", h=24.0 * k, duration_h=6.0, shore_distance_nm=30.0)
                for k in range(10)])
    assert combine(one) == combine(many)
    assert len(many[0].event_ids) == 10


def test_independent_practices_combine_as_noisy_or() -> None:
    a = Indicator("ais_manipulation", "intentional_gap", 1.0, 0.45, "")
    b = Indicator("identity_alteration", "forged_imo", 1.0, 0.45, "")
    assert combine([a, b]) == round(1 - 0.55 * 0.55, 4)
    assert practice_scores([a, b]) == {"ais_manipulation": 0.45, "identity_alteration": 0.45}
    assert combine([]) == 0.0


_indicators = st.lists(st.builds(
    Indicator, st.sampled_from(PRACTICES), st.just("x"),
    st.floats(0, 1), st.floats(0, 1), st.just("")), max_size=12)


@settings(max_examples=50)
@given(_indicators, _indicators)
def test_risk_is_a_probability_and_monotone(a: list[Indicator], b: list[Indicator]) -> None:
    r = combine(a)
    assert 0.0 <= r <= 1.0
    assert combine(a + b) >= r - 1e-9
    assert r >= max((i.weight * i.score for i in a), default=0.0) - 1e-4


def test_a_name_only_sanctions_hit_does_not_alert_alone() -> None:
    got = ind([ev("sanctions_hit", score=0.9, entity_id="ofac-1", dataset="us_ofac_sdn",
                  caption="ANGARA", schema="Vessel", programs=["RUSSIA-EO14024"],
                  matched=[{"feature": "name_match", "points": 0.9}],
                  identity={"name": "ANGARA"})])
    assert len(got) == 1 and got[0].score == 0.9 * 0.6
    assert "name ANGARA" in got[0].detail
    assert combine(got) < 0.7
