"""The pieces every widget of the kit shares: a visible error box, CSS classes, the contact
picker's options and download links."""

from __future__ import annotations

import base64
import html

import ipywidgets as w
import pandas as pd

from .errors import InfoviewError

__all__ = [
    "STATUS_WORDS",
    "UPLOAD_LIMIT",
    "ContactFinder",
    "Guarded",
    "classes",
    "contact_options",
    "download_link",
    "next_to_ask",
    "set_options",
]

STYLE = {"description_width": "110px"}
#: The largest upload the app and the workshop take, in bytes (50 MiB). The served page refuses
#: bigger files itself, before sending them (``resources.upload_limit`` in ``voila.json`` says
#: the same).
UPLOAD_LIMIT = 50 * 2**20
WIDE = w.Layout(width="100%", max_width="720px")
#: Where each person stands, in plain words, as the contact pickers show it.
STATUS_WORDS = {
    "to-contact": "not asked yet",
    "requested": "asked, no reply yet",
    "responded": "replied",
    "declined": "said no",
    "scheduled": "meeting set",
    "met": "met",
    "thanked": "met and thanked",
}


def contact_options(contacts: pd.DataFrame) -> list[tuple[str, int]]:
    """Dropdown options: "Name · where they stand (role, company)" -> row label, in sheet
    order."""
    options = []
    status = contacts["status"].astype("object") if "status" in contacts else [None] * len(contacts)
    for index, name, role, company, stage in zip(
        contacts.index, contacts["name"], contacts["role"], contacts["company"], status
    ):
        detail = ", ".join(str(v) for v in (role, company) if isinstance(v, str) and v)
        label = str(name) if isinstance(name, str) else f"(no name, row {index})"
        if isinstance(stage, str) and stage:  # before the details: a narrow list still shows it
            label += f" \u00b7 {STATUS_WORDS.get(stage, stage)}"
        options.append((f"{label} ({detail})" if detail else label, index))
    return options


def next_to_ask(contacts: pd.DataFrame):
    """The row label of the next person to ask for a conversation, or None: the first of
    :func:`~infoview_kit._plan_items.never_asked`, the order the weekly plan picks new
    requests in."""
    from ._plan_items import never_asked  # the plan's own order, loaded when needed

    pool = never_asked(contacts)
    return pool.index[0] if len(pool) else None


class ContactFinder(w.VBox):
    """A contact dropdown with a search box above it: typing part of a name, company or
    status narrows the list (the choice stays while it still matches).

    Attributes
    ----------
    find
        The search box (Text).
    dropdown
        The contact Dropdown; its value is the chosen row label.
    """

    def __init__(self, description: str = "Contact", *, general: list | None = None):
        self.general = list(general or [])  # choices that always stay, such as "no one"
        self.everyone: list = []
        self.find = w.Text(
            description="Find",
            placeholder="part of a name, employer or status",
            continuous_update=True,
            style=STYLE,
            layout=WIDE,
        )
        self.dropdown = w.Dropdown(description=description, style=STYLE, layout=WIDE)
        self.find.observe(lambda change: self._narrow(), names="value")
        super().__init__([self.find, self.dropdown], layout=w.Layout(width="100%"))

    def set_options(self, options: list, default=None) -> None:
        """All the contacts to choose from; ``default`` is chosen unless a choice still holds."""
        self.everyone = self.general + list(options)
        keep = self.dropdown.value
        self._narrow()
        shown = [value for _, value in self.dropdown.options]
        if keep in shown and keep is not None:
            self.dropdown.value = keep
        elif default in shown:
            self.dropdown.value = default

    def _narrow(self) -> None:
        words = self.find.value.casefold().split()
        matching = [
            option
            for option in self.everyone
            if all(word in option[0].casefold() for word in words)
        ]
        if words and not matching:
            matching = [("(nobody matches: clear the search box)", None)]
        elif words:
            matching = [o for o in matching if o not in self.general] or matching
        set_options(self.dropdown, matching)
        if self.dropdown.value is None and matching and matching[0][1] is not None:
            self.dropdown.value = matching[0][1]


def download_link(data: bytes, filename: str, label: str, mime: str) -> str:
    """An HTML link that saves ``data`` as ``filename`` without any server round trip."""
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f"<a download='{html.escape(filename)}' href='data:{mime};base64,{encoded}' "
        f"class='ivk-download' style='color:#0b57d0;text-decoration:underline'>"
        f"{html.escape(label)}</a>"
    )


def set_options(dropdown: w.Dropdown, options: list) -> None:
    """New options, keeping the choice when it is still there."""
    keep = dropdown.value
    dropdown.options = options
    if any(value == keep for _, value in options):
        dropdown.value = keep


def classes(root: w.DOMWidget, prefix: str, **parts: w.DOMWidget) -> None:
    """CSS classes for styling and for the browser tests: ``ivk-planner``, ``ivk-planner-list``."""
    root.add_class(prefix)
    for name, widget in parts.items():
        widget.add_class(f"{prefix}-{name}")


def close_tree(widget: w.Widget) -> None:
    """Close ``widget`` and every widget inside it, so that the kernel and the page let them go.

    Layouts and styles are left open: some are shared (such as :data:`WIDE`).
    """
    for child in getattr(widget, "children", ()) or ():
        close_tree(child)
    widget.close()


class Guarded(w.VBox):
    """A VBox whose callbacks report failures in a visible message instead of failing silently."""

    def _init_error(self) -> None:
        self.error = w.HTML(value="", layout=w.Layout(min_height="0"))

    def _safely(self, handler, *args) -> None:
        try:
            handler(*args)
            self.error.value = ""
        except Exception as exc:  # shown to the person, not swallowed
            # the kit's own errors say in words what to do; others are named for a report
            kind = "" if isinstance(exc, InfoviewError) else f"{type(exc).__name__}: "
            self.error.value = (
                "<div role='alert' style='color:#b00020'><b>Something went wrong:</b> "
                f"{html.escape(kind)}{html.escape(str(exc))}</div>"
            )

    def _on(self, widget: w.Widget, handler) -> None:
        widget.observe(lambda change: self._safely(handler), names="value")
