"""Format detection, dispatch, and the entities store: reload replaces, a damaged file is
refused and leaves the loaded lists as they were."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest

from wakewatch.errors import FormatError
from wakewatch.sanctions.load import detect_format, load_lists
from wakewatch.store.db import Store
from wakewatch.store.entities import entities_by_imo, loaded_lists, read_entities

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real" / "sanctions"
SDN_2024 = REAL / "ofac_sdn_2024-05-03.csv.gz"
SDN_2021 = REAL / "ofac_2021-07-07_sdn.csv.gz"
pytestmark = pytest.mark.skipif(not SDN_2024.exists(), reason="real OFAC files not present")


@pytest.mark.parametrize(("name", "fmt"), [
    ("ofac_sdn_2024-05-03.csv.gz", "ofac_csv"),
    ("ofac_2021-07-07_sdn.csv.gz", "ofac_csv"),
    ("ofac_2021-07-07_alt.csv.gz", "ofac_companion"),
    ("ofac_2021-07-07_add.csv.gz", "ofac_companion"),
    ("ofac_2021-07-07_sdn_comments.csv.gz", "ofac_companion"),
    ("format-samples/ofac_sdn_excerpt.xml", "ofac_xml"),
    ("format-samples/eu_fsf_excerpt.xml", "eu_xml"),
    ("format-samples/uk_hmt_conlist_excerpt.csv", "uk_csv"),
    ("un_consolidated_2026-02-27.xml.gz", "un_xml"),
])
def test_detect_real_files(name: str, fmt: str) -> None:
    assert detect_format(REAL / name) == fmt


def test_detect_ftm_and_unknown(tmp_path: Path) -> None:
    ftm = tmp_path / "x.json"
    ftm.write_text('{"id": "a", "schema": "Vessel", "properties": {"name": ["X"]}}\n')
    assert detect_format(ftm) == "ftm_json"
    other = tmp_path / "notes.txt"
    other.write_text("hello\n")
    with pytest.raises(FormatError, match="not a sanctions list format"):
        detect_format(other)


def test_reload_replaces(tmp_path: Path) -> None:
    store = Store.open(":memory:")
    load_lists(store, [SDN_2021])
    assert len(read_entities(store, "us_ofac_sdn")) == 8699
    (first,) = loaded_lists(store)
    load_lists(store, [SDN_2024])
    (second,) = loaded_lists(store)
    entities = read_entities(store, "us_ofac_sdn")
    assert len(entities) == second.counts["entities"] == 14589
    assert len({e.id for e in entities}) == len(entities)
    assert first.published is not None and second.published is not None
    assert second.published > first.published
    assert second.counts["schema"]["Vessel"] == 851
    assert [e.caption for e in entities_by_imo(store, "9187629")] == ["ARTAVIL"]


def test_companions_named_together_are_skipped() -> None:
    store = Store.open(":memory:")
    done = load_lists(store, sorted(REAL.glob("ofac_2021-07-07_*.csv.gz")))
    assert [d.info.format for d in done] == ["ofac_csv"]
    with pytest.raises(FormatError, match="companion"):
        load_lists(store, [REAL / "ofac_2021-07-07_alt.csv.gz"])


def test_truncated_gzip_refused_store_unchanged(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.duckdb")
    load_lists(store, [SDN_2021])
    before = (loaded_lists(store), read_entities(store))
    cut = tmp_path / "ofac_sdn_2024-06-01.csv.gz"
    cut.write_bytes(SDN_2024.read_bytes()[:300_000])
    with pytest.raises(FormatError, match="truncated gzip"):
        load_lists(store, [SDN_2024, cut])  # the good file first: still nothing written
    assert (loaded_lists(store), read_entities(store)) == before


def test_truncated_plain_csv_refused_store_unchanged(tmp_path: Path) -> None:
    store = Store.open(":memory:")
    load_lists(store, [SDN_2021])
    before = read_entities(store)
    cut = tmp_path / "sdn.csv"
    cut.write_bytes(gzip.decompress(SDN_2024.read_bytes())[:123_457])
    with pytest.raises(FormatError):
        load_lists(store, [cut])
    assert read_entities(store) == before


def test_sdn_copied_alone_reads_no_companions(tmp_path: Path) -> None:
    lone = tmp_path / "sdn.csv.gz"
    shutil.copy(SDN_2021, lone)
    store = Store.open(":memory:")
    load_lists(store, [lone])
    with_companions = Store.open(":memory:")
    load_lists(with_companions, [SDN_2021])
    alone = {e.id: e for e in read_entities(store)}
    full = {e.id: e for e in read_entities(with_companions)}
    assert alone.keys() == full.keys()
    assert sum(len(e.get("alias")) for e in full.values()) > sum(
        len(e.get("alias")) for e in alone.values())
