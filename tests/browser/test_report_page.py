"""The report as people read it, in Chromium: on a phone and on a desktop.

The report is the real one (the sample sheet through ``run_report``), opened from its file.
At 400 and 1280 pixels wide no text runs off the page and no element covers another's text
(a hit test at the centre of every piece of text lands on that text); the page's title is the
owner's; axe-core (bundled by ``axe-playwright-python``, nothing fetched) finds no serious or
critical violation. Screenshots of both widths are kept in ``tests/browser/screenshots/``.
"""

from __future__ import annotations

import pytest

from infoview_kit.reports import run_report

from ..conftest import ROOT
from .conftest import SHOTS

pytestmark = pytest.mark.browser

OWNER = "Alex Doe"

#: Every piece of visible text, with a box that runs off the page or a centre that another
#: element covers. Text in a closed <details> is not drawn, and skipped.
PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const boxes = [], offPage = [], covered = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text || ['STYLE', 'SCRIPT'].includes(node.parentElement.tagName)) continue;
    // text in a closed <details> is not drawn (Chromium still gives it boxes)
    if (!node.parentElement.checkVisibility({visibilityProperty: true})) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const box of range.getClientRects()) {
      if (box.width < 1 || box.height < 1) continue;
      if (box.left < -0.5 || box.right > width + 0.5) {
        offPage.push([text.slice(0, 60), Math.round(box.left), Math.round(box.right)]);
      }
      const x = box.left + box.width / 2, y = box.top + window.scrollY + box.height / 2;
      boxes.push({node, text, x, y});
    }
  }
  // a hit test at the centre of each box, one screenful at a time
  boxes.sort((a, b) => a.y - b.y);
  let top = -1;
  for (const {node, text, x, y} of boxes) {
    if (top < 0 || y >= top + window.innerHeight - 2) {
      window.scrollTo(0, y - 1);
      top = window.scrollY;
    }
    const hit = document.elementFromPoint(x, y - top);
    const owner = node.parentElement;
    if (!hit || !(hit === owner || owner.contains(hit) || hit.contains(node))) {
      covered.push([text.slice(0, 60), hit ? hit.tagName + '.' + hit.className : null]);
    }
  }
  window.scrollTo(0, 0);
  return {
    checked: boxes.length, offPage, covered,
    scrollWidth: document.documentElement.scrollWidth, width,
  };
}"""


@pytest.fixture(scope="module")
def report_url(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "report.html"
    run_report(ROOT / "data" / "sample_contacts.csv", out, owner=OWNER, as_of="2026-11-01")
    return out.as_uri()


def open_at(page, url: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("width", [400, 1280])
def test_no_text_runs_off_the_page_or_hides_under_another_element(page, report_url, width):
    open_at(page, report_url, width)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"report_{width}.png"), full_page=True)
    found = page.evaluate(PROBLEMS)
    assert found["checked"] > 300  # the whole report was read, not an empty page
    assert found["scrollWidth"] <= found["width"], "the page scrolls sideways"
    assert found["offPage"] == []
    assert found["covered"] == []
    # every chart fits the page's width
    images = page.evaluate(
        "[...document.images].map(i => [i.getBoundingClientRect().right, i.naturalWidth])"
    )
    assert len(images) >= 8 and all(right <= width for right, natural in images)
    assert all(natural > 0 for _, natural in images), "an image did not load"
    assert page.errors == [] and page.remote == []


def test_the_title_is_the_owners_and_appears_once(page, report_url):
    open_at(page, report_url, 400)
    assert page.title() == f"Networking report: {OWNER}"
    headings = page.locator("h1").all_inner_texts()
    assert headings == [f"Networking report: {OWNER}"]


def test_the_first_things_to_do_come_first_and_long_lists_fold(page, report_url):
    open_at(page, report_url, 400)
    box = page.get_by_role("region", name="Do these first")
    assert 3 <= box.locator("li").count() <= 5
    assert box.is_visible()
    folded = page.locator("details").first
    summary = folded.locator("summary")
    assert summary.inner_text().startswith("and ") and summary.inner_text().endswith(" more")
    hidden = folded.locator("li").first
    assert not hidden.is_visible()
    summary.click()
    assert hidden.is_visible()


def test_axe_finds_no_serious_accessibility_problem(page, report_url):
    from axe_playwright_python.sync_playwright import Axe

    open_at(page, report_url, 400)
    results = Axe().run(page)
    serious = [
        (v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
