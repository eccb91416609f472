"""How the kit compares names: one rule (accents dropped, case folded, white space collapsed),
for one value and for whole columns.

A column's names are compared in Arrow: plain ASCII names (nearly all) are lower-cased at once,
and only the few with odd white space or letters beyond ASCII go through Python's rule, once
per distinct value. The loader uses the same helpers for the Arrow text of its columns.
"""

from __future__ import annotations

import unicodedata

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["find_names", "name_key", "name_text_key"]


def name_key(names: pd.Series) -> pd.Series:
    """Names as compared (see :func:`name_text_key`), for a whole column: ``"  José  DIAZ"``,
    ``"jose diaz"`` and ``"JOSE DIAZ"`` have one key. Missing stays missing."""
    return pd.Series(pd.array(name_keys(names), dtype="str"), index=names.index)


def name_text_key(text: object) -> str:
    """The kit's one rule for comparing names: accents dropped, case folded (``"ß"`` is
    ``"ss"``), white space trimmed and collapsed.

    >>> name_text_key("  Zoë  STRAßE ")
    'zoe strasse'
    """
    plain = unicodedata.normalize("NFKD", str(text))
    plain = "".join(c for c in plain if not unicodedata.combining(c))
    return " ".join(plain.casefold().split())


def find_names(names: pd.Series, wanted: pd.Series) -> np.ndarray:
    """For each of ``wanted``, the position in ``names`` of the first name that matches it
    (see :func:`name_key`), or -1."""
    found = pc.index_in(name_keys(wanted), value_set=name_keys(names), skip_nulls=True)
    return found.fill_null(-1).to_numpy(zero_copy_only=False)


#: Text that :func:`name_text_key` only lower-cases: ASCII with single inner spaces (Python's
#: ``str.split`` also splits on ``\v`` and ``\x1c``-``\x1f``, which RE2's ``\s`` does not know).
_NOT_PLAIN = r"[\t-\r\x1c-\x1f]|^ | $|  "


def arrow_text(texts: pd.Series) -> pa.Array:
    """A column as one piece of Arrow text (the ``str`` dtype holds Arrow text already)."""
    if not isinstance(texts.dtype, pd.StringDtype):
        texts = texts.astype("str")
    text = texts.array.__arrow_array__()  # chunked for Arrow's own, one array for Python's
    return text.combine_chunks() if isinstance(text, pa.ChunkedArray) else text


def name_keys(names: pd.Series) -> pa.Array:
    """:func:`name_text_key` of every value, as Arrow text, null where missing. Plain ASCII
    names (nearly all) are lower-cased in Arrow; the others get the rule itself, once per
    distinct value."""
    text = arrow_text(pd.Series(names)).cast(pa.large_string())
    return plain_or_ruled(pc.ascii_lower(text), text, name_text_key)


def plain_or_ruled(plain: pa.Array, text: pa.Array, rule) -> pa.Array:
    """``plain`` where ``text`` is plain (see :func:`not_plain`), and ``rule`` of ``text``'s
    value where it is not, worked out once per distinct value: the few values with odd spaces
    or letters beyond ASCII get Python's own rule, the others Arrow's quick one."""
    other = not_plain(text)
    if not pc.any(other).as_py():  # missing values (null) are plain
        return plain
    other = other.fill_null(False)
    rows = np.flatnonzero(other.to_numpy(zero_copy_only=False))
    values = text.take(rows).to_pylist()
    ruled = {value: rule(value) for value in set(values)}
    return pc.replace_with_mask(plain, other, pa.array([ruled[v] for v in values], plain.type))


def text_bytes(text: pa.Array) -> np.ndarray:
    """The UTF-8 bytes of every value of ``text`` (one Arrow array) together, as they lie in
    its buffer (no copy), from its first value's start to its last value's end."""
    offsets, data = text.buffers()[1:3]
    if data is None or not len(text):
        return np.zeros(0, np.uint8)
    large = pa.types.is_large_string(text.type) or pa.types.is_large_binary(text.type)
    offsets = np.frombuffer(offsets, dtype=np.int64 if large else np.int32)
    start, end = offsets[text.offset], offsets[text.offset + len(text)]
    return np.frombuffer(data, dtype=np.uint8)[start:end]


def not_plain(text: pa.Array) -> pa.Array:
    """Which values are not plain (see :data:`_NOT_PLAIN`), null where missing: plain text
    needs no trimming or collapsing of white space. The text's bytes are looked at all together
    first: without a control character or two spaces in a row anywhere, a value is plain unless
    it is not ASCII or starts or ends with a space, which Arrow tells quickly."""
    codes = text_bytes(text)
    low, high = (codes.min(), codes.max()) if codes.size else (32, 0)  # faster than any()
    if low < 32 or ((codes[1:] == 32) & (codes[:-1] == 32)).any():
        found = pc.match_substring_regex(text, _NOT_PLAIN)
    else:
        found = pc.or_(pc.starts_with(text, " "), pc.ends_with(text, " "))
    if high > 127:
        found = pc.or_(found, pc.invert(pc.string_is_ascii(text)))
    return found
