"""The coach's index page and summary of a batch.

One sortable table of every participant (click a column's heading), a "needs attention" flag
with its reasons, two cohort charts and links to each report and to the cohort dashboard.
The page is one offline file: no script or style is fetched, and every piece of text from a
sheet or a file name is escaped.
"""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path

import pandas as pd

__all__ = ["SUMMARY_COLUMNS", "DASHBOARD", "attention", "index_html"]

SUMMARY_COLUMNS = [
    "input",
    "owner",
    "status",
    "error",
    "html",
    "contacts",
    "contacted",
    "requests_this_week",
    "responded",
    "response_rate",
    "met",
    "thanked",
    "thank_you_rate",
    "follow_ups_due",
    "follow_ups_overdue",
    "thanks_overdue",
    "problems",
    "days_since_outreach",
    "needs_attention",
]
#: The cohort dashboard's HTML, linked from the index when the batch made it.
DASHBOARD = "cohort_dashboard.html"
#: When a participant needs the coach's attention.
QUIET_DAYS = 14
MANY_PROBLEMS = 10

#: The index table: (summary column, heading, how a cell is written).
_COLUMNS = [
    ("contacts", "Contacts", "int"),
    ("requests_this_week", "Requests this week", "int"),
    ("contacted", "Requests in total", "int"),
    ("response_rate", "Answered", "pct"),
    ("met", "Conversations", "int"),
    ("thanks_overdue", "Thank-yous overdue", "int"),
    ("follow_ups_overdue", "Follow-ups overdue", "int"),
    ("problems", "Data problems", "int"),
]


def attention(row: pd.Series | dict) -> str:
    """Why a participant needs the coach's attention, in words ("" when all is well)."""
    reasons = []
    quiet = row.get("days_since_outreach")
    if row.get("status") == "ok":
        if quiet is None or _missing(quiet) or quiet >= QUIET_DAYS:
            reasons.append(f"no outreach in {QUIET_DAYS} days")
        if not _missing(row.get("thanks_overdue")) and row["thanks_overdue"] > 0:
            reasons.append("thank-yous overdue")
        if not _missing(row.get("problems")) and row["problems"] >= MANY_PROBLEMS:
            reasons.append("many data problems")
    elif row.get("status") == "failed":
        reasons.append("the report failed")
    return "; ".join(reasons)


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _cell(value, kind: str) -> tuple[str, str]:
    """(what is shown, the value sorted on)."""
    if _missing(value) or value == "":
        return "", ""
    if kind == "pct":
        return f"{float(value):.0%}", f"{float(value):.4f}"
    return f"{int(value)}", f"{int(value)}"


def _rows(summary: pd.DataFrame) -> str:
    e = html.escape
    out = []
    for r in summary.to_dict("records"):
        name = e(str(r["owner"]))
        link = f"<a href='{e(str(r['html']))}'>{name}</a>" if r["status"] == "ok" else name
        why = "" if _missing(r.get("needs_attention")) else str(r["needs_attention"])
        flag = f"<td data-v='{1 if why else 0}'>{'&#9888; ' + e(why) if why else ''}</td>"
        cells = "".join(
            f"<td class='n' data-v='{v}'>{shown}</td>"
            for shown, v in (_cell(r.get(key), kind) for key, _, kind in _COLUMNS)
        )
        out.append(f"<tr><th scope='row' data-v='{name}'>{link}</th>{flag}{cells}</tr>")
    return "".join(out)


_SORT_JS = """
document.querySelectorAll('table.sortable th button').forEach(function (b, col) {
  b.addEventListener('click', function () {
    var th = b.parentNode, table = th.closest('table'), body = table.tBodies[0];
    var up = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('thead th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute('data-v'), y = b.cells[col].getAttribute('data-v');
      var nx = parseFloat(x), ny = parseFloat(y), c;
      if (x === '' && y !== '') return 1;
      if (y === '' && x !== '') return -1;
      c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""
_STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem;max-width:80rem;color:#222}
table{border-collapse:collapse;width:100%}th,td{padding:.35rem .5rem;border-bottom:1px solid #ddd}
td.n{text-align:right}thead th{text-align:left;vertical-align:bottom}
tbody th{text-align:left}thead th.n,th.n button{text-align:right}.scroll{overflow-x:auto}
th button{font:inherit;font-weight:bold;background:none;border:0;padding:0;cursor:pointer;
text-align:left;color:#1a4f8a}th button:focus{outline:2px solid #1a4f8a}
th[aria-sort=ascending] button::after{content:' \\25B2'}
th[aria-sort=descending] button::after{content:' \\25BC'}
img{max-width:100%;height:auto}.charts{display:flex;flex-wrap:wrap;gap:1rem}
"""


def _charts(summary: pd.DataFrame) -> str:
    """Two small cohort charts, inline: how answered shares and weekly requests spread."""
    ok = summary[summary["status"] == "ok"]
    if ok.empty:
        return ""
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    fig = Figure(figsize=(9, 3))
    left, right = fig.subplots(1, 2)
    rates = ok["response_rate"].dropna().astype(float)
    left.hist(rates, bins=[i / 10 for i in range(11)], color="#1a4f8a")
    left.set_title("Share of requests answered")
    left.xaxis.set_major_formatter(lambda v, _: f"{v:.0%}")
    left.set_ylabel("participants")
    week = ok["requests_this_week"].dropna().astype(float)
    right.hist(week, bins=range(0, int(week.max() if len(week) else 0) + 2), color="#d9822b")
    right.set_title("Requests sent this week")
    right.set_ylabel("participants")
    for ax in (left, right):  # participants are counted whole
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=90)
    data = base64.b64encode(buffer.getvalue()).decode()
    alt = (
        "Two histograms: how many participants had each share of answers, and each number "
        "of requests this week"
    )
    return f"<div class='charts'><img src='data:image/png;base64,{data}' alt='{alt}'></div>"


def index_html(summary: pd.DataFrame, *, dashboard: bool = False) -> str:
    """The index page of a batch: every participant in a sortable table, what needs the
    coach's attention, cohort charts, then what failed and why (everything escaped)."""
    e = html.escape
    summary = summary.copy()
    if "needs_attention" not in summary or summary["needs_attention"].isna().all():
        summary["needs_attention"] = [attention(r) for r in summary.to_dict("records")]
    ok = summary[summary["status"] == "ok"]
    failed = summary[summary["status"] != "ok"]
    flagged = int((ok["needs_attention"].fillna("") != "").sum())
    heads = "".join(
        f"<th scope='col' class='n'><button>{e(h)}</button></th>" for _, h, _ in _COLUMNS
    )
    table = (
        "<div class='scroll'><table class='sortable'><caption>Every participant; click a "
        "heading to sort.</caption><thead><tr><th scope='col'><button>Participant</button></th>"
        f"<th scope='col'><button>Needs attention</button></th>{heads}</tr></thead>"
        f"<tbody>{_rows(summary)}</tbody></table></div>"
    )
    failures = "".join(
        f"<li><b>{e(Path(str(r.input)).name)}</b> ({e(str(r.status))}): {e(str(r.error))}</li>"
        for r in failed.itertuples(index=False)
    )
    links = "<a href='summary.csv'>summary.csv</a>"
    if dashboard:
        links = f"<a href='{DASHBOARD}'>the cohort dashboard</a> &middot; " + links
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>Networking reports</title><style>{_STYLE}</style></head><body><main>"
        f"<h1>Networking reports</h1><p>{len(ok)} of {len(summary)} reports made; "
        f"{flagged} participant(s) need attention (no outreach in {QUIET_DAYS} days, thank-yous "
        f"overdue or {MANY_PROBLEMS}+ data problems).</p><p>{links}</p>"
        f"{table}{_charts(summary)}"
        + (f"<h2>Failed or stopped</h2><ul>{failures}</ul>" if failures else "")
        + f"</main><script>{_SORT_JS}</script></body></html>"
    )
