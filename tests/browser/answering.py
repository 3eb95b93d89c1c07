"""A student answering stratkit's exercises in a browser: every selector of the widgets' DOM lives here.

The widgets' front end is being replaced (new DOM, same exercises). Tests that click exercises go
through these functions only, so pointing them at a new front end means editing this one module.
They take a Playwright page showing a notebook whose cells have run, and ids and labels as the
exercise files name them (``exercise_texts`` reads them from a released assignment folder).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import yaml

# Shown once the last of ps1's three widgets has rendered (Run All waits for it).
WIDGETS_SHOWN = ".stratkit-pick .stratkit-row"
_EXERCISE = ".stratkit-exercise"
_STATUS = ".stratkit-status"
_SAVED = "✔ Saved"


def exercise_texts(folder: Path, sort_id: str, order_id: str) -> dict[str, dict[str, str]]:
    """Category labels by id, and step ids by their text, from the public exercise files in ``folder``."""
    sort = yaml.safe_load((folder / f"{sort_id}.yaml").read_text(encoding="utf-8"))
    order = yaml.safe_load((folder / f"{order_id}.yaml").read_text(encoding="utf-8"))
    return {"categories": {c["id"]: c["label"] for c in sort["categories"]},
            "steps": {" ".join(s["text"].split()): s["id"] for s in order["steps"]}}


def wait_until_shown(page: Any, exercises: int, timeout_ms: int = 90_000) -> None:
    """Wait until ``exercises`` widgets show their save status."""
    page.wait_for_function(f"document.querySelectorAll('{_STATUS}').length >= {exercises}", timeout=timeout_ms)


def choose_category(page: Any, item_id: str, category_label: str) -> None:
    """Sort: file the statement ``item_id`` under the category shown as ``category_label``."""
    row = page.locator(f".stratkit-sort .stratkit-item-{item_id}")
    row.get_by_role("button", name=category_label, exact=True).click()


def steps_shown(page: Any, step_ids_by_text: dict[str, str]) -> list[str]:
    """Order: the step ids as the widget shows them, first to last."""
    texts = page.locator(".stratkit-order .stratkit-row").all_inner_texts()
    return [step_ids_by_text[" ".join(t.split("\n", 1)[1].split())] for t in texts]


def move_step_up(page: Any, position: int, step_ids_by_text: dict[str, str]) -> None:
    """Order: move the step shown at ``position`` (0 = top) one place up; wait until it has moved."""
    before = steps_shown(page, step_ids_by_text)
    page.locator(".stratkit-order .stratkit-up").nth(position).click()
    deadline = time.monotonic() + 15
    while steps_shown(page, step_ids_by_text) == before:
        assert time.monotonic() < deadline, "the order widget did not move the step"
        time.sleep(0.05)


def put_in_order(page: Any, target: list[str], step_ids_by_text: dict[str, str]) -> None:
    """Order: move steps up until the widget shows ``target``, first to last."""
    for index, step in enumerate(target):
        while (position := steps_shown(page, step_ids_by_text).index(step)) > index:
            move_step_up(page, position, step_ids_by_text)


def tick_option(page: Any, option_id: str) -> None:
    """Pick: tick (or untick) the option ``option_id``."""
    page.locator(f".stratkit-pick .stratkit-item-{option_id} input[type=checkbox]").click()


def answer(page: Any, answers: dict[str, Any], texts: dict[str, dict[str, str]]) -> None:
    """Answer ps1-style exercises: {sort_id: {item: category}, order_id: [steps], pick_id: [options]}.

    Exercise kinds are told apart by their answers' shapes: a mapping sorts, a list of step ids
    orders, any other list picks.
    """
    for value in answers.values():
        if isinstance(value, dict):
            for item, category in value.items():
                choose_category(page, item, texts["categories"][category])
        elif set(value) <= set(texts["steps"].values()):
            put_in_order(page, list(value), texts["steps"])
        else:
            for option in value:
                tick_option(page, option)


def statuses(page: Any) -> list[str]:
    """The save status each exercise shows, top to bottom."""
    return [" ".join(t.split()) for t in page.locator(_STATUS).all_inner_texts()]


def wait_until_all_saved(page: Any, exercises: int, timeout_s: float = 30) -> None:
    """Wait until every exercise says its answer is saved."""
    deadline = time.monotonic() + timeout_s
    while not (len(shown := statuses(page)) == exercises and all(_SAVED in s for s in shown)):
        assert time.monotonic() < deadline, f"not every exercise says saved: {shown}"
        time.sleep(0.2)


def first_exercise(page: Any) -> Any:
    """The first exercise widget on the page (to scroll to or screenshot)."""
    return page.locator(_EXERCISE).first
