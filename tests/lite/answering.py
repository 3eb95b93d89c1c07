"""A student's hands in the JupyterLite site: every page step and every widget selector, in one place.

The widgets' front end is being replaced (stock ipywidgets -> an anywidget); whoever changes it
changes the selectors HERE only. Exercises are addressed by ids (exercise, item, step, option,
category label), never by position on screen: each student sees items in their own order.
"""

from __future__ import annotations

import time
from typing import Any

# --------------------------------------------------------------------------- selectors (the widgets' DOM)

EXERCISE = ".stratkit-exercise"  # one exercise widget
STATUS = ".stratkit-status"  # its "✔ Saved ..." line
FEEDBACK = ".stratkit-feedback"  # practice feedback after Check
ROW = ".stratkit-row"
KIND = {"sort": ".stratkit-sort", "order": ".stratkit-order", "pick": ".stratkit-pick"}
STEP_UP = ".stratkit-up"
CHOSEN = "button.mod-active"  # the chosen category of a sort row
DOWNLOAD = "button.stratkit-download-button"
DOWNLOAD_STATUS = ".stratkit-download-status"
CELL = ".jp-Notebook .jp-Cell"
WAIT_MS = 180_000  # a Pyodide kernel starts in 15 s here; a busy 2-core CI is slower


def item(entry_id: str) -> str:
    return f".stratkit-item-{entry_id}"


def exercise_widget(page: Any, exercise_id: str, kind: str) -> Any:
    """The widget of ``exercise_id``: the exercise cell is the one whose source names it."""
    cell = page.locator(CELL).filter(has_text=exercise_id).filter(has=page.locator(KIND[kind]))
    widget = cell.locator(f"{EXERCISE}{KIND[kind]}").first
    widget.locator(ROW).first.wait_for(timeout=WAIT_MS)  # its cell may still be running
    return widget


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


# --------------------------------------------------------------------------- answering


def choose(widget: Any, item_id: str, label: str) -> None:
    """Sort: give statement ``item_id`` the category labelled ``label``."""
    widget.locator(item(item_id)).get_by_role("button", name=label, exact=True).click()
    _wait(lambda: widget.locator(item(item_id)).locator(CHOSEN).all_inner_texts() == [label])


def tick(widget: Any, option_id: str, on: bool = True) -> None:
    """Pick: tick (or untick) option ``option_id``."""
    box = widget.locator(f"{item(option_id)} input[type=checkbox]")
    if box.is_checked() != on:
        box.click()
    _wait(lambda: box.is_checked() == on)


def order_now(widget: Any, step_ids_by_text: dict[str, str]) -> list[str]:
    """Order: the step ids as shown, first to last."""
    texts = widget.locator(ROW).all_inner_texts()
    return [step_ids_by_text[t.split("\n", 1)[1].strip()] for t in texts]


def put_in_order(widget: Any, target: list[str], step_ids_by_text: dict[str, str]) -> None:
    """Order: press the steps' Up buttons until the order is ``target``."""
    for index, step in enumerate(target):
        while (current := order_now(widget, step_ids_by_text)).index(step) > index:
            widget.locator(STEP_UP).nth(current.index(step)).click()
            _wait(lambda before=current: order_now(widget, step_ids_by_text) != before)


def check(widget: Any) -> str:
    """Practice: press Check; return the feedback text."""
    widget.get_by_role("button", name="Check").click()
    widget.locator(FEEDBACK).get_by_text("Score:").first.wait_for(timeout=30_000)
    return str(widget.locator(FEEDBACK).inner_text())


def status(widget: Any) -> str:
    return str(widget.locator(STATUS).inner_text())


def wait_saved(widget: Any, answered: int) -> None:
    """Wait until the widget says its answer, with ``answered`` entries, is saved."""
    _wait(lambda: "✔ Saved" in status(widget) and f"({answered} of" in status(widget), timeout=30)


# --------------------------------------------------------------------------- reading what is shown


def shown_sort(widget: Any, category_ids_by_label: dict[str, str]) -> dict[str, str]:
    found = {}
    for row in widget.locator(ROW).all():
        entry = next(c[len("stratkit-item-"):] for c in (row.get_attribute("class") or "").split()
                     if c.startswith("stratkit-item-"))
        chosen = row.locator(CHOSEN).all_inner_texts()
        if chosen:
            found[entry] = category_ids_by_label[chosen[0].strip()]
    return found


def shown_pick(widget: Any) -> list[str]:
    return sorted(c[len("stratkit-item-"):] for row in widget.locator(ROW).all()
                  if row.locator("input").is_checked()
                  for c in (row.get_attribute("class") or "").split() if c.startswith("stratkit-item-"))


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
