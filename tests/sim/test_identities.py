"""Simulated identities: valid where they should be, invalid where asked, deterministic."""

from __future__ import annotations

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from wakewatch.identity.imo import imo_check_digit_ok
from wakewatch.identity.mid import flag_info, flag_table, is_default_mmsi, mmsi_kind
from wakewatch.sim.identities import (
    PORTS,
    callsign,
    destination_text,
    draught_range,
    imo_number,
    invalid_imo,
    listed_imos,
    mids_of,
    mmsi_for_flag,
    ship_name,
    vessel_identity,
)

SEEDS = st.integers(0, 2**32 - 1)
FLAGS = sorted({f.iso2 for f in flag_table().values() if f.iso2})
CASE_FLAGS = ["KP", "RU", "CN", "KR", "EG", "SA", "SY", "PA", "LR", "MH", "KM", "SL", "TG",
              "MN", "KH", "FJ", "HK", "MT", "CM", "VN"]
AIS_TEXT = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !\"#$%&'()*+,-./:;<=>?[\\]^_")


@given(SEEDS)
def test_imo_numbers_pass_the_check_digit_and_the_invalid_helper_fails_it(seed: int) -> None:
    rng = random.Random(seed)
    imo = imo_number(rng)
    assert 7_000_000 <= imo <= 9_999_999
    assert imo_check_digit_ok(imo)
    bad = invalid_imo(imo, rng)
    assert bad // 10 == imo // 10 and bad != imo
    assert not imo_check_digit_ok(bad)


def test_drawn_imo_numbers_are_never_on_the_bundled_lists() -> None:
    listed = listed_imos()
    assert {7937317, 9934527, 9569619} <= listed  # CHONG CHON GANG; two seen drawn before
    assert len(listed) > 800
    rng = random.Random(1)
    drawn = {imo_number(rng) for _ in range(20_000)}
    assert not drawn & listed


@given(SEEDS, st.sampled_from(FLAGS))
def test_mmsi_mid_maps_to_the_requested_flag(seed: int, flag: str) -> None:
    mmsi = mmsi_for_flag(flag, random.Random(seed))
    assert mmsi_kind(mmsi) == "ship"
    assert not is_default_mmsi(mmsi)
    info = flag_info(mmsi)
    assert info is not None and info.iso2 == flag


def test_every_mid_of_a_flag_is_used() -> None:
    rng = random.Random(3)
    seen = {mmsi_for_flag("PA", rng) // 1_000_000 for _ in range(500)}
    assert seen == set(mids_of("PA"))


def test_unknown_flag_is_refused() -> None:
    with pytest.raises(ValueError, match="no MID"):
        mmsi_for_flag("XX", random.Random(0))


@given(SEEDS, st.sampled_from(CASE_FLAGS))
def test_names_and_callsigns_are_ais_text(seed: int, flag: str) -> None:
    rng = random.Random(seed)
    name = ship_name(flag, rng)
    assert 0 < len(name) <= 20 and set(name) <= AIS_TEXT
    assert name == " ".join(name.split())
    call = callsign(flag, rng)
    assert 4 <= len(call) <= 7 and call.isalnum() and call == call.upper()


def test_callsigns_use_the_flags_itu_block() -> None:
    rng = random.Random(11)
    for flag, prefixes in {"RU": ("U",), "KP": ("HM", "P"), "PA": ("3E", "3F", "H", "HO"),
                           "MH": ("V7",), "EG": ("SS", "SU")}.items():
        for _ in range(50):
            assert callsign(flag, rng).startswith(prefixes)


@given(SEEDS, st.sampled_from(CASE_FLAGS), st.sampled_from(["cargo", "tanker"]))
def test_vessel_identity_is_consistent(seed: int, flag: str, kind: str) -> None:
    v = vessel_identity(flag, random.Random(seed), kind)  # type: ignore[arg-type]
    assert flag_info(v.mmsi) is not None and flag_info(v.mmsi).iso2 == flag  # type: ignore[union-attr]
    assert imo_check_digit_ok(v.imo)
    assert v.flag == flag
    assert (70 <= v.ship_type <= 79) if kind == "cargo" else (80 <= v.ship_type <= 89)
    assert 80 <= v.length_m < 250
    assert 0 < v.to_bow_m <= 511 and 0 < v.to_stern_m <= 511
    assert 0 < v.to_port_m <= 63 and 0 < v.to_starboard_m <= 63
    (b0, b1), (l0, l1) = v.draught_ballast_m, v.draught_loaded_m
    assert 0 < b0 <= b1 < l0 <= l1 <= 25.5
    assert v == vessel_identity(flag, random.Random(seed), kind)  # type: ignore[arg-type]


def test_draught_grows_with_length() -> None:
    assert draught_range(80)[1][1] < draught_range(200)[1][1]
    assert draught_range(400)[1][1] == 17.0


@given(SEEDS, st.sampled_from(sorted(PORTS)))
def test_destination_texts_are_ais_text(seed: int, locode: str) -> None:
    text = destination_text(locode, random.Random(seed))
    assert 0 < len(text) <= 20 and set(text) <= AIS_TEXT
    assert text == text.strip() and "  " not in text


@pytest.mark.parametrize(("port", "expected"), [
    ("EGPSD", {"PT SAID", "PORT SAID", "EG PSD", "EGPSD", "PORTSAID"}),
    ("Port Said", {"PT SAID", "PORT SAID", "EG PSD", "EGPSD", "PORTSAID"}),
    ("ALEXANDRIA", {"ALEXANDRIA", "ALEXANDRIA>>", "EG ALY", ">EG ALY", "EGALY"}),
    ("SAJED", {"JEDDAH", "SA JED", "SAJED"}),
    ("for orders", {"FOR ORDERS"}),
    ("KPNJN", {"RAJIN", "NAJIN", "KP NJN"}),
    ("RUVYP", {"VOSTOCHNY", "RU VYP"}),
])
def test_destination_variants_as_crews_write_them(port: str, expected: set[str]) -> None:
    rng = random.Random(5)
    seen = {destination_text(port, rng) for _ in range(2000)}
    assert expected <= seen


def test_every_case_port_is_known() -> None:
    names = {p.name for p in PORTS.values()}
    assert {"PORT SAID", "ALEXANDRIA", "JEDDAH", "LATAKIA", "TARTUS", "RAJIN", "VOSTOCHNY",
            "NAKHODKA", "VLADIVOSTOK", "BUSAN", "SHANGHAI"} <= names
    assert destination_text("Dunay", random.Random(0)) == "DUNAY"
