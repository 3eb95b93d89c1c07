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

from stratkit.notebook_copy import MIME

from ..conftest import REPO
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
        page.locator(".stratkit-pick .stratkit-item-o1 input[type=checkbox]").click()
        page.wait_for_function("[...document.querySelectorAll('.stratkit-status')].some(e => e.innerText.includes("
                               "'(1 of 7'))")
        with page.expect_download() as download:
            page.locator("button.stratkit-download-button").click()
        assert download.value.suggested_filename == f"{ASSIGNMENT}.ipynb"
        target = tmp_path / "downloaded.ipynb"
        download.value.save_as(str(target))
        browser.close()
    notebook = json.loads(target.read_text())
    records = [o["data"][MIME] for c in notebook["cells"] for o in c.get("outputs", []) if MIME in o.get("data", {})]
    assert [r["value"] for r in records if r["exercise"] == "ps1-pick"] == [["o1"]]
    # what was downloaded is what was saved (nbformat joins the lines JupyterLab's file splits)
    saved = nbformat.read(root / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4)
    downloaded = nbformat.read(target, as_version=4)
    assert [c.get("outputs") for c in saved.cells] == [c.get("outputs") for c in downloaded.cells]
