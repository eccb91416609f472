"""Keep the record: log what happened with each person and save it back into their own file.

>>> tracker = open_tracker("tracker.xlsx")                     # doctest: +SKIP
>>> tracker.log("Ada Okafor", "met", on="2024-03-12")          # doctest: +SKIP
>>> tracker.add(name="Sam Reyes", company="Orbit Labs")        # doctest: +SKIP
>>> print(tracker.save())                                      # doctest: +SKIP

The file is read with :func:`~infoview_kit.contacts.check_contacts`; saving writes only the cells
that changed into the file as it is (:mod:`infoview_kit.writeback`), after a timestamped backup
beside it. What each format keeps:

- .xlsx: every other sheet, the title rows, the header, styles, number formats, column widths,
  formulas, comments, data validation and Excel tables (which grow with new rows). It cannot
  keep what openpyxl drops: images, charts, pivot tables and form controls (the kit says so when
  it opens such a workbook), and formulas' last results (Excel works them out again on opening).
- CSV/TSV: encoding, byte order mark, delimiter, quoting, line endings, header and date style;
  untouched lines are byte for byte the same. Text the encoding cannot hold is refused.
- vCards, LinkedIn exports, several files merged and a file whose header or rows cannot be
  found again: saved to a new .xlsx beside the first file, and the save says so.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Mapping, Sequence
from difflib import get_close_matches
from pathlib import Path

import pandas as pd

from . import schema
from .contacts import ContactsReport, check_contacts, save_contacts
from .events import (
    EVENTS,
    FOLLOW_UP_EVENTS,
    canonical_value,
    describe,
    event_changes,
    name_key,
    set_cell,
)
from .files import backup, write_atomic
from .insights import as_timestamp
from .writeback import Saved, TrackerError, locate, not_in_place

__all__ = ["EVENTS", "Saved", "Tracker", "TrackerError", "open_tracker", "tracker_from_upload"]


def open_tracker(path_or_paths: str | os.PathLike | Sequence, **check_options) -> Tracker:
    """Open the sheet(s) a person keeps, to log events and save them back.

    Parameters
    ----------
    path_or_paths
        A .csv/.tsv/.xlsx/.vcf file, or several (merged into one network; saved to a new file).
    **check_options
        ``dayfirst``, ``sheet``, ``columns``: as for :func:`~infoview_kit.contacts.check_contacts`.

    Returns
    -------
    Tracker
    """
    many = isinstance(path_or_paths, Sequence) and not isinstance(path_or_paths, str)
    paths = [Path(p) for p in path_or_paths] if many else [Path(path_or_paths)]
    source = [str(p) for p in paths] if len(paths) > 1 else paths[0]
    report = check_contacts(source, **check_options)
    return Tracker(report, paths, sheet=_sheet(report, check_options))


def tracker_from_upload(data: bytes, filename: str, **check_options) -> Tracker:
    """A tracker on an uploaded file: it cannot be saved in place, only downloaded.

    Parameters
    ----------
    data
        The file's bytes.
    filename
        Its name on the person's computer (the download keeps it).
    **check_options
        As for :func:`open_tracker`.
    """
    upload = io.BytesIO(data)
    upload.name = filename
    report = check_contacts(upload, **check_options)
    return Tracker(report, [Path(filename)], sheet=_sheet(report, check_options), data=data)


def _sheet(report, check_options: Mapping) -> str | int | None:
    """The sheet asked for, else the one the loader says it read (when it says)."""
    sheet = check_options.get("sheet")
    return sheet if sheet is not None else getattr(report, "sheet", None)


class Tracker:
    """A person's contacts with what they log, saved back into their own file.

    Parameters
    ----------
    report
        What :func:`~infoview_kit.contacts.check_contacts` read from ``paths``.
    paths
        The file(s) it read.
    sheet
        The workbook sheet the person named, if any.
    data
        The file's bytes when it was uploaded rather than opened from disk (then it can only
        be downloaded, not saved).

    Attributes
    ----------
    path
        Where :meth:`save` writes: the file itself, or a new .xlsx when it cannot be written into.
    notes
        What the kit could not keep or where it will save, in plain words.
    """

    def __init__(
        self,
        report: ContactsReport,
        paths: Sequence[Path],
        *,
        sheet: str | int | None = None,
        data: bytes | None = None,
    ):
        self.report = report
        self.paths = [Path(p) for p in paths]
        self._original = report.contacts
        self._contacts = report.contacts
        self._edits: dict[int, dict[str, object]] = {}
        self._history: list[tuple[pd.DataFrame, dict, str]] = []
        self.notes: list[str] = []
        self._layout = None
        self._sheet = sheet
        #: Whether :meth:`save` can write to disk (not for an upload: download it instead).
        self.can_save = data is None
        if data is None:
            data = self.paths[0].read_bytes() if len(self.paths) == 1 else b""
        self._data = data
        self._disk = hashlib.sha256(self._data).digest()
        self.path = self.paths[0]
        self._redirect: str | None = None
        self._located = False
        why, lost = not_in_place(self.paths, self._data, report.column_map)
        self.notes += lost
        if why:
            self._redirect_to(why)

    def _redirect_to(self, why: str) -> None:
        self._located = True
        self._layout = None
        self.path = self.paths[0].with_name(f"{self.paths[0].stem}-tracker.xlsx")
        self._redirect = f"{why} Your record is saved in {self.path.name} beside it."
        self.notes.append(self._redirect)

    def _where(self):
        """The file's layout, found when first needed (reading a large workbook takes time);
        None when the record goes to a new file."""
        if not self._located:
            self._located = True
            try:
                report = self.report
                self._layout = locate(
                    self._data, report.column_map, report.contacts, sheet=self._sheet
                )
            except TrackerError as exc:
                self._redirect_to(f"In {self.paths[0].name}, {exc}")
        return self._layout

    # -- the record ----------------------------------------------------------------------------

    @property
    def contacts(self) -> pd.DataFrame:
        """The canonical frame with every change made so far."""
        return self._contacts

    @property
    def changes(self) -> list[str]:
        """The changes not undone, oldest first, in plain words."""
        return [description for _, _, description in self._history]

    def find(self, name: object, *, company: str | None = None) -> object:
        """The row label of the one contact called ``name`` (ignoring case, spacing, accents).

        A row label (an int from :attr:`contacts`' index) is accepted as it is.

        Raises
        ------
        TrackerError
            No one, or more than one person, has that name; the message lists the candidates.
        """
        frame = self._contacts
        if not isinstance(name, str) and name in frame.index:
            return name
        keys = frame["name"].map(name_key, na_action="ignore")
        rows = keys == name_key(name)
        if company is not None:
            rows &= frame["company"].map(name_key, na_action="ignore") == name_key(company)
        found = frame.index[rows.fillna(False).astype(bool)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            who = "; ".join(describe(frame, label) for label in found)
            raise TrackerError(
                f"{len(found)} contacts are called {name!r}: {who}. Say which with company=... "
                "or pass the row number."
            )
        close = get_close_matches(name_key(name), keys.dropna().tolist(), n=5, cutoff=0.6)
        labels = [frame.index[keys == k][0] for k in close]
        hint = "; ".join(describe(frame, label) for label in labels) or "none is close"
        raise TrackerError(f"No contact is called {name!r}. Close names: {hint}.")

    def log(
        self,
        name: object,
        event: str,
        on: object = None,
        note: str | None = None,
        *,
        company: str | None = None,
    ) -> pd.Series:
        """Record that ``event`` happened with ``name`` on day ``on`` (default today).

        Parameters
        ----------
        name
            The contact's name (case, spacing and accents ignored) or row label.
        event
            One of requested, responded, declined, scheduled (``on`` is the meeting day), met,
            thanked, note.
        on
            The day, as a date or ISO text (``2024-03-12``).
        note
            Text added to the contact's notes, dated.
        company
            Picks between people with the same name.

        Returns
        -------
        pandas.Series
            The contact's row after the change.
        """
        if event not in EVENTS:
            raise TrackerError(f"{event!r} is not an event; use one of: {', '.join(EVENTS)}.")
        if event == "note" and not note:
            raise TrackerError("A note needs its text: log(name, 'note', note='...').")
        label = self.find(name, company=company)
        self._log(label, event, as_timestamp(on, name="on"), note)
        return self._contacts.loc[label]

    def _log(self, label, event: str, day: pd.Timestamp, note, *, fulfils: bool = False) -> None:
        row = self._contacts.loc[label]
        changes = event_changes(row, event, day)
        if note:
            earlier = row["notes"] if isinstance(row["notes"], str) and row["notes"] else ""
            entry = f"{day:%Y-%m-%d}{'' if event == 'note' else ' ' + event}: {note.strip()}"
            changes["notes"] = f"{earlier}; {entry}" if earlier else entry
        planned = row["next_follow_up_on"]
        if fulfils and pd.notna(planned) and planned <= day + pd.Timedelta(days=7):
            changes["next_follow_up_on"] = pd.NaT  # the planned follow-up is done
        self._change(label, changes, f"{event} {row['name']} on {day:%Y-%m-%d}")

    def add(self, **fields: object) -> object:
        """Add a new contact from canonical fields (``name`` required); returns its row label."""
        unknown = [f for f in fields if f not in schema.COLUMNS]
        if unknown:
            raise TrackerError(
                f"{', '.join(unknown)}: not columns of the kit; use: {', '.join(schema.COLUMNS)}."
            )
        name = str(fields.get("name") or "").strip()
        if not name:
            raise TrackerError("A new contact needs a name: add(name='...', ...).")
        values = {k: canonical_value(k, v) for k, v in fields.items() if v is not None}
        frame = self._contacts
        label = int(frame.index.max()) + 1 if len(frame) else 0
        empty = frame.iloc[:0].reindex([label])
        if "responded" in empty:
            empty["responded"] = False
        if "sources" in empty:
            empty["sources"] = "added in infoview-kit"
        grown = pd.concat([frame, empty])
        grown["responded"] = grown["responded"].fillna(False).astype(bool)
        self._change(label, values, f"added {name}", frame=grown)
        # what the loader would derive for the new row; not written into the file
        contacted = self._contacts.at[label, "contacted_on"]
        if pd.isna(self._contacts.at[label, "status"]):
            set_cell(
                self._contacts,
                label,
                "status",
                "requested" if pd.notna(contacted) else "to-contact",
            )
        dates = [self._contacts.at[label, c] for c in schema.INTERACTION_COLUMNS]
        dates = [d for d in dates if pd.notna(d) and d <= pd.Timestamp.today()]
        if dates and pd.isna(self._contacts.at[label, "last_contact_on"]):
            set_cell(self._contacts, label, "last_contact_on", max(dates))
        return label

    def mark_done(self, item: Mapping | pd.Series, on: object = None) -> str | None:
        """Log what doing a follow-up (a row of :func:`~infoview_kit.followups.follow_ups`) was.

        A thank-you logs "thanked"; a polite follow-up or keeping in touch logs "requested" (the
        first contact's date stays; the last contact moves; a next follow-up planned within the
        week is cleared); telling the referrer logs it on the referrer's row. Returns what was
        logged, or None when there is nothing to record.
        """
        if item["action"] not in FOLLOW_UP_EVENTS:
            return None
        event, whose, note = FOLLOW_UP_EVENTS[item["action"]]
        company = item.get("company")
        company = company if isinstance(company, str) and company else None
        label = self.find(item["name"], company=company)
        if whose == "referrer":
            referrer = self._contacts.at[label, "referred_by"]
            if not isinstance(referrer, str) or not referrer:
                return None
            try:
                label = self.find(referrer)
            except TrackerError:
                return None  # the referrer is not in the sheet
        day = as_timestamp(on, name="on")
        self._log(label, event, day, note.format(name=item["name"]), fulfils=True)
        return self.changes[-1]

    def undo(self) -> str:
        """Take back the last change (repeatable); returns what was undone."""
        if not self._history:
            raise TrackerError("Nothing to undo.")
        self._contacts, self._edits, description = self._history.pop()
        return description

    def _change(self, label, changes: dict, description: str, frame=None) -> None:
        before = self._contacts
        # Copy-on-Write: the copy shares every column until one is set, so the history costs
        # the columns each change touched, not a whole frame per change
        frame = (before if frame is None else frame).copy(deep=False)
        for column, value in changes.items():
            set_cell(frame, label, column, value)
        self._history.append((before, {k: dict(v) for k, v in self._edits.items()}, description))
        position = frame.index.get_loc(label)
        self._edits.setdefault(position, {}).update(changes)
        self._contacts = frame

    # -- saving --------------------------------------------------------------------------------

    @property
    def download_name(self) -> str:
        """The file name :meth:`to_bytes` is for."""
        self._where()
        return self.path.name

    def to_bytes(self) -> bytes:
        """The file with every change, in its own format (for a download)."""
        return self._render()[0]

    def _render(self) -> tuple[bytes, list[str]]:
        if self._where() is None:
            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / "tracker.xlsx"
                save_contacts(self._contacts, target)
                return target.read_bytes(), []
        if not self._edits:
            return self._data, []
        return self._layout.write(self._edits)

    def save(self) -> Saved:
        """Write the changes into the file (or the new file :attr:`notes` names), after a backup.

        Raises
        ------
        TrackerError
            The file changed on disk since it was opened, or could not be written (both the file
            and its backup are then left as they were).
        """
        if not self.can_save:
            raise TrackerError(
                f"{self.paths[0].name} is not saved into here (an upload, or the bundled "
                "sample): download your updated sheet instead."
            )
        on_disk = self.path.read_bytes() if self.path.is_file() else None
        if self._where() is not None and hashlib.sha256(on_disk or b"").digest() != self._disk:
            raise TrackerError(
                f"{self.path.name} changed since it was opened (in another program?). "
                "Open it again and log the changes there, or save_as() a new file."
            )
        saved = self._write(self.path)
        self._disk = hashlib.sha256(self.path.read_bytes()).digest()
        return saved

    def save_as(self, path: str | os.PathLike) -> Saved:
        """Write the file with every change to ``path``; its suffix picks the format.

        The same suffix as the original keeps the original's layout; another .csv or .xlsx is
        written as the canonical frame.
        """
        return self._write(Path(path))

    def _write(self, path: Path) -> Saved:
        same = self._where() is not None and path.suffix.lower() == self.paths[0].suffix.lower()
        notes = [self._redirect] if self._redirect and path == self.path else []
        data, added = self._render() if same else (b"", [])  # a change that cannot be
        try:  # written fails before the backup is made
            copy = backup(path)
            if same:
                write_atomic(path, data)
                notes += added
            else:
                save_contacts(self._contacts, path)
        except OSError as exc:
            raise TrackerError(
                f"{path.name} could not be saved ({exc.strerror or exc}); the file and its "
                "backups are as they were. Free some space or close the file elsewhere, then "
                "save again."
            ) from None
        return Saved(path=path, backup=copy, notes=notes)
