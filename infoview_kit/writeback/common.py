"""What the two formats share: matching headers to the loader's column map, picking the
contacts' rows, and writing a value the way the column already writes it."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from itertools import islice

import pandas as pd

from ..errors import InfoviewError
from ..saving import FORMULA_START, needs_guard  # noqa: F401 (FORMULA_START: public here too)

#: Date styles people type, tried against the dates the loader read from the same cells.
DATE_FORMATS = (
    "%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y",
    "%b %d, %Y", "%B %d, %Y", "%d-%b-%Y", "%d/%m/%y", "%m/%d/%y", "%-d/%-m/%Y", "%-m/%-d/%Y",
    "%-d %b %Y", "%-d %B %Y", "%-d.%-m.%Y", "%Y/%m/%d", "%Y-%m-%d %H:%M:%S",
)  # fmt: skip
#: Headers for columns the sheet does not have yet, which the loader maps back.
PLAIN_HEADERS = {
    "company": "Company", "role": "Role", "industry": "Industry", "location": "Location",
    "seniority": "Seniority", "source": "Source", "referred_by": "Referred by",
    "channel": "Channel", "email": "Email", "linkedin_url": "LinkedIn URL",
    "added_on": "Date added", "contacted_on": "Date contacted", "responded_on": "Reply date",
    "met_on": "Meeting date", "thanked_on": "Thank-you sent", "status": "Status",
    "next_follow_up_on": "Next follow-up", "priority": "Priority", "notes": "Notes",
}  # fmt: skip
#: Columns the loader derives when the sheet lacks them: no column is added for them.
_DERIVED = frozenset({"last_contact_on", "responded", "sources", "name"})
_SAMPLE = 200


class TrackerError(InfoviewError, ValueError):
    """A change that cannot be made or saved; the message says why and what to do."""


def normalise(text: object) -> str:
    """Lower case, accents and every character but letters and digits removed."""
    plain = unicodedata.normalize("NFKD", "" if text is None else str(text))
    return "".join(c for c in plain.casefold() if c.isalnum())


def guarded(text: str) -> bool:
    """Whether ``text`` is written with a ``'`` in front: a spreadsheet would run it as a
    formula, or it looks guarded already (the same guard as ``save_contacts``)."""
    return needs_guard(text)


def positions(cells: Sequence[object], column_map: Mapping[str, str]) -> dict | None:
    """Canonical column -> 0-based positions in ``cells``, or None unless every header is there."""
    keys = [normalise(c) for c in cells]
    used: set[int] = set()
    out: dict[str, list[int]] = {}
    for header, column in column_map.items():
        wanted = normalise(header)
        found = next((i for i, k in enumerate(keys) if k == wanted and i not in used), None)
        if found is None:
            return None
        used.add(found)
        out.setdefault(column, []).append(found)
    return out


def blank(cells: Sequence[object]) -> bool:
    return all(c is None or not str(c).strip() for c in cells)


def pick_rows(records: list[tuple[int, list]], name_at: list[int], count: int) -> list[int]:
    """The records that are contacts: every non-blank one, else those with a name."""
    filled = [n for n, cells in records if not blank(cells)]
    if len(filled) == count:
        return filled
    named = [n for n, cells in records if not blank([cells[i] for i in name_at if i < len(cells)])]
    if len(named) == count:
        return named
    raise TrackerError(
        f"the file has {len(filled)} rows under its header but {count} contacts were read, so "
        "the kit cannot tell which row is whose. Save to a new file with save_as()."
    )


# ---------------------------------------------------------------------------------------------
# How a column writes its values
# ---------------------------------------------------------------------------------------------


def learn_date_format(texts: Iterable[object], values: pd.Series) -> str | None:
    """The strftime format that writes ``values`` as the cells' ``texts`` most often."""
    filled = (
        (t.strip(), v)
        for t, v in zip(texts, values)
        if isinstance(t, str) and t.strip() and v is not pd.NaT
    )
    pairs = list(islice(filled, _SAMPLE))  # a column keeps one style: a few hundred settle it
    best, hits = None, 0
    for fmt in DATE_FORMATS:
        score = sum(1 for t, v in pairs if v.strftime(fmt) == t)
        if score > hits:
            best, hits = fmt, score
    return best


def learn_yes_no(texts: Iterable[object], values: pd.Series) -> dict[bool, object]:
    """How the column writes yes and no, from its own cells (default ``yes``/``no``)."""
    seen: dict[bool, dict[object, int]] = {True: {}, False: {}}
    filled = ((t, bool(v)) for t, v in zip(texts, values) if t is not None and str(t).strip())
    for text, value in islice(filled, _SAMPLE * 10):
        seen[value][text] = seen[value].get(text, 0) + 1
    return {
        flag: max(counts, key=counts.get) if counts else ("yes" if flag else "no")
        for flag, counts in seen.items()
    }


def as_text(value: object, date_format: str, yes_no: Mapping[bool, object]) -> str:
    """A canonical value as the cell text the column uses."""
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime(date_format)
    if isinstance(value, bool):
        return str(yes_no[value])
    return str(value)


def split_name(name: str, parts: int) -> list[str]:
    """A full name over First/Last (or First/Middle/Last) columns."""
    words = str(name).split(maxsplit=1)
    first, rest = (words + ["", ""])[:2]
    return [first, *[""] * (parts - 2), rest] if parts >= 2 else [str(name)]


def missing_columns(edits: Mapping[int, Mapping[str, object]], columns: Mapping) -> list[str]:
    """Canonical columns the edits need that the file does not have, in the order first needed."""
    needed: dict[str, bool] = {}
    for changes in edits.values():
        for column, value in changes.items():
            if column in columns or column in _DERIVED or column not in PLAIN_HEADERS:
                continue
            if column == "status" and value != "declined":
                continue  # the loader derives other stages from the dates
            needed[column] = True
    return list(needed)
