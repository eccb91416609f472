"""The no-code page: upload a sheet, see what was understood, plan, draft, follow up and log.

``prepare_interview.ipynb`` displays :class:`InterviewApp`; ``infoview-kit app`` serves that
notebook with Voilà on 127.0.0.1. Everything stays on the machine: the upload is read in the
kernel, downloads are built in the page.
"""

from __future__ import annotations

import html
import os
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as w

from ._widget_parts import UPLOAD_LIMIT, close_tree
from .calendar_export import to_ics
from .contacts import ContactsError, ContactsReport
from .followups import FollowUpRules, follow_ups
from .insights import as_timestamp
from .outreach import PLACEHOLDER_NAME, Me
from .plan_widgets import Settings, WeeklyPlanner
from .resources import sample_path
from .tracker import Tracker, open_tracker, tracker_from_upload
from .views import table
from .widgets import (
    FollowUpBoard,
    OutreachDrafter,
    QuestionPlanner,
    ThankYouNote,
    TrackerPanel,
    _Guarded,
    download_link,
)

__all__ = ["APP_CSS", "InterviewApp", "Settings", "download_link", "wait_for_page"]

#: The page's own CSS: tab labels wrap instead of being cut, lists grow with their text, and
#: nothing runs off a narrow (400-pixel) screen.
APP_CSS = """
.ivk-app { box-sizing: border-box; }
.ivk-app .lm-TabBar, .ivk-app .p-TabBar { height: auto !important; min-height: 0 !important;
  overflow: visible !important; }
.ivk-app .lm-TabBar-content, .ivk-app .p-TabBar-content { flex-wrap: wrap; height: auto;
  align-items: stretch; }
.ivk-app .lm-TabBar-tab, .ivk-app .p-TabBar-tab { flex: 0 0 auto !important;
  min-width: 0 !important; max-width: none !important; width: auto !important;
  height: auto !important; min-height: var(--jp-widgets-horizontal-tab-height, 24px);
  padding: 2px 10px !important; }
.ivk-app .lm-TabBar-tab:not(.lm-mod-current) { color: #333 !important; }
.ivk-app .lm-TabBar-tabLabel, .ivk-app .p-TabBar-tabLabel { overflow: visible !important;
  text-overflow: clip !important; white-space: nowrap; }
.ivk-app .widget-tab-contents, .ivk-app .lm-TabPanel { min-width: 0; }
.ivk-app .widget-html, .ivk-app .widget-html-content { height: auto !important;
  white-space: normal; line-height: 1.4; min-width: 0; }
.ivk-app .widget-html-content { overflow-wrap: anywhere; }
.ivk-app .ivk-planner-list .widget-hbox { flex: 0 0 auto; align-items: flex-start; }
.ivk-app .ivk-planner-themes .widget-toggle-button { margin: 2px 4px 2px 0; }
.ivk-app .widget-inline-hbox { max-width: 100%; min-width: 0; }
.ivk-app .widget-inline-hbox > input, .ivk-app .widget-inline-hbox > select,
.ivk-app .widget-inline-hbox > textarea, .ivk-app .widget-inline-hbox > .widget-datepicker,
.ivk-app .widget-dropdown > select { min-width: 0; flex: 1 1 auto; }
.ivk-app .widget-text, .ivk-app .widget-dropdown, .ivk-app .widget-textarea,
.ivk-app .widget-datepicker { width: auto; max-width: 100%; }
.ivk-app .widget-slider { max-width: 100%; }
.ivk-app .widget-toggle-buttons .widget-toggle-button { width: auto; padding: 0 10px; }
.ivk-app .widget-label { white-space: nowrap; }
.ivk-app .ivk-settings .widget-inline-hbox { width: auto; }
.ivk-app .ivk-settings input[type=number] { max-width: 90px; }
.ivk-app .ivk-settings input[type=date] { min-width: 150px; max-width: 200px; }
.ivk-app input, .ivk-app select, .ivk-app textarea { box-sizing: border-box; }
.ivk-app select { min-height: var(--jp-widgets-inline-height, 28px); }
@media (max-width: 600px) {
  .ivk-app .widget-inline-hbox { width: auto !important; align-self: stretch;
    margin-left: 0; margin-right: 0; }
  .ivk-app .widget-inline-hbox { flex-wrap: wrap; height: auto; }
  .ivk-app .widget-inline-hbox > .widget-label { text-align: left !important;
    width: 100% !important; max-width: 100%; }
  .ivk-app .ivk-planner-list .widget-checkbox { width: 72px !important;
    flex: 0 0 auto; align-self: flex-start; margin-right: 4px; }
  .ivk-app .widget-slider .slider-container { flex: 1 1 auto; min-width: 0; }
  .ivk-app .widget-tab-contents, .ivk-app .lm-TabPanel, .ivk-app .p-TabPanel {
    padding: 8px 4px !important; }
}
"""

#: The tabs, in order: each title and the tool it holds.
TOOLS = (
    ("Questions", "planner"),
    ("Request", "drafter"),
    ("Thank-you", "thanks"),
    ("Follow-ups", "board"),
    ("Record", "record"),
    ("This week", "week"),
    ("Settings", "settings"),
)
ACCEPT = ".csv,.tsv,.txt,.xlsx"


def too_big_message(name: str, size: int, limit: int = UPLOAD_LIMIT) -> str:
    """The alert shown for an upload over ``limit`` bytes."""
    return (
        f"<div role='alert' style='color:#b00020'><b>That file is too large.</b> "
        f"{html.escape(name)} is {size / 2**20:.1f} MB; this page takes files up to "
        f"{limit / 2**20:.0f} MB. Keep only the contacts sheet (one tab, saved as .csv or "
        ".xlsx) and upload that.</div>"
    )


def wait_for_page() -> None:
    """In a kernel Voilà started ahead of its page (``preheat_kernel``), wait for the page.

    ``infoview-kit app`` keeps one kernel ready with the app's imports done; it stops here until
    a person opens the page, so the sheet is read when the page opens (a change saved since the
    server started is on it). Anywhere else, it returns at once.
    """
    if os.environ.get("VOILA_PREHEAT") != "True":
        return
    # What voila.utils.wait_for_request does, without importing Voilà's server (about 2 s):
    # Voilà sends the page's request on this websocket once a page takes this kernel.
    from websockets.exceptions import WebSocketException
    from websockets.sync.client import connect

    env = os.environ
    url = (
        f"ws://{env.get('VOILA_APP_IP', '127.0.0.1')}:{env['VOILA_APP_PORT']}"
        f"{env.get('VOILA_SERVER_URL', '/')}voila/query/{env['VOILA_KERNEL_ID']}"
    )
    try:
        with connect(url, open_timeout=10) as page:
            page.recv()
    except (OSError, WebSocketException):  # the page is served all the same
        pass


def _is_sample(path: Path) -> bool:
    """The bundled sample is not the person's sheet: it is never saved into."""
    return Path(path).resolve() == sample_path().resolve()


class InterviewApp(_Guarded):
    """Upload, understanding, then one tab per tool (see :data:`TOOLS`): questions, request,
    thank-you, follow-ups, the record, the week and the settings (the day to plan from, the
    weekly goal and the follow-up rules). A tab's tool is made when the tab is first opened.

    Parameters
    ----------
    contacts_path
        The sheet to start with (the bundled sample in the app). "Save to my sheet" writes
        into it, unless it is the bundled sample; an upload can only be downloaded.
    me
        Who is asking; the page also lets the person fill this in.
    as_of
        The day to plan follow-ups from (default: today).
    """

    def __init__(
        self,
        contacts_path: str | Path | list,
        *,
        me: Me | Mapping | None = None,
        as_of: object = None,
        read_options: Mapping | None = None,
    ):
        self.as_of = as_of
        self.read_options = dict(read_options or {})
        self.me = Me.of(me)
        self.upload = w.FileUpload(
            accept=ACCEPT,
            multiple=False,
            description="Upload your sheet",
            layout=w.Layout(width="auto"),
        )
        self.understood = w.HTML()
        self.your_name = w.Text(
            value=self.me.name if me else "",
            description="Your name",
            placeholder="Jordan Lee",
            style={"description_width": "110px"},
        )
        self.your_status = w.Text(
            value=self.me.status,
            description="You are",
            placeholder="a final-year student",
            style={"description_width": "110px"},
        )
        self.your_interest = w.Text(
            value=self.me.interest,
            description="Exploring",
            placeholder="careers in public policy",
            style={"description_width": "110px"},
        )
        self._slots = [w.VBox() for _ in TOOLS]
        self.tabs = w.Tab(children=self._slots)
        for index, (title, _) in enumerate(TOOLS):
            self.tabs.set_title(index, title)
        self.tabs.observe(lambda _: self._safely(self._open_tab), names="selected_index")
        self._settings: Settings | None = None  # made when its tab is first opened
        self.downloads = w.HTML()
        self.prepare_downloads = w.Button(
            description="Prepare downloads", icon="download", layout=w.Layout(width="auto")
        )
        self._init_error()
        self.upload.observe(lambda change: self._safely(self._uploaded), names="value")
        for field in (self.your_name, self.your_status, self.your_interest):
            field.observe(lambda change: self._safely(self._about_me), names="value")
        self.prepare_downloads.on_click(lambda _: self._safely(self._build_downloads))
        super().__init__(
            children=[
                w.HTML(f"<style>{APP_CSS}</style>", layout=w.Layout(display="none")),
                self.upload,
                self.understood,
                w.HTML("<b>About you</b> (used in your requests and prep sheets)"),
                self.your_name,
                self.your_status,
                self.your_interest,
                self.tabs,
                w.HBox(
                    [self.prepare_downloads, self.downloads],
                    layout=w.Layout(flex_flow="row wrap"),
                ),
                self.error,
            ],
            layout=w.Layout(max_width="960px", width="100%"),
        )
        self.add_class("ivk-app")
        self.upload.add_class("ivk-upload")
        self.understood.add_class("ivk-understood")
        self.downloads.add_class("ivk-downloads")
        self.prepare_downloads.add_class("ivk-prepare-downloads")
        self._safely(lambda: self.load(self._open(contacts_path, self.read_options)))

    # -- state changes ----------------------------------------------------------------------

    @staticmethod
    def _open(path: str | Path | list, read_options: Mapping) -> Tracker:
        tracker = open_tracker(path, **read_options)
        if not isinstance(path, list | tuple) and _is_sample(Path(path)):
            tracker.can_save = False
        return tracker

    @property
    def contacts(self):
        """The contacts with every change logged so far."""
        return self.tracker.contacts

    def load(self, tracker: Tracker) -> None:
        """Show ``tracker``'s contacts in every tool.

        A tool is made when its tab is first opened (or it is first asked for), so the page
        is usable as soon as the questions are on screen.
        """
        self.tracker = tracker
        self.report = tracker.report
        for tool in getattr(self, "_tools", {}).values():  # the previous sheet's tabs
            close_tree(tool)
        if getattr(self, "_goal_link", None) is not None:  # it would keep the old week planning
            self._goal_link.unlink()
            self._goal_link = None
        self._tools: dict[str, w.Widget] = {}
        for slot, (_, name) in zip(self._slots, TOOLS):
            if name != "settings":
                slot.children = []
        self._open_tab()
        self.understood.value = self._understood_html(self.report)
        self.downloads.value = ""

    def _open_tab(self) -> None:
        """Make the tool of the tab on show, if it is not made yet."""
        self._tool(TOOLS[self.tabs.selected_index or 0][1])

    @property
    def settings(self) -> Settings:
        """The Settings tab: the day to plan from, the weekly goal and the follow-up rules."""
        if self._settings is None:
            self._settings = Settings(as_of=self.as_of)
            self._settings.observe(lambda _: self._safely(self._settings_changed), names="version")
            self._slots[[n for _, n in TOOLS].index("settings")].children = [self._settings]
        return self._settings

    def _rules(self) -> FollowUpRules:
        """The follow-up rules set in Settings (the guides' defaults until it is opened)."""
        return FollowUpRules() if self._settings is None else self._settings.rules

    def _tool(self, name: str) -> w.Widget:
        if name == "settings":
            return self.settings
        if name not in self._tools:
            tool = self._tools[name] = self._make(name)
            self._slots[[n for _, n in TOOLS].index(name)].children = [tool]
        return self._tools[name]

    def _make(self, name: str) -> w.Widget:
        rules, me = self._rules(), self._me()
        if name == "planner":
            return QuestionPlanner(self.contacts, me=me, folder=None, as_of=self.as_of)
        if name == "drafter":
            return OutreachDrafter(self.contacts, me=me)
        if name == "thanks":
            return ThankYouNote(self.contacts, me=me)
        if name == "week":
            week = WeeklyPlanner(
                self.contacts,
                as_of=self.as_of,
                rules=rules,
                weekly_goal=self.settings.weekly_goal.value,
            )
            self._goal_link = w.link(
                (self.settings.weekly_goal, "value"), (week.weekly_goal, "value")
            )
            return week
        if name == "board":
            tool = FollowUpBoard(as_of=self.as_of, tracker=self.tracker, rules=rules)
        else:
            tool = TrackerPanel(self.tracker, as_of=self.as_of)
        tool.observe(lambda _: self._safely(self._record_changed), names="version")
        return tool

    planner = property(lambda self: self._tool("planner"), doc="The Questions tab.")
    drafter = property(lambda self: self._tool("drafter"), doc="The Request tab.")
    thanks = property(lambda self: self._tool("thanks"), doc="The Thank-you tab.")
    board = property(lambda self: self._tool("board"), doc="The Follow-ups tab.")
    record = property(lambda self: self._tool("record"), doc="The Record tab.")
    week = property(lambda self: self._tool("week"), doc="The This week tab.")

    def _made(self, *names: str) -> list:
        return [self._tools[n] for n in names if n in self._tools]

    def _record_changed(self) -> None:
        """Every tool made so far follows the record after a change logged, added or undone."""
        for tool in self._made("planner", "drafter", "thanks", "week"):
            tool.set_contacts(self.contacts)
        for tool in self._made("board", "record"):
            tool.refresh()
        self.downloads.value = ""

    def _uploaded(self) -> None:
        if not self.upload.value:
            return
        item = self.upload.value[0]
        if len(item["content"]) > UPLOAD_LIMIT:
            self.understood.value = too_big_message(item["name"], len(item["content"]))
            return
        try:
            tracker = tracker_from_upload(bytes(item["content"]), item["name"])
        except ContactsError as exc:
            self.understood.value = (
                f"<div role='alert' style='color:#b00020'><b>That file could not be read.</b> "
                f"{html.escape(str(exc))}</div>"
            )
            return
        self.load(tracker)

    def _me(self) -> Me:
        return Me(
            name=self.your_name.value.strip() or PLACEHOLDER_NAME,
            status=self.your_status.value.strip() or "recent graduate",
            interest=self.your_interest.value.strip() or "careers in this field",
        )

    def _about_me(self) -> None:
        me = self._me()
        for tool in self._made("planner", "drafter", "thanks"):
            tool.me = me  # a draft redraws what you have not edited; your edits stay

    def _settings_changed(self) -> None:
        """A new day to plan from, weekly goal or follow-up rule reaches every tool."""
        self.as_of = as_timestamp(self.settings.as_of.value, name=None)  # as picked
        rules = self.settings.rules
        for tool in self._made("board", "week"):
            tool.as_of, tool.rules = self.as_of, rules
            tool.refresh()
        for tool in self._made("record"):
            tool.day.value = self.as_of.date()
        for tool in self._made("planner"):
            tool.as_of = self.as_of
        self.downloads.value = ""

    def _build_downloads(self) -> None:
        sheet = self.planner.to_markdown().encode("utf-8")
        calendar = to_ics(follow_ups(self.contacts, as_of=self.as_of, rules=self._rules()))
        self.downloads.value = (
            download_link(sheet, "prep_sheet.md", "Prep sheet (.md)", "text/markdown")
            + " &nbsp; "
            + download_link(
                calendar, "follow-ups.ics", "Follow-ups calendar (.ics)", "text/calendar"
            )
        )
        if self.tracker.changes:
            self.record._download()
            self.downloads.value += " &nbsp; " + self.record.download.value

    @staticmethod
    def _understood_html(report: ContactsReport) -> str:
        mapped = ", ".join(
            f"{html.escape(h)} &rarr; {html.escape(c)}" for h, c in report.column_map.items()
        )
        kept = ", ".join(html.escape(c) for c in report.extra_columns)
        problems = report.problems
        summary = (
            f"<p><b>{html.escape(Path(report.source).name)}</b>: {len(report.contacts)} contacts."
            f"</p><details class='ivk-understood-columns'><summary>What the kit understood "
            f"({len(report.column_map)} of your columns)</summary><p>{mapped}.</p></details>"
        )
        if kept:
            summary += f"<p>Kept as they are: {kept}.</p>"
        if len(problems):
            summary += (
                f"<details><summary>{len(problems)} problem(s) found; every value is kept"
                f"</summary>{table(problems, max_rows=30).body}</details>"
            )
        else:
            summary += "<p>No problems found.</p>"
        return summary
