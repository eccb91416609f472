"""The items a weekly plan chooses from, in the order they are worth doing (see plan.py)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from .advice import advice_follow_ups
from .followups import LATE_DAYS, FollowUpRules, follow_ups
from .targets import MATCH_SCORE, match_targets, normalise_employer
from .waiting import reply_chance, reply_times

ITEM_COLUMNS = ["earliest", "latest", "minutes", "action", "name", "company", "why", "held"]
#: Who is likeliest to answer: warm introductions first, cold requests last.
WARMTH = ["referral", "alumni", "personal", "event", "linkedin", "online-research", "other", "cold"]
PRIORITY = {"high": 0, "medium": 1, "low": 2}
NEAR_SCORE = 80  # rapidfuzz token_set_ratio: employers sharing their main words
DAY = pd.Timedelta(days=1)
#: A thank-you or a word to the referrer more than this late is catching up, not "within a
#: day": it goes after the week's new requests, so old gaps do not crowd out new outreach.
LATE = LATE_DAYS * DAY
#: Keep-in-touch notes planned in one week at most (most overdue first); the rest wait, so
#: that a long backlog of quiet contacts does not crowd out the week's new requests.
KEEP_IN_TOUCH_PER_WEEK = 5


def candidates(contacts, today, est, *, targets, weekly_goal, events, rules) -> pd.DataFrame:
    """Every item worth doing this week, in the order of the plan's priorities."""
    week_end = today + 6 * DAY
    rules = replace(rules or FollowUpRules(), prepare_days=7)  # every meeting of the week
    due = follow_ups(contacts, as_of=today, rules=rules)
    due = due[due["due"] <= week_end]
    owed = due["action"].isin(["send a thank-you", "tell the referrer"])
    late = due[owed & (due["due"] < today - LATE)]
    due = due.drop(late.index)
    employer = _employers(contacts["company"])
    table = None
    if targets is not None:  # the list as match_targets reads it; who is there, matched here
        table = match_targets(contacts.iloc[:0], targets)
    rank = _target_rank(employer, table)
    if table is not None:
        counts = rank.value_counts()
        table = table.assign(n_contacts=[int(counts.get(i, 0)) for i in range(len(table))])
    pool = never_asked(contacts, rank)
    chasing, asked = _three_b_seven(contacts, employer, pool, due, today, est)
    parts = [
        _from_follow_ups(due, "send a thank-you", est.thank_you, today),
        _from_follow_ups(due, "prepare for the conversation", est.prepare, today, latest=DAY),
        chasing,
        _from_follow_ups(due, "tell the referrer", est.follow_up, today),
        _from_follow_ups(
            advice_follow_ups(contacts, as_of=today, events=events), None, est.follow_up, today
        ),
        _keep_in_touch(due, contacts, rank, table is not None, today, est),
    ]
    made = contacts["contacted_on"].between(today, week_end).sum()
    goal = max(int(weekly_goal) - int(made) - asked, 0)
    busy = set(_waiting_employers(contacts, employer, today)) | set(
        chasing["company"].dropna().map(normalise_employer)
    )
    parts.append(_new_requests(contacts, employer, pool, rank, table, busy, today, est, goal))
    parts.append(_catch_up(late, today, est))
    return pd.concat([_frame(p) for p in parts], ignore_index=True)


def _employers(company: pd.Series) -> pd.Series:
    """Each company's normalised name ("" when missing), worked out once per distinct name."""
    codes, names = pd.factorize(company)
    normal = np.array([normalise_employer(n) for n in names] + [""], dtype=object)
    return pd.Series(normal[codes], index=company.index, dtype="str")


def _frame(part: pd.DataFrame) -> pd.DataFrame:
    out = part.reindex(columns=ITEM_COLUMNS)
    out["held"] = out["held"].eq(True)
    return out.astype(
        {"earliest": "datetime64[ns]", "latest": "datetime64[ns]", "minutes": "int64"}
    )


def _from_follow_ups(due, action, minutes, today, latest=None) -> pd.DataFrame:
    """Follow-ups of one action (all when None), each from its due day (or today); with
    ``latest``, any day from today until that long after the due day."""
    rows = due if action is None else due[due["action"] == action]
    return pd.DataFrame(
        {
            "earliest": rows["due"].clip(lower=today) if latest is None else today,
            "latest": rows["due"] + latest if latest is not None else pd.NaT,
            "minutes": minutes,
            "action": rows["action"].astype("str"),
            "name": rows["name"],
            "company": rows["company"],
            "why": rows["reason"],
        }
    )


def _catch_up(late, today, est) -> pd.DataFrame:
    """Thank-yous and words to referrers owed for weeks: still worth a short note, after the
    week's new requests."""
    thanks = _from_follow_ups(late, "send a thank-you", est.thank_you, today)
    told = _from_follow_ups(late, "tell the referrer", est.follow_up, today)
    return pd.concat([thanks, told]).sort_index(kind="stable")


def _target_rank(employer: pd.Series, table: pd.DataFrame | None) -> pd.Series:
    """Each contact's place in the target list (NaN when not at a target employer)."""
    rank = pd.Series(np.nan, index=employer.index)
    if table is None:
        return rank
    from rapidfuzz import fuzz, process

    wanted = table["employer"].map(normalise_employer).to_numpy(dtype=object)
    known = pd.unique(employer[employer != ""].to_numpy(dtype=object))
    if not len(known) or not len(wanted):
        return rank
    scores = process.cdist(wanted, known, scorer=fuzz.token_sort_ratio, workers=1)
    hits = (scores >= MATCH_SCORE) | (wanted[:, None] == known[None, :])
    first = np.where(hits.any(axis=0), hits.argmax(axis=0), np.nan)
    return employer.map(dict(zip(known, first, strict=True))).astype("float64")


def _answered(contacts, today) -> pd.Series:
    replied_on = contacts["responded_on"]
    said = contacts["responded"].fillna(False).astype(bool)
    return said & (replied_on.isna() | (replied_on <= today))


def _three_b_seven(contacts, employer, pool, due, today, est) -> tuple[pd.DataFrame, int]:
    """3B7 items: one polite follow-up per unanswered request, one "someone else" per employer
    (a named person when the list has one); none for an employer where someone has answered
    since a month before the request. Also returns how many items are new requests."""
    steps = due[
        due["action"].isin(["try someone else at the employer", "send one polite follow-up"])
    ]
    asked = _lookup(contacts, steps, "contacted_on")
    # Someone at the employer answered in this round (from a month before this request on):
    # that employer is no longer chased.
    replied = contacts["responded_on"].where(_answered(contacts, today))
    latest = replied[employer != ""].groupby(employer[employer != ""]).max()
    where = _employers(steps["company"]).to_numpy()
    answer = pd.Series(latest.reindex(where).to_numpy(), index=steps.index, dtype="datetime64[ns]")
    keep = ~(answer >= asked - 30 * DAY)
    steps, asked = steps[keep], asked[keep]
    times = reply_times(contacts, as_of=today)
    words = {
        days: reply_chance(contacts, days, as_of=today, times=times).words
        for days in pd.unique((today - asked).dt.days.dropna())
    }
    waited = (today - asked).dt.days.map(words).fillna("")
    items = []
    seen: set[str] = set()
    for (_, step), said in zip(steps.iterrows(), waited, strict=True):
        if step["action"] == "send one polite follow-up":
            why = f"{step['reason']} {said}".strip()
            items.append(_item(step["due"], today, est.follow_up, step["action"], step, why))
            continue
        where = normalise_employer(step["company"])
        if where in seen:
            continue
        if where:  # people with no employer in the sheet are not all at one employer
            seen.add(where)
        other = pool[(employer[pool.index] == where) & (where != "")].head(1)
        opening = f"No reply from {step['name']} after 3 business days (3B7)"
        if len(other):
            why = f"{opening}: ask someone else at {step['company']}. {said}".strip()
            items.append(_item(step["due"], today, est.request, "ask for a conversation",
                               other.iloc[0], why))  # fmt: skip
        else:
            there = (
                f", and nobody else there on your list: find another person at {step['company']}"
                if where
                else ": find another person in the same field"  # no employer in the sheet
            )
            why = f"{opening}{there} (alumni search, LinkedIn). {said}".strip()
            items.append(_item(step["due"], today, est.request, step["action"], step, why))
    chasing = pd.DataFrame(items, columns=ITEM_COLUMNS)
    requests = chasing["action"].isin(
        ["ask for a conversation", "try someone else at the employer"]
    )
    return chasing, int(requests.sum())


def _item(due, today, minutes, action, person, why) -> dict:
    return {
        "earliest": max(pd.Timestamp(due), today),
        "latest": pd.NaT,
        "minutes": minutes,
        "action": action,
        "name": person["name"],
        "company": person["company"],
        "why": why,
    }


def _lookup(contacts, rows, column) -> pd.Series:
    """``column`` of the sheet's first row with each row's name and company."""
    key = contacts["name"].astype("str") + "\x1f" + contacts["company"].fillna("").astype("str")
    first = contacts[column].groupby(key.to_numpy(), sort=False).first()
    wanted = rows["name"].astype("str") + "\x1f" + rows["company"].fillna("").astype("str")
    return pd.Series(first.reindex(wanted.to_numpy()).to_numpy(), index=rows.index)


def never_asked(contacts: pd.DataFrame, rank: pd.Series | None = None) -> pd.DataFrame:
    """People never asked (no request, reply or meeting, not declined), best first: target
    employers in list order (``rank``), then the warmest way in (a referral, then alumni, a
    personal tie, an event...), then their priority, then the sheet's order."""
    status = contacts["status"].astype("str")
    free = contacts["contacted_on"].isna() & contacts["name"].notna() & (status != "declined")
    free &= contacts["met_on"].isna() & ~contacts["responded"].fillna(False).astype(bool)
    order = pd.DataFrame(
        {
            "rank": np.nan if rank is None else rank,
            "warmth": contacts["source"].astype("str").map({s: i for i, s in enumerate(WARMTH)}),
            "priority": contacts["priority"].astype("str").str.lower().map(PRIORITY),
            "row": np.arange(len(contacts)),
        },
        index=contacts.index,
    )[free]
    order = order.fillna({"rank": np.inf, "warmth": len(WARMTH), "priority": len(PRIORITY)})
    return contacts.loc[order.sort_values(["rank", "warmth", "priority", "row"]).index]


def _waiting_employers(contacts, employer, today) -> pd.Series:
    """Employers with a request from the last 30 days still unanswered: 3B7 handles them."""
    asked = contacts["contacted_on"]
    waiting = (asked <= today) & (asked >= today - 30 * DAY) & ~_answered(contacts, today)
    return employer[waiting & (employer != "")]


def _keep_in_touch(due, contacts, rank, targeted, today, est) -> pd.DataFrame:
    """People gone quiet, most overdue first; only those at target employers when there is a
    target list. Beyond :data:`KEEP_IN_TOUCH_PER_WEEK`, they are held for a later week."""
    rows = due[due["action"] == "keep in touch"]
    if targeted:
        at_targets = set(_employers(contacts["company"])[rank.notna()])
        rows = rows[_employers(rows["company"]).isin(at_targets)]
    items = _from_follow_ups(rows, None, est.follow_up, today)
    return items.assign(held=np.arange(len(items)) >= KEEP_IN_TOUCH_PER_WEEK)


def _new_requests(contacts, employer, pool, rank, table, busy, today, est, goal) -> pd.DataFrame:
    """One new request per employer not being chased, best first; for each target employer
    with nobody on the list, someone who could introduce you, or a nudge to find someone."""
    pool = pool[~employer[pool.index].isin(busy)]
    where = employer[pool.index]
    pool = pool[~where.duplicated() | (where == "")]  # one per employer
    asks = pd.DataFrame(
        {
            "rank": rank[pool.index],
            "row": pool.index,
            "earliest": today,
            "latest": pd.NaT,
            "minutes": est.request,
            "action": "ask for a conversation",
            "name": pool["name"],
            "company": pool["company"],
            "why": None,
        }
    ).head(goal)  # the pool is best first, and targets lead it
    if table is not None:
        empty = table[table["n_contacts"] == 0]
        who = _introducers(contacts, today) if len(empty) else None
        intros = [
            _introduction(who, employer, t, today, est) | {"rank": i} for i, t in empty.iterrows()
        ]
        asks = pd.concat([asks, pd.DataFrame(intros)], ignore_index=True)
    asks["rank"] = asks["rank"].fillna(np.inf)
    asks = asks.sort_values("rank", kind="stable").head(goal)
    chosen = asks["why"].isna()
    asks.loc[chosen, "why"] = [
        _why_ask(contacts.loc[row], r)
        for row, r in zip(asks.loc[chosen, "row"], asks.loc[chosen, "rank"], strict=True)
    ]
    return asks.drop(columns=["rank", "row"])


def _why_ask(person, rank) -> str:
    source = "" if pd.isna(person["source"]) else str(person["source"])
    reasons = ["on your target list"] if rank != np.inf else []
    if pd.notna(person["referred_by"]):
        reasons.append(f"{person['referred_by']} introduced you")
    elif source in ("alumni", "personal", "event"):
        reasons.append({"alumni": "a fellow alum", "personal": "a personal connection",
                        "event": "you met at an event"}[source])  # fmt: skip
    said = "; ".join(reasons) if reasons else "not asked yet"
    return (
        f"{said[0].upper()}{said[1:]}. Ask for 20 to 30 minutes of advice, toward your weekly goal."
    )


def _introducers(contacts, today) -> pd.DataFrame:
    """People who could introduce you: referrers (kind 0), alumni (1), people you have met
    (2); best kind first, then in the sheet's order."""
    referrers = set(contacts["referred_by"].dropna().str.casefold())
    is_referrer = contacts["name"].str.casefold().isin(referrers).to_numpy()
    alum = (contacts["source"].astype("str") == "alumni").to_numpy()
    met = (contacts["met_on"] <= today).to_numpy()
    kind = pd.Series(np.select([is_referrer, alum, met], [0, 1, 2], 3), index=contacts.index)
    kind = kind[kind < 3].sort_values(kind="stable")
    return contacts.loc[kind.index].assign(kind=kind)


def _introduction(who, employer_of, target, today, est) -> dict:
    """Who at or near a target employer could introduce you: a referrer, an alum or someone
    you have met, at an employer sharing the target's main words (fuzzy)."""
    from rapidfuzz import fuzz

    employer = target["employer"]
    wanted = normalise_employer(employer)
    known = pd.unique(employer_of[who.index].to_numpy(dtype=object))
    close = {k for k in known if k and wanted and fuzz.token_set_ratio(wanted, k) >= NEAR_SCORE}
    who = who[employer_of[who.index].isin(close)]
    base = {"earliest": today, "latest": pd.NaT, "minutes": est.request}
    if len(who):
        person = who.iloc[0]
        role = ["has introduced people before", "a fellow alum", "you have met"][person["kind"]]
        return base | {
            "action": "ask for an introduction",
            "name": person["name"],
            "company": person["company"],
            "why": f"Nobody at {employer} on your list yet; {person['name']} ({role}, at "
            f"{person['company']}) could introduce you: ask who they would suggest there.",
        }
    return base | {
        "action": "find a first contact",
        "name": None,
        "company": employer,
        "why": f"Nobody at {employer} on your list yet, and nobody near it to introduce you: "
        "look for alumni there (your school's alumni search, LinkedIn), then ask for advice.",
    }
