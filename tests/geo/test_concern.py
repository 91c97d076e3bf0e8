"""Ports of concern: the shipped list and a user's --watch-ports file."""

from __future__ import annotations

from pathlib import Path

import pytest

from wakewatch.errors import InputError, InputNotFoundError
from wakewatch.geo.concern import COLUMNS, shipped_ports, watch_ports
from wakewatch.geo.ports import port_by_locode, ports

HEADER = ",".join(COLUMNS)


def test_shipped_list_has_every_dprk_gazetteer_port_and_the_russian_run() -> None:
    wp = shipped_ports()
    ids = set(wp.table["locode"])
    kp = {c for c in ports().filter(ports()["country"] == "KP")["locode"] if c}
    assert kp <= ids
    assert {"RUVYP", "RUNJK", "RUVVO", "RU-DUNAY"} <= ids
    dunay = wp.table.filter(wp.table["locode"] == "RU-DUNAY").row(0, named=True)
    assert dunay["category"] == "naval_pier"
    assert dunay["lat"] == pytest.approx(42.8803) and dunay["lon"] == pytest.approx(132.3375)
    assert all(wp.table["source"].str.len_chars() > 0)
    assert all(wp.table["reason"].str.len_chars() > 0)


def test_shipped_coordinates_agree_with_the_gazetteer() -> None:
    for r in shipped_ports().table.iter_rows(named=True):
        g = port_by_locode(r["locode"]) if r["locode"][2] != "-" else None
        if g is not None:
            assert abs(g["lat"] - r["lat"]) < 0.01 and abs(g["lon"] - r["lon"]) < 0.01


def test_user_file_adds_and_replaces(tmp_path: Path) -> None:
    f = tmp_path / "watch.csv"
    f.write_text(f"{HEADER}\nSYTTS,Tartus,34.9,35.8667,SY,naval_pier,Russian naval base,"
                 "WPI\nKPRJN,Rajin pier 3,42.24,130.31,KP,,moved,me\n", encoding="utf-8")
    wp = watch_ports(f)
    assert len(wp) == len(shipped_ports()) + 1
    rajin = wp.table.filter(wp.table["locode"] == "KPRJN").row(0, named=True)
    assert rajin["name"] == "Rajin pier 3" and rajin["category"] == "user"
    assert "SYTTS" in set(wp.table["locode"])


def test_user_file_minimal_columns_and_antimeridian(tmp_path: Path) -> None:
    f = tmp_path / "w.csv"
    f.write_text("locode,name,lat,lon\nxx-far,Far,10,180\n", encoding="utf-8")
    row = watch_ports(f).table.filter(watch_ports(f).table["locode"] == "xx-far").row(
        0, named=True)
    assert row["lon"] == -180.0 and row["category"] == "user"


@pytest.mark.parametrize(("body", "line", "what"), [
    ("KPRJN,Rajin,95,130,KP,dprk_port,r,s\n", 2, "outside"),
    ("KPRJN,Rajin,4x,130,KP,dprk_port,r,s\n", 2, "not numbers"),
    ("A B,Rajin,42,130,KP,dprk_port,r,s\n", 2, "locode"),
    ("KPRJN,Rajin,42,130,KP,dprk_port,r\n", 2, "fields"),
    ("ZZAAA,A,1,1,ZZ,,r,s\n\nZZAAA,B,1,1,ZZ,,r,s\n", 4, "repeated"),
    ("ZZAAA,A,1,1,ZZ,Bad Cat,r,s\n", 2, "category"),
])
def test_malformed_user_file_names_the_line(tmp_path: Path, body: str, line: int,
                                            what: str) -> None:
    f = tmp_path / "bad.csv"
    f.write_text(f"{HEADER}\n{body}", encoding="utf-8")
    with pytest.raises(InputError) as err:
        watch_ports(f)
    msg = str(err.value)
    assert f"line {line}:" in msg and what in msg and "\n" not in msg


def test_missing_header_column_and_missing_file(tmp_path: Path) -> None:
    f = tmp_path / "h.csv"
    f.write_text("id,name,lat\nA,B,1\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: header lacks locode, lon"):
        watch_ports(f)
    with pytest.raises(InputNotFoundError):
        watch_ports(tmp_path / "nope.csv")
