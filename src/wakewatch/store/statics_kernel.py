"""Per (MMSI, statics hash) groups of the CSV loader's statics-change search
(:mod:`wakewatch.store.load_table`), as a numba kernel.

For the usable rows (``use``: parsed, with statics) it gives each group of equal
(``mmsi``, ``h``) — ``h`` a 64-bit hash of the statics text — its first and last time
(``t0``, ``t1``, µs) and the row index ``k0`` of its first row in (time, row) order: the
same as ``SELECT mmsi, min(ts), max(ts), arg_min(k, (ts, k)) ... GROUP BY mmsi, h``. One
pass over the rows in file order with an open-addressing table of group numbers (linear
probing, load ≤ 0.5).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.jit import kernel

I64 = npt.NDArray[np.int64]


@kernel
def _groups(mmsi: I64, h: npt.NDArray[np.uint64], ts: I64, use: npt.NDArray[np.bool_],
            table: I64) -> tuple[I64, I64, I64, I64]:
    mask = table.size - 1
    n = mmsi.size
    g_mmsi = np.empty(n, dtype=np.int64)
    g_h = np.empty(n, dtype=np.uint64)
    g_t0 = np.empty(n, dtype=np.int64)
    g_t1 = np.empty(n, dtype=np.int64)
    g_k0 = np.empty(n, dtype=np.int64)
    m = 0
    for i in range(n):
        if not use[i]:
            continue
        key = h[i] ^ (np.uint64(mmsi[i]) * np.uint64(0x9E3779B97F4A7C15))
        j = np.int64((key ^ (key >> np.uint64(29))) & np.uint64(mask))
        while True:
            g = table[j]
            if g < 0:
                table[j] = m
                g_mmsi[m] = mmsi[i]
                g_h[m] = h[i]
                g_t0[m] = ts[i]
                g_t1[m] = ts[i]
                g_k0[m] = i
                m += 1
                break
            if g_mmsi[g] == mmsi[i] and g_h[g] == h[i]:
                if ts[i] < g_t0[g]:   # rows come in k order: an equal time keeps the first
                    g_t0[g] = ts[i]
                    g_k0[g] = i
                if ts[i] > g_t1[g]:
                    g_t1[g] = ts[i]
                break
            j = (j + 1) & mask
    return g_mmsi[:m].copy(), g_t0[:m].copy(), g_t1[:m].copy(), g_k0[:m].copy()


def statics_groups(mmsi: I64, h: npt.NDArray[np.uint64], ts: I64,
                   use: npt.NDArray[np.bool_]) -> tuple[I64, I64, I64, I64]:
    """(mmsi, t0, t1, k0) of each (mmsi, h) group of the rows with ``use``."""
    size = 1 << max(4, int(2 * max(int(use.sum()), 1) - 1).bit_length())
    table = np.full(size, -1, dtype=np.int64)
    return _groups(np.ascontiguousarray(mmsi, dtype=np.int64),
                   np.ascontiguousarray(h, dtype=np.uint64),
                   np.ascontiguousarray(ts, dtype=np.int64),
                   np.ascontiguousarray(use, dtype=np.bool_), table)
