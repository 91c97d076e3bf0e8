"""The duplicate-candidate kernel against numpy's unique counts (the definition)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from wakewatch.store.repeat_kernel import repeated


def reference(keys: np.ndarray, valid: np.ndarray) -> np.ndarray:
    out = np.zeros(keys.size, dtype=bool)
    if valid.any():
        _, inv, cnt = np.unique(keys[valid], return_inverse=True, return_counts=True)
        out[np.flatnonzero(valid)] = cnt[inv] > 1
    return out


@settings(max_examples=50)
@given(st.lists(st.tuples(st.sampled_from([0, 1, 2**63, 2**64 - 1, 17, 33, 49]) | st.integers(
    0, 2**64 - 1), st.booleans()), max_size=300))
def test_repeated_matches_unique_counts(rows: list[tuple[int, bool]]) -> None:
    keys = np.array([k for k, _ in rows], dtype=np.uint64)
    valid = np.array([v for _, v in rows], dtype=bool)
    assert (repeated(keys, valid) == reference(keys, valid)).all()


def test_colliding_slots_and_a_large_input() -> None:
    rng = np.random.default_rng(7)
    keys = rng.integers(0, 2**64 - 1, 200_000, dtype=np.uint64, endpoint=True)
    keys[:1000] = (np.arange(1000, dtype=np.uint64) << np.uint64(40))  # same low bits
    keys[rng.integers(0, keys.size, 500)] = keys[rng.integers(0, keys.size, 500)]
    valid = rng.random(keys.size) > 0.01
    got = repeated(keys, valid)
    assert (got == reference(keys, valid)).all() and got.sum() > 0
    assert not repeated(keys, np.zeros(keys.size, dtype=bool)).any()
    assert repeated(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=bool)).size == 0
