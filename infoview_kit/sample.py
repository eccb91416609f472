"""Synthetic contacts for demos, workshops, tests and benchmarks. No real people.

Names are random pairings of common given and family names; employers are invented; e-mail
addresses use the reserved ``.example`` domain. Everything is drawn from a seeded generator, so
the same seed always gives the same frame.

>>> from infoview_kit.sample import make_contacts
>>> contacts = make_contacts(150, seed=1)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .cleaning import as_categories

GIVEN = [
    "Ada",
    "Amara",
    "Ana",
    "Arjun",
    "Beatriz",
    "Bilal",
    "Bruno",
    "Camille",
    "Chen",
    "Chidi",
    "Dara",
    "Diego",
    "Elif",
    "Emeka",
    "Esther",
    "Farah",
    "Felix",
    "Grace",
    "Hana",
    "Hugo",
    "Imani",
    "Ines",
    "Ivan",
    "Jamal",
    "Jana",
    "Joon",
    "Kai",
    "Kavya",
    "Lars",
    "Leila",
    "Lena",
    "Luca",
    "Maya",
    "Mateo",
    "Mei",
    "Mira",
    "Nadia",
    "Nikhil",
    "Noor",
    "Olu",
    "Omar",
    "Paula",
    "Priya",
    "Quinn",
    "Rafael",
    "Rania",
    "Rosa",
    "Sami",
    "Sana",
    "Sofia",
    "Tariq",
    "Tomas",
    "Uma",
    "Vera",
    "Wen",
    "Yara",
    "Yusuf",
    "Zara",
    "Zoe",
]
FAMILY = [
    "Abara",
    "Alvarez",
    "Bakker",
    "Banerjee",
    "Becker",
    "Castillo",
    "Chen",
    "Costa",
    "Dubois",
    "Eriksen",
    "Fischer",
    "Garcia",
    "Haddad",
    "Hansen",
    "Ibrahim",
    "Ito",
    "Jansen",
    "Kapoor",
    "Kowalski",
    "Larsen",
    "Lopez",
    "Mahmoud",
    "Marin",
    "Moreau",
    "Nakamura",
    "Novak",
    "Okafor",
    "Oliveira",
    "Park",
    "Patel",
    "Pereira",
    "Quispe",
    "Rahman",
    "Rossi",
    "Santos",
    "Schmidt",
    "Silva",
    "Singh",
    "Sousa",
    "Tanaka",
    "Torres",
    "Usman",
    "Varga",
    "Vogel",
    "Wang",
    "Weber",
    "Yilmaz",
    "Zhang",
    "Zielinski",
]
#: Invented employers and their industries.
EMPLOYERS = {
    "Northwind Analytics": "data & analytics",
    "Bluefin Health": "healthcare",
    "Cobalt & Finch": "consulting",
    "Harbor Lane Bank": "finance",
    "Greenleaf Energy": "energy",
    "Quillstone Publishing": "media",
    "Larkspur Labs": "biotech",
    "Meridian Transit Authority": "public sector",
    "Tidewater Foundation": "nonprofit",
    "Paperkite Software": "software",
    "Orchard Street Schools": "education",
    "Redwood & Pine Architects": "architecture",
    "Saltmarsh Robotics": "manufacturing",
    "Juniper City Council": "public sector",
    "Brightwell Media": "media",
    "Fernhill Capital": "finance",
    "Atlas Freight Co.": "logistics",
    "Kestrel Games": "software",
    "Silverline Insurance": "finance",
    "Mosaic Design Studio": "design",
}
ROLES = {
    "emerging": ("Analyst", "Associate", "Junior Designer", "Coordinator", "Research Assistant"),
    "mid-career": ("Product Manager", "Data Scientist", "Senior Engineer", "Consultant", "Editor"),
    "established": ("Director, Strategy", "VP Operations", "Partner", "Head of Research", "COO"),
}
CITIES = ("Toronto", "Chicago", "London", "Austin", "Berlin", "Melbourne", "Boston", "Denver")
NOTES = (
    "Met at the spring career fair",
    "Alumna, class of 2012; very generous with time",
    "Suggested reading: industry newsletter",
    "Prefers morning calls",
    "Knows the hiring team, but ask for advice only",
    "Follow up after the conference, she said",
    "Wrote a blog post on moving into the field",
)

#: Chance of an answer by how the contact was found (referrals answer most; cold least).
RESPONSE_CHANCE = {
    "referral": 0.78,
    "personal": 0.8,
    "alumni": 0.62,
    "event": 0.5,
    "linkedin": 0.34,
    "online-research": 0.3,
    "cold": 0.18,
    "other": 0.3,
}


@dataclass(frozen=True)
class Habits:
    """How one (synthetic) job seeker works their network."""

    weekly_outreach: float = 5.0
    referral_share: float = 0.25
    cold_share: float = 0.15
    response_luck: float = 1.0
    thank_rate: float = 0.85
    thank_delay_days: float = 1.0
    channels: tuple[float, ...] = (0.45, 0.3, 0.05, 0.1, 0.1, 0.0, 0.0)
    uncontacted_share: float = 0.12


def make_contacts(
    n: int = 150,
    *,
    seed: int = 0,
    as_of: str | pd.Timestamp = "2026-11-01",
    habits: Habits | None = None,
) -> pd.DataFrame:
    """Draw ``n`` synthetic contacts in the canonical frame.

    Parameters
    ----------
    n
        Number of contacts.
    seed
        Seed of the random generator: the same seed gives the same frame.
    as_of
        The day the sheet is "looked at": dates before it are history, meetings after it are
        scheduled, and statuses are written as of that day.
    habits
        How the job seeker works (outreach pace, referral share, thank-you discipline...).
    """
    habits = habits or Habits()
    rng = np.random.default_rng(seed)
    as_of = pd.Timestamp(as_of).normalize()
    day = pd.Timedelta(days=1)

    # Who they are
    if n <= len(GIVEN) * len(FAMILY):
        pairs = rng.choice(len(GIVEN) * len(FAMILY), size=n, replace=False)
    else:
        pairs = rng.integers(0, len(GIVEN) * len(FAMILY), size=n)
    given = np.array(GIVEN)[pairs // len(FAMILY)]
    family = np.array(FAMILY)[pairs % len(FAMILY)]
    names = pd.Series(given, dtype="str") + " " + pd.Series(family, dtype="str")
    employers = np.array(list(EMPLOYERS))
    employer = employers[rng.integers(0, len(employers), size=n)]
    seniority = rng.choice(schema.SENIORITY, size=n, p=[0.35, 0.42, 0.23])
    role_pick = rng.integers(0, 5, size=n)
    roles = np.array([ROLES[s][i] for s, i in zip(seniority, role_pick)]) if n else np.array([])

    # How they were found and reached
    others = 1.0 - habits.referral_share - habits.cold_share
    source_p = np.array(
        [
            habits.referral_share,
            0.35 * others,
            0.15 * others,
            0.15 * others,
            0.25 * others,
            0.10 * others,
            habits.cold_share,
            0.0,
        ]
    )
    source = rng.choice(schema.SOURCES, size=n, p=source_p / source_p.sum())
    channel_p = np.array(habits.channels, dtype=float)
    channel = rng.choice(schema.CHANNELS, size=n, p=channel_p / channel_p.sum())

    # The pipeline, in order of time: spread over enough weeks for the outreach pace
    weeks = min(max(4.0, n / max(habits.weekly_outreach, 0.5)), 156.0)  # at most 3 years
    start = as_of - pd.Timedelta(days=int(weeks * 7))
    offsets = np.sort(rng.uniform(0, weeks * 7 - 3, size=n)).astype(int)
    added = start + pd.to_timedelta(offsets, unit="D")
    contacted_mask = rng.random(n) > habits.uncontacted_share
    contacted = added + pd.to_timedelta(rng.integers(0, 6, size=n), unit="D")
    contacted_mask &= contacted.to_numpy() <= as_of.to_datetime64()  # nothing after "today"
    chance = np.vectorize(RESPONSE_CHANCE.get, otypes=[float])(source) if n else np.array([])
    responded = contacted_mask & (rng.random(n) < np.clip(chance * habits.response_luck, 0, 0.95))
    reply_days = np.ceil(rng.gamma(1.6, 2.6, size=n)).astype(int)
    responded_on = contacted + pd.to_timedelta(reply_days, unit="D")
    responded &= responded_on.to_numpy() <= as_of.to_datetime64()
    declined = responded & (rng.random(n) < 0.12)
    meets = responded & ~declined & (rng.random(n) < 0.85)
    met_on = responded_on + pd.to_timedelta(rng.integers(2, 15, size=n), unit="D")
    thanked = (
        meets & (met_on.to_numpy() < as_of.to_datetime64()) & (rng.random(n) < habits.thank_rate)
    )
    thank_delay = np.floor(rng.exponential(habits.thank_delay_days, size=n)).astype(int)
    thanked_on = met_on + pd.to_timedelta(thank_delay, unit="D")
    thanked &= thanked_on.to_numpy() <= as_of.to_datetime64()

    def dates(values, mask):
        return pd.Series(pd.DatetimeIndex(values).where(mask), dtype=schema.DATETIME_DTYPE)

    contacted_on = dates(contacted, contacted_mask)
    frame = pd.DataFrame(
        {
            "name": names,
            "company": pd.Series(employer, dtype="str"),
            "role": pd.Series(roles, dtype="str"),
            "industry": pd.Series(employer, dtype="str").map(EMPLOYERS).astype("str"),
            "location": pd.Series(
                np.array(CITIES)[rng.integers(0, len(CITIES), size=n)], dtype="str"
            ),
            "seniority": pd.Series(seniority, dtype="str"),
            "source": pd.Series(source, dtype="str"),
        }
    )
    frame["referred_by"] = _referrers(frame, meets, rng)
    frame["channel"] = pd.Series(channel, dtype="str")
    slug = (pd.Series(given, dtype="str") + "." + pd.Series(family, dtype="str")).str.lower()
    domain = frame["company"].str.lower().str.replace(r"[^a-z]+", "", regex=True) + ".example"
    has_email = rng.random(n) < 0.7
    frame["email"] = (slug + "@" + domain).where(has_email)
    frame["linkedin_url"] = "https://www.linkedin.com/in/" + slug.str.replace(".", "-", regex=False)
    frame["added_on"] = dates(added, np.ones(n, bool))
    frame["contacted_on"] = contacted_on
    frame["responded"] = responded
    frame["responded_on"] = dates(responded_on, responded)
    frame["met_on"] = dates(met_on, meets)
    frame["thanked_on"] = dates(thanked_on, thanked)
    past = [frame[c].where(frame[c] <= as_of) for c in schema.INTERACTION_COLUMNS]
    frame["last_contact_on"] = pd.concat(past, axis=1).max(axis=1).astype(schema.DATETIME_DTYPE)
    waiting = contacted_mask & ~responded
    follow_up = np.where(
        meets, frame["last_contact_on"] + 90 * day, frame["contacted_on"] + 10 * day
    )
    frame["next_follow_up_on"] = dates(follow_up, meets | waiting)
    status = np.select(
        [
            thanked,
            meets & (met_on.to_numpy() <= as_of.to_datetime64()),
            meets,
            declined,
            responded,
            contacted_mask,
        ],
        ["thanked", "met", "scheduled", "declined", "responded", "requested"],
        default="to-contact",
    )
    frame["status"] = pd.Series(status, dtype="str")
    frame["priority"] = pd.Series(
        rng.choice(["high", "medium", "low"], size=n, p=[0.25, 0.5, 0.25]), dtype="str"
    )
    notes = np.array(NOTES)[rng.integers(0, len(NOTES), size=n)]
    frame["notes"] = pd.Series(notes, dtype="str").where(rng.random(n) < 0.3)
    frame["sources"] = pd.Series([f"sample row {i + 2}" for i in range(n)], dtype="str")
    return as_categories(frame[list(schema.COLUMNS)])


def _referrers(frame: pd.DataFrame, meets: np.ndarray, rng: np.random.Generator) -> pd.Series:
    """Referral chains: each referral comes from someone met earlier in the list."""
    referral = (frame["source"] == "referral").to_numpy()
    met_index = np.flatnonzero(meets)
    earlier = np.searchsorted(met_index, np.arange(len(frame)))
    possible = referral & (earlier > 0)
    pick = np.floor(rng.random(len(frame)) * np.maximum(earlier, 1)).astype(int)
    referrer_index = (
        met_index[np.minimum(pick, max(len(met_index) - 1, 0))] if len(met_index) else pick
    )
    names = frame["name"].to_numpy(dtype=object)
    referred = np.where(possible, names[referrer_index] if len(names) else names, None)
    # The first referrals have nobody met before them: a friend or professor introduced them.
    outside = referral & ~possible
    introducers = np.array(["Prof. Elena Ruiz", "Sam (neighbour)", "Career centre adviser"])
    referred = np.where(outside, introducers[rng.integers(0, 3, size=len(frame))], referred)
    return pd.Series(referred, dtype="str")


#: The synthetic cohort: one job seeker per entry, with their habits.
COHORT = {
    "amara_okafor": Habits(weekly_outreach=7, referral_share=0.35, thank_rate=0.95),
    "bruno_salgado": Habits(weekly_outreach=3, cold_share=0.35, referral_share=0.1),
    "chen_wei": Habits(weekly_outreach=5, thank_rate=0.5, thank_delay_days=4),
    "dara_novak": Habits(weekly_outreach=9, response_luck=0.7),
    "elif_yilmaz": Habits(weekly_outreach=4, referral_share=0.45, cold_share=0.05),
    "felix_becker": Habits(weekly_outreach=2, uncontacted_share=0.4),
    "grace_mensah": Habits(weekly_outreach=6, channels=(0.2, 0.6, 0.05, 0.05, 0.1, 0.0, 0.0)),
    "hugo_moreau": Habits(weekly_outreach=5, thank_rate=0.3),
    "imani_park": Habits(weekly_outreach=8, referral_share=0.3, response_luck=1.2),
    "jamal_haddad": Habits(weekly_outreach=4, cold_share=0.5, referral_share=0.05),
    "kavya_singh": Habits(weekly_outreach=6, thank_rate=1.0, thank_delay_days=0.3),
    "lena_fischer": Habits(weekly_outreach=3, uncontacted_share=0.25, response_luck=0.9),
}


def make_cohort(
    *, seed: int = 0, as_of: str | pd.Timestamp = "2026-11-01"
) -> dict[str, pd.DataFrame]:
    """One synthetic contacts frame per cohort participant, keyed by a file-name-safe id."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(40, 160, size=len(COHORT))
    return {
        who: make_contacts(int(size), seed=seed + 1 + i, as_of=as_of, habits=habits)
        for i, ((who, habits), size) in enumerate(zip(COHORT.items(), sizes))
    }


def write_sample_data(directory: str | Path, *, seed: int = 0) -> list[Path]:
    """Write ``sample_contacts.csv`` and ``cohort/*.csv`` into ``directory`` (the bundled data)."""
    from .contacts import save_contacts

    directory = Path(directory)
    (directory / "cohort").mkdir(parents=True, exist_ok=True)
    written = [save_contacts(make_contacts(150, seed=seed), directory / "sample_contacts.csv")]
    for who, frame in make_cohort(seed=seed).items():
        written.append(save_contacts(frame, directory / "cohort" / f"{who}.csv"))
    return written


__all__ = ["COHORT", "Habits", "make_cohort", "make_contacts", "write_sample_data"]
