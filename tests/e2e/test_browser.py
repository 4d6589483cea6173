"""End to end, in a real browser: `minutes ui` over the sample index, driven by headless Chromium.

Skipped cleanly when /usr/bin/chromium or Playwright is missing. Never downloads a browser.
Screenshots land in tests/artifacts/ (git-ignored).
"""
from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

try:
    from tests.ui_fixtures import PROJECT, ui_corpus, ui_index  # noqa: F401
except ImportError:  # pytest run without the project folder on sys.path
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from ui_fixtures import PROJECT, ui_corpus, ui_index  # type: ignore  # noqa: F401

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = PROJECT / "tests" / "artifacts"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs Chromium at /usr/bin/chromium"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the app exited early: {server.stdout.read() if server.stdout else ''}")
        try:
            with urllib.request.urlopen(url + "_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the app did not answer within a minute")


@pytest.fixture(scope="module")
def server(ui_index):
    yield from serve(ui_index)


def serve(index: Path):
    """`minutes ui` on `index`, on a free port, until the module's tests are done."""
    port = free_port()
    env = dict(os.environ, MINUTES_SOURCE_URL="", PYTHONUNBUFFERED="1")
    env.pop("MINUTES_INDEX", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "indexer", "ui", "--port", str(port), "--index", str(index)],
        cwd=PROJECT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,  # its own process group: the Streamlit child goes down with it
    )
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_up(url, proc)
        yield url
    finally:
        stop_group(proc)


def stop_group(proc: subprocess.Popen) -> None:
    """Stop `minutes ui` and the Streamlit server it started (same process group), SIGKILL if they linger."""
    for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if proc.poll() is None:
                time.sleep(0.1)
                continue
            try:
                os.killpg(proc.pid, 0)  # anyone left in the group (the orphaned Streamlit child)?
            except ProcessLookupError:
                return
            time.sleep(0.1)
    try:
        proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        pass


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Chromium at /usr/bin/chromium")
    with sync_api.sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.dialogs = dialogs  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wait_for_hits(page) -> None:
    page.wait_for_selector(".mh", timeout=30_000)
    page.wait_for_load_state("networkidle")


def total(page) -> int:
    text = page.get_by_text(re.compile(r"sections? match")).first.inner_text()
    return int(re.search(r"(\d+)\s+section", text).group(1))


def test_search_facet_and_timeline(server, page):
    page.goto(server)
    box = page.get_by_placeholder(re.compile("ovn upgrade"))
    box.wait_for(timeout=30_000)
    box.fill("ovn")
    box.press("Enter")
    page.wait_for_url(re.compile(r"[?&]q=ovn"), timeout=20_000)
    page.get_by_text(re.compile(r"\d+ sections match")).wait_for(timeout=20_000)
    wait_for_hits(page)
    everything = total(page)
    assert everything > 5
    assert page.locator(".mh mark").count() > 0
    shot(page, "search")

    page.locator('[data-testid="stSidebar"]').get_by_text(re.compile(r"^infra \(\d+\)$")).click()
    page.wait_for_url(re.compile(r"series=infra"), timeout=20_000)
    page.wait_for_function(f"() => !document.body.innerText.includes('{everything} sections match')", timeout=20_000)
    wait_for_hits(page)
    assert 0 < total(page) < everything
    series = page.locator(".mh-series").all_inner_texts()
    assert series and set(series) == {"infra"}
    shot(page, "search-facet")

    page.goto(server + "Timeline?t=ovn&t=zuul")
    wait_for_hits(page)
    page.wait_for_selector(".vega-embed", timeout=30_000)
    dates = page.locator(".mh-date").all_inner_texts()
    assert dates and dates[: len(dates) // 2] == sorted(dates[: len(dates) // 2])
    shot(page, "timeline")
    assert not page.dialogs  # type: ignore[attr-defined]


def test_a_mistyped_word_is_respelled_and_can_be_searched_as_typed(server, page):
    page.goto(server + "?q=upgarde")
    wait_for_hits(page)
    page.get_by_text(re.compile("Showing results for")).wait_for(timeout=20_000)
    assert total(page) > 0 and page.locator(".mh mark").count() > 0
    shot(page, "search-respelled")
    page.get_by_role("button", name=re.compile("as typed")).click()
    page.wait_for_url(re.compile(r"exact=1"), timeout=20_000)
    page.get_by_text("No sections match.").wait_for(timeout=20_000)
    assert page.get_by_role("button", name=re.compile("upgrade")).count() == 1  # the suggestion, offered instead


def test_other_pages_render(server, page):
    for name, ready in [("Decisions", ".mh"), ("Explore", ".ent-list"), ("Explore?type=project&value=OVN", ".vega-embed"),
                        ("Index", '[data-testid="stMetric"]')]:
        page.goto(server + name)
        page.wait_for_selector(ready, timeout=30_000)
        page.wait_for_load_state("networkidle")
        assert page.locator('[data-testid="stException"]').count() == 0
        shot(page, name.split("?")[0].lower() + ("-entity" if "?" in name else ""))


def test_hostile_minutes_stay_inert(server, page):
    page.goto(server + "?q=xsspayload")
    wait_for_hits(page)
    body = page.locator(".mh").first
    assert "inline." in body.inner_text() and "onerror" not in body.inner_text()  # HTML reduced to its text ...
    assert page.locator(".mh img, .mh script, .mh svg, .mh iframe, .mh [onerror], .mh [onload]").count() == 0
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    page.mouse.move(10, 10)
    page.wait_for_timeout(500)
    shot(page, "hostile-search")
    assert page.evaluate("() => window.__xss") is None  # ... and nothing ran

    page.goto(server + "Source?root=0&path=infra/20240515-security.md&line=11")
    page.wait_for_selector(".src-hit", timeout=30_000)
    assert "<img src=x" in page.locator(".src").inner_text()
    page.wait_for_timeout(500)
    shot(page, "hostile-source")
    assert page.evaluate("() => window.__xss") is None

    page.goto(server + "Decisions?q=xsspayload")
    page.wait_for_selector(".mh-text", timeout=30_000)
    page.wait_for_load_state("networkidle")
    assert "review accepted" in " ".join(page.locator(".mh-text").all_inner_texts())
    assert page.locator(".mh iframe").count() == 0
    assert page.evaluate("() => window.__xss") is None
    assert not page.dialogs  # type: ignore[attr-defined]
