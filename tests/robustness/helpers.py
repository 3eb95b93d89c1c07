"""Shared helpers for the robustness tests: ps1's keys and answers, folders laid out like a student's."""

from __future__ import annotations

import contextlib
import io
import json
import shutil
from pathlib import Path
from typing import Any

from stratkit.instructor.build import exercise_cell_source
from stratkit.content.loading import load_exercise
from stratkit.answers.notebook_copy import MIME

from tests.conftest import DATA, REPO

ASSIGNMENT = "ps1-planning-documents"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
KEYS = REPO / "solutions" / ASSIGNMENT / "keys"
RELEASE = REPO / "exercises" / ASSIGNMENT
BAD = DATA / "bad_input"
EXERCISES = {name: load_exercise(KEYS / f"{name}.yaml") for name in ("ps1-sort", "ps1-order", "ps1-pick")}

PERFECT: dict[str, Any] = {
    "ps1-sort": {"s1": "roadmap", "s2": "strategy", "s3": "marketing-plan", "s4": "gtm-plan",
                 "s5": "marketing-plan", "s6": "gtm-plan", "s7": "strategy", "s8": "roadmap"},
    "ps1-order": ["t3", "t6", "t5", "t1", "t2", "t4"],
    "ps1-pick": ["o1", "o3", "o5", "o6"],
}
# 3.0 + 2.0 + 0.75 (worked out in tests/nbgrader/test_workflow.py)
PARTIAL: dict[str, Any] = {
    "ps1-sort": dict(PERFECT["ps1-sort"], s3="gtm-plan", s6="marketing-plan"),
    "ps1-order": ["t6", "t3", "t5", "t1", "t2", "t4"],
    "ps1-pick": ["o1", "o3", "o2"],
}
PARTIAL_POINTS = {"ps1-sort": 3.0, "ps1-order": 2.0, "ps1-pick": 0.75}
KIND = {"ps1-sort": "sort", "ps1-order": "order", "ps1-pick": "pick"}


def record(exercise_id: str, value: Any, stamp: str, seq: int = 1) -> dict[str, Any]:
    return {"exercise": exercise_id, "kind": KIND[exercise_id], "value": value, "saved_at": stamp, "seq": seq}


def expected_table(folder: Path) -> list[list[str]]:
    """Rows of a folder's EXPECTED.tsv (tab-separated, '#' comments)."""
    rows = []
    for line in (folder / "EXPECTED.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def put_outputs(notebook: dict[str, Any], records: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Records as JupyterLab saves them: a display output of each exercise's cell."""
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        for exercise_id, rec in records.items():
            if f'stratkit.show("{exercise_id}")' in source:
                cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                    "data": {MIME: rec, "text/plain": f"saved {exercise_id}"}}]
    return notebook


def released_notebook() -> dict[str, Any]:
    return json.loads((RELEASE / NOTEBOOK).read_text(encoding="utf-8"))


def student_folder(root: Path) -> Path:
    """A fresh copy of ps1's release, in a folder named like the assignment (as nbgrader lays it out)."""
    folder = root / ASSIGNMENT
    shutil.copytree(RELEASE, folder)
    return folder


def grade_in(folder: Path, exercise_id: str) -> tuple[float, str, str]:
    """``stratkit.grade`` as the hidden test cell calls it, in ``folder``: (score, stdout, stderr)."""
    import stratkit

    exercise = EXERCISES[exercise_id]
    line = next(l for l in exercise_cell_source(exercise).splitlines() if l.startswith("stratkit.grade("))
    key = line.split('key="')[1].rstrip('")')
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        score = stratkit.grade(exercise_id, points=exercise.points, key=key, folder=folder)
    return score, out.getvalue(), err.getvalue()
