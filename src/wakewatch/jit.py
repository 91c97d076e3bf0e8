"""One place to compile hot loops with numba (BSD-2), typed for ``mypy --strict``.

Kernels are compiled on first use and cached on disk next to their module
(``__pycache__``), so only the first run after an install or an edit pays the compile
time. ``nogil``: a kernel releases the GIL, so a kernel and a DuckDB insert can overlap.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import numba

F = TypeVar("F", bound=Callable[..., Any])


def kernel(fn: F) -> F:
    """``fn`` compiled in nopython mode, cached, releasing the GIL."""
    return cast(F, numba.njit(cache=True, nogil=True)(fn))
