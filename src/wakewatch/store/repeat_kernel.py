"""Rows whose key occurs more than once: the candidate step of the CSV loader's duplicate
search (:mod:`wakewatch.store.load_table`), as a numba kernel.

``keys`` are 64-bit hashes of a row's (mmsi, ts, lat, lon) (DuckDB's ``hash``); rows with
``valid`` false are ignored. The result marks every valid row whose key another valid row
shares — exactly the rows of ``GROUP BY hk HAVING count(*) > 1``; the exact comparison of
the key's values is left to the window that follows. One pass with an open-addressing table
of row indices (linear probing, load ≤ 0.5), so it runs in a thread, without the GIL, while
DuckDB computes the statics changes.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.jit import kernel


@kernel
def _repeated(keys: npt.NDArray[np.uint64], valid: npt.NDArray[np.bool_],
              table: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    mask = table.size - 1
    out = np.zeros(keys.size, dtype=np.bool_)
    for i in range(keys.size):
        if not valid[i]:
            continue
        key = keys[i]
        j = np.int64(key & np.uint64(mask))
        while True:
            at = table[j]
            if at < 0:
                table[j] = i
                break
            if keys[at] == key:
                out[at] = True
                out[i] = True
                break
            j = (j + 1) & mask
    return out


def repeated(keys: npt.NDArray[np.uint64], valid: npt.NDArray[np.bool_]
             ) -> npt.NDArray[np.bool_]:
    """Mask of the valid rows whose key occurs at least twice among the valid rows."""
    size = 1 << max(4, int(2 * max(int(valid.sum()), 1) - 1).bit_length())
    table = np.full(size, -1, dtype=np.int64)
    return _repeated(np.ascontiguousarray(keys, dtype=np.uint64),
                     np.ascontiguousarray(valid, dtype=np.bool_), table)
