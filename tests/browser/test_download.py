"""'Download for submission' in JupyterLab: the notebook saved and downloaded under the assignment's name.

The browser-only site (tests/lite/) is where students need it most; here the same button in a real
JupyterLab, where a student uploads the file to an LMS.
"""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from stratkit.answers.notebook_copy import records_in_notebook

from ..conftest import REPO
from .answering import tick_option, wait_until_saved
from .lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook, run_all_cells

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing, never skipped
ASSIGNMENT = "ps1-planning-documents"


def test_download_for_submission_in_jupyterlab(tmp_path: Path):
    root = tmp_path / "home"
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, root / ASSIGNMENT)
    with jupyterlab(root) as url, playwright_api.sync_playwright() as driver:
        base, token = url.split("|")
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_context(accept_downloads=True).new_page()
        open_notebook(page, f"{base}/lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb?token={token}")
        run_all_cells(page, "button.stratkit-download-button")
        tick_option(page, "ps1-pick", "o1")
        wait_until_saved(page, "ps1-pick")
        with page.expect_download() as download:
            page.locator("button.stratkit-download-button").click()
        assert download.value.suggested_filename == f"{ASSIGNMENT}.ipynb"
        target = tmp_path / "downloaded.ipynb"
        download.value.save_as(str(target))
        browser.close()
    notebook = json.loads(target.read_text())
    # the newest copy of each answer (the front end's metadata copy and the kernel's output copy agree)
    assert {(r["exercise"], tuple(r["value"])) for r in records_in_notebook(notebook)} == {("ps1-pick", ("o1",))}
    # what was downloaded is what was saved (nbformat joins the lines JupyterLab's file splits)
    saved = nbformat.read(root / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    downloaded = nbformat.read(target, as_version=4)
    assert [c.get("outputs") for c in saved.cells] == [c.get("outputs") for c in downloaded.cells]
    assert saved.metadata["stratkit"] == downloaded.metadata["stratkit"]
