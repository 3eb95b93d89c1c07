"""Test helpers: a throw-away course folder with submissions written the way the widgets write them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import yaml

from stratkit.answers.record import make_record
from stratkit.grading.batch import load_assignment
from stratkit.instructor.build import source_notebook
from stratkit.answers.notebook_copy import bundle
from stratkit.answers.store import AnswerStore

from tests.conftest import REPO

PS1 = "ps1-planning-documents"
PS1_NOTEBOOK = f"{PS1}.ipynb"
KINDS = {"ps1-sort": "sort", "ps1-order": "order", "ps1-pick": "pick"}

# Hand-computed in tests/nbgrader/test_workflow.py: 10 points, and 3.0 + 2.0 + 0.75 = 5.75.
PERFECT = {
    "ps1-sort": {"s1": "roadmap", "s2": "strategy", "s3": "marketing-plan", "s4": "gtm-plan",
                 "s5": "marketing-plan", "s6": "gtm-plan", "s7": "strategy", "s8": "roadmap"},
    "ps1-order": ["t3", "t6", "t5", "t1", "t2", "t4"],
    "ps1-pick": ["o1", "o3", "o5", "o6"],
}
PARTIAL = {
    "ps1-sort": dict(PERFECT["ps1-sort"], s3="gtm-plan", s6="marketing-plan"),
    "ps1-order": ["t6", "t3", "t5", "t1", "t2", "t4"],
    "ps1-pick": ["o1", "o3", "o2"],
}


def make_course(tmp_path: Path, assignments: tuple[str, ...] = (PS1,)) -> Path:
    root = tmp_path / "course"
    for name in assignments:
        shutil.copytree(REPO / "solutions" / name, root / "solutions" / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "stratkit-answers.json*"))
    return root


def released_notebook(course: Path, assignment: str) -> dict[str, Any]:
    """The assignment's notebook as ``stratkit build`` makes it, from the keys in ``course``.

    Built here rather than copied from exercises/, which other work may be regenerating.
    """
    manifest = yaml.safe_load((course / "solutions" / assignment / "assignment.yaml").read_text(encoding="utf-8"))
    key = load_assignment(course, assignment)
    return source_notebook(manifest, list(key.exercises))


def new_submission(course: Path, student: str, assignment: str = PS1, stage: str = "submitted") -> Path:
    folder = course / stage / student / assignment
    folder.mkdir(parents=True)
    notebook = released_notebook(course, assignment)
    (folder / f"{assignment}.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    return folder


def show_output(notebook: dict[str, Any], exercise_id: str, record: dict[str, Any]) -> None:
    """Put a saved answer in the notebook as JupyterLab does: a display output of the exercise cell."""
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and f'stratkit.show("{exercise_id}")' in "".join(cell["source"]):
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": bundle(record, f"saved {exercise_id}")}]
            return
    raise AssertionError(f"no show cell for {exercise_id}")


def save(folder: Path, answers: dict[str, Any], *, store: bool = True, notebook: bool = True,
         notebook_name: str = PS1_NOTEBOOK, kinds: dict[str, str] | None = None) -> None:
    """Save answers as the widgets do: in the answer store, in the notebook's outputs, or both."""
    kinds = kinds or KINDS
    path = folder / notebook_name
    data = json.loads(path.read_text()) if notebook else None
    for seq, (exercise_id, value) in enumerate(answers.items(), 1):
        record = make_record(exercise_id, kinds[exercise_id], value, seq)
        if store:
            AnswerStore(folder).save(record)
        if data is not None:
            show_output(data, exercise_id, dict(record))
    if data is not None:
        path.write_text(json.dumps(data, indent=1))
