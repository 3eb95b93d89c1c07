"""Issue 14: every student can do every exercise: WCAG 2.1 AA, keyboard only, screen reader, drag and drop.

One JupyterLab server for the module. Each test opens its own copy of a practice notebook holding one
exercise of each kind (problem set 1's, with their keys, so Check gives feedback) and answers it in
Debian's Chromium. axe-core (the ``axe-playwright-python`` package bundles it) checks each exercise
in the light and the dark theme; the accessibility tree is Chromium's own, read through the DevTools
protocol. Screenshots (light, dark, 390 px wide) land in ``build/screenshots/``.
"""

from __future__ import annotations

import importlib
import json
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest

from ..conftest import REPO
from .answering import (
    choose_category,
    drag_step,
    exercise_root,
    live_region,
    order_on_screen,
    press_check,
    tick_option,
    wait_until_saved,
)
from .lab import CHROMIUM, CHROMIUM_ARGS, jupyterlab, open_notebook, run_all_cells

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = importlib.import_module("playwright.sync_api")  # a test extra: missing means failing, never skipped
axe_module = importlib.import_module("axe_playwright_python.sync_playwright")

SCREENSHOTS = REPO / "build" / "screenshots"
KEYS = REPO / "solutions" / "ps1-planning-documents" / "keys"
KINDS = {"ps1-sort": "sort", "ps1-order": "order", "ps1-pick": "pick"}
NOTEBOOK = "practice.ipynb"
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def _practice_folder(root: Path, name: str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    for exercise_id in KINDS:  # the keyed files: practice mode, with Check and feedback
        shutil.copy(KEYS / f"{exercise_id}.yaml", folder / f"{exercise_id}.yaml")
    shutil.copy(REPO / "course" / "glossary.yaml", folder / "glossary.yaml")  # as a lesson finds its glossary
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_markdown_cell("# Practice")] + [
        nbformat.v4.new_code_cell(f'import stratkit\nstratkit.show("{exercise_id}")') for exercise_id in KINDS]
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(notebook, folder / NOTEBOOK)
    return folder


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[tuple[Any, str, str, Path]]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Debian's chromium is missing at {CHROMIUM}: run 'make chromium' (make test does)")
    root = tmp_path_factory.mktemp("a11y") / "work"
    root.mkdir()
    with jupyterlab(root) as url:
        base, token = url.split("|")
        with playwright_api.sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser, base, token, root
            browser.close()


def _set_theme(base: str, token: str, theme: str) -> None:
    request = urllib.request.Request(
        f"{base}/lab/api/settings/@jupyterlab/apputils-extension:themes",
        data=json.dumps({"raw": json.dumps({"theme": theme})}).encode(), method="PUT",
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(request).close()


def _open(server, name: str, *, width: int = 1280, theme: str = "JupyterLab Light") -> tuple[Any, Path]:
    browser, base, token, root = server
    folder = _practice_folder(root, name)
    _set_theme(base, token, theme)
    page = browser.new_page(viewport={"width": width, "height": 900})
    if width < 600:  # a phone: Notebook 7's single column (JupyterLab keeps its side bar open)
        open_notebook(page, f"{base}/notebooks/{name}/{NOTEBOOK}?token={token}")
    else:
        open_notebook(page, f"{base}/lab/workspaces/{name}/tree/{name}/{NOTEBOOK}?token={token}")
    page.wait_for_selector(f"body[data-jp-theme-name='{theme}']", state="attached", timeout=60_000)
    run_all_cells(page, '.sk-root[data-exercise="ps1-pick"] .sk-option', state="attached")
    return page, folder


def _inside(page: Any, exercise_id: str) -> bool:
    return page.evaluate("id => !!document.activeElement?.closest(`.sk-root[data-exercise=\"${id}\"]`)", exercise_id)


def _axe(page: Any, exercise_id: str) -> list[str]:
    results = axe_module.Axe().run(page, context={"include": [[f'.sk-root[data-exercise="{exercise_id}"]']]},
                                   options=WCAG_21_AA)
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}: {v['nodes'][0]['target']})"
            for v in results.response["violations"]]


def _answer_a_little(page: Any) -> None:
    choose_category(page, "ps1-sort", "s1", "roadmap")
    choose_category(page, "ps1-sort", "s3", "gtm-plan")
    steps = order_on_screen(page, "ps1-order")
    from .answering import move_step

    move_step(page, "ps1-order", steps[2], "up")
    tick_option(page, "ps1-pick", "o1")
    tick_option(page, "ps1-pick", "o2")
    for exercise_id in KINDS:
        wait_until_saved(page, exercise_id)


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_axe_finds_no_wcag_21_aa_violation_in_any_exercise(server, theme: str):
    """Scoped to each exercise: JupyterLab's own chrome is not ours (and has violations of its own)."""
    name = "axe-" + theme.rsplit(maxsplit=1)[-1].lower()
    page, _ = _open(server, name, theme=theme)
    opened = page.locator(".sk-terms").evaluate_all("ds => ds.map(d => { d.open = true; return d.open; })")
    assert len(opened) >= 2 and all(opened)  # ps1-order and ps1-pick link glossary terms: checked open
    found = {e: _axe(page, e) for e in KINDS}  # as first shown
    _answer_a_little(page)
    for exercise_id in KINDS:
        press_check(page, exercise_id)  # feedback on screen too
        found[exercise_id] += _axe(page, exercise_id)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.close()
    assert found == {e: [] for e in KINDS}


def _ax_tree(page: Any) -> list[dict[str, Any]]:
    """Chromium's own accessibility tree (DevTools protocol), as flat nodes with role, name and properties."""
    session = page.context.new_cdp_session(page)
    nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    session.detach()
    out = []
    for node in nodes:  # ignored nodes (plain containers) are kept for their children, never matched
        props = {p["name"]: p["value"].get("value") for p in node.get("properties", [])}
        out.append({"id": node["nodeId"], "role": None if node.get("ignored") else node.get("role", {}).get("value"),
                    "name": node.get("name", {}).get("value", ""), "props": props,
                    "children": node.get("childIds", [])})
    return out


def _find(tree: list[dict[str, Any]], role: str, name: str) -> dict[str, Any]:
    matches = [n for n in tree if n["role"] == role and n["name"] == name]
    assert len(matches) == 1, (role, name, [(n["role"], n["name"]) for n in tree if n["role"] == role][:20])
    return matches[0]


def _descendants(tree: list[dict[str, Any]], node: dict[str, Any]) -> list[dict[str, Any]]:
    by_id = {n["id"]: n for n in tree}
    out, todo = [], list(node["children"])
    while todo:
        child = by_id.get(todo.pop(0))
        if child is not None:
            out.append(child)
            todo.extend(child["children"])
    return out


def test_accessibility_tree_names_roles_and_checked_states(server):
    import yaml

    page, folder = _open(server, "tree")
    sort = yaml.safe_load((folder / "ps1-sort.yaml").read_text())
    pick = yaml.safe_load((folder / "ps1-pick.yaml").read_text())
    order = yaml.safe_load((folder / "ps1-order.yaml").read_text())
    s1 = next(i["text"] for i in sort["items"] if i["id"] == "s1")
    o1 = next(o["text"] for o in pick["options"] if o["id"] == "o1")

    tree = _ax_tree(page)
    group = _find(tree, "radiogroup", s1)  # a sort row: a radio group named by its statement
    radios = [n for n in _descendants(tree, group) if n["role"] == "radio"]
    assert [r["name"] for r in radios] == [c["label"] for c in sort["categories"]]
    assert all(r["props"].get("checked") in ("false", False) for r in radios)
    assert _find(tree, "checkbox", o1)["props"].get("checked") in ("false", False)
    for step in order["steps"]:  # order moves are named in words, never by an icon's glyph
        name = step["text"].rstrip(".")
        assert _find(tree, "button", f"Move '{name}' up") and _find(tree, "button", f"Move '{name}' down")
    checks = [n for n in tree if n["role"] == "button" and "Check" in n["name"]]
    assert [n["name"] for n in checks] == ["Check"] * 3  # one per exercise, "Check", not "\uf00c Check"

    choose_category(page, "ps1-sort", "s1", "roadmap")
    tick_option(page, "ps1-pick", "o1")
    wait_until_saved(page, "ps1-sort")
    wait_until_saved(page, "ps1-pick")
    tree = _ax_tree(page)
    radios = [n for n in _descendants(tree, _find(tree, "radiogroup", s1)) if n["role"] == "radio"]
    checked = [r["name"] for r in radios if r["props"].get("checked") in ("true", True)]
    assert checked == ["Product roadmap"]
    assert _find(tree, "checkbox", o1)["props"].get("checked") in ("true", True)

    # the live region (role status, polite) receives "Saved", then the Check result
    root = exercise_root(page, "ps1-pick")
    region = root.locator("[role=status]")
    assert region.get_attribute("aria-live") == "polite"
    page.wait_for_function("id => document.querySelector(`.sk-root[data-exercise=\"${id}\"] [role=status]`)"
                           ".textContent === 'Saved'", arg="ps1-pick")
    tree = _ax_tree(page)
    assert any(n["role"] == "status" and n["props"].get("live") == "polite" for n in tree)
    press_check(page, "ps1-pick")
    page.wait_for_function("id => document.querySelector(`.sk-root[data-exercise=\"${id}\"] [role=status]`)"
                           ".textContent.startsWith('Score:')", arg="ps1-pick")
    # o1 right, nothing wrongly ticked: net_correct (1 - 0)/4 = 25%
    assert live_region(page, "ps1-pick").startswith("Score: 25% (")
    page.close()


def _focus_ring(page: Any) -> dict[str, float]:
    """The focused control's ring (or its label's, for a radio or checkbox): width in px and the contrast
    of its colour with the background behind the exercise (WCAG 2.1 relative luminance)."""
    return page.evaluate("""() => {
        const a = document.activeElement;
        const ringed = a.closest('.sk-choice') || a;
        const style = getComputedStyle(ringed);
        const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
        let node = ringed.parentElement, bg = 'rgb(255, 255, 255)';
        while (node) { const c = getComputedStyle(node).backgroundColor; if (c && !c.endsWith(', 0)') && c !== 'transparent') { bg = c; break; } node = node.parentElement; }
        const [l1, l2] = [lum(rgb(style.outlineColor)), lum(rgb(bg))].sort((x, y) => y - x);
        return {width: parseFloat(style.outlineWidth), style: style.outlineStyle, contrast: (l1 + 0.05) / (l2 + 0.05)};
    }""")


def _row(page: Any) -> str:
    """The statement row holding the focus, or the focused element's markup (for the failure message)."""
    return page.evaluate("() => document.activeElement.closest('[data-id]')?.dataset.id"
                         " ?? 'focus outside any row: ' + document.activeElement.outerHTML.slice(0, 200)")


def _tab_until_inside(page: Any, exercise_id: str, limit: int = 60) -> bool:
    """Tab until the focus is on one of the exercise's answer controls; True if, on the way, Tab
    stopped on the exercise's "Terms used here" disclosure (a keyboard user can open it too)."""
    passed_terms = False
    for _ in range(limit):
        page.keyboard.press("Tab")
        if _inside(page, exercise_id):
            if page.evaluate("() => document.activeElement.matches('.sk-terms > summary')"):
                passed_terms = True
                continue
            return passed_terms
    raise AssertionError(f"Tab never reached the answer controls of {exercise_id}")


def test_keyboard_only_each_kind_never_leaves_the_exercise(server):
    """Tab into each exercise, answer it with Tab, arrows, Space and Enter only; after every key the
    focus is still in the exercise (JupyterLab's command-mode shortcuts never fire), and the focus ring
    is at least 2 px with 3:1 contrast."""
    page, folder = _open(server, "keyboard")
    notebook_cells = page.locator(".jp-Notebook .jp-Cell")
    active_before = page.evaluate("() => document.querySelectorAll('.jp-Notebook .jp-Cell').length")

    def key(name: str, exercise_id: str) -> None:
        page.keyboard.press(name)
        assert _inside(page, exercise_id), f"{name} moved focus out of {exercise_id}"

    # sort: Tab reaches the first statement's radio group; arrows choose within it, wrapping, never out
    exercise_root(page, "ps1-sort").locator(".sk-title").click()  # a click on the exercise's text
    _tab_until_inside(page, "ps1-sort")
    first_row = _row(page)
    ring = _focus_ring(page)
    assert ring["width"] >= 2 and ring["style"] != "none" and ring["contrast"] >= 3, ring
    key("Space", "ps1-sort")
    for name in ("ArrowRight", "ArrowDown", "ArrowLeft", "ArrowUp", "ArrowRight", "ArrowRight", "ArrowRight",
                 "ArrowRight", "ArrowRight"):
        key(name, "ps1-sort")
        assert _row(page) == first_row
    key("Tab", "ps1-sort")  # the next statement's group
    assert _row(page) != first_row
    key("Space", "ps1-sort")
    wait_until_saved(page, "ps1-sort")
    assert page.locator(".jp-Notebook .jp-Cell").count() == active_before  # no cell added or deleted

    # order: Tab to a Move button; Enter moves the step and focus follows it; arrows walk the list
    assert _tab_until_inside(page, "ps1-order"), "Tab skipped the exercise's Terms used here"
    before = order_on_screen(page, "ps1-order")
    for name in ("ArrowDown", "ArrowDown", "ArrowUp", "ArrowRight", "ArrowLeft"):
        key(name, "ps1-order")
    step = page.evaluate("() => document.activeElement.closest('li').dataset.id")
    up = page.evaluate("() => document.activeElement.classList.contains('stratkit-up')")
    key("Enter", "ps1-order")
    after = order_on_screen(page, "ps1-order")
    assert after != before and after.index(step) == before.index(step) + (-1 if up else 1)
    assert page.evaluate("() => document.activeElement.closest('li').dataset.id") == step  # focus followed
    ring = _focus_ring(page)
    assert ring["width"] >= 2 and ring["contrast"] >= 3, ring
    for _ in range(8):  # Down past the last row stays in the list
        key("ArrowDown", "ps1-order")
    wait_until_saved(page, "ps1-order")

    # pick: Tab to the options; arrows move between them, Space ticks; Tab reaches Check, Enter checks
    _tab_until_inside(page, "ps1-pick")
    key("Space", "ps1-pick")
    for name in ("ArrowDown", "ArrowDown", "ArrowUp"):
        key(name, "ps1-pick")
    key("Space", "ps1-pick")
    for _ in range(12):
        key("ArrowDown", "ps1-pick")
    wait_until_saved(page, "ps1-pick")
    while page.evaluate("() => document.activeElement.textContent") != "Check":
        key("Tab", "ps1-pick")
    ring = _focus_ring(page)
    assert ring["width"] >= 2 and ring["contrast"] >= 3, ring
    key("Enter", "ps1-pick")
    exercise_root(page, "ps1-pick").locator(".sk-feedback-title").wait_for()
    assert notebook_cells.count() == active_before
    page.close()


def test_tab_from_inside_an_exercise_never_reaches_the_cell_toolbar(server):
    page, _ = _open(server, "toolbar")
    for exercise_id in KINDS:
        root = exercise_root(page, exercise_id)
        root.locator(".sk-prompt").click()  # clicking into the exercise, as in the issue
        page.keyboard.press("Tab")
        assert _inside(page, exercise_id), "the first Tab after a click left the exercise"
        controls = root.locator("input, button:not([disabled])")
        for index in range(controls.count()):
            controls.nth(index).focus()
            page.keyboard.press("Tab")
            where = page.evaluate("() => [!!document.activeElement.closest('.jp-cell-toolbar, .jp-Toolbar'),"
                                  " document.activeElement.getAttribute('title') || document.activeElement.tagName]")
            assert not where[0], f"Tab from {exercise_id} control {index} reached the cell toolbar: {where[1]}"
    page.close()


def test_drag_and_drop_reorders_and_saves(server):
    page, folder = _open(server, "drag")
    before = order_on_screen(page, "ps1-order")
    drag_step(page, "ps1-order", before[-1], before[0])  # the last step dropped on top of the first
    expected = [before[-1], *before[:-1]]
    page.wait_for_function("([id, want]) => JSON.stringify([...document.querySelector(`.sk-root[data-exercise=\"${id}\"]`)"
                           ".querySelectorAll('li.sk-step')].map(x => x.dataset.id)) === want",
                           arg=["ps1-order", json.dumps(expected, separators=(",", ":"))])
    wait_until_saved(page, "ps1-order")
    saved = json.loads((folder / "stratkit-answers.json").read_text())["answers"]["ps1-order"]["value"]
    assert saved == expected
    notebook = json.loads((folder / NOTEBOOK).read_text())
    assert notebook["metadata"]["stratkit"]["answers"]["ps1-order"]["value"] == expected
    page.close()


def test_check_reveals_nothing_on_an_empty_pick_and_follows_the_screen_order(server):
    page, _ = _open(server, "check")
    text = press_check(page, "ps1-pick")
    assert text.strip() == "Tick at least one option, then Check."
    assert "Right to" not in text and "belongs" not in text
    tick_option(page, "ps1-pick", "o2")
    wait_until_saved(page, "ps1-pick")
    press_check(page, "ps1-pick")
    rows = exercise_root(page, "ps1-pick").locator(".sk-feedback-row .sk-feedback-text").all_inner_texts()
    labels = exercise_root(page, "ps1-pick").locator(".sk-option .sk-choice-text").all_inner_texts()
    assert rows == labels  # feedback in the order the student sees the options
    page.close()


@pytest.mark.parametrize("theme,width", [("JupyterLab Light", 1280), ("JupyterLab Dark", 1280),
                                         ("JupyterLab Light", 390)])
def test_screenshots_light_dark_and_narrow(server, theme: str, width: int):
    """Looked at by a person (see the report); the test checks what can be measured: nothing wider than
    the screen, and every control at least 44 px tall."""
    name = f"shots-{theme.rsplit(maxsplit=1)[-1].lower()}-{width}"
    page, _ = _open(server, name, width=width, theme=theme)
    _answer_a_little(page)
    for exercise_id in KINDS:
        press_check(page, exercise_id)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for exercise_id in KINDS:
        root = exercise_root(page, exercise_id)
        root.evaluate("r => r.scrollIntoView({block: 'start'})")  # as the student sees it: the screen
        page.screenshot(path=str(SCREENSHOTS / f"exercise-{KINDS[exercise_id]}-{name}.png"))
        small = root.locator(".sk-choice, .sk-button").evaluate_all(
            "nodes => nodes.filter(n => n.getBoundingClientRect().height < 44).map(n => n.textContent)")
        assert small == [], small
        overflow = root.evaluate("r => r.scrollWidth - r.clientWidth")
        assert overflow <= 1, f"{exercise_id} is {overflow} px wider than its space"
    page.close()
