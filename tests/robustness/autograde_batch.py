"""One nbgrader autograde run over a class of tampered and broken submissions, shared by
test_tampering.py, test_planted_files.py, test_feedback_secrecy.py and test_bad_input.py (nbgrader
costs about 1 s per submission plus 5 s start-up).

Most students are written straight into ``submitted/``; four go through the real exchange (fetch,
submit, collect) so that their feedback can be released and fetched back. After the one autograde
run: crosscheck, generate_feedback, release_feedback, fetch_feedback; then the kernel tricks again
in an undefended kernel (stratkit's DropStudentCode and GradingKernelManager switched off, and
``*.pyc`` no longer ignored), to show that each would have worked.
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

import stratkit.answers.finding
from stratkit.instructor.build import nbgrader_env
from stratkit.grading.gradebook import scores_by_student
from stratkit.scoring.marking import least_earning, points_earned
from stratkit.answers.notebook_copy import MIME, METADATA_KEY
from stratkit.answers.store import STORE_FILE, AnswerStore

from ..nbgrader.course_copy import Course, answer, make_course
from .helpers import ASSIGNMENT, BAD, EXERCISES, NOTEBOOK, PARTIAL, PARTIAL_POINTS, PERFECT, put_outputs, record
from .planted import FILE_TRICKS, fake_stratkit, full_marks

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
    _after_setup(notebook, "import stratkit.grading.hidden_test, stratkit.scoring.marking\n"
                           "stratkit.scoring.marking.fraction = lambda exercise, value: 1.0\n"
                           "stratkit.grading.hidden_test.points_earned = lambda e, v, p=None: float(e.points if p is None else p)")


def lying_objects(folder: Path, notebook: dict[str, Any]) -> None:
    """Answers made of objects whose ``__eq__``, ``__hash__`` and ``__bool__`` say yes to everything."""
    _after_setup(notebook, (
        "import stratkit.grading.hidden_test\n"
        "from stratkit.answers.finding import Found\n"
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
        "stratkit.grading.hidden_test.find_answer = lie\n"))


def no_display(folder: Path, notebook: dict[str, Any]) -> None:
    """The test cell's result never displayed: nbgrader reads 'no output' as full marks."""
    _after_setup(notebook, "get_ipython().ast_node_interactivity = 'none'")


def peek_key(folder: Path, notebook: dict[str, Any]) -> None:
    """Before each test cell runs, read its key and save the perfect answer."""
    _after_setup(notebook, (
        "import re\n"
        "from stratkit.content.keyblob import decode_key\n"
        "from stratkit.answers.store import AnswerStore\n"
        "from stratkit.answers.record import make_record\n"
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


def equal_stamps(folder: Path, notebook: dict[str, Any]) -> None:
    """The answer file rewritten with PERFECT under the same time stamp and counter as the notebook's
    PARTIAL copies (saved_at OLD, seq 1): a tie the first copy read (the store) used to win."""
    data = json.loads((folder / STORE_FILE).read_text())
    data["answers"] = {e: record(e, v, OLD, 1) for e, v in PERFECT.items()}
    (folder / STORE_FILE).write_text(json.dumps(data))


def skip_tags(folder: Path, notebook: dict[str, Any]) -> None:
    """PARTIAL, and every exercise cell tagged so the grading kernel skips it (nbgrader scores a test
    cell with no output as full marks) or lets it fail quietly."""
    for cell in notebook["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade"):
            cell["metadata"]["tags"] = ["skip-execution", "raises-exception"]


def notebook_ties(folder: Path, notebook: dict[str, Any]) -> None:
    """Inside the notebook, PERFECT in the metadata and PARTIAL in the outputs, and PERFECT in the answer
    file, all with the same time stamp and counter (OLD, 1): the copy that earns less must count in the
    grading kernel too, whichever copy nbgrader's sanitizing step meets first."""
    perfect = {e: record(e, v, OLD, 1) for e, v in PERFECT.items()}
    notebook["metadata"].setdefault(METADATA_KEY, {})["answers"] = perfect
    put_outputs(notebook, {e: record(e, v, OLD, 1) for e, v in PARTIAL.items()})
    data = json.loads((folder / STORE_FILE).read_text())
    data["answers"] = perfect
    (folder / STORE_FILE).write_text(json.dumps(data))


def extra_entries(folder: Path, notebook: dict[str, Any]) -> None:
    """PARTIAL with extra entries: unknown items, junk ids, a repeated step and a repeated option."""
    values = {"ps1-sort": dict(PARTIAL["ps1-sort"], zz="roadmap", s99="strategy"),
              "ps1-order": [*PARTIAL["ps1-order"], "zz", "t3"],
              "ps1-pick": [*PARTIAL["ps1-pick"], "o1", "zz"]}
    for seq, (exercise_id, value) in enumerate(values.items(), 10):
        AnswerStore(folder).save(record(exercise_id, value, NEW, seq))


# Worked by hand from the keys (sort per_item 4 points, order lcs_edit_distance 3, pick net_correct 3;
# order prerequisites t6 <- t3, t5 <- t6, t2 <- t1 t5 t6, t4 <- t2):
HAND = {
    # every exercise has two copies saved at the same moment: PERFECT (store) and PARTIAL (notebook);
    # the one that earns less counts: 3.0 + 2.0 + 0.75
    "equalstamps": HONEST,
    # the same, with the tie inside the notebook (metadata PERFECT, outputs PARTIAL) and PERFECT in the file
    "nbties": HONEST,
    # sort: 6 of 8 right as in PARTIAL, unknown items zz and s99 are wrong and per_item ignores wrong
    #   ones: 6/8 * 4 = 3.0.
    # order: t6 t3 t5 t1 t2 t4 zz t3 (L = 8 entries, n = 6). t3 kept at place 2: t6 t3 t5 t1 t2 t4,
    #   longest run consistent with the prerequisites 5 (drop t6 or t3): d = (8 - 5) + (6 - 5) = 4,
    #   (6 - 4)/6 = 1/3. t3 kept last: t6 t5 t1 t2 t4 t3, longest consistent 5 (drop t3): same 1/3.
    #   1/3 * 3 = 1.0.
    # pick: o1 o3 o2 o1 zz: t = 2, f = 1 wrong option + 2 junk = 3: max(0, 2 - 3)/4 = 0.
    # 3.0 + 1.0 + 0.0
    "extraentries": 4.0,
    # files planted beside PARTIAL: grading never runs them, so PARTIAL's 5.75
    **{name: HONEST for name in FILE_TRICKS},
}

# Through the exchange. fbhalfblank: sort s1 and s2 (both right), order t3 t6 only, pick nothing:
# sort 2/8 * 4 = 1.0; order L = 2, longest consistent 2, d = (2 - 2) + (6 - 2) = 4: (6 - 4)/6 * 3 = 1.0;
# pick 0. Total 2.0. fbtampered: the same answers with a stratkit.py and a sitecustomize.py beside them.
HALF_BLANK = {"ps1-sort": {"s1": "roadmap", "s2": "strategy"}, "ps1-order": ["t3", "t6"]}
EXCHANGE: dict[str, tuple[dict[str, Any], float]] = {
    "fbanswered": (PARTIAL, HONEST),
    "fbblank": ({}, 0.0),
    "fbhalfblank": (HALF_BLANK, 2.0),
    "fbtampered": (HALF_BLANK, 2.0),
}
PLANTED_LOG = "planted-code-ran.log"


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
    # equal time stamps and extra entries: data tricks with their own hand-worked scores (HAND)
    "equalstamps": (equal_stamps, True),
    "nbties": (notebook_ties, True),
    "extraentries": (extra_entries, True),
    # tags that steer the grading kernel ("skip-execution" would leave every test cell unrun: full marks)
    "skiptags": (skip_tags, True),
}
KERNEL_TRICKS = [name for name, (_, data_only) in STUDENTS.items() if not data_only]


def honest_score(folder: Path) -> float:
    """What the submitted files earn, re-graded out of any kernel with the test cell's own rules."""
    total = 0.0
    for exercise_id, exercise in EXERCISES.items():
        found = stratkit.answers.finding.find_answer(exercise_id, folder)
        chosen = found.record
        if chosen is not None and found.rivals:
            chosen = least_earning(exercise, [chosen, *(r for r, _ in found.rivals)])
        if chosen is not None and chosen.get("kind") == exercise.kind:
            total += points_earned(exercise, chosen["value"])
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
    planted: dict[str, list[str]]  # student -> the top-level names of the files planted in the submission
    ran_defended: list[str]  # tags written by planted code during the real autograde (none, we hope)
    ran_undefended: list[str]  # ...and during the undefended one
    feedback_log: str  # generate_feedback, release_feedback, fetch_feedback output
    leaky_feedback: Path  # fbanswered's feedback generated without stratkit's HideHiddenTests

    def feedback_files(self) -> dict[str, list[Path]]:
        """Every feedback file a student can receive, by student: what generate_feedback wrote, what
        release_feedback put in the exchange, and what fetch_feedback brought into the student's folder."""
        out: dict[str, list[Path]] = {}
        for path in sorted((self.course.root / "feedback").rglob("*")):
            if path.is_file():
                out.setdefault(path.relative_to(self.course.root / "feedback").parts[0], []).append(path)
        for name in EXCHANGE:
            fetched = [p for p in (self.course.students / name).rglob("feedback/*/*") if p.is_file()]
            out.setdefault(name, []).extend(fetched)
        exchange = self.course.exchange / "stratkit" / "feedback"
        out["(exchange)"] = sorted(p for p in exchange.rglob("*") if p.is_file())
        return out

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


def _nbgrader(course: Course, *args: str, cwd: Path | None = None, user: str | None = None,
              check: bool = True) -> subprocess.Popen[str]:
    """Start one nbgrader command (several can run at once); ``_finish`` waits for it."""
    env = nbgrader_env()
    env.pop("NBGRADER_EXECUTION", None)
    if user:  # a student: their own name and home folder (nbgrader keeps its submission cache there)
        env["USER"] = env["LOGNAME"] = user
        env["HOME"] = str(course.students / user)
        env.pop("JUPYTER_DATA_DIR", None)
    command = [sys.executable, "-m", "nbgrader", *args, f"--Exchange.root={course.exchange}",
               "--CourseDirectory.course_id=stratkit"]
    process = subprocess.Popen(command, cwd=cwd or course.root, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
    process.check = check  # type: ignore[attr-defined]
    return process


def _finish(*processes: subprocess.Popen[str]) -> str:
    out = []
    for process in processes:
        text, _ = process.communicate(timeout=900)
        assert process.returncode == 0 or not process.check, f"{process.args}:\n{text[-3000:]}"  # type: ignore[attr-defined]
        out.append(text)
    return "\n".join(out)


def _through_the_exchange(course: Course) -> dict[str, list[str]]:
    """EXCHANGE's students fetch the release, answer, and submit; the instructor collects."""
    for name in EXCHANGE:
        (course.students / name).mkdir(parents=True)
    _finish(*(_nbgrader(course, "fetch_assignment", ASSIGNMENT, cwd=course.students / name, user=name)
              for name in EXCHANGE))
    planted: dict[str, list[str]] = {}
    for name, (answers, _) in EXCHANGE.items():
        folder = course.student_folder(name)
        if answers:
            answer(folder, answers)
        if name == "fbtampered":
            log = course.root / PLANTED_LOG
            (folder / "stratkit.py").write_text(fake_stratkit(log, name))
            (folder / "sitecustomize.py").write_text(full_marks(log, name))
            planted[name] = ["sitecustomize.py", "stratkit.py"]
    _finish(*(_nbgrader(course, "submit", ASSIGNMENT, f"--student={name}", cwd=course.students / name, user=name)
              for name in EXCHANGE))
    _finish(_nbgrader(course, "collect", ASSIGNMENT))
    return planted


def _feedback(course: Course) -> str:
    """generate_feedback and release_feedback for everyone; EXCHANGE's students fetch theirs."""
    log = _finish(_nbgrader(course, "generate_feedback", ASSIGNMENT, check=False))
    # (only students who came through the exchange: nbgrader 0.9.6's release_feedback stops at the
    # first student without the submission_secret.txt that collect writes)
    log += _finish(_nbgrader(course, "release_feedback", ASSIGNMENT, "--student=fb*"))
    log += _finish(*(_nbgrader(course, "fetch_feedback", ASSIGNMENT, cwd=course.students / name, user=name)
                     for name in EXCHANGE))
    return log


def _ran(course: Course) -> list[str]:
    log = course.root / PLANTED_LOG
    return log.read_text().split() if log.exists() else []


def run_batch(root: Path) -> Batch:
    course = make_course(root)
    _finish(_nbgrader(course, "generate_assignment", ASSIGNMENT, "--force"))
    _finish(_nbgrader(course, "release_assignment", ASSIGNMENT, "--force"))
    roster = course.root / "students.csv"
    roster.write_text("id\n" + "\n".join([*STUDENTS, *FILE_TRICKS, *EXCHANGE, *BROKEN]) + "\n")
    _finish(_nbgrader(course, "db", "student", "import", str(roster)))
    planted = _through_the_exchange(course)
    released = course.root / "exercises" / ASSIGNMENT
    honest: dict[str, float] = {}
    everyone = {**{n: t for n, (t, _) in STUDENTS.items()}, **dict.fromkeys(FILE_TRICKS),
                **{n: t for n, (t, _) in BROKEN.items()}}
    for name, tamper in everyone.items():
        folder = course.root / "submitted" / name / ASSIGNMENT
        shutil.copytree(released, folder)
        (folder / "timestamp.txt").write_text("2026-01-12 10:00:00.000000 UTC")
        notebook = json.loads((folder / NOTEBOOK).read_text())
        _honest(folder, notebook)
        if tamper is not None:
            tamper(folder, notebook)
        if name in FILE_TRICKS:
            planted[name] = FILE_TRICKS[name][0](folder, course.root / PLANTED_LOG, name)
        text = json.dumps(notebook, indent=1)
        (folder / NOTEBOOK).write_text(text[: len(text) // 2] if notebook.get("truncated") else text)
    for name in [*everyone, *EXCHANGE]:
        honest[name] = honest_score(course.root / "submitted" / name / ASSIGNMENT)
    # the one autograde run, with the repository's nbgrader_config.py
    log = _finish(_nbgrader(course, "autograde", ASSIGNMENT, "--force", check=False))
    ran_defended = _ran(course)
    by_cell = scores_by_student(course.root / "gradebook.db", ASSIGNMENT)
    nbgrader_scores = {name: sum(v or 0.0 for v in by_cell[name].values()) for name in by_cell}
    findings = _crosscheck(course, "crosscheck.csv")
    feedback_log = _feedback(course)
    # the feedback nbgrader itself would make (its default preprocessors), to show what it would leak
    leaky = course.root / "feedback-undefended"
    feedback_log += _finish(_nbgrader(course, "generate_feedback", ASSIGNMENT, "--student=fbanswered",
                                      f"--CourseDirectory.feedback_directory={leaky.name}",
                                      "--GenerateFeedback.preprocessors=nbgrader.preprocessors.GetGrades",
                                      "--GenerateFeedback.preprocessors=nbconvert.preprocessors.CSSHTMLHeaderPreprocessor"))
    # the same kernel tricks where nothing defends the kernel: no DropStudentCode, a stock kernel
    # manager, and compiled files copied into the grading folder like any other file
    log += _finish(_nbgrader(course, "autograde", ASSIGNMENT, "--force", "--student=trick-*",
                             "--DropStudentCode.enabled=False", "--GradingKernelManager.isolate=False",
                             *(f"--CourseDirectory.ignore={p}" for p in (".ipynb_checkpoints", "feedback", "keys",
                                                                          "assignment.yaml")), check=False))
    ran_undefended = _ran(course)[len(ran_defended):]
    by_cell = scores_by_student(course.root / "gradebook.db", ASSIGNMENT)
    undefended_scores = {name: sum(v or 0.0 for v in by_cell[name].values()) for name in [*KERNEL_TRICKS, *FILE_TRICKS]}
    undefended_findings = _crosscheck(course, "crosscheck-undefended.csv")
    out = course.root / "stratkit-grades.csv"
    grade = subprocess.run([sys.executable, "-m", "stratkit", "grade", ASSIGNMENT, "--course", str(course.root),
                            "--out", str(out), "--progress", "never"], cwd=course.root, capture_output=True,
                           text=True, timeout=300)
    assert grade.returncode == 0, grade.stdout + grade.stderr
    with open(out, encoding="utf-8-sig") as handle:  # stratkit's CSV files start with a byte-order mark (Excel)
        rows = list(csv.DictReader(handle))
    return Batch(course, honest, nbgrader_scores, findings, log, rows, grade.stderr, undefended_scores,
                 undefended_findings, planted, ran_defended, ran_undefended, feedback_log,
                 leaky / "fbanswered" / ASSIGNMENT / f"{ASSIGNMENT}.html")


def _crosscheck(course: Course, name: str) -> list[dict[str, str]]:
    out = course.root / name
    check = subprocess.run([sys.executable, "-m", "stratkit", "crosscheck", ASSIGNMENT, "--course", str(course.root),
                            "--out", str(out), "--progress", "never"], cwd=course.root, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode in (0, 1), check.stdout + check.stderr
    with open(out, encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))
