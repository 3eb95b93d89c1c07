"""What a student does to an exercise in a real browser, by mouse or keyboard: shared by the browser
suites (JupyterLab, Notebook 7, JupyterHub, JupyterLite). Keep these names stable.

Every helper takes a Playwright ``page`` and an exercise id; entries are named by their ids (the
front end puts ``data-id`` on each row and the category id in each radio's ``value``), never by
their position on screen, which differs per student.

- ``exercise_root(page, exercise_id)``: the exercise's ``<section>``
- ``choose_category(page, exercise_id, item_id, category_id, keyboard=False)``: sort
- ``move_step(page, exercise_id, step_id, "up" | "down", keyboard=False)``: order, one place
- ``put_in_order(page, exercise_id, order, keyboard=False)``: order, the whole list, with Move up
- ``drag_step(page, exercise_id, step_id, onto_step_id)``: order, by drag and drop
- ``tick_option(page, exercise_id, option_id, ticked=True, keyboard=False)``: pick
- ``answer_exercise(page, exercise_id, kind, value, keyboard=False)``: any kind, the whole answer
- ``press_check(page, exercise_id)``: practice Check; returns the feedback's text
- ``wait_until_saved(page, exercise_id)``: the status says "Saved" (answer file AND saved notebook)
- ``status_of(page, exercise_id)``: (state, words); state is one of empty, saving, saved, partial,
  error, dead
- ``shown_answer(page, exercise_id, kind)``: the answer on screen, as ids
- ``live_region(page, exercise_id)``: the text of the exercise's live region
"""

from __future__ import annotations

import json
from typing import Any

SAVE_TIMEOUT_MS = 60_000


def exercise_root(page: Any, exercise_id: str) -> Any:
    return page.locator(f'.sk-root[data-exercise="{exercise_id}"]')


def _row(page: Any, exercise_id: str, entry_id: str) -> Any:
    return exercise_root(page, exercise_id).locator(f'[data-id="{entry_id}"]')


# ---------------------------------------------------------------------------------------------- sort

def choose_category(page: Any, exercise_id: str, item_id: str, category_id: str, *, keyboard: bool = False) -> None:
    """Choose ``category_id`` for a statement: click its label, or with the keyboard move along the radio
    group with the arrow keys from wherever Tab lands in it (Space on the first one)."""
    row = _row(page, exercise_id, item_id)
    target = row.locator(f'input[value="{category_id}"]')
    if not keyboard:
        row.locator(f'label:has(input[value="{category_id}"])').click()
    else:
        radios = row.locator("input[type=radio]")
        values = [radios.nth(i).get_attribute("value") for i in range(radios.count())]
        checked = [i for i in range(len(values)) if radios.nth(i).is_checked()]
        start = checked[0] if checked else 0
        radios.nth(start).focus()  # where Tab lands in a radio group
        want = values.index(category_id)
        if not checked and want == 0:
            page.keyboard.press("Space")
        for _ in range((want - start) % len(values)):
            page.keyboard.press("ArrowRight")  # moves and chooses, wrapping at the end
        if not checked and want != 0 and not target.is_checked():
            page.keyboard.press("Space")
    target.wait_for(state="attached")
    assert target.is_checked(), f"{exercise_id}: {item_id} -> {category_id} not chosen"


# --------------------------------------------------------------------------------------------- order

def order_on_screen(page: Any, exercise_id: str) -> list[str]:
    return exercise_root(page, exercise_id).locator("li.sk-step").evaluate_all("rows => rows.map(r => r.dataset.id)")


def _wait_order_change(page: Any, exercise_id: str, before: list[str]) -> None:
    page.wait_for_function(
        "([id, before]) => JSON.stringify([...document.querySelector(`.sk-root[data-exercise=\"${id}\"]`)"
        ".querySelectorAll('li.sk-step')].map(x => x.dataset.id)) !== before",
        arg=[exercise_id, json.dumps(before, separators=(",", ":"))])


def move_step(page: Any, exercise_id: str, step_id: str, direction: str, *, keyboard: bool = False) -> None:
    before = order_on_screen(page, exercise_id)
    button = _row(page, exercise_id, step_id).locator(".stratkit-up" if direction == "up" else ".stratkit-down")
    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()
    _wait_order_change(page, exercise_id, before)


def put_in_order(page: Any, exercise_id: str, order: list[str], *, keyboard: bool = False) -> None:
    """Carry each step up to its place with "Move up". With the keyboard: focus the step's Move up button
    once, then Enter again and again (focus follows the step as it moves)."""
    for index, step in enumerate(order):
        presses = order_on_screen(page, exercise_id).index(step) - index
        if presses <= 0:
            continue
        up = _row(page, exercise_id, step).locator(".stratkit-up")
        if keyboard:
            up.focus()
        for _ in range(presses):
            before = order_on_screen(page, exercise_id)
            if keyboard:
                focused = page.evaluate("() => [document.activeElement?.closest('li')?.dataset.id,"
                                        " document.activeElement?.classList.contains('stratkit-up')]")
                assert focused == [step, True], f"focus did not follow '{step}': {focused}"
                page.keyboard.press("Enter")
            else:
                up.click()
            _wait_order_change(page, exercise_id, before)
    assert order_on_screen(page, exercise_id) == list(order)


def drag_step(page: Any, exercise_id: str, step_id: str, onto_step_id: str) -> None:
    """Drag a step by its row and drop it on the top half of another step's row (it lands before it)."""
    source = _row(page, exercise_id, step_id).locator(".sk-handle")
    target = _row(page, exercise_id, onto_step_id)
    box = target.bounding_box()
    assert box is not None
    source.drag_to(target, target_position={"x": box["width"] / 2, "y": 4})


# ---------------------------------------------------------------------------------------------- pick

def tick_option(page: Any, exercise_id: str, option_id: str, ticked: bool = True, *, keyboard: bool = False) -> None:
    box = _row(page, exercise_id, option_id).locator("input[type=checkbox]")
    if box.is_checked() == ticked:
        return
    if keyboard:
        box.focus()
        page.keyboard.press("Space")
    else:
        _row(page, exercise_id, option_id).click()
    assert box.is_checked() == ticked


# ------------------------------------------------------------------------------------------ any kind

def answer_exercise(page: Any, exercise_id: str, kind: str, value: Any, *, keyboard: bool = False) -> None:
    if kind == "sort":
        for item, category in value.items():
            if not _row(page, exercise_id, item).locator(f'input[value="{category}"]').is_checked():
                choose_category(page, exercise_id, item, category, keyboard=keyboard)
    elif kind == "order":
        put_in_order(page, exercise_id, list(value), keyboard=keyboard)
    else:
        wanted = set(value)
        for option in shown_entries(page, exercise_id):
            tick_option(page, exercise_id, option, option in wanted, keyboard=keyboard)


def shown_entries(page: Any, exercise_id: str) -> list[str]:
    return exercise_root(page, exercise_id).locator("[data-id]").evaluate_all("rows => rows.map(r => r.dataset.id)")


def shown_answer(page: Any, exercise_id: str, kind: str) -> Any:
    root = exercise_root(page, exercise_id)
    if kind == "sort":
        return root.locator(".sk-row").evaluate_all(
            "rows => Object.fromEntries(rows.filter(r => r.querySelector('input:checked'))"
            ".map(r => [r.dataset.id, r.querySelector('input:checked').value]))")
    if kind == "order":
        return order_on_screen(page, exercise_id)
    return sorted(root.locator(".sk-option:has(input:checked)").evaluate_all("rows => rows.map(r => r.dataset.id)"))


def press_check(page: Any, exercise_id: str) -> str:
    root = exercise_root(page, exercise_id)
    root.get_by_role("button", name="Check", exact=True).click()
    feedback = root.locator(".sk-feedback")
    feedback.locator(".sk-feedback-title, .sk-feedback-empty").first.wait_for(timeout=SAVE_TIMEOUT_MS)
    return feedback.inner_text()


# ----------------------------------------------------------------------------------------- status

def status_of(page: Any, exercise_id: str) -> tuple[str, str]:
    status = exercise_root(page, exercise_id).locator(".sk-status")
    return status.get_attribute("data-state") or "", status.locator(".sk-status-text").inner_text()


def wait_until_saved(page: Any, exercise_id: str, timeout: float = SAVE_TIMEOUT_MS) -> str:
    """Wait for "Saved" (the answer file and the saved notebook both hold the answer); return the words."""
    exercise_root(page, exercise_id).locator('.sk-status[data-state="saved"]').wait_for(state="attached",
                                                                                      timeout=timeout)
    return status_of(page, exercise_id)[1]


def live_region(page: Any, exercise_id: str) -> str:
    return exercise_root(page, exercise_id).locator("[role=status]").inner_text()
