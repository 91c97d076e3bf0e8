"""sim scenario ``identity``: identity changes and invalid identifiers, checked in the store."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sim_checks import (
    assert_gaps_are_real,
    assert_no_land_except_spoofing,
    assert_same_seed_same_bytes,
    generate,
    truth,
)

from wakewatch.identity.imo import imo_check_digit_ok
from wakewatch.identity.mid import flag_info, is_default_mmsi, mid_allocated, mid_of
from wakewatch.sim.scenarios import build
from wakewatch.store.db import Store

SMALL = {"vessels": 7, "days": 4.0}
SEED = 11


@pytest.fixture(scope="module")
def ident(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Store]:
    return generate(tmp_path_factory.mktemp("ident"), "identity", SEED, **SMALL)


def _statics(store: Store) -> pl.DataFrame:
    return store.con.sql("SELECT mmsi, ts, imo, name, callsign FROM statics ORDER BY ts").pl(
    ).with_columns(pl.col("ts").dt.convert_time_zone("UTC"))


def test_truth_kinds_and_reasons(ident: tuple[Path, Store]) -> None:
    out, _ = ident
    reasons = sorted(e.evidence["reason"] for e in truth(out, "invalid_imo"))
    assert reasons == ["bad_check_digit", "default_mmsi", "unallocated_mid"]
    changed = sorted(tuple(sorted(e.evidence["changed"])) for e in truth(out, "identity_change"))
    assert changed == [("callsign", "flag", "mmsi", "name"), ("callsign", "name"), ("imo",)]


def test_reflagging_is_a_new_mid_with_the_same_imo(ident: tuple[Path, Store]) -> None:
    out, store = ident
    (e,) = [e for e in truth(out, "identity_change") if "mmsi" in e.evidence["changed"]]
    old, new = e.evidence["changed"]["mmsi"]
    assert e.mmsi == new and mid_of(old) != mid_of(new)
    flags = e.evidence["changed"]["flag"]
    assert flags == [flag_info(old).iso2, flag_info(new).iso2] and flags[0] != flags[1]  # type: ignore[union-attr]
    st = _statics(store)
    before = st.filter((pl.col("mmsi") == old) & (pl.col("ts") <= e.start))
    after = st.filter((pl.col("mmsi") == new) & (pl.col("ts") >= e.end))
    assert before.height and after.height
    assert set(before["imo"]) == set(after["imo"])       # same hull, same IMO
    assert st.filter((pl.col("mmsi") == old) & (pl.col("ts") > e.start)).is_empty()
    assert st.filter((pl.col("mmsi") == new) & (pl.col("ts") < e.end)).is_empty()


def test_renames_and_imo_changes_are_between_consecutive_statics(
        ident: tuple[Path, Store]) -> None:
    out, store = ident
    st = _statics(store)
    for e in truth(out, "identity_change"):
        if "mmsi" in e.evidence["changed"]:
            continue
        mine = st.filter(pl.col("mmsi") == e.mmsi)
        a = mine.filter(pl.col("ts") <= e.start).tail(1)
        b = mine.filter(pl.col("ts") >= e.end).head(1)
        assert mine.filter((pl.col("ts") > e.start) & (pl.col("ts") < e.end)).is_empty()
        for k, (was, now) in e.evidence["changed"].items():
            assert a[k][0] == was and b[k][0] == now


def test_invalid_identifiers_are_what_they_claim(ident: tuple[Path, Store]) -> None:
    out, store = ident
    st = _statics(store)
    for e in truth(out, "invalid_imo"):
        reason = e.evidence["reason"]
        if reason == "bad_check_digit":
            assert not imo_check_digit_ok(e.evidence["imo"])
            assert e.evidence["imo"] in set(st.filter(pl.col("mmsi") == e.mmsi)["imo"])
        elif reason == "default_mmsi":
            assert is_default_mmsi(e.mmsi)
        else:
            mid = mid_of(e.mmsi)
            assert mid is not None and not mid_allocated(mid) and not is_default_mmsi(e.mmsi)
    honest = [v for v in build("identity", SEED, **SMALL).vessels  # type: ignore[arg-type]
              if v.role == "background"]
    assert honest and all(mid_allocated(mid_of(v.identity.mmsi) or 0) for v in honest)


def test_gaps_are_real_and_no_position_on_land(ident: tuple[Path, Store]) -> None:
    assert_gaps_are_real(*ident)
    assert_no_land_except_spoofing(*ident)


def test_same_seed_same_bytes(ident: tuple[Path, Store], tmp_path: Path) -> None:
    assert_same_seed_same_bytes(ident[0], tmp_path, "identity", SEED, **SMALL)
