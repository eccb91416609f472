"""Which of a person's columns feeds which canonical column: header and cells read together.

Every (their column, kit column) pair gets a score from the header (a known header, a known
phrase inside it, words that rule the pair out) and one from the cells (the share that are
dates, e-mail addresses, URLs, phone numbers, yes/no marks, courtesy titles, person names or
vocabulary words). Pairs are then assigned one-to-one, best total first: a column feeds at most
one kit column and a kit column takes at most one column (names from first, middle and last
name parts excepted). Cells overrule a misleading header: a "Reply received" column of dates is
the reply date, a "Title" column of Mr./Dr. is not the role.

The synonym and veto tables are data, in :mod:`infoview_kit.schema`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import schema
from .dates import looks_like_date

#: A pair is assigned when its header and cells together score at least this.
THRESHOLD = 2.0
_EXACT, _PHRASE = 3.0, 2.0
_VETO = float("-inf")
#: An empty column still serves when no other claims its kit column, but loses to one with data.
_EMPTY = -0.75
#: How many distinct values of a column are looked at to judge its content.
SAMPLE = 60
_SPARE = 8  # distinct values looked at beyond the sample, for blank and missing ones

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_URL = re.compile(r"^(?:https?://|www\.)|linkedin\.com/", re.IGNORECASE)
_PHONE = re.compile(r"^(?:tel:)?[+(]?[\d\s().\-/]{7,}(?:\s*(?:x|ext\.?)\s*\d+)?$", re.I)
_PERSON = re.compile(r"^[^\W\d_][\w'’.\-]*(?:\s+[^\W\d_][\w'’.\-]*){0,3}$")
#: How kit columns are named in messages.
LABELS = {
    "linkedin_url": "LinkedIn profile",
    "email": "e-mail",
    "added_on": "date added",
    "contacted_on": "date contacted",
    "responded_on": "reply date",
    "met_on": "meeting date",
    "thanked_on": "thank-you date",
    "last_contact_on": "last contact date",
    "next_follow_up_on": "next follow-up date",
    "referred_by": "referrer",
    "thanked": "thank-you mark",
}
_WORDS = re.compile(r"[a-z]+|\d+")
_DIGIT = re.compile(r"\d")
_TARGETS = (*schema.COLUMNS, *schema.NAME_PARTS, *schema.FLAG_TARGETS)
_DATES_OK = frozenset({*schema.DATE_COLUMNS, "responded", "thanked", "notes"})


class Choice(str):
    """The kit column a header was matched to (compares equal to the column's name), with
    ``why``: the reason, in plain words."""

    why: str = ""

    def __new__(cls, column: str, why: str = "") -> Choice:
        choice = super().__new__(cls, column)
        choice.why = why
        return choice


@dataclass
class Profile:
    """What a column's cells look like: the share of its distinct values of each kind."""

    count: int = 0
    kinds: dict[str, float] = field(default_factory=dict)
    texts: list[str] = field(default_factory=list, repr=False)
    lookup: object = None

    def share(self, kind: str) -> float:
        if kind not in self.kinds and kind in schema.VOCABULARIES and self.count:
            # vocabulary words are counted only for the columns asked about
            known = sum(self.lookup(kind, t) is not None for t in self.texts)
            self.kinds[kind] = known / self.count
        return self.kinds.get(kind, 0.0)

    def main_kind(self) -> str | None:
        """The kind most cells are, when most are one kind."""
        kind, share = max(self.kinds.items(), key=lambda item: item[1], default=(None, 0.0))
        return kind if share >= 0.5 else None


@dataclass
class Matching:
    """The outcome: ``taken[target] = position(s)``, explanations and close calls."""

    taken: dict[str, int] = field(default_factory=dict)
    parts: dict[str, int] = field(default_factory=dict)
    why: dict[int, Choice] = field(default_factory=dict)
    close_calls: list[tuple[int, str]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------


def words(header: object) -> tuple[str, ...]:
    """Lower-case ASCII words of a header: ``"E-mail 1 - Value"`` -> ``("email", "1", "value")``."""
    text = unicodedata.normalize("NFKD", str(header).lower()).encode("ascii", "ignore").decode()
    text = re.sub(r"\be-mail", "email", text).replace("thank-you", "thankyou")
    return tuple(_WORDS.findall(text))


_LONGEST = max(map(len, schema.HEADER_SYNONYMS))


@functools.lru_cache(maxsize=4096)
def header_scores(header: str) -> dict[str, float]:
    """Score of ``header`` for every kit column it may stand for (vetoed ones left out)."""
    found = words(header)
    if not found:
        return {}
    scores: dict[str, float] = {}
    whole = "".join(found)
    if whole in schema.HEADER_SYNONYMS:  # the whole header is a known one
        scores[schema.HEADER_SYNONYMS[whole]] = _EXACT + 0.25 * (len(found) - 1)
    for start in range(len(found)):  # a known phrase inside it, on word boundaries
        for end in range(start + 1, len(found) + 1):
            phrase = "".join(found[start:end])
            if len(phrase) > _LONGEST:  # no known phrase is longer: linear in a long header
                break
            target = schema.HEADER_SYNONYMS.get(phrase)
            if target is not None and len(phrase) >= 3:
                scores.setdefault(target, _PHRASE + 0.1 * (end - start - 1))
    vetoed = set(found)
    return {
        target: score
        for target, score in scores.items()
        if score >= _EXACT or not vetoed & schema.HEADER_VETOES.get(target, frozenset())
    }


def header_row_score(cells: list) -> int:
    """How much a record looks like the header of a contacts sheet (0: not at all).

    It must name a name column (or name parts); each other kit column it names adds one.
    """
    targets = set()
    for cell in cells:
        if isinstance(cell, str) and cell.strip():
            scores = header_scores(cell.strip())
            if scores:
                targets.add(max(scores, key=scores.get))
    if not targets & {"name", *schema.NAME_PARTS}:
        return 0
    return len(targets) + 5


# ---------------------------------------------------------------------------------------------
# Cells
# ---------------------------------------------------------------------------------------------


def profile(values: pd.Series, lookup) -> Profile:
    """The kinds of a column's distinct non-blank values (at most :data:`SAMPLE` of them)."""
    # Distinct values found in their own dtype (Arrow text hashes fast), then the few kept as
    # Python objects: missing and blank ones left out.
    distinct = np.asarray(values.unique()[: SAMPLE + _SPARE], dtype=object)
    pairs = [(v, t) for v, t in ((v, _as_text(v)) for v in distinct) if t][:SAMPLE]
    stamps = sum(1 for v, _ in pairs if hasattr(v, "year") and hasattr(v, "month"))
    texts = [t for _, t in pairs]
    n = len(texts)
    if not n:
        return Profile()
    # Dates, phone numbers, e-mails and web addresses need a digit, an @ or a dot: most
    # cells (names, companies, roles) are ruled out without their patterns.
    digits = [_DIGIT.search(t) is not None for t in texts]
    found = iter(looks_like_date([t for t, d in zip(texts, digits) if d]))
    dated = [d and next(found) for d in digits]
    tokens = [_token(t) if len(t) <= 12 else "" for t in texts]  # marks and titles are short
    lowered = [t.lower() for t in texts]
    dotted = ["." in t or "/" in t for t in texts]
    kinds = {
        "date": min((stamps + sum(dated)) / n, 1.0),
        "email": sum(o and "@" in t and bool(_EMAIL.match(t)) for t, o in zip(texts, dotted)) / n,
        "url": sum(o and bool(_URL.search(t)) for t, o in zip(texts, dotted)) / n,
        "linkedin": sum(o and "linkedin.com" in t for t, o in zip(lowered, dotted)) / n,
        "phone": sum(d and not a and bool(_PHONE.match(t)) for t, d, a in zip(texts, digits, dated))
        / n,
        "yesno": sum(t in schema.TRUE_WORDS or t in schema.FALSE_WORDS for t in tokens) / n,
        "honorific": sum(t in schema.HONORIFICS for t in tokens) / n,
        "person": sum(bool(_PERSON.match(t)) for t in texts) / n,
    }
    return Profile(n, kinds, texts, lookup)


def _as_text(value: object) -> str:
    if isinstance(value, float) and np.isnan(value):
        return ""
    return str(value).strip()


@functools.lru_cache(maxsize=4096)
def _token(text: str) -> str:
    joined = "".join(words(text))
    return joined or text.strip()


def content_score(target: str, cells: Profile) -> float:
    """How well the cells fit ``target``: from a veto (-inf) to +2."""
    if not cells.count:
        return _EMPTY
    share = cells.share
    if share("honorific") >= 0.5 or share("phone") >= 0.5:
        return _VETO  # Mr./Dr. or phone numbers: no kit column holds those
    if share("email") >= 0.5 and target not in ("email", "notes"):
        return _VETO
    if share("url") >= 0.5 and target not in ("linkedin_url", "notes"):
        return _VETO
    if share("date") >= 0.6 and target not in _DATES_OK:
        return _VETO
    if target == "email":
        return 2.0 if share("email") >= 0.5 else -2.0
    if target == "linkedin_url":
        if share("linkedin") >= 0.3:
            return 2.0
        return _VETO if share("url") >= 0.5 else -2.0
    if target in ("responded", "thanked"):
        return 2.0 if share("yesno") >= 0.5 else -1.0
    if target in schema.DATE_COLUMNS:
        if share("date") >= 0.5:
            return 2.0
        return 0.0 if share("date") >= 0.2 else -1.0
    if share("yesno") >= 0.8 and target not in ("notes", "priority", "status"):
        return _VETO
    if target in schema.VOCABULARIES:
        return 1.5 if share(target) >= 0.5 else 0.0
    if target in ("name", "referred_by", *schema.NAME_PARTS):
        return 1.0 if share("person") >= 0.5 else 0.0
    return 0.5


# ---------------------------------------------------------------------------------------------
# Assignment
# ---------------------------------------------------------------------------------------------


def _redirect(target: str, cells: Profile) -> str:
    """Cells that overrule the header's kind: a "Reply received" column of dates is the reply
    date; a "Thank you sent" column of Y/N marks says who was thanked, not when."""
    if target == "responded" and cells.share("date") >= 0.5:
        return "responded_on"
    if target == "thanked_on" and cells.share("yesno") >= 0.5 and cells.share("date") < 0.5:
        return "thanked"
    return target


def candidates(headers: list[str], profiles: dict[int, Profile]) -> list[tuple]:
    """Every (total, header score, position, target, the header's own target) worth
    considering, best first."""
    pairs = []
    for position, cells in profiles.items():
        header = headers[position]
        scored = dict(header_scores(header)) if header else {}
        for target in ("email", "linkedin_url"):  # cells alone can say these
            if target not in scored and cells.share(
                "email" if target == "email" else "linkedin"
            ) >= (0.8):
                scored[target] = 0.0
        for said, by_header in scored.items():
            target = _redirect(said, cells)
            if target == "sources" and words(header) != ("sources",):
                continue
            total = by_header + content_score(target, cells)
            pairs.append((total, by_header, position, target, said))
    pairs.sort(key=lambda pair: (-pair[0], -pair[1], pair[2]))
    return pairs


def assign(
    headers: list[str],
    profiles: dict[int, Profile],
    overrides: Mapping[str, str | None] | None = None,
) -> Matching:
    """Assign columns to kit columns one-to-one, best total first (see the module's notes)."""
    out = Matching()
    forced = {_key(h): t for h, t in (overrides or {}).items()}
    used: set[int] = set()
    for position in profiles:
        key = _key(headers[position])
        if key in forced:
            used.add(position)
            target = forced[key]
            if target is not None:
                _take(out, position, target, "you chose it")
    pairs = candidates(headers, profiles)
    for total, by_header, position, target, said in pairs:
        if total < THRESHOLD or position in used or _is_taken(out, target):
            continue
        used.add(position)
        _take(out, position, target, _reason(headers[position], target, said, by_header))
    if not _is_taken(out, "name") and not out.parts:  # the header said names: believe it
        for _, by_header, position, target, _ in pairs:
            named = target in ("name", *schema.NAME_PARTS) and by_header >= _PHRASE
            if named and position not in used:
                used.add(position)
                _take(out, position, target, f"'{headers[position]}' is the only name column")
                break
    if "name" in out.taken and out.parts:  # a full name wins over its parts
        for position in out.parts.values():
            out.why.pop(position)
        out.parts.clear()
    out.close_calls = _close_calls(headers, profiles, pairs, out)
    return out


def label_of(target: str) -> str:
    """A kit column as a message names it: ``"met_on"`` -> ``"meeting date"``."""
    return LABELS.get(target, target.replace("_", " "))


def _key(header: str) -> str:
    return "".join(words(header)) or str(header).strip()


def _is_taken(out: Matching, target: str) -> bool:
    return target in out.taken or target in out.parts


def _take(out: Matching, position: int, target: str, why: str) -> None:
    shown = "name" if target in schema.NAME_PARTS else target
    if target in schema.NAME_PARTS:
        out.parts[target] = position
    else:
        out.taken[target] = position
    out.why[position] = Choice(shown, why)


def _reason(header: str, target: str, said: str, by_header: float) -> str:
    label = label_of(target)
    if target != said:
        return f"'{header}' holds {_KIND_WORDS[target]}, so it is the {label}"
    if by_header >= _EXACT:
        said = f"'{header}' is a usual header for the {label}"
    elif by_header > 0:
        said = f"'{header}' mentions the {label}"
    else:
        said = f"the cells of '{header}' are {_KIND_WORDS.get(target, label)}"
    return said


_KIND_WORDS = {
    "email": "e-mail addresses",
    "linkedin_url": "LinkedIn profile addresses",
    "responded_on": "dates",
    "thanked": "yes/no marks (who was thanked)",
}
_KIND_NAMES = {
    "date": "dates",
    "email": "e-mail addresses",
    "url": "web addresses",
    "phone": "phone numbers",
    "yesno": "yes/no marks",
    "honorific": "courtesy titles such as Mr. or Dr.",
}


def _close_calls(headers, profiles, pairs, out: Matching) -> list[tuple[int, str]]:
    """Headers that looked like a kit column but were not used for it, in plain words."""
    calls: dict[int, str] = {}
    for total, by_header, position, target, _ in pairs:
        if by_header < _PHRASE or position in out.why or position in calls:
            continue
        if not profiles[position].count:
            continue  # an empty column: nothing to say about it
        parts = set(schema.NAME_PARTS) & set(header_scores(headers[position]))
        if parts and target in ("name", *schema.NAME_PARTS) and "name" in out.taken:
            continue  # parts of the full name the kit uses
        header, label = headers[position], label_of(target)
        winner = out.taken.get(target, out.parts.get(target))
        kind = _KIND_NAMES.get(profiles[position].main_kind() or "")
        if total == _VETO and kind:
            used = f", so '{headers[winner]}' is the {label}" if winner is not None else ""
            calls[position] = f"'{header}' holds {kind}{used}; '{header}' is kept as it is"
        elif winner is not None and headers[winner] != header:
            calls[position] = (
                f"'{header}' also looks like the {label} column; '{headers[winner]}' is used "
                f"for it and '{header}' is kept as it is"
            )
    return sorted(calls.items())
