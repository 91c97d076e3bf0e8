"""The name matcher on OpenSanctions' labelled name pairs (real data, 826 pairs).

The bar of issue 5: F1 >= 0.85 at the default threshold, on all pairs and on each half
(even/odd rows: the threshold was chosen on the even rows). Full figures, the comparison with
nomenklatura logic-v2 and the speed are in benchmarks/screening.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from wakewatch.sanctions.match.names import DEFAULT_THRESHOLD, analyze_name, compare_names

CASES = Path(__file__).parents[3] / ".." / "shared" / "data" / "real" / "screening"
CASES = CASES / "nomenklatura_name_bench_cases.csv"


def _f1(rows: list[dict[str, str]]) -> float:
    tp = fp = fn = 0
    for r in rows:
        hit = compare_names(
            analyze_name(r["name1"], r["schema"]), analyze_name(r["name2"], r["schema"])
        ).score >= DEFAULT_THRESHOLD
        truth = r["is_match"] == "true"
        tp += hit and truth
        fp += hit and not truth
        fn += truth and not hit
    return 2 * tp / (2 * tp + fp + fn)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    if not CASES.exists():
        pytest.skip(f"{CASES} not present")
    with CASES.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def test_f1_bar(rows: list[dict[str, str]]) -> None:
    assert len(rows) == 826
    assert _f1(rows) >= 0.85
    assert _f1(rows[0::2]) >= 0.85
    assert _f1(rows[1::2]) >= 0.85


def test_non_latin_slice(rows: list[dict[str, str]]) -> None:
    sliced = [
        r for r in rows if any(c.isalpha() and not c.isascii() for c in r["name1"] + r["name2"])
    ]
    assert len(sliced) == 87
    # logic-v2 reaches 0.86 on this slice at 0.70 (benchmarks/screening.py)
    assert _f1(sliced) > 0.86
