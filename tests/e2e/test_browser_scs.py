"""The app on the real SCS minutes, in a real browser: it reads like the minutes, and how fast each page is.

Opens Search, Decisions, Timeline (t=ovn,zuul) and Explore, and checks the text a person sees:
no raw Markdown link, code fence, HTML tag or shortcode; links written in the minutes are links;
both timeline topics with every one of their series in the legend. Each page's time to first
results is written to tests/artifacts/page-times.json (figures, not assertions), with screenshots.
Skipped when ../shared, Chromium or Playwright is missing.
"""
from __future__ import annotations

import json
import re
import time

import pytest

from indexer import query

try:
    from tests.e2e.test_browser import ARTIFACTS, browser, serve, shot  # noqa: F401 (browser: a fixture)
except ImportError:  # pytest run without the project folder on sys.path
    from test_browser import ARTIFACTS, browser, serve, shot  # type: ignore  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.scs, pytest.mark.slow]

#: What must not show as text: Markdown links, code fences, HTML tags, shortcodes.
RAW_MARKUP = {
    "markdown link": re.compile(r"\[[^\]\n]{1,200}\]\((?:https?://|/|\.)[^)\s]*\)"),
    "code fence": re.compile(r"```|~~~"),
    "html tag": re.compile(r"</?(?:font|img|script|div|span|a|b|i|u|br|p|style|iframe|svg|center|sup|sub|table|tr|td|"
                           r"details|summary|strong|em|code|pre|h[1-6]|ul|ol|li|hr|mark|small|big)\b[^<>]*>", re.I),
    "shortcode": re.compile(r"(?<![\w:/]):[a-z0-9_+-]{2,40}:(?![\w:/])"),
}
#: The page's visible text without code spans and blocks (code may show markup on purpose).
VISIBLE_TEXT = """() => {
  const root = document.querySelector('[data-testid="stMain"]') || document.body;
  const copy = root.cloneNode(true);
  copy.querySelectorAll('code, pre, style, script').forEach(e => e.remove());
  document.body.appendChild(copy);
  copy.style.position = 'absolute'; copy.style.left = '-99999px';
  const text = copy.innerText;
  copy.remove();
  return text;
}"""
#: Web addresses written as text in rendered minutes text, outside links and code.
UNLINKED_URLS = """() => {
  const found = [];
  for (const block of document.querySelectorAll('.mh-snip, .mh-head, .mh-text')) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      if (node.parentElement.closest('a, code')) continue;
      const m = node.textContent.match(/https?:\\/\\/\\S+/);
      if (m) found.push(m[0]);
    }
  }
  return found;
}"""


@pytest.fixture(scope="module")
def scs_server(scs_index):
    yield from serve(scs_index)


def open_page(browser, url: str, ready: str) -> tuple[object, float]:
    """A fresh tab at `url`; seconds until `ready` (the first results) is on screen."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(ready, timeout=60_000, state="visible")
    elapsed = time.perf_counter() - started
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)  # let the charts finish drawing for the screenshot
    return page, elapsed


def raw_markup(page) -> dict[str, list[str]]:
    text = page.evaluate(VISIBLE_TEXT)
    return {name: pattern.findall(text)[:5] for name, pattern in RAW_MARKUP.items() if pattern.search(text)}


PAGES = [  # name, path, what shows the first results
    ("search", "?q=security+groups", ".mh-snip"),
    ("decisions", "Decisions", ".mh-text"),
    ("timeline", "Timeline?t=ovn,zuul", ".legend"),
    ("explore", "Explore", ".ent-list"),
]
#: Pages only screenshotted and checked for markup (not timed): an entity, the index, a source file.
MORE_PAGES = [
    ("explore-entity", "Explore?type=project&value=Zuul", ".legend"),
    ("decisions-actions", "Decisions?tab=actions", ".owners summary"),
    ("index", "Index", '[data-testid="stMetric"]'),
]


def tall_shot(page, name: str) -> None:
    """The page at a tall window, so the screenshot holds more than the first screen (Streamlit scrolls inside)."""
    page.set_viewport_size({"width": 1400, "height": 2400})
    page.wait_for_timeout(800)
    shot(page, name)


def test_every_page_reads_like_the_minutes_and_opens_fast(scs_server, scs_index, browser):
    warm, _ = open_page(browser, scs_server, "h1")  # the server's first visit compiles and caches
    warm.context.close()
    times: dict[str, dict[str, float]] = {}
    problems: dict[str, dict] = {}
    for name, path, ready in PAGES:
        page, first = open_page(browser, scs_server + path, ready)
        found = raw_markup(page)
        if found:
            problems[name] = found
        unlinked = page.evaluate(UNLINKED_URLS)
        assert not unlinked, f"{name}: web addresses shown as text: {unlinked[:5]}"
        if name == "search":
            assert page.locator(".mh-snip a[href^='http'], .mh-head a[href^='http']").count() > 0
            assert page.locator(".mh-snip mark").count() > 0
        if name == "timeline":
            check_timeline_legends(page, scs_index)
        tall_shot(page, f"scs-{name}")
        page.context.close()
        page, again = open_page(browser, scs_server + path, ready)
        page.context.close()
        times[name] = {"first_open_s": round(first, 2), "second_open_s": round(again, 2)}
    for name, path, ready in MORE_PAGES:
        page, _ = open_page(browser, scs_server + path, ready)
        found = raw_markup(page)
        if found:
            problems[name] = found
        tall_shot(page, f"scs-{name}")
        page.context.close()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "page-times.json").write_text(json.dumps(times, indent=2) + "\n")
    print("time to first results:", json.dumps(times))
    assert not problems, f"raw markup in the visible text: {problems}"


def check_timeline_legends(page, index) -> None:
    """Both topics are charted, and each chart's legend names every series that mentions its topic."""
    engine = query.open_engine(index)
    headers = page.locator('[data-testid="stHeading"]').all_inner_texts()
    legends = page.locator(".legend")
    assert legends.count() == 2
    for n, topic in enumerate(("ovn", "zuul")):
        assert any(h.strip().startswith(topic) for h in headers), headers
        expected = {e.series for e in query.timeline(engine, topic).events if e.date}
        shown = legends.nth(n).inner_text()
        missing = [s for s in expected if not re.search(rf"(^|\s|: |, ){re.escape(s)} ", shown)]
        assert not missing, f"{topic}: series missing from the legend: {missing}"
