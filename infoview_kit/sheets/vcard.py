"""vCard files (.vcf) from iPhone/iCloud, Google Contacts and Monica, read with ``vobject``.

Each card becomes one row under headers the loader knows ("Name", "First Name", "Company",
"Job Title", "Email", "LinkedIn"...). vobject unfolds long lines, splits ``N`` and ``ORG`` into
their parts and undoes ``NOTE`` escapes; grouped properties (``item1.URL`` with
``item1.X-ABLabel``) arrive as ordinary ones.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ContactsError
from .text import RawTable, _short

_COLUMNS = (
    "Name", "First Name", "Middle Name", "Last Name", "Company", "Department", "Job Title",
    "Email", "LinkedIn", "Website", "Phone", "Notes", "Birthday", "Categories",
)  # fmt: skip


def is_vcard(text: str) -> bool:
    """Whether ``text`` is a vCard file (its first line opens a card)."""
    return text.lstrip("\ufeff \t\r\n")[:11].upper() == "BEGIN:VCARD"


def read_vcards(text: str, encoding: str, label: str) -> RawTable:
    """One row per card; several e-mails or phones go to "Email", "Email 2"..."""
    import vobject

    records = []
    try:
        for card in vobject.readComponents(text, ignoreUnreadable=True):
            if card.name.upper() == "VCARD":
                records.append(_record(card))
    except Exception as exc:  # vobject raises its own errors on damaged cards
        raise ContactsError(
            f"{label} is a vCard file (contacts from a phone or an address book) that could not "
            f"be read ({_short(exc)}). Export the contacts again, or as CSV if the app offers it."
        ) from None
    if not records:
        raise ContactsError(f"{label} is a vCard file with no contact cards in it.")
    frame = pd.DataFrame.from_records(records)
    ordered = [c for c in _COLUMNS if c in frame] + sorted(c for c in frame if c not in _COLUMNS)
    frame = frame[ordered]
    headers = list(frame.columns)
    frame.columns = range(len(headers))
    return RawTable(
        headers=headers,
        cells=frame.astype(object).where(frame.notna(), None),
        rows=np.arange(1, len(frame) + 1, dtype=np.int64),  # the card's position in the file
        header_row=0,
        encoding=encoding,
        notes=[f"{label} is a vCard file; each of its {len(records)} cards is one contact."],
        formula_guarded=False,
        kind="vcard",
    )


def _record(card) -> dict[str, str]:
    contents = card.contents
    record: dict[str, str] = {}

    def first(key: str):
        values = contents.get(key)
        return values[0].value if values else None

    record["Name"] = first("fn")
    name = first("n")
    if name is not None and hasattr(name, "given"):
        record["First Name"] = _joined(name.given)
        record["Middle Name"] = _joined(name.additional)
        record["Last Name"] = _joined(name.family)
    org = first("org")
    if org:
        parts = [org] if isinstance(org, str) else list(org)
        record["Company"] = parts[0]
        record["Department"] = ", ".join(p for p in parts[1:] if p)
    record["Job Title"] = first("title")
    _numbered(record, "Email", [e.value for e in contents.get("email", [])])
    _numbered(record, "Phone", [t.value for t in contents.get("tel", [])])
    # Google writes "https\://": vCard 3.0 escapes that vobject leaves in URL values.
    urls = [
        u.value.replace("\\:", ":") for u in contents.get("url", []) if isinstance(u.value, str)
    ]
    linkedin = [u for u in urls if "linkedin.com" in u.lower()]
    _numbered(record, "LinkedIn", linkedin)
    _numbered(record, "Website", [u for u in urls if u not in linkedin])
    record["Notes"] = first("note")
    birthday = first("bday")
    record["Birthday"] = str(birthday) if birthday else None
    categories = first("categories")
    if categories:
        record["Categories"] = ", ".join(categories) if isinstance(categories, list) else categories
    return {k: v.strip() for k, v in record.items() if isinstance(v, str) and v.strip()}


def _joined(part) -> str:
    return " ".join(part) if isinstance(part, list) else (part or "")


def _numbered(record: dict, header: str, values: list) -> None:
    for number, value in enumerate(values, start=1):
        record[header if number == 1 else f"{header} {number}"] = value
