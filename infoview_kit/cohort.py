"""A cohort of participants: keyed pseudonyms, each person's figures, the cohort's spread and
"You and your cohort" for a participant's report.

Privacy by design: a pseudonym is an HMAC of the person's name under a secret kept with the
cohort (made on first use), so nobody with a list of names can undo it; labels never repeat
within a cohort; and figures of a group with fewer than :data:`MIN_GROUP` people are never
shown to a participant.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from . import insights
from .as_of import as_timestamp
from .contacts import check_contacts
from .followups import follow_ups

__all__ = [
    "COMPARED",
    "MIN_GROUP",
    "SECRET_FILE",
    "cohort_figures",
    "cohort_secret",
    "cohort_table",
    "participant_figures",
    "pseudonym",
    "pseudonyms",
    "you_and_your_cohort",
]

#: Cohort figures are only shown to a participant for groups of at least this many people.
MIN_GROUP = 5
#: The per-cohort secret, kept beside the output (never inside a report).
SECRET_FILE = ".cohort-secret"
_SHORTEST = 6  # hex digits of a label; lengthened where two people would share one
SHEET_SUFFIXES = (".csv", ".xlsx", ".tsv", ".txt")

#: What "You and your cohort" compares, in the words a job seeker reads.
COMPARED = {
    "outreach_per_week": "Requests sent per week (last 4 weeks)",
    "response_rate": "Share of requests answered",
    "met": "Conversations held",
    "thank_you_rate": "Conversations followed by a thank-you",
}


def cohort_secret(folder: str | os.PathLike, secret_file: str | os.PathLike | None = None) -> bytes:
    """The cohort's secret: read from ``secret_file`` (or ``folder/.cohort-secret``), made on
    first use (32 random bytes, readable by its owner only, never through a symbolic link)."""
    path = Path(secret_file) if secret_file else Path(folder) / SECRET_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except FileExistsError:
        text = path.read_text(encoding="ascii", errors="replace").strip()
        if len(text) < 32:
            raise ValueError(
                f"{path} holds no usable secret: delete it to make a new one."
            ) from None
        return text.encode("ascii")
    text = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(text + "\n")
    return text.encode("ascii")


def _folder_secret(folder: str | os.PathLike) -> bytes:
    """The secret beside a folder of sheets or, where that folder cannot be written (an
    installed package's sample cohort), in the user's own ``~/.infoview-kit`` folder."""
    try:
        return cohort_secret(folder)
    except PermissionError:
        key = hashlib.sha256(str(Path(folder).resolve()).encode("utf-8")).hexdigest()[:16]
        home = Path.home() / ".infoview-kit" / "cohort-secrets"
        home.mkdir(parents=True, exist_ok=True, mode=0o700)
        return cohort_secret(home, home / key)


def _digest(name: str, secret: bytes) -> str:
    return hmac.new(secret, name.encode("utf-8"), hashlib.sha256).hexdigest().upper()


def pseudonym(name: str, secret: bytes, *, length: int = _SHORTEST) -> str:
    """A keyed pseudonym: the same name and secret always give the same label.

    Without the secret, a list of names does not lead back to the labels. Use
    :func:`pseudonyms` for a whole cohort: it also keeps labels distinct.
    """
    return f"Participant {_digest(name, secret)[:length]}"


def pseudonyms(names: Iterable[str], secret: bytes) -> dict[str, str]:
    """A distinct label for each distinct name: labels that would collide are lengthened
    (only those), so everyone else keeps theirs from one run to the next."""
    digests = {name: _digest(name, secret) for name in dict.fromkeys(names)}
    length = dict.fromkeys(digests, _SHORTEST)
    while True:
        seen: dict[str, list[str]] = {}
        for name, digest in digests.items():
            seen.setdefault(digest[: length[name]], []).append(name)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            break
        for group in clashes:
            for name in group:
                length[name] += 1
    return {name: f"Participant {digests[name][: length[name]]}" for name in digests}


def participant_figures(
    contacts: pd.DataFrame, *, as_of: object = None, due: pd.DataFrame | None = None
) -> dict:
    """One person's figures: the report's headline, what the cohort compares and what the
    coach's index shows (plain numbers, JSON-able; NaN where there is nothing to count).
    ``due`` is :func:`~infoview_kit.follow_ups` as of the same day, when already worked out."""
    day = as_timestamp(as_of)
    stages = insights.funnel(contacts, as_of=day)
    if due is None:
        due = follow_ups(contacts, as_of=day)
    asked = contacts["contacted_on"]
    asked = asked[asked.notna() & (asked <= day)]
    overdue = due[due["overdue"]] if len(due) else due
    thanks = (overdue["action"] == "send a thank-you").sum() if len(overdue) else 0
    last = asked.max() if len(asked) else pd.NaT
    contacted, responded, met = (int(stages[k]) for k in ("contacted", "responded", "met"))
    return {
        "contacts": int(stages["listed"]),
        "contacted": contacted,
        "responded": responded,
        "response_rate": responded / contacted if contacted else float("nan"),
        "met": met,
        "thanked": int(stages["thanked"]),
        "thank_you_rate": int(stages["thanked"]) / met if met else float("nan"),
        "requests_this_week": int((asked > day - pd.Timedelta(days=7)).sum()),
        "outreach_per_week": float((asked > day - pd.Timedelta(days=28)).sum()) / 4,
        "days_since_outreach": float((day - last).days) if pd.notna(last) else float("nan"),
        "follow_ups_due": int(len(due)),
        "follow_ups_overdue": int(len(overdue) - thanks),
        "thanks_overdue": int(thanks),
    }


def cohort_figures(people: Iterable[Mapping]) -> dict:
    """The cohort's median and middle half for each compared figure, JSON-able, for
    ``network_report.ipynb``'s ``cohort_figures``. A figure known for fewer than
    :data:`MIN_GROUP` people is suppressed (``None``)."""
    frame = pd.DataFrame(list(people))
    spread = {}
    for key in COMPARED:
        values = frame[key].dropna() if key in frame else pd.Series(dtype=float)
        if len(values) < MIN_GROUP:
            spread[key] = None
            continue
        q1, median, q3 = np.quantile(values.astype(float), [0.25, 0.5, 0.75])
        spread[key] = {"median": float(median), "low": float(q1), "high": float(q3)}
    return {"people": int(len(frame)), "figures": spread}


def _words(key: str, value: float) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return "not yet known"
    if key in ("response_rate", "thank_you_rate"):
        return f"{value:.0%}"
    return f"{value:.1f}".removesuffix(".0")


def you_and_your_cohort(
    contacts: pd.DataFrame,
    cohort: Mapping,
    *,
    as_of: object = None,
    due: pd.DataFrame | None = None,
):
    """ "You and your cohort": the person's figures next to the cohort's median and middle half,
    in plain words (escaped HTML for the report). Figures of fewer than :data:`MIN_GROUP`
    people are not shown; ``due`` as for :func:`participant_figures` (the report's own)."""
    from .views import HTML, table

    you = participant_figures(contacts, as_of=as_of, due=due)
    spread = cohort.get("figures", {})
    shown = [key for key in COMPARED if spread.get(key)]
    intro = (
        "<h2>You and your cohort</h2><p>How your numbers compare with the others in your "
        "group. The middle half of the group lies between the two numbers shown: a figure "
        "outside that range is neither good nor bad in itself, only worth a look.</p>"
    )
    if not shown:
        return HTML(
            intro + f"<p><em>Your group is too small (fewer than {MIN_GROUP} people) to "
            "show its figures without exposing anyone.</em></p>"
        )
    rows = []
    for key in shown:
        s = spread[key]
        mine = you[key]
        text = _words(key, mine)
        if key == "response_rate" and you["contacted"]:
            low, high = insights.wilson_interval(you["responded"], you["contacted"])
            text += f" (likely between {float(low):.0%} and {float(high):.0%})"
        rows.append(
            {
                "": COMPARED[key],
                "You": text,
                "Typical in your group": _words(key, s["median"]),
                "Middle half of your group": f"{_words(key, s['low'])} to {_words(key, s['high'])}",
                "Where you are": _where(mine, s),
            }
        )
    hidden = len(COMPARED) - len(shown)
    note = (
        f"<p>{hidden} figure(s) left out: fewer than {MIN_GROUP} people had one.</p>"
        if hidden
        else ""
    )
    return HTML(intro + table(pd.DataFrame(rows)).body + note + _caveat())


def _where(mine: float, spread: Mapping) -> str:
    if mine is None or np.isnan(mine):
        return "nothing to compare yet"
    if mine < spread["low"]:
        return "below most of your group"
    if mine > spread["high"]:
        return "above most of your group"
    return "like most of your group"


def _caveat() -> str:
    return (
        "<p>With few requests your share answered is uncertain: the range in brackets is "
        "where it plausibly lies.</p>"
    )


def cohort_table(
    cohort_dir: str | os.PathLike,
    *,
    as_of: object = None,
    anonymize: bool = True,
    secret: bytes | None = None,
) -> pd.DataFrame:
    """One row per participant sheet in ``cohort_dir``: outreach, answers, meetings, habits.

    Columns: participant, contacted, responded, rate, low, high, met, thank_you_rate,
    overdue, problems, error. A sheet that cannot be read gets a row with its error. With
    ``anonymize`` participants are keyed pseudonyms (the secret made in ``cohort_dir`` on first
    use unless given) and errors never name the file.
    ``cohort_dir`` may also be a batch's output folder: the figures are then read from its
    ``summary.csv``.
    """
    if (Path(cohort_dir) / "summary.csv").is_file():
        return _from_summary(Path(cohort_dir), anonymize=anonymize, secret=secret)
    paths = sorted(p for p in Path(cohort_dir).iterdir() if p.suffix.lower() in SHEET_SUFFIXES)
    labels = {p.stem: p.stem.replace("_", " ").title() for p in paths}
    if anonymize:
        labels = pseudonyms([p.stem for p in paths], secret or _folder_secret(cohort_dir))
    rows = []
    for path in paths:
        row = {"participant": labels[path.stem]}
        try:
            report = check_contacts(path)
        except Exception as exc:  # one broken sheet must not hide the others
            error = str(exc)
            if anonymize:
                error = scrub(error, [str(path), path.name, path.stem], labels[path.stem])
            rows.append({**row, "error": error})
            continue
        f = participant_figures(report.contacts, as_of=as_of)
        row.update({k: f[k] for k in ("contacted", "responded", "met", "thank_you_rate")})
        row.update(overdue=f["follow_ups_overdue"] + f["thanks_overdue"])
        rows.append({**row, "problems": len(report.problems), "error": ""})
    return _with_rates(pd.DataFrame(rows))


def _from_summary(folder: Path, *, anonymize: bool, secret: bytes | None) -> pd.DataFrame:
    """The cohort table of a batch, from its ``summary.csv`` (as the batch named people)."""
    summary = pd.read_csv(folder / "summary.csv")
    frame = pd.DataFrame({"participant": summary["owner"].astype(str)})
    stems = [Path(str(i)).stem for i in summary["input"]]
    if anonymize and not all(str(o).startswith("Participant ") for o in summary["owner"]):
        labels = pseudonyms(stems, secret or _folder_secret(folder))
        frame["participant"] = [labels[s] for s in stems]
    for column in ("contacted", "responded", "met", "thank_you_rate", "problems"):
        frame[column] = summary.get(column, np.nan)
    frame["overdue"] = summary["follow_ups_overdue"] + summary["thanks_overdue"]
    errors = summary["error"].fillna("").astype(str)
    if anonymize:
        errors = [scrub(e, [s], p) for e, s, p in zip(errors, stems, frame["participant"])]
    frame["error"] = list(errors)
    return _with_rates(frame)


def _with_rates(frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        return frame
    frame = frame.reindex(columns=[*frame.columns.union(["contacted", "responded"], sort=False)])
    contacted, responded = frame["contacted"].astype(float), frame["responded"].astype(float)
    frame["low"], frame["high"] = insights.wilson_interval(responded, contacted)
    with np.errstate(invalid="ignore", divide="ignore"):
        frame["rate"] = np.where(contacted > 0, responded / contacted, np.nan)
    order = ["participant", "contacted", "responded", "rate", "low", "high", "met"]
    return frame.reindex(columns=[*order, "thank_you_rate", "overdue", "problems", "error"])


def scrub(text: str, secrets_: Iterable[str], label: str) -> str:
    """``text`` with every one of ``secrets_`` (a path, a file name, a name) replaced by
    ``label``, longest first, ignoring case."""
    import re

    for word in sorted({s for s in secrets_ if s}, key=len, reverse=True):
        text = re.sub(re.escape(word), label, text, flags=re.IGNORECASE)
    return text
