"""The ports gazetteer: real ports found where they are, LOCODEs normalised and unique."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from wakewatch.geo.ports import nearest_ports, normalize_locode, port_by_locode, ports
from wakewatch.geo.routes import haversine_m


@pytest.mark.parametrize(
    ("code", "name", "lat", "lon"),
    [
        ("KPRJN", "Najin", 42.23, 130.30),        # WPI's code for Rajin/Najin
        ("KPNJN", "Najin", 42.23, 130.30),        # searoute's code: an alias of the same row
        ("RU VYP", "Vostochnyy", 42.75, 133.08),
        ("RUNJK", "Nakhodka", 42.80, 132.88),
        ("ruvvo", "Vladivostok", 43.11, 131.89),
        ("EGPSD", "Bur Sa'id", 31.27, 32.30),     # Port Said
        ("KPCHO", "Ch'ongjin", 41.77, 129.82),
        ("KP NAM", "Nampo", 38.72, 125.40),
    ],
)
def test_real_ports_found(code: str, name: str, lat: float, lon: float) -> None:
    row = port_by_locode(code)
    assert row is not None
    assert row["name"] == name
    assert row["source"] == "wpi"
    assert float(haversine_m(lat, lon, row["lat"], row["lon"])) < 2_000


def test_port_said_alternate_names_and_country() -> None:
    row = port_by_locode("EGPSD")
    assert row is not None
    assert "Port Said" in row["alternate_names"]
    assert row["country"] == "EG"


def test_locode_unique_and_normalised() -> None:
    df = ports()
    codes = df["locode"].drop_nulls()
    assert codes.is_unique().all()
    assert codes.str.contains(r"^[A-Z]{2}[A-Z2-9]{3}$").all()
    assert df["port_id"].is_unique().all()
    assert set(df["source"].unique()) == {"wpi", "searoute"}
    assert df["lat"].is_between(-90, 90).all()


def test_searoute_only_port_kept() -> None:
    df = ports()
    sr = df.filter(pl.col("source") == "searoute")
    assert len(sr) > 100
    code = sr["locode"].drop_nulls()[0]
    row = port_by_locode(code)
    assert row is not None and row["source"] == "searoute"


def test_normalize_locode() -> None:
    assert normalize_locode("KP NAM") == "KPNAM"
    assert normalize_locode(" kp nam ") == "KPNAM"
    assert normalize_locode("KP") is None
    assert normalize_locode("KP NAM1") is None
    assert normalize_locode(None) is None
    assert port_by_locode("XXXXX") is None


def test_nearest_ports_vectorised() -> None:
    lat = np.array([42.20, 43.10, 31.30])
    lon = np.array([130.31, 131.90, 32.31])
    got = nearest_ports(lat, lon)
    assert got["query"].to_list() == [0, 1, 2]
    assert got["locode"].to_list() == ["KPRJN", "RUVVO", "EGPSD"]
    assert (got["distance_m"] < 6_000).all()


def test_nearest_ports_k_sorted_and_max_distance() -> None:
    got = nearest_ports([42.5], [131.5], k=5)
    assert got["rank"].to_list() == [1, 2, 3, 4, 5]
    d = got["distance_m"].to_numpy()
    assert np.all(np.diff(d) >= 0)
    near = nearest_ports([42.5, 0.0], [131.5, -150.0], k=5, max_distance_m=60_000)
    assert (near["distance_m"] <= 60_000).all()
    assert 0 in near["query"].to_list()
    assert 1 not in near["query"].to_list()  # mid-Pacific: no port within 60 km


def test_nearest_ports_across_antimeridian() -> None:
    # Egvekinot (Chukotka, 179.3 E): found from a point at 179.9 W
    got = nearest_ports([65.7], [-179.9])
    row = got.row(0, named=True)
    assert row["locode"] == "RUEGV"
    assert row["distance_m"] < 100_000
    shifted = nearest_ports([65.7], [180.1])
    assert shifted["port_id"].to_list() == got["port_id"].to_list()


@given(st.floats(-80.0, 80.0), st.floats(-180.0, 179.999), st.integers(1, 4))
@example(12.0, 179.0, 4)  # a 1,300 km circle across the antimeridian (once missed a port)
@settings(max_examples=60, deadline=None)
def test_nearest_ports_match_brute_force(lat: float, lon: float, k: int) -> None:
    df = ports()
    d_all = np.sort(haversine_m(lat, lon, df["lat"].to_numpy(), df["lon"].to_numpy()))
    got = nearest_ports([lat], [lon], k=k)
    np.testing.assert_allclose(got["distance_m"].to_numpy(), d_all[:k], rtol=1e-9, atol=1e-6)
    shifted = nearest_ports([lat], [lon - 360.0], k=k)
    np.testing.assert_allclose(shifted["distance_m"].to_numpy(), d_all[:k], rtol=1e-9,
                               atol=1e-6)


def test_locode_conflict_keeps_both_places() -> None:
    # GBTOB: WPI and searoute put "Tobermory" on two continents: the WPI row holds the code,
    # the other place stays findable by its alias, and no name is merged across them
    df = ports()
    holder = port_by_locode("GBTOB")
    assert holder is not None and holder["source"] == "wpi"
    other = df.filter(pl.col("locode_aliases").list.contains("GBTOB")
                      & (pl.col("source") == "searoute"))
    assert len(other) == 1
    assert float(haversine_m(holder["lat"], holder["lon"], other["lat"][0],
                             other["lon"][0])) > 1_000_000


def test_a_wpi_duplicate_under_another_places_code_gives_it_back() -> None:
    # WPI lists Sakaiminato twice; "Sakai Ko" carries JPSAK, Sakai by Osaka's code
    sakai = port_by_locode("JPSAK")
    assert sakai is not None and abs(sakai["lon"] - 135.43) < 0.1
    nearest = nearest_ports([35.54], [133.24])
    assert nearest["locode"][0] == "JPSMN"
    sakai_ko = ports().filter(pl.col("name") == "Sakai Ko")
    assert sakai_ko["locode"][0] is None and sakai_ko["locode_aliases"][0].to_list() == ["JPSMN"]
