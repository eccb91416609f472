"""The pieces every widget of the kit shares: a visible error box, CSS classes, the contact
picker's options and download links."""

from __future__ import annotations

import base64
import html

import ipywidgets as w
import pandas as pd

__all__ = ["Guarded", "classes", "contact_options", "download_link", "set_options"]

STYLE = {"description_width": "110px"}
WIDE = w.Layout(width="100%", max_width="720px")


def contact_options(contacts: pd.DataFrame) -> list[tuple[str, int]]:
    """Dropdown options: "Name (role, company)" -> row label, in sheet order."""
    options = []
    for index, name, role, company in zip(
        contacts.index, contacts["name"], contacts["role"], contacts["company"]
    ):
        detail = ", ".join(str(v) for v in (role, company) if isinstance(v, str) and v)
        label = str(name) if isinstance(name, str) else f"(no name, row {index})"
        options.append((f"{label} ({detail})" if detail else label, index))
    return options


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


class Guarded(w.VBox):
    """A VBox whose callbacks report failures in a visible message instead of failing silently."""

    def _init_error(self) -> None:
        self.error = w.HTML(value="", layout=w.Layout(min_height="0"))

    def _safely(self, handler, *args) -> None:
        try:
            handler(*args)
            self.error.value = ""
        except Exception as exc:  # shown to the person, not swallowed
            self.error.value = (
                "<div role='alert' style='color:#b00020'><b>Something went wrong:</b> "
                f"{html.escape(type(exc).__name__)}: {html.escape(str(exc))}</div>"
            )

    def _on(self, widget: w.Widget, handler) -> None:
        widget.observe(lambda change: self._safely(handler), names="value")
