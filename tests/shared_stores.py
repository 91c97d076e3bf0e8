"""Helpers around the session's shared stores (fixtures in tests/conftest.py)."""

from __future__ import annotations

import shutil
from pathlib import Path


def copy_store(db: Path, to_dir: Path) -> Path:
    """A private copy of a store file (DuckDB keeps everything in the one file)."""
    to_dir.mkdir(parents=True, exist_ok=True)
    out = to_dir / db.name
    shutil.copyfile(db, out)
    return out
