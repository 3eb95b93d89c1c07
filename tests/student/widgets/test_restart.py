"""Kernel restart: running the released notebook again in a fresh kernel restores the saved answers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from tests.conftest import REPO

RELEASE = REPO / "exercises" / "ps1-planning-documents"
NOTEBOOK = "ps1-planning-documents.ipynb"


def _run(folder: Path, extra: str) -> list[str]:
    notebook = nbformat.read(folder / NOTEBOOK, as_version=4)
    notebook.cells.append(nbformat.v4.new_code_cell(extra))
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    last = notebook.cells[-1].outputs
    assert all(o.output_type == "stream" and o.name == "stdout" for o in last), last
    return "".join(o.text for o in last).splitlines()


def test_fresh_kernel_shows_the_answers_clicked_before(tmp_path: Path):
    folder = tmp_path / "ps1"
    shutil.copytree(RELEASE, folder)
    # kernel 1: the student clicks (through the widgets' Python objects)
    _run(folder, "from stratkit.student.show import shown\n"
                 "shown['ps1-sort'].set_state({'answer': {'s4': 'gtm-plan'}})\n"
                 "shown['ps1-pick'].set_state({'answer': ['o5']})\n"
                 "shown['ps1-order'].move(1, -1)\n"
                 "print(shown['ps1-order'].value())")
    saved = json.loads((folder / "stratkit-answers.json").read_text())["answers"]
    # kernel 2: a restart; the same cells show the same answers again
    lines = _run(folder, "from stratkit.student.show import shown\n"
                         "print(shown['ps1-sort'].value())\n"
                         "print(shown['ps1-pick'].value())\n"
                         "print(shown['ps1-order'].value())\n"
                         "print(shown['ps1-sort'].get_state()['answer'])")
    assert lines[0] == str({"s4": "gtm-plan"})
    assert lines[1] == str(["o5"])
    assert lines[2] == str(saved["ps1-order"]["value"])
    assert lines[3] == str({"s4": "gtm-plan"})  # what the front end draws as chosen
