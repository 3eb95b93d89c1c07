"""One nbgrader autograde run over a class of tampered and broken submissions, shared by
test_tampering.py and test_bad_input.py (nbgrader costs about 2 s per submission plus start-up).
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import stratkit.finding
from stratkit.build import nbgrader_env
from stratkit.gradebook import scores_by_student
from stratkit.marking import points_earned
from stratkit.notebook_copy import MIME, METADATA_KEY
from stratkit.store import STORE_FILE, AnswerStore

from ..nbgrader.course_copy import Course, make_course
from .helpers import ASSIGNMENT, BAD, EXERCISES, NOTEBOOK, PARTIAL, PARTIAL_POINTS, PERFECT, put_outputs, record

OLD = "2026-01-10T10:00:00.000000Z"
NEW = "2026-01-11T10:00:00.000000Z"
HONEST = sum(PARTIAL_POINTS.values())  # 5.75 of 10
FULL = 10.0


# --------------------------------------------------------------------------- the students


def _code(source: str) -> dict[str, Any]:
    return {"cell_type": "code", "execution_count": None, "id": f"added-{abs(hash(source)) % 10**8}",
            "metadata": {}, "outputs": [], "source": source}


def _after_setup(notebook: dict[str, Any], source: str) -> None:
    """A cell the student added before the first exercise cell (importing stratkit itself)."""
    index = next(i for i, c in enumerate(notebook["cells"]) if "import stratkit" in "".join(c["source"]))
    notebook["cells"].insert(index, _code("import stratkit\n" + source))


def _honest(folder: Path, notebook: dict[str, Any]) -> None:
    """PARTIAL saved in both copies, as the widgets do: the honest answer of every student below."""
    store = AnswerStore(folder)
    for seq, (exercise_id, value) in enumerate(PARTIAL.items(), 1):
        store.save(record(exercise_id, value, OLD, seq))
    put_outputs(notebook, {e: record(e, v, OLD) for e, v in PARTIAL.items()})


def score_field(folder: Path, notebook: dict[str, Any]) -> None:
    extra = {"score": 4, "points": 10, "grade": 10.0, "correct": True, "max_score": 10}
    put_outputs(notebook, {e: dict(record(e, v, NEW), **extra) for e, v in PARTIAL.items()})
    for seq, (exercise_id, value) in enumerate(PARTIAL.items(), 1):
        AnswerStore(folder).save(dict(record(exercise_id, value, NEW, seq), **extra))
    notebook["metadata"][METADATA_KEY]["score"] = 10


def other_ids(folder: Path, notebook: dict[str, Any]) -> None:
    """Records filed under another exercise's id, and a kind that does not match its exercise."""
    data = json.loads((folder / STORE_FILE).read_text())
    answers = data["answers"]
    answers["ps1-pick"], answers["ps1-sort"] = dict(answers["ps1-sort"], saved_at=NEW), dict(
        answers["ps1-pick"], saved_at=NEW)
    answers["ps1-order"] = dict(answers["ps1-order"], kind="sort", value={"t1": "t1"}, exercise="ps1-order",
                                saved_at="2026-01-09T10:00:00.000000Z")  # older than the notebook's copy
    (folder / STORE_FILE).write_text(json.dumps(data))
    notebook["metadata"][METADATA_KEY]["answers"] = {"ps1-order": dict(record("ps1-sort", PARTIAL["ps1-sort"], NEW))}


def truthy(folder: Path, notebook: dict[str, Any]) -> None:
    """Answers that are ``true``, or full of ``true``: truthy everywhere, right nowhere."""
    values = {"ps1-sort": {k: True for k in PERFECT["ps1-sort"]}, "ps1-order": True, "ps1-pick": [True, 1, "true"]}
    for seq, (exercise_id, value) in enumerate(values.items(), 10):
        AnswerStore(folder).save(record(exercise_id, value, NEW, seq))


def edited_outputs(folder: Path, notebook: dict[str, Any]) -> None:
    """Full marks written into the test cells' outputs, and into the saved-answer summaries."""
    for cell in notebook["cells"]:
        grade = cell["metadata"].get("nbgrader", {})
        if grade.get("grade"):
            cell["outputs"] = [{"output_type": "execute_result", "execution_count": 1, "metadata": {},
                                "data": {"text/plain": str(grade["points"])}}]
            cell["execution_count"] = 1
        for output in cell.get("outputs", []):
            if MIME in output.get("data", {}):
                output["data"]["text/plain"] = "stratkit: full marks (10 of 10 points)"


def deleted_tests(folder: Path, notebook: dict[str, Any]) -> None:
    notebook["cells"] = [c for c in notebook["cells"] if not c["metadata"].get("nbgrader", {}).get("grade")]


def moved_setup(folder: Path, notebook: dict[str, Any]) -> None:
    """The first exercise cell (the first to import stratkit) moved to the end of the notebook."""
    first = next(c for c in notebook["cells"] if "import stratkit" in "".join(c["source"]))
    notebook["cells"] = [c for c in notebook["cells"] if c is not first] + [first]


def redefine_grade(folder: Path, notebook: dict[str, Any]) -> None:
    _after_setup(notebook, "stratkit.grade = lambda exercise_id, points, key, folder='.': float(points)")


def monkeypatch_modules(folder: Path, notebook: dict[str, Any]) -> None:
    _after_setup(notebook, "import stratkit.grading, stratkit.marking\n"
                           "stratkit.marking.fraction = lambda exercise, value: 1.0\n"
                           "stratkit.grading.points_earned = lambda e, v, p=None: float(e.points if p is None else p)")


def lying_objects(folder: Path, notebook: dict[str, Any]) -> None:
    """Answers made of objects whose ``__eq__``, ``__hash__`` and ``__bool__`` say yes to everything."""
    _after_setup(notebook, (
        "import stratkit.grading\n"
        "from stratkit.finding import Found\n"
        "class Yes(str):\n"
        "    def __eq__(self, other): return True\n"
        "    def __ne__(self, other): return False\n"
        "    __hash__ = str.__hash__\n"
        "class YesDict(dict):\n"
        "    def __eq__(self, other): return True\n"
        "    def get(self, key, default=None): return Yes(key)\n"
        "    def __getitem__(self, key): return Yes(key)\n"
        "    def __contains__(self, key): return True\n"
        "ids = {'ps1-sort': [f's{i}' for i in range(1, 9)], 'ps1-order': [f't{i}' for i in range(1, 7)],\n"
        "       'ps1-pick': [f'o{i}' for i in range(1, 8)]}\n"
        "kinds = {'ps1-sort': 'sort', 'ps1-order': 'order', 'ps1-pick': 'pick'}\n"
        "def lie(exercise_id, folder='.'):\n"
        "    value = (YesDict({Yes(i): Yes('x') for i in ids[exercise_id]}) if exercise_id == 'ps1-sort'\n"
        "             else [Yes(i) for i in ids[exercise_id]])\n"
        "    return Found({'exercise': exercise_id, 'kind': kinds[exercise_id], 'value': value,\n"
        "                  'saved_at': '9999', 'seq': 1}, 'kernel')\n"
        "stratkit.grading.find_answer = lie\n"))


def no_display(folder: Path, notebook: dict[str, Any]) -> None:
    """The test cell's result never displayed: nbgrader reads 'no output' as full marks."""
    _after_setup(notebook, "get_ipython().ast_node_interactivity = 'none'")


def peek_key(folder: Path, notebook: dict[str, Any]) -> None:
    """Before each test cell runs, read its key and save the perfect answer."""
    _after_setup(notebook, (
        "import re\n"
        "from stratkit.keyblob import decode_key\n"
        "from stratkit.store import AnswerStore\n"
        "from stratkit.answers import make_record\n"
        "def perfect(exercise):\n"
        "    if exercise.kind == 'sort':\n"
        "        return exercise.key()\n"
        "    if exercise.kind == 'pick':\n"
        "        return list(exercise.correct_ids())\n"
        "    placed = []\n"
        "    while len(placed) < len(exercise.steps):\n"
        "        placed.append(next(s.id for s in exercise.steps if s.id not in placed and all(\n"
        "            p in placed for p in (exercise.prerequisites or {}).get(s.id, ()))))\n"
        "    return placed\n"
        "def cheat(info):\n"
        "    match = re.search(r'key=\"(sk1:[^\"]+)\"', info.raw_cell or '')\n"
        "    if match:\n"
        "        exercise = decode_key(match.group(1))\n"
        "        AnswerStore('.').save(make_record(exercise.id, exercise.kind, perfect(exercise), 99))\n"
        "get_ipython().events.register('pre_run_cell', cheat)\n"))


def _bad_store(case: str) -> Callable[[Path, dict[str, Any]], None]:
    def damage(folder: Path, notebook: dict[str, Any]) -> None:
        shutil.copy(BAD / "stores" / case, folder / STORE_FILE)  # the notebook keeps PARTIAL

    return damage


def _perfect_store(folder: Path) -> None:
    store = AnswerStore(folder)
    for seq, (exercise_id, value) in enumerate(PERFECT.items(), 1):
        store.save(record(exercise_id, value, NEW, seq))


def broken_notebook(folder: Path, notebook: dict[str, Any]) -> None:
    """The submitted notebook is cut short (a failed upload): nbgrader cannot read it at all."""
    _perfect_store(folder)
    notebook.clear()
    notebook["truncated"] = True


def other_assignment_notebook(folder: Path, notebook: dict[str, Any]) -> None:
    """ps2's notebook submitted under ps1's name; ps1's answers are in the answer file."""
    _perfect_store(folder)
    notebook.clear()
    notebook.update(json.loads((BAD / "notebooks" / "notebook-from-another-assignment.ipynb").read_text()))


# Bad input: each must be graded on its own, with a message and no traceback, and never stop the others.
BROKEN: dict[str, tuple[Callable[[Path, dict[str, Any]], None], str | None]] = {
    "truncatedstore": (_bad_store("truncated.json"), "is damaged (not valid JSON)"),
    "deepstore": (_bad_store("nested-too-deep.json"), "is damaged (not valid JSON)"),
    "longnumberstore": (_bad_store("number-too-long.json"), "is damaged (not valid JSON)"),
    "unknowncategory": (_bad_store("unknown-category.json"), "unknown category 'budget'"),
    "brokennotebook": (broken_notebook, None),
    "otherassignment": (other_assignment_notebook, None),
}

# student -> (what they do, a data-only trick? (False: code the student adds to the notebook))
STUDENTS: dict[str, tuple[Callable[[Path, dict[str, Any]], None] | None, bool]] = {
    "honest": (None, True),
    "scorefield": (score_field, True),
    "otherids": (other_ids, True),
    "truthy": (truthy, True),
    "editedoutputs": (edited_outputs, True),
    "deletedtests": (deleted_tests, True),
    "movedsetup": (moved_setup, True),
    "lyingobjects": (lying_objects, True),
    # code in cells the student adds: DropStudentCode keeps it out of the grading kernel
    "trick-redefine": (redefine_grade, False),
    "trick-monkeypatch": (monkeypatch_modules, False),
    "trick-nodisplay": (no_display, False),
    "trick-peekkey": (peek_key, False),
}
KERNEL_TRICKS = [name for name, (_, data_only) in STUDENTS.items() if not data_only]


def honest_score(folder: Path) -> float:
    """What the submitted files earn, re-graded out of any kernel with the test cell's own rules."""
    total = 0.0
    for exercise_id, exercise in EXERCISES.items():
        found = stratkit.finding.find_answer(exercise_id, folder)
        if found.record is not None and found.record.get("kind") == exercise.kind:
            total += points_earned(exercise, found.record["value"])
    return total


@dataclass
class Batch:
    course: Course
    honest: dict[str, float]  # what each submission's files earn, re-graded out of any kernel
    scores: dict[str, float]  # what nbgrader's autograde gave
    findings: list[dict[str, str]]  # stratkit crosscheck's rows
    log: str  # nbgrader's output
    grade_csv: list[dict[str, str]]  # stratkit grade's rows (one per student)
    grade_stderr: str
    undefended_scores: dict[str, float]  # the kernel tricks, graded with DropStudentCode switched off
    undefended_findings: list[dict[str, str]]  # crosscheck after that run

    def autograded_text(self, student: str) -> str:
        """Every output of the student's autograded notebook, as the student's feedback shows them."""
        path = self.course.root / "autograded" / student / ASSIGNMENT / NOTEBOOK
        notebook = json.loads(path.read_text())
        parts = []
        for cell in notebook["cells"]:
            for output in cell.get("outputs", []):
                parts.append("".join(output.get("text", "")) + "".join(output.get("traceback", [])))
                parts.append(str(output.get("data", {}).get("text/plain", "")))
        return "\n".join(parts)


def run_batch(root: Path) -> Batch:
    course = make_course(root)
    course.nbgrader("generate_assignment", ASSIGNMENT, "--force")
    roster = course.root / "students.csv"
    roster.write_text("id\n" + "\n".join([*STUDENTS, *BROKEN]) + "\n")
    course.nbgrader("db", "student", "import", str(roster))
    released = course.root / "release" / ASSIGNMENT
    if not released.is_dir():
        released = course.root / "exercises" / ASSIGNMENT
    honest: dict[str, float] = {}
    everyone = {**{n: t for n, (t, _) in STUDENTS.items()}, **{n: t for n, (t, _) in BROKEN.items()}}
    for name, tamper in everyone.items():
        folder = course.root / "submitted" / name / ASSIGNMENT
        shutil.copytree(released, folder)
        (folder / "timestamp.txt").write_text("2026-01-12 10:00:00.000000 UTC")
        notebook = json.loads((folder / NOTEBOOK).read_text())
        _honest(folder, notebook)
        if tamper is not None:
            tamper(folder, notebook)
        text = json.dumps(notebook, indent=1)
        (folder / NOTEBOOK).write_text(text[: len(text) // 2] if notebook.get("truncated") else text)
        honest[name] = honest_score(folder)
    env = nbgrader_env()
    env.pop("NBGRADER_EXECUTION", None)
    process = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force",
                              f"--Exchange.root={course.exchange}", "--CourseDirectory.course_id=stratkit"],
                             cwd=course.root, env=env, capture_output=True, text=True, timeout=600)
    log = process.stdout + process.stderr
    by_cell = scores_by_student(course.root / "gradebook.db", ASSIGNMENT)
    nbgrader_scores = {name: sum(v or 0.0 for v in by_cell[name].values()) for name in everyone if name in by_cell}
    findings = _crosscheck(course, "crosscheck.csv")
    # the same kernel tricks in a course that did not enable stratkit's DropStudentCode step
    undefended = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force",
                                 "--student=trick-*", "--DropStudentCode.enabled=False",
                                 f"--Exchange.root={course.exchange}", "--CourseDirectory.course_id=stratkit"],
                                cwd=course.root, env=env, capture_output=True, text=True, timeout=600)
    log += undefended.stdout + undefended.stderr
    by_cell = scores_by_student(course.root / "gradebook.db", ASSIGNMENT)
    undefended_scores = {name: sum(v or 0.0 for v in by_cell[name].values()) for name in KERNEL_TRICKS}
    undefended_findings = _crosscheck(course, "crosscheck-undefended.csv")
    out = course.root / "stratkit-grades.csv"
    grade = subprocess.run([sys.executable, "-m", "stratkit", "grade", ASSIGNMENT, "--course", str(course.root),
                            "--out", str(out), "--progress", "never"], cwd=course.root, capture_output=True,
                           text=True, timeout=300)
    assert grade.returncode == 0, grade.stdout + grade.stderr
    with open(out, encoding="utf-8-sig") as handle:  # stratkit's CSV files start with a byte-order mark (Excel)
        rows = list(csv.DictReader(handle))
    return Batch(course, honest, nbgrader_scores, findings, log, rows, grade.stderr, undefended_scores,
                 undefended_findings)


def _crosscheck(course: Course, name: str) -> list[dict[str, str]]:
    out = course.root / name
    check = subprocess.run([sys.executable, "-m", "stratkit", "crosscheck", ASSIGNMENT, "--course", str(course.root),
                            "--out", str(out), "--progress", "never"], cwd=course.root, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode in (0, 1), check.stdout + check.stderr
    with open(out, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))
