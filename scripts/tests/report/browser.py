"""A headless Debian chromium driven by Selenium (chromedriver), for the report's browser test: what the page
logged on its console, and every request it made (from chromium's own network log)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

# Schemes a page that works offline may load from; anything else is a request to the network.
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:")
# Every host name resolves to nothing and every proxied request goes nowhere: a request that slips through
# fails instead of reaching the network, and is still seen in the network log.
OFFLINE_ARGUMENTS = ("--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9")
# How long the charts may take to draw (a second or two on 2 busy cores).
CHART_TIMEOUT_SECONDS = 30


def missing_browser() -> str:
    """'' when chromium and chromedriver are installed, else what to run."""
    if shutil.which("chromium") and shutil.which("chromedriver"):
        return ""
    return "Debian's chromium and chromium-driver are missing: run `make browser` (make test does)."


@contextmanager
def headless_chromium(width: int = 1280, height: int = 1000) -> Iterator[WebDriver]:
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        *OFFLINE_ARGUMENTS,
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver")))
    try:
        yield driver
    finally:
        driver.quit()


def console_errors(driver: WebDriver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def requested_urls(driver: WebDriver) -> list[str]:
    """Every URL the page asked for since the last call, from chromium's network events."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def network_requests(driver: WebDriver) -> list[str]:
    return [url for url in requested_urls(driver) if not url.startswith(LOCAL_SCHEMES)]


def full_page_screenshot(driver: WebDriver, path: Path) -> Path:
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(driver.get_window_size()["width"], height)
    path.parent.mkdir(parents=True, exist_ok=True)
    driver.save_screenshot(str(path))
    return path


def wait_for_charts(driver: WebDriver) -> None:
    """Until every chart of the page has drawn its SVG (a timeout fails the test)."""
    WebDriverWait(driver, CHART_TIMEOUT_SECONDS).until(
        lambda page: all(
            chart.find_elements(By.CSS_SELECTOR, "svg")
            for chart in page.find_elements(By.CSS_SELECTOR, "div.chart")
        )
    )
