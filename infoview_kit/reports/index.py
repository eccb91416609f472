"""The coach's index page and summary of a batch."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

__all__ = ["SUMMARY_COLUMNS", "index_html"]

SUMMARY_COLUMNS = [
    "input",
    "owner",
    "status",
    "error",
    "html",
    "contacts",
    "contacted",
    "responded",
    "response_rate",
    "met",
    "follow_ups_due",
]


def index_html(summary: pd.DataFrame) -> str:
    """The index page of a batch: a link per report made, then what failed and why (escaped)."""
    e = html.escape
    ok = summary[summary["status"] == "ok"]
    failed = summary[summary["status"] != "ok"]
    items = "".join(
        f"<li><a href='{e(str(r.html))}'>{e(str(r.owner))}</a> &mdash; {int(r.contacts)} contacts, "
        f"{int(r.met)} conversations, {int(r.follow_ups_due)} follow-ups due</li>"
        for r in ok.itertuples(index=False)
    )
    failures = "".join(
        f"<li><b>{e(Path(str(r.input)).name)}</b> ({e(str(r.status))}): {e(str(r.error))}</li>"
        for r in failed.itertuples(index=False)
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<title>Networking reports</title></head><body>"
        f"<h1>Networking reports</h1><p>{len(ok)} of {len(summary)} reports made.</p>"
        f"<ul>{items}</ul>"
        + (f"<h2>Failed or stopped</h2><ul>{failures}</ul>" if failures else "")
        + "<p><a href='summary.csv'>summary.csv</a></p></body></html>"
    )
