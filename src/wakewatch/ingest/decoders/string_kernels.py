"""numba kernel that interleaves two Arrow string columns (offsets + bytes) into one, row by
row, at given output rows: how the columnar decoder merges its text columns with pyais's
without a sort or a gather over the whole frame."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.jit import kernel

U8 = npt.NDArray[np.uint8]
I64 = npt.NDArray[np.int64]


@kernel
def interleave_strings(n: int, at_a: I64, off_a: I64, data_a: U8, at_b: I64, off_b: I64,
                       data_b: U8) -> tuple[I64, U8]:
    """Offsets (n + 1) and bytes of ``n`` strings: string ``j`` of A (``off_a[j] ..
    off_a[j + 1]`` in ``data_a``) at row ``at_a[j]``, string ``j`` of B at row ``at_b[j]``;
    rows named by neither are empty. ``at_a`` and ``at_b`` must not share a row."""
    offsets = np.zeros(n + 1, dtype=np.int64)
    for j in range(at_a.shape[0]):
        offsets[at_a[j] + 1] = off_a[j + 1] - off_a[j]
    for j in range(at_b.shape[0]):
        offsets[at_b[j] + 1] = off_b[j + 1] - off_b[j]
    for r in range(n):
        offsets[r + 1] += offsets[r]
    data = np.empty(max(offsets[n], 1), dtype=np.uint8)
    for j in range(at_a.shape[0]):
        o = offsets[at_a[j]] - off_a[j]
        for q in range(off_a[j], off_a[j + 1]):
            data[o + q] = data_a[q]
    for j in range(at_b.shape[0]):
        o = offsets[at_b[j]] - off_b[j]
        for q in range(off_b[j], off_b[j + 1]):
            data[o + q] = data_b[q]
    return offsets, data
