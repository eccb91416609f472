"""The kit's exceptions, in one place."""

from __future__ import annotations


class InfoviewError(Exception):
    """Base class of every error the kit raises on purpose."""


class ContactsError(InfoviewError, ValueError):
    """Input that cannot be read as contacts at all.

    The message names the file and says what to do about it: the loader raises no other
    exception for bad input.
    """


class ReportError(InfoviewError, RuntimeError):
    """A report could not be produced; the message names the input and the reason."""


class DateError(InfoviewError, ValueError):
    """A day given to the kit (the day to look from, a day logged) that it cannot read; the
    message names the value and says how to write it."""
