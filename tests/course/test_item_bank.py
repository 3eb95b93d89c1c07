"""The practice bank, the graded keys and the lessons hang together."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from _course import (COURSE, COURSE_ASSIGNMENTS, ID_RE, ITEMS, SHOW_RE, SOLUTIONS, all_exercises,
                     course_graded_files, entries, graded_files, lessons, load_yaml, practice_files,
                     read_notebook)

AUTHOR = re.compile(r"\b(Caporale|Lacy)\b")
MY_ASSIGNMENTS = list(COURSE_ASSIGNMENTS)
LESSON_COUNT = 6


@pytest.fixture(scope="module")
def exercises():
    return all_exercises()


def test_at_least_80_items_in_total(exercises):
    total = sum(len(entries(e)) for e in exercises.values())
    assert total >= 80, f"only {total} items"


def test_all_three_kinds_appear_in_practice_and_in_graded():
    for files in (practice_files(), course_graded_files()):
        assert {load_yaml(p)["kind"] for p in files} == {"sort", "order", "pick"}


def test_every_item_explains_itself_and_names_an_author(exercises):
    for path, exercise in exercises.items():
        for entry in entries(exercise):
            explanation = (entry.get("explanation") or "").strip()
            assert explanation, f"{path.name}: {entry['id']} has no explanation"
            assert AUTHOR.search(explanation), f"{path.name}: {entry['id']}: explanation names neither Caporale nor Lacy"


def test_exercise_files_are_well_formed(exercises):
    ids = Counter()
    for path, ex in exercises.items():
        assert ex["schema_version"] == 1, path
        assert ex["id"] == path.stem, f"{path}: id must equal the file name"
        assert ID_RE.match(ex["id"]), path
        ids[ex["id"]] += 1
        assert ex["kind"] in ("sort", "order", "pick"), path
        for field in ("title", "prompt", "scheme"):
            assert str(ex.get(field) or "").strip(), f"{path}: no {field}"
        assert 1 <= ex["points"] <= 5, f"{path}: points out of range"
        entry_ids = [e["id"] for e in entries(ex)]
        assert len(entry_ids) == len(set(entry_ids)), f"{path}: duplicate ids"
        assert all(ID_RE.match(i) for i in entry_ids), f"{path}: malformed id"
        for entry in entries(ex):
            assert entry["text"].strip(), f"{path}: {entry['id']} has no text"
            assert len(entry["text"]) <= 160, f"{path}: {entry['id']} text too long for a widget row"
        if ex["kind"] == "sort":
            cats = [c["id"] for c in ex["categories"]]
            assert 5 <= len(entry_ids) <= 10, path
            assert all(e["answer"] in cats for e in entries(ex)), f"{path}: unknown category in an answer"
        elif ex["kind"] == "order":
            assert 4 <= len(entry_ids) <= 7, path
            assert ("order" in ex) != ("prerequisites" in ex), f"{path}: need exactly one of order/prerequisites"
            if "order" in ex:
                assert sorted(ex["order"]) == sorted(entry_ids), f"{path}: order must list every step once"
            else:
                for step, before in ex["prerequisites"].items():
                    assert step in entry_ids and set(before) <= set(entry_ids), f"{path}: unknown step"
        else:
            assert 5 <= len(entry_ids) <= 8, path
            assert all(isinstance(e.get("correct"), bool) for e in entries(ex)), path
            assert any(e["correct"] for e in entries(ex)) and not all(e["correct"] for e in entries(ex)), path
    assert not [i for i, n in ids.items() if n > 1], "an exercise id is used twice"


def _graded_order_is_hidden(ex) -> bool:
    listed = [s["id"] for s in ex["steps"]]
    if "order" in ex:
        return listed != ex["order"]
    position = {s: i for i, s in enumerate(listed)}
    return any(position[b] > position[s] for s, before in ex["prerequisites"].items() for b in before)


def test_graded_ids_do_not_give_answers_away():
    for path in graded_files():
        ex = load_yaml(path)
        for entry in entries(ex):
            assert re.fullmatch(r"[a-z]|[a-z]\d{1,2}", entry["id"]), f"{path}: use neutral ids, not {entry['id']}"
        if ex["kind"] == "order":
            assert _graded_order_is_hidden(ex), f"{path}: steps are listed in the answer order"


def test_no_graded_text_repeats_a_practice_text():
    """Checked against every graded set, the lead's ps1 included."""
    def norm(text):
        return " ".join(text.lower().split())
    practice = {norm(e["text"]) for p in practice_files() for e in entries(load_yaml(p))}
    for path in graded_files():
        for entry in entries(load_yaml(path)):
            assert norm(entry["text"]) not in practice, f"{path}: {entry['id']} repeats a practice item"


def test_assignments_list_their_key_files():
    for name in MY_ASSIGNMENTS:
        manifest = load_yaml(SOLUTIONS / name / "assignment.yaml")
        assert manifest["id"] == name
        assert manifest["title"].strip() and manifest["intro"].strip()
        assert "automatically" in manifest["intro"] and "partial credit" in manifest["intro"].lower()
        for exercise_id in manifest["exercises"]:
            assert (SOLUTIONS / name / "keys" / f"{exercise_id}.yaml").is_file(), f"{name}: no key {exercise_id}"
    kinds = {name: {load_yaml(p)["kind"] for p in (SOLUTIONS / name / "keys").glob("*.yaml")} for name in MY_ASSIGNMENTS}
    assert kinds == {"ps2-sorting": {"sort", "pick"}, "ps3-sequencing": {"order", "pick"}, "ps4-metrics": {"pick"},
                     "ps5-case-study": {"sort", "order", "pick"}}


def test_there_are_six_lessons():
    assert [p.name[:2] for p in lessons()] == [f"{n:02d}" for n in range(1, LESSON_COUNT + 1)]


@pytest.mark.parametrize("path", lessons(), ids=lambda p: p.name)
def test_lesson_notebook(path: Path):
    nb = read_notebook(path)
    assert nb.nbformat == 4 and nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    first_code = nb.cells.index(code[0])
    before = " ".join(c.source for c in nb.cells[:first_code] if c.cell_type == "markdown")
    assert "Shift+Enter" in before and "Run All Cells" in before, "tell the student how to run cells first"
    assert 2 <= len(code) <= 3, "each lesson has 2-3 practice exercises"
    for cell in code:
        assert cell.outputs == [] and cell.execution_count is None, "notebooks are saved without outputs"
        # self-contained (runs in any order), named by id (no path to a file of answers), locked and hidden
        match = SHOW_RE.fullmatch(cell.source.strip())
        assert match, f'exercise cell must be exactly import stratkit / stratkit.show("<id>"), got {cell.source!r}'
        assert (ITEMS / f"{match.group(1)}.yaml").is_file(), f"{path.name}: items/{match.group(1)}.yaml does not exist"
        assert cell.metadata.get("editable") is False and cell.metadata.get("deletable") is False, cell.source
        assert cell.metadata.get("jupyter", {}).get("source_hidden") is True, cell.source
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "## Recap" in text and "invented" in text
    assert "Caporale" in text or "Lacy" in text


def test_every_practice_file_is_used_by_a_lesson():
    shown = set()
    for path in lessons():
        for cell in read_notebook(path).cells:
            match = SHOW_RE.fullmatch(cell.source.strip()) if cell.cell_type == "code" else None
            if match:
                shown.add((ITEMS / f"{match.group(1)}.yaml").resolve())
    unused = [p.name for p in practice_files() if p.resolve() not in shown]
    assert not unused, f"practice files no lesson shows: {unused}"


def test_readme_credits_both_articles():
    readme = (COURSE / "README.md").read_text(encoding="utf-8")
    for needle in ("Caporale", "Dear Strategy", "2021", "Lacy", "The Marketing Juice",
                   "01-what-a-strategy-is.ipynb"):
        assert needle in readme
