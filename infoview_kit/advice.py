"""The advice loop: advice noted after a conversation comes back a month later as a follow-up.

The guides' advice: when someone gives you advice, act on it, then tell them what you did with
it; it is the most natural reason to be back in touch. Advice is found in two places:

- a ``note`` event logged for the person on or after the day you met (``events``: name, event,
  on, note, as a tracker keeps them);
- the notes column, one note a line, optionally dated (``2026-05-03: read the newsletter``),
  when the note reads as advice ("Advice: ...", "Tip: ...", "suggested ...", "recommended ...",
  "advised ...", "told me to ..."). An undated note counts from the day you met.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from .as_of import as_timestamp
from .dates import held

__all__ = ["ADVICE_ACTION", "advice_follow_ups", "advice_in", "noted_advice"]

ADVICE_ACTION = "tell them what you did with their advice"
_DATED = re.compile(r"^\s*\[?(\d{4}-\d{2}-\d{2})\]?\s*[:\-–]?\s*(.*)$", re.S)
_ADVICE = re.compile(
    r"^\s*(?:advice|tips?|suggestions?|recommendations?)\s*:"
    r"|\b(?:suggested|suggests|recommended|recommends|advised|advises|told me to|"
    r"said (?:i|to) should|said to)\b",
    re.IGNORECASE,
)
_COLUMNS = ["name", "company", "noted_on", "advice"]


def advice_in(notes: object) -> list[str]:
    r"""The lines of a notes cell that read as advice, without their leading date.

    >>> advice_in("2026-05-03: Prefers calls\nAdvice: read the annual report first")
    ['Advice: read the annual report first']
    """
    if not isinstance(notes, str):
        return []
    lines = (_DATED.match(line) for line in notes.splitlines())
    texts = [
        m.group(2).strip() if m else line.strip() for m, line in zip(lines, notes.splitlines())
    ]
    return [text for text in texts if _ADVICE.search(text)]


def _from_notes(contacts: pd.DataFrame) -> pd.DataFrame:
    """Advice-like lines of the notes column, with their date when the line starts with one."""
    notes = contacts["notes"].dropna().astype("str").str.split(r"\r?\n").explode()
    notes = notes[notes.str.strip() != ""]
    parts = notes.str.extract(_DATED)
    # a line dated outside the years the kit reads (0024-09-10) is kept whole, as undated
    dated = held(pd.to_datetime(parts[0], errors="coerce", format="%Y-%m-%d"))
    text = parts[1].where(dated.notna(), notes).str.strip()
    keep = text.str.contains(_ADVICE, na=False)
    return pd.DataFrame({"row": text.index[keep], "on": dated[keep].to_numpy(), "note": text[keep]})


def _from_events(contacts: pd.DataFrame, events: pd.DataFrame | None) -> pd.DataFrame:
    """``note`` events matched to the sheet's rows by name (ignoring case and spacing)."""
    if events is None or not len(events):
        return pd.DataFrame({"row": [], "on": pd.Series(dtype="datetime64[ns]"), "note": []})
    notes = events[events["event"].astype("str").str.casefold() == "note"]
    key = contacts["name"].astype("str").str.casefold().str.split().str.join(" ")
    rows = pd.Series(np.arange(len(contacts)), index=key.to_numpy())
    rows = rows[~rows.index.duplicated()]
    names = notes["name"].astype("str").str.casefold().str.split().str.join(" ")
    row = names.map(rows)
    found = row.notna() & notes["note"].notna()
    return pd.DataFrame(
        {
            "row": contacts.index[row[found].astype("int64")],
            "on": held(pd.to_datetime(notes.loc[found, "on"])).dt.normalize().to_numpy(),
            "note": notes.loc[found, "note"].astype("str").str.strip().to_numpy(),
        }
    )


def noted_advice(
    contacts: pd.DataFrame, *, as_of: object = None, events: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The advice each person gave you, noted after your conversation and by ``as_of``.

    Parameters
    ----------
    contacts
        The canonical frame (uses name, company, met_on and notes).
    as_of
        The day to look from (default today).
    events
        Logged events (name, event, on, note); every ``note`` event on or after the meeting
        is advice.

    Returns
    -------
    DataFrame with columns name, company, noted_on, advice, in the order of the sheet.
    """
    return _noted(contacts, as_timestamp(as_of), events).drop(columns="row")


def _noted(contacts: pd.DataFrame, today: pd.Timestamp, events) -> pd.DataFrame:
    """``noted_advice`` with, per item, the label of its row in the sheet."""
    met = contacts[contacts["met_on"] <= today]  # advice comes from a conversation
    found = pd.concat([_from_notes(met), _from_events(contacts, events)], ignore_index=True)
    met = contacts["met_on"].reindex(found["row"]).to_numpy()
    noted = found["on"].fillna(pd.Series(met, index=found.index)).astype("datetime64[ns]")
    keep = (met <= today) & (noted >= met) & (noted <= today)  # NaT compares False
    found, noted = found[keep], noted[keep]
    out = pd.DataFrame(
        {
            "name": contacts.loc[found["row"], "name"].to_numpy(),
            "company": contacts.loc[found["row"], "company"].to_numpy(),
            "noted_on": noted.to_numpy(),
            "advice": found["note"].to_numpy(),
            "row": found["row"].to_numpy(),
        }
    )
    order = np.argsort(contacts.index.get_indexer(found["row"]), kind="stable")
    return (
        out.iloc[order]
        .reset_index(drop=True)
        .astype({"name": "str", "company": "str", "advice": "str", "noted_on": "datetime64[ns]"})
    )


def advice_follow_ups(
    contacts: pd.DataFrame,
    *,
    as_of: object = None,
    events: pd.DataFrame | None = None,
    after_days: int = 30,
    horizon_days: int = 7,
    let_rest_days: int = 60,
) -> pd.DataFrame:
    """Tell people what you did with their advice, about a month after they gave it.

    An item falls due ``after_days`` after the advice was noted. It is listed when due by
    ``as_of`` plus ``horizon_days``, unless you have been in touch since the week after the
    advice (``last_contact_on``), or it has been overdue for more than ``let_rest_days``.

    Parameters
    ----------
    contacts
        The canonical frame.
    as_of
        The day to plan from (default today).
    events
        Logged events (name, event, on, note), as for :func:`noted_advice`.
    after_days
        Days from the advice to telling them what you did with it.
    horizon_days
        Also list what falls due this many days after ``as_of``.
    let_rest_days
        Drop items overdue for longer than this.

    Returns
    -------
    DataFrame shaped like :func:`~infoview_kit.follow_ups`' output: name, company, action,
    due, reason, overdue; earliest first.
    """
    today = as_timestamp(as_of)
    advice = _noted(contacts, today, events)
    due = advice["noted_on"] + pd.Timedelta(days=after_days)
    last = pd.Series(contacts.loc[advice["row"], "last_contact_on"].to_numpy(), advice.index)
    done = last > advice["noted_on"] + pd.Timedelta(days=7)
    keep = (
        ~done
        & (due <= today + pd.Timedelta(days=horizon_days))
        & (due >= today - pd.Timedelta(days=let_rest_days))
    )
    advice, due = advice[keep], due[keep]
    when = advice["noted_on"].dt.strftime("%d %B").str.lstrip("0")
    reason = (
        "On " + when + ' you noted their advice: "' + advice["advice"].str.rstrip(".") + '". '
        "Tell them what you did with it, and thank them again."
    )
    out = pd.DataFrame(
        {
            "name": advice["name"],
            "company": advice["company"],
            "action": pd.Series(ADVICE_ACTION, index=advice.index, dtype="str"),
            "due": due,
            "reason": reason.astype("str"),
            "overdue": due < today,
        }
    )
    return out.sort_values("due", kind="stable").reset_index(drop=True)
