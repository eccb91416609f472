"""infoview-kit: a Jupyter coaching kit for informational interviews."""

from __future__ import annotations

from .contacts import ContactsError, ContactsReport, check_contacts, load_contacts, save_contacts

__version__ = "0.1.0"

__all__ = [
    "ContactsError",
    "ContactsReport",
    "__version__",
    "check_contacts",
    "load_contacts",
    "save_contacts",
]
