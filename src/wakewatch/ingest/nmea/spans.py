"""Byte spans of a buffer gathered into one contiguous Arrow-style string buffer."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from wakewatch.jit import kernel

I64 = npt.NDArray[np.int64]


@kernel
def _gather(buf: npt.NDArray[np.uint8], starts: I64, ends: I64,
            out: npt.NDArray[np.uint8], offsets: I64) -> None:
    at = 0
    offsets[0] = 0
    for i in range(starts.shape[0]):
        a, b = starts[i], ends[i]
        if a >= 0:
            out[at:at + b - a] = buf[a:b]
            at += b - a
        offsets[i + 1] = at


def gather_spans(buf: npt.NDArray[np.uint8], starts: I64, ends: I64
                 ) -> tuple[npt.NDArray[np.uint8], I64]:
    """(data, offsets): span i is ``data[offsets[i]:offsets[i+1]]`` (empty when the start is
    negative), the layout of an Arrow large string array."""
    size = int(np.where(starts >= 0, ends - starts, 0).sum())
    out = np.empty(size, dtype=np.uint8)
    offsets = np.empty(len(starts) + 1, dtype=np.int64)
    _gather(buf, starts, ends, out, offsets)
    return out, offsets
