""" "Do I know anyone here?": match a target-employer list to the contacts.

The list is the 2-Hour Job Search's LAMP list: employer, alumni, motivation, posting. Employer
names are compared after dropping case, punctuation and legal suffixes ("Stripe, Inc." is
"Stripe"), then fuzzily with rapidfuzz, so small spelling differences still match.
"""

from __future__ import annotations

import os
import re

import numpy as np
import pandas as pd

from .sheets import normalise_header

__all__ = ["match_targets", "normalise_employer"]

_SUFFIXES = re.compile(
    r"\b(incorporated|inc|llc|llp|ltd|limited|gmbh|ag|sa|sas|bv|nv|plc|corp|corporation|co|"
    r"company|group|holdings|the)\b"
)
_TARGET_HEADERS = {
    "employer": "employer",
    "company": "employer",
    "organisation": "employer",
    "organization": "employer",
    "target": "employer",
    "alumni": "alumni",
    "alum": "alumni",
    "motivation": "motivation",
    "interest": "motivation",
    "posting": "posting",
    "postings": "posting",
    "jobposting": "posting",
}
MATCH_SCORE = 88  # rapidfuzz token_sort_ratio, 0-100


def normalise_employer(name: object) -> str:
    """``"Stripe, Inc."`` -> ``"stripe"``; ``"The Northwind Group"`` -> ``"northwind"``."""
    if not isinstance(name, str):
        return ""
    text = re.sub(r"[^\w\s&]", " ", name.lower())
    text = _SUFFIXES.sub(" ", text)
    return " ".join(text.split())


def _read_targets(targets: pd.DataFrame | str | os.PathLike) -> pd.DataFrame:
    frame = targets if isinstance(targets, pd.DataFrame) else pd.read_csv(targets, dtype="str")
    renamed = {c: _TARGET_HEADERS.get(normalise_header(c), c) for c in frame.columns}
    frame = frame.rename(columns=renamed)
    if "employer" not in frame.columns:
        raise ValueError(
            "The target list needs an 'Employer' column (one employer per row); its columns are "
            + ", ".join(
                map(str, targets.columns if isinstance(targets, pd.DataFrame) else frame.columns)
            )
        )
    return frame.dropna(subset=["employer"]).reset_index(drop=True)


def match_targets(
    contacts: pd.DataFrame, targets: pd.DataFrame | str | os.PathLike
) -> pd.DataFrame:
    """For each target employer: who you know there and what to do next.

    Parameters
    ----------
    contacts
        The canonical frame.
    targets
        A DataFrame or CSV path with an Employer column and optionally Alumni, Motivation and
        Posting (the LAMP list), in any order.

    Returns
    -------
    DataFrame with the target list's columns, then ``contacts`` (names there, with their status),
    ``n_contacts`` and ``next_step``.
    """
    from rapidfuzz import fuzz, process

    table = _read_targets(targets)
    wanted = table["employer"].map(normalise_employer).to_numpy(dtype=object)
    companies = contacts["company"].dropna()
    unique = pd.unique(companies.to_numpy(dtype=object))
    known = np.array([normalise_employer(c) for c in unique], dtype=object)
    if len(unique) and len(wanted):
        scores = process.cdist(wanted, known, scorer=fuzz.token_sort_ratio, workers=1)
        exact = wanted[:, None] == known[None, :]
        matches = (scores >= MATCH_SCORE) | exact
        matches &= (known != "")[None, :]
    else:
        matches = np.zeros((len(wanted), len(unique)), dtype=bool)
    people_at = {
        company: group
        for company, group in contacts[contacts["company"].notna()].groupby("company")
    }
    listed, counts, steps = [], [], []
    for row, target in enumerate(table.itertuples(index=False)):
        there = [people_at[c] for c in unique[matches[row]]] if matches.shape[1] else []
        people = pd.concat(there) if there else contacts.iloc[0:0]
        listed.append(", ".join(f"{n} ({s})" for n, s in zip(people["name"], people["status"])))
        counts.append(len(people))
        steps.append(_next_step(target, people))
    out = table.copy()
    out["contacts"] = pd.Series(listed, dtype="str")
    out["n_contacts"] = pd.Series(counts, dtype="int64")
    out["next_step"] = pd.Series(steps, dtype="str")
    return out


def _next_step(target, people: pd.DataFrame) -> str:
    employer = target.employer
    status = people["status"]
    met = people[status.isin(["met", "thanked"])]
    if len(met):
        return f"Ask {met['name'].iloc[0]} who else you could speak to at {employer}."
    fresh = people[status.isin(["to-contact"]) | status.isna()]
    if len(fresh):
        return f"Request a conversation with {fresh['name'].iloc[0]}."
    waiting = people[status.isin(["requested"])]
    if len(waiting):
        return (
            f"Waiting on {waiting['name'].iloc[0]}: after 3 business days, try someone else there."
        )
    answered = people[status.isin(["responded", "scheduled"])]
    if len(answered):
        return f"Set a time with {answered['name'].iloc[0]} and prepare your questions."
    alumni = str(getattr(target, "alumni", "") or "").strip().lower()
    if alumni and alumni not in ("no", "n", "0", "nan", "false"):
        return f"Find alumni at {employer} (your school's alumni search) and ask for advice."
    return f"Find a first contact at {employer}: alumni, LinkedIn, or ask people you have met."
