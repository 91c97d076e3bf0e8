"""AIS payload decoders behind one interface: pyais (MIT), numpy (wakewatch's own columnar
decoder for the common position reports, pyais for the rest) and aiscat (GPL, extra).

Both return the same raw decoded columns (:data:`DECODED_SCHEMA`); the "not available"
conventions are normalised afterwards in one place (``wakewatch.ingest.fields``), so the
decoders can be compared field by field in the conformance tests.
"""

from __future__ import annotations

import importlib.util

from wakewatch.errors import DecoderUnavailableError
from wakewatch.ingest.decoders.base import DECODED_SCHEMA, Decoder

NAMES = ("pyais", "numpy", "aiscat")


def aiscat_available() -> bool:
    return importlib.util.find_spec("aiscat") is not None


def get_decoder(name: str | None = None) -> Decoder:
    """The named decoder; by default "numpy" (pyais's results, columnar for the common
    messages, no optional dependency)."""
    if name is None:
        name = "numpy"
    if name == "pyais":
        from wakewatch.ingest.decoders.pyais_decoder import PyaisDecoder

        return PyaisDecoder()
    if name == "numpy":
        from wakewatch.ingest.decoders.numpy_decoder import NumpyDecoder

        return NumpyDecoder()
    if name == "aiscat":
        if not aiscat_available():
            raise DecoderUnavailableError(
                "decoder 'aiscat' is not installed: pip install 'wakewatch[fast]' "
                "or use --decoder pyais")
        from wakewatch.ingest.decoders.aiscat_decoder import AiscatDecoder

        return AiscatDecoder()
    raise DecoderUnavailableError(f"unknown decoder {name!r}: choose one of {', '.join(NAMES)}")


__all__ = ["DECODED_SCHEMA", "NAMES", "Decoder", "aiscat_available", "get_decoder"]
