"""Every lesson runs top to bottom in a fresh kernel, with no error and nothing on stderr."""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]

GLOSSARY = REPO / "course" / "07-glossary.ipynb"
LESSONS = sorted(p for p in (REPO / "course").glob("[0-9][0-9]-*.ipynb") if p != GLOSSARY)


def test_there_are_five_to_seven_lessons():
    assert 5 <= len(LESSONS) <= 7


def test_the_glossary_is_for_reading_only():
    """Nothing to run in the glossary: it is linked from the exercises and must open without a kernel."""
    notebook = nbformat.read(GLOSSARY, as_version=4)
    assert notebook.cells and all(cell.cell_type == "markdown" for cell in notebook.cells)


@pytest.mark.parametrize("lesson", LESSONS, ids=[p.stem for p in LESSONS])
def test_lesson_runs_in_a_fresh_kernel(lesson: Path, tmp_path: Path):
    work = tmp_path / "course"
    shutil.copytree(REPO / "course", work, ignore=shutil.ignore_patterns("stratkit-answers.json*", ".ipynb_checkpoints"))
    notebook = nbformat.read(work / lesson.name, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    shown = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error", (lesson.name, output)
            assert output.get("name") != "stderr", (lesson.name, output)
            text = output.get("text", "") + str(output.get("data", {}).get("text/plain", ""))
            assert "cannot show this exercise" not in text, (lesson.name, text)
            if "application/vnd.jupyter.widget-view+json" in output.get("data", {}):
                shown += 1
    exercises = sum("stratkit.show(" in "".join(c.source) for c in notebook.cells if c.cell_type == "code")
    assert exercises >= 2 and shown == exercises, (lesson.name, shown, exercises)


def test_an_exercise_cell_runs_on_its_own(tmp_path: Path):
    """A student who runs the last exercise first (no Run All) still gets the widget, never a NameError."""
    work = tmp_path / "course"
    shutil.copytree(REPO / "course", work, ignore=shutil.ignore_patterns("stratkit-answers.json*", ".ipynb_checkpoints"))
    notebook = nbformat.read(work / LESSONS[-1].name, as_version=4)
    notebook.cells = [c for c in notebook.cells if c.cell_type == "code"][-1:]
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    outputs = notebook.cells[0].outputs
    assert not any(o["output_type"] == "error" or o.get("name") == "stderr" for o in outputs), outputs
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs), outputs
