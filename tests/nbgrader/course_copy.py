"""A throw-away copy of the course with a local exchange, and students who answer like people do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stratkit.answers.record import make_record
from stratkit.instructor.build import nbgrader_env
from stratkit.answers.notebook_copy import bundle
from stratkit.answers.store import AnswerStore

from tests.conftest import REPO

ASSIGNMENT = "ps1-planning-documents"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"
ZIP_REGEXP = r".*/(?P<student_id>[a-z0-9]+)__(?P<file_id>[\w-]+)"


@dataclass
class Course:
    root: Path
    exchange: Path
    students: Path

    def nbgrader(self, *args: str, cwd: Path | None = None, user: str | None = None) -> str:
        env = nbgrader_env()
        if user:
            env["USER"] = env["LOGNAME"] = user
        env.pop("NBGRADER_EXECUTION", None)
        extra = [f"--Exchange.root={self.exchange}", "--CourseDirectory.course_id=stratkit"]
        process = subprocess.run([sys.executable, "-m", "nbgrader", *args, *extra], cwd=cwd or self.root, env=env,
                                 capture_output=True, text=True)
        output = process.stdout + process.stderr
        assert process.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{output[-3000:]}"
        return output

    def student_folder(self, name: str) -> Path:
        return self.students / name / ASSIGNMENT


def make_course(tmp_path: Path, assignments: tuple[str, ...] = (ASSIGNMENT,)) -> Course:
    root = tmp_path / "course"
    (root / "solutions").mkdir(parents=True)
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    (root / "course").mkdir()  # the glossary the exercises link to: `stratkit build` copies the terms used
    shutil.copy(REPO / "course" / "glossary.yaml", root / "course" / "glossary.yaml")
    for name in assignments:
        shutil.copytree(REPO / "solutions" / name, root / "solutions" / name,
                        ignore=shutil.ignore_patterns(".ipynb_checkpoints", "stratkit-answers.json*"))
    with open(root / "nbgrader_config.py", "a") as handle:
        handle.write(f"\nc.ZipCollectApp.collector_plugin = 'nbgrader.plugins.zipcollect.FileNameCollectorPlugin'\n"
                     f"c.FileNameCollectorPlugin.named_regexp = {ZIP_REGEXP!r}\n")
    exchange = tmp_path / "exchange"
    exchange.mkdir()
    os.chmod(exchange, 0o777)
    students = tmp_path / "students"
    students.mkdir()
    return Course(root, exchange, students)


def add_saved_display(notebook_path: Path, exercise_id: str, record: dict[str, Any]) -> None:
    """Put a saved answer in the notebook as JupyterLab does: a display output of the exercise cell."""
    notebook = json.loads(notebook_path.read_text())
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code" and f'stratkit.show("{exercise_id}")' in "".join(cell["source"]):
            cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                                "data": bundle(record, f"saved {exercise_id}")}]
            break
    else:  # pragma: no cover - the released notebook always has the cell
        raise AssertionError(f"no show cell for {exercise_id}")
    notebook_path.write_text(json.dumps(notebook, indent=1))


def answer(folder: Path, answers: dict[str, Any], *, store: bool = True, notebook: bool = True) -> None:
    """Save answers the way the widgets do: in the store file, in the notebook, or both."""
    kinds = {"ps1-sort": "sort", "ps1-order": "order", "ps1-pick": "pick"}
    for seq, (exercise_id, value) in enumerate(answers.items(), 1):
        record = make_record(exercise_id, kinds[exercise_id], value, seq)
        if store:
            AnswerStore(folder).save(record)
        if notebook:
            add_saved_display(folder / NOTEBOOK, exercise_id, record)
