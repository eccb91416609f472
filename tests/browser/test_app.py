"""The no-code app in a real browser: rendering, choosing, uploading, escaping, layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from infoview_kit import save_contacts
from infoview_kit.sample import make_contacts
from infoview_kit.server import stop_process

from ..conftest import FIXTURES
from .conftest import SHOTS, serve_app

pytestmark = pytest.mark.browser

QUESTIONS = ".ivk-planner-list .widget-hbox"


def upload(page, path) -> None:
    """Choose a file the way a person does: click the button, pick the file."""
    with page.expect_file_chooser() as chooser:
        page.locator(".ivk-upload").click()
    chooser.value.set_files(str(path))


def open_app(page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector(QUESTIONS, timeout=90_000)


def questions(page) -> list[str]:
    return [t.strip() for t in page.locator(QUESTIONS).all_inner_texts()]


def settle(page, before: list[str], timeout: float = 20_000) -> list[str]:
    """Wait until the question list differs from ``before``; return it."""
    page.wait_for_function(
        "([sel, text]) => { const r = Array.from(document.querySelectorAll(sel));"
        " return r.length && r.map(e => e.innerText.trim()).join('\\n') !== text; }",
        arg=[QUESTIONS, "\n".join(before)],
        timeout=timeout,
    )
    return questions(page)


def test_renders_without_errors_and_stays_on_the_machine(page, app_url):
    open_app(page, app_url)
    assert page.locator(".ivk-app").is_visible()
    assert "150 contacts" in page.locator(".ivk-understood").inner_text()
    assert len(questions(page)) == 9
    assert page.errors == []
    # Only the widgets' extensions are loaded: others installed beside the kit (jupytext's)
    # failed to load in the page, with an error in the console.
    assert page.console_errors == []
    assert page.remote == []  # nothing asked of anywhere outside 127.0.0.1, not even refused
    response = page.request.get(app_url)
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert "import " not in page.content()  # sources stripped


def test_choosing_another_contact_changes_the_questions(page, app_url):
    open_app(page, app_url)
    before = questions(page)
    page.select_option(".ivk-planner-contact select", index=4)
    after = settle(page, before)
    assert after != before
    heading = page.locator(".ivk-planner h4").inner_text()
    chosen = page.locator(".ivk-planner-contact select option:checked").inner_text()
    assert chosen.replace("\xa0", " ").split(" · ")[0] in heading


def test_meeting_length_changes_how_many(page, app_url):
    open_app(page, app_url)
    before = questions(page)
    page.locator(".ivk-planner-minutes button", has_text="60 min").click()
    after = settle(page, before)
    assert len(before) == 9 and len(after) == 15
    page.locator(".ivk-planner-minutes button", has_text="15 min").click()
    assert len(settle(page, after)) == 5


def test_upload_the_linkedin_export_fills_the_contact_list(page, app_url):
    open_app(page, app_url)
    upload(page, FIXTURES / "linkedin_connections.csv")
    page.wait_for_function(
        "() => document.querySelector('.ivk-understood').innerText"
        ".includes('linkedin_connections')",
        timeout=30_000,
    )
    options = page.locator(".ivk-planner-contact select option").all_inner_texts()
    names = [o.replace("\xa0", " ") for o in options]
    assert any(n.startswith("Ada Okafor") for n in names)
    assert any(n.startswith("Chloé Martin") for n in names)
    assert len(names) == 6  # a general plan + five connections
    understood = page.locator(".ivk-understood")
    assert "5 contacts" in understood.inner_text()
    assert "First Name → name" not in understood.inner_text()  # folded away until asked for
    understood.get_by_text("What the kit understood").click()
    assert "First Name → name" in understood.inner_text()


def test_unreadable_upload_says_so_plainly(page, app_url):
    open_app(page, app_url)
    upload(page, FIXTURES / "picture.csv")
    page.wait_for_selector(".ivk-understood [role=alert]", timeout=30_000)
    text = page.locator(".ivk-understood").inner_text()
    assert "could not be read" in text and "picture.csv" in text
    assert page.errors == []


def test_a_script_in_a_name_shows_as_text(page, app_url, tmp_path):
    contacts = make_contacts(5, seed=9)
    contacts.loc[0, "name"] = "<script>alert(1)</script>"
    contacts.loc[1, "notes"] = "<img src=x onerror=alert(2)>"
    sheet = save_contacts(contacts, tmp_path / "hostile.csv")
    open_app(page, app_url)
    upload(page, sheet)
    page.wait_for_function(
        "() => document.querySelector('.ivk-understood').innerText.includes('hostile.csv')",
        timeout=30_000,
    )
    before = questions(page)
    page.select_option(".ivk-planner-contact select", index=1)
    settle(page, before)
    heading = page.locator(".ivk-planner h4").inner_text()
    assert "<script>alert(1)</script>" in heading  # shown as text...
    assert page.dialogs == [] and page.errors == []  # ...never run
    assert page.locator(".ivk-planner h4 script").count() == 0


def test_draft_a_request_and_see_the_findings(page, app_url):
    open_app(page, app_url)
    page.locator(".lm-TabBar-tab", has_text="Request").click()
    text = page.locator(".ivk-drafter-text textarea")
    text.wait_for(state="visible")
    assert text.input_value().startswith("Dear ")
    assert "I am [your name]," in text.input_value()  # a blank to fill, in plain sight
    assert "[your name] to fill in" in page.locator(".ivk-drafter-findings").inner_text()
    page.locator(".ivk-app input[placeholder='Jordan Lee']").fill("Jordan Lee")
    page.keyboard.press("Tab")
    page.wait_for_function(
        "() => document.querySelector('.ivk-drafter-findings').innerText"
        ".includes('Follows the guides')",
        timeout=20_000,
    )
    assert "I am Jordan Lee," in text.input_value()
    text.fill("Hello, are you hiring? I need a job.")
    text.blur()
    page.wait_for_function(
        "() => document.querySelector('.ivk-drafter-findings').innerText.includes('job')",
        timeout=20_000,
    )


def test_follow_ups_and_downloads(page, app_url):
    open_app(page, app_url)
    page.locator(".lm-TabBar-tab", has_text="Follow-ups").click()
    rows = page.locator(".ivk-board-rows .widget-hbox")
    rows.first.wait_for(state="visible")
    assert rows.count() > 0
    page.locator(".ivk-prepare-downloads").click()
    link = page.locator(".ivk-downloads a[download='prep_sheet.md']")
    link.wait_for(state="visible", timeout=20_000)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "prep_sheet.md"
    sheet = Path(download.value.path()).read_text(encoding="utf-8")
    assert sheet.startswith("# Conversation")
    with page.expect_download() as calendar:
        page.locator(".ivk-downloads a[download='follow-ups.ics']").click()
    ics = Path(calendar.value.path()).read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR")


CONTROLS = """
() => Array.from(document.querySelectorAll(
        '.ivk-app input, .ivk-app select, .ivk-app textarea, .ivk-app button, '
        + '.ivk-app [role=slider]'))
  .filter(e => e.offsetParent !== null && e.type !== 'file')
  .map(e => {
    const forId = e.id && document.querySelector(`label[for="${e.id}"]`);
    const own = e.getAttribute('aria-label') || (forId && forId.innerText)
      || e.closest('label')?.innerText || (e.tagName === 'BUTTON' ? e.innerText : '');
    const box = e.closest('.widget-inline-hbox, .widget-hbox');
    const near = box?.querySelector('.widget-label')?.innerText;
    return {tag: e.tagName, name: (own || near || '').trim()};
  })
"""


@pytest.mark.parametrize("width", [1280, 400])
def test_usable_at_desktop_and_phone_width(page, app_url, width, tmp_path):
    page.set_viewport_size({"width": width, "height": 800})
    open_app(page, app_url)
    unlabelled = [c for c in page.evaluate(CONTROLS) if not c["name"]]
    assert unlabelled == []
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    shot = tmp_path / f"app-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    assert overflow <= 0, f"{overflow}px of horizontal overflow at {width}px"
    style = page.locator(".ivk-planner-list").evaluate("e => getComputedStyle(e).overflowY")
    assert style in ("auto", "scroll")  # long lists scroll


def test_app_started_on_a_given_sheet(page, tmp_path_factory):
    process, url = serve_app(tmp_path_factory, FIXTURES / "career_centre.csv")
    try:
        open_app(page, url)
        assert "4 contacts" in page.locator(".ivk-understood").inner_text()
    finally:
        stop_process(process)


def test_stopping_the_app_stops_its_server_and_kernels(page, tmp_path_factory):
    import psutil

    process, url = serve_app(tmp_path_factory)
    open_app(page, url)
    children = psutil.Process(process.pid).children(recursive=True)
    assert any("voila" in " ".join(c.cmdline()) for c in children)
    stop_process(process)
    gone, alive = psutil.wait_procs(children, timeout=30)
    assert alive == []


def test_a_meeting_logged_for_an_uploaded_sheet_is_in_the_downloaded_sheet(page, app_url, tmp_path):
    import datetime as dt

    from infoview_kit import check_contacts

    open_app(page, app_url)
    upload(page, FIXTURES / "tracker" / "bom_crlf.csv")
    page.wait_for_function(
        "() => document.querySelector('.ivk-understood').innerText.includes('bom_crlf')",
        timeout=30_000,
    )
    page.locator(".lm-TabBar-tab", has_text="Record").click()
    contact = page.locator(".ivk-tracker-contact select")
    contact.wait_for(timeout=30_000)  # the tab's tool is made when it is first opened
    page.wait_for_function(
        "() => document.querySelector('.ivk-tracker-contact select').innerText.includes('Maya')",
        timeout=20_000,
    )
    options = contact.locator("option").all_inner_texts()
    maya = next(i for i, o in enumerate(options) if "Maya" in o and "Cohen" in o)
    contact.select_option(index=maya)
    page.locator(".ivk-tracker-event select").select_option(label="We met")
    page.locator(".ivk-tracker-log").click()
    page.wait_for_function(
        "() => document.querySelector('.ivk-tracker').innerText.includes('not saved')",
        timeout=20_000,
    )
    page.locator(".ivk-tracker-prepare").click()
    link = page.locator(".ivk-tracker a.ivk-download")
    link.wait_for(timeout=20_000)
    with page.expect_download() as download:
        link.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".csv"  # their own format
    contacts = check_contacts(saved).contacts.set_index("name")
    assert contacts.loc["Maya Cohen", "met_on"].date() == dt.date.today()
    before = (FIXTURES / "tracker" / "bom_crlf.csv").read_bytes().split(b"\r\n")
    after = saved.read_bytes().split(b"\r\n")
    changed = [b for a, b in zip(before, after, strict=True) if a != b]
    assert len(changed) == 1 and b"Maya Cohen" in changed[0]  # every other line byte for byte
    SHOTS.mkdir(exist_ok=True)  # kept for a person to look at
    page.screenshot(path=str(SHOTS / "record-tab.png"), full_page=True)


# -- what a person sees: names with room, nothing off the page or under something else, axe --

TABS = {
    "Questions": ".ivk-planner",
    "Request": ".ivk-drafter",
    "Thank-you": ".ivk-thanks",
    "Follow-ups": ".ivk-board",
    "Record": ".ivk-tracker",
    "This week": ".ivk-week",
    "Settings": ".ivk-settings",
}

# Every follow-up name on the board: scrolled into view, it has room (its own line box, not
# squeezed to a sliver, not cut by its row) and a hit test at its centre lands on it; so
# does its "Mark done" button.
BOARD_NAMES = """
() => Array.from(document.querySelectorAll('.ivk-board-row')).map(row => {
  const name = row.querySelector('.ivk-board-name');
  const button = row.querySelector('button');
  name.scrollIntoView({block: 'center'});
  const r = name.getBoundingClientRect();
  const box = row.getBoundingClientRect();
  const size = parseFloat(getComputedStyle(name).fontSize);
  const on = (el, rect) => {
    const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
    return !!hit && (hit === el || el.contains(hit));
  };
  return {
    name: name.innerText,
    room: r.width > size && r.height >= size && r.top >= box.top - 1 && r.bottom <= box.bottom + 1,
    hit: on(name, r),
    button: on(button, button.getBoundingClientRect()) && button.innerText.includes('Mark done'),
  };
})
"""

# Every piece of text on show in the app: off the page sideways, cut by a box that hides its
# overflow, or covered by another element at its centre. Text scrolled away inside a list
# that scrolls is skipped (it is there when scrolled to); so are form fields' own contents.
TEXT_PROBLEMS = """
() => {
  const app = document.querySelector('.ivk-app');
  const width = document.documentElement.clientWidth;
  const problems = [];
  const walker = document.createTreeWalker(app, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || el.closest('select, textarea, style, script')) continue;
    if (!el.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.width < 1 || r.height < 1) continue;
      const what = text.slice(0, 40);
      if (r.right > width + 1 || r.left < -1) { problems.push(`off the page: ${what}`); break; }
      let away = false;
      for (let a = el; a && a !== document.body; a = a.parentElement) {
        const s = getComputedStyle(a);
        if (s.overflowX === 'visible' && s.overflowY === 'visible') continue;
        const b = a.getBoundingClientRect();
        const outX = r.right > b.right + 1 || r.left < b.left - 1;
        const outY = r.bottom > b.bottom + 1 || r.top < b.top - 1;
        const hides = v => v === 'hidden' || v === 'clip';
        if ((outX && hides(s.overflowX)) || (outY && hides(s.overflowY))) {
          problems.push(`cut by its box: ${what}`); away = true; break;
        }
        if (outX || outY) { away = true; break; }  // scrolled away inside a scrolling list
      }
      if (away || r.bottom > window.innerHeight || r.top < 0) continue;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (!hit || !(hit === el || el.contains(hit) || hit.contains(el))) {
        const other = hit ? (hit.className || hit.tagName) : 'nothing';
        problems.push(`under ${other}: ${what}`);
        break;
      }
    }
  }
  return problems;
}
"""


def show_tab(page, title: str, width: int) -> None:
    """Open a tab and make the window as tall as the app, so all of it is on screen."""
    page.set_viewport_size({"width": width, "height": 800})
    page.locator(".lm-TabBar-tab", has_text=title).first.click()
    page.locator(TABS[title]).wait_for(state="visible", timeout=30_000)  # made when opened
    page.wait_for_timeout(600)
    bottom = page.evaluate(
        "() => document.querySelector('.ivk-app').getBoundingClientRect().bottom + scrollY"
    )
    page.set_viewport_size({"width": width, "height": min(int(bottom) + 40, 6000)})
    page.wait_for_timeout(300)


@pytest.mark.parametrize("width", [1280, 400])
def test_every_follow_up_name_has_room_and_is_on_top(page, app_url, width):
    page.set_viewport_size({"width": width, "height": 800})
    open_app(page, app_url)
    page.locator(".lm-TabBar-tab", has_text="Follow-ups").click()
    page.locator(".ivk-board-name").first.wait_for(state="visible")
    rows = page.evaluate(BOARD_NAMES)
    assert len(rows) >= 20  # the sample has dozens due; each group shows its first ten
    bad = [r for r in rows if not (r["room"] and r["hit"] and r["button"])]
    assert bad == [], bad[:5]
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"app-board-{width}.png"))


@pytest.mark.parametrize("width", [1280, 400])
def test_every_tab_reads_whole_with_no_serious_accessibility_problem(page, app_url, width):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()  # axe-core bundled with the package: nothing is fetched
    open_app(page, app_url)
    problems, serious = {}, {}
    SHOTS.mkdir(exist_ok=True)
    for title in TABS:
        show_tab(page, title, width)
        page.screenshot(path=str(SHOTS / f"app-{width}-{title.replace(' ', '-')}.png"))
        if found := page.evaluate(TEXT_PROBLEMS):
            problems[title] = found[:8]
        overflow = page.evaluate("() => document.documentElement.scrollWidth - innerWidth")
        if overflow > 0:
            problems.setdefault(title, []).append(f"{overflow}px of sideways scrolling")
        violations = axe.run(page, context=".ivk-app").response["violations"]
        bad = [
            f"{v['id']}: {v['help']} ({len(v['nodes'])}, first {v['nodes'][0]['target']}: "
            f"{v['nodes'][0]['failureSummary'][-160:]})"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            serious[title] = bad
    assert problems == {}
    assert serious == {}
    assert page.errors == []
