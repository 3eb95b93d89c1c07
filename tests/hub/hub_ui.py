"""A person on the hub in Chromium: log in, a terminal, nbgrader's Assignments tab, the file browser.

Selectors here are JupyterHub's, JupyterLab's and nbgrader's (its lab extension, 0.9); stratkit's
widgets are driven through tests/browser/answering.py only.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

SPAWN_TIMEOUT_MS = 180_000
FAILURES: Path | None = None  # where a failing session leaves its last screenshot
ASSIGNMENT_LIST = "nbgrader:open-assignment-list"


class HubUser:
    """One person's browser session on the hub (own cookies), logged in with their password."""

    def __init__(self, browser: Any, base: str, name: str, password: str) -> None:
        self.base, self.name, self.password = base, name, password
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()

    @property
    def lab_url(self) -> str:
        return f"{self.base}/user/{self.name}/lab"

    def log_in(self) -> None:
        """The hub's login form, then JupyterLab in a workspace of its own (no tabs restored)."""
        page = self.page
        page.goto(f"{self.base}/hub/login")
        page.fill("#username_input", self.name)
        page.fill("#password_input", self.password)
        page.click("#login_submit")
        page.wait_for_url(f"**/user/{self.name}/lab**", timeout=SPAWN_TIMEOUT_MS)
        page.goto(f"{self.lab_url}/workspaces/w{time.time_ns()}")
        self.wait_for_lab()

    def wait_for_lab(self) -> None:
        self.page.wait_for_selector("#jp-main-dock-panel .lm-TabBar-tab >> visible=true", timeout=SPAWN_TIMEOUT_MS)

    def close(self) -> None:
        self.context.close()

    def __enter__(self) -> HubUser:
        return self

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        """Close the session; on a failure, first keep a screenshot of what the person saw."""
        if error is not None and FAILURES is not None:
            FAILURES.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):  # the page may be gone; the original error is what matters
                self.page.screenshot(path=str(FAILURES / f"failed-{self.name}-{time.time_ns()}.png"), full_page=True)
        self.close()

    # menus ---------------------------------------------------------------
    def menu_items(self, menu: str) -> list[str]:
        """The labels of a main-menu menu's items, as shown when it is opened."""
        page = self.page
        page.locator(f".lm-MenuBar-item:has-text('{menu}')").click()
        items = page.locator(".lm-Menu-content .lm-Menu-itemLabel").all_inner_texts()
        page.keyboard.press("Escape")
        return [i.strip() for i in items if i.strip()]

    def run_menu_command(self, menu: str, command: str) -> None:
        self.page.locator(f".lm-MenuBar-item:has-text('{menu}')").click()
        self.page.locator(f".lm-Menu-item[data-command='{command}']").click()

    # a terminal ------------------------------------------------------------
    def run_in_terminal(self, script: str, step: str, done: Callable[[str], int | None], timeout_s: float = 900,
                        screenshot: Path | None = None) -> int:
        """Open File > New > Terminal and type ``script``, line by line, as a person would.

        The lines run in a subshell with ``set -e``; its output goes to ``~/.hub-steps/STEP.log`` and
        its exit status to ``~/.hub-steps/STEP.rc``; ``done(step)`` reads that status (None until
        written). Returns the status.
        """
        page = self.page
        page.locator(".lm-MenuBar-item:has-text('File')").click()
        page.locator(".lm-Menu-item[data-type='submenu']:has-text('New')").first.hover()
        page.locator(".lm-Menu-item[data-command='terminal:create-new']").click()
        terminal = page.locator(".jp-Terminal .xterm-helper-textarea >> visible=true")
        terminal.wait_for(timeout=60_000)
        # a new terminal drops what is typed before its shell is connected: say hello until it answers
        for attempt in range(20):
            terminal.focus()
            self._type(f"mkdir -p ~/.hub-steps; echo {attempt} > ~/.hub-steps/{step}.ready")
            if _wait(lambda: done(f"{step}.ready") is not None, 5):
                break
        else:
            raise AssertionError(f"the terminal for {step} never answered")
        self._type("set +H; ( set -e", *script.rstrip("\n").splitlines(),
                   f") > ~/.hub-steps/{step}.log 2>&1; echo $? > ~/.hub-steps/{step}.rc")
        deadline = time.monotonic() + timeout_s
        while (status := done(step)) is None:
            assert time.monotonic() < deadline, f"the terminal step {step} did not finish in {timeout_s} s"
            time.sleep(0.5)
        if screenshot:
            page.screenshot(path=str(screenshot))
        return status

    def _type(self, *lines: str) -> None:
        for line in lines:
            self.page.keyboard.insert_text(line)
            self.page.keyboard.press("Enter")

    # nbgrader's Assignments tab ----------------------------------------------
    def open_assignments(self) -> Any:
        """Nbgrader > Assignment List; wait until its three lists have loaded."""
        page = self.page
        self.run_menu_command("Nbgrader", ASSIGNMENT_LIST)
        for part in ("released", "fetched", "submitted"):
            page.wait_for_selector(f"#{part}_assignments_list_loading", state="hidden", timeout=60_000)
        return page.locator("#assignments")

    def _row(self, part: str, assignment: str) -> Any:
        return self.page.locator(f"#{part}_assignments_list .list_item:has-text('{assignment}')").first

    def fetch(self, assignment: str) -> None:
        """Press Fetch next to a released assignment; wait until it is listed as downloaded."""
        self._row("released", assignment).locator("button:has-text('Fetch')").click()
        self._row("fetched", assignment).wait_for(timeout=60_000)

    def open_fetched_notebook(self, course: str, assignment: str, notebook: str) -> None:
        """Unfold the downloaded assignment and open its notebook from the list."""
        page = self.page
        row = self._row("fetched", assignment)
        row.locator("a.assignment-notebooks-link").click()
        page.locator(f"#nbgrader-{course}-{assignment} a:has-text('{notebook}')").first.click()
        page.wait_for_selector(".jp-Notebook .jp-Cell >> visible=true", timeout=90_000)
        # Run All before the kernel has started asks which kernel to use: wait for it, as a person does
        page.wait_for_selector(".jp-StatusBar-Widget:has-text('| Idle')", timeout=120_000)

    def submit(self, assignment: str) -> None:
        """Press Submit next to the downloaded assignment; wait until a submission is listed."""
        page = self.page
        self._row("fetched", assignment).locator("button:has-text('Submit')").click()
        page.wait_for_selector(f"#submitted_assignments_list .list_item:has-text('{assignment}') .nested_list_item",
                               timeout=60_000)

    def fetch_feedback(self, assignment: str) -> None:
        """Press Fetch Feedback; wait until '(view feedback)' shows."""
        row = self._row("submitted", assignment)
        row.locator("button:has-text('Fetch Feedback')").click()
        self.page.locator("#submitted_assignments_list a:has-text('view feedback')").first.wait_for(timeout=60_000)

    def view_feedback(self, html_name: str) -> Any:
        """Click '(view feedback)', then open the feedback file from the file browser; return its frame."""
        page = self.page
        page.locator("#submitted_assignments_list a:has-text('view feedback')").first.click()
        item = page.locator(f".jp-DirListing-item:has-text('{html_name}')").first
        item.wait_for(timeout=30_000)
        item.dblclick()
        frame = page.frame_locator(".jp-HTMLViewer iframe >> visible=true")
        frame.locator("body").wait_for(timeout=60_000)
        return frame

    # notebooks and files -------------------------------------------------------
    def run_all(self, wait_for: str) -> None:
        """Run > Run All Cells; wait until ``wait_for`` is on the page (JupyterLab may not paint
        cells outside the window, so it need not be visible yet)."""
        page = self.page
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.locator("li[data-command='runmenu:run-all']").click()
        page.wait_for_selector(wait_for, state="attached", timeout=120_000)

    def save_notebook(self) -> None:
        self.page.keyboard.press("Control+s")

    def upload(self, folder: str, file: Path) -> None:
        """Open ``folder`` in the file browser and upload ``file`` with its Upload button."""
        page = self.page
        page.goto(f"{self.lab_url}/workspaces/w{time.time_ns()}/tree/{folder}")
        self.wait_for_lab()
        page.locator(".jp-BreadCrumbs").get_by_text(folder).wait_for(timeout=30_000)
        with page.expect_file_chooser() as chooser:
            page.locator(".jp-FileBrowser-toolbar [data-command='filebrowser:upload'], "
                         ".jp-FileBrowser-toolbar .jp-id-upload button, "
                         ".jp-FileBrowser-toolbar button[title='Upload Files']").first.click()
        chooser.value.set_files(str(file))
        page.locator(f".jp-DirListing-item:has-text('{file.name}')").first.wait_for(timeout=30_000)


def _wait(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
