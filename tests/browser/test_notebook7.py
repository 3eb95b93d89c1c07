"""The same released notebook works in Notebook 7 (the classic-looking interface students also use)."""

from __future__ import annotations

import importlib
import json
import shutil
import time
from pathlib import Path

import pytest

from stratkit.answers.notebook_copy import MIME

from tests.conftest import REPO
from .lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook, run_all_cells

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing, never skipped
ASSIGNMENT = "ps1-planning-documents"


def test_answer_and_save_in_notebook7(tmp_path: Path):
    folder = tmp_path / "work"
    shutil.copytree(REPO / "exercises" / ASSIGNMENT, folder)
    notebook_file = folder / f"{ASSIGNMENT}.ipynb"
    with jupyterlab(folder) as url, playwright_api.sync_playwright() as driver:
        base, token = url.split("|")
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        open_notebook(page, f"{base}/notebooks/{ASSIGNMENT}.ipynb?token={token}")
        run_all_cells(page, ".stratkit-pick .stratkit-row")
        page.locator(".stratkit-item-o3 input[type=checkbox]").click()
        page.locator(".stratkit-item-s5").get_by_role("button", name="Marketing plan", exact=True).click()
        for kind in ("sort", "pick"):  # "✔ Saved" (not the "Nothing saved yet" it starts with)
            page.locator(f".stratkit-{kind} .stratkit-status").get_by_text("✔ Saved").wait_for(timeout=10_000)
        page.keyboard.press("Control+s")
        deadline = time.monotonic() + 30
        while True:
            saved = {}
            for cell in json.loads(notebook_file.read_text())["cells"]:
                for output in cell.get("outputs", []):
                    record = output.get("data", {}).get(MIME)
                    if record:
                        saved[record["exercise"]] = record["value"]
            if saved == {"ps1-pick": ["o3"], "ps1-sort": {"s5": "marketing-plan"}}:
                break
            assert time.monotonic() < deadline, saved
            time.sleep(0.3)
        page.screenshot(path=str(REPO / "build" / "screenshots" / "notebook7.png"))
        browser.close()
