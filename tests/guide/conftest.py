"""One run of the instructor guide for every test in tests/guide/ (a session fixture: it takes minutes).

The trial class of the guide, and what each student does (the hooks). Hand-worked scores are in
test_instructor_guide.py.
"""

from __future__ import annotations

import codecs
import json
import shutil
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.submissions import PARTIAL, PERFECT, save
from tests.guide.harness import Run, run_guide, wait_for_next_second

ASSIGNMENT = "ps1-planning-documents"
NOTEBOOK = f"{ASSIGNMENT}.ipynb"

# 4 of 8 statements right, a valid order, 3 of the 4 right options and nothing wrong ticked (worked out in
# test_instructor_guide.py)
JOSE = {
    "ps1-sort": dict(PERFECT["ps1-sort"], s1="strategy", s2="roadmap", s7="roadmap", s8="strategy"),
    "ps1-order": ["t1", "t3", "t6", "t5", "t2", "t4"],
    "ps1-pick": ["o1", "o3", "o5"],
}
EXCHANGE_ANSWERS: dict[str, dict[str, Any] | None] = {
    "alice": PERFECT, "bob": None, "carol": PARTIAL, "josé": JOSE, "erin": PERFECT, "hana": PARTIAL, "lena": PERFECT,
}
GROUPS = {"exchange": list(EXCHANGE_ANSWERS), "on-time": [s for s in EXCHANGE_ANSWERS if s != "lena"]}
CANVAS_ZIP = "~/Downloads/submissions.zip"
MOODLE_ZIP = "~/Downloads/moodle-submissions.zip"


def _home_path(run: Run, tilde: str) -> Path:
    return run.home / tilde.removeprefix("~/")


def students_answer(run: Run) -> None:
    """What each trial student does in JupyterLab: answers saved as the widgets save them (answer file and
    the notebook's saved output), and what students do to their files."""
    for student, answers in EXCHANGE_ANSWERS.items():
        folder = run.home / "trial" / student / ASSIGNMENT
        assert (folder / NOTEBOOK).is_file(), f"{student} did not fetch the notebook"
        if answers is not None:
            save(folder, answers)
    erin = run.home / "trial" / "erin" / ASSIGNMENT
    (erin / NOTEBOOK).rename(erin / f"{ASSIGNMENT}-erin.ipynb")
    hana = run.home / "trial" / "hana" / ASSIGNMENT / NOTEBOOK  # deletes the cell of ps1-pick after answering
    notebook = json.loads(hana.read_text(encoding="utf-8"))
    notebook["cells"] = [c for c in notebook["cells"] if 'stratkit.show("ps1-pick")' not in "".join(c["source"])]
    hana.write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def deadline(run: Run) -> None:
    """The on-time students submitted in earlier seconds than the deadline the next block sets."""
    wait_for_next_second(time.time())


def _notebook_with(run: Run, scratch: Path, answers: dict[str, Any]) -> bytes:
    """A student's notebook from the release, answered, as the LMS receives it: the .ipynb alone."""
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True)
    shutil.copy(run.course / "exercises" / ASSIGNMENT / NOTEBOOK, scratch / NOTEBOOK)
    save(scratch, answers, store=False)
    return (scratch / NOTEBOOK).read_bytes()


def canvas_download(run: Run) -> None:
    """Canvas's "Download Submissions" ZIP: <sortable name>[_LATE]_<user id>_<attachment id>_<file name>."""
    scratch = run.home / "scratch"
    older = _notebook_with(run, scratch / "fatima-old", PARTIAL)  # fatima's first copy ...
    newer = _notebook_with(run, scratch / "fatima-new", PERFECT)  # ... and her last work, saved later
    path = _home_path(run, CANVAS_ZIP)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"volkovdmitri_1008_70001_{NOTEBOOK}", _notebook_with(run, scratch / "dmitri", JOSE))
        archive.writestr(f"haddadfatima_1009_70002_{NOTEBOOK}", older)
        archive.writestr(f"haddadfatima_1009_70003_{ASSIGNMENT} (1).ipynb", newer)
        # JupyterLite downloads folder/name.ipynb as folder_name.ipynb; Canvas marked the upload late
        archive.writestr(f"larsengus_LATE_1010_70004_{ASSIGNMENT}_{NOTEBOOK}",
                         _notebook_with(run, scratch / "gus", PARTIAL))


def moodle_download(run: Run) -> None:
    """Moodle's "Download all submissions": <Full name>_<participant id>_assignsubmission_file/<file name>."""
    scratch = run.home / "scratch"
    ivan = json.loads(_notebook_with(run, scratch / "ivan", PERFECT))
    # re-saved by another editor: a byte-order mark, Windows line endings, four-space indentation
    resaved = codecs.BOM_UTF8 + json.dumps(ivan, indent=4, ensure_ascii=False).replace("\n", "\r\n").encode("utf-8")
    path = _home_path(run, MOODLE_ZIP)
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"Ivan Petrov_4417_assignsubmission_file/{NOTEBOOK}", resaved)
        archive.writestr(f"Zoë Ødegård_4418_assignsubmission_file/{NOTEBOOK}",
                         _notebook_with(run, scratch / "zoe", PARTIAL))


def grader(run: Run) -> None:
    """What a grader does in formgrader (whose handlers set these fields through nbgrader's Gradebook API):
    bob's pick set to 1 point by hand, carol 1 point of extra credit on the sort."""
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{run.course / 'gradebook.db'}", "stratkit") as gradebook:
        pick = gradebook.find_grade("grade-ps1-pick", ASSIGNMENT, ASSIGNMENT, "bob")
        pick.manual_score = 1.0
        sort = gradebook.find_grade("grade-ps1-sort", ASSIGNMENT, ASSIGNMENT, "carol")
        sort.extra_credit = 1.0
        gradebook.db.commit()


HOOKS = {"students-answer": students_answer, "deadline": deadline, "canvas-download": canvas_download,
         "moodle-download": moodle_download, "grader": grader}


@pytest.fixture(scope="session")
def guide_run(tmp_path_factory) -> Run:
    return run_guide(tmp_path_factory.mktemp("guide"), HOOKS, GROUPS)
