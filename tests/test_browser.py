"""The HTML report in a real browser: headless Chromium, driven by Selenium and ChromeDriver.

Opens the default mandate's report and a variant comparison at 1280 and 390 px wide and
checks what a reader would see: no console errors, no resource fetched (the page is
offline), every chart and every table outside a closed ``<details>`` present and
visible, and nothing wider than the window (wide tables and charts scroll in their own
box, so the page never scrolls sideways and text keeps a readable size). Each check
takes a full-page screenshot; ``FORCESIZE_SCREENSHOTS=DIR`` keeps them.

Chromium and ChromeDriver are Debian's packages (``chromium``, ``chromium-driver``);
``.ci/run`` installs them where they are missing. CI fails without them; elsewhere the
test is skipped with the command that installs them.
"""

from __future__ import annotations

import base64
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import REPO, run_cli

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
WIDTHS = (1280, 390)
MIN_TEXT_PX = 12.0
"""The smallest computed font size allowed for the page's text."""

if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
    if os.environ.get("CI"):
        pytest.fail("CI must run the browser test: .ci/run installs chromium and "
                    "chromium-driver", pytrace=False)
    pytest.skip("needs Chromium and ChromeDriver: apt-get install chromium chromium-driver",
                allow_module_level=True)

from selenium import webdriver  # noqa: E402  (after the skip: a test-only dependency)
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    # As root in a container: no sandbox; and no background traffic on a closed network.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pages")
    default, comparison = folder / "report.html", folder / "comparison.html"
    run_cli("report", "--confirm", "0", "-o", default)
    run_cli("report", "--confirm", "0", REPO / "mandates" / "west-bank-gaza.toml",
            REPO / "mandates" / "variants" / "no-us-troops.toml", "-o", comparison)
    return {"report": default, "comparison": comparison}


def _screenshot(driver: webdriver.Chrome, name: str, tmp: Path) -> Path:
    """The whole page, not only the window (Chrome's DevTools protocol)."""
    shot = driver.execute_cdp_cmd("Page.captureScreenshot",
                                  {"format": "png", "captureBeyondViewport": True})
    folder = Path(os.environ.get("FORCESIZE_SCREENSHOTS") or tmp)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    path.write_bytes(base64.b64decode(shot["data"]))
    return path


def _problems(browser: webdriver.Chrome, url: str, width: int) -> list[str]:
    """What a reader would trip over on the page at ``width``: console errors, anything
    fetched, charts or tables not visible, a page wider than the window, tiny text."""
    browser.set_window_size(width, 1000)
    browser.get_log("browser")  # drop what an earlier page left
    browser.get(url)
    problems = [f"console: {e['message']}" for e in browser.get_log("browser")
                if e["level"] in ("SEVERE", "WARNING")]
    problems += [f"fetched: {name}" for name in browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")]
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    tables = [t for t in browser.find_elements(By.CSS_SELECTOR, "table")
              if not browser.execute_script(
                  "const d = arguments[0].closest('details'); return d !== null && !d.open", t)]
    for element in [*charts, *tables]:
        browser.execute_script("arguments[0].scrollIntoView()", element)
        box = element.rect
        if not element.is_displayed() or box["width"] <= 0 or box["height"] <= 0:
            problems.append(f"hidden: {element.tag_name} {element.get_attribute('outerHTML')[:80]}")
    # Nothing widens the page beyond the window: wide tables and charts scroll in their
    # own boxes, so the text keeps its size on a phone.
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    window = browser.execute_script("return window.innerWidth")
    if page_width > window:
        problems.append(f"wider than the window: {page_width} > {window} px")
    smallest = browser.execute_script(
        "return Math.min(...[...document.querySelectorAll('p, td, th, dd, dt, li, summary')]"
        ".map(e => parseFloat(getComputedStyle(e).fontSize)))")
    if smallest < MIN_TEXT_PX:
        problems.append(f"text of {smallest} px")
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("page", ["report", "comparison"])
def test_the_report_reads_in_a_browser(browser, pages, tmp_path, page, width):
    assert _problems(browser, pages[page].as_uri(), width) == []
    assert browser.title.startswith("forcesize report")
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert len(charts) >= (10 if page == "comparison" else 5)
    assert len(browser.find_elements(By.CSS_SELECTOR, "table")) >= 8

    # A closed derivation opens on demand and shows its table.
    details = browser.find_element(By.CSS_SELECTOR, "details summary")
    browser.execute_script("arguments[0].scrollIntoView()", details)
    details.click()
    opened = details.find_element(By.XPATH, "..").find_element(By.CSS_SELECTOR, "table")
    assert opened.is_displayed()

    shot = _screenshot(browser, f"{page}-{width}", tmp_path)
    assert shot.stat().st_size > 10_000


BROKEN = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>broken</title>
</head><body><p style="font-size:8px">tiny</p><script>console.error("boom")</script>
<img src="http://127.0.0.1:9/chart.png" alt="">
<table style="display:none"><tr><td>hidden</td></tr></table>
<div style="width:2000px">wide</div></body></html>"""


def test_the_checks_catch_a_broken_page(browser, tmp_path):
    """The checks can fail: a page with each fault is caught on each count."""
    page = tmp_path / "broken.html"
    page.write_text(BROKEN, encoding="utf-8")
    found = _problems(browser, page.as_uri(), 390)
    kinds = sorted({p.split(":")[0].split(" of ")[0] for p in found})
    assert kinds == ["console", "fetched", "hidden", "text", "wider than the window"], found
