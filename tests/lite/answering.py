"""A student's hands in the JupyterLite site: the page steps (open, run, download, theme) in one place.

The exercises themselves are answered through tests/browser/answering.py, the same helpers the
JupyterLab, Notebook 7 and JupyterHub suites use, so one front end is tested one way everywhere.
Exercises are addressed by ids, never by position on screen: each student sees items in their own order.
"""

from __future__ import annotations

import time
from typing import Any

from ..browser import answering as widgets

DOWNLOAD = "button.stratkit-download-button"
DOWNLOAD_STATUS = ".stratkit-download-status"
EXERCISE = ".sk-root"
CELL = ".jp-Notebook .jp-Cell"
WAIT_MS = 180_000  # a Pyodide kernel starts in 15 s here; a busy 2-core CI is slower


def wait_answered(page: Any, exercise_id: str, kind: str, value: Any, timeout: float = 60) -> None:
    """Wait until the exercise shows ``value`` and says Saved (answer file AND saved notebook)."""
    want = sorted(value) if kind == "pick" else value
    deadline = time.monotonic() + timeout
    while widgets.shown_answer(page, exercise_id, kind) != want or widgets.status_of(page, exercise_id)[0] != "saved":
        assert time.monotonic() < deadline, (f"{exercise_id} shows {widgets.shown_answer(page, exercise_id, kind)} "
                                             f"({widgets.status_of(page, exercise_id)}), not {want} saved")
        time.sleep(0.1)


# --------------------------------------------------------------------------- the page


def open_notebook(page: Any, base: str, path: str) -> None:
    """Open a notebook of the site as a student does from a link (``lab/index.html?path=...``)."""
    page.goto(f"{base}/lab/index.html?path={path}")
    page.wait_for_selector(f"{CELL} >> visible=true", timeout=WAIT_MS)
    if path.endswith(".ipynb"):
        page.wait_for_selector("text=Python (Pyodide) | Idle", timeout=WAIT_MS)


def run_all(page: Any, wait_for: str = EXERCISE, count: int = 1) -> None:
    """Run > Run All Cells from the menu; wait until ``count`` elements ``wait_for`` show."""
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.locator("li[data-command='runmenu:run-all']").click()
    page.wait_for_selector(f"{wait_for} >> visible=true", timeout=WAIT_MS)
    page.wait_for_function(f"document.querySelectorAll({wait_for!r}).length >= {count}", timeout=WAIT_MS)


def hide_file_browser(page: Any) -> None:
    """Tap the folder icon at the left, as a student on a narrow screen does to make room."""
    page.locator(".jp-SideBar.jp-mod-left .lm-TabBar-tab").first.click()
    page.wait_for_selector("#filebrowser", state="hidden", timeout=30_000)


def save(page: Any) -> None:
    page.keyboard.press("Control+s")


# --------------------------------------------------------------------------- handing in


def download_for_submission(page: Any) -> Any:
    """Press "Download for submission"; return Playwright's Download (file name and content)."""
    button = page.locator(DOWNLOAD)
    button.scroll_into_view_if_needed()
    with page.expect_download(timeout=60_000) as download:
        button.click()
    page.locator(DOWNLOAD_STATUS).get_by_text("Saved and downloaded").wait_for(timeout=30_000)
    return download.value


def _wait(condition: Any, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the widget did not respond"
        time.sleep(0.1)


# --------------------------------------------------------------------------- themes (JupyterLab's menus)


def _theme(page: Any, name: str, light: bool) -> None:
    page.get_by_role("menuitem", name="Settings", exact=True).click()
    page.locator(".lm-Menu-item").filter(has=page.locator(".lm-Menu-itemLabel", has_text="Theme")).first.hover()
    page.locator(".lm-Menu-item").filter(has=page.locator(".lm-Menu-itemLabel", has_text=name)).first.click()
    page.wait_for_selector(f"body[data-jp-theme-light='{str(light).lower()}']", state="attached", timeout=30_000)


def dark_theme(page: Any) -> None:
    _theme(page, "JupyterLab Dark", light=False)


def light_theme(page: Any) -> None:
    _theme(page, "JupyterLab Light", light=True)
