"""Debian's Chromium for the site, with every request it makes recorded, and none able to leave.

Recorded: Chromium's NetLog (``--log-net-log``) lists every URL request of the browser, from pages,
dedicated workers (the Pyodide kernel) and service workers alike, with the origin that started it
(Playwright's own request events miss workers' requests). Requests Chromium makes for itself
(updates, sign-in) carry no origin; everything the site asks for carries the site's. Refused: a
proxy on 127.0.0.1 that answers every request with 403 (Chromium never proxies loopback), so not
even Chromium's own requests leave the machine.
"""

from __future__ import annotations

import importlib
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

from ..browser.lab import CHROMIUM, CHROMIUM_ARGS
from .server import refusing_proxy

playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing


@contextmanager
def recorded_chromium(netlog: Path) -> Iterator[Any]:
    """A Chromium whose every request is written to ``netlog`` (complete once the browser closes)."""
    if not Path(CHROMIUM).exists():
        raise AssertionError(f"Debian's chromium is missing at {CHROMIUM}: run 'make chromium' (make test does)")
    with refusing_proxy() as (proxy, _refused), playwright_api.sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=[
            *CHROMIUM_ARGS, f"--proxy-server=http://{proxy}", f"--log-net-log={netlog}"])
        try:
            yield browser
        finally:
            browser.close()


def site_requests(netlog: Path) -> list[tuple[str, str]]:
    """(origin that asked, URL) of every request a web page or worker made, from a closed browser's NetLog."""
    log = json.loads(netlog.read_text(encoding="utf-8"))
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    found = []
    for event in log["events"]:
        params = event.get("params") or {}
        if event["type"] == start and "url" in params:
            initiator = str(params.get("initiator", "not an origin"))
            if initiator != "not an origin":  # Chromium's own requests have none
                found.append((initiator, str(params["url"])))
    return found


def outside_127_0_0_1(requests: list[tuple[str, str]]) -> list[str]:
    """The requested URLs that were not for 127.0.0.1 (data: and blob: URLs stay in the page)."""
    return [url for _, url in requests
            if urlsplit(url).scheme not in ("data", "blob") and urlsplit(url).hostname != "127.0.0.1"]
