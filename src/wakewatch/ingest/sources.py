"""Opening input files: gzip transparently, format sniffing, clear errors for bad input."""

from __future__ import annotations

import gzip
import hashlib
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import IO

import numpy as np
import numpy.typing as npt

from wakewatch.errors import FormatError, InputNotFoundError

GZIP_MAGIC = b"\x1f\x8b"
PARQUET_MAGIC = b"PAR1"
SNIFF_BYTES = 65536


class FileFormat(StrEnum):
    NMEA = "nmea"
    CSV = "csv"
    PARQUET = "parquet"


def check_exists(path: Path) -> None:
    if not path.exists():
        raise InputNotFoundError(f"{path}: no such file", path=path)
    if not path.is_file():
        raise InputNotFoundError(f"{path}: not a file", path=path)


def file_sha256(path: Path) -> str:
    """Content hash of the file as stored on disk (compressed bytes for .gz)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def is_gzip(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(2) == GZIP_MAGIC


def open_binary(path: Path) -> IO[bytes]:
    """The file's content as a binary stream, decompressing gzip transparently."""
    if is_gzip(path):
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_head(path: Path, size: int = SNIFF_BYTES) -> bytes:
    try:
        with open_binary(path) as f:
            return f.read(size)
    except (EOFError, gzip.BadGzipFile, OSError) as exc:
        raise FormatError(f"{path}: corrupt or truncated gzip ({exc})", path=path) from exc


def looks_binary(head: bytes) -> bool:
    """Mostly non-text bytes: not an NMEA or CSV file. A few bad bytes on some lines of a
    text log are not enough: those lines are rejected one by one at ingest."""
    if not head:
        return False
    text_like = len(head) - len(head.translate(None, _TEXT_BYTES))
    return text_like / len(head) < 0.9


_TEXT_BYTES = bytes([9, 10, 13, *range(32, 127)])


def sniff_format(path: Path) -> FileFormat:
    """Tell NMEA, CSV and Parquet apart from the file's first bytes."""
    check_exists(path)
    with path.open("rb") as f:
        magic = f.read(4)
    if magic == PARQUET_MAGIC:
        return FileFormat.PARQUET
    head = read_head(path)
    if looks_binary(head):
        raise FormatError(
            f"{path}: binary data, not an NMEA log, AIS CSV or Parquet file", path=path)
    lines = [raw.strip() for raw in head.splitlines()]
    lines = [ln for ln in lines if ln]
    # the header: the first line (DMA writes it as a comment, "# Timestamp,...,MMSI,...")
    # or the first line that is not a comment
    first = next((ln for ln in lines if not ln.startswith(b"#")), b"")
    headers = [lines[0].lstrip(b"# "), first] if lines else []
    if any(b"," in h and b"mmsi" in h.lower() and not _looks_nmea(h) for h in headers):
        return FileFormat.CSV
    # a log whose first lines are damaged is still a log: look a little further
    if any(_looks_nmea(ln) for ln in lines[:200]):
        return FileFormat.NMEA
    raise FormatError(
        f"{path}: not a recognised format (expected NMEA sentences, an AIS CSV with an MMSI "
        "column, or Parquet)", path=path)


def _looks_nmea(line: bytes) -> bool:
    return line.startswith(b"\\") or b"!" in line[:40] or b"$" in line[:40]


def iter_line_chunks(path: Path, lines_per_chunk: int) -> Iterator[list[str]]:
    """The file's lines (text, without line ends) in chunks of exactly ``lines_per_chunk``.

    Invalid bytes are kept visible as ``\\xNN`` escapes so that a rejected line can be read.
    Raises FormatError on a truncated or corrupt gzip stream.
    """
    for data, starts, _ in iter_byte_chunks(path, lines_per_chunk):
        # the whole chunk decoded at once: UTF-8 never puts a line end inside a character
        lines = decode_line(data).split("\n")
        if len(lines) > len(starts):   # the chunk's last line ended with a line end
            lines.pop()
        yield lines


def decode_line(data: bytes) -> str:
    """Bytes as text: ASCII, else UTF-8 with invalid bytes kept visible as ``\\xNN``."""
    try:
        return data.decode("ascii")
    except UnicodeDecodeError:
        return data.decode("utf-8", "backslashreplace")


ByteChunk = tuple[bytes, "npt.NDArray[np.int64]", "npt.NDArray[np.int64]"]


def iter_byte_chunks(path: Path, lines_per_chunk: int) -> Iterator[ByteChunk]:
    """The same chunks as :func:`iter_line_chunks`, as raw bytes: (data, starts, ends),
    line i being ``data[starts[i]:ends[i]]`` (without its line end)."""
    pending = bytearray()
    newlines = np.zeros(0, dtype=np.int64)  # positions of b"\n" in pending
    try:
        with open_binary(path) as f:
            while True:
                block = f.read(8 << 20)
                if not block:
                    break
                found = np.flatnonzero(np.frombuffer(block, dtype=np.uint8) == 10)
                newlines = np.concatenate([newlines, found + len(pending)])
                pending += block
                while len(newlines) >= lines_per_chunk:
                    ends = newlines[:lines_per_chunk]
                    cut = int(ends[-1]) + 1
                    yield _byte_chunk(bytes(pending[:cut]), ends)
                    del pending[:cut]
                    newlines = newlines[lines_per_chunk:] - cut
    except (EOFError, gzip.BadGzipFile, OSError) as exc:
        raise FormatError(f"{path}: corrupt or truncated gzip ({exc})", path=path) from exc
    if pending:
        ends = newlines
        if not pending.endswith(b"\n"):
            ends = np.concatenate([ends, [len(pending)]])
        yield _byte_chunk(bytes(pending), ends)


def _byte_chunk(data: bytes, ends: npt.NDArray[np.int64]) -> ByteChunk:
    ends = ends.astype(np.int64)
    starts = np.empty_like(ends)
    if len(ends):
        starts[0] = 0
        starts[1:] = ends[:-1] + 1
    return data, starts, ends
