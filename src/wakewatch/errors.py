"""One exception root for wakewatch.

    WakewatchError                 anything wakewatch refuses to do, explained in one line
    ├── InputError                 the user's input cannot be used (exit code 1)
    │   ├── InputNotFoundError     a named file does not exist
    │   ├── FormatError            a file's format is not recognised / is corrupt
    │   └── NoTimestampError       an NMEA file has no usable time and no --assume-time
    ├── StoreError                 the embedded database cannot be opened or written
    ├── DecoderUnavailableError    an optional decoder (aiscat) was asked for but is not installed
    └── SimulationError            (wakewatch.sim.records) a simulated record AIS cannot express

Every error carries structured context (``path``, ``line_no`` ...) next to its message so
that callers (CLI, API) can render it without parsing text. Bulk paths never raise per bad
record: they count and keep rejected input (see ``wakewatch.ingest.outcomes``).
"""

from __future__ import annotations

from pathlib import Path


class WakewatchError(Exception):
    """Root of every error wakewatch raises on purpose."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        return self.message


class InputError(WakewatchError):
    """The user's input cannot be used; the CLI exits with code 1."""


class InputNotFoundError(InputError):
    """A named input file does not exist."""


class FormatError(InputError):
    """A file is not in a format wakewatch knows, or is corrupt (e.g. truncated gzip)."""


class NoTimestampError(InputError):
    """An NMEA file carries no usable time and no ``--assume-time`` was given."""

    def __init__(self, message: str, *, path: str | Path | None = None,
                 hint_time: str | None = None) -> None:
        super().__init__(message, path=path)
        self.hint_time = hint_time


class StoreError(WakewatchError):
    """The embedded database cannot be opened or written."""


class DecoderUnavailableError(WakewatchError):
    """An optional decoder was requested but its package is not installed."""
