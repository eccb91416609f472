"""Several files are one network: the same person across files becomes one row.

People keep a LinkedIn export, a tracker and their phone's contacts side by side. Rows of
different files are the same person when they share a LinkedIn profile, then an e-mail address,
then a name and a company (case and accents ignored); their fields combine, the furthest status
and the latest contact win, and ``sources`` names every file and row. Within one file, rows that
look like the same person are kept apart and listed as problems: the person decides.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from . import cleaning, schema
from .names import arrow_text, name_keys, text_bytes
from .report import ContactsReport

#: How rows are recognised as one person, strongest first, with the words used to say so.
KEYS = (
    ("linkedin_url", "the same LinkedIn profile"),
    ("email", "the same e-mail address"),
    ("name_company", "the same name and company"),
)
_STAGE = {status: rank for rank, status in enumerate(schema.STATUSES)}


def _plain(series: pd.Series) -> pa.Array:
    """The kit's name rule (case folded, accents dropped, spaces collapsed; see
    :func:`infoview_kit.names.name_text_key`); blank or missing is null."""
    text = name_keys(series)
    return pc.if_else(pc.equal(text, ""), pa.scalar(None, text.type), text)


def _repeats(key: pa.Array) -> bool:
    """Whether any value occurs twice, missing values aside (one hash pass)."""
    distinct = len(pc.unique(key)) - (key.null_count > 0)
    return distinct < len(key) - key.null_count


#: How LinkedIn's own export writes every profile's address.
_PROFILES = "https://www.linkedin.com/in/"


def _slugs(urls: pd.Series) -> pa.Array:
    """The profile name of each LinkedIn address (``.../in/ana-lima-123/`` gives
    ``ana-lima-123``), lower case; null where there is none."""
    # Split at plain text, not a pattern: several times faster than a regular expression. The
    # address is lower-cased as ASCII (about twenty times faster), the profile's name in full.
    url = pc.ascii_lower(arrow_text(urls))
    if pc.all(pc.starts_with(url, _PROFILES)).as_py():  # LinkedIn's export: one way throughout
        found, rest = pc.is_valid(url), pc.binary_replace_slice(url, 0, len(_PROFILES), "")
    else:
        parts = pc.split_pattern(url, "linkedin.com/in/", max_splits=1)
        found = pc.equal(pc.list_value_length(parts), 2)
        rest = pc.list_element(pc.if_else(found, parts, pa.scalar(["", ""], parts.type)), 1)
    held = text_bytes(rest)  # every byte of the names together: tested at once
    for end in "/?#":  # the profile's name ends at the next part of the address
        if (held == ord(end)).any():
            rest = pc.list_element(pc.split_pattern(rest, end, max_splits=1), 0)
    if (held > 127).any():  # a name with letters beyond ASCII
        rest = pc.utf8_lower(rest)
    return pc.if_else(pc.and_(found, pc.not_equal(rest, "")), rest, pa.scalar(None, rest.type))


def _keys(contacts: pd.DataFrame):
    """Each kind of key in turn (see :data:`KEYS`), worked out only when asked for."""
    yield _slugs(contacts["linkedin_url"])
    yield _plain(contacts["email"])
    name = _plain(contacts["name"])
    if _repeats(name):  # no name twice: no name and company twice either
        company = _plain(contacts["company"])
        yield pc.binary_join_element_wise(name, company, pa.scalar(" | ", name.type))
    else:
        yield pa.nulls(len(contacts), name.type)


def identity_keys(contacts: pd.DataFrame) -> dict[str, pd.Series]:
    """Each contact's keys: a LinkedIn profile's name, an e-mail, a name with a company."""
    return {
        key: pd.Series(pd.array(values, dtype="str"), index=contacts.index)
        for (key, _), values in zip(KEYS, _keys(contacts))
    }


def report_duplicates(contacts: pd.DataFrame, rows: np.ndarray, problems) -> None:
    """List rows of one file that look like the same person as an earlier row (kept apart)."""
    n = len(contacts)
    seen = np.zeros(n, dtype=bool)
    for key, (_, said) in zip(_keys(contacts), KEYS):
        if key.null_count == len(key) or not _repeats(key):
            continue  # the usual case: nothing more to work out
        key = pd.Series(pd.array(key, dtype="str"))
        repeated = (key.duplicated() & key.notna()).to_numpy() & ~seen
        if not repeated.any():
            continue
        codes = pd.factorize(key)[0]
        first = pd.Series(np.arange(n)).groupby(codes).transform("min").to_numpy()
        problems.add(
            rows[repeated],
            "name",
            contacts["name"].to_numpy(dtype=object)[repeated],
            np.array(
                [
                    f"looks like the same person as row {r} ({said}); both rows are kept"
                    for r in rows[first[repeated]].tolist()
                ],
                dtype=object,
            ),
        )
        seen |= repeated


def combine(reports: list[ContactsReport]) -> ContactsReport:
    """One report from several: contacts merged across files, problems and maps kept per file."""
    frames, labels = [], []
    for number, report in enumerate(reports):
        frame = report.contacts.copy()
        for column in schema.VOCABULARIES:  # categoricals of other files' words: joined as text
            frame[column] = frame[column].astype("str")
        frame["__file"] = number
        frames.append(frame)
        labels.append(report.source)
    every = pd.concat(frames, ignore_index=True)
    groups = _groups(every)
    merged = cleaning.as_categories(_merge(every, groups))
    problems = pd.concat([r.problems.assign(file=r.source) for r in reports], ignore_index=True)[
        ["file", *reports[0].problems.columns]
    ]
    column_map = {}
    for report in reports:
        for header, column in report.column_map.items():
            column_map[f"{report.source}: {header}"] = column
    notes = [f"{r.source}: {note}" for r in reports for note in r.notes]
    joined = len(every) - len(merged)
    notes.append(
        f"{len(reports)} files, {len(every)} rows: {joined} rows were the same person as a row "
        f"of another file and were merged, giving {len(merged)} contacts."
    )
    return ContactsReport(
        contacts=merged,
        problems=problems,
        column_map=column_map,
        source=", ".join(labels),
        rows=pd.Series(np.arange(1, len(merged) + 1), name="row"),
        notes=notes,
        kind="several",
    )


def _groups(every: pd.DataFrame) -> np.ndarray:
    """A group number per row: rows of different files that share a key join one group; the
    k-th row of a file in a group stays apart from its (k+1)-th (kept, as within one file)."""
    n = len(every)
    parent = np.arange(n)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    files = every["__file"].to_numpy()
    for key in identity_keys(every).values():
        for members in key.dropna().groupby(key.dropna(), sort=False).indices.values():
            if len(members) < 2:
                continue
            rows = key.dropna().index.to_numpy()[members]
            if len(set(files[rows])) < 2:
                continue  # one file only: duplicates within a file are kept apart
            root = find(rows[0])
            for row in rows[1:]:
                parent[find(row)] = root
    roots = np.array([find(i) for i in range(n)])
    occurrence = pd.Series(files).groupby([roots, files]).cumcount().to_numpy()
    return pd.factorize(pd.Series(list(zip(roots, occurrence))), sort=False)[0]


def _merge(every: pd.DataFrame, groups: np.ndarray) -> pd.DataFrame:
    """Fields of each group combined: the first file's value where it has one, else the next."""
    by = pd.Series(groups, name="contact")
    merged = every.groupby(by, sort=False).first()
    if len(merged) == len(every):
        return every.drop(columns="__file").reset_index(drop=True)
    grouped = every.groupby(by, sort=False)
    merged["responded"] = grouped["responded"].any().astype(bool)
    merged["added_on"] = grouped["added_on"].min()
    merged["last_contact_on"] = grouped["last_contact_on"].max()
    rank = every["status"].map(_STAGE).astype(float).fillna(-1.0)
    furthest = rank.groupby(by, sort=False).idxmax()
    merged["status"] = every["status"].to_numpy(dtype=object)[furthest.to_numpy(dtype=int)]
    merged["sources"] = grouped["sources"].agg(lambda s: "; ".join(s.dropna()))
    for column in schema.TEXT_COLUMNS:
        merged[column] = merged[column].astype("str")
    for column in schema.DATE_COLUMNS:
        merged[column] = merged[column].astype(schema.DATETIME_DTYPE)
    return merged.drop(columns="__file").reset_index(drop=True)
