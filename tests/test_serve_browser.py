"""`tenderkit serve` in a real browser: Debian's Chromium, headless, driven by Selenium through the
system's chromedriver. The page follows saves to the spec without a reload and keeps its scroll
position; an invalid save shows the located error with its line. Skipped locally without Chromium,
required in CI (TENDERKIT_REQUIRE_BROWSER=1)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from helpers.common import CHROMEDRIVER, CHROMIUM, SPEC_2021, Process, line_of, normalise, require

pytestmark = pytest.mark.browser
BOUND = 15  # seconds a save may take to reach the page


@pytest.fixture
def browser():
    require("chromium", "chromedriver")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


@pytest.fixture
def server(repo):
    process = Process([str(Path(sys.executable).with_name("tenderkit")), "serve", str(repo), "--no-browser"], cwd=repo)
    try:
        yield process.wait_for("http://127.0.0.1:").strip()
    finally:
        assert process.interrupt() == 0


def test_the_page_follows_saves(browser, server, repo):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    spec = repo / "specs" / SPEC_2021.name
    good = spec.read_text(encoding="utf-8")

    def page_text() -> str:
        return normalise(browser.find_element(By.ID, "content").text)

    def shows(text: str) -> bool:
        return text in page_text()

    browser.get(server + "spec/anhorigstod-barn-2021")
    WebDriverWait(browser, 60).until(lambda _: shows("Förslaget är att avtalet utökas med 2 600 timmar per år"))
    assert browser.find_element(By.CSS_SELECTOR, "#tjansteskrivelse h1").text == "Anhörigstöd barn, ställningstagande till upphandlingsform"
    browser.execute_script("window.scrollTo(0, 700); window.notReloaded = true")
    assert browser.execute_script("return window.scrollY") == 700

    started = time.monotonic()
    spec.write_text(good.replace("per_year: 2600", "per_year: 1950"), encoding="utf-8")
    WebDriverWait(browser, BOUND, poll_frequency=0.02).until(lambda _: shows("utökas med 1 950 timmar per år"))
    print(f"save to updated page: {time.monotonic() - started:.2f} s")
    assert browser.execute_script("return window.notReloaded") is True  # replaced in place, not reloaded
    assert browser.execute_script("return window.scrollY") == 700

    spec.write_text(good.replace("per_year: 2600", "per_year: mycket"), encoding="utf-8")
    line = line_of(spec, "per_year: mycket")
    WebDriverWait(browser, BOUND).until(lambda _: shows('expected a whole number, got "mycket"'))
    problem = browser.find_element(By.CSS_SELECTOR, "pre.problem").text
    assert f"specs/{SPEC_2021.name}:{line}:" in problem
    assert f"{line} |       per_year: mycket" in problem
    stale = browser.find_element(By.CSS_SELECTOR, "section.stale")
    assert "utökas med 1 950 timmar" in normalise(stale.text)  # the last good preview, greyed beside
    assert float(browser.find_element(By.CSS_SELECTOR, "section.stale article").value_of_css_property("opacity")) < 1

    spec.write_text(good.replace("name: anhörigstöd barn", "name: anhörigstöd <script>window.injected=1</script>"),
                    encoding="utf-8")
    WebDriverWait(browser, BOUND).until(lambda _: shows("anhörigstöd <script>window.injected=1</script>"))
    assert browser.execute_script("return window.injected") is None
