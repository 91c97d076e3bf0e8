"""JSON token helpers of the aiscat kernel against Python's json module."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from wakewatch.ingest.decoders.json_tokens import skip_value, string_end, unescape


def _u8(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=30),
       st.booleans())
def test_unescape_is_json_loads(text: str, ascii_only: bool) -> None:
    doc = json.dumps(text, ensure_ascii=ascii_only) + ","
    buf = _u8(doc)
    out = np.zeros(4 * len(doc) + 8, dtype=np.uint8)
    end, o = unescape(buf, 1, len(buf), out, 0)
    assert string_end(buf, 1, len(buf)) == len(buf) - 1
    assert skip_value(buf, 0, len(buf)) == len(buf) - 1
    # left to a full JSON reader: raw non-ASCII bytes, \u0000 and surrogate pairs
    refused = ((not ascii_only and any(ord(c) >= 128 for c in text))
               or any(ord(c) > 0xFFFF for c in text) or "\x00" in text)
    if refused:
        assert end == -1
    else:
        assert end == len(buf) - 1
        assert out[:o].tobytes().decode("utf-8") == json.loads(doc[:-1])


def test_skip_nested_values() -> None:
    doc = '{"a":[1,{"b":"]}"}],"c":"x\\"y"} ,'
    buf = _u8(doc)
    assert skip_value(buf, 0, len(buf)) == doc.index(" ,")
    assert skip_value(buf, 0, 5) == -1  # unterminated
    num = _u8("-12.5e3}")
    assert skip_value(num, 0, len(num)) == len(num) - 1
