"""declarations.load / schema / store.declarations: every line accounted, nothing twice."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.declarations.load import load_declarations
from wakewatch.declarations.schema import canonical_field, resolve_port, validate
from wakewatch.errors import FormatError
from wakewatch.store.db import Store
from wakewatch.store.declarations import read_declaration_rejects, read_declarations

HEADER = ("BL Number,IMO,Vessel,POL,POD,Consignee,Consignee Country,Shipper,Shipper Country,"
          "Loading Date,Discharge Date,Cargo,HS,Weight,Source")
GOOD = ("BL1,7937317,CHONG CHON GANG,Zarubino,Port Said,Nile Trading Co,EG,Primorsky Export,"
        "RU,2023-09-03,2023-10-05T12:00Z,construction materials,6810,2300,test")
GOOD2 = ("BL2,9547156,SELENGA,KPRJN,EG PSD,Nile Trading Co,eg,Rason Export,KP,"
         "2023-09-03T10:00:00+09:00,,machine parts,9306.90,1200,test")


def _write(path: Path, *lines: str) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_csv_with_aliases_good_bad_and_duplicate_lines(tmp_path: Path, store: Store) -> None:
    f = _write(tmp_path / "d.csv", HEADER, GOOD, "", GOOD2, GOOD,
               "BL3,79373,X,Rajin,EGPSD,,,,,2023-09-03,,,,,",
               "BL4,7937317,X,Nowhere Bay,EGPSD,,,,,2023-09-03,,,,,",
               "BL5,7937317,X,Rajin,EGPSD,,,,,2023-09-03,2023-09-01,,,,",
               "BL6,7937317,X,Rajin,EGPSD,,,,,3 Sept 2023,,,,,",
               "BL7,7937317,X,Rajin,EGPSD,,Egypt,,,2023-09-03,,,,,",
               "BL8,7937317,X,Rajin,EGPSD,,,,,2023-09-03,,,93A,,",
               "BL9,,X,Rajin,EGPSD,,,,,2023-09-03,,,,,",
               "short,line")
    r = load_declarations(store, f)
    assert (r.format, r.accepted, r.duplicate, r.rejected) == ("csv", 2, 1, 8)
    assert r.lines == 11   # every non-blank data line, exactly once
    d = read_declarations(store)
    assert d["declaration_id"].to_list() == ["BL1", "BL2"]  # by loading date (BL2: 01:00Z)
    bl1 = d.row(0, named=True)
    assert (bl1["pol_locode"], bl1["pod_locode"]) == ("RUZAR", "EGPSD")
    assert bl1["loading_date"] == datetime(2023, 9, 3, tzinfo=UTC)
    assert bl1["discharge_date"] == datetime(2023, 10, 5, 12, tzinfo=UTC)
    assert (bl1["file_sha256"], bl1["line_no"]) == (r.sha256, 2)
    bl2 = d.row(1, named=True)
    assert (bl2["pol_locode"], bl2["hs_code"], bl2["consignee_country"]) == (
        "KPRJN", "930690", "EG")
    assert bl2["loading_date"] == datetime(2023, 9, 3, 1, tzinfo=UTC)
    rej = read_declaration_rejects(store)
    reasons = dict(zip(rej["line_no"].to_list(), rej["reason"].to_list(), strict=True))
    assert "not a 7-digit number" in reasons[6]
    assert "'Nowhere Bay' is not a known" in reasons[7]
    assert "before loading_date" in reasons[8]
    assert "not an ISO 8601" in reasons[9]
    assert "ISO 3166" in reasons[10]
    assert "2-10 digits" in reasons[11]
    assert "no vessel" in reasons[12]
    assert "2 fields" in reasons[13]
    assert rej["raw"].to_list()[0].startswith("BL3,79373")


def test_reload_adds_nothing_and_other_files_count_duplicates(tmp_path: Path,
                                                              store: Store) -> None:
    f = _write(tmp_path / "a.csv", HEADER, GOOD, GOOD2)
    first = load_declarations(store, f)
    again = load_declarations(store, f)
    assert again.skipped and (again.accepted, again.duplicate) == (2, 0)
    other = _write(tmp_path / "b.csv", HEADER, GOOD2, GOOD.replace("2300", "2400"))
    r = load_declarations(store, other)
    assert (r.accepted, r.duplicate, r.rejected) == (0, 1, 1)   # BL1: same id, new content
    assert "different content" in read_declaration_rejects(store)["reason"].to_list()[0]
    assert read_declarations(store).height == 2 and not first.skipped


def test_records_without_an_id_get_a_content_hash_id(tmp_path: Path, store: Store) -> None:
    body = GOOD.split(",", 1)[1]
    f = _write(tmp_path / "a.csv", HEADER, "," + body, "," + body)
    r = load_declarations(store, f)
    assert (r.accepted, r.duplicate) == (1, 1)
    ids = read_declarations(store)["declaration_id"].to_list()
    assert ids[0].startswith("decl:")
    g = _write(tmp_path / "b.csv", HEADER, "," + body, "")
    assert load_declarations(store, g).duplicate == 1


def test_jsonl_records_and_bad_lines(tmp_path: Path, store: Store) -> None:
    rec = {"imo": 7937317, "pol": "Rajin", "pod": "Jeddah", "loading_date": "2023-09-03",
           "hs": "9306", "weight_t": 12.5, "consignee_country": "SA"}
    f = _write(tmp_path / "d.jsonl", json.dumps(rec), "{not json", "[1, 2]",
               json.dumps({**rec, "pod": "Atlantis"}), json.dumps(rec))
    r = load_declarations(store, f)
    assert (r.format, r.accepted, r.duplicate, r.rejected) == ("jsonl", 1, 1, 3)
    d = read_declarations(store).row(0, named=True)
    assert (d["pod_locode"], d["weight_t"], d["vessel_imo"]) == ("SAJED", 12.5, 7937317)
    reasons = read_declaration_rejects(store)["reason"].to_list()
    assert reasons[0].startswith("not JSON") and reasons[1] == "not a JSON object"


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01\x02\x03" * 100, "binary"),
    (b"a,b,c\n1,2,3\n", "header lacks"),
    (b"IMO,POL,POD\n7937317,KPRJN,EGPSD\n", "loading_date"),
    (b"\n\n", "empty"),
    (b"IMO,POL,POD,loading_date\n7937317,KPRJN,EGPSD,2023-01-01 \xe9t\xe9\n", "UTF-8"),
])
def test_a_malformed_file_is_one_error_and_nothing_loaded(tmp_path: Path, store: Store,
                                                          content: bytes, message: str) -> None:
    f = tmp_path / "bad.csv"
    f.write_bytes(content)
    with pytest.raises(FormatError, match=message):
        load_declarations(store, f)
    assert read_declarations(store).height == 0
    assert read_declaration_rejects(store).height == 0


def test_headers_and_ports_resolve_exactly() -> None:
    assert canonical_field(" Port of Loading ") == "port_of_loading"
    assert canonical_field("IMO") == "vessel_imo" and canonical_field("HS") == "hs_code"
    assert resolve_port("egpsd") == "EGPSD" and resolve_port("Alexandria, Egypt") == "EGALY"
    assert resolve_port("Rajin") == "KPRJN" and resolve_port("Vostochny") == "RUVYP"
    assert resolve_port("Port Sayd") is None       # a typo is not guessed
    with pytest.raises(ValueError, match="loading_date is missing"):
        validate({"vessel_imo": "7937317", "port_of_loading": "KPRJN",
                  "port_of_discharge": "EGPSD"})


_line = st.one_of(
    st.just(GOOD), st.just(GOOD2), st.just("BL9,1,X,Rajin,EGPSD,,,,,2023-09-03,,,,,"),
    st.just("x,y"), st.just(""),
    st.builds(lambda n: GOOD.replace("BL1", f"N{n}"), st.integers(0, 5)))


@settings(max_examples=40)
@given(st.lists(_line, max_size=12))
def test_every_line_has_one_outcome_and_reload_is_idempotent(lines: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp, Store.open(":memory:") as store:
        f = _write(Path(tmp) / "p.csv", HEADER, *lines)
        r = load_declarations(store, f)
        assert r.lines == sum(1 for s in lines if s)
        n = read_declarations(store).height
        assert n == r.accepted == len({s.split(",")[0] for s in lines
                                       if s.startswith(("BL1", "BL2", "N"))})
        g = _write(Path(tmp) / "q.csv", HEADER, *lines, "")
        load_declarations(store, g)
        assert read_declarations(store).height == n
