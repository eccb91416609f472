"""Which encoding a text file is in: what a spreadsheet program most likely wrote.

A byte-order mark first, then strict UTF-8, then a detector's guess, then Windows-1252 and
Latin-1; binary data is refused with what to export instead. A file pasted together from a
UTF-8 export and a Windows one is found here too (:mod:`.mixed` reads it cell by cell).
"""

from __future__ import annotations

import numpy as np

from ..errors import ContactsError

__all__ = ["SNIFF_BYTES", "cell_decoded", "checked_text", "decode", "mixes_encodings"]

#: How much of a file is decoded to find its encoding, delimiter and header.
SNIFF_BYTES = 256 * 1024
#: Every byte but the control characters no text holds (tab, line breaks and form feed aside).
_NOT_CONTROL = bytes(b for b in range(256) if b > 31 or b in (9, 10, 12, 13))


def decode(data: bytes, label: str) -> tuple[str, str]:
    """Decode ``data`` to text, choosing the encoding a spreadsheet program most likely used.

    A byte-order mark decides first (Excel's "CSV UTF-8" and "Unicode Text"); then strict UTF-8;
    then the best guess of charset-normalizer; then Windows-1252, and Latin-1, which reads any
    byte, so no file is refused for its encoding alone.
    """
    boms = (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    )
    for bom, encoding in boms:
        if data.startswith(bom):
            try:
                return checked_text(data.decode(encoding), label), encoding
            except UnicodeDecodeError:
                break
    try:
        return checked_text(data.decode("utf-8"), label), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_binary(data[:SNIFF_BYTES]):
        raise _binary_error(label)
    candidates = []
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[:SNIFF_BYTES]).best()
        if best is not None:
            candidates.append(best.encoding)
    except Exception:  # a detector failure only means one guess fewer
        pass
    # Excel's plain "CSV" on Western-European Windows is cp1252; prefer it to look-alikes the
    # detector may return for a short file, when it reads the bytes just as well.
    candidates = ["cp1252"] + [c for c in candidates if c not in ("cp1252", "windows-1252")]
    candidates += ["latin-1"]
    for encoding in candidates:
        try:
            return checked_text(data.decode(encoding), label), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    raise _binary_error(label)  # unreachable: latin-1 decodes any bytes


def mixes_encodings(data: bytes) -> bool:
    """Whether ``data`` (not valid UTF-8 as a whole) holds UTF-8 text beside other bytes: a
    file pasted together from a UTF-8 export and a Windows (cp1252) one."""
    return _has_utf8_sequence(data) and not _looks_binary(data[:SNIFF_BYTES])


def _has_utf8_sequence(data: bytes) -> bool:
    """Whether ``data`` holds a well-formed UTF-8 sequence of two to four bytes (a lead byte
    ``C2``-``DF``, ``E0``-``EF`` or ``F0``-``F4`` followed by one, two or three continuation
    bytes ``80``-``BF``). Only the bytes that can lead one are looked at."""
    codes = np.frombuffer(data, dtype=np.uint8)
    lead = np.flatnonzero((codes >= 0xC2) & (codes <= 0xF4))
    first = codes[lead]
    need = np.where(first <= 0xDF, 1, np.where(first <= 0xEF, 2, 3))
    ok = lead + need < len(codes)  # room for its continuation bytes
    lead, first, need = lead[ok], first[ok], need[ok]
    formed = np.ones(len(lead), dtype=bool)
    for k in (1, 2, 3):
        after = codes[np.minimum(lead + k, len(codes) - 1)]
        formed &= (need < k) | ((after >= 0x80) & (after <= 0xBF))
    return bool(formed.any())


def cell_decoded(text: str) -> tuple[str, bool]:
    """A cell read as Latin-1 decoded as it reads right: UTF-8 where its bytes are UTF-8, each
    other byte as cp1252. Returns the text and whether any byte was not UTF-8."""
    if text.isascii():
        return text, False
    raw = text.encode("latin-1")
    parts, other, start = [], False, 0
    while True:
        try:
            parts.append(raw[start:].decode("utf-8"))
            break
        except UnicodeDecodeError as error:
            parts.append(raw[start : start + error.start].decode("utf-8"))
            byte = raw[start + error.start : start + error.start + 1]
            try:
                parts.append(byte.decode("cp1252"))
            except UnicodeDecodeError:  # five bytes cp1252 leaves undefined
                parts.append(byte.decode("latin-1"))
            other, start = True, start + error.start + 1
    return "".join(parts), other


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    return len(sample.translate(None, _NOT_CONTROL)) / len(sample) > 0.05


def checked_text(text: str, label: str) -> str:
    sample = text[:SNIFF_BYTES]
    # Control characters are single bytes in UTF-8: what is left when every other byte goes.
    control = len(sample.encode("utf-8", "surrogatepass").translate(None, _NOT_CONTROL))
    if sample and control / len(sample) > 0.05:
        raise _binary_error(label)
    return text


def _binary_error(label: str) -> ContactsError:
    return ContactsError(
        f"{label} does not look like a spreadsheet: it holds binary data, not text or an .xlsx "
        "workbook. Export your contacts as CSV or .xlsx and try that file."
    )
