"""Reading a list file's bytes, transparently gunzipped, refusing truncated gzip."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from wakewatch.errors import FormatError, InputNotFoundError

__all__ = ["GZIP_MAGIC", "read_bytes"]

GZIP_MAGIC = b"\x1f\x8b"


def read_bytes(path: Path, what: str | None = None) -> bytes:
    """The file's content, decompressed when it is gzip; one-line errors when it is absent,
    unreadable or a damaged gzip stream (``what``, the format expected, named in the error
    when given)."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputNotFoundError(f"{path}: no such file", path=path) from exc
    except OSError as exc:
        raise FormatError(f"{path}: cannot read: {exc.strerror}", path=path) from exc
    if not raw.startswith(GZIP_MAGIC):
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, OSError, zlib.error) as exc:
        why = (f"truncated or corrupt gzip ({what})" if what
               else f"damaged or truncated gzip ({exc})")
        raise FormatError(f"{path}: {why}", path=path) from exc
