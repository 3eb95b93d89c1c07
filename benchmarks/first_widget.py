"""Figures 5 and 6: time to the first widget of lesson 1, against a bare kernel showing one stock widget.

What a student waits for: from opening the notebook (navigation) to the first widget on screen,
Run All pressed as soon as the kernel is ready (its status says Idle). The comparison opens, in the same server and browser, a
notebook whose one cell is ``ipywidgets.ToggleButtons(...)``: a kernel start plus ipywidgets, the
least any widget can cost. The ratio lesson 1 / bare is stratkit's share (``import stratkit``,
reading the exercise file, building the widget and restoring saved answers).

- Figure 5, JupyterLab: one server on 127.0.0.1, Debian's Chromium, a fresh page and kernel per try.
- Figure 6, JupyterLite: the site built as ``make lite`` builds it (offline, from the fetched
  inputs), plus the bare notebook; a static server on 127.0.0.1; a fresh browser context per try
  (a first visit: the Pyodide runtime and the wheels come from the local server, not a cache).

One warm-up of each, then tries alternate (lesson, bare, lesson, bare, ...); medians.
"""

from __future__ import annotations

import json
import shutil
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any, Callable

from common import REPO, Figure, median

sys.path.insert(0, str(REPO))

TARGET = 1.3
LESSON = "course/01-what-a-strategy-is.ipynb"
BARE = "bench/bare-widget.ipynb"
# a stock ipywidgets view (the bare notebook) or a stratkit exercise (an anywidget view: its .sk-root)
FIRST_WIDGET = ".jp-OutputArea-output > .lm-Widget[class*='widget-'], .jp-OutputArea-output .sk-root"
BARE_NOTEBOOK = {
    "cells": [{"cell_type": "code", "execution_count": None, "id": "bare", "metadata": {}, "outputs": [],
               "source": "import ipywidgets\n"
                         "ipywidgets.ToggleButtons(options=['Product strategy', 'Product roadmap'])"}],
    "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                 "language_info": {"name": "python"}},
    "nbformat": 4, "nbformat_minor": 5}


def _time_to_widget(page: Any, url: str) -> tuple[float, float]:
    """(seconds to the cells showing, seconds to the first widget), from navigation."""
    try:
        return _timed(page, url)
    except Exception:
        shot = REPO / "benchmarks" / "out" / "first-widget-failed.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shot))
        print(f"first widget: {url} failed; the page is in {shot}", file=sys.stderr)
        raise


def _timed(page: Any, url: str) -> tuple[float, float]:
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(".jp-Notebook .jp-Cell >> visible=true", timeout=300_000)
    cells = time.perf_counter() - started
    page.wait_for_selector("text=/\\| Idle$/", timeout=300_000)  # Run All before the kernel connects runs nothing
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    page.wait_for_selector(f"{FIRST_WIDGET} >> visible=true", timeout=300_000)
    return cells, time.perf_counter() - started


def _alternate(tries: int, one: Callable[[str], tuple[float, float]]) -> dict[str, list[tuple[float, float]]]:
    one("lesson")
    one("bare")  # warm-ups: caches, bytecode
    times: dict[str, list[tuple[float, float]]] = {"lesson": [], "bare": []}
    for _ in range(tries):
        for which in ("lesson", "bare"):
            times[which].append(one(which))
    return times


def measure_jupyterlab(work: Path, tries: int) -> dict[str, list[tuple[float, float]]]:
    from playwright.sync_api import sync_playwright

    from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab

    root = work / "root"
    shutil.copytree(REPO / "course", root / "course", ignore=shutil.ignore_patterns("stratkit-answers.json*"))
    (root / "bench").mkdir()
    (root / BARE).write_text(json.dumps(BARE_NOTEBOOK))
    paths = {"lesson": LESSON, "bare": BARE}
    with jupyterlab(root) as url, sync_playwright() as driver:
        base, token = url.split("|")
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def one(which: str) -> tuple[float, float]:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            result = _time_to_widget(page, f"{base}/lab/tree/{paths[which]}?reset&token={token}")
            page.close()
            with urllib.request.urlopen(f"{base}/api/sessions?token={token}") as response:
                for session in json.load(response):  # the next try starts its own kernel
                    request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}",
                                                     method="DELETE")
                    urllib.request.urlopen(request).close()
            return result

        try:
            return _alternate(tries, one)
        finally:
            browser.close()


def measure_jupyterlite(work: Path, tries: int) -> dict[str, list[tuple[float, float]]]:
    from playwright.sync_api import sync_playwright

    from stratkit.instructor.lite_site import Inputs, build_site, fetch
    from tests.browser.lab import CHROMIUM, CHROMIUM_ARGS
    from tests.lite.server import static_server

    inputs = Inputs(REPO / "build" / "lite" / "inputs")
    fetch(REPO, inputs)
    inputs.offline = True
    site = build_site(REPO, work / "site", inputs, extra_files={BARE: json.dumps(BARE_NOTEBOOK)})
    paths = {"lesson": LESSON, "bare": BARE}
    with static_server(site.path) as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        def one(which: str) -> tuple[float, float]:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            try:
                return _time_to_widget(context.new_page(), f"{base}/lab/index.html?path={paths[which]}")
            finally:
                context.close()

        try:
            return _alternate(tries, one)
        finally:
            browser.close()


def figure(number: str, where: str, times: dict[str, list[tuple[float, float]]]) -> Figure:
    lesson = median([t for _, t in times["lesson"]])
    bare = median([t for _, t in times["bare"]])
    ratio = lesson / bare
    cells = {k: median([c for c, _ in v]) for k, v in times.items()}
    details = [
        f"{where}: lesson 1 {lesson:.1f} s, bare kernel + one stock ToggleButtons {bare:.1f} s to the first widget, "
        f"medians of {len(times['lesson'])} alternating tries after one warm-up each; every try: "
        + ", ".join(f"{t:.1f}" for _, t in times["lesson"]) + " s (lesson) / "
        + ", ".join(f"{t:.1f}" for _, t in times["bare"]) + " s (bare)",
        f"{where}: the cells show after {cells['lesson']:.1f} s (lesson) / {cells['bare']:.1f} s (bare); the rest is "
        f"the kernel starting and running the cells: {lesson - cells['lesson']:.1f} s / {bare - cells['bare']:.1f} s. "
        f"stratkit's share is the difference, {lesson - bare:+.1f} s",
    ]
    return Figure(number, f"time to first widget, lesson 1 / bare kernel with one stock ipywidget, {where}",
                  f"{ratio:.2f} ({lesson:.1f} s / {bare:.1f} s)", f"<= {TARGET}", ratio <= TARGET, details)
